/**
 * "Ecster activity": labels and rules for the order's operation journal (`activity` in the
 * order state). No DOM, no REST.
 */
import { __, sprintf } from '@wordpress/i18n';

import { formatTime } from './labels';
import type {
	ActivityEntry,
	ActivityOperation,
	ActivityTrigger,
	OrderState,
} from './types';

/** Entries shown before "Show all" (open entries are always shown). */
export const ACTIVITY_SHOWN = 5;

/**
 * The journal, newest first. The initial state printed by an older plugin version has none.
 *
 * @param order The order state.
 */
export function activityOf( order: OrderState ): ActivityEntry[] {
	return Array.isArray( order.activity ) ? order.activity : [];
}

/**
 * True while Ecster's answer is missing: the operation may or may not have happened.
 *
 * @param entry Journal entry.
 */
export function isOpen( entry: ActivityEntry ): boolean {
	return 'pending' === entry.state || 'unknown' === entry.state;
}

/**
 * Whether "Check with Ecster now" is offered: the server allows it while an operation has no
 * confirmed outcome or a Swish refund is still running in Ecster.
 *
 * @param order The order state.
 */
export function canReconcile( order: OrderState ): boolean {
	return true === order.actions.reconcile?.allowed;
}

/**
 * The entries shown: all, or the newest few plus every open one.
 *
 * @param entries Newest first.
 * @param all     "Show all" was chosen.
 */
export function visibleEntries(
	entries: ActivityEntry[],
	all: boolean
): ActivityEntry[] {
	return all
		? entries
		: entries.filter(
				( entry, index ) => index < ACTIVITY_SHOWN || isOpen( entry )
			);
}

/**
 * The state as the merchant reads it.
 *
 * @param entry Journal entry.
 */
export function stateLabel( entry: ActivityEntry ): string {
	switch ( entry.state ) {
		case 'confirmed':
			return __( 'Confirmed', 'ecster-order-management' );
		case 'refused':
			return __( 'Refused by Ecster', 'ecster-order-management' );
		case 'not_applied':
			return __( 'Did not happen', 'ecster-order-management' );
		case 'pending':
			return entry.checking
				? __( 'Being checked with Ecster', 'ecster-order-management' )
				: __( 'Waiting', 'ecster-order-management' );
		case 'unknown':
			return entry.checking
				? __( 'Being checked with Ecster', 'ecster-order-management' )
				: __( 'Outcome unknown', 'ecster-order-management' );
		default:
			return entry.state;
	}
}

/**
 * What the operation is ("Debit", "Credit for refund #55").
 *
 * @param operation The operation.
 * @param refundId  WooCommerce refund id, or null.
 */
export function operationLabel(
	operation: ActivityOperation,
	refundId: number | null
): string {
	switch ( operation ) {
		case 'debit':
			return __( 'Debit', 'ecster-order-management' );
		case 'annul':
			return __( 'Annulment', 'ecster-order-management' );
		case 'credit':
			return null === refundId
				? __( 'Credit', 'ecster-order-management' )
				: sprintf(
						/* translators: %d: WooCommerce refund id */
						__(
							'Credit for refund #%d',
							'ecster-order-management'
						),
						refundId
					);
		case 'swish_refund':
			return null === refundId
				? __( 'Swish refund', 'ecster-order-management' )
				: sprintf(
						/* translators: %d: WooCommerce refund id */
						__(
							'Swish refund for refund #%d',
							'ecster-order-management'
						),
						refundId
					);
		default:
			return operation;
	}
}

/**
 * What started an operation.
 *
 * @param trigger The trigger.
 */
export function triggerLabel( trigger: ActivityTrigger ): string {
	switch ( trigger ) {
		case 'status_hook':
			return __( 'order status change', 'ecster-order-management' );
		case 'payment_complete':
			return __( 'payment completed', 'ecster-order-management' );
		case 'panel':
			return __( 'order screen', 'ecster-order-management' );
		case 'rest':
			return __( 'REST API', 'ecster-order-management' );
		case 'cli':
			return __( 'WP-CLI', 'ecster-order-management' );
		case 'bulk':
			return __( 'bulk action', 'ecster-order-management' );
		case 'gateway':
			return __( 'WooCommerce refund', 'ecster-order-management' );
		case 'reconciler':
			return __( 'check with Ecster', 'ecster-order-management' );
		default:
			return trigger;
	}
}

/**
 * Who or what started an operation ("admin, order status change" or "System, WP-CLI").
 *
 * @param entry Journal entry.
 */
export function startedBy( entry: ActivityEntry ): string {
	return sprintf(
		/* translators: 1: WordPress user's display name or "System", 2: what started it, e.g. "order status change" */
		__( '%1$s, %2$s', 'ecster-order-management' ),
		entry.user || __( 'System', 'ecster-order-management' ),
		triggerLabel( entry.trigger )
	);
}

/**
 * For an open entry: what happens next (the next automatic check, or that the merchant must
 * check). Null for settled entries.
 *
 * @param entry Journal entry.
 */
export function openNote( entry: ActivityEntry ): string | null {
	if ( ! isOpen( entry ) ) {
		return null;
	}
	if ( entry.gaveUp ) {
		return __(
			'Automatic checks have stopped. Check with Ecster now, or look the order up in Ecster.',
			'ecster-order-management'
		);
	}
	if ( entry.checking && entry.nextCheck ) {
		return sprintf(
			/* translators: %s: date and time */
			__( 'Next automatic check: %s', 'ecster-order-management' ),
			formatTime( entry.nextCheck )
		);
	}
	if ( entry.checking ) {
		return __(
			'An automatic check with Ecster is scheduled.',
			'ecster-order-management'
		);
	}
	return 'pending' === entry.state
		? __( 'Waiting for Ecster’s answer.', 'ecster-order-management' )
		: __( 'No automatic check is scheduled.', 'ecster-order-management' );
}
