/**
 * The error type of every REST call the admin screens make.
 *
 * WordPress REST errors are `{ code, message, data: { status, … } }`; network failures and
 * non-JSON answers reach api-fetch's callers as other shapes. `toApiError()` turns all of them
 * into one typed value with a human message.
 */
import { __ } from '@wordpress/i18n';

export interface RestErrorBody {
	code?: unknown;
	message?: unknown;
	data?: unknown;
}

export class ApiError extends Error {
	/** Stable machine code (`ecster_om_…`, `rest_forbidden`, `fetch_error`, …). */
	public readonly code: string;
	/** HTTP status, 0 when the request never got an answer. */
	public readonly status: number;
	/** The error's `data` object (without `status`). */
	public readonly data: Record< string, unknown >;

	constructor(
		code: string,
		message: string,
		status: number,
		data: Record< string, unknown > = {}
	) {
		super( message );
		this.name = 'ApiError';
		this.code = code;
		this.status = status;
		this.data = data;
	}
}

function isRecord( value: unknown ): value is Record< string, unknown > {
	return 'object' === typeof value && null !== value;
}

/**
 * Converts whatever api-fetch rejected with into an ApiError.
 *
 * @param error The rejection value.
 */
export function toApiError( error: unknown ): ApiError {
	if ( error instanceof ApiError ) {
		return error;
	}
	if ( isRecord( error ) ) {
		const body = error as RestErrorBody;
		const data = isRecord( body.data ) ? { ...body.data } : {};
		const status = 'number' === typeof data.status ? data.status : 0;
		delete data.status;
		const code =
			'string' === typeof body.code ? body.code : 'unknown_error';
		let message =
			'string' === typeof body.message && '' !== body.message.trim()
				? body.message
				: '';
		if ( '' === message ) {
			message =
				'fetch_error' === code
					? __(
							'Could not reach the site. Check your connection and try again.',
							'ecster-order-management'
						)
					: __( 'The request failed.', 'ecster-order-management' );
		}
		return new ApiError( code, message, status, data );
	}
	return new ApiError(
		'unknown_error',
		__( 'The request failed.', 'ecster-order-management' ),
		0
	);
}
