/**
 * Validation of request bodies (Ecster surface and control API). Every failure is an ApiError with a
 * message that says which field is wrong and why.
 */
import { validationError } from './errors';
import {
	ORDER_REFERENCE_MAX_LENGTH,
	PART_NUMBER_MAX_LENGTH,
	ROW_UNIT_AMOUNT_MAY_BE_NEGATIVE,
} from './policy';
import type { Row } from './types';
import { describe, isPlainObject, parseAmount } from './util';

export function requireObject(
	body: unknown,
	what = 'The request body'
): Record< string, unknown > {
	if ( ! isPlainObject( body ) ) {
		throw validationError(
			`${ what } must be a JSON object, got ${ describe( body ) }.`
		);
	}
	return body;
}

export function rejectUnknownFields(
	body: Record< string, unknown >,
	allowed: readonly string[],
	what: string
): void {
	for ( const key of Object.keys( body ) ) {
		if ( ! allowed.includes( key ) ) {
			throw validationError(
				`Unknown field "${ key }" in ${ what }. Allowed: ${ allowed.join( ', ' ) }.`
			);
		}
	}
}

export function optionalString(
	body: Record< string, unknown >,
	field: string,
	maxLength?: number
): string | undefined {
	const value = body[ field ];
	if ( value === undefined ) {
		return undefined;
	}
	if ( typeof value !== 'string' ) {
		throw validationError(
			`${ field } must be a string, got ${ describe( value ) }.`
		);
	}
	if ( maxLength !== undefined && value.length > maxLength ) {
		throw validationError(
			`${ field } must be at most ${ maxLength } characters, got ${ value.length }.`
		);
	}
	return value;
}

export function optionalBoolean(
	body: Record< string, unknown >,
	field: string
): boolean | undefined {
	const value = body[ field ];
	if ( value === undefined ) {
		return undefined;
	}
	if ( typeof value !== 'boolean' ) {
		throw validationError(
			`${ field } must be true or false, got ${ describe( value ) }.`
		);
	}
	return value;
}

/**
 * orderReference: a string of at most 64 characters (§5.2). Integers are accepted and stored as text.
 * @param value Raw JSON value.
 */
export function parseOrderReference( value: unknown ): string {
	let text: string;
	if ( typeof value === 'string' ) {
		text = value;
	} else if ( typeof value === 'number' && Number.isSafeInteger( value ) ) {
		text = String( value );
	} else {
		throw validationError(
			`orderReference must be a string, got ${ describe( value ) }.`
		);
	}
	if ( text.length > ORDER_REFERENCE_MAX_LENGTH ) {
		throw validationError(
			`orderReference must be at most ${ ORDER_REFERENCE_MAX_LENGTH } characters, got ${ text.length }.`
		);
	}
	return text;
}

/**
 * Rows (§3.2): known fields are type-checked, unknown fields are kept as sent.
 * @param value Raw JSON value.
 * @param field Field name for error messages.
 */
export function parseRows( value: unknown, field = 'rows' ): Row[] {
	if ( ! Array.isArray( value ) ) {
		throw validationError(
			`${ field } must be an array of row objects, got ${ describe( value ) }.`
		);
	}
	return value.map( ( raw, i ) => {
		const where = `${ field }[${ i }]`;
		const row = requireObject( raw, where );
		for ( const key of [ 'name', 'partNumber', 'description', 'unit' ] ) {
			if ( row[ key ] !== undefined && typeof row[ key ] !== 'string' ) {
				throw validationError(
					`${ where }.${ key } must be a string, got ${ describe( row[ key ] ) }.`
				);
			}
		}
		if (
			typeof row.partNumber === 'string' &&
			row.partNumber.length > PART_NUMBER_MAX_LENGTH
		) {
			throw validationError(
				`${ where }.partNumber must be at most ${ PART_NUMBER_MAX_LENGTH } characters, got ${ row.partNumber.length }.`
			);
		}
		if ( row.quantity !== undefined ) {
			if (
				typeof row.quantity !== 'number' ||
				! Number.isFinite( row.quantity ) ||
				row.quantity < 0
			) {
				throw validationError(
					`${ where }.quantity must be a non-negative number, got ${ describe( row.quantity ) }.`
				);
			}
		}
		if ( row.unitAmount !== undefined ) {
			parseAmount( row.unitAmount, `${ where }.unitAmount`, {
				allowNegative: ROW_UNIT_AMOUNT_MAY_BE_NEGATIVE,
			} );
		}
		if ( row.discountAmount !== undefined ) {
			parseAmount( row.discountAmount, `${ where }.discountAmount` );
		}
		if ( row.vatRate !== undefined ) {
			const rate = parseAmount( row.vatRate, `${ where }.vatRate` );
			if ( rate > 10000 ) {
				throw validationError(
					`${ where }.vatRate is percent × 100 (2500 = 25 %) and must be at most 10000, got ${ rate }.`
				);
			}
		}
		for ( const key of [ 'fee', 'provided' ] ) {
			if ( row[ key ] !== undefined && typeof row[ key ] !== 'boolean' ) {
				throw validationError(
					`${ where }.${ key } must be true or false, got ${ describe( row[ key ] ) }.`
				);
			}
		}
		if ( row.serials !== undefined && ! Array.isArray( row.serials ) ) {
			throw validationError(
				`${ where }.serials must be an array, got ${ describe( row.serials ) }.`
			);
		}
		return row;
	} );
}

/**
 * Σ(unitAmount × quantity) of rows, rounded to whole minor units (rule 22).
 * @param rows Validated rows.
 */
export function rowSum( rows: Row[] ): number {
	let sum = 0;
	for ( const row of rows ) {
		const unit = typeof row.unitAmount === 'number' ? row.unitAmount : 0;
		const qty = typeof row.quantity === 'number' ? row.quantity : 1;
		sum += unit * qty;
	}
	return Math.round( sum );
}
