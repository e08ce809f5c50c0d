<?php
/**
 * Annul (cancel) the reservation in Ecster.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\OrderRecord;
use EcsterOM\Orders\Result;

/**
 * Only possible before any debit. Swish orders cannot be annulled (charged at purchase).
 */
final class Annul extends WholeOrderOperation {

	public function name(): string {
		return JournalEntry::ANNUL;
	}

	public function precheck( OrderRecord $record ): ?Result {
		$order     = $record->order();
		$cancelled = $record->cancelled_id();
		if ( '' !== $cancelled ) {
			$message = sprintf(
				/* translators: %s: Ecster transaction id */
				__( 'Ecster reservation is already cancelled (transaction %s); no new annul was sent.', 'ecster-order-management' ),
				$cancelled
			);
			$order->add_order_note( $message );
			return Result::success( Result::ALREADY_ANNULLED, $message, $cancelled );
		}
		if ( $record->is_swish_by_meta() ) {
			return $this->swish( $order );
		}
		$captured = $record->captured_id();
		if ( '' !== $captured ) {
			return $this->debited( $order, $captured );
		}
		return null;
	}

	public function plan( OrderRecord $record, EcsterView $view ): Result|Intent {
		$ecster = $view->order();
		$order  = $record->order();
		if ( $ecster->is_swish() ) {
			return $this->swish( $order );
		}
		switch ( $ecster->status ) {
			case EcsterOrder::STATUS_READY:
				return new Intent( 0, array( 'body' => $this->filtered_body( array( 'type' => 'ANNUL' ), $record ) ) );
			case EcsterOrder::STATUS_ANNULLED:
				$annul = self::latest( $ecster, 'ANNUL' );
				$id    = null !== $annul ? $annul->id : 'ANNULLED';
				$record->record_annul( $id );
				$message = sprintf(
					/* translators: %s: Ecster transaction id */
					__( 'Ecster reservation was already annulled in Ecster (transaction %s). Recorded; no new annul was sent.', 'ecster-order-management' ),
					$id
				);
				$this->notes->note( $order, $message );
				return Result::success( Result::ALREADY_ANNULLED, $message, $id );
			case EcsterOrder::STATUS_FULLY_DELIVERED:
			case EcsterOrder::STATUS_PARTIALLY_DELIVERED:
				$debit = self::latest( $ecster, 'DEBIT' );
				if ( null !== $debit ) {
					$record->record_debit( $debit->id, $ecster->debited_amount );
				}
				return $this->debited( $order, null !== $debit ? $debit->id : '' );
		}
		return $this->notes->refusal(
			$order,
			Result::INVALID_ECSTER_STATUS,
			sprintf(
				/* translators: %s: Ecster order status */
				__( 'Ecster annul not sent: the order has the status %s in Ecster, which cannot be annulled.', 'ecster-order-management' ),
				$ecster->status
			)
		);
	}

	public function record( OrderRecord $record, JournalEntry $entry, bool $found_later ): Result {
		$order = $record->order();
		$record->record_annul( $entry->transaction_id );
		$message = sprintf(
			/* translators: %s: Ecster transaction id */
			__( 'Ecster payment was successfully cancelled (transaction id %s).', 'ecster-order-management' ),
			$entry->transaction_id
		);
		if ( $found_later ) {
			$message .= ' ' . __( 'Ecster\'s answer to the annul was lost; checking Ecster\'s records showed it went through. Nothing was sent again.', 'ecster-order-management' );
		} else {
			$status = (string) $entry->detail( 'orderStatus', '' );
			if ( '' !== $status && EcsterOrder::STATUS_ANNULLED !== $status ) {
				$message .= ' ' . sprintf(
					/* translators: %s: Ecster order status */
					__( 'Ecster reported the order status %s; check the order in Ecster.', 'ecster-order-management' ),
					$status
				);
			}
		}
		$this->notes->note( $order, $message, array( 'transaction' => $entry->transaction_id ) );
		return Result::success( Result::ANNULLED, $message, $entry->transaction_id, true );
	}

	public function evidence( OrderRecord $record, JournalEntry $entry, EcsterView $view ): Verdict {
		$ecster = $view->order();
		$ours   = self::by_reference( $ecster, 'ANNUL', (string) $entry->order_id );
		if ( null !== $ours ) {
			return Verdict::confirmed( $ours->id, array( 'orderStatus' => $ecster->status ) );
		}
		if ( EcsterOrder::STATUS_ANNULLED === $ecster->status ) {
			$annul = self::latest( $ecster, 'ANNUL' );
			return Verdict::confirmed( null !== $annul ? $annul->id : 'ANNULLED', array( 'orderStatus' => $ecster->status ) );
		}
		if ( in_array( $ecster->status, array( EcsterOrder::STATUS_READY, EcsterOrder::STATUS_FULLY_DELIVERED, EcsterOrder::STATUS_PARTIALLY_DELIVERED ), true ) ) {
			return Verdict::not_applied(
				sprintf(
					/* translators: %s: Ecster order status */
					__( 'Ecster has no annul for the order (status %s).', 'ecster-order-management' ),
					$ecster->status
				)
			);
		}
		return Verdict::inconclusive(
			sprintf(
				/* translators: %s: Ecster order status */
				__( 'Ecster\'s order has the status %s, which neither shows this annul nor rules it out.', 'ecster-order-management' ),
				$ecster->status
			)
		);
	}

	private function swish( \WC_Order $order ): Result {
		$message = __( "No cancellation performed in Ecster's system: Swish payments are charged at purchase and cannot be annulled. Handle the money directly with Swish/your bank, or refund the order.", 'ecster-order-management' );
		$order->add_order_note( $message );
		return Result::failure( Result::SWISH_NO_ANNUL, $message );
	}

	private function debited( \WC_Order $order, string $captured ): Result {
		return $this->notes->refusal(
			$order,
			Result::DEBITED_CANNOT_ANNUL,
			sprintf(
				/* translators: %s: Ecster transaction id */
				__( 'Ecster annul not possible: the payment was already debited (transaction %s), so the reservation cannot be annulled. Refund the order instead to give the money back.', 'ecster-order-management' ),
				$captured
			),
			$captured
		);
	}
}
