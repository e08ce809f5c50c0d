<?php
/**
 * Demo Ecster orders inside real WordPress + WooCommerce against the sandbox.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Demo;

use EcsterOM\Demo\DemoException;
use EcsterOM\Demo\DemoOrders;
use EcsterOM\Tests\Integration\TestCase;

final class DemoOrdersTest extends TestCase {

	private function demo(): DemoOrders {
		return new DemoOrders( (string) $GLOBALS['ecster_om_runtime']['sandboxUrl'] );
	}

	/**
	 * Every order the sandbox has (control API).
	 *
	 * @return array<int, array<string, mixed>>
	 */
	private function sandbox_orders(): array {
		$response = wp_remote_get( $this->sandbox()->url() . '/sandbox/orders', array( 'timeout' => 10 ) );
		$this->assertFalse( is_wp_error( $response ) );
		$orders = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		$this->assertIsArray( $orders );
		return $orders;
	}

	private function order_count(): int {
		return count(
			wc_get_orders(
				array(
					'type'   => 'shop_order',
					'limit'  => -1,
					'return' => 'ids',
					'status' => array_keys( wc_get_order_statuses() ),
				)
			)
		);
	}

	public function test_a_physical_invoice_order_is_paid_processing_and_reserved_in_ecster_under_its_number(): void {
		$this->enable_management();
		$result = $this->demo()->create( array() );

		$this->assertFalse( $result['skipped'] );
		$this->assertCount( 1, $result['orders'] );
		$summary = $result['orders'][0];
		$order   = $this->reload( wc_get_order( $summary['id'] ) );

		$this->assertSame( 'processing', $order->get_status() );
		$this->assertNotNull( $order->get_date_paid() );
		$this->assertSame( 'ecster', $order->get_payment_method() );
		$this->assertSame( 'Ecster Pay', $order->get_payment_method_title() );
		$this->assertSame( 'SEK', $order->get_currency() );
		$this->assertSame( 'SE', $order->get_billing_country() );
		$this->assertSame( 'SE', $order->get_shipping_country() );
		$this->assertMatchesRegularExpression( '/^\d{3} \d{2}$/', $order->get_billing_postcode() );
		$this->assertNotSame( '', $order->get_billing_first_name() );
		$this->assertStringEndsWith( '@example.se', $order->get_billing_email() );
		$this->assertNotSame( '', (string) $order->get_meta( DemoOrders::META_DEMO ) );
		$this->assertSame( 'INVOICE', $order->get_meta( '_wc_ecster_payment_method' ) );
		$this->assertGreaterThan( 0, (float) $order->get_total_tax(), 'Swedish VAT is charged' );
		foreach ( $order->get_items() as $item ) {
			$product = $item->get_product();
			$this->assertFalse( $product->is_virtual(), 'physical items only' );
			$this->assertContains( $product->get_tax_class(), array( '', 'reduced-rate', 'super-reduced-rate', 'zero-rate' ) );
		}

		$ecster_id = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$this->assertSame( $ecster_id, $summary['ecsterOrderId'] );
		$this->assertSame( $ecster_id, $order->get_transaction_id() );
		$ecster = $this->sandbox()->order( $ecster_id );
		$this->assertSame( 'READY', $ecster['status'] );
		$this->assertSame( 'INVOICE', $ecster['properties']['method'] );
		$this->assertSame( (int) round( (float) $order->get_total() * 100 ), $ecster['amount'] );
		$this->assertSame( (string) $order->get_order_number(), $ecster['orderReference'] );
		$this->assertSame( $order->get_billing_last_name(), $ecster['consumer']['name']['lastName'] );
		$rows = $ecster['transactions'][0]['rows'];
		$this->assertSame( $ecster['amount'], array_sum( array_map( static fn( array $r ): int => $r['unitAmount'] * $r['quantity'], $rows ) ) );

		// The reference went through the plugin's client (the real Ecster call); nothing else.
		$requests = $this->sandbox()->requests();
		$this->assertSame(
			array( array( 'PUT', '/rest/public/v1/orders/' . $ecster_id . '/orderReference', 200 ) ),
			array_map( static fn( array $r ): array => array( $r['method'], $r['path'], $r['status'] ), $requests )
		);
		$this->assertSame( array( 'orderReference' => (string) $order->get_order_number() ), $requests[0]['body'] );

		$this->assertSame( $order->get_id(), $summary['id'] );
		$this->assertSame( 'processing', $summary['status'] );
		$this->assertStringContainsString( 'action=edit', $summary['editUrl'] );
		// admin.php?page=wc-orders&action=edit&id=N (HPOS) or post.php?post=N&action=edit (legacy storage).
		$this->assertMatchesRegularExpression( '/[?&](id|post)=' . $order->get_id() . '(&|$)/', $summary['editUrl'] );
	}

	public function test_a_digital_card_order_with_an_amount_is_completed_and_debited_at_payment(): void {
		$this->enable_management();
		$result = $this->demo()->create(
			array(
				'digital' => true,
				'method'  => 'CARD',
				'amount'  => '1234.50',
			)
		);
		$order = $this->reload( wc_get_order( $result['orders'][0]['id'] ) );

		$this->assertSame( 'completed', $order->get_status() );
		$this->assertSame( '1234.50', wc_format_decimal( $order->get_total(), 2 ) );
		foreach ( $order->get_items() as $item ) {
			$this->assertTrue( $item->get_product()->is_virtual() && $item->get_product()->is_downloadable() );
		}
		$ecster_id = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$ecster    = $this->sandbox()->order( $ecster_id );
		$this->assertSame( 'FULLY_DELIVERED', $ecster['status'] );
		$this->assertSame( 123450, $ecster['debitedAmount'] );
		$debits = $this->sandbox()->transaction_requests( 'DEBIT' );
		$this->assertCount( 1, $debits );
		$this->assertSame( 123450, $debits[0]['body']['amount'] );
		$this->assertSame( $debits[0]['body']['amount'], (int) $order->get_meta( '_ecster_om_debited_amount' ) );
		$this->assertNotSame( '', (string) $order->get_meta( '_ecster_order_captured_id' ) );
		$this->assertNotEmpty( preg_grep( '/^Ecster payment debited: /', $this->notes( $order ) ) );
		$this->assertTrue( $result['orders'][0]['digital'] );
	}

	public function test_a_swish_order_carries_the_swish_debit_and_is_not_debited_again(): void {
		$this->enable_management();
		$result = $this->demo()->create(
			array(
				'method'  => 'SWISH',
				'digital' => true,
			)
		);
		$order     = $this->reload( wc_get_order( $result['orders'][0]['id'] ) );
		$ecster_id = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$ecster    = $this->sandbox()->order( $ecster_id );
		$debits    = array_values( array_filter( $ecster['transactions'], static fn( array $t ): bool => 'DEBIT' === $t['type'] ) );

		$this->assertSame( 'completed', $order->get_status() );
		$this->assertCount( 1, $debits );
		$this->assertSame( $debits[0]['id'], $order->get_meta( '_wc_ecster_swish_id' ) );
		$this->assertSame( 'SWISH', $order->get_meta( '_wc_ecster_payment_method' ) );
		$this->assertSame( array(), $this->sandbox()->transaction_requests() );
		$this->assertNotEmpty( preg_grep( '/Swish payments are charged at purchase/', $this->notes( $order ) ) );
	}

	/**
	 * @return array<string, array{0: string, 1: bool}>
	 */
	public static function amounts(): array {
		return array(
			'physical 79.91 (12 % VAT rounding)' => array( '79.91', false ),
			'physical 0.99 (below every product)' => array( '0.99', false ),
			'physical 25000'                       => array( '25000', false ),
			'digital 149 (one e-book)'             => array( '149', true ),
			'digital 333.33'                       => array( '333.33', true ),
		);
	}

	/**
	 * @dataProvider amounts
	 */
	public function test_the_order_total_is_exactly_the_amount( string $amount, bool $digital ): void {
		$result = $this->demo()->create(
			array(
				'amount'  => $amount,
				'digital' => $digital,
			)
		);
		$order = $this->reload( wc_get_order( $result['orders'][0]['id'] ) );
		$this->assertSame( wc_format_decimal( $amount, 2 ), wc_format_decimal( $order->get_total(), 2 ) );
		$ecster = $this->sandbox()->order( (string) $order->get_meta( '_wc_ecster_internal_reference' ) );
		$this->assertSame( (int) round( (float) $amount * 100 ), $ecster['amount'] );
		// Physical stays physical even when the amount is made of a gift card only.
		$this->assertSame( $digital ? 'completed' : 'processing', $order->get_status() );
	}

	public function test_count_makes_several_orders_and_if_none_makes_none_once_some_exist(): void {
		$first = $this->demo()->create( array( 'count' => 2 ) );
		$this->assertCount( 2, $first['orders'] );
		$this->assertNotSame( $first['orders'][0]['ecsterOrderId'], $first['orders'][1]['ecsterOrderId'] );

		$again = $this->demo()->create(
			array(
				'count'  => 3,
				'ifNone' => true,
			)
		);
		$this->assertTrue( $again['skipped'] );
		$this->assertSame( array(), $again['orders'] );
		$this->assertGreaterThanOrEqual( 2, $again['existing'] );
		$this->assertSame( $again['existing'], $this->demo()->count_existing() );
	}

	public function test_without_a_sandbox_url_nothing_is_made_and_the_error_says_how_to_fix_it(): void {
		$before = $this->order_count();
		try {
			( new DemoOrders( '' ) )->create( array() );
			$this->fail( 'No error without a sandbox URL.' );
		} catch ( DemoException $e ) {
			$this->assertSame( DemoException::NO_SANDBOX, $e->error_code() );
			$this->assertStringContainsString( 'ECSTER_OM_SANDBOX_URL is not defined', $e->getMessage() );
		}
		$this->assertSame( $before, $this->order_count() );
	}

	public function test_a_sandbox_that_does_not_answer_leaves_no_woocommerce_order(): void {
		$before = $this->order_count();
		try {
			( new DemoOrders( 'http://127.0.0.1:9' ) )->create( array() );
			$this->fail( 'No error for a silent sandbox.' );
		} catch ( DemoException $e ) {
			$this->assertSame( DemoException::SANDBOX_UNREACHABLE, $e->error_code() );
			$this->assertSame( 503, $e->http_status() );
			$this->assertStringContainsString( 'The Ecster sandbox at http://127.0.0.1:9 did not answer', $e->getMessage() );
		}
		$this->assertSame( $before, $this->order_count() );
	}

	public function test_when_ecster_refuses_the_reference_no_woocommerce_order_is_kept(): void {
		update_option( 'woocommerce_ecster_settings', array( 'manage_ecster_orders' => 'no' ) );
		$before = $this->order_count();
		try {
			$this->demo()->create( array() );
			$this->fail( 'No error without Ecster keys.' );
		} catch ( DemoException $e ) {
			$this->assertSame( DemoException::ECSTER_ERROR, $e->error_code() );
			$this->assertStringContainsString( 'order reference could not be set', $e->getMessage() );
		}
		$this->assertSame( $before, $this->order_count() );
		$orders = $this->sandbox_orders();
		$this->assertCount( 1, $orders );
		$this->assertSame( 'ABORTED', $orders[0]['status'] );
	}

	public function test_the_rest_route_checks_the_capability_and_the_options(): void {
		$this->as_user( 'customer' );
		$response = $this->rest( 'POST', '/ecster-om/v1/demo/orders', array( 'count' => 1 ) );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'ecster_om_forbidden', $response->get_data()['code'] );

		$this->as_user( 'shop_manager' );
		$response = $this->rest( 'POST', '/ecster-om/v1/demo/orders', array( 'method' => 'BITCOIN' ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'ecster_om_demo_invalid_option', $response->get_data()['code'] );
		$this->assertSame( 'method', $response->get_data()['data']['field'] );

		// This site defines no ECSTER_OM_SANDBOX_URL: the route says so instead of half-making orders.
		$before   = $this->order_count();
		$response = $this->rest( 'POST', '/ecster-om/v1/demo/orders', array() );
		$this->assertSame( 500, $response->get_status() );
		$this->assertSame( 'ecster_om_demo_no_sandbox', $response->get_data()['code'] );
		$this->assertSame( $before, $this->order_count() );
	}
}
