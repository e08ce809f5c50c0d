/**
 * Small helpers: ids, timestamps, value checks.
 */
import { randomBytes } from 'node:crypto';

import { validationError } from './errors';

const ALPHABET =
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes are drawn in blocks: one randomBytes call per ~200 ids instead of one per id.
let pool = Buffer.alloc( 0 );
let poolPos = 0;

function randomByte(): number {
	if ( poolPos >= pool.length ) {
		pool = randomBytes( 4096 );
		poolPos = 0;
	}
	return pool[ poolPos++ ];
}

/**
 * A 20-character alphanumeric id like Ecster's (`zburxHFw0xQmyOmVOrcq`).
 *
 * @param length Number of characters.
 */
export function newId( length = 20 ): string {
	let out = '';
	while ( out.length < length ) {
		// 62 symbols: reject bytes >= 248 (= 4 × 62) to avoid modulo bias.
		const b = randomByte();
		if ( b < 248 ) {
			out += ALPHABET[ b % 62 ];
		}
	}
	return out;
}

const pad = ( n: number, width = 2 ): string =>
	String( Math.abs( n ) ).padStart( width, '0' );

/**
 * ISO-8601 with the local offset and second precision, as Ecster sends: `2019-01-13T20:50:04+01:00`.
 * @param ms Epoch milliseconds.
 */
export function isoWithOffset( ms: number ): string {
	const d = new Date( ms );
	const offsetMin = -d.getTimezoneOffset();
	const sign = offsetMin >= 0 ? '+' : '-';
	return (
		`${ d.getFullYear() }-${ pad( d.getMonth() + 1 ) }-${ pad( d.getDate() ) }` +
		`T${ pad( d.getHours() ) }:${ pad( d.getMinutes() ) }:${ pad( d.getSeconds() ) }` +
		`${ sign }${ pad( Math.trunc( Math.abs( offsetMin ) / 60 ) ) }:${ pad( Math.abs( offsetMin ) % 60 ) }`
	);
}

export function isPlainObject(
	value: unknown
): value is Record< string, unknown > {
	return (
		typeof value === 'object' && value !== null && ! Array.isArray( value )
	);
}

/**
 * Rule 4: an amount in minor units. Accepts JSON integers and integral floats (6250.0 — a JSON
 * parser gives the same number); rejects fractions (6250.5), strings, booleans, null, NaN and
 * numbers outside the safe integer range.
 *
 * @param value              Raw value.
 * @param field              Field name for the error message.
 * @param opts               Options.
 * @param opts.allowNegative Accept values below 0 (row unitAmount only).
 */
export function parseAmount(
	value: unknown,
	field: string,
	opts: { allowNegative?: boolean } = {}
): number {
	if ( typeof value !== 'number' || ! Number.isFinite( value ) ) {
		throw validationError(
			`${ field } must be an integer number of minor units (öre), got ${ describe( value ) }.`
		);
	}
	if ( ! Number.isInteger( value ) ) {
		throw validationError(
			`${ field } must be an integer number of minor units (öre), got the fraction ${ value }.`
		);
	}
	if ( ! Number.isSafeInteger( value ) ) {
		throw validationError( `${ field } is too large.` );
	}
	if ( value < 0 && ! opts.allowNegative ) {
		throw validationError(
			`${ field } must not be negative, got ${ value }.`
		);
	}
	// Normalise -0.
	return value === 0 ? 0 : value;
}

/**
 * A short description of a JSON value's type for error messages.
 * @param value Any JSON value.
 */
export function describe( value: unknown ): string {
	if ( value === null ) {
		return 'null';
	}
	if ( Array.isArray( value ) ) {
		return 'an array';
	}
	if ( typeof value === 'string' ) {
		return `the string ${ JSON.stringify( value.length > 40 ? value.slice( 0, 40 ) + '…' : value ) }`;
	}
	if ( typeof value === 'number' ) {
		return String( value );
	}
	return `a ${ typeof value }`;
}

export function sleep( ms: number ): Promise< void > {
	return new Promise( ( resolve ) => setTimeout( resolve, ms ) );
}

/**
 * Is a socket address a loopback address?
 * @param address Socket remote address.
 */
export function isLoopback( address: string | undefined ): boolean {
	if ( ! address ) {
		return false;
	}
	return (
		address === '::1' ||
		address.startsWith( '127.' ) ||
		address.startsWith( '::ffff:127.' )
	);
}
