<?php
/**
 * The order state for the panel, the status hooks and the lock.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Orders\OrderLock;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\StatusHooks;

final class StateAndHooksTest extends OrderManagerTestCase {

	public function test_state_of_a_reserved_order_allows_debit_and_annul_but_not_refund(): void {
		$order = $this->managed_order();
		$state = $this->manager->get_state( $order );

		$this->assertTrue( $state['managed'] );
		$this->assertSame( 104700, $state['orderTotal'] );
		$this->assertSame( 'READY', $state['ecsterStatus'] );
		$this->assertTrue( $state['ecsterReachable'] );
		$this->assertSame( array( 'reserved' => 104700, 'debited' => 0, 'credited' => 0, 'creditable' => 0 ), $state['amounts'] );
		$this->assertTrue( $state['actions']['debit']['allowed'] );
		$this->assertSame( 104700, $state['actions']['debit']['amount'] );
		$this->assertTrue( $state['actions']['annul']['allowed'] );
		$this->assertFalse( $state['actions']['refund']['allowed'] );
		$this->assertSame( 'The order has not been debited in Ecster yet.', $state['actions']['refund']['reason'] );
		$this->assertSame( array(), $state['warnings'] );
		$this->assertSame( 'ORIGINAL', $state['transactions'][0]['type'] );
	}

	public function test_state_after_a_debit_allows_refunds_up_to_the_creditable_amount_and_lists_manual_refunds_as_not_credited(): void {
		$order = $this->debited_order();
		$this->manager->refund( $order, 100.00, '', WooFakes::refund( $order, '100.00' ) );
		$manual = WooFakes::refund( $order, '50.00' );

		$state = $this->manager->get_state( $order );
		$this->assertSame( array( 'reserved' => 104700, 'debited' => 104700, 'credited' => 10000, 'creditable' => 94700 ), $state['amounts'] );
		$this->assertFalse( $state['actions']['debit']['allowed'] );
		$this->assertFalse( $state['actions']['annul']['allowed'] );
		$this->assertTrue( $state['actions']['refund']['allowed'] );
		$this->assertSame( 89700, $state['actions']['refund']['maxAmount'] );
		$this->assertTrue( $state['refunds'][0]['creditedInEcster'] );
		$this->assertFalse( $state['refunds'][1]['creditedInEcster'] );
		$this->assertSame( $manual->get_id(), $state['refunds'][1]['refundId'] );
		$this->assertContains( 'refund_not_credited', array_column( $state['warnings'], 'code' ) );
	}

	public function test_state_warns_when_the_total_differs_from_the_reservation(): void {
		$above = $this->managed_order( 100000 );
		$state = $this->manager->get_state( $above );
		$this->assertFalse( $state['actions']['debit']['allowed'] );
		$this->assertSame( 'total_mismatch', $state['warnings'][0]['code'] );
		$this->assertStringContainsString( 'exceeds', $state['warnings'][0]['message'] );

		$below = $this->managed_order( 120000 );
		$state = $this->manager->get_state( $below );
		$this->assertTrue( $state['actions']['debit']['allowed'] );
		$this->assertStringContainsString( 'releases the rest', $state['warnings'][0]['message'] );
	}

	public function test_state_warns_when_ecster_contradicts_the_woocommerce_status(): void {
		$order     = $this->managed_order();
		$reference = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$this->client->create_transaction( $reference, array( 'type' => 'ANNUL' ) );
		$state = $this->manager->get_state( $order );
		$this->assertContains( 'status_mismatch', array_column( $state['warnings'], 'code' ) );
		$this->assertStringContainsString( 'annulled in Ecster, but the order is Processing', implode( ' ', array_column( $state['warnings'], 'message' ) ) );

		$debited = $this->managed_order();
		$this->client->create_transaction( (string) $debited->get_meta( '_wc_ecster_internal_reference' ), array( 'type' => 'DEBIT', 'amount' => 104700 ) );
		$messages = implode( ' ', array_column( $this->manager->get_state( $debited )['warnings'], 'message' ) );
		$this->assertStringContainsString( 'debited in Ecster, but the order is Processing here, not Completed', $messages );
	}

	public function test_state_of_an_unmanaged_order_makes_no_ecster_call(): void {
		$order = WooFakes::order( 'EC-X' );
		$order->set_payment_method( 'bacs' );
		$state = $this->manager->get_state( $order );
		$this->assertFalse( $state['managed'] );
		$this->assertSame( 'not_ecster', $state['unmanagedReason'] );
		$this->assertFalse( $state['actions']['debit']['allowed'] );
		$this->assertSame( array(), $this->client->calls );
	}

	public function test_state_without_asking_ecster_uses_what_woocommerce_recorded(): void {
		$order = $this->debited_order();
		$state = $this->manager->get_state( $order, false );
		$this->assertSame( array(), $this->client->calls );
		$this->assertNull( $state['amounts']['reserved'] );
		$this->assertSame( 104700, $state['amounts']['debited'] );
		$this->assertTrue( $state['actions']['refund']['allowed'] );
	}

	public function test_state_reports_an_unreachable_ecster_with_a_warning(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'get_order', $this->timeout() );
		$state = $this->manager->get_state( $order );
		$this->assertFalse( $state['ecsterReachable'] );
		$this->assertSame( 'timeout', $state['ecsterError']['kind'] );
		$this->assertContains( 'ecster_unreachable', array_column( $state['warnings'], 'code' ) );
	}

	public function test_completed_status_hook_debits_a_managed_order_once(): void {
		$hooks = new StatusHooks( fn() => $this->manager );
		$order = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$hooks->on_completed( $order->get_id(), $order );
		$hooks->on_completed( $order->get_id(), $order );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
	}

	public function test_status_hooks_ignore_orders_of_other_payment_methods_without_creating_the_service(): void {
		$hooks = new StatusHooks(
			static function (): OrderManager {
				throw new \LogicException( 'The service must not be created for other payment methods.' );
			}
		);
		$order = WooFakes::order( 'EC-1' );
		$order->set_payment_method( 'stripe' );
		$order->meta_reads = 0;
		$hooks->on_completed( $order->get_id(), $order );
		$hooks->on_cancelled( $order->get_id(), $order );
		$this->assertSame( 0, $order->meta_reads );
	}

	public function test_cancelled_status_hook_annuls_paid_orders_and_skips_unpaid_ones(): void {
		$hooks  = new StatusHooks( fn() => $this->manager );
		$unpaid = $this->managed_order( null, 'INVOICE', array(), 'cancelled' );
		$hooks->on_cancelled( $unpaid->get_id(), $unpaid );
		$this->assertSame( array(), $this->client->calls );

		$paid = $this->managed_order( null, 'INVOICE', array( '__date_paid' => time() ), 'cancelled' );
		$hooks->on_cancelled( $paid->get_id(), $paid );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'ANNUL' ) );
	}

	public function test_payment_complete_is_passed_as_the_trigger_and_a_failed_debit_suppresses_the_completed_email(): void {
		$hooks = new StatusHooks( fn() => $this->manager );
		$order = $this->managed_order( 100000, 'INVOICE', array(), 'completed' );
		$hooks->on_pre_payment_complete( $order->get_id() );
		$hooks->on_completed( $order->get_id(), $order );
		$hooks->on_payment_complete( $order->get_id() );
		$this->assertSame( 'on-hold', $order->get_status() );
		$this->assertFalse( $hooks->filter_completed_email( true, $order ) );
		$other = $this->managed_order();
		$this->assertTrue( $hooks->filter_completed_email( true, $other ) );
	}

	public function test_lock_admits_one_holder_releases_only_its_own_row_and_takes_over_an_expired_lock(): void {
		$a = new OrderLock();
		$b = new OrderLock();
		$this->assertTrue( $a->acquire( 7 ) );
		$this->assertFalse( $b->acquire( 7 ) );
		$this->assertTrue( $b->is_locked( 7 ) );
		$b->release( 7 );
		$this->assertFalse( $b->acquire( 7 ), 'A process that does not hold the lock cannot release it.' );
		$a->release( 7 );
		$this->assertTrue( $b->acquire( 7 ) );
		$b->release( 7 );

		$GLOBALS['wpdb']->rows['ecster_om_lock_8'] = ( time() - 5 ) . '|dead-process';
		$this->assertTrue( $a->acquire( 8 ), 'An expired lock is taken over.' );
		$this->assertStringNotContainsString( 'dead-process', $GLOBALS['wpdb']->rows['ecster_om_lock_8'] );
		$this->assertStringContainsString( 'INSERT IGNORE', $GLOBALS['wpdb']->queries[0] );
	}
}
