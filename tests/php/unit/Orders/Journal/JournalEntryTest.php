<?php
/**
 * A journal row as the database returns it (every column a string or NULL) becomes a typed entry.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders\Journal;

use EcsterOM\Orders\Journal\JournalEntry;
use PHPUnit\Framework\TestCase;

final class JournalEntryTest extends TestCase {

	/**
	 * A row of wpdb's get_row( …, ARRAY_A ).
	 *
	 * @param array<string, string|null> $over Columns to change.
	 * @return array<string, string|null>
	 */
	private static function row( array $over = array() ): array {
		return array_merge(
			array(
				'id'              => '42',
				'reference'       => '1001-C-a1b2c3d4e5f6',
				'order_id'        => '1001',
				'ecster_order_id' => 'EC-9',
				'operation'       => 'credit',
				'state'           => 'unknown',
				'amount'          => '49900',
				'currency'        => 'SEK',
				'refund_id'       => '1002',
				'trigger_source'  => 'rest',
				'user_id'         => '3',
				'transaction_id'  => '',
				'ecster_code'     => 'timeout',
				'message'         => 'Operation timed out',
				'data'            => '{"reason":"Trasig","lines":{"7":{"qty":1}},"needsRefund":true}',
				'checks'          => '2',
				'next_check_gmt'  => '2026-12-01 09:15:00',
				'gave_up'         => '0',
				'created_gmt'     => '2026-12-01 09:00:00',
				'updated_gmt'     => '2026-12-01 09:05:30',
			),
			$over
		);
	}

	public function test_a_database_row_becomes_a_typed_entry_with_utc_timestamps_and_decoded_data(): void {
		$entry = JournalEntry::from_row( self::row() );
		$this->assertSame( 42, $entry->id );
		$this->assertSame( '1001-C-a1b2c3d4e5f6', $entry->reference );
		$this->assertSame( 1001, $entry->order_id );
		$this->assertSame( 'EC-9', $entry->ecster_order_id );
		$this->assertSame( JournalEntry::CREDIT, $entry->operation );
		$this->assertSame( JournalEntry::UNKNOWN, $entry->state );
		$this->assertSame( 49900, $entry->amount );
		$this->assertSame( 'SEK', $entry->currency );
		$this->assertSame( 1002, $entry->refund_id );
		$this->assertSame( 'rest', $entry->trigger, 'From the trigger_source column.' );
		$this->assertSame( 3, $entry->user_id );
		$this->assertSame( '', $entry->transaction_id );
		$this->assertSame( 'timeout', $entry->ecster_code );
		$this->assertSame( 'Operation timed out', $entry->message );
		$this->assertSame( array( 'reason' => 'Trasig', 'lines' => array( 7 => array( 'qty' => 1 ) ), 'needsRefund' => true ), $entry->data );
		$this->assertSame( 2, $entry->checks );
		$this->assertSame( gmmktime( 9, 15, 0, 12, 1, 2026 ), $entry->next_check, 'GMT, whatever PHP\'s time zone.' );
		$this->assertFalse( $entry->gave_up );
		$this->assertSame( gmmktime( 9, 0, 0, 12, 1, 2026 ), $entry->created );
		$this->assertSame( gmmktime( 9, 5, 30, 12, 1, 2026 ), $entry->updated );
		$this->assertTrue( $entry->is_open() );
		$this->assertTrue( $entry->detail( 'needsRefund' ) );
		$this->assertSame( 'fallback', $entry->detail( 'billPdfUrl', 'fallback' ) );
	}

	public function test_the_timestamps_do_not_depend_on_phps_time_zone(): void {
		$zone = date_default_timezone_get();
		date_default_timezone_set( 'Europe/Stockholm' );
		try {
			$this->assertSame( gmmktime( 9, 0, 0, 12, 1, 2026 ), JournalEntry::from_row( self::row() )->created );
		} finally {
			date_default_timezone_set( $zone );
		}
	}

	public function test_null_and_empty_columns_have_safe_values(): void {
		$entry = JournalEntry::from_row(
			self::row(
				array(
					'message'        => null,
					'data'           => null,
					'next_check_gmt' => null,
					'gave_up'        => '1',
				)
			)
		);
		$this->assertSame( '', $entry->message );
		$this->assertSame( array(), $entry->data );
		$this->assertNull( $entry->next_check );
		$this->assertTrue( $entry->gave_up );

		$this->assertSame( array(), JournalEntry::from_row( self::row( array( 'data' => '' ) ) )->data );
		$this->assertSame( array(), JournalEntry::from_row( self::row( array( 'data' => 'not json' ) ) )->data );
		$this->assertSame( array(), JournalEntry::from_row( self::row( array( 'data' => '"a string"' ) ) )->data, 'Only an object is data.' );
		$this->assertNull( JournalEntry::from_row( self::row( array( 'next_check_gmt' => '' ) ) )->next_check );
	}

	public function test_open_states_and_a_running_swish_refund(): void {
		foreach ( array( 'pending' => true, 'unknown' => true, 'confirmed' => false, 'refused' => false, 'not_applied' => false ) as $state => $open ) {
			$this->assertSame( $open, JournalEntry::from_row( self::row( array( 'state' => $state ) ) )->is_open(), $state );
		}
		$swish = static fn( string $state, string $status ): JournalEntry => JournalEntry::from_row(
			self::row(
				array(
					'operation' => 'swish_refund',
					'state'     => $state,
					'data'      => (string) json_encode( array( 'swishStatus' => $status ) ),
				)
			)
		);
		$this->assertTrue( $swish( 'confirmed', 'ONGOING' )->is_swish_running() );
		$this->assertFalse( $swish( 'confirmed', 'SUCCESS' )->is_swish_running() );
		$this->assertFalse( $swish( 'unknown', 'ONGOING' )->is_swish_running(), 'Not accepted by Ecster as far as we know.' );
		$this->assertFalse( JournalEntry::from_row( self::row( array( 'state' => 'confirmed', 'data' => '{"swishStatus":"ONGOING"}' ) ) )->is_swish_running(), 'Only Swish refunds run.' );
	}
}
