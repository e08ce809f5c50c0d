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
use EcsterOM\Orders\OrderLock;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

abstract class OrderManagerTestCase extends TestCase {

	protected FakeClient $client;
	protected OrderManager $manager;
	protected Settings $settings;

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
		$this->manager  = new OrderManager( $this->settings, $this->client, new Logger( $this->settings ), new OrderLock() );
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

	protected function ecster( \WC_Order $order ): array {
		return $this->client->orders[ (string) $order->get_meta( '_wc_ecster_internal_reference' ) ];
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
}
