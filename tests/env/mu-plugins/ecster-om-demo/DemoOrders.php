<?php
/**
 * Demo Ecster orders on demand: an order in the Ecster sandbox and the WooCommerce order a
 * customer paying with Ecster Pay would have left.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

use Automattic\WooCommerce\Utilities\OrderUtil;
use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\RowBuilder;
use EcsterOM\Plugin;

/**
 * For QA and demos on local and development sites (never needed in production). One pair is
 * made like this, in the order the Ecster Pay checkout made it:
 *
 * 1. the WooCommerce order (Pending): products with Swedish VAT classes, a Swedish customer,
 *    payment method `ecster` / "Ecster Pay"; with `amount`, the lines add up to exactly it;
 * 2. the Ecster order in the sandbox (`POST {sandbox}/sandbox/orders`), reserving the order total
 *    with the order's rows and the customer, under a temporary (cart) reference;
 * 3. the Ecster meta on the WooCommerce order (`_wc_ecster_internal_reference`,
 *    `_wc_ecster_payment_method`, Swish: `_wc_ecster_swish_id`) and `_ecster_om_demo`;
 * 4. the Ecster order's reference set to the WooCommerce order number through the plugin's own
 *    client (`PUT v1/orders/{id}/orderReference`, as the checkout plugin did);
 * 5. `payment_complete()`: WooCommerce marks the order paid and moves it to Processing, or to
 *    Completed when every item is digital; the plugin's status hook then debits it as it would
 *    after a real purchase.
 */
class DemoOrders {

	public const META_DEMO = '_ecster_om_demo';

	public const METHODS   = array( 'INVOICE', 'CARD', 'PARTPAYMENT', 'SWISH' );
	public const MAX_COUNT = 20;
	/** Largest amount in minor units (1 000 000 SEK). */
	public const MAX_AMOUNT = 100000000;
	public const OPTIONS    = array( 'count', 'digital', 'method', 'amount', 'ifNone' );

	private ?string $sandbox_url;
	private ?ClientInterface $client;

	/** @var callable(int, int): int */
	private $random;

	/**
	 * @param string|null          $sandbox_url Base URL of the Ecster sandbox (http://127.0.0.1:8790);
	 *                                          default: the constant ECSTER_OM_SANDBOX_URL.
	 * @param ClientInterface|null $client      Ecster client; default: the plugin's.
	 * @param callable|null        $random      fn( int $min, int $max ): int; default wp_rand().
	 */
	public function __construct( ?string $sandbox_url = null, ?ClientInterface $client = null, ?callable $random = null ) {
		if ( null === $sandbox_url && defined( 'ECSTER_OM_SANDBOX_URL' ) && is_string( constant( 'ECSTER_OM_SANDBOX_URL' ) ) ) {
			$sandbox_url = (string) constant( 'ECSTER_OM_SANDBOX_URL' );
		}
		$this->sandbox_url = null !== $sandbox_url && '' !== trim( $sandbox_url ) ? rtrim( trim( $sandbox_url ), '/' ) : null;
		$this->client      = $client;
		$this->random      = $random ?? static fn( int $min, int $max ): int => wp_rand( $min, $max );
	}

	/**
	 * Whether demo orders may be made on this site: only when WordPress says it is a local or
	 * development site (`WP_ENVIRONMENT_TYPE`).
	 */
	public static function environment_allows(): bool {
		return in_array( wp_get_environment_type(), array( 'local', 'development' ), true );
	}

	// ---------------------------------------------------------------------------------------
	// Options.
	// ---------------------------------------------------------------------------------------

	/**
	 * Checks the options (REST body, WP-CLI flags, admin action) and normalises them.
	 *
	 * - `count`: whole number 1–20 (default 1);
	 * - `digital`: true for digital-only items (default false);
	 * - `method`: INVOICE, CARD, PARTPAYMENT or SWISH, any case (default INVOICE);
	 * - `amount`: order total in SEK, e.g. 1234.50 or "1234,50", above 0 and at most 1 000 000,
	 *   at most two decimals (default: whatever the random basket costs);
	 * - `ifNone`: make orders only when the store has no demo orders yet (default false).
	 *
	 * @param array<string, mixed> $input Options.
	 * @return array{count: int, digital: bool, method: string, amount: int|null, ifNone: bool} Amount in minor units.
	 * @throws DemoException For an unknown or invalid option.
	 */
	public static function parse_options( array $input ): array {
		foreach ( array_keys( $input ) as $key ) {
			if ( ! in_array( $key, self::OPTIONS, true ) ) {
				throw self::invalid(
					(string) $key,
					sprintf(
						/* translators: 1: option name, 2: list of options */
						__( 'Unknown option "%1$s". Known options: %2$s.', 'ecster-order-management' ),
						(string) $key,
						implode( ', ', self::OPTIONS )
					)
				);
			}
		}

		$count = 1;
		if ( isset( $input['count'] ) ) {
			$raw = $input['count'];
			if ( is_string( $raw ) && 1 === preg_match( '/^\s*\d{1,3}\s*$/', $raw ) ) {
				$raw = (int) $raw;
			}
			if ( ! is_int( $raw ) || $raw < 1 || $raw > self::MAX_COUNT ) {
				throw self::invalid(
					'count',
					sprintf(
						/* translators: 1: largest count, 2: the value given */
						__( 'count must be a whole number from 1 to %1$d, got %2$s.', 'ecster-order-management' ),
						self::MAX_COUNT,
						self::describe( $input['count'] )
					)
				);
			}
			$count = $raw;
		}

		$digital = self::flag( $input, 'digital' );
		$if_none = self::flag( $input, 'ifNone' );

		$method = 'INVOICE';
		if ( isset( $input['method'] ) ) {
			$raw = $input['method'];
			if ( ! is_string( $raw ) || ! in_array( strtoupper( trim( $raw ) ), self::METHODS, true ) ) {
				throw self::invalid(
					'method',
					sprintf(
						/* translators: 1: list of methods, 2: the value given */
						__( 'method must be one of %1$s, got %2$s.', 'ecster-order-management' ),
						implode( ', ', self::METHODS ),
						self::describe( $raw )
					)
				);
			}
			$method = strtoupper( trim( $raw ) );
		}

		$amount = null;
		if ( isset( $input['amount'] ) && '' !== $input['amount'] ) {
			$amount = self::parse_amount( $input['amount'] );
		}

		return array(
			'count'   => $count,
			'digital' => $digital,
			'method'  => $method,
			'amount'  => $amount,
			'ifNone'  => $if_none,
		);
	}

	/**
	 * An amount in SEK (number or text with a decimal point or comma) as minor units.
	 *
	 * @param mixed $raw The amount.
	 * @throws DemoException When it is not a valid amount.
	 */
	public static function parse_amount( $raw ): int {
		$minor = null;
		if ( is_int( $raw ) ) {
			$minor = $raw * 100;
		} elseif ( is_float( $raw ) && is_finite( $raw ) ) {
			$scaled = $raw * 100;
			if ( abs( $scaled - round( $scaled ) ) < 0.000001 ) {
				$minor = (int) round( $scaled );
			}
		} elseif ( is_string( $raw ) && 1 === preg_match( '/^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/', $raw, $match ) ) {
			$minor = (int) $match[1] * 100 + ( isset( $match[2] ) ? (int) str_pad( $match[2], 2, '0' ) : 0 );
		}
		if ( null === $minor || $minor <= 0 || $minor > self::MAX_AMOUNT ) {
			throw self::invalid(
				'amount',
				sprintf(
					/* translators: %s: the value given */
					__( 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got %s.', 'ecster-order-management' ),
					self::describe( $raw )
				)
			);
		}
		return $minor;
	}

	/**
	 * @param array<string, mixed> $input Options.
	 * @throws DemoException When the value is not a yes/no value.
	 */
	private static function flag( array $input, string $key ): bool {
		if ( ! isset( $input[ $key ] ) ) {
			return false;
		}
		$raw = $input[ $key ];
		if ( is_bool( $raw ) ) {
			return $raw;
		}
		if ( is_int( $raw ) && in_array( $raw, array( 0, 1 ), true ) ) {
			return 1 === $raw;
		}
		if ( is_string( $raw ) ) {
			$value = strtolower( trim( $raw ) );
			if ( in_array( $value, array( '1', 'true', 'yes' ), true ) ) {
				return true;
			}
			if ( in_array( $value, array( '0', 'false', 'no' ), true ) ) {
				return false;
			}
		}
		throw self::invalid(
			$key,
			sprintf(
				/* translators: 1: option name, 2: the value given */
				__( '%1$s must be true or false, got %2$s.', 'ecster-order-management' ),
				$key,
				self::describe( $raw )
			)
		);
	}

	private static function invalid( string $field, string $message ): DemoException {
		return new DemoException( DemoException::INVALID_OPTION, $message, 400, $field );
	}

	/**
	 * @param mixed $value Any value.
	 */
	private static function describe( $value ): string {
		if ( is_string( $value ) ) {
			return '"' . ( strlen( $value ) > 40 ? substr( $value, 0, 40 ) . '…' : $value ) . '"';
		}
		if ( is_scalar( $value ) || null === $value ) {
			return (string) wp_json_encode( $value );
		}
		return gettype( $value );
	}

	// ---------------------------------------------------------------------------------------
	// Orders.
	// ---------------------------------------------------------------------------------------

	/**
	 * How many demo orders the store has (any status, trash excluded).
	 */
	public function count_existing(): int {
		if ( ! \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ) {
			// Legacy (posts) storage: WooCommerce's order query takes no meta_query there (9.2+).
			$query = new \WP_Query(
				array(
					'post_type'      => 'shop_order',
					'post_status'    => array_keys( wc_get_order_statuses() ),
					'meta_key'       => self::META_DEMO, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- a developer tool's one-off count.
					'fields'         => 'ids',
					'posts_per_page' => 1,
				)
			);
			return (int) $query->found_posts;
		}
		$result = wc_get_orders(
			array(
				'type'       => 'shop_order',
				'status'     => array_keys( wc_get_order_statuses() ),
				'limit'      => 1,
				'paginate'   => true,
				'return'     => 'ids',
				'meta_query' => array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- a developer tool's one-off count.
					array(
						'key'     => self::META_DEMO,
						'compare' => 'EXISTS',
					),
				),
			)
		);
		return is_object( $result ) && isset( $result->total ) ? (int) $result->total : 0;
	}

	/**
	 * Makes the demo order pairs.
	 *
	 * @param array<string, mixed> $options Options as parse_options() accepts them (raw or parsed).
	 * @return array{orders: array<int, array<string, mixed>>, existing: int, skipped: bool}
	 *         `orders`: one summary per created order (see summary()); `existing`: demo orders
	 *         the store had before; `skipped`: true when ifNone found some and made none.
	 * @throws DemoException On invalid options, a missing or silent sandbox, or an Ecster failure.
	 */
	public function create( array $options ): array {
		$options  = self::parse_options( $options );
		$existing = $this->count_existing();
		if ( $options['ifNone'] && $existing > 0 ) {
			return array(
				'orders'   => array(),
				'existing' => $existing,
				'skipped'  => true,
			);
		}
		$this->sandbox_url();

		$orders = array();
		for ( $i = 0; $i < $options['count']; $i++ ) {
			$order    = $this->create_one( $options['digital'], $options['method'], $options['amount'] );
			$orders[] = $this->summary( $order );
		}
		return array(
			'orders'   => $orders,
			'existing' => $existing,
			'skipped'  => false,
		);
	}

	/**
	 * One pair: see the class comment for the steps.
	 *
	 * @param bool     $digital Digital-only items.
	 * @param string   $method  INVOICE, CARD, PARTPAYMENT or SWISH.
	 * @param int|null $amount  Wanted order total in minor units, or null.
	 * @throws DemoException When the sandbox or Ecster fails (the WooCommerce order is deleted then).
	 */
	public function create_one( bool $digital, string $method, ?int $amount ): \WC_Order {
		$sandbox  = $this->sandbox_url();
		$customer = $this->pick_customer();
		$order    = $this->build_order( $digital, $amount, $customer );
		$total    = RowBuilder::to_minor( $order->get_total() );

		try {
			$ecster = $this->sandbox_create_order( $sandbox, $order, $total, $method, $customer );
		} catch ( DemoException $e ) {
			$order->delete( true );
			throw $e;
		}
		$ecster_id = (string) $ecster['id'];

		$order->update_meta_data( OrderManager::META_REFERENCE, $ecster_id );
		$order->update_meta_data( OrderManager::META_METHOD, $method );
		if ( OrderManager::SWISH === $method ) {
			foreach ( is_array( $ecster['transactions'] ?? null ) ? $ecster['transactions'] : array() as $transaction ) {
				if ( is_array( $transaction ) && 'DEBIT' === ( $transaction['type'] ?? '' ) ) {
					$order->update_meta_data( OrderManager::META_SWISH_ID, (string) $transaction['id'] );
				}
			}
		}
		$order->update_meta_data( self::META_DEMO, gmdate( 'c' ) );
		$order->save();

		try {
			$this->client()->update_order_reference( $ecster_id, (string) $order->get_order_number() );
		} catch ( ApiException $e ) {
			$order->delete( true );
			$this->sandbox_abort( $sandbox, $ecster_id );
			throw new DemoException(
				DemoException::ECSTER_ERROR,
				sprintf(
					/* translators: 1: Ecster order id, 2: error message */
					__( 'The Ecster order %1$s was made, but its order reference could not be set through the plugin\'s Ecster client: %2$s Check the Ecster Pay settings (API key and merchant key of the sandbox: sandbox-api-key / sandbox-merchant). No WooCommerce order was kept.', 'ecster-order-management' ),
					$ecster_id,
					$e->getMessage()
				),
				502
			);
		}

		$order->add_order_note(
			sprintf(
				/* translators: 1: payment method, 2: Ecster order id */
				__( 'Demo order (QA kit): paid with Ecster Pay (%1$s) in the Ecster sandbox, Ecster order %2$s.', 'ecster-order-management' ),
				$method,
				$ecster_id
			)
		);
		// As at checkout: WooCommerce marks it paid and chooses Processing, or Completed for
		// digital-only orders (the plugin's status hook debits those now).
		$order->payment_complete( $ecster_id );

		$fresh = wc_get_order( $order->get_id() );
		if ( ! $fresh instanceof \WC_Order ) {
			throw new DemoException( DemoException::ORDER_FAILED, __( 'The demo order disappeared after payment.', 'ecster-order-management' ), 500 );
		}
		return $fresh;
	}

	/**
	 * What the entry points print and answer.
	 *
	 * @return array{id: int, number: string, status: string, total: string, currency: string, method: string, digital: bool, ecsterOrderId: string, editUrl: string}
	 */
	public function summary( \WC_Order $order ): array {
		$digital = true;
		foreach ( $order->get_items( 'line_item' ) as $item ) {
			$product = $item instanceof \WC_Order_Item_Product ? $item->get_product() : null;
			if ( ! $product instanceof \WC_Product || ! ( $product->is_virtual() && $product->is_downloadable() ) ) {
				$digital = false;
			}
		}
		return array(
			'id'            => $order->get_id(),
			'number'        => (string) $order->get_order_number(),
			'status'        => $order->get_status(),
			'total'         => wc_format_decimal( $order->get_total(), 2 ),
			'currency'      => $order->get_currency(),
			'method'        => (string) $order->get_meta( OrderManager::META_METHOD ),
			'digital'       => $digital,
			'ecsterOrderId' => (string) $order->get_meta( OrderManager::META_REFERENCE ),
			'editUrl'       => OrderUtil::get_order_admin_edit_url( $order->get_id() ),
		);
	}

	/**
	 * The pending WooCommerce order with its lines, customer and totals.
	 *
	 * @param bool                  $digital  Digital-only items.
	 * @param int|null              $amount   Wanted total in minor units, or null.
	 * @param array<string, string> $customer One of Catalogue::customers().
	 * @throws DemoException When the total cannot be brought to the amount.
	 */
	private function build_order( bool $digital, ?int $amount, array $customer ): \WC_Order {
		$order = wc_create_order( array( 'created_via' => 'checkout' ) );
		if ( ! $order instanceof \WC_Order ) {
			throw new DemoException( DemoException::ORDER_FAILED, __( 'WooCommerce could not create an order.', 'ecster-order-management' ), 500 );
		}
		$address = array(
			'first_name' => $customer['first_name'],
			'last_name'  => $customer['last_name'],
			'address_1'  => $customer['address_1'],
			'postcode'   => $customer['postcode'],
			'city'       => $customer['city'],
			'country'    => 'SE',
			'email'      => $customer['email'],
			'phone'      => $customer['phone'],
		);
		$order->set_address( $address, 'billing' );
		if ( ! $digital ) {
			unset( $address['email'] );
			$order->set_address( $address, 'shipping' );
		}
		$order->set_currency( 'SEK' );
		$order->set_prices_include_tax( 'yes' === get_option( 'woocommerce_prices_include_tax' ) );
		$order->set_payment_method( OrderManager::GATEWAY_ID );
		$order->set_payment_method_title( 'Ecster Pay' );

		$basket   = Catalogue::basket( $digital, $amount, $this->random );
		$products = $digital ? Catalogue::digital() : Catalogue::physical();
		foreach ( $basket['lines'] as $line ) {
			$product = $this->product( $line['key'], $products[ $line['key'] ], $digital );
			$order->add_product( $product, $line['quantity'] );
		}
		if ( $basket['giftCard'] > 0 ) {
			$this->set_gift_card( $order, $digital, $basket['giftCard'] );
		}
		$order->calculate_totals( true );

		if ( null !== $amount ) {
			$this->match_amount( $order, $digital, $amount );
		}
		return $order;
	}

	/**
	 * Brings the order total to exactly `amount`: WooCommerce's VAT rounding can move the total
	 * of the product lines by an öre, so the gift card (0 % VAT, its total is exact) absorbs the
	 * difference; a product line is dropped when the products alone already cost more.
	 *
	 * @throws DemoException When it cannot be done.
	 */
	private function match_amount( \WC_Order $order, bool $digital, int $amount ): void {
		for ( $attempt = 0; $attempt < 5; $attempt++ ) {
			$difference = $amount - RowBuilder::to_minor( $order->get_total() );
			if ( 0 === $difference ) {
				return;
			}
			$gift   = $this->gift_card_item( $order, $digital );
			$wanted = ( null !== $gift ? RowBuilder::to_minor( $gift->get_total() ) : 0 ) + $difference;
			if ( $wanted > 0 ) {
				$this->set_gift_card( $order, $digital, $wanted );
			} else {
				$last = null;
				foreach ( $order->get_items( 'line_item' ) as $item_id => $item ) {
					if ( null === $gift || $item_id !== $gift->get_id() ) {
						$last = $item_id;
					}
				}
				if ( null === $last ) {
					break;
				}
				$order->remove_item( $last );
			}
			$order->calculate_totals( true );
		}
		$order->delete( true );
		throw new DemoException(
			DemoException::ORDER_FAILED,
			sprintf(
				/* translators: 1: wanted amount, 2: order total reached */
				__( 'Could not make an order with the total %1$s (reached %2$s).', 'ecster-order-management' ),
				wc_format_decimal( $amount / 100, 2 ),
				wc_format_decimal( $order->get_total(), 2 )
			),
			500
		);
	}

	private function gift_card_item( \WC_Order $order, bool $digital ): ?\WC_Order_Item_Product {
		$sku = Catalogue::SKU_PREFIX . Catalogue::gift_card( $digital )['key'];
		foreach ( $order->get_items( 'line_item' ) as $item ) {
			if ( $item instanceof \WC_Order_Item_Product ) {
				$product = $item->get_product();
				if ( $product instanceof \WC_Product && $sku === $product->get_sku() ) {
					return $item;
				}
			}
		}
		return null;
	}

	/**
	 * Adds the gift-card line, or changes its price, to `minor` (VAT-free, so exact).
	 */
	private function set_gift_card( \WC_Order $order, bool $digital, int $minor ): void {
		$card    = Catalogue::gift_card( $digital );
		$product = $this->product( $card['key'], $card, $digital );
		$major   = wc_format_decimal( $minor / 100, 2 );
		$item    = $this->gift_card_item( $order, $digital );
		if ( null === $item ) {
			$order->add_product(
				$product,
				1,
				array(
					'subtotal' => $major,
					'total'    => $major,
				)
			);
			return;
		}
		$item->set_subtotal( $major );
		$item->set_total( $major );
		$item->save();
	}

	/**
	 * The demo product with this key, created the first time (published, simple, the given price
	 * and tax class; digital products virtual and downloadable).
	 *
	 * @param string                                           $key     Catalogue key.
	 * @param array{name: string, price: int, taxClass: string} $data    Catalogue entry.
	 * @param bool                                             $digital Virtual and downloadable.
	 */
	private function product( string $key, array $data, bool $digital ): \WC_Product {
		$sku = Catalogue::SKU_PREFIX . $key;
		$id  = wc_get_product_id_by_sku( $sku );
		if ( $id ) {
			$found = wc_get_product( $id );
			if ( $found instanceof \WC_Product ) {
				return $found;
			}
		}
		$this->ensure_tax_class( $data['taxClass'] );
		$product = new \WC_Product_Simple();
		$product->set_name( $data['name'] );
		$product->set_sku( $sku );
		$product->set_regular_price( wc_format_decimal( $data['price'] / 100, 2 ) );
		$product->set_tax_status( 'taxable' );
		$product->set_tax_class( $data['taxClass'] );
		$product->set_status( 'publish' );
		$product->set_catalog_visibility( 'hidden' );
		$product->set_virtual( $digital );
		$product->set_downloadable( $digital );
		$product->save();
		return $product;
	}

	/**
	 * Creates a missing Swedish tax class (the development store has them; another site may
	 * lack "Zero rate", and without it the gift card would carry 25 % VAT).
	 */
	private function ensure_tax_class( string $slug ): void {
		if ( '' === $slug || in_array( $slug, \WC_Tax::get_tax_class_slugs(), true ) ) {
			return;
		}
		$names = array(
			'reduced-rate'       => 'Reduced rate',
			'super-reduced-rate' => 'Super reduced rate',
			'zero-rate'          => 'Zero rate',
		);
		\WC_Tax::create_tax_class( $names[ $slug ] ?? $slug, $slug );
	}

	/**
	 * @return array<string, string>
	 */
	private function pick_customer(): array {
		$customers = Catalogue::customers();
		return $customers[ ( $this->random )( 0, count( $customers ) - 1 ) ];
	}

	// ---------------------------------------------------------------------------------------
	// Sandbox.
	// ---------------------------------------------------------------------------------------

	/**
	 * @throws DemoException When no sandbox URL is known.
	 */
	private function sandbox_url(): string {
		if ( null === $this->sandbox_url ) {
			throw new DemoException(
				DemoException::NO_SANDBOX,
				__( 'Demo orders need the Ecster sandbox, but ECSTER_OM_SANDBOX_URL is not defined. Start the store with npm run env:start (it defines the constant and starts the sandbox), or define ECSTER_OM_SANDBOX_URL in wp-config.php (for example http://127.0.0.1:8790).', 'ecster-order-management' ),
				500
			);
		}
		if ( 1 !== preg_match( '#^https?://#i', $this->sandbox_url ) ) {
			throw new DemoException(
				DemoException::NO_SANDBOX,
				sprintf(
					/* translators: %s: the configured URL */
					__( 'The Ecster sandbox URL "%s" is not an http(s) URL.', 'ecster-order-management' ),
					$this->sandbox_url
				),
				500
			);
		}
		return $this->sandbox_url;
	}

	/**
	 * POST /sandbox/orders.
	 *
	 * @param string                $sandbox  Sandbox base URL.
	 * @param \WC_Order             $order    The WooCommerce order.
	 * @param int                   $total    Amount to reserve (minor units).
	 * @param string                $method   Payment method.
	 * @param array<string, string> $customer The customer.
	 * @return array<string, mixed> The sandbox order.
	 * @throws DemoException When the sandbox does not answer or refuses.
	 */
	private function sandbox_create_order( string $sandbox, \WC_Order $order, int $total, string $method, array $customer ): array {
		$rows     = ( new RowBuilder( Plugin::instance()->logger() ) )->for_order( $order, $total );
		$body     = array(
			'amount'         => $total,
			'currency'       => $order->get_currency(),
			'method'         => $method,
			// The checkout reserved under the cart's reference; step 4 replaces it.
			'orderReference' => 'cart-' . strtolower( wp_generate_password( 12, false ) ),
			'rows'           => $rows,
			'consumer'       => array(
				'nationalId'  => $customer['national_id'],
				'name'        => array(
					'firstName' => $customer['first_name'],
					'lastName'  => $customer['last_name'],
				),
				'address'     => array(
					'line1' => $customer['address_1'],
					'city'  => $customer['city'],
					'zip'   => str_replace( ' ', '', $customer['postcode'] ),
				),
				'contactInfo' => array(
					'email'    => $customer['email'],
					'cellular' => array( 'number' => $customer['phone'] ),
				),
			),
		);
		$response = wp_remote_post(
			$sandbox . '/sandbox/orders',
			array(
				'timeout' => 15,
				'headers' => array( 'Content-Type' => 'application/json' ),
				'body'    => (string) wp_json_encode( $body ),
			)
		);
		if ( is_wp_error( $response ) ) {
			throw new DemoException(
				DemoException::SANDBOX_UNREACHABLE,
				sprintf(
					/* translators: 1: sandbox URL, 2: error */
					__( 'The Ecster sandbox at %1$s did not answer (%2$s). Start it with npm run env:start (or npm run sandbox).', 'ecster-order-management' ),
					$sandbox,
					$response->get_error_message()
				),
				503
			);
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( 201 !== $status || ! is_array( $decoded ) || ! isset( $decoded['id'] ) || ! is_string( $decoded['id'] ) ) {
			$detail = is_array( $decoded ) && isset( $decoded['message'] ) && is_string( $decoded['message'] ) ? $decoded['message'] : substr( (string) wp_remote_retrieve_body( $response ), 0, 200 );
			throw new DemoException(
				DemoException::SANDBOX_ERROR,
				sprintf(
					/* translators: 1: sandbox URL, 2: HTTP status, 3: message */
					__( 'The Ecster sandbox at %1$s refused the demo order (HTTP %2$d): %3$s', 'ecster-order-management' ),
					$sandbox,
					$status,
					$detail
				),
				502
			);
		}
		return $decoded;
	}

	/**
	 * Marks an orphaned sandbox order ABORTED (best effort; the demo already failed).
	 */
	private function sandbox_abort( string $sandbox, string $ecster_id ): void {
		wp_remote_post(
			$sandbox . '/sandbox/orders/' . rawurlencode( $ecster_id ) . '/status',
			array(
				'timeout' => 5,
				'headers' => array( 'Content-Type' => 'application/json' ),
				'body'    => (string) wp_json_encode( array( 'status' => 'ABORTED' ) ),
			)
		);
	}

	private function client(): ClientInterface {
		return $this->client ??= Plugin::instance()->client();
	}
}
