/**
 * Fault injection for the Ecster surface (POST /sandbox/faults).
 *
 * A fault matches requests by method, path substring and transaction type, hits the next `times`
 * matching requests (first queued, first used) and then disappears.
 */
import { validationError } from './errors';
import type { Fault, FaultMatch, FaultResponse } from './types';
import { describe, isoWithOffset, isPlainObject, newId } from './util';
import { rejectUnknownFields, requireObject } from './validate';

/** The non-JSON body of a `malformed` fault: what a proxy error page looks like. */
export const DEFAULT_MALFORMED_BODY =
	'<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

/** Longest accepted `delayMs` (2 minutes), so a forgotten fault cannot hang a run for ever. */
export const MAX_DELAY_MS = 120_000;

function parseMatch( raw: unknown ): FaultMatch {
	if ( raw === undefined ) {
		return {};
	}
	const m = requireObject( raw, 'match' );
	rejectUnknownFields( m, [ 'method', 'path', 'type' ], 'match' );
	const out: FaultMatch = {};
	if ( m.method !== undefined ) {
		if (
			typeof m.method !== 'string' ||
			! /^[A-Za-z]+$/.test( m.method )
		) {
			throw validationError(
				`match.method must be an HTTP method such as POST, got ${ describe( m.method ) }.`
			);
		}
		out.method = m.method.toUpperCase();
	}
	if ( m.path !== undefined ) {
		if ( typeof m.path !== 'string' || m.path === '' ) {
			throw validationError(
				`match.path must be a non-empty string (a substring of the request path), got ${ describe( m.path ) }.`
			);
		}
		out.path = m.path;
	}
	if ( m.type !== undefined ) {
		if ( m.type !== 'DEBIT' && m.type !== 'ANNUL' && m.type !== 'CREDIT' ) {
			throw validationError(
				`match.type must be DEBIT, ANNUL or CREDIT, got ${ describe( m.type ) }.`
			);
		}
		out.type = m.type;
	}
	return out;
}

/**
 * The optional `apply` flag of a response: whether the request is carried out before the faulty answer.
 * @param r        The response object.
 * @param fallback Value when `apply` is left out.
 */
function parseApply(
	r: Record< string, unknown >,
	fallback: boolean
): boolean {
	if ( r.apply === undefined ) {
		return fallback;
	}
	if ( typeof r.apply !== 'boolean' ) {
		throw validationError(
			`response.apply must be true or false, got ${ describe( r.apply ) }.`
		);
	}
	return r.apply;
}

function parseStatus( value: unknown, field: string ): number {
	if (
		typeof value !== 'number' ||
		! Number.isInteger( value ) ||
		value < 200 ||
		value > 599
	) {
		throw validationError(
			`${ field } must be an HTTP status between 200 and 599, got ${ describe( value ) }.`
		);
	}
	return value;
}

function parseResponse( raw: unknown ): FaultResponse {
	const r = requireObject( raw, 'response' );
	const kinds = [ 'ecsterCode', 'delayMs', 'drop', 'malformed' ].filter(
		( k ) => r[ k ] !== undefined
	);
	if ( kinds.length > 1 ) {
		throw validationError(
			`response must have only one of ecsterCode, delayMs, drop, malformed; got ${ kinds.join( ', ' ) }.`
		);
	}
	if ( r.ecsterCode !== undefined ) {
		rejectUnknownFields(
			r,
			[ 'ecsterCode', 'status', 'message' ],
			'an ecsterCode response'
		);
		if (
			typeof r.ecsterCode !== 'number' ||
			! Number.isInteger( r.ecsterCode ) ||
			r.ecsterCode < 0
		) {
			throw validationError(
				`response.ecsterCode must be an integer such as 4424, got ${ describe( r.ecsterCode ) }.`
			);
		}
		if ( r.message !== undefined && typeof r.message !== 'string' ) {
			throw validationError(
				`response.message must be a string, got ${ describe( r.message ) }.`
			);
		}
		return {
			kind: 'ecster',
			ecsterCode: r.ecsterCode,
			status:
				r.status === undefined
					? 400
					: parseStatus( r.status, 'response.status' ),
			message:
				( r.message as string | undefined ) ??
				( r.ecsterCode === 4424
					? 'Order is not in a valid state.'
					: `Error ${ r.ecsterCode }.` ),
		};
	}
	if ( r.delayMs !== undefined ) {
		rejectUnknownFields( r, [ 'delayMs' ], 'a delayMs response' );
		if (
			typeof r.delayMs !== 'number' ||
			! Number.isInteger( r.delayMs ) ||
			r.delayMs < 0 ||
			r.delayMs > MAX_DELAY_MS
		) {
			throw validationError(
				`response.delayMs must be an integer between 0 and ${ MAX_DELAY_MS }, got ${ describe( r.delayMs ) }.`
			);
		}
		return { kind: 'delay', delayMs: r.delayMs };
	}
	if ( r.drop !== undefined ) {
		rejectUnknownFields( r, [ 'drop', 'apply' ], 'a drop response' );
		if ( r.drop !== true ) {
			throw validationError( 'response.drop must be true.' );
		}
		return { kind: 'drop', apply: parseApply( r, true ) };
	}
	if ( r.malformed !== undefined ) {
		rejectUnknownFields(
			r,
			[ 'malformed', 'apply', 'body' ],
			'a malformed response'
		);
		if ( r.malformed !== true ) {
			throw validationError( 'response.malformed must be true.' );
		}
		if ( r.body !== undefined && typeof r.body !== 'string' ) {
			throw validationError(
				'response.body of a malformed response must be a string.'
			);
		}
		return {
			kind: 'malformed',
			apply: parseApply( r, true ),
			body: ( r.body as string | undefined ) ?? DEFAULT_MALFORMED_BODY,
		};
	}
	if ( r.status !== undefined ) {
		rejectUnknownFields(
			r,
			[ 'status', 'body', 'headers', 'apply' ],
			'a status response'
		);
		const status = parseStatus( r.status, 'response.status' );
		let headers: Record< string, string > | undefined;
		if ( r.headers !== undefined ) {
			if (
				! isPlainObject( r.headers ) ||
				Object.values( r.headers ).some(
					( v ) => typeof v !== 'string'
				)
			) {
				throw validationError(
					'response.headers must be an object of string values, e.g. {"Retry-After": "2"}.'
				);
			}
			headers = r.headers as Record< string, string >;
		}
		return {
			kind: 'status',
			status,
			...( r.body !== undefined ? { body: r.body } : {} ),
			...( headers ? { headers } : {} ),
			// Unlike drop and malformed, a status fault leaves the order alone unless asked.
			apply: parseApply( r, false ),
		};
	}
	throw validationError(
		'response must be one of {"status": 500, "body"?, "headers"?, "apply"?}, {"ecsterCode": 4424, "status"?, "message"?}, {"delayMs": 15000}, {"drop": true, "apply"?}, {"malformed": true, "apply"?}.'
	);
}

/**
 * Validates a POST /sandbox/faults body.
 * @param raw Parsed request body.
 */
export function parseFault( raw: unknown ): Fault {
	const body = requireObject( raw );
	rejectUnknownFields( body, [ 'match', 'times', 'response' ], 'a fault' );
	const match = parseMatch( body.match );
	let times = 1;
	if ( body.times !== undefined ) {
		if (
			typeof body.times !== 'number' ||
			! Number.isInteger( body.times ) ||
			body.times < 1 ||
			body.times > 1_000_000
		) {
			throw validationError(
				`times must be an integer from 1 to 1000000, got ${ describe( body.times ) }.`
			);
		}
		times = body.times;
	}
	if ( body.response === undefined ) {
		throw validationError( 'response is required.' );
	}
	const response = parseResponse( body.response );
	return {
		id: newId( 12 ),
		match,
		remaining: times,
		response,
		spec: body.response as Record< string, unknown >,
		created: isoWithOffset( Date.now() ),
	};
}

export function faultMatches(
	fault: Fault,
	method: string,
	path: string,
	type: string | undefined
): boolean {
	const m = fault.match;
	return (
		( m.method === undefined || m.method === method ) &&
		( m.path === undefined || path.includes( m.path ) ) &&
		( m.type === undefined || m.type === type )
	);
}

/**
 * Public shape of a fault in GET /sandbox/faults.
 * @param fault Queued fault.
 */
export function faultView( fault: Fault ): Record< string, unknown > {
	return {
		id: fault.id,
		match: fault.match,
		remaining: fault.remaining,
		response: fault.spec,
		created: fault.created,
	};
}
