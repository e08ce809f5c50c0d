<?php
/**
 * Debit (activate) the whole order in Ecster.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Api\Transaction;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\OrderRecord;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\RowBuilder;

/**
 * The whole order total, never a partial capture. A total below the reservation is debited with
 * `closeDebit` (the rest of the reservation is released); a total above it is refused before
 * anything is sent. Swish orders are charged at purchase: nothing is sent.
 */
final class Debit extends WholeOrderOperation {

	public function __construct( Notes $notes, private RowBuilder $rows ) {
		parent::__construct( $notes );
	}

	public function name(): string {
		return JournalEntry::DEBIT;
	}

	public function precheck( OrderRecord $record ): ?Result {
		$order     = $record->order();
		$captured  = $record->captured_id();
		$cancelled = $record->cancelled_id();
		if ( '' !== $captured ) {
			$message = sprintf(
				/* translators: %s: Ecster transaction id */
				__( 'Ecster payment was already debited (transaction %s); no new debit was sent.', 'ecster-order-management' ),
				$captured
			);
			$order->add_order_note( $message );
			return Result::success( Result::ALREADY_DEBITED, $message, $captured, false, (int) $record->debited_amount() );
		}
		if ( '' !== $cancelled ) {
			return $this->notes->refusal(
				$order,
				Result::ANNULLED_IN_ECSTER,
				sprintf(
					/* translators: %s: Ecster transaction id */
					__( 'Ecster debit not possible: the Ecster reservation was annulled (transaction %s), so there is nothing left to debit.', 'ecster-order-management' ),
					$cancelled
				),
				$cancelled
			);
		}
		if ( $record->is_swish_by_meta() ) {
			return $this->swish_charged( $record, null );
		}
		return null;
	}

	public function plan( OrderRecord $record, EcsterView $view ): Result|Intent {
		$ecster = $view->order();
		if ( $ecster->is_swish() ) {
			return $this->swish_charged( $record, $ecster );
		}
		$order    = $record->order();
		$currency = $order->get_currency();
		$total    = RowBuilder::to_minor( $order->get_total() );
		$debit    = self::latest( $ecster, 'DEBIT' );

		switch ( $ecster->status ) {
			case EcsterOrder::STATUS_READY:
				break;
			case EcsterOrder::STATUS_FULLY_DELIVERED:
				if ( null !== $debit ) {
					return $this->recorded_existing( $record, $ecster, $debit );
				}
				return $this->invalid_status( $record, $ecster );
			case EcsterOrder::STATUS_PARTIALLY_DELIVERED:
				if ( null !== $debit && ( $ecster->debit_closed || $ecster->debited_amount >= $total ) ) {
					return $this->recorded_existing( $record, $ecster, $debit );
				}
				return $this->notes->refusal(
					$order,
					Result::PARTIALLY_DEBITED,
					sprintf(
						/* translators: 1: debited amount, 2: reserved amount */
						__( 'Ecster debit not sent: the order was partially debited outside WooCommerce (%1$s of %2$s). This plugin does not make partial debits; handle the rest in Ecster.', 'ecster-order-management' ),
						Notes::money( $ecster->debited_amount, $currency ),
						Notes::money( $ecster->amount, $currency )
					)
				);
			case EcsterOrder::STATUS_ANNULLED:
				$annul = self::latest( $ecster, 'ANNUL' );
				if ( null !== $annul ) {
					$record->record_annul( $annul->id );
				}
				return $this->notes->refusal(
					$order,
					Result::ANNULLED_IN_ECSTER,
					__( 'Ecster debit not possible: the reservation is annulled in Ecster, so there is nothing to debit.', 'ecster-order-management' )
				);
			default:
				return $this->invalid_status( $record, $ecster );
		}

		$reserved = $ecster->amount - $ecster->debited_amount;
		if ( '' !== $ecster->currency && strtoupper( $ecster->currency ) !== strtoupper( $currency ) ) {
			return $this->notes->refusal(
				$order,
				Result::CURRENCY_MISMATCH,
				sprintf(
					/* translators: 1: Ecster currency, 2: order currency */
					__( 'Ecster debit not sent: Ecster reserved the payment in %1$s but the order is in %2$s.', 'ecster-order-management' ),
					$ecster->currency,
					$currency
				)
			);
		}
		if ( $total <= 0 ) {
			return $this->notes->refusal( $order, Result::NOTHING_TO_DEBIT, __( 'Ecster debit not sent: the order total is zero. Annul the reservation instead (cancel the order).', 'ecster-order-management' ) );
		}
		if ( $total > $reserved ) {
			return $this->notes->refusal(
				$order,
				Result::EXCEEDS_RESERVATION,
				sprintf(
					/* translators: 1: order total, 2: reserved amount */
					__( 'Ecster debit not sent: the order total %1$s exceeds the amount Ecster reserved (%2$s). Ecster cannot debit more than was reserved; lower the order total or take the difference as a separate payment.', 'ecster-order-management' ),
					Notes::money( $total, $currency ),
					Notes::money( $reserved, $currency )
				)
			);
		}
		$close = $total < $reserved;
		$body  = array(
			'type'   => 'DEBIT',
			'amount' => $total,
			'rows'   => $this->rows->for_order( $order, $total ),
		);
		if ( $close ) {
			$body['closeDebit'] = true;
		}
		return new Intent(
			$total,
			array(
				'body'     => $this->filtered_body( $body, $record ),
				'reserved' => $reserved,
			)
		);
	}

	public function record( OrderRecord $record, JournalEntry $entry, bool $found_later ): Result {
		$order    = $record->order();
		$currency = $order->get_currency();
		$record->record_debit( $entry->transaction_id, $entry->amount );
		$money = Notes::money( $entry->amount, $currency );
		if ( $found_later ) {
			$message = sprintf(
				/* translators: 1: amount, 2: Ecster transaction id */
				__( 'Ecster payment debited: %1$s (transaction %2$s). Ecster\'s answer to the debit was lost; checking Ecster\'s records showed it went through. Recorded; nothing was sent again.', 'ecster-order-management' ),
				$money,
				$entry->transaction_id
			);
		} else {
			$message = sprintf(
				/* translators: 1: amount, 2: Ecster transaction id */
				__( 'Ecster payment debited: %1$s (transaction %2$s).', 'ecster-order-management' ),
				$money,
				$entry->transaction_id
			);
			$body     = (array) $entry->detail( 'body', array() );
			$reserved = (int) $entry->detail( 'reserved', $entry->amount );
			$close    = ! empty( $body['closeDebit'] );
			if ( $close ) {
				$message .= ' ' . sprintf(
					/* translators: %s: released amount */
					__( 'The order total was below the reservation, so the rest of the reservation (%s) was released.', 'ecster-order-management' ),
					Notes::money( $reserved - $entry->amount, $currency )
				);
			}
			$status   = (string) $entry->detail( 'orderStatus', '' );
			$expected = $close ? array( EcsterOrder::STATUS_PARTIALLY_DELIVERED, EcsterOrder::STATUS_FULLY_DELIVERED ) : array( EcsterOrder::STATUS_FULLY_DELIVERED );
			if ( '' !== $status && ! in_array( $status, $expected, true ) ) {
				$message .= ' ' . sprintf(
					/* translators: %s: Ecster order status */
					__( 'Ecster reported the order status %s; check the order in Ecster.', 'ecster-order-management' ),
					$status
				);
			}
		}
		$this->notes->note( $order, $message, array( 'transaction' => $entry->transaction_id ) );
		return Result::success( Result::DEBITED, $message, $entry->transaction_id, true, $entry->amount );
	}

	public function evidence( OrderRecord $record, JournalEntry $entry, EcsterView $view ): Verdict {
		$ecster = $view->order();
		$ours   = self::by_reference( $ecster, 'DEBIT', (string) $entry->order_id );
		if ( null !== $ours ) {
			return Verdict::confirmed( $ours->id, array( 'orderStatus' => $ecster->status ) );
		}
		$debit = self::latest( $ecster, 'DEBIT' );
		$done  = EcsterOrder::STATUS_FULLY_DELIVERED === $ecster->status
			|| ( EcsterOrder::STATUS_PARTIALLY_DELIVERED === $ecster->status && ( $ecster->debit_closed || $ecster->debited_amount >= $entry->amount ) );
		if ( null !== $debit && $done ) {
			// Debited under another reference (another tool, or Ecster's portal): the money moved once.
			return Verdict::confirmed( $debit->id, array( 'orderStatus' => $ecster->status ) );
		}
		if ( null === $debit && in_array( $ecster->status, array( EcsterOrder::STATUS_READY, EcsterOrder::STATUS_ANNULLED ), true ) ) {
			// A whole-order debit cannot arrive twice (Ecster refuses a debit on a debited order), so
			// no settling time is needed before concluding.
			return Verdict::not_applied(
				sprintf(
					/* translators: %s: Ecster order status */
					__( 'Ecster has no debit for the order (status %s).', 'ecster-order-management' ),
					$ecster->status
				)
			);
		}
		return Verdict::inconclusive(
			sprintf(
				/* translators: %s: Ecster order status */
				__( 'Ecster\'s order has the status %s, which neither shows this debit nor rules it out.', 'ecster-order-management' ),
				$ecster->status
			)
		);
	}

	/**
	 * A DEBIT Ecster already has (made elsewhere, or by an attempt whose answer was lost before the
	 * journal existed): recorded, not sent again.
	 */
	private function recorded_existing( OrderRecord $record, EcsterOrder $ecster, Transaction $debit ): Result {
		$order = $record->order();
		$record->record_debit( $debit->id, $ecster->debited_amount );
		$message = sprintf(
			/* translators: 1: amount, 2: Ecster transaction id */
			__( 'Ecster payment was already debited in Ecster: %1$s (transaction %2$s). Recorded; no new debit was sent.', 'ecster-order-management' ),
			Notes::money( $ecster->debited_amount, $order->get_currency() ),
			$debit->id
		);
		$this->notes->note( $order, $message, array( 'transaction' => $debit->id ) );
		return Result::success( Result::ALREADY_DEBITED, $message, $debit->id, false, $ecster->debited_amount );
	}

	private function swish_charged( OrderRecord $record, ?EcsterOrder $ecster ): Result {
		$transaction = $record->swish_debit_id();
		if ( '' === $transaction && null !== $ecster ) {
			$debit       = self::latest( $ecster, 'DEBIT' );
			$transaction = null !== $debit ? $debit->id : '';
		}
		if ( '' !== $transaction && '' === $record->captured_id() ) {
			$record->record_debit( $transaction, null !== $ecster ? $ecster->debited_amount : 0 );
		}
		$message = __( 'No debit needed in Ecster: Swish payments are charged at purchase. The order is recorded as already charged.', 'ecster-order-management' );
		$record->order()->add_order_note( $message );
		return Result::success( Result::SWISH_ALREADY_CHARGED, $message, $transaction );
	}

	private function invalid_status( OrderRecord $record, EcsterOrder $ecster ): Result {
		return $this->notes->refusal(
			$record->order(),
			Result::INVALID_ECSTER_STATUS,
			sprintf(
				/* translators: %s: Ecster order status */
				__( 'Ecster debit not sent: the order has the status %s in Ecster, which cannot be debited.', 'ecster-order-management' ),
				$ecster->status
			)
		);
	}
}
