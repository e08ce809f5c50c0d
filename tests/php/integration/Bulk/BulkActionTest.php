<?php
/**
 * The orders list's bulk "Change status to completed / cancelled" on managed orders: queued, not
 * changed, until a queue job has Ecster's confirmation.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Bulk;

use EcsterOM\Bulk\Item;

final class BulkActionTest extends BulkTestCase {

	public function test_completing_in_bulk_queues_the_managed_orders_where_they_are_and_the_jobs_debit_then_complete_them(): void {
		$managed   = $this->orders( 3 );
		$on_hold   = $this->create_managed_order( array( 'status' => 'on-hold' ) );
		$unmanaged = $this->create_managed_order( array( 'payment_method' => 'bacs' ) );
		$selected  = array_merge( $this->ids( $managed ), array( $on_hold->get_id(), $unmanaged->get_id() ) );

		$left = $this->bulk_action( $selected, 'mark_completed' );

		$this->assertSame( array( $unmanaged->get_id() ), $left, 'Only the order this plugin does not manage is left to WooCommerce.' );
		$this->assertSame( 'completed', $this->reload( $unmanaged )->get_status(), 'WooCommerce completes it as usual.' );
		foreach ( array_merge( $managed, array( $on_hold ) ) as $order ) {
			$fresh = $this->reload( $order );
			$this->assertSame( $order->get_status(), $fresh->get_status(), 'A queued order stays where it was.' );
			$this->assert_note_contains( $fresh, 'Ecster debit queued (bulk action)' );
		}
		$this->assertSame( array(), $this->ecster_requests(), 'The bulk request itself sends nothing to Ecster.' );
		$batch = $this->batch();
		$this->assertSame( 'debit', $batch->operation );
		$this->assertSame( 4, $batch->total );
		$this->assertFalse( $batch->is_finished() );

		$this->drain();

		foreach ( array_merge( $managed, array( $on_hold ) ) as $order ) {
			$fresh = $this->reload( $order );
			$this->assertSame( 'completed', $fresh->get_status() );
			$this->assertSame( $this->stored( $fresh, 'DEBIT' )[0]['id'], $fresh->get_meta( '_ecster_order_captured_id' ) );
			$this->assertSame( 1, $this->debit_posts( $fresh ) );
		}
		$items = $this->items( $batch );
		$this->assertSame( array( Item::DONE ), array_values( array_unique( array_map( static fn( Item $i ): string => $i->state, $items ) ) ) );
		$this->assertTrue( $this->service()->store()->find( $batch->id )->is_finished() );
		$this->assertNull( $this->service()->store()->item( $batch->id, $unmanaged->get_id() ) );
	}

	public function test_the_legacy_orders_list_is_handled_the_same_way(): void {
		// WooCommerce refuses the switch while orders are out of sync (the tests' HPOS orders are not
		// copied to posts): the option is written directly, and back again afterwards.
		$before = (string) get_option( 'woocommerce_custom_orders_table_enabled' );
		$this->orders_storage( 'no' );
		try {
			$this->assertFalse( \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() );
			$orders = $this->orders( 2 );
			$this->assertSame( 'shop_order', get_post_type( $orders[0]->get_id() ), 'The orders are posts.' );

			$this->assertSame( array(), $this->bulk_action( $this->ids( $orders ), 'mark_completed' ) );
			foreach ( $orders as $order ) {
				$this->assertSame( 'processing', $this->reload( $order )->get_status() );
			}
			$this->drain();
			foreach ( $orders as $order ) {
				$fresh = $this->reload( $order );
				$this->assertSame( 'completed', $fresh->get_status() );
				$this->assertCount( 1, $this->stored( $fresh, 'DEBIT' ) );
			}
		} finally {
			// Back to the storage the site was installed with (ECSTER_OM_ORDER_STORAGE).
			$this->orders_storage( $before );
		}
	}

	private function orders_storage( string $hpos ): void {
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => $hpos ), array( 'option_name' => 'woocommerce_custom_orders_table_enabled' ) );
		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( 'woocommerce_custom_orders_table_enabled', 'options' );
	}

	public function test_queue_runners_claim_bulk_jobs_one_at_a_time_so_several_runners_share_a_batch(): void {
		$this->assertSame( 25, apply_filters( 'action_scheduler_queue_runner_batch_size', 25 ), 'Nothing waits: Action Scheduler\'s own claim size.' );
		$this->enable_management( array( 'bulk_concurrency' => '2' ) );
		$this->bulk_action( $this->ids( $this->orders( 4 ) ), 'mark_completed' );
		$jobs = as_get_scheduled_actions(
			array(
				'hook'   => 'ecster_om_bulk_run',
				'status' => \ActionScheduler_Store::STATUS_PENDING,
			),
			'ids'
		);
		$this->assertCount( 2, $jobs, 'One job per chunk of the concurrency level.' );
		$this->assertSame( 1, apply_filters( 'action_scheduler_queue_runner_batch_size', 25 ) );
		$this->drain();
		$this->assertSame( 25, apply_filters( 'action_scheduler_queue_runner_batch_size', 25 ) );
	}

	public function test_completing_the_same_orders_again_while_they_wait_queues_nothing_twice(): void {
		$orders = $this->orders( 2 );
		$this->assertSame( array(), $this->bulk_action( $this->ids( $orders ), 'mark_completed' ) );
		$this->assertSame( array(), $this->bulk_action( $this->ids( $orders ), 'mark_completed' ), 'Still in hand: not left to WooCommerce either.' );
		$this->assertCount( 1, $this->service()->store()->all(), 'No second batch.' );

		$this->as_user( 'administrator' );
		$again = $this->rest( 'POST', '/ecster-om/v1/bulk/batches', array( 'operation' => 'debit', 'orders' => $this->ids( $orders ) ) );
		$this->assertSame( 422, $again->get_status() );
		$this->assertSame( array( 'already_queued', 'already_queued' ), array_column( $again->get_data()['data']['skipped'], 'code' ) );

		$this->drain();
		foreach ( $orders as $order ) {
			$this->assertSame( 1, $this->debit_posts( $order ) );
			$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		}
	}

	public function test_cancelling_in_bulk_annuls_the_reservations_then_cancels_the_orders(): void {
		$orders = $this->orders( 2 );
		$this->assertSame( array(), $this->bulk_action( $this->ids( $orders ), 'mark_cancelled' ) );
		foreach ( $orders as $order ) {
			$this->assertSame( 'processing', $this->reload( $order )->get_status() );
		}
		$this->drain();
		foreach ( $orders as $order ) {
			$fresh = $this->reload( $order );
			$this->assertSame( 'cancelled', $fresh->get_status() );
			$this->assertSame( 'ANNULLED', $this->ecster_order( $fresh )['status'] );
			$this->assertCount( 1, $this->stored( $fresh, 'ANNUL' ) );
		}
		$this->assertCount( 2, $this->sandbox()->transaction_requests( 'ANNUL' ) );
	}

	public function test_bulk_with_manage_orders_off_leaves_everything_to_woocommerce_and_makes_no_ecster_request(): void {
		$orders = $this->orders( 3 );
		$this->disable_management();

		$left = $this->bulk_action( $this->ids( $orders ), 'mark_completed' );

		$this->assertSame( $this->ids( $orders ), $left );
		$this->assertSame( array(), $this->service()->store()->all(), 'No batch.' );
		foreach ( $orders as $order ) {
			$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		}
		$this->drain();
		$this->assertSame( array(), $this->ecster_requests(), 'Nothing reached Ecster.' );
	}
}
