<?php
/**
 * Reads and writes the operation journal.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Journal;

// The table name comes from Schema::table() (the site's prefix + a constant); every value goes
// through $wpdb->prepare() placeholders or $wpdb->insert()/update().
// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared

/**
 * Every write is one statement on one row, committed at once (no transaction spans a request to
 * Ecster). State changes are guarded by the state they leave (`WHERE state IN (…)`), so an entry
 * that another process resolved meanwhile is never overwritten with an older view.
 */
class Journal {

	/** Newest entries shown per order. */
	public const LIST_LIMIT = 50;

	/**
	 * Saves an intent before its request leaves.
	 *
	 * @param array<string, mixed> $data Operation details (rows, lines, evidence baseline…).
	 */
	public function begin( int $order_id, string $ecster_order_id, string $operation, int $amount, string $currency, int $refund_id, string $trigger, array $data = array() ): JournalEntry {
		global $wpdb;
		$now       = gmdate( 'Y-m-d H:i:s' );
		$letter    = array(
			JournalEntry::DEBIT        => 'D',
			JournalEntry::ANNUL        => 'A',
			JournalEntry::CREDIT       => 'C',
			JournalEntry::SWISH_REFUND => 'S',
		)[ $operation ] ?? 'X';
		$reference = $order_id . '-' . $letter . '-' . substr( str_replace( '-', '', wp_generate_uuid4() ), 0, 12 );
		$inserted  = $wpdb->insert(
			Schema::table(),
			array(
				'reference'       => $reference,
				'order_id'        => $order_id,
				'ecster_order_id' => $ecster_order_id,
				'operation'       => $operation,
				'state'           => JournalEntry::PENDING,
				'amount'          => $amount,
				'currency'        => $currency,
				'refund_id'       => $refund_id,
				'trigger_source'  => $trigger,
				'user_id'         => function_exists( 'get_current_user_id' ) ? get_current_user_id() : 0,
				'data'            => (string) wp_json_encode( $data ),
				'created_gmt'     => $now,
				'updated_gmt'     => $now,
			),
			array( '%s', '%d', '%s', '%s', '%s', '%d', '%s', '%d', '%s', '%d', '%s', '%s', '%s' )
		);
		if ( 1 !== $inserted ) {
			// Without a saved intent no money may move: the caller refuses the operation.
			throw new JournalException( 'The operation journal could not be written: ' . $wpdb->last_error );
		}
		$entry = $this->find( (int) $wpdb->insert_id );
		if ( null === $entry ) {
			throw new JournalException( 'The operation journal entry just written could not be read back.' );
		}
		return $entry;
	}

	/**
	 * Ecster confirmed the operation (its answer, or evidence in its records).
	 *
	 * @param array<string, mixed> $data Details to merge (bill URL, Swish status, how it was found…).
	 */
	public function confirm( JournalEntry $entry, string $transaction_id, string $message, array $data = array() ): JournalEntry {
		return $this->transition(
			$entry,
			JournalEntry::CONFIRMED,
			array(
				'transaction_id' => $transaction_id,
				'message'        => $message,
				'next_check_gmt' => null,
				'gave_up'        => 0,
			),
			$data,
			// Evidence beats inference: a transaction found in Ecster confirms even an entry that
			// was concluded "not applied" earlier.
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

	/**
	 * No valid answer came back.
	 */
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

	/**
	 * Ecster's records prove the operation did not happen.
	 *
	 * @param array<string, mixed> $data Details to merge.
	 */
	public function not_applied( JournalEntry $entry, string $message, array $data = array() ): JournalEntry {
		return $this->transition(
			$entry,
			JournalEntry::NOT_APPLIED,
			array(
				'message'        => $message,
				'next_check_gmt' => null,
				'gave_up'        => 0,
			),
			$data,
			JournalEntry::OPEN_STATES
		);
	}

	/**
	 * A check with Ecster could not decide: when to look again, or that automatic checks stop.
	 */
	public function checked( JournalEntry $entry, ?int $next_check, bool $gave_up, string $message ): JournalEntry {
		global $wpdb;
		$wpdb->update(
			Schema::table(),
			array(
				'checks'         => $entry->checks + 1,
				'next_check_gmt' => null === $next_check ? null : gmdate( 'Y-m-d H:i:s', $next_check ),
				'gave_up'        => $gave_up ? 1 : 0,
				'message'        => $message,
				'updated_gmt'    => gmdate( 'Y-m-d H:i:s' ),
			),
			array( 'id' => $entry->id )
		);
		return $this->find( $entry->id ) ?? $entry;
	}

	/**
	 * Merges details into an entry without changing its state (Swish status, new refund id).
	 *
	 * @param array<string, mixed> $data Details.
	 */
	public function update_data( JournalEntry $entry, array $data, ?int $refund_id = null ): JournalEntry {
		global $wpdb;
		$fresh  = $this->find( $entry->id ) ?? $entry;
		$fields = array(
			'data'        => (string) wp_json_encode( array_merge( $fresh->data, $data ) ),
			'updated_gmt' => gmdate( 'Y-m-d H:i:s' ),
		);
		if ( null !== $refund_id ) {
			$fields['refund_id'] = $refund_id;
		}
		$wpdb->update( Schema::table(), $fields, array( 'id' => $entry->id ) );
		return $this->find( $entry->id ) ?? $entry;
	}

	public function find( int $id ): ?JournalEntry {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Schema::table() . ' WHERE id = %d', $id ), ARRAY_A );
		return is_array( $row ) ? JournalEntry::from_row( $row ) : null;
	}

	/**
	 * Entries of an order, newest first.
	 *
	 * @return list<JournalEntry>
	 */
	public function for_order( int $order_id, int $limit = self::LIST_LIMIT ): array {
		global $wpdb;
		return $this->rows(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::table() . ' WHERE order_id = %d ORDER BY id DESC LIMIT %d', $order_id, $limit )
		);
	}

	/**
	 * Open (pending or unknown) entries of an order, oldest first.
	 *
	 * @return list<JournalEntry>
	 */
	public function open_for_order( int $order_id ): array {
		global $wpdb;
		return $this->rows(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::table() . " WHERE order_id = %d AND state IN ('pending','unknown') ORDER BY id ASC", $order_id )
		);
	}

	/**
	 * The entry that credits a WooCommerce refund (newest first), if any.
	 */
	public function for_refund( int $order_id, int $refund_id ): ?JournalEntry {
		global $wpdb;
		$rows = $this->rows(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::table() . ' WHERE order_id = %d AND refund_id = %d ORDER BY id DESC LIMIT 1', $order_id, $refund_id )
		);
		return $rows[0] ?? null;
	}

	/**
	 * Orders with unknown entries, running Swish refunds or credits waiting for their WooCommerce
	 * refund whose next check is due, and orders with
	 * pending entries (left by a process that died, or being sent right now: the reconciler then
	 * finds the order locked by its live writer and leaves it alone).
	 *
	 * @return list<int>
	 */
	public function orders_due( int $now, int $limit = 100 ): array {
		global $wpdb;
		$ids = $wpdb->get_col(
			$wpdb->prepare(
				'SELECT DISTINCT order_id FROM ' . Schema::table() . " WHERE ( state = 'unknown' AND gave_up = 0 AND next_check_gmt <= %s ) OR state = 'pending' OR ( state = 'confirmed' AND next_check_gmt IS NOT NULL AND next_check_gmt <= %s ) ORDER BY order_id LIMIT %d",
				gmdate( 'Y-m-d H:i:s', $now ),
				gmdate( 'Y-m-d H:i:s', $now ),
				$limit
			)
		);
		return array_map( 'intval', $ids );
	}

	/**
	 * Every order with an open entry (or a Swish refund still running, or a credit waiting for its
	 * WooCommerce refund), for `reconcile --all-pending`.
	 *
	 * @return list<int>
	 */
	public function orders_with_open_entries( int $limit = 1000 ): array {
		global $wpdb;
		$ids = $wpdb->get_col(
			$wpdb->prepare(
				'SELECT DISTINCT order_id FROM ' . Schema::table() . " WHERE state IN ('pending','unknown') OR ( state = 'confirmed' AND next_check_gmt IS NOT NULL ) ORDER BY order_id LIMIT %d",
				$limit
			)
		);
		return array_map( 'intval', $ids );
	}

	/**
	 * Sets the follow-up time of a confirmed entry (a running Swish refund, a credit waiting for its
	 * WooCommerce refund); null when nothing is left to follow.
	 */
	public function follow_up( JournalEntry $entry, ?int $next_check ): JournalEntry {
		global $wpdb;
		$wpdb->update(
			Schema::table(),
			array(
				'next_check_gmt' => null === $next_check ? null : gmdate( 'Y-m-d H:i:s', $next_check ),
				'checks'         => $entry->checks + 1,
				'updated_gmt'    => gmdate( 'Y-m-d H:i:s' ),
			),
			array( 'id' => $entry->id )
		);
		return $this->find( $entry->id ) ?? $entry;
	}

	/**
	 * @param array<string, mixed> $fields Columns to set.
	 * @param array<string, mixed> $data   Details to merge.
	 * @param list<string>         $from   States the entry may leave.
	 */
	private function transition( JournalEntry $entry, string $state, array $fields, array $data, array $from ): JournalEntry {
		global $wpdb;
		$fresh = $this->find( $entry->id ) ?? $entry;
		if ( ! in_array( $fresh->state, $from, true ) ) {
			// Someone resolved it meanwhile: their evidence stands.
			return $fresh;
		}
		$fields['state']       = $state;
		$fields['data']        = (string) wp_json_encode( array_merge( $fresh->data, $data ) );
		$fields['updated_gmt'] = gmdate( 'Y-m-d H:i:s' );
		$sets                  = array();
		$values                = array();
		foreach ( $fields as $column => $value ) {
			if ( null === $value ) {
				$sets[] = "{$column} = NULL";
				continue;
			}
			$sets[]   = "{$column} = " . ( is_int( $value ) ? '%d' : '%s' );
			$values[] = $value;
		}
		$placeholders = implode( ',', array_fill( 0, count( $from ), '%s' ) );
		$values[]     = $entry->id;
		$values       = array_merge( $values, $from );
		$wpdb->query(
			$wpdb->prepare(
				'UPDATE ' . Schema::table() . ' SET ' . implode( ', ', $sets ) . " WHERE id = %d AND state IN ({$placeholders})",
				$values
			)
		);
		return $this->find( $entry->id ) ?? $entry;
	}

	/**
	 * @return list<JournalEntry>
	 */
	private function rows( string $sql ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $sql, ARRAY_A );
		$out  = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			if ( is_array( $row ) ) {
				$out[] = JournalEntry::from_row( $row );
			}
		}
		return $out;
	}
}
