<?php
/**
 * "Create demo Ecster order" on the orders list (local and development sites only).
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

/**
 * On the orders list (HPOS `admin.php?page=wc-orders`, legacy `edit.php?post_type=shop_order`) a
 * notice offers "Create demo Ecster order" (Invoice, physical items) and "… digital-only". The
 * links go to `admin-post.php?action=ecster_om_demo_order` with a nonce; the handler makes one
 * pair and returns to the list, where a notice links the new order (or says what failed).
 *
 * Registered by Components only on local/development sites; needs `manage_woocommerce`.
 */
final class DemoAdmin {

	public const ACTION           = 'ecster_om_demo_order';
	public const NONCE            = 'ecster_om_demo_order';
	public const NOTICE_TRANSIENT = 'ecster_om_demo_notice_';

	/** @var callable(): DemoOrders */
	private $factory;

	/**
	 * @param callable|null $factory fn(): DemoOrders.
	 */
	public function __construct( ?callable $factory = null ) {
		$this->factory = $factory ?? static fn(): DemoOrders => new DemoOrders();
	}

	public function register(): void {
		add_action( 'admin_post_' . self::ACTION, array( $this, 'handle' ) );
		add_action( 'admin_notices', array( $this, 'render_notices' ) );
	}

	/**
	 * The link that creates one demo order.
	 */
	public static function action_url( bool $digital = false ): string {
		$args = array( 'action' => self::ACTION );
		if ( $digital ) {
			$args['digital'] = '1';
		}
		return wp_nonce_url( add_query_arg( $args, admin_url( 'admin-post.php' ) ), self::NONCE );
	}

	/**
	 * admin-post.php?action=ecster_om_demo_order: makes one pair, then back to the orders list.
	 */
	public function handle(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to create demo orders.', 'ecster-order-management' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( self::NONCE );
		$digital = isset( $_GET['digital'] ) && '1' === sanitize_text_field( wp_unslash( $_GET['digital'] ) );

		try {
			$result = ( $this->factory )()->create(
				array(
					'count'   => 1,
					'digital' => $digital,
				)
			);
			$order  = $result['orders'][0];
			$notice = array(
				'type'    => 'success',
				'orderId' => (int) $order['id'],
				'number'  => (string) $order['number'],
				'status'  => (string) $order['status'],
				'url'     => (string) $order['editUrl'],
			);
		} catch ( DemoException $e ) {
			$notice = array(
				'type'    => 'error',
				'message' => $e->getMessage(),
			);
		}
		set_transient( self::NOTICE_TRANSIENT . get_current_user_id(), $notice, 600 );
		wp_safe_redirect( self::orders_list_url() );
		exit;
	}

	/**
	 * On the orders list: the result of the last demo action, and the two links.
	 */
	public function render_notices(): void {
		if ( ! self::is_orders_list() || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$key    = self::NOTICE_TRANSIENT . get_current_user_id();
		$notice = get_transient( $key );
		if ( is_array( $notice ) ) {
			delete_transient( $key );
			if ( 'success' === ( $notice['type'] ?? '' ) ) {
				printf(
					'<div class="notice notice-success is-dismissible" id="ecster-om-demo-created"><p>%s <a href="%s">%s</a></p></div>',
					esc_html(
						sprintf(
							/* translators: 1: order number, 2: order status */
							__( 'Demo Ecster order #%1$s was created (%2$s).', 'ecster-order-management' ),
							(string) $notice['number'],
							function_exists( 'wc_get_order_status_name' ) ? wc_get_order_status_name( (string) $notice['status'] ) : (string) $notice['status']
						)
					),
					esc_url( (string) $notice['url'] ),
					esc_html__( 'Open the order', 'ecster-order-management' )
				);
			} else {
				printf(
					'<div class="notice notice-error is-dismissible" id="ecster-om-demo-failed"><p>%s</p></div>',
					esc_html(
						sprintf(
							/* translators: %s: error message */
							__( 'No demo Ecster order was created: %s', 'ecster-order-management' ),
							(string) ( $notice['message'] ?? '' )
						)
					)
				);
			}
		}
		printf(
			'<div class="notice notice-info" id="ecster-om-demo-actions"><p>%s <a class="button" href="%s">%s</a> <a class="button" href="%s">%s</a></p></div>',
			esc_html__( 'Development store (Ecster sandbox):', 'ecster-order-management' ),
			esc_url( self::action_url() ),
			esc_html__( 'Create demo Ecster order', 'ecster-order-management' ),
			esc_url( self::action_url( true ) ),
			esc_html__( 'Create digital-only demo order', 'ecster-order-management' )
		);
	}

	private static function orders_list_url(): string {
		if ( class_exists( \Automattic\WooCommerce\Utilities\OrderUtil::class ) && \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ) {
			return admin_url( 'admin.php?page=wc-orders' );
		}
		return admin_url( 'edit.php?post_type=shop_order' );
	}

	private static function is_orders_list(): bool {
		if ( ! function_exists( 'get_current_screen' ) ) {
			return false;
		}
		$screen = get_current_screen();
		if ( null === $screen ) {
			return false;
		}
		if ( 'edit-shop_order' === $screen->id ) {
			return true;
		}
		$hpos_screen = function_exists( 'wc_get_page_screen_id' ) ? (string) wc_get_page_screen_id( 'shop-order' ) : '';
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only: which screen this is.
		return '' !== $hpos_screen && $hpos_screen === $screen->id && ! isset( $_GET['action'] );
	}
}
