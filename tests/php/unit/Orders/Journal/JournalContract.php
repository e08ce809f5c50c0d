<?php
/**
 * What every journal does: the real one on its database table (tests/php/integration/Orders/
 * JournalTest.php) and the unit tests' MemoryJournal (MemoryJournalTest.php). Both run these same
 * tests, so the in-memory double every order unit test stands on keeps the real rules.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders\Journal;

use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;

trait JournalContract {

	/** The journal under test. */
	abstract protected function journal(): Journal;

	/** An order id no other entry of the journal has. */
	abstract protected function new_order_id(): int;

	/**
	 * @param array<string, mixed> $data Details.
	 */
	private function begin( int $order_id, string $operation = JournalEntry::CREDIT, int $refund_id = 0, array $data = array() ): JournalEntry {
		return $this->journal()->begin( $order_id, 'EC-' . $order_id, $operation, 1250, 'SEK', $refund_id, 'rest', $data );
	}

	public function test_an_intent_is_saved_pending_with_a_reference_of_its_own(): void {
		$order = $this->new_order_id();
		$entry = $this->begin( $order, JournalEntry::DEBIT, 0, array( 'body' => array( 'type' => 'DEBIT', 'amount' => 1250 ) ) );
		$this->assertSame( JournalEntry::PENDING, $entry->state );
		$this->assertMatchesRegularExpression( '/^' . $order . '-D-[0-9a-f]{12}$/', $entry->reference );
		$this->assertSame( array( $order, 'EC-' . $order, JournalEntry::DEBIT, 1250, 'SEK', 0, 'rest' ), array( $entry->order_id, $entry->ecster_order_id, $entry->operation, $entry->amount, $entry->currency, $entry->refund_id, $entry->trigger ) );
		$this->assertSame( array( 'body' => array( 'type' => 'DEBIT', 'amount' => 1250 ) ), $entry->data );
		$this->assertSame( array( '', '', '', 0, null, false ), array( $entry->transaction_id, $entry->ecster_code, $entry->message, $entry->checks, $entry->next_check, $entry->gave_up ) );
		$this->assertEqualsWithDelta( time(), $entry->created, 2 );
		$this->assertEquals( $entry, $this->journal()->find( $entry->id ) );
		$this->assertNotSame( $entry->reference, $this->begin( $order, JournalEntry::DEBIT )->reference );
		$this->assertMatchesRegularExpression( '/-S-/', $this->begin( $order, JournalEntry::SWISH_REFUND )->reference );
		$this->assertNull( $this->journal()->find( $entry->id + 1000000 ) );
	}

	public function test_an_answer_confirms_or_refuses_a_pending_entry(): void {
		$order     = $this->new_order_id();
		$confirmed = $this->journal()->confirm( $this->begin( $order, JournalEntry::CREDIT, 0, array( 'reason' => 'x' ) ), 'TX1', '', array( 'billPdfUrl' => 'https://b/1.pdf' ) );
		$this->assertSame( array( JournalEntry::CONFIRMED, 'TX1' ), array( $confirmed->state, $confirmed->transaction_id ) );
		$this->assertSame( array( 'reason' => 'x', 'billPdfUrl' => 'https://b/1.pdf' ), $confirmed->data, 'Details are merged.' );

		$refused = $this->journal()->refuse( $this->begin( $order ), '4424', 'Not in a valid state' );
		$this->assertSame( array( JournalEntry::REFUSED, '4424', 'Not in a valid state' ), array( $refused->state, $refused->ecster_code, $refused->message ) );
	}

	public function test_an_unknown_outcome_is_an_open_question_with_its_next_check(): void {
		$order   = $this->new_order_id();
		$when    = time() + 60;
		$unknown = $this->journal()->unknown( $this->begin( $order ), 'timeout', 'Timed out', $when );
		$this->assertSame( array( JournalEntry::UNKNOWN, 'timeout', 'Timed out', $when ), array( $unknown->state, $unknown->ecster_code, $unknown->message, $unknown->next_check ) );
		$this->assertTrue( $unknown->is_open() );
		$again = $this->journal()->unknown( $unknown, 'network', 'Dropped', $when + 60 );
		$this->assertSame( array( JournalEntry::UNKNOWN, 'network', $when + 60 ), array( $again->state, $again->ecster_code, $again->next_check ) );
	}

	public function test_an_unknown_entry_is_left_only_on_evidence(): void {
		$order   = $this->new_order_id();
		$unknown = $this->journal()->unknown( $this->begin( $order ), 'timeout', '', time() + 60 );
		$this->assertSame( JournalEntry::UNKNOWN, $this->journal()->refuse( $unknown, '4424', 'late refusal' )->state, 'Only a pending entry can be refused.' );

		$found = $this->journal()->confirm( $unknown, 'TX9', '', array( 'foundBy' => 'reconciler' ) );
		$this->assertSame( array( JournalEntry::CONFIRMED, 'TX9', null, false ), array( $found->state, $found->transaction_id, $found->next_check, $found->gave_up ) );

		$other = $this->journal()->unknown( $this->begin( $order ), 'timeout', '', time() + 60 );
		$gone  = $this->journal()->not_applied( $other, 'Ecster has no credit with this reference.', array( 'foundBy' => 'reconciler' ) );
		$this->assertSame( array( JournalEntry::NOT_APPLIED, 'Ecster has no credit with this reference.', null ), array( $gone->state, $gone->message, $gone->next_check ) );
		$this->assertSame( 'reconciler', $gone->detail( 'foundBy' ) );
	}

	public function test_a_resolved_entry_is_never_overwritten_with_an_older_view(): void {
		$order     = $this->new_order_id();
		$confirmed = $this->journal()->confirm( $this->begin( $order ), 'TX1', '' );
		$this->assertSame( JournalEntry::CONFIRMED, $this->journal()->refuse( $confirmed, '4424', '' )->state );
		$this->assertSame( JournalEntry::CONFIRMED, $this->journal()->unknown( $confirmed, 'timeout', '', time() )->state );
		$this->assertSame( JournalEntry::CONFIRMED, $this->journal()->not_applied( $confirmed, 'no' )->state );
		$this->assertSame( 'TX1', $this->journal()->confirm( $confirmed, 'TX1', '' )->transaction_id, 'Confirming again is harmless.' );

		$refused = $this->journal()->refuse( $this->begin( $order ), '4100', 'no' );
		foreach ( array(
			$this->journal()->confirm( $refused, 'TX2', '' ),
			$this->journal()->unknown( $refused, 'timeout', '', time() ),
			$this->journal()->not_applied( $refused, 'gone' ),
		) as $after ) {
			$this->assertSame( array( JournalEntry::REFUSED, '' ), array( $after->state, $after->transaction_id ), 'A refusal is final.' );
		}

		// A stale snapshot (still "pending" in the caller's hands) does not undo what another process found.
		$pending = $this->begin( $order );
		$this->journal()->confirm( $pending, 'TX3', '' );
		$this->assertSame( JournalEntry::CONFIRMED, $this->journal()->unknown( $pending, 'timeout', '', time() )->state );
		$this->assertSame( JournalEntry::CONFIRMED, $this->journal()->refuse( $pending, '4424', '' )->state );
	}

	public function test_evidence_beats_inference_a_transaction_found_later_confirms_a_not_applied_entry(): void {
		$order = $this->new_order_id();
		$gone  = $this->journal()->not_applied( $this->begin( $order ), 'not found' );
		$this->assertSame( JournalEntry::NOT_APPLIED, $this->journal()->unknown( $gone, 'timeout', '', time() )->state );
		$this->assertSame( JournalEntry::NOT_APPLIED, $this->journal()->not_applied( $gone, 'again' )->state, 'Already not applied: unchanged.' );
		$this->assertSame( array( JournalEntry::CONFIRMED, 'TX5' ), array( $this->journal()->confirm( $gone, 'TX5', '' )->state, $this->journal()->find( $gone->id )->transaction_id ) );
	}

	public function test_checks_and_details_change_no_state(): void {
		$order   = $this->new_order_id();
		$unknown = $this->journal()->unknown( $this->begin( $order, JournalEntry::CREDIT, 7, array( 'reason' => 'x' ) ), 'timeout', '', time() + 60 );
		$checked = $this->journal()->checked( $unknown, time() + 300, false, 'Ecster could not be asked.' );
		$this->assertSame( array( JournalEntry::UNKNOWN, 1, false, 'Ecster could not be asked.' ), array( $checked->state, $checked->checks, $checked->gave_up, $checked->message ) );
		$this->assertEqualsWithDelta( time() + 300, $checked->next_check, 1 );
		$gave_up = $this->journal()->checked( $checked, null, true, 'Still open.' );
		$this->assertSame( array( JournalEntry::UNKNOWN, 2, true, null ), array( $gave_up->state, $gave_up->checks, $gave_up->gave_up, $gave_up->next_check ) );

		$moved = $this->journal()->update_data( $gave_up, array( 'adoptedRefund' => true ), 9 );
		$this->assertSame( array( JournalEntry::UNKNOWN, 9, array( 'reason' => 'x', 'adoptedRefund' => true ) ), array( $moved->state, $moved->refund_id, $moved->data ) );
		$this->assertSame( 9, $this->journal()->update_data( $moved, array( 'needsRefund' => false ) )->refund_id, 'The refund id stays unless given.' );

		$swish    = $this->journal()->confirm( $this->begin( $order, JournalEntry::SWISH_REFUND ), 'SR1', '', array( 'swishStatus' => 'ONGOING' ) );
		$followed = $this->journal()->follow_up( $swish, time() + 180 );
		$this->assertSame( array( JournalEntry::CONFIRMED, 1 ), array( $followed->state, $followed->checks ) );
		$this->assertEqualsWithDelta( time() + 180, $followed->next_check, 1 );
		$this->assertNull( $this->journal()->follow_up( $followed, null )->next_check );
	}

	public function test_entries_of_an_order_newest_first_open_ones_oldest_first_and_by_refund(): void {
		$order = $this->new_order_id();
		$other = $this->new_order_id();
		$a     = $this->begin( $order, JournalEntry::CREDIT, 11 );
		$b     = $this->journal()->unknown( $this->begin( $order, JournalEntry::CREDIT, 12 ), 'timeout', '', time() + 60 );
		$c     = $this->journal()->confirm( $this->begin( $order, JournalEntry::CREDIT, 11 ), 'TX', '' );
		$this->begin( $other, JournalEntry::CREDIT, 11 );

		$ids = static fn( array $entries ): array => array_map( static fn( JournalEntry $e ): int => $e->id, $entries );
		$this->assertSame( array( $c->id, $b->id, $a->id ), $ids( $this->journal()->for_order( $order ) ) );
		$this->assertSame( array( $c->id, $b->id ), $ids( $this->journal()->for_order( $order, 2 ) ) );
		$this->assertSame( array( $a->id, $b->id ), $ids( $this->journal()->open_for_order( $order ) ), 'Pending and unknown, oldest first.' );
		$this->assertSame( $c->id, $this->journal()->for_refund( $order, 11 )->id, 'The newest entry of the refund.' );
		$this->assertSame( $b->id, $this->journal()->for_refund( $order, 12 )->id );
		$this->assertNull( $this->journal()->for_refund( $order, 13 ) );
		$this->assertSame( array(), $this->journal()->for_order( $this->new_order_id() ) );
	}

	public function test_orders_whose_check_is_due_or_that_have_open_entries(): void {
		$now      = time();
		$due      = $this->new_order_id();
		$later    = $this->new_order_id();
		$gave_up  = $this->new_order_id();
		$pending  = $this->new_order_id();
		$swish    = $this->new_order_id();
		$finished = $this->new_order_id();
		$refund   = $this->new_order_id();
		$this->journal()->unknown( $this->begin( $due ), 'timeout', '', $now - 1 );
		$this->journal()->unknown( $this->begin( $later ), 'timeout', '', $now + 600 );
		$this->journal()->checked( $this->journal()->unknown( $this->begin( $gave_up ), 'timeout', '', $now - 1 ), $now - 1, true, '' );
		$this->begin( $pending );
		$this->journal()->follow_up( $this->journal()->confirm( $this->begin( $swish, JournalEntry::SWISH_REFUND ), 'SR', '', array( 'swishStatus' => 'ONGOING' ) ), $now - 1 );
		$this->journal()->follow_up( $this->journal()->confirm( $this->begin( $finished, JournalEntry::SWISH_REFUND ), 'SR', '', array( 'swishStatus' => 'SUCCESS' ) ), null );
		// A credit found in Ecster whose WooCommerce refund is still to be made.
		$this->journal()->follow_up( $this->journal()->confirm( $this->begin( $refund, JournalEntry::CREDIT ), 'CR', '', array( 'needsRefund' => true ) ), $now - 1 );

		$orders_due = $this->journal()->orders_due( $now );
		foreach ( array( $due, $pending, $swish, $refund ) as $order ) {
			$this->assertContains( $order, $orders_due );
		}
		foreach ( array( $later, $gave_up, $finished ) as $order ) {
			$this->assertNotContains( $order, $orders_due );
		}
		$this->assertContains( $later, $this->journal()->orders_due( $now + 600 ) );

		$open = $this->journal()->orders_with_open_entries();
		foreach ( array( $due, $later, $gave_up, $pending, $swish, $refund ) as $order ) {
			$this->assertContains( $order, $open );
		}
		$this->assertNotContains( $finished, $open );

		$this->assertSame( array_values( array_unique( $orders_due ) ), $orders_due, 'Each order once.' );
	}
}
