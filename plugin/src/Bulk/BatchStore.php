<?php
/**
 * Where batches and their orders' progress are kept.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

// Table and option names come from $wpdb and constants; every value goes through prepare().
// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching

/**
 * Rows of the options table, never autoloaded and never read through the options cache (several
 * queue runners write them at once, like the order locks):
 *
 * - `ecster_om_bulk_<batch id>`: the batch (JSON: operation, trigger, user, created, finished, total);
 * - `ecster_om_bulk_<batch id>_<order id>`: one per order (JSON: Item).
 *
 * Keyed by WooCommerce order id, so it does not matter how WooCommerce stores orders (HPOS or
 * posts). One row per order means runners never overwrite each other's progress; state changes
 * are compare-and-swap (`UPDATE … WHERE option_value = <what was read>`). Uninstall removes them
 * with every other `ecster_om_` option; a dismissed batch is deleted at once, a finished one that
 * nobody dismissed after KEEP_DAYS days the next time batches are listed.
 */
class BatchStore {

	public const PREFIX = 'ecster_om_bulk_';

	/** Batch ids: 12 lower-case hex digits. */
	public const ID_PATTERN = '/^[a-f0-9]{12}$/';

	/** Days a finished batch stays when nobody dismisses it. */
	public const KEEP_DAYS = 30;

	/**
	 * A new batch with every order queued.
	 *
	 * @param list<int> $order_ids Orders, each once.
	 */
	public function create( string $operation, string $trigger, int $user_id, array $order_ids ): Batch {
		global $wpdb;
		$id    = substr( md5( wp_generate_uuid4() ), 0, 12 );
		$now   = time();
		$batch = new Batch( $id, $operation, $trigger, $user_id, $now, null, count( $order_ids ) );
		$rows  = array( array( self::PREFIX . $id, $this->encode( $batch->to_array() ) ) );
		foreach ( $order_ids as $order_id ) {
			$item   = new Item( $id, $order_id, Item::QUEUED, '', '', '', 0, $now );
			$rows[] = array( $this->item_name( $id, $order_id ), $this->encode( $item->to_array() ) );
		}
		foreach ( array_chunk( $rows, 200 ) as $chunk ) {
			$values = array();
			$sql    = array();
			foreach ( $chunk as list( $name, $value ) ) {
				$sql[]    = "(%s, %s, 'off')";
				$values[] = $name;
				$values[] = $value;
			}
			$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES " . implode( ', ', $sql ), $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- placeholders only.
		}
		return $batch;
	}

	public function find( string $id ): ?Batch {
		if ( 1 !== preg_match( self::ID_PATTERN, $id ) ) {
			return null;
		}
		$value = $this->read( self::PREFIX . $id );
		return null === $value ? null : Batch::from_array( $id, $this->decode( $value ) );
	}

	public function save( Batch $batch ): void {
		global $wpdb;
		$wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s",
				$this->encode( $batch->to_array() ),
				self::PREFIX . $batch->id
			)
		);
	}

	/**
	 * Every batch kept, newest first (finished batches older than KEEP_DAYS are removed first).
	 *
	 * @return list<Batch>
	 */
	public function all(): array {
		global $wpdb;
		$rows    = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s",
				$wpdb->esc_like( self::PREFIX ) . str_repeat( '_', 12 )
			),
			ARRAY_A
		);
		$batches = array();
		$expired = time() - self::KEEP_DAYS * DAY_IN_SECONDS;
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$id = substr( (string) $row['option_name'], strlen( self::PREFIX ) );
			if ( 1 !== preg_match( self::ID_PATTERN, $id ) ) {
				continue;
			}
			$batch = Batch::from_array( $id, $this->decode( (string) $row['option_value'] ) );
			if ( null !== $batch->finished && $batch->finished < $expired ) {
				$this->delete( $id );
				continue;
			}
			$batches[] = $batch;
		}
		usort( $batches, static fn( Batch $a, Batch $b ): int => array( $b->created, $b->id ) <=> array( $a->created, $a->id ) );
		return $batches;
	}

	/**
	 * The batch's orders, by order id.
	 *
	 * @return list<Item>
	 */
	public function items( string $id ): array {
		global $wpdb;
		$rows  = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s",
				$wpdb->esc_like( self::PREFIX . $id . '_' ) . '%'
			),
			ARRAY_A
		);
		$items = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$order_id = substr( (string) $row['option_name'], strlen( self::PREFIX . $id . '_' ) );
			if ( 1 === preg_match( '/^\d+$/', $order_id ) ) {
				$items[] = Item::from_array( $id, (int) $order_id, $this->decode( (string) $row['option_value'] ) );
			}
		}
		usort( $items, static fn( Item $a, Item $b ): int => $a->order_id <=> $b->order_id );
		return $items;
	}

	public function item( string $id, int $order_id ): ?Item {
		$value = $this->read( $this->item_name( $id, $order_id ) );
		return null === $value ? null : Item::from_array( $id, $order_id, $this->decode( $value ) );
	}

	/**
	 * Items of an order in any batch (newest batch first).
	 *
	 * @return list<Item>
	 */
	public function items_of_order( int $order_id ): array {
		$items = array();
		foreach ( $this->all() as $batch ) {
			$item = $this->item( $batch->id, $order_id );
			if ( null !== $item ) {
				$items[] = $item;
			}
		}
		return $items;
	}

	/**
	 * Replaces an item only if it is still exactly what was read (another runner may have moved it).
	 */
	public function replace( Item $was, Item $now ): bool {
		global $wpdb;
		$affected = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
				$this->encode( $now->to_array() ),
				$this->item_name( $was->batch_id, $was->order_id ),
				$this->encode( $was->to_array() )
			)
		);
		return 1 === (int) $affected;
	}

	/**
	 * Removes the batch and its orders' progress.
	 */
	public function delete( string $id ): void {
		global $wpdb;
		if ( 1 !== preg_match( self::ID_PATTERN, $id ) ) {
			return;
		}
		$wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name = %s OR option_name LIKE %s",
				self::PREFIX . $id,
				$wpdb->esc_like( self::PREFIX . $id . '_' ) . '%'
			)
		);
	}

	private function item_name( string $id, int $order_id ): string {
		return self::PREFIX . $id . '_' . $order_id;
	}

	private function read( string $name ): ?string {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
		return is_string( $value ) ? $value : null;
	}

	/**
	 * @param array<string, mixed> $data Fields.
	 */
	private function encode( array $data ): string {
		return (string) wp_json_encode( $data );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function decode( string $value ): array {
		$data = json_decode( $value, true );
		return is_array( $data ) ? $data : array();
	}
}
