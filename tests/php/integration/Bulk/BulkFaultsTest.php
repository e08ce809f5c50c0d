<?php
/**
 * A bulk debit while Ecster fails: nothing lost, nothing debited twice, every failure visible.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Bulk;

use EcsterOM\Bulk\Item;
use EcsterOM\Bulk\Throttle;

final class BulkFaultsTest extends BulkTestCase {

	public function test_a_batch_with_500s_a_429_burst_and_a_drop_after_ecster_debited_ends_confirmed_or_visibly_failed_with_equal_totals(): void {
		$orders = $this->orders( 10 );
		// Ecster reserved less than this order's total: refused before anything is sent.
		$short    = $this->create_managed_order( array( 'reserved' => 5000 ) );
		$orders[] = $short;
		$faults   = array(
			array( 2, array( 'status' => 500 ) ),
			array( 3, array( 'status' => 429 ) ),
			array( 1, array( 'drop' => true ) ),
			array( 1, array( 'status' => 500, 'apply' => true ) ),
		);
		foreach ( $faults as list( $times, $response ) ) {
			$this->sandbox()->add_fault(
				array(
					'match'    => array( 'type' => 'DEBIT' ),
					'times'    => $times,
					'response' => $response,
				)
			);
		}
		// A read that fails too (the order is read before its debit).
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'method' => 'GET' ),
				'times'    => 2,
				'response' => array( 'status' => 503 ),
			)
		);

		$this->assertSame( array(), $this->bulk_action( $this->ids( $orders ), 'mark_completed' ) );
		$this->drain();

		$batch = $this->batch();
		$items = $this->items( $batch );
		$this->assertTrue( $this->service()->store()->find( $batch->id )->is_finished(), 'No order is left waiting.' );
		$this->assertSame( Item::FAILED, $items[ $short->get_id() ]->state );
		$this->assertSame( 'exceeds_reservation', $items[ $short->get_id() ]->code );
		$this->assertStringContainsString( 'exceeds the amount Ecster reserved', $items[ $short->get_id() ]->message, 'The reason is Ecster\'s, visible in the batch.' );

		$debited_in_ecster = 0;
		$debited_in_woo    = 0;
		foreach ( $orders as $order ) {
			$fresh  = $this->reload( $order );
			$ecster = $this->ecster_order( $fresh );
			$item   = $items[ $order->get_id() ];
			$this->assertContains( $item->state, array( Item::DONE, Item::FAILED ), 'Confirmed or visibly failed, never lost.' );
			$this->assertLessThanOrEqual( 1, count( $this->stored( $fresh, 'DEBIT' ) ), 'Never debited twice.' );
			if ( Item::DONE === $item->state ) {
				$this->assertSame( 'completed', $fresh->get_status() );
				$this->assertSame( 'FULLY_DELIVERED', $ecster['status'] );
			} else {
				$this->assertNotSame( 'completed', $fresh->get_status() );
				$this->assertNotSame( '', $item->message );
			}
			$debited_in_ecster += (int) $ecster['debitedAmount'];
			if ( '' !== (string) $fresh->get_meta( '_ecster_order_captured_id' ) ) {
				$debited_in_woo += $this->total_minor( $fresh );
			}
		}
		$this->assertSame( $debited_in_ecster, $debited_in_woo, 'Ecster\'s debited total equals WooCommerce\'s.' );
		$this->assertSame( 10, count( array_filter( $items, static fn( Item $i ): bool => Item::DONE === $i->state ) ), 'Every order Ecster could debit is debited.' );
		$this->assertNotNull( ( new Throttle( $this->plugin()->settings() ) )->lowered(), 'The 429 burst lowered the concurrency level for a while.' );
	}

	public function test_retry_failed_debits_what_failed_and_never_debits_an_order_twice(): void {
		// No retries by the queue: every fault leaves its order failed or unknown at once.
		$this->add_test_filter( 'ecster_om_bulk_retry_delays', static fn(): array => array(), 20 );
		$orders = $this->orders( 4 );
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'DEBIT' ),
				'times'    => 1,
				'response' => array( 'drop' => true ),
			)
		);
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'DEBIT' ),
				'times'    => 1,
				'response' => array( 'ecsterCode' => 4424 ),
			)
		);
		$this->bulk_action( $this->ids( $orders ), 'mark_completed' );
		$this->drain();

		$batch = $this->batch();
		$items = $this->items( $batch );
		$lost  = array_values( array_filter( $orders, fn( \WC_Order $o ): bool => Item::UNKNOWN === $items[ $o->get_id() ]->state ) );
		$fail  = array_values( array_filter( $orders, fn( \WC_Order $o ): bool => Item::FAILED === $items[ $o->get_id() ]->state ) );
		$done  = array_values( array_filter( $orders, fn( \WC_Order $o ): bool => Item::DONE === $items[ $o->get_id() ]->state ) );
		$this->assertCount( 1, $lost, 'The dropped answer leaves one order unknown.' );
		$this->assertCount( 1, $fail, 'Ecster\'s 4424 fails one order.' );
		$this->assertCount( 2, $done );
		$this->assertSame( 'FULLY_DELIVERED', $this->ecster_order( $lost[0] )['status'], 'Ecster did debit the order whose answer was lost.' );
		$requests_before = count( $this->ecster_requests() );

		$this->as_user( 'administrator' );
		$response = $this->rest( 'POST', '/ecster-om/v1/bulk/batches/' . $batch->id . '/retry' );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 2, $response->get_data()['requeued'] );
		$this->drain();

		$items = $this->items( $batch );
		foreach ( $orders as $order ) {
			$fresh = $this->reload( $order );
			$this->assertSame( Item::DONE, $items[ $order->get_id() ]->state );
			$this->assertSame( 'completed', $fresh->get_status() );
			$this->assertCount( 1, $this->stored( $fresh, 'DEBIT' ) );
		}
		$this->assertSame( 'already_debited', $items[ $lost[0]->get_id() ]->code, 'The debit whose answer was lost is recorded, not sent again.' );
		$this->assertSame( 1, $this->debit_posts( $lost[0] ), 'Exactly one DEBIT request ever reached Ecster for it.' );
		$this->assertSame( 'debited', $items[ $fail[0]->get_id() ]->code );
		$this->assertSame( 2, $this->debit_posts( $fail[0] ), 'The refused order was sent again by the retry.' );
		foreach ( $done as $order ) {
			$this->assertSame( 1, $this->debit_posts( $order ), 'Orders already done are not touched by the retry.' );
		}
		$new = array_slice( $this->ecster_requests(), $requests_before );
		$this->assertCount( 3, $new, 'The retry read the two orders and debited the one Ecster had not debited.' );
		$this->assertTrue( $this->service()->store()->find( $batch->id )->is_finished() );
	}
}
