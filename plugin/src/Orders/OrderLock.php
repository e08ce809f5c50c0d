<?php
/**
 * A per-order lock that works across PHP processes.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

/**
 * Makes sure only one request at a time sends transactions to Ecster for an order (double
 * clicks, two browser tabs, a status hook racing the REST route, several PHP workers).
 *
 * Design: one row in the options table per locked order, `ecster_om_lock_<orderId>`, created with
 * a single `INSERT IGNORE` on the table's unique `option_name` key. The database decides who wins:
 * exactly one concurrent INSERT affects a row, on MySQL/MariaDB and on SQLite (the SQLite
 * integration translates it to `INSERT OR IGNORE`). `add_option()` is not used on purpose: it
 * reads first and then writes with `ON DUPLICATE KEY UPDATE`, so two processes could both "win".
 *
 * The row holds `<expiry timestamp>|<random token>`; the owner renews the expiry before each request
 * to Ecster (renew()), so a lock always outlives the request it guards:
 * - release deletes the row only when it still holds our token (a lock that expired and was taken
 *   over by someone else is never removed by the slow first owner);
 * - a lock whose expiry has passed (the PHP process died) is removed with a DELETE that matches the
 *   exact stale value, then taken with the same atomic INSERT; of two processes that both see the
 *   stale row only one INSERT succeeds.
 * The rows are not autoloaded and never go through the options cache (no object-cache staleness).
 *
 * Locks held by this process are remembered so a nested call (a REST debit that completes the
 * order, which fires the Completed status hook in the same request) can be recognised.
 */
class OrderLock {

	public const PREFIX = 'ecster_om_lock_';

	/** Seconds a lock lives when its owner never releases it and never renews it. */
	public const DEFAULT_TTL = 180;

	/** @var array<int, string> order id => value of the lock row this process holds. */
	private array $held = array();

	public function __construct( private int $ttl = self::DEFAULT_TTL ) {}

	/**
	 * Tries to take the lock of an order.
	 *
	 * @param int      $order_id     WooCommerce order id.
	 * @param float    $wait_seconds How long to keep trying when another process holds it (0 = once).
	 * @param int|null $ttl          Seconds the lock lives unless renewed (default: the constructor's).
	 */
	public function acquire( int $order_id, float $wait_seconds = 0.0, ?int $ttl = null ): bool {
		if ( isset( $this->held[ $order_id ] ) ) {
			return false;
		}
		$deadline = microtime( true ) + max( 0.0, $wait_seconds );
		do {
			if ( $this->try_acquire( $order_id, $ttl ?? $this->ttl ) ) {
				return true;
			}
			if ( microtime( true ) >= $deadline ) {
				return false;
			}
			usleep( 200000 );
		} while ( true );
	}

	/**
	 * Extends a lock this process holds by `$ttl` seconds from now (before each request to Ecster,
	 * so the lock outlives the request it guards). False when the lock is no longer ours.
	 */
	public function renew( int $order_id, int $ttl ): bool {
		if ( ! isset( $this->held[ $order_id ] ) ) {
			return false;
		}
		global $wpdb;
		$value    = ( time() + $ttl ) . '|' . substr( (string) strrchr( $this->held[ $order_id ], '|' ), 1 );
		$affected = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
				$value,
				self::PREFIX . $order_id,
				$this->held[ $order_id ]
			)
		);
		if ( 1 === (int) $affected || $value === $this->held[ $order_id ] ) {
			$this->held[ $order_id ] = $value;
			return true;
		}
		return false;
	}

	/**
	 * Seconds until the lock row of an order expires (negative when expired), null when unlocked.
	 */
	public function expires_in( int $order_id ): ?int {
		$current = $this->read( $order_id );
		return null === $current ? null : (int) strtok( $current, '|' ) - time();
	}

	/**
	 * Releases the lock if this process holds it.
	 */
	public function release( int $order_id ): void {
		if ( ! isset( $this->held[ $order_id ] ) ) {
			return;
		}
		global $wpdb;
		$wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s",
				self::PREFIX . $order_id,
				$this->held[ $order_id ]
			)
		);
		unset( $this->held[ $order_id ] );
	}

	/**
	 * True when this PHP process holds the order's lock.
	 */
	public function is_held_here( int $order_id ): bool {
		return isset( $this->held[ $order_id ] );
	}

	/**
	 * True when any process holds an unexpired lock for the order (for the order state).
	 */
	public function is_locked( int $order_id ): bool {
		if ( isset( $this->held[ $order_id ] ) ) {
			return true;
		}
		$current = $this->read( $order_id );
		return null !== $current && ! $this->is_expired( $current );
	}

	private function try_acquire( int $order_id, int $ttl ): bool {
		global $wpdb;
		$name  = self::PREFIX . $order_id;
		$value = ( time() + $ttl ) . '|' . wp_generate_uuid4();

		if ( $this->insert( $name, $value ) ) {
			$this->held[ $order_id ] = $value;
			return true;
		}

		$current = $this->read( $order_id );
		if ( null === $current ) {
			// Released between our INSERT and SELECT: one more atomic attempt.
			if ( $this->insert( $name, $value ) ) {
				$this->held[ $order_id ] = $value;
				return true;
			}
			return false;
		}
		if ( ! $this->is_expired( $current ) ) {
			return false;
		}
		// Stale lock of a process that died: remove exactly that row, then compete atomically.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", $name, $current ) );
		if ( $this->insert( $name, $value ) ) {
			$this->held[ $order_id ] = $value;
			return true;
		}
		return false;
	}

	/**
	 * One atomic INSERT IGNORE of the lock row: true when this call created it.
	 *
	 * @phpstan-impure Writes to the database; two calls with the same arguments can differ.
	 */
	private function insert( string $name, string $value ): bool {
		global $wpdb;
		$suppress = $wpdb->suppress_errors( true );
		$affected = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')",
				$name,
				$value
			)
		);
		$wpdb->suppress_errors( $suppress );
		return 1 === (int) $affected;
	}

	/**
	 * The current value of the order's lock row, null when there is none.
	 *
	 * @phpstan-impure Reads the database, which other processes change.
	 */
	private function read( int $order_id ): ?string {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::PREFIX . $order_id ) );
		return is_string( $value ) ? $value : null;
	}

	private function is_expired( string $value ): bool {
		$expiry = (int) strtok( $value, '|' );
		return $expiry < time();
	}
}
