<?php
/**
 * The order state for the panel, and the status guard's hooks that run outside WooCommerce's save.
 *
 * What the guard does inside WooCommerce's save (the debit before Completed is saved, and keeping
 * the order out of Completed when it fails) needs real orders: tests/php/integration/Orders/
 * TriggersTest.php, FaultsTest.php, ExactlyOnceTest.php and PaymentCompleteTest.php.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\StatusGuard;

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
		$this->assertTrue( $this->refund( $order, '100.00' )[0]->is_success() );
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
		$this->assertSame( array( 'debit' ), array_column( $state['activity'], 'operation' ) );
		$this->assertSame( 'confirmed', $state['activity'][0]['state'] );
		$this->assertSame( 0, $state['openQuestions'] );
	}

	public function test_state_shows_an_open_question_and_offers_the_check_with_ecster(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->timeout() );
		$this->manager->debit( $order, OrderManager::TRIGGER_REST );

		$state = $this->manager->get_state( $order );
		$this->assertSame( 1, $state['openQuestions'] );
		$this->assertSame( 'unknown', $state['activity'][0]['state'] );
		$this->assertTrue( $state['activity'][0]['checking'] );
		$this->assertContains( 'outcome_unknown_debit', array_column( $state['warnings'], 'code' ) );
		$this->assertTrue( $state['actions']['reconcile']['allowed'] );

		$settled = $this->manager->get_state( $this->debited_order() );
		$this->assertFalse( $settled['actions']['reconcile']['allowed'] );
		$this->assertSame( 0, $settled['openQuestions'] );
	}

	public function test_state_reports_an_unreachable_ecster_with_a_warning(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'get_order', $this->timeout() );
		$state = $this->manager->get_state( $order );
		$this->assertFalse( $state['ecsterReachable'] );
		$this->assertSame( 'timeout', $state['ecsterError']['kind'] );
		$this->assertContains( 'ecster_unreachable', array_column( $state['warnings'], 'code' ) );
	}

	public function test_status_hooks_ignore_orders_of_other_payment_methods_without_creating_the_service(): void {
		$guard = new StatusGuard(
			static function (): OrderManager {
				throw new \LogicException( 'The service must not be created for other payment methods.' );
			}
		);
		$order = WooFakes::order( 'EC-1' );
		$order->set_payment_method( 'stripe' );
		$order->meta_reads = 0;
		$guard->before_save( $order );
		$guard->on_cancelled( $order->get_id(), $order );
		$guard->on_cancelled( $order->get_id() );
		$this->assertSame( 0, $order->meta_reads );
		$this->assertSame( array(), $order->notes );
	}

	public function test_cancelled_status_hook_annuls_paid_orders_once_and_skips_unpaid_ones(): void {
		$guard  = new StatusGuard( fn() => $this->manager );
		$unpaid = $this->managed_order( null, 'INVOICE', array(), 'cancelled' );
		$guard->on_cancelled( $unpaid->get_id(), $unpaid );
		$this->assertSame( array(), $this->client->calls );

		$paid = $this->managed_order( null, 'INVOICE', array( '__date_paid' => time() ), 'cancelled' );
		$guard->on_cancelled( $paid->get_id(), $paid );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'ANNUL' ) );
		$this->assertSame( 'ANNUL', $this->client->calls_of( 'create_transaction', 'ANNUL' )[0]['body']['type'] );
		$this->assertSame( 'status_hook', $this->only_entry( $paid )->trigger );

		// Cancelled again (e.g. after a manual annul that cancelled it): nothing more, not even a note.
		$this->client->calls = array();
		$notes               = $paid->notes;
		$guard->on_cancelled( $paid->get_id() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( $notes, $paid->notes );
		$this->assertCount( 1, $this->journal->for_order( $paid->get_id() ) );
	}

	public function test_the_guard_hooks_into_woocommerces_save_and_the_background_checks(): void {
		$guard = new StatusGuard( fn() => $this->manager );
		$guard->register();
		$this->assertSame( StatusGuard::BEFORE_SAVE_PRIORITY, has_action( 'woocommerce_before_order_object_save', array( $guard, 'before_save' ) ) );
		$this->assertSame( StatusGuard::CANCELLED_PRIORITY, has_action( 'woocommerce_order_status_cancelled', array( $guard, 'on_cancelled' ) ) );
		$this->assertSame( 10, has_action( 'ecster_om_reconcile_order', array( $guard, 'on_reconcile_order' ) ) );
		$this->assertSame( 10, has_action( 'ecster_om_reconcile_due', array( $guard, 'on_reconcile_due' ) ) );
		$this->assertSame( 10, has_action( 'ecster_om_poll_swish_refund', array( $guard, 'on_reconcile_order' ) ), 'Checks scheduled by version 1.0 still run.' );
		$this->assertSame( 10, has_action( 'ecster_poll_swish_refund', array( $guard, 'on_legacy_swish_poll' ) ), 'Checks the Ecster Pay checkout plugin queued are taken over.' );
		$this->assertFalse( has_action( 'woocommerce_order_status_completed' ), 'The debit runs before Completed is saved, not after.' );
	}

	public function test_a_background_check_settles_an_open_debit_and_completes_the_order(): void {
		$order = $this->managed_order( null, 'INVOICE', array(), 'on-hold' );
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( 'on-hold', $order->get_status() );

		$this->run_background_check();
		$this->assertSame( array( 'debit:confirmed' ), $this->states( $order ) );
		$this->assertSame( 'completed', $order->get_status(), 'The debit went through: the order is completed now.' );
		$this->assertStringContainsString( 'found by checking Ecster\'s records', $this->last_note( $order ) );
		$this->assertSame( array(), WooFakes::pending( Reconciler::HOOK_ORDER ) );
	}

	public function test_a_background_check_that_cannot_reach_ecster_backs_off_and_finally_gives_up_loudly(): void {
		$order  = $this->managed_order();
		$before = time();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$first = $this->only_entry( $order )->next_check - $before;

		$delays = array();
		for ( $checks = 1; $checks <= 20 && ! $this->only_entry( $order )->gave_up; $checks++ ) {
			$this->client->fail_next( 'get_order', $this->timeout() );
			$before = time();
			$this->run_background_check();
			$entry = $this->only_entry( $order );
			$this->assertSame( $checks, $entry->checks );
			if ( ! $entry->gave_up ) {
				$this->assertCount( 1, WooFakes::pending( Reconciler::HOOK_ORDER ), 'The next check is scheduled.' );
				$delays[] = $this->nearest_backoff( $entry->next_check - $before );
			}
		}
		$sorted = $delays;
		sort( $sorted );
		$this->assertSame( $sorted, $delays, 'Never sooner than the check before.' );
		$this->assertSame( Reconciler::BACKOFF, array_values( array_unique( array_merge( array( $this->nearest_backoff( $first ) ), $delays ) ) ), 'From a minute up to a day.' );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( 'unknown', true, null ), array( $entry->state, $entry->gave_up, $entry->next_check ) );
		$this->assertSame( array(), WooFakes::pending( Reconciler::HOOK_ORDER ), 'Automatic checks have stopped.' );
		$this->assertStringContainsString( 'is still an open question after the last automatic check', $this->last_note( $order ) );
		$this->assertStringContainsString( 'Automatic checks have stopped', $this->last_note( $order ) );
		$this->assertNotEmpty( array_filter( WooFakes::logs(), static fn( $l ) => 'error' === $l['level'] && str_contains( $l['message'], 'Gave up checking' ) ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ), 'Nothing was ever sent again.' );

		// A person's action still settles it, once Ecster answers.
		$this->assertSame( Result::ALREADY_DEBITED, $this->manager->debit( $order, OrderManager::TRIGGER_REST )->code() );
		$this->assertSame( array( 'debit:confirmed' ), $this->states( $order ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
	}

	/**
	 * The backoff step a measured delay is (a second may pass while it is measured).
	 */
	private function nearest_backoff( int $delay ): int {
		foreach ( Reconciler::BACKOFF as $step ) {
			if ( abs( $delay - $step ) <= 1 ) {
				return $step;
			}
		}
		$this->fail( "$delay s is no backoff step." );
	}
}
