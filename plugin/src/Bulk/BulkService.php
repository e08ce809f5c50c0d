<?php
/**
 * Bulk debits and annuls on Action Scheduler: start, run, retry, dismiss, follow up.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

use EcsterOM\Orders\Runner;

/**
 * A batch is started from the orders list (ListScreen), the REST API or WP-CLI. Starting it
 * writes a "queued" note on each order (which stays where it is), the batch record and its jobs:
 * Action Scheduler actions `ecster_om_bulk_run` (group `ecster-order-management`) of up to the
 * concurrency level's number of orders each. Action Scheduler claims actions from the database, so
 * any number of runners (its async request runner, WP-Cron, `wp action-scheduler run` workers on
 * several servers) share a batch; each runs its chunk through Worker, with the chunk's Ecster
 * requests side by side. Orders to retry get a new, delayed action.
 */
class BulkService {

	public const HOOK  = 'ecster_om_bulk_run';
	public const GROUP = 'ecster-order-management';

	/** Transient that spaces out nudges of the queue runner. */
	public const NUDGED        = 'ecster_om_bulk_nudged';
	public const NUDGE_SECONDS = 10;

	public function __construct(
		private BatchStore $store,
		private Worker $worker,
		private Selection $selection,
		private Throttle $throttle
	) {}

	public function store(): BatchStore {
		return $this->store;
	}

	public function selection(): Selection {
		return $this->selection;
	}

	public function worker(): Worker {
		return $this->worker;
	}

	public function throttle(): Throttle {
		return $this->throttle;
	}

	/**
	 * Starts a batch: a note on each order, the batch record, and (unless the caller runs it
	 * itself, as WP-CLI does) its queue jobs.
	 *
	 * @param string                $operation Batch::DEBIT or Batch::ANNUL.
	 * @param array<int, \WC_Order> $orders    Orders Selection::pick() took, by id.
	 * @param string                $trigger   Runner::TRIGGER_BULK (orders list), _REST or _CLI.
	 * @param bool                  $schedule  Queue the jobs.
	 */
	public function start( string $operation, array $orders, string $trigger, bool $schedule = true ): Batch {
		$origin = array(
			Runner::TRIGGER_CLI  => __( 'WP-CLI', 'ecster-order-management' ),
			Runner::TRIGGER_REST => __( 'REST API', 'ecster-order-management' ),
		)[ $trigger ] ?? __( 'bulk action', 'ecster-order-management' );
		foreach ( $orders as $order ) {
			$status = wc_get_order_status_name( $order->get_status() );
			$order->add_order_note(
				Batch::DEBIT === $operation
					? sprintf(
						/* translators: 1: what started it (bulk action, WP-CLI, REST API), 2: order status */
						__( 'Ecster debit queued (%1$s). The order stays %2$s until Ecster confirms the debit; then it is completed.', 'ecster-order-management' ),
						$origin,
						$status
					)
					: sprintf(
						/* translators: 1: what started it (bulk action, WP-CLI, REST API), 2: order status */
						__( 'Ecster annul queued (%1$s). The order stays %2$s until Ecster confirms the annul; then it is cancelled.', 'ecster-order-management' ),
						$origin,
						$status
					)
			);
		}
		$batch = $this->store->create( $operation, $trigger, get_current_user_id(), array_map( 'intval', array_keys( $orders ) ) );
		if ( $schedule ) {
			$this->enqueue( $batch, array_map( 'intval', array_keys( $orders ) ) );
		}
		return $batch;
	}

	/**
	 * Orders that wait in a batch not finished yet (queued or running): a second bulk action on them
	 * adds nothing (their job debits or annuls them; the lock keeps it to one operation at a time).
	 *
	 * @return array<int, true> Order ids.
	 */
	public function waiting_orders(): array {
		$waiting = array();
		foreach ( $this->store->all() as $batch ) {
			if ( $batch->is_finished() ) {
				continue;
			}
			foreach ( $this->store->items( $batch->id ) as $item ) {
				if ( $item->is_waiting() ) {
					$waiting[ $item->order_id ] = true;
				}
			}
		}
		return $waiting;
	}

	/**
	 * Queue jobs for orders of a batch: chunks of the concurrency level, now or after a delay.
	 *
	 * @param list<int> $order_ids Orders.
	 */
	public function enqueue( Batch $batch, array $order_ids, int $delay = 0 ): void {
		if ( array() === $order_ids || ! function_exists( 'as_enqueue_async_action' ) || ! function_exists( 'as_schedule_single_action' ) ) {
			return;
		}
		foreach ( array_chunk( $order_ids, $this->throttle->level() ) as $chunk ) {
			$args = array(
				'batch'  => $batch->id,
				'orders' => $chunk,
			);
			if ( $delay > 0 ) {
				as_schedule_single_action( time() + $delay, self::HOOK, $args, self::GROUP );
			} else {
				as_enqueue_async_action( self::HOOK, $args, self::GROUP );
			}
		}
	}

	/**
	 * Action Scheduler callback: runs one chunk, queues its retries, closes the batch when done.
	 *
	 * @param mixed $batch_id  Batch id.
	 * @param mixed $order_ids Orders of the chunk.
	 */
	public function run_job( $batch_id = '', $order_ids = array() ): void {
		$batch = $this->store->find( is_string( $batch_id ) ? $batch_id : '' );
		if ( null === $batch || ! is_array( $order_ids ) ) {
			return; // Dismissed meanwhile, or not one of ours.
		}
		$ids = array_values( array_filter( array_map( 'intval', $order_ids ), static fn( int $id ): bool => $id > 0 ) );
		foreach ( $this->worker->run( $batch, $ids ) as $delay => $again ) {
			$this->enqueue( $batch, $again, max( 1, (int) $delay ) );
		}
		$this->close_if_done( $batch );
	}

	/**
	 * "Retry failed": every failed or unknown order of the batch is queued again (attempts start
	 * over). Orders already done are never touched, and an order whose earlier operation did go
	 * through is recorded, not sent again (the runner settles open questions first).
	 *
	 * @return int Orders queued again.
	 */
	public function retry( Batch $batch, bool $schedule = true ): int {
		$again = array();
		foreach ( $this->store->items( $batch->id ) as $item ) {
			if ( ! in_array( $item->state, Item::RETRYABLE, true ) ) {
				continue;
			}
			if ( $this->store->replace( $item, $item->moved( Item::QUEUED, $item->code, $item->message, '', 0 ) ) ) {
				$again[] = $item->order_id;
			}
		}
		if ( array() !== $again ) {
			$this->store->save( $batch->with_finished( null ) );
			if ( $schedule ) {
				$this->enqueue( $batch, $again );
			}
		}
		return count( $again );
	}

	/**
	 * Removes a finished batch (its notice); false while orders still wait.
	 */
	public function dismiss( Batch $batch ): bool {
		$batch = $this->close_if_done( $batch );
		if ( ! $batch->is_finished() ) {
			return false;
		}
		$this->store->delete( $batch->id );
		return true;
	}

	/**
	 * Orders left "running" by a runner that died (longer than an order lock lives) are queued
	 * again; the runner that takes them settles what the dead one may have sent first.
	 *
	 * @param list<Item> $items The batch's items.
	 * @return list<Item> The items as they are now.
	 */
	public function recover( Batch $batch, array $items ): array {
		$stale = time() - Runner::lock_ttl() - 60;
		$again = array();
		$out   = array();
		foreach ( $items as $item ) {
			if ( Item::RUNNING === $item->state && $item->updated < $stale ) {
				$queued = $item->moved( Item::QUEUED, $item->code, $item->message, '', $item->attempts );
				if ( $this->store->replace( $item, $queued ) ) {
					$again[] = $item->order_id;
					$item    = $queued;
				}
			}
			$out[] = $item;
		}
		$this->enqueue( $batch, $again );
		return $out;
	}

	/**
	 * The batch as the notice and the REST API show it (BatchView), after queuing again what a
	 * runner that died left behind.
	 *
	 * @return array<string, mixed>
	 */
	public function present( Batch $batch ): array {
		$items = $this->store->items( $batch->id );
		if ( ! $batch->is_finished() ) {
			$items = $this->recover( $batch, $items );
			$batch = $this->close_if_done( $batch, $items );
		}
		return BatchView::batch( $batch, $items );
	}

	/**
	 * Every batch kept, presented, newest first.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function present_all(): array {
		$views = array_map( array( $this, 'present' ), $this->store->all() );
		foreach ( $views as $view ) {
			if ( empty( $view['finished'] ) ) {
				$this->nudge();
				break;
			}
		}
		return $views;
	}

	/**
	 * While someone follows a running batch (the notice asks every few seconds), makes sure a queue
	 * runner works on it: Action Scheduler starts its async runner at most once a minute from an admin
	 * page and WP-Cron every minute, so a batch started just after another runner finished could
	 * wait that long. At most every NUDGE_SECONDS, this asks Action Scheduler's async runner to start,
	 * which it does only when actions are due and its limit of concurrent runners allows.
	 */
	public function nudge(): void {
		if ( ! class_exists( \ActionScheduler_AsyncRequest_QueueRunner::class ) || ! class_exists( \ActionScheduler::class ) || false !== get_transient( self::NUDGED ) ) {
			return;
		}
		set_transient( self::NUDGED, 1, self::NUDGE_SECONDS );
		( new \ActionScheduler_AsyncRequest_QueueRunner( \ActionScheduler::store() ) )->maybe_dispatch();
	}

	/**
	 * `action_scheduler_queue_runner_batch_size`: while bulk jobs wait, a runner started by WP-Cron or
	 * the async request claims one action at a time instead of 25. Each bulk job is already a chunk of
	 * orders sent side by side; claiming them one by one lets every runner that is working (several
	 * web servers, `wp action-scheduler run` workers) take its share of a batch, instead of the first
	 * runner claiming all of it and running it alone. The runner keeps claiming until the queue is
	 * empty, so other actions are not slowed down beyond one claim query each.
	 *
	 * @param mixed $size Actions a runner claims at once.
	 * @return mixed
	 */
	public static function claim_size( $size ) {
		if ( ! is_numeric( $size ) || (int) $size <= 1 || ! function_exists( 'as_has_scheduled_action' ) ) {
			return $size;
		}
		return as_has_scheduled_action( self::HOOK, null, self::GROUP ) ? 1 : $size;
	}

	/**
	 * Marks the batch finished once no order waits any more (or open again when one does).
	 *
	 * @param list<Item>|null $items The batch's items, when already read.
	 */
	public function close_if_done( Batch $batch, ?array $items = null ): Batch {
		$items   = $items ?? $this->store->items( $batch->id );
		$waiting = array_filter( $items, static fn( Item $item ): bool => $item->is_waiting() );
		if ( array() === $waiting && ! $batch->is_finished() ) {
			$batch = $batch->with_finished( time() );
			$this->store->save( $batch );
		} elseif ( array() !== $waiting && $batch->is_finished() ) {
			$batch = $batch->with_finished( null );
			$this->store->save( $batch );
		}
		return $batch;
	}

	/**
	 * `ecster_om_debited` / `ecster_om_annulled`: an operation confirmed outside a bulk job (the
	 * reconciler found a lost answer, or the merchant retried on the order screen) settles the
	 * order's failed or unknown item.
	 *
	 * @param mixed  $order          The order.
	 * @param mixed  $transaction_id Ecster's transaction id.
	 * @param string $operation      Batch::DEBIT or Batch::ANNUL.
	 */
	public function confirmed_elsewhere( $order, $transaction_id, string $operation ): void {
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		foreach ( $this->store->all() as $batch ) {
			if ( $batch->operation !== $operation ) {
				continue;
			}
			$item = $this->store->item( $batch->id, $order->get_id() );
			if ( null === $item || ! in_array( $item->state, Item::RETRYABLE, true ) ) {
				continue;
			}
			$message = Batch::DEBIT === $operation
				? __( 'Debited: Ecster confirmed the debit later.', 'ecster-order-management' )
				: __( 'Annulled: Ecster confirmed the annul later.', 'ecster-order-management' );
			if ( $this->store->replace( $item, $item->moved( Item::DONE, 'confirmed_later', $message, is_scalar( $transaction_id ) ? (string) $transaction_id : '' ) ) ) {
				$this->close_if_done( $batch );
			}
		}
	}
}
