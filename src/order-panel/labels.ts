/**
 * Human labels for Ecster's codes.
 */
import { dateI18n, getSettings as getDateSettings } from '@wordpress/date';
import { __ } from '@wordpress/i18n';

export function paymentMethodLabel( method: string | null ): string {
	switch ( method ) {
		case 'INVOICE':
			return __( 'Invoice', 'ecster-order-management' );
		case 'CARD':
			return __( 'Card', 'ecster-order-management' );
		case 'PARTPAYMENT':
			return __( 'Part payment', 'ecster-order-management' );
		case 'SWISH':
			return __( 'Swish', 'ecster-order-management' );
		case 'ACCOUNT':
			return __( 'Account', 'ecster-order-management' );
		case null:
		case '':
			return __( 'Unknown', 'ecster-order-management' );
		default:
			return method;
	}
}

export function transactionTypeLabel( type: string ): string {
	switch ( type ) {
		case 'ORIGINAL':
			return __( 'Reservation', 'ecster-order-management' );
		case 'DEBIT':
			return __( 'Debit', 'ecster-order-management' );
		case 'CREDIT':
			return __( 'Credit', 'ecster-order-management' );
		case 'ANNUL':
			return __( 'Annul', 'ecster-order-management' );
		default:
			return type;
	}
}

/**
 * A transaction time in the site's time zone, date and time format and language (Settings →
 * General, as WooCommerce shows dates), not the browser's; the raw value when it is not a date.
 *
 * @param value ISO 8601 time with its offset, as Ecster sends it.
 */
export function formatTime( value: string ): string {
	const time = new Date( value );
	if ( '' === value || Number.isNaN( time.getTime() ) ) {
		return value;
	}
	const { formats } = getDateSettings();
	return dateI18n( `${ formats.date } ${ formats.time }`, time, undefined );
}
