<?php
/**
 * The unit tests' in-memory journal keeps the real journal's rules (the same tests run against the
 * real table in tests/php/integration/Orders/JournalTest.php).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders\Journal;

use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Journal\JournalException;
use EcsterOM\Tests\Unit\Orders\MemoryJournal;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class MemoryJournalTest extends TestCase {

	use JournalContract;

	private MemoryJournal $journal;

	private int $order_id = 500;

	protected function setUp(): void {
		FakeState::reset();
		$this->journal = new MemoryJournal();
	}

	protected function journal(): Journal {
		return $this->journal;
	}

	protected function new_order_id(): int {
		return ++$this->order_id;
	}

	public function test_an_unavailable_journal_refuses_the_intent(): void {
		$this->journal->unavailable = true;
		$this->expectException( JournalException::class );
		$this->journal->begin( 1, 'EC-1', JournalEntry::DEBIT, 100, 'SEK', 0, 'rest' );
	}

	public function test_backdate_moves_an_entry_into_the_past(): void {
		$entry = $this->journal->unknown( $this->journal->begin( 1, 'EC-1', JournalEntry::CREDIT, 100, 'SEK', 0, 'rest' ), 'timeout', '', time() + 60 );
		$this->journal->backdate( $entry->id, 120 );
		$old = $this->journal->find( $entry->id );
		$this->assertSame( array( $entry->created - 120, $entry->updated - 120, $entry->next_check - 120 ), array( $old->created, $old->updated, $old->next_check ) );
	}
}
