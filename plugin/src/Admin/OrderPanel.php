<?php
/**
 * The "Ecster Pay" meta box on the WooCommerce order edit screen.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Admin;

use EcsterOM\Orders\OrderManager;

/**
 * Adds the meta box to the order edit screen (HPOS `admin.php?page=wc-orders&action=edit` and
 * legacy `post.php`), for orders paid with Ecster Pay only:
 * - managed orders get the React panel (build/order-panel.js): live Ecster status, amounts,
 *   history, and the hooks on Save and "Refund … via Ecster Pay";
 * - with Manage orders off, a short notice with a link to the settings;
 * - without an Ecster reference, a short notice;
 * - orders of other gateways get nothing at all.
 *
 * The panel starts from the state WooCommerce recorded (no Ecster call while the page renders)
 * and asks Ecster through the REST API once it is on screen. The API key never reaches the page.
 */
final class OrderPanel {

	public const BOX_ID     = 'ecster-om-order-panel';
	public const ROOT_ID    = 'ecster-om-order-panel-root';
	public const HANDLE     = 'ecster-om-order-panel';
	public const GATEWAY_ID = 'ecster';

	/** @var callable(): OrderManager */
	private $manager_factory;

	/**
	 * @param callable(): OrderManager $manager_factory Returns the order service (created on first use).
	 */
	public function __construct( callable $manager_factory ) {
		$this->manager_factory = $manager_factory;
	}

	public function register(): void {
		add_action( 'add_meta_boxes', array( $this, 'add_meta_box' ), 10, 2 );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Hooked on add_meta_boxes: WooCommerce passes (screen id, WC_Order) under HPOS and
	 * WordPress passes (post type, WP_Post) under legacy storage.
	 *
	 * @param string $screen_or_post_type Screen id or post type.
	 * @param mixed  $post_or_order       WC_Order or WP_Post.
	 */
	public function add_meta_box( $screen_or_post_type, $post_or_order = null ): void {
		$screen_id = self::screen_id();
		if ( '' === $screen_id || $screen_id !== $screen_or_post_type ) {
			return;
		}
		$order = self::to_order( $post_or_order );
		if ( null === $order || self::GATEWAY_ID !== $order->get_payment_method() ) {
			return;
		}
		add_meta_box(
			self::BOX_ID,
			__( 'Ecster Pay', 'ecster-order-management' ),
			array( $this, 'render' ),
			$screen_id,
			'side',
			'high'
		);
	}

	/**
	 * Meta box callback.
	 *
	 * @param mixed $post_or_order WC_Order (HPOS) or WP_Post (legacy).
	 */
	public function render( $post_or_order ): void {
		$order = self::to_order( $post_or_order );
		if ( null === $order ) {
			return;
		}
		$manager = $this->manager();
		$reason  = $manager->unmanaged_reason( $order );

		if ( 'manage_orders_off' === $reason ) {
			printf(
				'<p class="ecster-om-panel-off">%s</p><p><a href="%s">%s</a></p>',
				esc_html__( 'Order management is off: this plugin does not debit, annul or credit Ecster orders. Manage the payment in Ecster\'s portal, or turn on "Manage orders".', 'ecster-order-management' ),
				esc_url( self::settings_url() ),
				esc_html__( 'Ecster Pay settings', 'ecster-order-management' )
			);
			return;
		}
		if ( null !== $reason ) {
			printf( '<p class="ecster-om-panel-unmanaged">%s</p>', esc_html( $manager->unmanaged_message( $reason ) ) );
			return;
		}

		$config = array(
			'orderId'     => $order->get_id(),
			'state'       => $manager->get_state( $order, false ),
			'priceFormat' => self::price_format( $order->get_currency() ),
		);
		printf(
			'<div id="%s" class="ecster-om-order-panel-root" data-config="%s"><p class="ecster-om-panel-loading">%s</p></div>',
			esc_attr( self::ROOT_ID ),
			esc_attr( (string) wp_json_encode( $config ) ),
			esc_html__( 'Loading the Ecster status…', 'ecster-order-management' )
		);
	}

	/**
	 * Loads the panel's script and styles on the order edit screen of a managed order only.
	 */
	public function enqueue(): void {
		if ( ! function_exists( 'get_current_screen' ) ) {
			return;
		}
		$screen = get_current_screen();
		if ( null === $screen || '' === self::screen_id() || self::screen_id() !== $screen->id ) {
			return;
		}
		$order = self::to_order( self::current_order_id() );
		if ( null === $order || ! $this->manager()->is_managed( $order ) ) {
			return;
		}

		$build = ECSTER_OM_DIR . '/build/';
		if ( ! is_readable( $build . 'order-panel.asset.php' ) ) {
			return; // Not built (development checkout): the box says "Loading…" and nothing breaks.
		}
		$asset = include $build . 'order-panel.asset.php';
		$deps  = is_array( $asset ) && isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$ver   = is_array( $asset ) && isset( $asset['version'] ) ? (string) $asset['version'] : ECSTER_OM_VERSION;

		wp_enqueue_script( self::HANDLE, plugins_url( 'build/order-panel.js', ECSTER_OM_FILE ), $deps, $ver, true );
		wp_set_script_translations( self::HANDLE, 'ecster-order-management', ECSTER_OM_DIR . '/languages' );

		$style_deps = array( 'wp-components' );
		foreach ( array( 'order-panel.css', 'style-order-panel.css' ) as $css ) {
			if ( is_readable( $build . $css ) ) {
				wp_enqueue_style( self::HANDLE, plugins_url( 'build/' . $css, ECSTER_OM_FILE ), $style_deps, $ver );
				wp_style_add_data( self::HANDLE, 'rtl', 'replace' );
				return;
			}
		}
		wp_enqueue_style( 'wp-components' );
	}

	/**
	 * The store's price format for the order's currency, exactly as wc_price() renders it
	 * (including the `wc_price_args` filter).
	 *
	 * @return array{symbol: string, decimals: int, decimalSeparator: string, thousandSeparator: string, position: string, minorUnitDigits: int}
	 */
	public static function price_format( string $currency ): array {
		$args = apply_filters(
			'wc_price_args', // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- WooCommerce's own filter, applied as wc_price() does.
			array(
				'ex_tax_label'       => false,
				'currency'           => $currency,
				'decimal_separator'  => wc_get_price_decimal_separator(),
				'thousand_separator' => wc_get_price_thousand_separator(),
				'decimals'           => wc_get_price_decimals(),
				'price_format'       => get_woocommerce_price_format(),
			)
		);
		$args = is_array( $args ) ? $args : array();

		$pattern   = isset( $args['price_format'] ) ? (string) $args['price_format'] : get_woocommerce_price_format();
		$positions = array(
			'%1$s%2$s'       => 'left',
			'%2$s%1$s'       => 'right',
			'%1$s&nbsp;%2$s' => 'left_space',
			'%2$s&nbsp;%1$s' => 'right_space',
		);
		$option    = (string) get_option( 'woocommerce_currency_pos', 'left' );
		$position  = $positions[ $pattern ] ?? ( in_array( $option, $positions, true ) ? $option : 'left' );
		$code      = isset( $args['currency'] ) && '' !== (string) $args['currency'] ? (string) $args['currency'] : $currency;

		return array(
			'symbol'            => html_entity_decode( (string) get_woocommerce_currency_symbol( $code ), ENT_QUOTES, 'UTF-8' ),
			'decimals'          => max( 0, (int) ( $args['decimals'] ?? wc_get_price_decimals() ) ),
			'decimalSeparator'  => (string) ( $args['decimal_separator'] ?? wc_get_price_decimal_separator() ),
			'thousandSeparator' => (string) ( $args['thousand_separator'] ?? wc_get_price_thousand_separator() ),
			'position'          => $position,
			// Ecster amounts (and the state's) are in hundredths for every currency it supports.
			'minorUnitDigits'   => 2,
		);
	}

	private static function settings_url(): string {
		return admin_url( 'admin.php?page=wc-settings&tab=checkout&section=ecster' );
	}

	private static function screen_id(): string {
		return function_exists( 'wc_get_page_screen_id' ) ? (string) wc_get_page_screen_id( 'shop-order' ) : '';
	}

	/**
	 * The id of the order being edited (HPOS `id`, legacy `post`), 0 when there is none.
	 */
	private static function current_order_id(): int {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- read-only: decides which script to load.
		if ( isset( $_GET['id'] ) && isset( $_GET['page'] ) && 'wc-orders' === $_GET['page'] ) {
			return absint( wp_unslash( $_GET['id'] ) );
		}
		if ( isset( $_GET['post'] ) ) {
			return absint( wp_unslash( $_GET['post'] ) );
		}
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		return 0;
	}

	/**
	 * @param mixed $post_or_order WC_Order, WP_Post or an id.
	 */
	private static function to_order( $post_or_order ): ?\WC_Order {
		if ( $post_or_order instanceof \WC_Order ) {
			$order = $post_or_order;
		} elseif ( $post_or_order instanceof \WP_Post ) {
			$order = wc_get_order( $post_or_order->ID );
		} elseif ( is_int( $post_or_order ) && $post_or_order > 0 ) {
			$order = wc_get_order( $post_or_order );
		} else {
			return null;
		}
		return $order instanceof \WC_Order && 'shop_order' === $order->get_type() ? $order : null;
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
