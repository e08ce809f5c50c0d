<?php
/**
 * Bootstrap: decides whether the plugin may run and wires its components.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM;

use EcsterOM\Api\Client;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Refunds\RefundService;
use EcsterOM\Orders\Refunds\RefundTracker;

/**
 * The plugin's composition root. One instance per request; services are created lazily
 * so that requests that never touch an Ecster order do no extra work.
 */
final class Plugin {

	public const TEXT_DOMAIN    = 'ecster-order-management';
	public const REST_NAMESPACE = 'ecster-om/v1';
	public const LOG_SOURCE     = 'ecster-order-management';

	private static ?Plugin $instance = null;

	private ?Settings $settings          = null;
	private ?ClientInterface $client     = null;
	private ?OrderManager $order_manager = null;
	private ?RefundService $refunds      = null;
	private ?RefundTracker $tracker      = null;
	private ?Logger $logger              = null;
	private ?Bulk\BulkService $bulk      = null;

	public static function instance(): Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Hooked on plugins_loaded (priority 11, after other plugins have defined their classes).
	 */
	public static function boot(): void {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( ECSTER_OM_FILE ) ) . '/languages' );

		if ( ! class_exists( 'WooCommerce' ) || ! function_exists( 'WC' ) ) {
			add_action( 'admin_notices', array( self::class, 'render_woocommerce_missing_notice' ) );
			return;
		}

		$conflict = self::conflicting_plugin();
		if ( null !== $conflict ) {
			// Two plugins acting on the same Ecster orders would debit twice: register nothing.
			add_action(
				'admin_notices',
				static function () use ( $conflict ): void {
					self::render_conflict_notice( $conflict );
				}
			);
			return;
		}

		self::instance()->register_components();
	}

	/**
	 * Name of an active plugin that already manages Ecster orders, or null.
	 *
	 * Krokedil's "Ecster Pay v2 for WooCommerce" (all versions, including the older file
	 * krokedil-ecster-pay-for-woocommerce.php) defines the constant WC_ECSTER_VERSION and the class
	 * WC_Ecster when its main file loads, and its gateway class WC_Gateway_Ecster (id `ecster`, the
	 * id we register too) on plugins_loaded; it debits, annuls and credits the same orders. The name
	 * is read from its plugin header, so the notice names it exactly as the Plugins screen does.
	 */
	public static function conflicting_plugin(): ?string {
		$detected = defined( 'WC_ECSTER_VERSION' )
			|| class_exists( 'WC_Ecster', false )
			|| class_exists( 'WC_Gateway_Ecster', false );
		if ( ! $detected ) {
			return null;
		}
		if ( defined( 'WC_ECSTER_MAIN_FILE' ) && function_exists( 'get_file_data' ) ) {
			$file = constant( 'WC_ECSTER_MAIN_FILE' );
			if ( is_string( $file ) && is_readable( $file ) ) {
				$header = get_file_data( $file, array( 'name' => 'Plugin Name' ) );
				$name   = isset( $header['name'] ) ? trim( wp_strip_all_tags( (string) $header['name'] ) ) : '';
				if ( '' !== $name ) {
					return $name;
				}
			}
		}
		return 'Ecster Pay v2 for WooCommerce';
	}

	public static function render_woocommerce_missing_notice(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error" id="ecster-om-woocommerce-missing"><p>%s</p></div>',
			esc_html__( 'Ecster Order Management for WooCommerce needs WooCommerce. Install and activate WooCommerce; until then this plugin does nothing.', 'ecster-order-management' )
		);
	}

	public static function render_conflict_notice( string $plugin_name ): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error" id="ecster-om-conflict"><p>%1$s</p><p><a href="%2$s">%3$s</a></p></div>',
			esc_html(
				sprintf(
					/* translators: %1$s: name of the other plugin */
					__( 'Ecster Order Management for WooCommerce is paused: "%1$s" is active and manages the same Ecster orders, so both would debit them. Deactivate "%1$s" (its settings are kept and used by this plugin), or deactivate Ecster Order Management.', 'ecster-order-management' ),
					$plugin_name
				)
			),
			esc_url( admin_url( 'plugins.php?plugin_status=active' ) ),
			esc_html__( 'Go to the Plugins screen', 'ecster-order-management' )
		);
	}

	/**
	 * Wires hooks. Each area registers itself here, in its own marked block.
	 */
	private function register_components(): void {
		// [settings] gateway, settings screen and settings REST routes.
		add_filter( 'woocommerce_payment_gateways', array( Gateway\EcsterGateway::class, 'add_to_woocommerce' ) );
		( new Admin\SettingsPage( $this->settings() ) )->register();
		( new Rest\SettingsController( $this->settings() ) )->register();
		// [orders] status hooks, order REST routes, WP-CLI.
		Orders\Components::register( $this );
		// [bulk] bulk debit/annul on Action Scheduler: orders list, REST routes, queue jobs.
		Bulk\Components::register( $this );
		// [panel] order edit screen meta box.
		( new Admin\OrderPanel( fn(): Orders\OrderManager => $this->order_manager() ) )->register();
		/**
		 * Fires once the plugin runs (WooCommerce active, no conflicting plugin) and has registered
		 * its hooks. The development environment's demo-order kit (a mu-plugin) registers on it.
		 *
		 * @param Plugin $plugin The plugin.
		 */
		do_action( 'ecster_om_loaded', $this );
	}

	public function settings(): Settings {
		return $this->settings ??= new Settings();
	}

	public function logger(): Logger {
		return $this->logger ??= new Logger( $this->settings() );
	}

	public function client(): ClientInterface {
		return $this->client ??= new Client( $this->settings(), $this->logger() );
	}

	public function order_manager(): OrderManager {
		return $this->order_manager ??= new OrderManager( $this->settings(), $this->client(), $this->logger(), null, null, $this->refund_tracker() );
	}

	/**
	 * Refunds made through this plugin, and which refund WooCommerce is creating (for the gateway).
	 */
	public function refunds(): RefundService {
		return $this->refunds ??= new RefundService( $this->order_manager(), $this->refund_tracker() );
	}

	/**
	 * Follows the refunds WooCommerce creates; registered at boot (Orders\Components), before any.
	 */
	public function refund_tracker(): RefundTracker {
		return $this->tracker ??= new RefundTracker();
	}

	/**
	 * Bulk debits and annuls (orders list, REST API, WP-CLI), on the order core's journal and locks.
	 */
	public function bulk(): Bulk\BulkService {
		return $this->bulk ??= Bulk\Components::service( $this );
	}

	/**
	 * Replaces services (tests only; production code never calls this).
	 *
	 * @param array{settings?: Settings, client?: ClientInterface, logger?: Logger, order_manager?: OrderManager} $services Services.
	 */
	public function set_services( array $services ): void {
		foreach ( $services as $name => $service ) {
			$this->{$name} = $service;
		}
		if ( ! isset( $services['order_manager'] ) && ( isset( $services['client'] ) || isset( $services['settings'] ) ) ) {
			$this->order_manager = null;
		}
		if ( isset( $services['order_manager'] ) || null === $this->order_manager ) {
			$this->refunds = null;
			$this->bulk    = null;
		}
	}
}
