<?php
/**
 * The Ecster Pay gateway: refunds go to the OrderManager, customers never see it, and
 * WooCommerce's generic settings handling cannot write the option.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Gateway;

use EcsterOM\Gateway\EcsterGateway;
use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Orders\Result;
use EcsterOM\Plugin;
use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class EcsterGatewayTest extends TestCase {

	private RefundTracker $tracker;

	protected function setUp(): void {
		FakeState::reset();
		// The plugin's tracker, which WooCommerce's refund announcements reach (a fresh one per test).
		$this->tracker = new RefundTracker();
		Plugin::instance()->set_services(
			array(
				'tracker' => $this->tracker,
				'refunds' => null,
			)
		);
	}

	private static function order( int $id ): \WC_Order {
		// Its own constructor: whichever WC_Order fake is loaded, no parent constructor runs.
		return new class( $id ) extends \WC_Order {
			public function __construct( private int $order_id ) {}
			public function get_id() {
				return $this->order_id;
			}
		};
	}

	private static function refund( int $id, string $amount, int $order_id ): \WC_Order_Refund {
		return new class( $id, $amount, $order_id ) extends \WC_Order_Refund {
			public function __construct( private int $refund_id, private string $refund_amount, private int $order_id ) {}
			public function get_id() {
				return $this->refund_id;
			}
			public function get_amount( $context = 'view' ) {
				return $this->refund_amount;
			}
			public function get_parent_id() {
				return $this->order_id;
			}
		};
	}

	/**
	 * A gateway whose order look-ups are answered from memory.
	 *
	 * @param callable(\WC_Order, float, string, ?\WC_Order_Refund, string): Result $refunder Refunder.
	 * @param array<int, \WC_Order>                                                  $orders   Orders by id.
	 */
	private function gateway( callable $refunder, array $orders = array() ): EcsterGateway {
		return new class( $refunder, $orders ) extends EcsterGateway {
			public function __construct( callable $refunder, private array $orders ) {
				parent::__construct( $refunder );
			}
			protected function load_order( int $order_id ): ?\WC_Order {
				return $this->orders[ $order_id ] ?? null;
			}
		};
	}

	/**
	 * A refunder that records its calls and answers with a Result.
	 *
	 * @param array<int, array<int, mixed>> $calls Filled with the arguments of each call.
	 */
	private static function recorder( array &$calls, ?Result $result = null ): callable {
		return static function ( ...$args ) use ( &$calls, $result ): Result {
			$calls[] = $args;
			return $result ?? Result::success( Result::CREDITED, 'Credited.', 'TX1', true, 1250 );
		};
	}

	public function test_it_is_the_ecster_pay_gateway_with_refunds(): void {
		$gateway = new EcsterGateway();
		$this->assertSame( 'ecster', $gateway->id );
		$this->assertSame( 'Ecster Pay', $gateway->get_method_title() );
		$this->assertNotSame( '', $gateway->get_method_description(), "WooCommerce's Payments list hides gateways without title and description" );
		$this->assertSame( array( 'products', 'refunds' ), $gateway->supports );
		$this->assertTrue( $gateway->supports( 'refunds' ) );
	}

	public function test_it_is_never_offered_at_checkout_even_when_the_checkout_plugin_left_it_enabled(): void {
		FakeState::settings( array( 'enabled' => 'yes', 'manage_ecster_orders' => 'yes', 'api_key' => 'k', 'merchant_key' => 'm' ) );
		$gateway = new EcsterGateway();
		$gateway->init_settings();
		$this->assertFalse( $gateway->is_available() );
		$this->assertSame( 'no', $gateway->enabled, 'checkout and the block editor read the property as "offered to customers"' );
	}

	/**
	 * @return array<string, array{0: array<string, string>, 1: string, 2: bool}>
	 */
	public static function management_states(): array {
		return array(
			'Manage orders on with both keys'    => array( array( 'manage_ecster_orders' => 'yes', 'api_key' => 'k', 'merchant_key' => 'm' ), 'yes', false ),
			'Manage orders off with both keys'   => array( array( 'manage_ecster_orders' => 'no', 'api_key' => 'k', 'merchant_key' => 'm' ), 'no', false ),
			'Manage orders off without keys'     => array( array( 'manage_ecster_orders' => 'no' ), 'no', true ),
			'Manage orders on but a key missing' => array( array( 'manage_ecster_orders' => 'yes', 'api_key' => 'k', 'enabled' => 'yes' ), 'no', true ),
		);
	}

	/**
	 * @dataProvider management_states
	 * @param array<string, string> $stored Stored settings.
	 */
	public function test_woocommerce_payments_list_reads_enabled_as_order_management( array $stored, string $enabled, bool $needs_setup ): void {
		FakeState::settings( $stored );
		$gateway = new EcsterGateway();
		$this->assertSame( $enabled, $gateway->get_option( 'enabled' ), 'WooCommerce\'s toggle request reads get_option( "enabled" )' );
		$this->assertSame( $needs_setup, $gateway->needs_setup(), 'without both keys: "Action needed", Enable refused' );
		$this->assertSame( 'yes' === $enabled, EcsterGateway::management_on() );
	}

	public function test_the_payments_lists_enable_turns_manage_orders_on_when_both_keys_are_stored(): void {
		FakeState::settings( array( 'manage_ecster_orders' => 'no', 'api_key' => 'secret-key-1234', 'merchant_key' => 'm', 'enabled' => 'no', 'title' => 'Ecster' ) );
		$saved = array();
		add_action(
			'ecster_om_settings_saved',
			static function ( $keys ) use ( &$saved ): void {
				$saved[] = $keys;
			}
		);
		$gateway = new EcsterGateway();

		$this->assertTrue( $gateway->update_option( 'enabled', 'yes' ) );

		$this->assertSame(
			array( 'manage_ecster_orders' => 'yes', 'api_key' => 'secret-key-1234', 'merchant_key' => 'm', 'enabled' => 'no', 'title' => 'Ecster' ),
			get_option( Settings::OPTION ),
			'only Manage orders changes; the checkout plugin\'s own "enabled" key stays'
		);
		$this->assertSame( 'yes', $gateway->enabled );
		$this->assertSame( array( array( 'manage_ecster_orders' ) ), $saved );

		$this->assertTrue( $gateway->update_option( 'enabled', 'no' ), 'Disable turns it off again' );
		$this->assertSame( 'no', get_option( Settings::OPTION )['manage_ecster_orders'] );
		$this->assertSame( 'no', $gateway->enabled );
	}

	public function test_the_payments_lists_enable_is_refused_without_both_keys(): void {
		$stored = array( 'manage_ecster_orders' => 'no', 'api_key' => '', 'merchant_key' => 'm' );
		FakeState::settings( $stored );
		$gateway = new EcsterGateway();
		$this->assertFalse( $gateway->update_option( 'enabled', 'yes' ) );
		$this->assertSame( $stored, get_option( Settings::OPTION ) );
	}

	public function test_woocommerce_generic_settings_handling_cannot_write_the_option(): void {
		$stored = array( 'manage_ecster_orders' => 'yes', 'api_key' => 'secret-key-1234', 'merchant_key' => 'm', 'enabled' => 'no' );
		FakeState::settings( $stored );
		$gateway = new EcsterGateway();
		$_POST   = array( 'woocommerce_ecster_api_key' => '', 'woocommerce_ecster_manage_ecster_orders' => '' );
		try {
			$this->assertFalse( $gateway->process_admin_options() );
			$this->assertFalse( $gateway->update_option( 'api_key', '' ) );
			$this->assertFalse( $gateway->update_option( 'manage_ecster_orders', 'no' ) );
			$this->assertFalse( $gateway->update_option( 'enabled', 'maybe' ) );
			$this->assertTrue( $gateway->update_option( 'enabled', 'yes' ), 'already on: nothing to change' );
		} finally {
			$_POST = array();
		}
		$this->assertSame( $stored, get_option( Settings::OPTION ) );
	}

	public function test_refund_goes_to_the_refunder_with_the_refund_woocommerce_is_creating(): void {
		$order   = self::order( 11 );
		$calls   = array();
		$other   = self::refund( 40, '12.50', 12 );
		$current = self::refund( 41, '12.50', 11 );
		// WooCommerce announces each refund just before it saves it and calls the gateway.
		$this->tracker->on_create_refund( $other );
		$this->tracker->on_create_refund( $current );
		$gateway = $this->gateway( self::recorder( $calls ), array( 11 => $order ) );

		$this->assertTrue( $gateway->process_refund( 11, '12.50', 'Trasig' ) );
		$this->assertCount( 1, $calls );
		[ $passed_order, $amount, $reason, $refund, $trigger ] = $calls[0];
		$this->assertSame( $order, $passed_order );
		$this->assertSame( 12.5, $amount );
		$this->assertSame( 'Trasig', $reason );
		$this->assertSame( $current, $refund, 'The refund of this order, never another order\'s of the same amount.' );
		$this->assertSame( 'gateway', $trigger, 'WooCommerce\'s own refund screen or another plugin.' );
		$this->assertNull( $this->tracker->being_processed( 11 ), 'Done with: a later call does not get it again.' );
		$this->assertSame( $other, $this->tracker->being_processed( 12 ) );
	}

	public function test_a_refund_started_through_the_plugin_passes_its_trigger_and_gets_the_result_back(): void {
		$calls   = array();
		$result  = Result::success( Result::CREDITED, 'Credited.', 'TX9', true, 500 );
		$gateway = $this->gateway( self::recorder( $calls, $result ), array( 11 => self::order( 11 ) ) );
		$attempt = $this->tracker->begin( 11, 'rest' );
		$this->tracker->on_create_refund( self::refund( 41, '5.00', 11 ) );

		$this->assertTrue( $gateway->process_refund( 11, '5.00', '' ) );
		$this->assertSame( 'rest', $calls[0][4] );
		$this->assertSame( $result, $attempt->result, 'RefundService reads the credit\'s Result from its attempt.' );
		$this->tracker->end( $attempt );
	}

	public function test_a_failed_credit_becomes_a_wp_error_so_woocommerce_deletes_the_refund(): void {
		$calls   = array();
		$failure = Result::failure( Result::ECSTER_ERROR, 'Ecster refused the credit.', true );
		$gateway = $this->gateway( self::recorder( $calls, $failure ), array( 5 => self::order( 5 ) ) );
		$attempt = $this->tracker->begin( 5, 'cli' );
		$error   = $gateway->process_refund( 5, 1.0, '' );
		$this->assertInstanceOf( \WP_Error::class, $error );
		$this->assertSame( 'ecster_om_ecster_error', $error->get_error_code() );
		$this->assertSame( 'Ecster refused the credit.', $error->get_error_message() );
		$this->assertSame( array( 'result' => 'ecster_error' ), $error->get_error_data() );
		$this->assertSame( $failure, $attempt->result );
		$this->tracker->end( $attempt );
	}

	public function test_the_refund_is_let_go_even_when_the_refunder_throws(): void {
		$this->tracker->on_create_refund( self::refund( 41, '5.00', 11 ) );
		$gateway = $this->gateway(
			static function (): Result {
				throw new \RuntimeException( 'boom' );
			},
			array( 11 => self::order( 11 ) )
		);
		try {
			$gateway->process_refund( 11, 5.0, '' );
			$this->fail( 'The exception reaches WooCommerce.' );
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'boom', $e->getMessage() );
		}
		$this->assertNull( $this->tracker->being_processed( 11 ) );
	}

	public function test_a_missing_order_is_an_error_and_nothing_is_credited(): void {
		$calls   = array();
		$gateway = $this->gateway( self::recorder( $calls ) );
		$result  = $gateway->process_refund( 999, 5.0 );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_order_not_found', $result->get_error_code() );
		$this->assertSame( array(), $calls );
	}

	public function test_a_refund_without_amount_or_reason_passes_zero_and_an_empty_reason(): void {
		$calls   = array();
		$gateway = $this->gateway( self::recorder( $calls ), array( 3 => self::order( 3 ) ) );
		$gateway->process_refund( 3, null, null );
		$this->assertSame( 0.0, $calls[0][1] );
		$this->assertSame( '', $calls[0][2] );
		$this->assertNull( $calls[0][3], 'no refund object when WooCommerce made none' );
		$this->assertSame( 'gateway', $calls[0][4] );
	}

	public function test_needs_setup_and_not_connected_until_both_keys_are_stored(): void {
		$gateway = new EcsterGateway();
		$this->assertTrue( $gateway->needs_setup() );
		$this->assertFalse( $gateway->is_account_connected() );
		FakeState::settings( array( 'manage_ecster_orders' => 'no', 'api_key' => 'k', 'merchant_key' => 'm' ) );
		$this->assertFalse( $gateway->needs_setup(), 'keys stored: WooCommerce offers Enable, which turns Manage orders on' );
		$this->assertTrue( $gateway->is_account_connected() );
	}

	public function test_woocommerce_payments_list_links_to_our_section(): void {
		$this->assertSame( 'http://example.test/wp-admin/admin.php?page=wc-settings&tab=checkout&section=ecster', ( new EcsterGateway() )->get_settings_url() );
	}

	public function test_it_is_added_to_woocommerce_gateways(): void {
		$this->assertSame( array( 'WC_Gateway_BACS', EcsterGateway::class ), EcsterGateway::add_to_woocommerce( array( 'WC_Gateway_BACS' ) ) );
	}
}
