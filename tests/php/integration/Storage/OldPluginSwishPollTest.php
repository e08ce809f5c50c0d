<?php
/**
 * Swish refunds the Ecster Pay checkout plugin (or version 1.0 of this plugin) started and left
 * a queued status check for: taken over, followed to their end and recorded once.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Storage;

use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Reconciler;

/**
 * @group storage
 */
final class OldPluginSwishPollTest extends OldPluginTestCase {

	/** @var list<array{0: int, 1: string, 2: int}> ecster_om_credited calls: order, transaction, refund. */
	private array $credited = array();

	protected function setUp(): void {
		parent::setUp();
		$this->credited = array();
		$this->add_test_filter(
			'ecster_om_credited',
			function ( $order, $transaction_id, $trigger, $refund_id ): void {
				unset( $trigger );
				$this->credited[] = array( $order->get_id(), (string) $transaction_id, (int) $refund_id );
			},
			10,
			4
		);
	}

	protected function tearDown(): void {
		$this->sandbox()->reset_config();
		parent::tearDown();
	}

	public function test_a_swish_refund_the_checkout_plugin_started_is_followed_to_its_end_once(): void {
		$this->sandbox()->config( array( 'swishRefundDelayMs' => 3000 ) );
		list( $id, $refund ) = $this->old_plugin_swish_refund( '100.00' );

		// The checkout plugin's job comes due: Ecster still answers ONGOING.
		$this->run_legacy_job( $id, '100.00' );
		$order = $this->fresh( $id );
		$entry = $this->entry_for( $id, $refund->get_id() );
		$this->assertSame( JournalEntry::SWISH_REFUND, $entry->operation );
		$this->assertSame( Reconciler::FROM_CHECKOUT_PLUGIN, $entry->detail( 'adoptedFrom' ) );
		$this->assertSame( 10000, $entry->amount );
		$this->assertTrue( $entry->is_swish_running() );
		$this->assertNotFalse( as_next_scheduled_action( Reconciler::HOOK_ORDER, array( 'order_id' => $id ), Reconciler::GROUP ), 'Our own check follows up.' );
		$this->assertSame( '', (string) $order->get_meta( '_ecster_refund_id_' . $refund->get_id() ) );
		$state = $this->panel( $id );
		$this->assertSame( 'ONGOING', $state['refunds'][0]['swishStatus'] );
		$this->assertContains( 'swish_refund_pending', array_column( $state['warnings'], 'code' ) );
		$this->assertTrue( $state['actions']['reconcile']['allowed'] );

		// Once Ecster has finished it, our follow-up records it.
		$ecster_refund = $this->wait_for_swish_refund_end( $this->ref( $id ) );
		wp_set_current_user( 0 );
		$this->run_actions( Reconciler::HOOK_ORDER, array( 'order_id' => $id ) );
		$this->assert_recorded_once( $id, $refund->get_id(), $ecster_refund );

		// A second job of the checkout plugin for the same refund, and our own check again: nothing more.
		as_schedule_single_action( time(), Reconciler::LEGACY_SWISH_HOOK, array( $id, '100.00' ) );
		$this->run_legacy_job( $id, '100.00' );
		do_action( Reconciler::HOOK_ORDER, $id );
		$this->assert_recorded_once( $id, $refund->get_id(), $ecster_refund );
		$this->assertSame( array(), $this->sent_since_mark( 'REFUND' ), 'Nothing is sent to Ecster again.' );
	}

	public function test_a_job_that_comes_due_after_the_refund_finished_records_it_at_once(): void {
		$this->sandbox()->config( array( 'swishRefundDelayMs' => 0 ) );
		list( $id, $refund ) = $this->old_plugin_swish_refund( '249.50' );
		$ecster_refund       = $this->wait_for_swish_refund_end( $this->ref( $id ) );

		$this->run_legacy_job( $id, '249.50' );
		$this->assert_recorded_once( $id, $refund->get_id(), $ecster_refund );
		$this->assertSame( 24950, $this->entry_for( $id, $refund->get_id() )->amount );
		$this->assertFalse( $this->panel( $id )['actions']['reconcile']['allowed'] );
		$this->assertSame( array(), $this->sent_since_mark( 'REFUND' ) );
	}

	public function test_a_job_of_an_older_checkout_plugin_without_the_amount_takes_over_ecsters_latest_refund(): void {
		$this->sandbox()->config( array( 'swishRefundDelayMs' => 0 ) );
		list( $id, $refund ) = $this->old_plugin_swish_refund( '75.00', false );
		$ecster_refund       = $this->wait_for_swish_refund_end( $this->ref( $id ) );

		$this->run_actions( Reconciler::LEGACY_SWISH_HOOK, array( $id ), '' );
		$this->assert_recorded_once( $id, $refund->get_id(), $ecster_refund );
		$this->assertSame( 7500, $this->entry_for( $id, $refund->get_id() )->amount );
		$this->assertSame( array(), $this->sent_since_mark( 'REFUND' ) );
	}

	public function test_a_job_that_finds_the_order_busy_comes_back_and_takes_it_over_then(): void {
		$this->sandbox()->config( array( 'swishRefundDelayMs' => 0 ) );
		list( $id, $refund ) = $this->old_plugin_swish_refund( '100.00' );
		$ecster_refund       = $this->wait_for_swish_refund_end( $this->ref( $id ) );
		$lock                = $this->plugin()->order_manager()->lock();
		$this->assertTrue( $lock->acquire( $id, 0.0, 60 ) );
		try {
			$this->run_legacy_job( $id, '100.00' );
		} finally {
			$lock->release( $id );
		}
		$this->assertSame( array(), $this->plugin()->order_manager()->journal()->for_order( $id ), 'Nothing taken over while another request holds the order.' );
		$again = as_next_scheduled_action( Reconciler::LEGACY_SWISH_HOOK, array( $id, '100.00' ) );
		$this->assertIsInt( $again, 'The checkout plugin\'s job is queued again.' );
		$this->assertLessThanOrEqual( time() + 60, $again );

		$this->run_legacy_job( $id, '100.00' );
		$this->assert_recorded_once( $id, $refund->get_id(), $ecster_refund );
		$this->assertFalse( as_next_scheduled_action( Reconciler::LEGACY_SWISH_HOOK, array( $id, '100.00' ) ) );
	}

	public function test_a_swish_refund_version_1_0_left_ongoing_is_followed_to_its_end_once(): void {
		$this->sandbox()->config( array( 'swishRefundDelayMs' => 0 ) );
		$old   = $this->old_plugin_order( 'swish' );
		$id    = $old['order']->get_id();
		$order = $old['order'];
		// Version 1.0 of this plugin: the refund, its Swish refund, its meta (through the CRUD) and its job.
		$refund = wc_create_refund(
			array(
				'amount'         => '100.00',
				'order_id'       => $id,
				'refund_payment' => false,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$this->ecster_api(
			'POST',
			'v1/orders/' . $old['ecster'] . '/refunds',
			array(
				'amount'           => 10000,
				'debitTransaction' => $old['debit'],
				'message'          => 'Refund ' . $refund->get_id(),
			)
		);
		$order = $this->fresh( $id );
		$order->update_meta_data( '_ecster_om_swish_refund_' . $refund->get_id(), 'ONGOING' );
		$order->update_meta_data( '_ecster_om_swish_refund_' . $refund->get_id() . '_amount', '10000' );
		$order->save();
		as_schedule_single_action(
			time(),
			'ecster_om_poll_swish_refund',
			array(
				'order_id'  => $id,
				'refund_id' => (string) $refund->get_id(),
				'attempt'   => 1,
			),
			Reconciler::GROUP
		);
		$this->mark();
		$ecster_refund = $this->wait_for_swish_refund_end( $old['ecster'] );

		$this->run_actions(
			'ecster_om_poll_swish_refund',
			array(
				'order_id'  => $id,
				'refund_id' => (string) $refund->get_id(),
				'attempt'   => 1,
			)
		);
		$this->assertSame( Reconciler::FROM_EARLIER_VERSION, $this->entry_for( $id, $refund->get_id() )->detail( 'adoptedFrom' ) );
		$this->assert_recorded_once( $id, $refund->get_id(), $ecster_refund );
		$this->assertSame( 'SUCCESS', (string) $this->fresh( $id )->get_meta( '_ecster_om_swish_refund_' . $refund->get_id() ) );

		// No longer "running": a new Swish refund is allowed again.
		$this->assertFalse( $this->panel( $id )['actions']['reconcile']['allowed'] );
		$this->do_action_twice_changes_nothing( $id, $refund->get_id(), $ecster_refund );
	}

	/**
	 * A Swish order of the checkout plugin with a refund it sent, polled once and queued for a
	 * status check (process_refund() → wc_ecster_handle_swish_refund_status()).
	 *
	 * @return array{0: int, 1: \WC_Order_Refund}
	 */
	private function old_plugin_swish_refund( string $amount, bool $job_with_amount = true ): array {
		$old = $this->old_plugin_order( 'swish' );
		$id  = $old['order']->get_id();
		$this->disable_management();
		$refund = wc_create_refund(
			array(
				'amount'         => $amount,
				'reason'         => 'Ångerrätt',
				'order_id'       => $id,
				'refund_payment' => false,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$answer = $this->ecster_api(
			'POST',
			'v1/orders/' . $old['ecster'] . '/refunds',
			array(
				'amount'           => (int) round( (float) $amount * 100 ),
				'debitTransaction' => $old['debit'],
				'message'          => 'Ångerrätt',
			)
		);
		$this->assertSame( 'ONGOING', $answer['status'] );
		$this->old_plugin_meta( $id, '_wc_ecster_order_amount', $amount );
		$this->ecster_api( 'GET', 'v1/orders/' . $old['ecster'] . '/refunds/latest/status' );
		$this->fresh( $id )->add_order_note( 'Refund is pending in Ecsters system. New status check scheduled to be performed in 3 minutes.' );
		// The checkout plugin's own job: no group, positional arguments (order id, amount; before
		// its 2022 versions the order id only).
		as_schedule_single_action( time(), Reconciler::LEGACY_SWISH_HOOK, $job_with_amount ? array( $id, $amount ) : array( $id ) );
		$this->enable_management();
		$this->mark();
		return array( $id, $refund );
	}

	private function ref( int $id ): string {
		return (string) $this->fresh( $id )->get_meta( '_wc_ecster_internal_reference' );
	}

	private function run_legacy_job( int $id, string $amount ): void {
		$this->run_actions( Reconciler::LEGACY_SWISH_HOOK, array( $id, $amount ), '' );
	}

	/**
	 * Runs the pending actions of a hook (and arguments) as Action Scheduler's queue runner does.
	 *
	 * @param array<int|string, mixed> $args  Arguments, exactly as scheduled.
	 * @param string|null              $group Group ('' for none), null for any.
	 */
	private function run_actions( string $hook, array $args, ?string $group = Reconciler::GROUP ): void {
		$query = array(
			'hook'     => $hook,
			'args'     => $args,
			'status'   => \ActionScheduler_Store::STATUS_PENDING,
			'per_page' => 10,
		);
		if ( null !== $group && '' !== $group ) {
			$query['group'] = $group;
		}
		$ids = as_get_scheduled_actions( $query, 'ids' );
		$this->assertNotEmpty( $ids, "A pending $hook action." );
		foreach ( $ids as $action_id ) {
			\ActionScheduler_QueueRunner::instance()->process_action( (int) $action_id, 'ecster-om-tests' );
			$this->assertSame( \ActionScheduler_Store::STATUS_COMPLETE, \ActionScheduler::store()->get_status( (string) $action_id ), "$hook ran without error" );
		}
	}

	/**
	 * Waits (on the sandbox's own answer, never a fixed time) until its latest Swish refund ended.
	 *
	 * @return string Ecster's id of the refund.
	 */
	private function wait_for_swish_refund_end( string $ecster_id ): string {
		$deadline = microtime( true ) + 30;
		do {
			$refunds = $this->sandbox()->order( $ecster_id )['refunds'];
			$latest  = end( $refunds );
			if ( is_array( $latest ) && 'ONGOING' !== $latest['status'] ) {
				$this->assertSame( 'SUCCESS', $latest['status'] );
				return (string) $latest['id'];
			}
			usleep( 200000 );
		} while ( microtime( true ) < $deadline );
		$this->fail( 'The sandbox did not finish the Swish refund within 30 s.' );
	}

	private function entry_for( int $id, int $refund_id ): JournalEntry {
		$entries = array_values(
			array_filter(
				$this->plugin()->order_manager()->journal()->for_order( $id ),
				static fn( JournalEntry $e ): bool => $refund_id === $e->refund_id
			)
		);
		$this->assertCount( 1, $entries, 'One journal entry for the refund.' );
		return $entries[0];
	}

	private function assert_recorded_once( int $id, int $refund_id, string $ecster_refund ): void {
		$order = $this->fresh( $id );
		$entry = $this->entry_for( $id, $refund_id );
		$this->assertFalse( $entry->is_swish_running() );
		$this->assertSame( 'SUCCESS', $entry->detail( 'swishStatus' ) );
		$this->assertSame( $ecster_refund, $entry->transaction_id );
		$this->assert_stored_meta( $id, '_ecster_refund_id_' . $refund_id, $ecster_refund );
		$done = array_filter( $this->notes( $order ), static fn( string $n ): bool => str_contains( $n, 'Swish refund completed' ) );
		$this->assertCount( 1, $done, "One note.\n" . implode( "\n", $this->notes( $order ) ) );
		$this->assertSame( array( array( $id, $ecster_refund, $refund_id ) ), $this->credited, 'ecster_om_credited once.' );
		$state = $this->panel( $id );
		wp_set_current_user( 0 );
		$refunds = array_column( $state['refunds'], null, 'refundId' );
		$this->assertTrue( $refunds[ $refund_id ]['creditedInEcster'] );
		$this->assertSame( 'SUCCESS', $refunds[ $refund_id ]['swishStatus'] );
		$this->assertSame( array(), array_intersect( array( 'swish_refund_pending', 'refund_not_credited' ), array_column( $state['warnings'], 'code' ) ) );
	}

	private function do_action_twice_changes_nothing( int $id, int $refund_id, string $ecster_refund ): void {
		do_action( 'ecster_om_poll_swish_refund', $id, $refund_id, 2 );
		do_action( Reconciler::HOOK_ORDER, $id );
		$this->assert_recorded_once( $id, $refund_id, $ecster_refund );
		$this->assertSame( array(), $this->sent_since_mark( 'REFUND' ) );
	}
}
