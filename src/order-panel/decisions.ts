/**
 * Pure rules: which Ecster action a status change asks for, and whether a refund can go
 * through Ecster. No DOM, no REST.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { PriceFormat } from '../shared/money';
import { formatMinor } from '../shared/money';
import type { OrderState, StatusAction } from './types';

export const STATUS_COMPLETED = 'wc-completed';
export const STATUS_CANCELLED = 'wc-cancelled';

/**
 * The Ecster action that saving the form with `next` as status triggers, or null when the
 * save is not an Ecster action (it then submits exactly as WooCommerce does).
 *
 * @param order    The order's Ecster state.
 * @param original Status the page was loaded with (`wc-processing`).
 * @param next     Status chosen in the select.
 */
export function statusActionFor(
	order: OrderState | null,
	original: string,
	next: string
): StatusAction | null {
	if ( ! order || ! order.managed || '' === next || next === original ) {
		return null;
	}
	if ( STATUS_COMPLETED === next && order.actions.debit.allowed ) {
		return 'debit';
	}
	if ( STATUS_CANCELLED === next && order.actions.annul.allowed ) {
		return 'annul';
	}
	return null;
}

/**
 * Amount an action moves (debit: the order's debit amount; annul: what is still reserved).
 *
 * @param order  The order state.
 * @param action The action.
 */
export function statusActionAmount(
	order: OrderState,
	action: StatusAction
): number {
	if ( 'debit' === action ) {
		return order.actions.debit.amount;
	}
	const reserved = order.amounts.reserved ?? order.orderTotal;
	return Math.max( 0, reserved - ( order.amounts.debited ?? 0 ) );
}

/**
 * Why a refund of `amount` cannot be credited in Ecster, or null when it can.
 *
 * @param order  The order state.
 * @param amount Refund amount in minor units (null: no number entered).
 * @param format Price format for the messages.
 */
export function refundProblem(
	order: OrderState,
	amount: number | null,
	format: PriceFormat
): string | null {
	if ( ! order.actions.refund.allowed ) {
		return (
			order.actions.refund.reason ||
			__(
				'This order cannot be credited in Ecster: it has not been debited.',
				'ecster-order-management'
			)
		);
	}
	if ( null === amount || amount <= 0 ) {
		return __(
			'Enter a refund amount greater than zero.',
			'ecster-order-management'
		);
	}
	if ( amount > order.actions.refund.maxAmount ) {
		return sprintf(
			/* translators: 1: refund amount, 2: amount that can still be credited */
			__(
				'%1$s is more than can still be credited in Ecster (%2$s).',
				'ecster-order-management'
			),
			formatMinor( amount, format ),
			formatMinor( order.actions.refund.maxAmount, format )
		);
	}
	return null;
}
