<?php
/**
 * The Ecster Pay gateway inside WooCommerce: registered, never at checkout, refunds through the
 * OrderManager, reachable from WooCommerce's Payments settings and the Plugins screen.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Settings;

use Automattic\WooCommerce\Blocks\Package as BlocksPackage;
use Automattic\WooCommerce\Blocks\Payments\PaymentMethodRegistry;
use Automattic\WooCommerce\Internal\Admin\Settings\PaymentProviders;
use Automattic\WooCommerce\StoreApi\Utilities\PaymentUtils;
use EcsterOM\Gateway\EcsterGateway;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Settings;
use EcsterOM\Tests\Integration\TestCase;

final class GatewayTest extends TestCase {

	protected function tearDown(): void {
		// Back to the real OrderManager (setting a service drops the cached one).
		$this->plugin()->set_services( array( 'client' => $this->plugin()->client() ) );
		parent::tearDown();
	}

	private function gateway(): EcsterGateway {
		$gateways = WC()->payment_gateways()->payment_gateways();
		$this->assertArrayHasKey( 'ecster', $gateways );
		$this->assertInstanceOf( EcsterGateway::class, $gateways['ecster'] );
		return $gateways['ecster'];
	}

	public function test_the_ecster_pay_gateway_is_registered_with_refunds(): void {
		$gateway = $this->gateway();
		$this->assertSame( 'Ecster Pay', $gateway->get_method_title() );
		$this->assertTrue( $gateway->supports( 'refunds' ) );
		$this->assertTrue( $gateway->supports( 'products' ) );
	}

	public function test_it_is_never_offered_at_checkout_even_with_manage_orders_on_and_enabled_left_by_the_checkout_plugin(): void {
		$this->enable_management( array( 'enabled' => 'yes' ) );
		WC()->payment_gateways()->init();
		$this->assertArrayNotHasKey( 'ecster', WC()->payment_gateways()->get_available_payment_gateways() );
		$this->assertArrayNotHasKey( 'ecster', PaymentUtils::get_enabled_payment_gateways(), 'the checkout block editor lists enabled gateways' );
		$registry = BlocksPackage::container()->get( PaymentMethodRegistry::class );
		$this->assertArrayNotHasKey( 'ecster', $registry->get_all_registered() );
	}

	public function test_refunds_of_managed_orders_go_to_the_order_manager_with_the_refund_being_created(): void {
		$this->enable_management();
		$order = $this->create_managed_order();
		$calls = array();
		$fake  = new class( $this->plugin()->settings(), $this->plugin()->client(), $this->plugin()->logger(), $calls ) extends OrderManager {
			/** @var array<int, array<int, mixed>> */
			public array $calls = array();
			public function __construct( Settings $settings, \EcsterOM\Api\ClientInterface $client, \EcsterOM\Logger $logger, array &$calls ) {
				parent::__construct( $settings, $client, $logger );
				$this->calls = &$calls;
			}
			public function refund( \WC_Order $order, float $amount, string $reason = '', ?\WC_Order_Refund $refund = null ) {
				$this->calls[] = array( $order->get_id(), $amount, $reason, $refund ? $refund->get_id() : null, $refund ? (float) $refund->get_amount() : null );
				return true;
			}
		};
		$this->plugin()->set_services( array( 'order_manager' => $fake ) );

		$refund = wc_create_refund(
			array(
				'order_id'       => $order->get_id(),
				'amount'         => '100.00',
				'reason'         => 'Trasig vid leverans',
				'refund_payment' => true,
			)
		);

		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$this->assertSame( array( array( $order->get_id(), 100.0, 'Trasig vid leverans', $refund->get_id(), 100.0 ) ), $calls );
		$this->assertTrue( $refund->get_refunded_payment() );
	}

	public function test_an_error_from_the_order_manager_makes_woocommerce_record_no_refund(): void {
		$this->enable_management();
		$order = $this->create_managed_order();
		$fake  = new class( $this->plugin()->settings(), $this->plugin()->client(), $this->plugin()->logger() ) extends OrderManager {
			public function refund( \WC_Order $order, float $amount, string $reason = '', ?\WC_Order_Refund $refund = null ) {
				return new \WP_Error( 'ecster_om_credit_failed', 'Ecster refused the credit.' );
			}
		};
		$this->plugin()->set_services( array( 'order_manager' => $fake ) );

		$result = wc_create_refund( array( 'order_id' => $order->get_id(), 'amount' => '10.00', 'refund_payment' => true ) );

		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'Ecster refused the credit.', $result->get_error_message() );
		$this->assertSame( array(), $this->reload( $order )->get_refunds() );
	}

	public function test_woocommerce_payments_settings_list_shows_ecster_pay_and_links_to_our_section(): void {
		$providers = wc_get_container()->get( PaymentProviders::class );
		$listed    = array_values(
			array_filter( $providers->get_payment_gateways(), static fn( $gateway ): bool => 'ecster' === $gateway->id )
		);
		$this->assertCount( 1, $listed, 'listed (not filtered out as a "shell" gateway)' );
		$details = $providers->get_payment_gateway_details( $listed[0], 0 );
		$this->assertSame( 'Ecster Pay', $details['title'] );
		$this->assertSame( admin_url( 'admin.php?page=wc-settings&tab=checkout&section=ecster' ), $details['management']['_links']['settings']['href'] );
		$this->assertFalse( $details['state']['enabled'] );
		$this->assertTrue( $details['state']['needs_setup'], 'Manage orders is off: "Action needed" sends the merchant to our screen' );

		$this->enable_management();
		$details = $providers->get_payment_gateway_details( $listed[0], 0 );
		$this->assertFalse( $details['state']['needs_setup'] );
	}

	public function test_the_plugins_screen_row_links_to_the_settings(): void {
		$this->as_user( 'administrator' );
		$links = apply_filters( 'plugin_action_links_ecster-order-management/ecster-order-management.php', array( 'deactivate' => '<a href="#">Deactivate</a>' ) );
		$this->assertArrayHasKey( 'settings', $links );
		$this->assertStringContainsString( esc_url( admin_url( 'admin.php?page=wc-settings&tab=checkout&section=ecster' ) ), $links['settings'] );
		$this->assertSame( 'settings', array_key_first( $links ) );
	}

	public function test_woocommerce_generic_gateway_form_handling_changes_nothing(): void {
		$this->enable_management( array( 'title' => 'Ecster Pay' ) );
		$before = get_option( Settings::OPTION );
		$_POST  = array(
			'woocommerce_ecster_api_key'              => '',
			'woocommerce_ecster_manage_ecster_orders' => '',
			'woocommerce_ecster_enabled'              => '1',
		);
		try {
			$gateway = $this->gateway();
			$gateway->process_admin_options();
			do_action( 'woocommerce_update_options_payment_gateways_ecster' );
			$gateway->update_option( 'enabled', 'yes' );
		} finally {
			$_POST = array();
		}
		$this->assertSame( $before, get_option( Settings::OPTION ) );
	}
}
