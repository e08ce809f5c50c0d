<?php
/**
 * Runs a chunk of a batch: the orders' debits or annuls, several at once.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

use EcsterOM\Orders\Operations\OperationFactory;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\Runner;

/**
 * One queue job (or one round of `wp ecster-om debit …`): takes the chunk's queued orders (a
 * compare-and-swap queued → running, so two runners never take the same order), then sends them
 * through Runner::run_many() in groups of the concurrency level — every order with its own lock,
 * open questions settled first, intent in the journal before the request, outcome recorded.
 *
 * Each outcome becomes the item's state:
 * - success (debited, already debited, annulled…) → the order is completed (or cancelled) now that
 *   Ecster confirmed it; StatusGuard lets the change through because the debit is recorded;
 * - Ecster busy or unreachable (timeout, 5xx, 429, an earlier outcome still open, the order
 *   locked by another request) → queued again with backoff, until the last attempt; a 429 also
 *   halves the concurrency level (Throttle);
 * - after the last attempt: an outcome still unknown stays "unknown" (the reconciler follows it
 *   up as for any order; when it finds the debit the item turns done), anything else "failed";
 * - a refusal (exceeds the reservation, annulled in Ecster, 4424 …) → failed, with Ecster's reason.
 */
class Worker {

	/** Results worth another try: Ecster may well say yes later, and nothing is sent blindly. */
	public const RETRY_CODES = array(
		Result::RATE_LIMITED,
		Result::OUTCOME_UNKNOWN,
		Result::ECSTER_UNREACHABLE,
		Result::OUTCOME_PENDING,
		Result::LOCKED,
		Result::NESTED_OPERATION,
		Result::JOURNAL_UNAVAILABLE,
	);

	/** Seconds before each retry (attempt 2, 3, …); then the order fails (or stays unknown). */
	public const RETRY_DELAYS = array( 15, 60, 240, 900 );

	public function __construct(
		private BatchStore $store,
		private Runner $runner,
		private OperationFactory $operations,
		private Throttle $throttle
	) {}

	/**
	 * Seconds before each retry (filter `ecster_om_bulk_retry_delays`).
	 *
	 * @return list<int>
	 */
	public static function retry_delays(): array {
		/**
		 * Seconds a bulk job waits before each retry of an order (timeout, 5xx, 429, locked); the
		 * number of entries is the number of retries.
		 *
		 * @param list<int> $delays Default 15, 60, 240, 900.
		 */
		$delays = apply_filters( 'ecster_om_bulk_retry_delays', self::RETRY_DELAYS );
		$delays = is_array( $delays ) ? array_values( array_map( static fn( $d ): int => max( 0, (int) $d ), $delays ) ) : self::RETRY_DELAYS;
		return $delays;
	}

	/**
	 * Runs the chunk's orders that are still queued.
	 *
	 * @param list<int>      $order_ids The chunk.
	 * @param int|null       $level     Requests at once (null: the setting, lowered after a 429).
	 * @param list<int>|null $delays    Seconds before each retry (null: retry_delays()).
	 * @param callable|null  $progress  fn( Item $item ): void after each order's outcome.
	 * @return array<int, list<int>> Orders queued again, by seconds to wait.
	 */
	public function run( Batch $batch, array $order_ids, ?int $level = null, ?array $delays = null, ?callable $progress = null ): array {
		$delays  = $delays ?? self::retry_delays();
		$claimed = $this->claim( $batch, $order_ids );
		$retry   = array();
		$waiting = array_keys( $claimed );
		$level   = $this->throttle->level( $level );
		while ( array() !== $waiting ) {
			$group   = array_splice( $waiting, 0, $level );
			$orders  = $this->load( $group );
			$jobs    = array();
			$results = array();
			foreach ( $group as $order_id ) {
				$order = $orders[ $order_id ] ?? null;
				if ( null === $order ) {
					$results[ $order_id ] = Result::failure( 'order_not_found', __( 'The order no longer exists.', 'ecster-order-management' ) );
					continue;
				}
				$jobs[ $order_id ] = array( $order, Batch::DEBIT === $batch->operation ? $this->operations->debit() : $this->operations->annul() );
			}
			$results += $this->runner->run_many( $jobs, $this->trigger( $batch ) );
			$limited  = false;
			foreach ( $group as $order_id ) {
				$result               = $results[ $order_id ];
				$limited              = $limited || Result::RATE_LIMITED === $result->code();
				$item                 = $this->outcome( $batch, $claimed[ $order_id ], $orders[ $order_id ] ?? null, $result, $delays );
				$claimed[ $order_id ] = $item;
				if ( Item::QUEUED === $item->state ) {
					$retry[ max( 0, $item->due - time() ) ][] = $order_id;
				}
				if ( null !== $progress ) {
					$progress( $item );
				}
			}
			if ( $limited ) {
				$level = min( $level, $this->throttle->rate_limited( count( $group ) ) );
			}
		}
		ksort( $retry );
		return $retry;
	}

	/**
	 * The journal's trigger for the batch's operations: what started the batch.
	 */
	private function trigger( Batch $batch ): string {
		return in_array( $batch->trigger, array( Runner::TRIGGER_CLI, Runner::TRIGGER_REST ), true ) ? $batch->trigger : Runner::TRIGGER_BULK;
	}

	/**
	 * Takes the chunk's queued orders (queued → running); orders another runner took, or that are
	 * no longer queued, are left alone.
	 *
	 * @param list<int> $order_ids Orders.
	 * @return array<int, Item> Taken items by order id.
	 */
	private function claim( Batch $batch, array $order_ids ): array {
		$claimed = array();
		foreach ( array_unique( $order_ids ) as $order_id ) {
			$item = $this->store->item( $batch->id, (int) $order_id );
			if ( null === $item || Item::QUEUED !== $item->state ) {
				continue;
			}
			$running = $item->moved( Item::RUNNING, $item->code, $item->message, '', $item->attempts );
			if ( $this->store->replace( $item, $running ) ) {
				$claimed[ $item->order_id ] = $running;
			}
		}
		return $claimed;
	}

	/**
	 * The orders, loaded together (one query for the lot).
	 *
	 * @param list<int> $order_ids Orders.
	 * @return array<int, \WC_Order>
	 */
	private function load( array $order_ids ): array {
		if ( array() === $order_ids ) {
			return array();
		}
		/** @var mixed $found */
		$found  = wc_get_orders(
			array(
				'post__in' => $order_ids,
				'type'     => 'shop_order',
				'status'   => array_keys( wc_get_order_statuses() ),
				'limit'    => -1,
			)
		);
		$orders = array();
		foreach ( is_array( $found ) ? $found : array() as $order ) {
			if ( $order instanceof \WC_Order ) {
				$orders[ $order->get_id() ] = $order;
			}
		}
		return $orders;
	}

	/**
	 * Records one order's outcome and moves the order where Ecster's answer says.
	 *
	 * @param list<int> $delays Seconds before each retry.
	 */
	private function outcome( Batch $batch, Item $item, ?\WC_Order $order, Result $result, array $delays ): Item {
		$attempts = $item->attempts + 1;
		$message  = wp_strip_all_tags( $result->message() );
		if ( $result->is_success() ) {
			if ( null !== $order ) {
				$this->finish_order( $batch, $order );
			}
			$done = $item->moved( Item::DONE, $result->code(), $message, $result->transaction_id(), $attempts );
			$this->store->replace( $item, $done );
			return $done;
		}
		$retryable = in_array( $result->code(), self::RETRY_CODES, true );
		if ( $retryable && $attempts <= count( $delays ) ) {
			$again = $item->moved( Item::QUEUED, $result->code(), $message, '', $attempts, time() + $delays[ $attempts - 1 ] );
			$this->store->replace( $item, $again );
			return $again;
		}
		$unknown = in_array( $result->code(), array( Result::OUTCOME_UNKNOWN, Result::OUTCOME_PENDING ), true );
		$final   = $item->moved( $unknown ? Item::UNKNOWN : Item::FAILED, $result->code(), $message, $result->transaction_id(), $attempts );
		$this->store->replace( $item, $final );
		if ( $retryable && null !== $order ) {
			$order->add_order_note(
				sprintf(
					/* translators: 1: operation (debit, annul), 2: number of attempts */
					_n( 'Bulk Ecster %1$s stopped after %2$d attempt; see the notes above. Use "Retry failed" on the orders list, or change the status again, to try once more.', 'Bulk Ecster %1$s stopped after %2$d attempts; see the notes above. Use "Retry failed" on the orders list, or change the status again, to try once more.', $attempts, 'ecster-order-management' ),
					Batch::DEBIT === $batch->operation ? __( 'debit', 'ecster-order-management' ) : __( 'annul', 'ecster-order-management' ),
					$attempts
				)
			);
		}
		return $final;
	}

	/**
	 * Ecster confirmed: the order reaches Completed (debit) or Cancelled (annul) now.
	 */
	private function finish_order( Batch $batch, \WC_Order $order ): void {
		if ( Batch::DEBIT === $batch->operation ) {
			if ( $order->has_status( array( 'processing', 'on-hold' ) ) ) {
				$order->update_status( 'completed', __( 'Completed after the Ecster debit of a bulk action.', 'ecster-order-management' ) );
			}
			return;
		}
		if ( ! $order->has_status( 'cancelled' ) ) {
			$order->update_status( 'cancelled', __( 'Cancelled after the Ecster annul of a bulk action.', 'ecster-order-management' ) );
		}
	}
}
