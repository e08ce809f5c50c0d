<?php
/**
 * Helpers of the order-management integration tests.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

use EcsterOM\Tests\Integration\TestCase;

abstract class OrdersTestCase extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->enable_management();
		// Status hooks of other tests must never wait long for a lock.
		$this->add_test_filter( 'ecster_om_lock_wait_seconds', static fn(): float => 2.0 );
	}

	/**
	 * Requests the sandbox received on its Ecster API (not the control API).
	 *
	 * @return array<int, array<string, mixed>>
	 */
	protected function ecster_requests(): array {
		return array_values( array_filter( $this->sandbox()->requests(), static fn( array $r ): bool => ! str_starts_with( (string) $r['path'], '/sandbox' ) ) );
	}

	/**
	 * Transactions of a type that the sandbox actually stored for the order.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	protected function stored( \WC_Order $order, string $type ): array {
		$ecster = $this->sandbox()->order( (string) $order->get_meta( '_wc_ecster_internal_reference' ) );
		return array_values( array_filter( $ecster['transactions'], static fn( array $t ): bool => $type === $t['type'] ) );
	}

	protected function ecster_order( \WC_Order $order ): array {
		return $this->sandbox()->order( (string) $order->get_meta( '_wc_ecster_internal_reference' ) );
	}

	protected function assert_note_contains( \WC_Order $order, string $text ): void {
		$notes = implode( "\n", $this->notes( $order ) );
		$this->assertStringContainsString( $text, $notes, "No order note contains \"$text\". Notes:\n$notes" );
	}

	protected function total_minor( \WC_Order $order ): int {
		return (int) round( (float) $order->get_total() * 100 );
	}
}
