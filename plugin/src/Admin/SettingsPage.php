<?php
/**
 * WooCommerce → Settings → Payments → Ecster Pay: the React settings screen.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Admin;

use EcsterOM\Plugin;
use EcsterOM\Settings;

/**
 * Prints the screen's root element (from the gateway's admin_options()), loads the built
 * `settings` script with its generated dependencies, and links to the screen from the Plugins
 * screen. The screen's initial data never contains the API key.
 */
final class SettingsPage {

	public const SCRIPT_HANDLE = 'ecster-om-settings';
	public const ROOT_ID       = 'ecster-om-settings-root';
	public const SECTION       = 'ecster';

	public function __construct( private Settings $settings ) {}

	public function register(): void {
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( ECSTER_OM_FILE ), array( $this, 'add_plugin_action_links' ) );
		// WooCommerce → Settings → Payments: the Ecster Pay row shows whether order management is on.
		add_action( 'woocommerce_admin_field_payment_gateways', array( \EcsterOM\Gateway\EcsterGateway::class, 'show_management_in_payments_list' ) );
	}

	/**
	 * admin.php?page=wc-settings&tab=checkout&section=ecster
	 */
	public static function url(): string {
		return admin_url( 'admin.php?page=wc-settings&tab=checkout&section=' . self::SECTION );
	}

	/**
	 * WooCommerce → Status → Logs, filtered to our log source.
	 */
	public static function logs_url(): string {
		return admin_url( 'admin.php?page=wc-status&tab=logs&source=' . Plugin::LOG_SOURCE );
	}

	/**
	 * Whether the current admin request shows our section. WooCommerce accepts the gateway id or
	 * the sanitised class name as the section.
	 */
	public static function is_current_screen(): bool {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- only reads which page is shown.
		$page    = isset( $_GET['page'] ) ? sanitize_key( wp_unslash( (string) $_GET['page'] ) ) : '';
		$tab     = isset( $_GET['tab'] ) ? sanitize_key( wp_unslash( (string) $_GET['tab'] ) ) : '';
		$section = isset( $_GET['section'] ) ? sanitize_title( wp_unslash( (string) $_GET['section'] ) ) : '';
		// phpcs:enable
		return 'wc-settings' === $page && 'checkout' === $tab
			&& in_array( $section, array( self::SECTION, sanitize_title( \EcsterOM\Gateway\EcsterGateway::class ) ), true );
	}

	/**
	 * Prints the element the React app mounts on, and hides WooCommerce's own Save button (the
	 * screen saves through its own button and REST route).
	 */
	public static function render_root(): void {
		$GLOBALS['hide_save_button'] = true; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedVariableFound -- WooCommerce's documented switch.
		echo '<h2>' . esc_html__( 'Ecster Pay', 'ecster-order-management' );
		if ( function_exists( 'wc_back_link' ) ) {
			wc_back_link( __( 'Return to payments', 'ecster-order-management' ), admin_url( 'admin.php?page=wc-settings&tab=checkout' ) );
		}
		echo '</h2>';
		printf(
			'<div id="%1$s" class="ecster-om-settings wc-settings-prevent-change-event"><p class="ecster-om-settings__loading">%2$s</p></div><noscript><div class="notice notice-error inline"><p>%3$s</p></div></noscript>',
			esc_attr( self::ROOT_ID ),
			esc_html__( 'Loading the Ecster Pay settings…', 'ecster-order-management' ),
			esc_html__( 'The Ecster Pay settings need JavaScript. Turn it on in your browser to change them.', 'ecster-order-management' )
		);
	}

	/**
	 * Loads the screen's script and styles on our section only.
	 */
	public function enqueue(): void {
		if ( ! self::is_current_screen() || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$asset_file = ECSTER_OM_DIR . '/build/settings.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			add_action( 'admin_notices', array( self::class, 'render_build_missing_notice' ) );
			return;
		}
		$asset = include $asset_file;
		$deps  = is_array( $asset ) && isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$ver   = is_array( $asset ) && isset( $asset['version'] ) ? (string) $asset['version'] : ECSTER_OM_VERSION;

		wp_register_script(
			self::SCRIPT_HANDLE,
			plugins_url( 'build/settings.js', ECSTER_OM_FILE ),
			$deps,
			$ver,
			array( 'in_footer' => true )
		);
		wp_set_script_translations( self::SCRIPT_HANDLE, Plugin::TEXT_DOMAIN, ECSTER_OM_DIR . '/languages' );
		wp_add_inline_script(
			self::SCRIPT_HANDLE,
			'window.ecsterOmSettings = ' . wp_json_encode( $this->script_data(), JSON_HEX_TAG | JSON_HEX_AMP | JSON_UNESCAPED_SLASHES ) . ';',
			'before'
		);
		wp_enqueue_script( self::SCRIPT_HANDLE );

		wp_enqueue_style( 'wp-components' );
		if ( is_readable( ECSTER_OM_DIR . '/build/settings.css' ) ) {
			wp_enqueue_style( self::SCRIPT_HANDLE, plugins_url( 'build/settings.css', ECSTER_OM_FILE ), array( 'wp-components' ), $ver );
		}
	}

	/**
	 * The screen's initial data. The REST nonce comes from wp-api-fetch; the API key is never included.
	 *
	 * @return array<string, mixed>
	 */
	public function script_data(): array {
		return array(
			'settings'    => SettingsSchema::present( $this->settings ),
			'logsUrl'     => self::logs_url(),
			'paymentsUrl' => admin_url( 'admin.php?page=wc-settings&tab=checkout' ),
		);
	}

	public static function render_build_missing_notice(): void {
		printf(
			'<div class="notice notice-error"><p>%s</p></div>',
			esc_html__( 'The Ecster Pay settings screen is missing its built script (build/settings.js). Reinstall Ecster Order Management for WooCommerce.', 'ecster-order-management' )
		);
	}

	/**
	 * "Settings" link on the Plugins screen row.
	 *
	 * @param mixed $links Action links.
	 * @return mixed
	 */
	public function add_plugin_action_links( $links ) {
		if ( ! is_array( $links ) || ! current_user_can( 'manage_woocommerce' ) ) {
			return $links;
		}
		$settings = sprintf(
			'<a href="%1$s" aria-label="%2$s">%3$s</a>',
			esc_url( self::url() ),
			esc_attr__( 'Ecster Pay settings', 'ecster-order-management' ),
			esc_html__( 'Settings', 'ecster-order-management' )
		);
		return array_merge( array( 'settings' => $settings ), $links );
	}
}
