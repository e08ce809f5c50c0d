<?php
/**
 * Runner::run_many(): the runner's steps for several orders, with Ecster's requests side by side.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\Call;
use EcsterOM\Api\Calls;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Operations\EcsterView;
use EcsterOM\Orders\Operations\Operation;
use EcsterOM\Orders\Operations\Refusal;

/**
 * Every order goes through the very steps of Runner::run() (the runner's own methods do them);
 * only the waiting on Ecster is shared:
 *
 * 1. per order: managed, not nested, its lock (never waited for: a locked order answers `locked`);
 * 2. per order: the precheck from WooCommerce's records;
 * 3. all at once: one read of Ecster's order each (the view every later decision uses);
 * 4. per order: open questions settled, then the plan (Runner::decide());
 * 5. per order: the intent saved in the journal (Runner::begin()) — before anything is sent;
 * 6. all at once: the money requests (Operation::call()); an operation without call() is sent on
 *    its own with Operation::send();
 * 7. per order: the outcome written and recorded (Runner::conclude());
 * 8. the locks released, then the public actions (Runner::announce()).
 *
 * A process that dies between 6 and 7 leaves pending journal entries, exactly like one that dies in
 * Runner::run(): the reconciler settles them before anything new is sent for those orders.
 */
final class ConcurrentRun {

	public function __construct(
		private Runner $runner,
		private ClientInterface $client,
		private OrderLock $lock,
		private Journal $journal
	) {}

	/**
	 * @param array<array-key, array{0: \WC_Order, 1: Operation}> $jobs Order and operation by key.
	 * @return array<array-key, Result> By the same keys.
	 */
	public function run( array $jobs, string $trigger ): array {
		$results     = array();
		$admitted    = array();
		$settlements = array();
		$confirmed   = array();
		foreach ( $jobs as $key => list( $order, $operation ) ) {
			$refused = $this->runner->admit( $order, $operation, $trigger, 0.0, false );
			if ( null !== $refused ) {
				$results[ $key ] = $refused;
				continue;
			}
			$admitted[ $key ]    = $order;
			$settlements[ $key ] = new Settlement();
			$confirmed[ $key ]   = null;
		}
		try {
			$this->locked( $jobs, $admitted, $trigger, $settlements, $confirmed, $results );
		} finally {
			foreach ( $admitted as $order ) {
				$this->lock->release( $order->get_id() );
			}
		}
		foreach ( $admitted as $key => $order ) {
			$this->runner->announce( $order, $settlements[ $key ], $confirmed[ $key ], $trigger );
		}
		$ordered = array();
		foreach ( array_keys( $jobs ) as $key ) {
			$ordered[ $key ] = $results[ $key ];
		}
		return $ordered;
	}

	/**
	 * Steps 2 to 7 for the orders whose lock is held.
	 *
	 * @param array<array-key, array{0: \WC_Order, 1: Operation}> $jobs        All jobs.
	 * @param array<array-key, \WC_Order>                         $admitted    Orders whose lock is held.
	 * @param array<array-key, Settlement>                        $settlements Per order (out).
	 * @param array<array-key, JournalEntry|null>                 $confirmed   Per order: the entry Ecster's answer confirmed (out).
	 * @param array<array-key, Result>                            $results     Per order (out).
	 */
	private function locked( array $jobs, array $admitted, string $trigger, array &$settlements, array &$confirmed, array &$results ): void {
		// 2. Decisions from WooCommerce's records.
		$records = array();
		foreach ( $admitted as $key => $order ) {
			$record = new OrderRecord( $order, $this->journal );
			$early  = $jobs[ $key ][1]->precheck( $record );
			if ( null !== $early ) {
				$results[ $key ] = $early;
				continue;
			}
			$records[ $key ] = $record;
		}

		// 3. Ecster's orders, read side by side.
		$reads = Calls::send_all(
			$this->client,
			array_map( static fn( OrderRecord $record ): Call => Call::get_order( $record->reference() ), $records )
		);

		// 4. Open questions and plans, order by order.
		$views   = array();
		$planned = array();
		foreach ( $records as $key => $record ) {
			$view = new EcsterView( $this->client, $record->reference() );
			$read = $reads[ $key ];
			if ( $read instanceof \EcsterOM\Api\Order || $read instanceof ApiException ) {
				$view->seed( $read );
			}
			$views[ $key ] = $view;
			$decision      = $this->runner->decide( $record, $jobs[ $key ][1], $view, $trigger, $settlements[ $key ] );
			if ( $decision instanceof Result ) {
				$results[ $key ] = $decision;
				continue;
			}
			$planned[ $key ] = $decision;
		}

		// 5. Every intent saved before any request leaves.
		$entries    = array();
		$operations = array();
		foreach ( $planned as $key => list( $operation, $intent ) ) {
			$entry = $this->runner->begin( $records[ $key ], $operation, $intent, $trigger );
			if ( $entry instanceof Result ) {
				$results[ $key ] = $entry;
				continue;
			}
			$entries[ $key ]    = $entry;
			$operations[ $key ] = $operation;
		}

		// 6. The money requests, side by side (an operation without a call() on its own).
		$calls    = array();
		$outcomes = array();
		foreach ( $entries as $key => $entry ) {
			$call = $operations[ $key ]->call( $records[ $key ], $entry );
			if ( null !== $call ) {
				$calls[ $key ] = $call;
				continue;
			}
			try {
				$outcomes[ $key ] = $operations[ $key ]->send( $this->client, $records[ $key ], $entry );
			} catch ( Refusal | ApiException $e ) {
				$outcomes[ $key ] = $e;
			}
		}
		foreach ( Calls::send_all( $this->client, $calls ) as $key => $answer ) {
			if ( $answer instanceof ApiException ) {
				$outcomes[ $key ] = $answer;
				continue;
			}
			try {
				$outcomes[ $key ] = $operations[ $key ]->answer( $answer, $records[ $key ], $entries[ $key ] );
			} catch ( Refusal $refusal ) {
				$outcomes[ $key ] = $refusal;
			}
		}

		// 7. Each outcome written and recorded.
		foreach ( $entries as $key => $entry ) {
			$confirmed_entry   = null;
			$results[ $key ]   = $this->runner->conclude( $records[ $key ], $operations[ $key ], $entry, $outcomes[ $key ], $views[ $key ], $confirmed_entry );
			$confirmed[ $key ] = $confirmed_entry;
		}
	}
}
