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
			public function credit( \WC_Order $order, ?\WC_Order_Refund $refund, float $amount, string $reason, string $trigger ): \EcsterOM\Orders\Result {
				$this->calls[] = array( $order->get_id(), $amount, $reason, $refund ? $refund->get_id() : null, $refund ? (float) $refund->get_amount() : null, $trigger );
				return \EcsterOM\Orders\Result::success( \EcsterOM\Orders\Result::CREDITED, 'credited', 'T1', true, 10000 );
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
		$this->assertSame( array( array( $order->get_id(), 100.0, 'Trasig vid leverans', $refund->get_id(), 100.0, 'gateway' ) ), $calls );
		$this->assertTrue( $refund->get_refunded_payment() );
	}

	public function test_an_error_from_the_order_manager_makes_woocommerce_record_no_refund(): void {
		$this->enable_management();
		$order = $this->create_managed_order();
		$fake  = new class( $this->plugin()->settings(), $this->plugin()->client(), $this->plugin()->logger() ) extends OrderManager {
			public function credit( \WC_Order $order, ?\WC_Order_Refund $refund, float $amount, string $reason, string $trigger ): \EcsterOM\Orders\Result {
				return \EcsterOM\Orders\Result::failure( \EcsterOM\Orders\Result::ECSTER_ERROR, 'Ecster refused the credit.', true );
			}
		};
		$this->plugin()->set_services( array( 'order_manager' => $fake ) );

		$result = wc_create_refund( array( 'order_id' => $order->get_id(), 'amount' => '10.00', 'refund_payment' => true ) );

		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'Ecster refused the credit.', $result->get_error_message() );
		$this->assertSame( array(), $this->reload( $order )->get_refunds() );
	}

	/**
	 * The row WooCommerce 9.9's Payments list shows for the gateway (its REST route's data).
	 *
	 * @return array<string, mixed>
	 */
	private function payments_list_row(): array {
		$providers = wc_get_container()->get( PaymentProviders::class );
		// A fresh list, as each request of the Payments page builds it.
		( new \ReflectionProperty( PaymentProviders::class, 'payment_gateways_memo' ) )->setValue( $providers, null );
		$listed = array_values(
			array_filter( $providers->get_payment_gateways(), static fn( $gateway ): bool => 'ecster' === $gateway->id )
		);
		$this->assertCount( 1, $listed, 'listed (not filtered out as a "shell" gateway)' );
		return $providers->get_payment_gateway_details( $listed[0], 0 );
	}

	public function test_woocommerce_payments_settings_list_shows_ecster_pay_as_order_management_and_links_to_our_section(): void {
		// Hooked at boot: on the list's REST route the action fires before WooCommerce makes its gateways.
		$this->assertNotFalse( has_action( 'woocommerce_admin_field_payment_gateways', array( EcsterGateway::class, 'show_management_in_payments_list' ) ) );
		$details = $this->payments_list_row();
		$this->assertSame( 'Ecster Pay', $details['title'] );
		$this->assertStringContainsString( 'Order management for Ecster Pay orders', $details['description'] );
		$this->assertStringNotContainsString( '…', $details['description'], 'short enough not to be cut' );
		$this->assertSame( admin_url( 'admin.php?page=wc-settings&tab=checkout&section=ecster' ), $details['management']['_links']['settings']['href'] );
		// Manage orders off, keys stored: "Inactive" with Enable and Manage.
		$this->assertFalse( $details['state']['enabled'] );
		$this->assertFalse( $details['state']['needs_setup'] );
		$this->assertTrue( $details['state']['account_connected'] );

		$this->enable_management();
		$details = $this->payments_list_row();
		$this->assertTrue( $details['state']['enabled'], 'Manage orders on: "Active" (or "Test mode")' );
		$this->assertTrue( $details['state']['test_mode'], 'the test environment / sandbox URL' );

		update_option( Settings::OPTION, array( 'manage_ecster_orders' => 'no' ) );
		$details = $this->payments_list_row();
		$this->assertFalse( $details['state']['enabled'] );
		$this->assertTrue( $details['state']['needs_setup'], 'no keys: "Action needed", its button opens our screen' );
		$this->assertFalse( $details['state']['account_connected'] );

		WC()->payment_gateways()->init();
		$this->assertArrayNotHasKey( 'ecster', PaymentUtils::get_enabled_payment_gateways() );
	}

	/**
	 * Runs WooCommerce's own toggle request (admin-ajax woocommerce_toggle_gateway_enabled) as
	 * its Payments list sends it, and returns its JSON answer.
	 *
	 * @return array<string, mixed>
	 */
	private function toggle_from_payments_list(): array {
		$this->as_user( 'administrator' );
		$stop = static function (): callable {
			return static function (): void {
				throw new \RuntimeException( 'wp_die' );
			};
		};
		$this->add_test_filter( 'wp_doing_ajax', '__return_true' );
		$this->add_test_filter( 'wp_die_ajax_handler', $stop );
		$_POST    = array( 'gateway_id' => 'ecster' );
		$_REQUEST = array(
			'gateway_id' => 'ecster',
			'security'   => wp_create_nonce( 'woocommerce-toggle-payment-gateway-enabled' ),
		);
		ob_start();
		try {
			\WC_AJAX::toggle_gateway_enabled();
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'wp_die', $e->getMessage() );
		} finally {
			$output   = (string) ob_get_clean();
			$_POST    = array();
			$_REQUEST = array();
		}
		$answer = json_decode( $output, true );
		$this->assertIsArray( $answer, $output );
		return $answer;
	}

	public function test_the_payments_lists_enable_and_disable_turn_manage_orders_on_and_off(): void {
		$this->disable_management(); // Keys stored, Manage orders off.

		$this->assertSame( array( 'success' => true, 'data' => true ), $this->toggle_from_payments_list() );
		$this->assertSame( 'yes', get_option( Settings::OPTION )['manage_ecster_orders'] );
		$this->assertArrayNotHasKey( 'enabled', get_option( Settings::OPTION ), 'the checkout plugin\'s own key is not written' );
		$this->assertTrue( $this->payments_list_row()['state']['enabled'] );

		$this->assertSame( array( 'success' => true, 'data' => false ), $this->toggle_from_payments_list() );
		$this->assertSame( 'no', get_option( Settings::OPTION )['manage_ecster_orders'] );
		$this->assertFalse( $this->payments_list_row()['state']['enabled'] );
	}

	public function test_the_payments_lists_enable_without_keys_is_refused_as_needing_setup(): void {
		update_option( Settings::OPTION, array( 'manage_ecster_orders' => 'no', 'api_key' => self::API_KEY ) );

		$this->assertSame( array( 'success' => false, 'data' => 'needs_setup' ), $this->toggle_from_payments_list() );
		$this->assertSame( 'no', get_option( Settings::OPTION )['manage_ecster_orders'] );
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
