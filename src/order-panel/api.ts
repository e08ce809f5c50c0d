/**
 * Typed client of the order routes (`ecster-om/v1/orders/{id}` …). Cookie authentication:
 * WordPress registers api-fetch with its nonce and root-URL middlewares on admin pages.
 */
import apiFetch from '@wordpress/api-fetch';
import type { APIFetchOptions } from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import { ApiError, toApiError } from '../shared/api-error';
import type {
	ActionResponse,
	OrderState,
	ReconcileResponse,
	StatusAction,
} from './types';

const BASE = '/ecster-om/v1/orders';

/** Tells the site that the order screen started an operation (the journal's trigger `panel`). */
const FROM_PANEL = { 'X-Ecster-OM-Client': 'panel' };

async function request< T >( options: APIFetchOptions< true > ): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( error ) {
		throw toApiError( error );
	}
}

/**
 * True for an answer that carries the new order state (`{ …, state: {…} }`).
 *
 * @param value The decoded answer.
 */
function hasState( value: unknown ): value is { state: OrderState } {
	return (
		'object' === typeof value &&
		null !== value &&
		'state' in value &&
		'object' === typeof value.state &&
		null !== value.state
	);
}

/**
 * Reads the order's Ecster state (asks Ecster for the live status).
 *
 * @param orderId WooCommerce order id.
 */
export function fetchOrderState( orderId: number ): Promise< OrderState > {
	return request< OrderState >( {
		path: `${ BASE }/${ orderId }`,
		method: 'GET',
	} );
}

/**
 * Debits or annuls the order in Ecster.
 *
 * @param orderId WooCommerce order id.
 * @param action  `debit` or `annul`.
 */
export async function runOrderAction(
	orderId: number,
	action: StatusAction
): Promise< ActionResponse > {
	const response = await request< unknown >( {
		path: `${ BASE }/${ orderId }/${ action }`,
		method: 'POST',
		headers: FROM_PANEL,
		data: {},
	} );
	if ( ! hasState( response ) ) {
		throw malformed();
	}
	return response as ActionResponse;
}

/**
 * "Check with Ecster now": asks Ecster about the order's operations whose outcome is open.
 *
 * @param orderId WooCommerce order id.
 */
export async function reconcileOrder(
	orderId: number
): Promise< ReconcileResponse > {
	const response = await request< unknown >( {
		path: `${ BASE }/${ orderId }/reconcile`,
		method: 'POST',
		headers: FROM_PANEL,
		data: {},
	} );
	if ( ! hasState( response ) ) {
		throw malformed();
	}
	return response as ReconcileResponse;
}

function malformed(): ApiError {
	return new ApiError(
		'ecster_om_malformed_response',
		__( 'The site sent an unexpected answer.', 'ecster-order-management' ),
		200
	);
}
