/**
 * Helpers for the order search (§5.2).
 */
import { validationError } from './errors';

/**
 * Parses a from/to filter. Accepts ISO-8601 timestamps (with or without offset) and plain dates
 * (YYYY-MM-DD: `from` means the start of that day, `to` its end, in UTC).
 *
 * @param value Raw query value (null when absent).
 * @param name  Parameter name for the error message.
 * @param isEnd Whether a plain date means the end of the day.
 */
export function validatingSearchDate(
	value: string | null,
	name: string,
	isEnd: boolean
): number | null {
	if ( value === null || value === '' ) {
		return null;
	}
	if ( /^\d{4}-\d{2}-\d{2}$/.test( value ) ) {
		const ms = Date.parse( `${ value }T00:00:00Z` );
		if ( Number.isNaN( ms ) ) {
			throw validationError(
				`${ name } is not a valid date: ${ JSON.stringify( value ) }.`
			);
		}
		return isEnd ? ms + 86_400_000 - 1 : ms;
	}
	// URLSearchParams turns an unescaped "+" of an offset into a space; accept that.
	const ms = Date.parse( value.replace( / (\d{2}:?\d{2})$/, '+$1' ) );
	if ( ! /^\d{4}-\d{2}-\d{2}T/.test( value ) || Number.isNaN( ms ) ) {
		throw validationError(
			`${ name } must be an ISO-8601 timestamp such as 2019-01-13T20:50:04+01:00, got ${ JSON.stringify( value ) }.`
		);
	}
	return ms;
}
