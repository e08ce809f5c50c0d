<?php
/**
 * Builds operations: for a new request, or for a journal entry being checked.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Orders\RowBuilder;

/**
 * The one place that knows which class handles which journal operation.
 */
final class OperationFactory {

	public function __construct(
		private Notes $notes,
		private RowBuilder $rows,
		private ?RefundTracker $tracker = null
	) {}

	public function debit(): Debit {
		return new Debit( $this->notes, $this->rows );
	}

	public function annul(): Annul {
		return new Annul( $this->notes );
	}

	/**
	 * A credit of a WooCommerce refund; for Swish orders (known from meta or found in Ecster) the
	 * runner switches to the Swish refund.
	 *
	 * @param int $amount Minor units.
	 */
	public function credit( ?\WC_Order_Refund $refund, int $amount, string $reason ): Credit {
		return new Credit( $this->notes, $this->rows, $this->tracker, $refund, $amount, $reason, $this->swish_refund( $refund, $amount, $reason ) );
	}

	/**
	 * @param int $amount Minor units.
	 */
	public function swish_refund( ?\WC_Order_Refund $refund, int $amount, string $reason ): SwishRefund {
		return new SwishRefund( $this->notes, $this->tracker, $refund, $amount, $reason );
	}

	/**
	 * The operation that records and checks an existing journal entry.
	 */
	public function for_entry( JournalEntry $entry ): Operation {
		switch ( $entry->operation ) {
			case JournalEntry::ANNUL:
				return $this->annul();
			case JournalEntry::CREDIT:
				return new Credit( $this->notes, $this->rows, $this->tracker );
			case JournalEntry::SWISH_REFUND:
				return new SwishRefund( $this->notes, $this->tracker );
			default:
				return $this->debit();
		}
	}
}
