<?php
/**
 * The operation journal in memory, for unit tests without a database.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Journal\JournalException;

/**
 * Every public method of Journal, on rows kept in an array in the table's own shape (column
 * names, GMT date strings, JSON data) and read back through JournalEntry::from_row(), with the
 * same rules as the SQL: a state change only leaves the states Journal lists for it (refuse:
 * pending; unknown: pending, unknown; not_applied: pending, unknown; confirm: those and
 * not_applied and confirmed), otherwise the stored entry is returned unchanged; checked(),
 * follow_up() and update_data() change no state.
 *
 * Test helpers: `$unavailable` makes begin() fail like a database that refuses the insert,
 * backdate() moves an entry into the past (the settling time of an unknown credit), rows() and
 * entries() show what is stored.
 */
final class MemoryJournal extends Journal {

	/** When true, intents cannot be saved (begin() throws as on a failed INSERT). */
	public bool $unavailable = false;

	/** @var array<int, array<string, mixed>> Rows by id. */
	private array $rows = array();

	private int $next_id = 1;

	public function begin( int $order_id, string $ecster_order_id, string $operation, int $amount, string $currency, int $refund_id, string $trigger, array $data = array() ): JournalEntry {
		if ( $this->unavailable ) {
			throw new JournalException( 'The operation journal could not be written: the fake database is unavailable.' );
		}
		$now       = gmdate( 'Y-m-d H:i:s' );
		$letter    = array(
			JournalEntry::DEBIT        => 'D',
			JournalEntry::ANNUL        => 'A',
			JournalEntry::CREDIT       => 'C',
			JournalEntry::SWISH_REFUND => 'S',
		)[ $operation ] ?? 'X';
		$id        = $this->next_id++;
		$reference = $order_id . '-' . $letter . '-' . substr( str_replace( '-', '', wp_generate_uuid4() ), 0, 12 );
		foreach ( $this->rows as $row ) {
			if ( $row['reference'] === $reference ) {
				throw new JournalException( 'Duplicate reference ' . $reference );
			}
		}
		$this->rows[ $id ] = array(
			'id'              => (string) $id,
			'reference'       => $reference,
			'order_id'        => (string) $order_id,
			'ecster_order_id' => $ecster_order_id,
			'operation'       => $operation,
			'state'           => JournalEntry::PENDING,
			'amount'          => (string) $amount,
			'currency'        => $currency,
			'refund_id'       => (string) $refund_id,
			'trigger_source'  => $trigger,
			'user_id'         => (string) ( function_exists( 'get_current_user_id' ) ? get_current_user_id() : 0 ),
			'transaction_id'  => '',
			'ecster_code'     => '',
			'message'         => null,
			'data'            => (string) wp_json_encode( $data ),
			'checks'          => '0',
			'next_check_gmt'  => null,
			'gave_up'         => '0',
			'created_gmt'     => $now,
			'updated_gmt'     => $now,
		);
		return $this->entry( $id );
	}

	public function confirm( JournalEntry $entry, string $transaction_id, string $message, array $data = array() ): JournalEntry {
		return $this->transition(
			$entry,
			JournalEntry::CONFIRMED,
			array(
				'transaction_id' => $transaction_id,
				'message'        => $message,
				'next_check_gmt' => null,
				'gave_up'        => '0',
			),
			$data,
			array( JournalEntry::PENDING, JournalEntry::UNKNOWN, JournalEntry::NOT_APPLIED, JournalEntry::CONFIRMED )
		);
	}

	public function refuse( JournalEntry $entry, string $ecster_code, string $message ): JournalEntry {
		return $this->transition(
			$entry,
			JournalEntry::REFUSED,
			array(
				'ecster_code'    => $ecster_code,
				'message'        => $message,
				'next_check_gmt' => null,
			),
			array(),
			array( JournalEntry::PENDING )
		);
	}

	public function unknown( JournalEntry $entry, string $ecster_code, string $message, int $next_check ): JournalEntry {
		return $this->transition(
			$entry,
			JournalEntry::UNKNOWN,
			array(
				'ecster_code'    => $ecster_code,
				'message'        => $message,
				'next_check_gmt' => gmdate( 'Y-m-d H:i:s', $next_check ),
			),
			array(),
			array( JournalEntry::PENDING, JournalEntry::UNKNOWN )
		);
	}

	public function not_applied( JournalEntry $entry, string $message, array $data = array() ): JournalEntry {
		return $this->transition(
			$entry,
			JournalEntry::NOT_APPLIED,
			array(
				'message'        => $message,
				'next_check_gmt' => null,
				'gave_up'        => '0',
			),
			$data,
			JournalEntry::OPEN_STATES
		);
	}

	public function checked( JournalEntry $entry, ?int $next_check, bool $gave_up, string $message ): JournalEntry {
		$this->update(
			$entry->id,
			array(
				'checks'         => (string) ( $entry->checks + 1 ),
				'next_check_gmt' => null === $next_check ? null : gmdate( 'Y-m-d H:i:s', $next_check ),
				'gave_up'        => $gave_up ? '1' : '0',
				'message'        => $message,
				'updated_gmt'    => gmdate( 'Y-m-d H:i:s' ),
			)
		);
		return $this->find( $entry->id ) ?? $entry;
	}

	public function update_data( JournalEntry $entry, array $data, ?int $refund_id = null ): JournalEntry {
		$fresh  = $this->find( $entry->id ) ?? $entry;
		$fields = array(
			'data'        => (string) wp_json_encode( array_merge( $fresh->data, $data ) ),
			'updated_gmt' => gmdate( 'Y-m-d H:i:s' ),
		);
		if ( null !== $refund_id ) {
			$fields['refund_id'] = (string) $refund_id;
		}
		$this->update( $entry->id, $fields );
		return $this->find( $entry->id ) ?? $entry;
	}

	public function find( int $id ): ?JournalEntry {
		return isset( $this->rows[ $id ] ) ? $this->entry( $id ) : null;
	}

	public function for_order( int $order_id, int $limit = self::LIST_LIMIT ): array {
		$ids = array_keys( array_filter( $this->rows, static fn( array $r ): bool => (int) $r['order_id'] === $order_id ) );
		rsort( $ids );
		return array_map( array( $this, 'entry' ), array_slice( $ids, 0, max( 0, $limit ) ) );
	}

	public function open_for_order( int $order_id ): array {
		$ids = array_keys( array_filter( $this->rows, static fn( array $r ): bool => (int) $r['order_id'] === $order_id && in_array( $r['state'], array( 'pending', 'unknown' ), true ) ) );
		sort( $ids );
		return array_map( array( $this, 'entry' ), $ids );
	}

	public function for_refund( int $order_id, int $refund_id ): ?JournalEntry {
		$ids = array_keys( array_filter( $this->rows, static fn( array $r ): bool => (int) $r['order_id'] === $order_id && (int) $r['refund_id'] === $refund_id ) );
		return array() === $ids ? null : $this->entry( max( $ids ) );
	}

	public function orders_due( int $now, int $limit = 100 ): array {
		$now_gmt = gmdate( 'Y-m-d H:i:s', $now );
		return $this->order_ids(
			static fn( array $r ): bool => ( 'unknown' === $r['state'] && '0' === $r['gave_up'] && null !== $r['next_check_gmt'] && $r['next_check_gmt'] <= $now_gmt )
				|| 'pending' === $r['state']
				|| ( 'confirmed' === $r['state'] && null !== $r['next_check_gmt'] && $r['next_check_gmt'] <= $now_gmt ),
			$limit
		);
	}

	public function orders_with_open_entries( int $limit = 1000 ): array {
		return $this->order_ids(
			static fn( array $r ): bool => in_array( $r['state'], array( 'pending', 'unknown' ), true )
				|| ( 'confirmed' === $r['state'] && null !== $r['next_check_gmt'] ),
			$limit
		);
	}

	public function follow_up( JournalEntry $entry, ?int $next_check ): JournalEntry {
		$this->update(
			$entry->id,
			array(
				'next_check_gmt' => null === $next_check ? null : gmdate( 'Y-m-d H:i:s', $next_check ),
				'checks'         => (string) ( $entry->checks + 1 ),
				'updated_gmt'    => gmdate( 'Y-m-d H:i:s' ),
			)
		);
		return $this->find( $entry->id ) ?? $entry;
	}

	// ---------------------------------------------------------------------------------------
	// Test helpers.
	// ---------------------------------------------------------------------------------------

	/**
	 * Every entry, oldest first.
	 *
	 * @return list<JournalEntry>
	 */
	public function entries(): array {
		return array_map( array( $this, 'entry' ), array_keys( $this->rows ) );
	}

	/**
	 * The stored rows, as the table holds them.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function rows(): array {
		return $this->rows;
	}

	/**
	 * Moves an entry's times `$seconds` into the past, as if that much time had passed since it
	 * was written.
	 */
	public function backdate( int $id, int $seconds ): void {
		foreach ( array( 'created_gmt', 'updated_gmt', 'next_check_gmt' ) as $column ) {
			if ( null !== $this->rows[ $id ][ $column ] ) {
				$this->rows[ $id ][ $column ] = gmdate( 'Y-m-d H:i:s', (int) strtotime( $this->rows[ $id ][ $column ] . ' UTC' ) - $seconds );
			}
		}
	}

	// ---------------------------------------------------------------------------------------

	/**
	 * Journal::transition(): the change is made only while the stored entry is in one of `$from`.
	 *
	 * @param array<string, mixed> $fields Columns to set.
	 * @param array<string, mixed> $data   Details to merge.
	 * @param list<string>         $from   States the entry may leave.
	 */
	private function transition( JournalEntry $entry, string $state, array $fields, array $data, array $from ): JournalEntry {
		$fresh = $this->find( $entry->id ) ?? $entry;
		if ( ! in_array( $fresh->state, $from, true ) ) {
			return $fresh;
		}
		$fields['state']       = $state;
		$fields['data']        = (string) wp_json_encode( array_merge( $fresh->data, $data ) );
		$fields['updated_gmt'] = gmdate( 'Y-m-d H:i:s' );
		$this->update( $entry->id, $fields );
		return $this->find( $entry->id ) ?? $entry;
	}

	/**
	 * @param array<string, mixed> $fields Columns to set.
	 */
	private function update( int $id, array $fields ): void {
		if ( isset( $this->rows[ $id ] ) ) {
			$this->rows[ $id ] = array_merge( $this->rows[ $id ], $fields );
		}
	}

	private function entry( int $id ): JournalEntry {
		return JournalEntry::from_row( $this->rows[ $id ] );
	}

	/**
	 * @param callable(array<string, mixed>): bool $where Row filter.
	 * @return list<int>
	 */
	private function order_ids( callable $where, int $limit ): array {
		$ids = array();
		foreach ( $this->rows as $row ) {
			if ( $where( $row ) ) {
				$ids[ (int) $row['order_id'] ] = true;
			}
		}
		$ids = array_keys( $ids );
		sort( $ids );
		return array_slice( $ids, 0, max( 0, $limit ) );
	}
}
