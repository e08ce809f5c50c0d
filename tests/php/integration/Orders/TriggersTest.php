<?php
/**
 * Every trigger sends exactly one Ecster transaction, with the notes and meta of the older plugin.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

final class TriggersTest extends OrdersTestCase {

	public function test_completing_an_order_in_code_debits_it_once_with_note_and_meta(): void {
		$order = $this->create_managed_order( array( 'shipping' => '49' ) );
		$order->update_status( 'completed' );

		$debits = $this->sandbox()->transaction_requests( 'DEBIT' );
		$this->assertCount( 1, $debits );
		$this->assertSame( $this->total_minor( $order ), $debits[0]['body']['amount'] );
		$fresh = $this->reload( $order );
		$this->assertSame( 'completed', $fresh->get_status() );
		$stored = $this->stored( $fresh, 'DEBIT' );
		$this->assertCount( 1, $stored );
		$this->assertSame( $stored[0]['id'], $fresh->get_meta( '_ecster_order_captured_id' ) );
		$this->assert_note_contains( $fresh, 'Ecster payment debited' );
		$this->assert_note_contains( $fresh, $stored[0]['id'] );
		$this->assertSame( 'FULLY_DELIVERED', $this->ecster_order( $fresh )['status'] );

		// Completing again (e.g. Processing → Completed twice) sends nothing new.
		$fresh->update_status( 'processing' );
		$fresh->update_status( 'completed' );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );
	}

	public function test_bulk_style_completion_of_several_orders_debits_each_once(): void {
		$orders = array( $this->create_managed_order(), $this->create_managed_order(), $this->create_managed_order() );
		foreach ( $orders as $order ) {
			// What WooCommerce's "Change status to completed" bulk action does per order.
			$bulk = wc_get_order( $order->get_id() );
			$bulk->update_status( 'completed', __( 'Order status changed by bulk edit:', 'woocommerce' ), true );
		}
		$this->assertCount( 3, $this->sandbox()->transaction_requests( 'DEBIT' ) );
		foreach ( $orders as $order ) {
			$this->assertCount( 1, $this->stored( $order, 'DEBIT' ) );
			$this->assertNotSame( '', $this->reload( $order )->get_meta( '_ecster_order_captured_id' ) );
		}
	}

	public function test_completing_through_the_woocommerce_rest_api_debits_once(): void {
		$order = $this->create_managed_order();
		$this->as_user( 'administrator' );
		$response = $this->rest( 'PUT', '/wc/v3/orders/' . $order->get_id(), array( 'status' => 'completed' ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );
		$this->assertNotSame( '', $this->reload( $order )->get_meta( '_ecster_order_captured_id' ) );
	}

	public function test_digital_order_completed_at_payment_is_debited_then(): void {
		$order = $this->create_managed_order(
			array(
				'items'  => array( array( 'name' => 'E-bok', 'price' => '149', 'digital' => true ) ),
				'status' => 'pending',
			)
		);
		$order->set_date_paid( null );
		$order->save();
		$order = $this->reload( $order );
		$order->payment_complete( 'ecster-tx' );
		$fresh = $this->reload( $order );
		$this->assertSame( 'completed', $fresh->get_status() );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );
		$this->assertNotSame( '', $fresh->get_meta( '_ecster_order_captured_id' ) );
	}

	public function test_cancelling_an_order_annuls_the_reservation_once(): void {
		$order = $this->create_managed_order();
		$order->update_status( 'cancelled' );
		$annuls = $this->sandbox()->transaction_requests( 'ANNUL' );
		$this->assertCount( 1, $annuls );
		$fresh  = $this->reload( $order );
		$stored = $this->stored( $fresh, 'ANNUL' );
		$this->assertSame( $stored[0]['id'], $fresh->get_meta( '_ecster_order_cancelled_id' ) );
		$this->assert_note_contains( $fresh, 'Ecster payment was successfully cancelled' );
		$this->assertSame( 'ANNULLED', $this->ecster_order( $fresh )['status'] );
	}

	public function test_cancelling_a_debited_order_sends_nothing_and_says_a_refund_is_needed(): void {
		$order = $this->create_managed_order();
		$order->update_status( 'completed' );
		$this->reload( $order )->update_status( 'cancelled' );
		$this->assertCount( 0, $this->sandbox()->transaction_requests( 'ANNUL' ) );
		$this->assert_note_contains( $this->reload( $order ), 'Refund the order instead' );
	}

	public function test_a_refund_through_wc_create_refund_credits_once_with_the_older_plugins_meta(): void {
		$order = $this->create_managed_order( array( 'shipping' => '49' ) );
		$order->update_status( 'completed' );
		$order = $this->reload( $order );
		$items = $order->get_items();
		$item  = reset( $items );

		$refund = wc_create_refund(
			array(
				'amount'         => '499.00',
				'reason'         => 'Trasig',
				'order_id'       => $order->get_id(),
				'line_items'     => array(
					$item->get_id() => array(
						'qty'          => 1,
						'refund_total' => 499,
						'refund_tax'   => array(),
					),
				),
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund, is_wp_error( $refund ) ? $refund->get_error_message() : '' );
		$credits = $this->sandbox()->transaction_requests( 'CREDIT' );
		$this->assertCount( 1, $credits );
		$this->assertSame( 49900, $credits[0]['body']['amount'] );
		$this->assertSame( (string) $refund->get_id(), $credits[0]['body']['transactionReference'] );
		$fresh = $this->reload( $order );
		$this->assertSame( $fresh->get_meta( '_ecster_order_captured_id' ), $credits[0]['body']['debitTransaction'] );
		$stored = $this->stored( $fresh, 'CREDIT' );
		$this->assertSame( $stored[0]['id'], $fresh->get_meta( '_ecster_refund_id_' . $refund->get_id() ) );
		$this->assertNotSame( '', $fresh->get_meta( '_ecster_refund_id_' . $refund->get_id() . '_invoice' ) );
		$this->assert_note_contains( $fresh, 'Ecster order credited with' );
		$this->assert_note_contains( $fresh, 'Credit invoice' );
		$this->assertTrue( $refund->get_refunded_payment() );
	}

	public function test_orders_that_are_not_managed_cause_no_ecster_request(): void {
		$other = $this->create_managed_order( array( 'payment_method' => 'bacs' ) );
		$other->update_status( 'completed' );
		$no_reference = $this->create_managed_order( array( 'with_reference' => false ) );
		$no_reference->update_status( 'completed' );
		$this->disable_management();
		$off = $this->create_managed_order();
		$off->update_status( 'completed' );
		$off->update_status( 'cancelled' );
		$this->assertSame( array(), $this->ecster_requests() );
		$this->assertSame( array(), array_filter( $this->notes( $this->reload( $other ) ), static fn( $n ) => str_contains( $n, 'Ecster' ) ) );
	}

	public function test_swish_orders_are_not_debited_or_annulled_in_ecster(): void {
		$order = $this->create_managed_order( array( 'method' => 'SWISH' ) );
		$order->update_status( 'completed' );
		$this->assertSame( array(), $this->sandbox()->transaction_requests() );
		$this->assert_note_contains( $this->reload( $order ), 'Swish payments are charged at purchase' );

		$other = $this->create_managed_order( array( 'method' => 'SWISH' ) );
		$other->update_status( 'cancelled' );
		$this->assertSame( array(), $this->sandbox()->transaction_requests() );
		$this->assert_note_contains( $this->reload( $other ), 'Swish/your bank' );
	}

	public function test_swish_refund_is_sent_to_the_swish_endpoint_and_polled_with_action_scheduler(): void {
		$order  = $this->create_managed_order( array( 'method' => 'SWISH' ) );
		$refund = wc_create_refund(
			array(
				'amount'         => '100.00',
				'order_id'       => $order->get_id(),
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund, is_wp_error( $refund ) ? $refund->get_error_message() : '' );
		$swish = array_filter( $this->ecster_requests(), static fn( $r ) => 'POST' === $r['method'] && str_ends_with( (string) $r['path'], '/refunds' ) );
		$this->assertCount( 1, $swish );
		$fresh  = $this->reload( $order );
		$status = $fresh->get_meta( '_ecster_om_swish_refund_' . $refund->get_id() );
		if ( 'ONGOING' === $status ) {
			$this->assert_note_contains( $fresh, 'pending' );
			$this->assertNotFalse( as_next_scheduled_action( 'ecster_om_reconcile_order', array( 'order_id' => $order->get_id() ), 'ecster-order-management' ) );
		} else {
			$this->assertSame( 'SUCCESS', $status );
		}
	}
}
