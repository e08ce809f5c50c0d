/**
 * Typed client of the order routes (`ecster-om/v1/orders/{id}` …). Cookie authentication:
 * WordPress registers api-fetch with its nonce and root-URL middlewares on admin pages.
 */
import apiFetch from '@wordpress/api-fetch';
import type { APIFetchOptions } from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import { ApiError, toApiError } from '../shared/api-error';
import type { ActionResponse, OrderState, StatusAction } from './types';

const BASE = '/ecster-om/v1/orders';

async function request< T >( options: APIFetchOptions< true > ): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( error ) {
		throw toApiError( error );
	}
}

function isActionResponse( value: unknown ): value is ActionResponse {
	return (
		'object' === typeof value &&
		null !== value &&
		'state' in value &&
		'object' === typeof ( value as { state: unknown } ).state
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
		data: {},
	} );
	if ( ! isActionResponse( response ) ) {
		throw new ApiError(
			'ecster_om_malformed_response',
			__(
				'The site sent an unexpected answer.',
				'ecster-order-management'
			),
			200
		);
	}
	return response;
}
