<?php
/**
 * Which refund the gateway is processing: the one WooCommerce announced for that order.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders\Refunds;

use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Tests\Unit\Orders\WooFakes;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class RefundTrackerTest extends TestCase {

	private RefundTracker $tracker;

	protected function setUp(): void {
		FakeState::reset();
		WooFakes::reset();
		$this->tracker = new RefundTracker();
	}

	private function refund( \WC_Order $order, string $amount ): \WC_Order_Refund {
		return WooFakes::refund( $order, $amount );
	}

	public function test_the_refund_being_processed_is_the_one_woocommerce_announced_for_that_order(): void {
		$order = WooFakes::order();
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ), 'Nothing announced: the gateway was called outside wc_create_refund().' );

		$refund = $this->refund( $order, '20.00' );
		$this->tracker->on_create_refund( $refund );
		$this->assertSame( $refund, $this->tracker->being_processed( $order->get_id() ) );
	}

	public function test_refunds_of_other_orders_do_not_count_even_of_the_same_amount(): void {
		$order = WooFakes::order();
		$other = WooFakes::order();
		$this->tracker->on_create_refund( $this->refund( $other, '20.00' ) );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ) );

		$ours = $this->refund( $order, '20.00' );
		$this->tracker->on_create_refund( $ours );
		$this->tracker->on_create_refund( $this->refund( $other, '20.00' ) );
		$this->assertSame( $ours, $this->tracker->being_processed( $order->get_id() ) );
	}

	public function test_finished_refunds_do_not_count(): void {
		$order  = WooFakes::order();
		$first  = $this->refund( $order, '20.00' );
		$second = $this->refund( $order, '5.00' );
		$this->tracker->on_create_refund( $first );
		$this->tracker->processed( $first );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ), 'The gateway is done with it.' );

		$this->tracker->on_create_refund( $second );
		$this->tracker->on_refund_created( $second->get_id() );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ), 'WooCommerce finished creating it.' );

		$this->tracker->on_refund_created( (string) $first->get_id() );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ), 'Finishing twice is harmless.' );
	}

	public function test_the_innermost_refund_is_the_one_being_processed_and_the_outer_one_comes_back_after_it(): void {
		$order = WooFakes::order();
		$outer = $this->refund( $order, '20.00' );
		$inner = $this->refund( $order, '20.00' );
		$this->tracker->on_create_refund( $outer );
		$this->tracker->on_create_refund( $inner );
		$this->assertSame( $inner, $this->tracker->being_processed( $order->get_id() ) );
		$this->tracker->processed( $inner );
		$this->assertSame( $outer, $this->tracker->being_processed( $order->get_id() ) );
	}

	public function test_a_refund_not_saved_yet_or_without_an_order_is_not_processed(): void {
		$order   = WooFakes::order();
		$unsaved = $this->refund( $order, '20.00' );
		$unsaved->id = 0;
		$this->tracker->on_create_refund( $unsaved );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ), 'No id yet: the gateway is not called before the save.' );

		$orphan            = new \WC_Order_Refund();
		$orphan->parent_id = 0;
		$this->tracker->on_create_refund( $orphan );
		$this->tracker->on_create_refund( 'not a refund' );
		$this->tracker->on_create_refund( $order );
		$this->assertNull( $this->tracker->being_processed( 0 ) );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ) );
	}

	public function test_it_listens_to_woocommerces_refund_announcements_last(): void {
		$this->tracker->register();
		$this->assertSame( PHP_INT_MAX, has_action( 'woocommerce_create_refund', array( $this->tracker, 'on_create_refund' ) ), 'After other plugins changed the refund.' );
		$this->assertSame( 10, has_action( 'woocommerce_refund_created', array( $this->tracker, 'on_refund_created' ) ) );

		$order  = WooFakes::order();
		$refund = $this->refund( $order, '20.00' );
		do_action( 'woocommerce_create_refund', $refund, array() );
		$this->assertSame( $refund, $this->tracker->being_processed( $order->get_id() ) );
		do_action( 'woocommerce_refund_created', $refund->get_id(), array() );
		$this->assertNull( $this->tracker->being_processed( $order->get_id() ) );
	}

	public function test_attempts_are_per_order_the_innermost_first_and_ended_by_identity(): void {
		$this->assertNull( $this->tracker->attempt( 7 ) );
		$rest = $this->tracker->begin( 7, 'rest' );
		$cli  = $this->tracker->begin( 7, 'cli' );
		$this->tracker->begin( 8, 'panel' );
		$this->assertSame( $cli, $this->tracker->attempt( 7 ) );
		$this->assertSame( 'panel', $this->tracker->attempt( 8 )->trigger );

		$this->tracker->end( $rest );
		$this->assertSame( $cli, $this->tracker->attempt( 7 ), 'Ending another attempt leaves the innermost.' );
		$this->tracker->end( $cli );
		$this->assertNull( $this->tracker->attempt( 7 ) );
		$this->assertNotNull( $this->tracker->attempt( 8 ) );
	}
}
