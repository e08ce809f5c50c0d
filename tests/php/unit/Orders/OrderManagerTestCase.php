<?php
/**
 * Shared set-up of the OrderManager unit tests.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Logger;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\OrderLock;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\StatusGuard;
use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

abstract class OrderManagerTestCase extends TestCase {

	protected FakeClient $client;
	protected OrderManager $manager;
	protected Settings $settings;
	protected MemoryJournal $journal;
	protected RefundTracker $tracker;

	protected function setUp(): void {
		FakeState::reset();
		WooFakes::reset();
		FakeState::settings(
			array(
				'manage_ecster_orders' => 'yes',
				'api_key'              => 'secret-key',
				'merchant_key'         => 'm-1',
				'logging'              => 'yes',
			)
		);
		$this->settings = new Settings();
		$this->client   = new FakeClient();
		$this->journal  = new MemoryJournal();
		$this->tracker  = new RefundTracker();
		$this->manager  = new OrderManager( $this->settings, $this->client, new Logger( $this->settings ), new OrderLock(), $this->journal, $this->tracker );
	}

	protected function timeout(): ApiException {
		return new ApiException( 'Operation timed out after 10000 milliseconds', ApiException::KIND_TIMEOUT );
	}

	protected function ecster_error(): ApiException {
		return new ApiException( 'HTTP 400', ApiException::KIND_HTTP, 400, 4100, 'Invalid request to Ecster' );
	}

	protected function server_error(): ApiException {
		return new ApiException( 'HTTP 500', ApiException::KIND_HTTP, 500, 5000, 'Internal error in Ecster' );
	}

	protected function last_note( \WC_Order $order ): string {
		$this->assertNotEmpty( $order->notes, 'The order has no note.' );
		return $order->notes[ count( $order->notes ) - 1 ];
	}

	protected function notes( \WC_Order $order ): string {
		return implode( "\n", $order->notes );
	}

	/**
	 * A managed order with a matching Ecster order (reserved = total unless given).
	 *
	 * @param array<string, mixed> $meta Extra meta.
	 */
	protected function managed_order( ?int $reserved = null, string $method = 'INVOICE', array $meta = array(), string $status = 'processing' ): \WC_Order {
		$order = WooFakes::order( 'EC-' . wp_generate_uuid4(), array_merge( array( '_wc_ecster_payment_method' => $method ), $meta ), $status );
		$this->client->add_order( (string) $order->get_meta( '_wc_ecster_internal_reference' ), $reserved ?? 104700, $method );
		return $order;
	}

	protected function reference( \WC_Order $order ): string {
		return (string) $order->get_meta( '_wc_ecster_internal_reference' );
	}

	protected function ecster( \WC_Order $order ): array {
		return $this->client->orders[ $this->reference( $order ) ];
	}

	/**
	 * Debits the order (for tests that start after a debit).
	 */
	protected function debited_order( string $method = 'INVOICE' ): \WC_Order {
		$order = $this->managed_order( null, $method );
		$this->assertTrue( $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK )->is_success() );
		$order->status = 'completed';
		$order->save();
		$this->client->calls = array();
		$order->notes        = array();
		return $order;
	}

	/**
	 * What wc_create_refund( refund_payment: true ) does with a refund WooCommerce has saved:
	 * it announces the refund (`woocommerce_create_refund`, which the RefundTracker follows), the
	 * gateway credits it through the service, and a refund whose credit did not go through is
	 * deleted again.
	 */
	protected function refund_through_woocommerce( \WC_Order $order, \WC_Order_Refund $refund, string $trigger = OrderManager::TRIGGER_GATEWAY ): Result {
		$this->tracker->on_create_refund( $refund );
		try {
			$result = $this->manager->credit( $order, $refund, (float) $refund->get_amount(), $refund->get_reason(), $trigger );
		} finally {
			$this->tracker->processed( $refund );
		}
		if ( ! $result->is_success() ) {
			$refund->delete( true );
		}
		return $result;
	}

	/**
	 * A refund of the order made through WooCommerce (see refund_through_woocommerce()).
	 *
	 * @param \WC_Order_Item[] $items Refunded lines.
	 * @return array{0: Result, 1: \WC_Order_Refund}
	 */
	protected function refund( \WC_Order $order, string $amount, array $items = array(), string $reason = '' ): array {
		$refund = WooFakes::refund( $order, $amount, $items, $reason );
		return array( $this->refund_through_woocommerce( $order, $refund ), $refund );
	}

	/**
	 * The only journal entry of the order.
	 */
	protected function only_entry( \WC_Order $order ): JournalEntry {
		$entries = $this->journal->for_order( $order->get_id() );
		$this->assertCount( 1, $entries, 'The order has one journal entry.' );
		return $entries[0];
	}

	/**
	 * Journal states of the order's entries, oldest first.
	 *
	 * @return list<string>
	 */
	protected function states( \WC_Order $order ): array {
		return array_reverse( array_map( static fn( JournalEntry $e ): string => $e->operation . ':' . $e->state, $this->journal->for_order( $order->get_id() ) ) );
	}

	/**
	 * Action Scheduler runs the order's next background check through the callback StatusGuard
	 * registers for it.
	 */
	protected function run_background_check(): void {
		$guard = new StatusGuard( fn(): OrderManager => $this->manager );
		WooFakes::run_next( Reconciler::HOOK_ORDER, array( $guard, 'on_reconcile_order' ) );
	}
}
