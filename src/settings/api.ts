/**
 * Typed client of the settings routes (`ecster-om/v1/settings`). api-fetch adds the REST nonce
 * (wp-api-fetch's nonce middleware) and the root URL. Every failure is thrown as an ApiError.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import { ApiError, toApiError } from '../shared/api-error';
import type {
	ConnectionCheck,
	ConnectionRequest,
	Environment,
	FailedDebitStatus,
	SaveRequest,
	SavedSettings,
} from './types';

export const SETTINGS_PATH = '/ecster-om/v1/settings';
export const CHECK_CONNECTION_PATH = '/ecster-om/v1/settings/check-connection';

function isRecord( value: unknown ): value is Record< string, unknown > {
	return (
		'object' === typeof value && null !== value && ! Array.isArray( value )
	);
}

function isEnvironment( value: unknown ): value is Environment {
	return 'test' === value || 'live' === value;
}

function isFailedDebitStatus( value: unknown ): value is FailedDebitStatus {
	return 'on-hold' === value || 'processing' === value;
}

/**
 * Whether a value has the shape of the settings answer.
 *
 * @param value Anything.
 */
export function isSavedSettings( value: unknown ): value is SavedSettings {
	return (
		isRecord( value ) &&
		'boolean' === typeof value.manageOrders &&
		isEnvironment( value.environment ) &&
		'boolean' === typeof value.apiKeySet &&
		'string' === typeof value.apiKeyLast4 &&
		'string' === typeof value.merchantKey &&
		'boolean' === typeof value.logging &&
		isFailedDebitStatus( value.failedDebitStatus ) &&
		Number.isInteger( value.bulkConcurrency ) &&
		( null === value.apiUrlOverride ||
			'string' === typeof value.apiUrlOverride )
	);
}

function isConnectionCheck( value: unknown ): value is ConnectionCheck {
	return (
		isRecord( value ) &&
		( 'accepted' === value.result ||
			'rejected' === value.result ||
			'unreachable' === value.result ) &&
		'string' === typeof value.message &&
		isEnvironment( value.environment ) &&
		'string' === typeof value.apiUrl
	);
}

function unexpectedAnswer(): ApiError {
	return new ApiError(
		'ecster_om_unexpected_answer',
		__(
			'The site sent an answer the settings screen does not understand. Reload the page and try again.',
			'ecster-order-management'
		),
		0
	);
}

async function request< T >(
	options: { path: string; method: 'GET' | 'POST'; data?: object },
	guard: ( value: unknown ) => value is T
): Promise< T > {
	let answer: unknown;
	try {
		answer = await apiFetch( options );
	} catch ( error ) {
		throw toApiError( error );
	}
	if ( ! guard( answer ) ) {
		throw unexpectedAnswer();
	}
	return answer;
}

/**
 * The stored settings (never the API key).
 */
export function fetchSettings(): Promise< SavedSettings > {
	return request( { path: SETTINGS_PATH, method: 'GET' }, isSavedSettings );
}

/**
 * Validates and saves; rejects with an ApiError whose `data.fields` names the wrong fields.
 *
 * @param data The settings to save.
 */
export function saveSettings( data: SaveRequest ): Promise< SavedSettings > {
	return request(
		{ path: SETTINGS_PATH, method: 'POST', data },
		isSavedSettings
	);
}

/**
 * Asks the server to make a harmless authenticated call to Ecster with these keys.
 *
 * @param data Environment and keys on the screen.
 */
export function checkConnection(
	data: ConnectionRequest
): Promise< ConnectionCheck > {
	return request(
		{ path: CHECK_CONNECTION_PATH, method: 'POST', data },
		isConnectionCheck
	);
}

/**
 * The `data.fields` of a validation error (field → message), or an empty object.
 *
 * @param error An ApiError.
 */
export function fieldErrorsOf( error: ApiError ): Record< string, string > {
	const fields = error.data.fields;
	const out: Record< string, string > = {};
	if ( isRecord( fields ) ) {
		for ( const [ field, message ] of Object.entries( fields ) ) {
			if ( 'string' === typeof message ) {
				out[ field ] = message;
			}
		}
	}
	return out;
}
