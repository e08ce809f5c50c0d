<?php
/**
 * Actions other plugins can rely on after money moved.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Orders\Journal\JournalEntry;

/**
 * Fired once per confirmed operation, after the order's lock is released, whether Ecster's answer
 * said so or the reconciler found it in Ecster's records later.
 */
final class Events {

	public static function confirmed( JournalEntry $entry, \WC_Order $order, string $trigger ): void {
		switch ( $entry->operation ) {
			case JournalEntry::DEBIT:
				/**
				 * An Ecster DEBIT of the whole order was confirmed.
				 *
				 * @param \WC_Order $order          The order.
				 * @param string    $transaction_id Ecster's DEBIT transaction id.
				 * @param string    $trigger        What started it (status_hook, payment_complete, panel, rest, cli, bulk, reconciler).
				 * @param int       $amount         Debited amount in minor units.
				 */
				do_action( 'ecster_om_debited', $order, $entry->transaction_id, $trigger, $entry->amount );
				break;
			case JournalEntry::ANNUL:
				/**
				 * An Ecster ANNUL of the reservation was confirmed.
				 *
				 * @param \WC_Order $order          The order.
				 * @param string    $transaction_id Ecster's ANNUL transaction id.
				 * @param string    $trigger        What started it.
				 */
				do_action( 'ecster_om_annulled', $order, $entry->transaction_id, $trigger );
				break;
			default:
				if ( JournalEntry::SWISH_REFUND === $entry->operation && 'SUCCESS' !== $entry->detail( 'swishStatus' ) ) {
					return; // Fired when the Swish refund completes.
				}
				/**
				 * An Ecster CREDIT (or a completed Swish refund) of a WooCommerce refund was confirmed.
				 *
				 * @param \WC_Order $order          The order.
				 * @param string    $transaction_id Ecster's CREDIT transaction id (Swish: the refund id, or '').
				 * @param string    $trigger        What started it.
				 * @param int       $refund_id      WooCommerce refund id (0 when none).
				 * @param int       $amount         Credited amount in minor units.
				 */
				do_action( 'ecster_om_credited', $order, $entry->transaction_id, $trigger, $entry->refund_id, $entry->amount );
		}
	}
}
