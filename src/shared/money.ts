/**
 * Money formatting exactly like WooCommerce's `wc_price()` for the store's settings, and parsing of
 * the amounts merchants type into WooCommerce's price fields.
 *
 * Amounts in the REST API are minor units (öre, cent): integers, never floats.
 */

/** WooCommerce's `woocommerce_currency_pos` option. */
export type CurrencyPosition = 'left' | 'right' | 'left_space' | 'right_space';

/** The store's price format, as WooCommerce renders prices (passed from PHP). */
export interface PriceFormat {
	/** The currency symbol, entities already decoded ("kr", "€"). */
	symbol: string;
	/** `wc_get_price_decimals()`. */
	decimals: number;
	/** `wc_get_price_decimal_separator()`. */
	decimalSeparator: string;
	/** `wc_get_price_thousand_separator()`. */
	thousandSeparator: string;
	position: CurrencyPosition;
	/** Digits of the currency's minor unit (2 for SEK, EUR, NOK, DKK). */
	minorUnitDigits: number;
}

export const DEFAULT_PRICE_FORMAT: PriceFormat = {
	symbol: '',
	decimals: 2,
	decimalSeparator: '.',
	thousandSeparator: ',',
	position: 'left',
	minorUnitDigits: 2,
};

/**
 * Groups the integer digits with the separator ("1234567" → "1 234 567").
 *
 * @param digits    Integer part, digits only.
 * @param separator Thousand separator (may be empty).
 */
function groupThousands( digits: string, separator: string ): string {
	if ( '' === separator ) {
		return digits;
	}
	return digits.replace( /\B(?=(\d{3})+(?!\d))/g, separator );
}

/**
 * Formats a number like PHP's `number_format()` (half away from zero).
 *
 * @param value             Non-negative number.
 * @param decimals          Digits after the separator.
 * @param decimalSeparator  Decimal separator.
 * @param thousandSeparator Thousand separator.
 */
export function numberFormat(
	value: number,
	decimals: number,
	decimalSeparator: string,
	thousandSeparator: string
): string {
	const places = Math.max( 0, Math.floor( decimals ) );
	const factor = 10 ** places;
	// Correct binary fractions (1.005 * 100 = 100.49999…) before rounding, like PHP does.
	const scaled = Math.round(
		Number( ( Math.abs( value ) * factor ).toPrecision( 15 ) )
	);
	const integerPart = Math.floor( scaled / factor ).toString();
	const fraction =
		places > 0
			? ( scaled % factor ).toString().padStart( places, '0' )
			: '';
	const grouped = groupThousands( integerPart, thousandSeparator );
	return places > 0
		? `${ grouped }${ decimalSeparator }${ fraction }`
		: grouped;
}

/**
 * Formats a major-unit amount (998.5) like `wc_price()` would, as plain text ("998,50 kr").
 *
 * @param amount Amount in major units.
 * @param format The store's price format.
 */
export function formatMajor( amount: number, format: PriceFormat ): string {
	const negative = amount < 0;
	const number = numberFormat(
		amount,
		format.decimals,
		format.decimalSeparator,
		format.thousandSeparator
	);
	let text: string;
	switch ( format.position ) {
		case 'right':
			text = `${ number }${ format.symbol }`;
			break;
		case 'left_space':
			text = `${ format.symbol }\u00a0${ number }`;
			break;
		case 'right_space':
			text = `${ number }\u00a0${ format.symbol }`;
			break;
		default:
			text = `${ format.symbol }${ number }`;
	}
	return negative ? `-${ text }` : text;
}

/**
 * Converts minor units to major units (99800 → 998).
 *
 * @param minor  Integer amount in minor units.
 * @param format Price format (for the minor unit's digits).
 */
export function minorToMajor( minor: number, format: PriceFormat ): number {
	return minor / 10 ** format.minorUnitDigits;
}

/**
 * Converts major units to integer minor units (998.5 → 99850), rounding half away from zero.
 *
 * @param major  Amount in major units.
 * @param format Price format.
 */
export function majorToMinor( major: number, format: PriceFormat ): number {
	const scaled = Number(
		( Math.abs( major ) * 10 ** format.minorUnitDigits ).toPrecision( 15 )
	);
	const minor = Math.round( scaled );
	return major < 0 ? -minor : minor;
}

/**
 * Formats a minor-unit amount (99800 → "998,00 kr").
 *
 * @param minor  Integer amount in minor units.
 * @param format The store's price format.
 */
export function formatMinor( minor: number, format: PriceFormat ): string {
	return formatMajor( minorToMajor( minor, format ), format );
}

/**
 * Parses an amount typed into a WooCommerce price field, the way WooCommerce's admin scripts
 * read it (accounting.js `unformat` with `woocommerce_admin.mon_decimal_point`): everything
 * except digits, the minus sign and the decimal point is ignored.
 *
 * @param text         The field's text ("1 234,50").
 * @param decimalPoint The decimal point the admin uses (`woocommerce_admin.mon_decimal_point`).
 * @return The amount in major units, or null when the text holds no number.
 */
export function parseAmount(
	text: string,
	decimalPoint: string
): number | null {
	const point = decimalPoint || '.';
	let cleaned = '';
	for ( const char of text.trim() ) {
		if ( char >= '0' && char <= '9' ) {
			cleaned += char;
		} else if ( char === point ) {
			cleaned += '.';
		} else if ( char === '-' && '' === cleaned ) {
			cleaned += '-';
		}
	}
	if ( ! /\d/.test( cleaned ) ) {
		return null;
	}
	const value = Number.parseFloat( cleaned );
	return Number.isFinite( value ) ? value : null;
}
