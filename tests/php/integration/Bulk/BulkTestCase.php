<?php
/**
 * Helpers of the bulk debit/annul integration tests.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Bulk;

use EcsterOM\Bulk\Batch;
use EcsterOM\Bulk\BulkService;
use EcsterOM\Bulk\Item;
use EcsterOM\Bulk\Throttle;
use EcsterOM\Tests\Integration\Orders\OrdersTestCase;

abstract class BulkTestCase extends OrdersTestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->forget_batches();
		delete_transient( Throttle::TRANSIENT );
		// Retries come at once in tests: the queue is drained by hand.
		$this->add_test_filter( 'ecster_om_bulk_retry_delays', static fn(): array => array( 1, 1, 1, 1 ) );
	}

	protected function tearDown(): void {
		$this->sandbox()->reset_config();
		$this->forget_batches();
		delete_transient( Throttle::TRANSIENT );
		unset( $GLOBALS['current_screen'] );
		parent::tearDown();
	}

	protected function service(): BulkService {
		return $this->plugin()->bulk();
	}

	/**
	 * What WooCommerce's orders list does with a bulk "Change status to …": the ids go through
	 * `woocommerce_bulk_action_ids` (this plugin queues its orders there), then WooCommerce changes
	 * the status of the ids it got back, one by one, as its list table does.
	 *
	 * @param list<int> $ids    Selected orders.
	 * @param string    $action mark_completed or mark_cancelled.
	 * @return list<int> The ids WooCommerce handled itself.
	 */
	protected function bulk_action( array $ids, string $action ): array {
		$this->as_user( 'administrator' );
		// The orders list's screen, as far as is_admin() asks (the tests run outside wp-admin).
		$GLOBALS['current_screen'] = new class() {
			public string $id = 'woocommerce_page_wc-orders';

			public function in_admin(): bool {
				return true;
			}
		};
		try {
			$left = apply_filters( 'woocommerce_bulk_action_ids', $ids, $action, 'order' );
		} finally {
			unset( $GLOBALS['current_screen'] );
		}
		foreach ( $left as $id ) {
			$order = wc_get_order( $id );
			$order->update_status( substr( $action, 5 ), 'Order status changed by bulk edit.', true );
		}
		return array_values( $left );
	}

	/**
	 * Runs the queue's bulk jobs, whenever they are scheduled, until none is left.
	 */
	protected function drain( int $rounds = 20 ): void {
		for ( $i = 0; $i < $rounds; $i++ ) {
			$ids = as_get_scheduled_actions(
				array(
					'hook'     => BulkService::HOOK,
					'status'   => \ActionScheduler_Store::STATUS_PENDING,
					'per_page' => 200,
				),
				'ids'
			);
			if ( array() === $ids ) {
				return;
			}
			foreach ( $ids as $id ) {
				\ActionScheduler_QueueRunner::instance()->process_action( (int) $id, 'ecster-om-tests' );
			}
		}
		$this->fail( 'The bulk jobs did not drain.' );
	}

	/**
	 * The newest batch.
	 */
	protected function batch(): Batch {
		$batches = $this->service()->store()->all();
		$this->assertNotEmpty( $batches, 'A batch was started.' );
		return $batches[0];
	}

	/**
	 * The batch's items by order id.
	 *
	 * @return array<int, Item>
	 */
	protected function items( Batch $batch ): array {
		$items = array();
		foreach ( $this->service()->store()->items( $batch->id ) as $item ) {
			$items[ $item->order_id ] = $item;
		}
		return $items;
	}

	/**
	 * @return list<\WC_Order>
	 */
	protected function orders( int $count, array $args = array() ): array {
		$orders = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$orders[] = $this->create_managed_order( $args );
		}
		return $orders;
	}

	/**
	 * @param list<\WC_Order> $orders Orders.
	 * @return list<int>
	 */
	protected function ids( array $orders ): array {
		return array_map( static fn( \WC_Order $order ): int => $order->get_id(), $orders );
	}

	/**
	 * DEBIT requests the sandbox received for one order.
	 */
	protected function debit_posts( \WC_Order $order ): int {
		$reference = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		return count( array_filter( $this->sandbox()->transaction_requests( 'DEBIT' ), static fn( array $r ): bool => str_contains( (string) $r['path'], $reference ) ) );
	}

	private function forget_batches(): void {
		if ( function_exists( 'as_unschedule_all_actions' ) ) {
			as_unschedule_all_actions( BulkService::HOOK );
		}
		foreach ( $this->service()->store()->all() as $batch ) {
			$this->service()->store()->delete( $batch->id );
		}
	}
}
