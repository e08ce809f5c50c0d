<?php
/**
 * What credits and Swish refunds share: the WooCommerce refund each one belongs to.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\OrderRecord;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Orders\RowBuilder;

/**
 * A WooCommerce refund exists for a managed order exactly when Ecster credited it (see Credit).
 *
 * @property Notes $notes
 */
trait RefundRecords {

	/**
	 * A credit proven not to have happened: a WooCommerce refund left behind by a process that
	 * died before it could be undone is removed (WooCommerce itself deletes a refund whose payment
	 * failed).
	 */
	public function not_applied( OrderRecord $record, JournalEntry $entry ): void {
		$refund = $entry->refund_id > 0 && function_exists( 'wc_get_order' ) ? wc_get_order( $entry->refund_id ) : null;
		if ( ! $refund instanceof \WC_Order_Refund || '' !== $record->credit_for_refund( $entry->refund_id ) ) {
			return;
		}
		$amount = Notes::money( RowBuilder::to_minor( $refund->get_amount() ), $record->order()->get_currency() );
		$refund->delete( true );
		$this->notes->note(
			$record->order(),
			sprintf(
				/* translators: 1: refund id, 2: amount */
				__( 'Refund #%1$d (%2$s) was removed: Ecster\'s records show it was never credited (the request did not reach Ecster before the process handling it stopped). Refund again if the customer should get the money back.', 'ecster-order-management' ),
				$entry->refund_id,
				$amount
			)
		);
	}

	/**
	 * The WooCommerce refund a confirmed credit belongs to, when WooCommerce deleted it (the gateway
	 * had answered "unknown"):
	 * - inside WooCommerce's refund flow for the same order (a new refund is being created), a refund
	 *   of the same amount is taken as the same refund asked for again: the credit is recorded on it
	 *   and nothing is sent again; another amount is left for later (a refund cannot be created
	 *   inside another one) and the reconciler creates it right after;
	 * - otherwise the refund is created again from the journal (amount, reason, lines).
	 * Returns the refund id, 0 when it is left for later.
	 */
	private function ensure_refund( OrderRecord $record, JournalEntry $entry ): int {
		if ( $entry->refund_id > 0 && function_exists( 'wc_get_order' ) && wc_get_order( $entry->refund_id ) instanceof \WC_Order_Refund ) {
			return $entry->refund_id;
		}
		$current = null !== $this->tracker ? $this->tracker->being_processed( $record->order_id() ) : null;
		if ( null !== $current ) {
			if ( RowBuilder::to_minor( abs( (float) $current->get_amount() ) ) === $entry->amount && '' === $record->credit_for_refund( $current->get_id() ) ) {
				$record->journal()->update_data( $entry, array( 'adoptedRefund' => true ), $current->get_id() );
				return $current->get_id();
			}
			$this->refund_later( $record, $entry, 5 );
			return 0;
		}
		$lines  = (array) $entry->detail( 'lines', array() );
		$refund = wc_create_refund(
			array(
				'amount'         => wc_format_decimal( $entry->amount / 100, 2 ),
				'reason'         => (string) $entry->detail( 'reason', '' ),
				'order_id'       => $record->order_id(),
				'line_items'     => $lines,
				'refund_payment' => false,
				'restock_items'  => false,
			)
		);
		if ( ! $refund instanceof \WC_Order_Refund ) {
			$this->notes->logger()->error(
				'A credit found in Ecster could not be recorded as a WooCommerce refund.',
				array(
					'order_id' => $record->order_id(),
					'error'    => $refund->get_error_message(),
				)
			);
			$this->refund_later( $record, $entry, 300 );
			return 0;
		}
		$entry = $record->journal()->update_data(
			$entry,
			array(
				'recreatedRefund' => true,
				'needsRefund'     => false,
			),
			$refund->get_id()
		);
		if ( null !== $entry->next_check && ! $entry->is_swish_running() ) {
			$record->journal()->follow_up( $entry, null );
		}
		$record->order()->read_meta_data( true );
		return $refund->get_id();
	}

	/**
	 * The refund is made by the reconciler later: flagged, with a check of the order scheduled.
	 */
	private function refund_later( OrderRecord $record, JournalEntry $entry, int $seconds ): void {
		$entry = $record->journal()->update_data( $entry, array( 'needsRefund' => true ) );
		$record->journal()->follow_up( $entry, time() + $seconds );
		Reconciler::schedule( $record->order_id(), time() + $seconds );
	}

	/**
	 * A confirmed credit whose WooCommerce refund had to wait (see ensure_refund()): created now.
	 */
	public function repair( OrderRecord $record, JournalEntry $entry ): void {
		if ( true !== $entry->detail( 'needsRefund' ) ) {
			return;
		}
		$refund_id = $this->ensure_refund( $record, $entry );
		if ( $refund_id <= 0 ) {
			return;
		}
		$fresh = $record->journal()->find( $entry->id ) ?? $entry;
		if ( JournalEntry::CREDIT === $fresh->operation ) {
			$record->record_credit( $refund_id, $fresh->transaction_id, (string) $fresh->detail( 'billPdfUrl', '' ) );
		} else {
			$record->record_swish_refund( $refund_id, (string) $fresh->detail( 'swishStatus', 'ONGOING' ), $fresh->transaction_id );
		}
		$this->notes->note(
			$record->order(),
			sprintf(
				/* translators: 1: amount, 2: WooCommerce refund id */
				__( 'The credit of %1$s found in Ecster\'s records is now recorded as refund #%2$d.', 'ecster-order-management' ),
				Notes::money( $fresh->amount, $record->order()->get_currency() ),
				$refund_id
			)
		);
	}

	/**
	 * A refund's lines in wc_create_refund()'s `line_items` shape, to create it again if needed.
	 *
	 * @return array<int, array{qty: int|float, refund_total: float, refund_tax: array<int|string, float>}>
	 */
	public static function refund_lines( ?\WC_Order_Refund $refund ): array {
		$lines = array();
		if ( null === $refund ) {
			return $lines;
		}
		foreach ( $refund->get_items( array( 'line_item', 'shipping', 'fee' ) ) as $item ) {
			if ( ! RowBuilder::is_row_item( $item ) ) {
				continue;
			}
			$original = (int) $item->get_meta( '_refunded_item_id' );
			if ( $original <= 0 ) {
				continue;
			}
			$taxes = $item->get_taxes();
			$tax   = array();
			foreach ( (array) ( $taxes['total'] ?? array() ) as $rate => $value ) {
				$tax[ $rate ] = abs( (float) $value );
			}
			$lines[ $original ] = array(
				'qty'          => $item instanceof \WC_Order_Item_Product ? abs( $item->get_quantity() ) : 0,
				'refund_total' => abs( (float) $item->get_total() ),
				'refund_tax'   => $tax,
			);
		}
		return $lines;
	}
}
