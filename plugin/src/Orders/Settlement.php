<?php
/**
 * What checking an order's open questions with Ecster found.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Orders\Journal\JournalEntry;

/**
 * Entries resolved as confirmed or not applied, and entries still open.
 */
final class Settlement {

	/** @var list<JournalEntry> */
	public array $confirmed = array();

	/** @var list<JournalEntry> */
	public array $not_applied = array();

	/** @var list<JournalEntry> */
	public array $open = array();

	/** @var list<JournalEntry> Swish refunds that finished while being followed. */
	public array $finished_swish = array();

	/** True when the order was not checked: another request held its lock (checked again soon). */
	public bool $locked = false;

	public function resolved(): int {
		return count( $this->confirmed ) + count( $this->not_applied );
	}

	/**
	 * A credit (or Swish refund) this check found in Ecster's records.
	 */
	public function confirmed_credit(): ?JournalEntry {
		foreach ( $this->confirmed as $entry ) {
			if ( in_array( $entry->operation, array( JournalEntry::CREDIT, JournalEntry::SWISH_REFUND ), true ) ) {
				return $entry;
			}
		}
		return null;
	}

	public function merge( Settlement $other ): void {
		$this->confirmed      = array_merge( $this->confirmed, $other->confirmed );
		$this->not_applied    = array_merge( $this->not_applied, $other->not_applied );
		$this->open           = $other->open;
		$this->finished_swish = array_merge( $this->finished_swish, $other->finished_swish );
	}
}
