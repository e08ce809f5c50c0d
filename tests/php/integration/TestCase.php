<?php
/**
 * Base class of the integration tests (real WordPress + WooCommerce + the Ecster sandbox).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration;

use EcsterOM\Plugin;
use EcsterOM\Tests\Integration\Support\SandboxControl;

/**
 * There is no WP_UnitTestCase here (no transaction rollback), so each test makes its own
 * orders and users and the sandbox is reset before every test.
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase {

	public const API_KEY = 'sandbox-api-key';
	public const MERCHANT_KEY = 'sandbox-merchant';

	private static ?SandboxControl $sandbox = null;

	/** @var array<int, array{0: string, 1: callable, 2: int}> */
	private array $added_filters = array();

	protected function setUp(): void {
		parent::setUp();
		wp_set_current_user( 0 );
		$this->sandbox()->reset();
		$this->disable_management();
	}

	protected function tearDown(): void {
		foreach ( $this->added_filters as [ $hook, $callback, $priority ] ) {
			remove_filter( $hook, $callback, $priority );
		}
		$this->added_filters = array();
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	protected function sandbox(): SandboxControl {
		if ( null === self::$sandbox ) {
			self::$sandbox = new SandboxControl( (string) $GLOBALS['ecster_om_runtime']['sandboxUrl'] );
		}
		return self::$sandbox;
	}

	/**
	 * Adds a filter that is removed again after the test.
	 */
	protected function add_test_filter( string $hook, callable $callback, int $priority = 10, int $accepted_args = 1 ): void {
		add_filter( $hook, $callback, $priority, $accepted_args );
		$this->added_filters[] = array( $hook, $callback, $priority );
	}

	/**
	 * Turns Manage orders on with the sandbox's keys.
	 *
	 * @param array<string, string> $overrides Other settings.
	 */
	protected function enable_management( array $overrides = array() ): void {
		update_option(
			'woocommerce_ecster_settings',
			array_merge(
				array(
					'manage_ecster_orders' => 'yes',
					'api_key'              => self::API_KEY,
					'merchant_key'         => self::MERCHANT_KEY,
					'testmode'             => 'yes',
					'logging'              => 'no',
					'failed_debit_status'  => 'on-hold',
				),
				$overrides
			)
		);
	}

	protected function disable_management(): void {
		update_option(
			'woocommerce_ecster_settings',
			array(
				'manage_ecster_orders' => 'no',
				'api_key'              => self::API_KEY,
				'merchant_key'         => self::MERCHANT_KEY,
				'testmode'             => 'yes',
				'logging'              => 'no',
			)
		);
	}

	/**
	 * A simple product (created once per name).
	 */
	protected function product( string $name, string $price, string $tax_class = '', bool $digital = false ): \WC_Product {
		$sku = 'ECSTER-OM-IT-' . strtoupper( substr( md5( $name . $price . $tax_class . ( $digital ? 'd' : 'p' ) ), 0, 10 ) );
		$id  = wc_get_product_id_by_sku( $sku );
		if ( $id ) {
			return wc_get_product( $id );
		}
		$product = new \WC_Product_Simple();
		$product->set_name( $name );
		$product->set_sku( $sku );
		$product->set_regular_price( $price );
		$product->set_tax_class( $tax_class );
		$product->set_status( 'publish' );
		if ( $digital ) {
			$product->set_virtual( true );
			$product->set_downloadable( true );
		}
		$product->save();
		return $product;
	}

	/**
	 * A WooCommerce order paid with Ecster Pay and its order in the sandbox.
	 *
	 * @param array{
	 *   items?: array<int, array{name: string, price: string, qty?: int, tax_class?: string, digital?: bool}>,
	 *   shipping?: string|null,
	 *   method?: string,
	 *   status?: string,
	 *   reserved?: int|null,
	 *   payment_method?: string,
	 *   with_reference?: bool
	 * } $args Order description. `reserved` overrides the amount reserved in Ecster (minor units).
	 */
	protected function create_managed_order( array $args = array() ): \WC_Order {
		$args = array_merge(
			array(
				'items'          => array(
					array(
						'name'  => 'Kaffebryggare',
						'price' => '499',
						'qty'   => 2,
					),
				),
				'shipping'       => null,
				'method'         => 'INVOICE',
				'status'         => 'processing',
				'reserved'       => null,
				'payment_method' => 'ecster',
				'with_reference' => true,
			),
			$args
		);

		$order = wc_create_order( array( 'created_via' => 'ecster-om-tests' ) );
		foreach ( $args['items'] as $item ) {
			$order->add_product( $this->product( $item['name'], $item['price'], $item['tax_class'] ?? '', $item['digital'] ?? false ), $item['qty'] ?? 1 );
		}
		if ( null !== $args['shipping'] ) {
			$shipping = new \WC_Order_Item_Shipping();
			$shipping->set_method_title( 'PostNord' );
			$shipping->set_method_id( 'flat_rate' );
			$shipping->set_total( $args['shipping'] );
			$order->add_item( $shipping );
		}
		$this->set_customer( $order );
		$order->set_currency( 'SEK' );
		$order->set_payment_method( $args['payment_method'] );
		$order->set_payment_method_title( 'Ecster Pay' );
		$order->calculate_totals( true );
		$order->save();

		$total  = (int) round( (float) $order->get_total() * 100 );
		$ecster = $this->sandbox()->create_order(
			array(
				'amount'         => $args['reserved'] ?? $total,
				'currency'       => 'SEK',
				'orderReference' => (string) $order->get_order_number(),
				'method'         => $args['method'],
			)
		);
		if ( $args['with_reference'] ) {
			$order->update_meta_data( '_wc_ecster_internal_reference', $ecster['id'] );
		}
		$order->update_meta_data( '_wc_ecster_payment_method', $args['method'] );
		if ( 'SWISH' === $args['method'] ) {
			foreach ( $ecster['transactions'] ?? array() as $transaction ) {
				if ( 'DEBIT' === $transaction['type'] ) {
					$order->update_meta_data( '_wc_ecster_swish_id', $transaction['id'] );
				}
			}
		}
		$order->set_date_paid( time() );
		$order->set_transaction_id( $ecster['id'] );
		$order->set_status( $args['status'] );
		$order->save();
		return wc_get_order( $order->get_id() );
	}

	/**
	 * The Swedish test customer as billing and shipping address.
	 */
	protected function set_customer( \WC_Order $order ): void {
		$address = array(
			'first_name' => 'Test',
			'last_name'  => 'Kund',
			'email'      => 'test.kund@example.com',
			'phone'      => '+46701234567',
			'address_1'  => 'Storgatan 1',
			'city'       => 'Stockholm',
			'postcode'   => '111 22',
			'country'    => 'SE',
		);
		$order->set_address( $address, 'billing' );
		$order->set_address( $address, 'shipping' );
	}

	/**
	 * Logs in as a new user with the role (administrator, shop_manager, customer, subscriber),
	 * or logs out ('logged_out'). Returns the user id (0 when logged out).
	 */
	protected function as_user( string $role ): int {
		if ( 'logged_out' === $role ) {
			wp_set_current_user( 0 );
			return 0;
		}
		$login   = 'ecster-om-' . $role . '-' . wp_generate_password( 6, false );
		$user_id = wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password(),
				'user_email' => $login . '@example.com',
				'role'       => $role,
			)
		);
		if ( is_wp_error( $user_id ) ) {
			throw new \RuntimeException( 'Could not create a ' . $role . ': ' . $user_id->get_error_message() );
		}
		wp_set_current_user( $user_id );
		return $user_id;
	}

	/**
	 * Dispatches a REST request in-process and returns the response.
	 *
	 * @param array<string, mixed> $params JSON body (POST/PUT) or query parameters (GET).
	 */
	protected function rest( string $method, string $path, array $params = array() ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, $path );
		if ( 'GET' === $method ) {
			$request->set_query_params( $params );
		} elseif ( array() !== $params ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $params ) );
		}
		return rest_do_request( $request );
	}

	/**
	 * The order's notes, newest first (WooCommerce's order).
	 *
	 * @return string[]
	 */
	protected function notes( \WC_Order $order ): array {
		return array_map(
			static fn( $note ): string => wp_strip_all_tags( (string) $note->content ),
			wc_get_order_notes( array( 'order_id' => $order->get_id() ) )
		);
	}

	/**
	 * Fresh copy of an order from the database (not WooCommerce's in-memory cache).
	 */
	protected function reload( \WC_Order $order ): \WC_Order {
		wp_cache_flush();
		$fresh = wc_get_order( $order->get_id() );
		$this->assertInstanceOf( \WC_Order::class, $fresh );
		return $fresh;
	}

	protected function plugin(): Plugin {
		return Plugin::instance();
	}
}
