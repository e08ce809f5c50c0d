<?php
/**
 * The orders list (HPOS and legacy): bulk "Change status to completed / cancelled" queued, progress notice.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

use EcsterOM\Orders\Runner;
use EcsterOM\Settings;

/**
 * - Bulk actions: WooCommerce passes the selected ids through `woocommerce_bulk_action_ids` on
 *   both lists before it changes any status. For "Change status to completed" (`mark_completed`)
 *   and "Change status to cancelled" (`mark_cancelled`) the managed Processing / On hold orders
 *   are taken out of WooCommerce's hands and queued (BulkService::start()): they keep their
 *   status, with a "queued" note, until Ecster confirms; the request answers at once. Every other
 *   order goes on to WooCommerce's own bulk action as before. With Manage orders off nothing is
 *   taken over (and nothing reaches Ecster).
 * - The notice: a root element at the top of the list, filled by the `bulk` script (src/bulk),
 *   which shows every batch not dismissed (also those started from WP-CLI or the REST API) and
 *   follows it live over `ecster-om/v1/bulk/batches`.
 */
final class ListScreen {

	public const ROOT_ID = 'ecster-om-bulk-root';
	public const HANDLE  = 'ecster-om-bulk';

	public const ACTIONS = array(
		'mark_completed' => Batch::DEBIT,
		'mark_cancelled' => Batch::ANNUL,
	);

	/** @var callable(): BulkService */
	private $service_factory;

	/**
	 * @param callable(): BulkService $service_factory Returns the service (created lazily).
	 */
	public function __construct( callable $service_factory, private Settings $settings ) {
		$this->service_factory = $service_factory;
	}

	public function register(): void {
		add_filter( 'woocommerce_bulk_action_ids', array( $this, 'take_over' ), 10, 3 );
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Queues the managed orders of a bulk status change and hands WooCommerce the rest.
	 *
	 * @param mixed  $ids    Selected order ids.
	 * @param mixed  $action Bulk action.
	 * @param string $type   What the ids are ("order").
	 * @return mixed The ids WooCommerce handles itself.
	 */
	public function take_over( $ids, $action = '', $type = '' ) {
		if ( 'order' !== $type || ! is_string( $action ) || ! isset( self::ACTIONS[ $action ] ) || ! is_array( $ids ) || array() === $ids ) {
			return $ids;
		}
		if ( ! is_admin() || ! current_user_can( 'edit_shop_orders' ) || ! $this->settings->manage_orders() ) {
			return $ids;
		}
		$service = $this->service();
		$picked  = $service->selection()->pick( array_map( 'intval', $ids ) );
		if ( array() === $picked ) {
			return $ids;
		}
		// Orders already waiting in a running batch are in hand: neither queued twice nor left to WooCommerce.
		$fresh = array_diff_key( $picked, $service->waiting_orders() );
		if ( array() !== $fresh ) {
			$service->start( self::ACTIONS[ $action ], $fresh, Runner::TRIGGER_BULK );
		}
		return array_values( array_filter( $ids, static fn( $id ): bool => ! isset( $picked[ (int) $id ] ) ) );
	}

	/**
	 * The notice's root element, with the batches to show at once.
	 */
	public function render(): void {
		if ( ! self::is_list_screen() || ! current_user_can( 'edit_shop_orders' ) || ! wp_script_is( self::HANDLE, 'enqueued' ) ) {
			return;
		}
		$config = array(
			'batches' => $this->service()->present_all(),
			'screen'  => self::is_hpos_list() ? 'hpos' : 'legacy',
		);
		printf(
			'<div id="%s" class="ecster-om-bulk" data-config="%s"></div>',
			esc_attr( self::ROOT_ID ),
			esc_attr( (string) wp_json_encode( $config ) )
		);
	}

	/**
	 * The notice's script and styles, on the orders list only.
	 */
	public function enqueue(): void {
		if ( ! self::is_list_screen() || ! current_user_can( 'edit_shop_orders' ) ) {
			return;
		}
		$build = ECSTER_OM_DIR . '/build/';
		if ( ! is_readable( $build . 'bulk.asset.php' ) ) {
			return; // Not built (development checkout): no notice, the bulk action still works.
		}
		$asset = include $build . 'bulk.asset.php';
		$deps  = is_array( $asset ) && isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$ver   = is_array( $asset ) && isset( $asset['version'] ) ? (string) $asset['version'] : ECSTER_OM_VERSION;
		wp_enqueue_script( self::HANDLE, plugins_url( 'build/bulk.js', ECSTER_OM_FILE ), $deps, $ver, true );
		wp_set_script_translations( self::HANDLE, 'ecster-order-management', ECSTER_OM_DIR . '/languages' );
		foreach ( array( 'bulk.css', 'style-bulk.css' ) as $css ) {
			if ( is_readable( $build . $css ) ) {
				wp_enqueue_style( self::HANDLE, plugins_url( 'build/' . $css, ECSTER_OM_FILE ), array(), $ver );
				return;
			}
		}
	}

	/**
	 * The orders list: HPOS `admin.php?page=wc-orders` (not its edit screen) or legacy `edit.php?post_type=shop_order`.
	 */
	public static function is_list_screen(): bool {
		if ( ! function_exists( 'get_current_screen' ) ) {
			return false;
		}
		$screen = get_current_screen();
		if ( null === $screen ) {
			return false;
		}
		return 'edit-shop_order' === $screen->id || self::is_hpos_list();
	}

	private static function is_hpos_list(): bool {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only tells the list from the edit screen.
		$action = isset( $_GET['action'] ) ? sanitize_key( wp_unslash( $_GET['action'] ) ) : '';
		return null !== $screen && 'woocommerce_page_wc-orders' === $screen->id && ! in_array( $action, array( 'edit', 'new' ), true );
	}

	private function service(): BulkService {
		return ( $this->service_factory )();
	}
}
