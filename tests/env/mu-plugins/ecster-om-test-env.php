<?php
/**
 * Plugin Name: Ecster OM test environment
 * Description: Development/test environment only (mounted by bin/env.mjs and the integration
 *              test runner, never shipped): keeps the site offline, fixes SQLite for HPOS
 *              queries, and prepares a Swedish WooCommerce store (SEK, VAT 25/12/6 %, HPOS on
 *              unless ECSTER_OM_ORDER_STORAGE says posts or hpos-sync).
 *
 * @package EcsterOM\TestEnv
 */

declare(strict_types=1);

defined( 'ABSPATH' ) || exit;

const ECSTER_OM_TEST_ENV_VERSION = '3';

/**
 * How the test site stores orders: the constant ECSTER_OM_ORDER_STORAGE in wp-config.php (written
 * by bin/env.mjs from the environment variable of the same name), else the environment variable.
 *
 *   hpos       HPOS authoritative, no sync (default)
 *   posts      legacy posts storage (HPOS off), no sync: what the Ecster Pay checkout plugin knew
 *   hpos-sync  HPOS authoritative, compatibility mode on (every order also written to the posts)
 */
function ecster_om_test_env_order_storage(): string {
	$storage = defined( 'ECSTER_OM_ORDER_STORAGE' ) ? (string) constant( 'ECSTER_OM_ORDER_STORAGE' ) : (string) getenv( 'ECSTER_OM_ORDER_STORAGE' );
	return in_array( $storage, array( 'hpos', 'posts', 'hpos-sync' ), true ) ? $storage : 'hpos';
}

/*
 * 1. Offline: answer outbound HTTP at once unless it goes to this machine (the Ecster sandbox,
 *    WordPress's own loopback requests). Nothing waits on a network that is not there.
 */
if ( ! defined( 'AUTOMATIC_UPDATER_DISABLED' ) ) {
	define( 'AUTOMATIC_UPDATER_DISABLED', true );
}
add_filter(
	'pre_http_request',
	static function ( $pre, $args, $url ) {
		$host = (string) wp_parse_url( (string) $url, PHP_URL_HOST );
		if ( in_array( $host, array( '127.0.0.1', 'localhost', '::1', '[::1]' ), true ) ) {
			return $pre;
		}
		return new WP_Error( 'ecster_om_offline', 'Test environment: outbound HTTP is blocked (offline): ' . $url );
	},
	1,
	3
);
add_filter( 'pre_site_transient_update_core', '__return_null' );
add_filter( 'pre_site_transient_update_plugins', '__return_null' );
add_filter( 'pre_site_transient_update_themes', '__return_null' );
add_filter( 'automatic_updater_disabled', '__return_true' );
add_filter( 'woocommerce_allow_marketplace_suggestions', '__return_false' );
add_filter( 'woocommerce_prevent_automatic_wizard_redirect', '__return_true' );
add_filter( 'woocommerce_enable_setup_wizard', '__return_false' );
add_filter( 'woocommerce_apply_user_tracking', '__return_false' );
add_filter( 'woocommerce_admin_payment_gateway_suggestion_specs', '__return_empty_array' );
add_filter( 'woocommerce_show_addons_page', '__return_false' );
add_filter( 'woocommerce_helper_suppress_admin_notices', '__return_true' );
add_filter(
	'woocommerce_admin_get_feature_config',
	static function ( $features ) {
		foreach ( array( 'remote-inbox-notifications', 'remote-free-extensions', 'payment-gateway-suggestions', 'shipping-label-banner', 'marketplace' ) as $feature ) {
			if ( isset( $features[ $feature ] ) ) {
				$features[ $feature ] = false;
			}
		}
		return $features;
	}
);

/*
 * 2. SQLite (WordPress Playground): WooCommerce's HPOS queries write "no limit" as
 *    LIMIT 0, 18446744073709551615 (MySQL's largest unsigned BIGINT); SQLite's integers are
 *    signed 64-bit and it fails with "datatype mismatch", which breaks WC_Order::get_refunds().
 */
if ( isset( $GLOBALS['wpdb'] ) && false !== stripos( get_class( $GLOBALS['wpdb'] ), 'sqlite' ) ) {
	add_filter(
		'query',
		static function ( $query ) {
			if ( is_string( $query ) && false !== strpos( $query, '18446744073709551615' ) ) {
				$query = str_replace( '18446744073709551615', '9223372036854775807', $query );
			}
			return $query;
		},
		1
	);
}

// WooCommerce turns HPOS on for a new shop on its first admin page (woocommerce_newly_installed,
// when it has no orders yet): a store set up with legacy storage keeps it.
add_filter(
	'woocommerce_enable_hpos_by_default_for_new_shops',
	static fn( $enable ) => 'posts' === ecster_om_test_env_order_storage() ? false : $enable
);

/**
 * 3. Store set-up, idempotent and versioned: runs once per environment (and again when
 *    ECSTER_OM_TEST_ENV_VERSION changes). Returns what it did.
 *
 * @return array<string, mixed>
 */
function ecster_om_test_env_setup(): array {
	global $wpdb;
	$log = array();
	if ( ! function_exists( 'WC' ) ) {
		return array( 'ok' => false, 'error' => 'WooCommerce is not active' );
	}

	if ( ! get_option( 'woocommerce_db_version' ) ) {
		WC_Install::install();
		$log[] = 'WC_Install::install()';
	}

	$options = array(
		'woocommerce_onboarding_profile'                => array(
			'skipped'   => true,
			'completed' => true,
		),
		'woocommerce_task_list_hidden'                  => 'yes',
		'woocommerce_extended_task_list_hidden'         => 'yes',
		'woocommerce_task_list_complete'                => 'yes',
		'woocommerce_task_list_welcome_modal_dismissed' => 'yes',
		'woocommerce_allow_tracking'                    => 'no',
		'woocommerce_show_marketplace_suggestions'      => 'no',
		'woocommerce_coming_soon'                       => 'no',
		'woocommerce_store_pages_only'                  => 'no',
		'woocommerce_admin_customize_store_completed'   => 'yes',
		'woocommerce_default_country'                   => 'SE',
		'woocommerce_store_address'                     => 'Drottninggatan 1',
		'woocommerce_store_city'                        => 'Stockholm',
		'woocommerce_store_postcode'                    => '111 51',
		'woocommerce_currency'                          => 'SEK',
		'woocommerce_currency_pos'                      => 'right_space',
		'woocommerce_price_thousand_sep'                => ' ',
		'woocommerce_price_decimal_sep'                 => ',',
		'woocommerce_price_num_decimals'                => '2',
		'woocommerce_calc_taxes'                        => 'yes',
		'woocommerce_prices_include_tax'                => 'yes',
		'woocommerce_tax_based_on'                      => 'base',
		'woocommerce_tax_display_shop'                  => 'incl',
		'woocommerce_tax_display_cart'                  => 'incl',
		'woocommerce_tax_round_at_subtotal'             => 'no',
		'woocommerce_tax_classes'                       => "Reduced rate\nSuper reduced rate\nZero rate",
		'woocommerce_admin_notices'                     => array(),
	);
	foreach ( $options as $name => $value ) {
		update_option( $name, $value );
	}
	if ( ! get_option( 'woocommerce_admin_install_timestamp' ) ) {
		update_option( 'woocommerce_admin_install_timestamp', time() );
	}
	$log[] = 'store options (SE, SEK, Swedish price format, prices incl. VAT)';

	// Swedish VAT: 25 % standard, 12 % reduced (food, hotels), 6 % super reduced (books, transport).
	WC_Tax::create_tax_class( 'Reduced rate' );
	WC_Tax::create_tax_class( 'Super reduced rate' );
	WC_Tax::create_tax_class( 'Zero rate' );
	$rates = array(
		''                   => array( '25.0000', 'Moms 25 %' ),
		'reduced-rate'       => array( '12.0000', 'Moms 12 %' ),
		'super-reduced-rate' => array( '6.0000', 'Moms 6 %' ),
	);
	foreach ( $rates as $class => $rate ) {
		$exists = (int) $wpdb->get_var(
			$wpdb->prepare(
				"SELECT COUNT(*) FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_country = 'SE' AND tax_rate_class = %s",
				$class
			)
		);
		if ( 0 === $exists ) {
			WC_Tax::_insert_tax_rate(
				array(
					'tax_rate_country'  => 'SE',
					'tax_rate_state'    => '',
					'tax_rate'          => $rate[0],
					'tax_rate_name'     => $rate[1],
					'tax_rate_priority' => 1,
					'tax_rate_compound' => 0,
					'tax_rate_shipping' => '' === $class ? 1 : 0,
					'tax_rate_order'    => 0,
					'tax_rate_class'    => $class,
				)
			);
			$log[] = "tax rate SE {$rate[0]} % ({$class})";
		}
	}

	// Order storage (ecster_om_test_env_order_storage()): the custom order tables always exist
	// (WooCommerce's own path for new shops had not created them by this point under Playground);
	// HPOS is made authoritative or turned off, and compatibility mode (sync) on or off. The site
	// has no orders yet, so WooCommerce allows the switch.
	$storage   = ecster_om_test_env_order_storage();
	$container = wc_get_container();
	$sync      = $container->get( \Automattic\WooCommerce\Internal\DataStores\Orders\DataSynchronizer::class );
	if ( ! $sync->check_orders_table_exists() ) {
		$sync->create_database_tables();
		$log[] = 'HPOS tables created';
	}
	$hpos = 'posts' !== $storage;
	if ( \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() !== $hpos ) {
		try {
			$container->get( \Automattic\WooCommerce\Internal\Features\FeaturesController::class )->change_feature_enable( 'custom_order_tables', $hpos );
			update_option( 'woocommerce_custom_orders_table_enabled', $hpos ? 'yes' : 'no' );
		} catch ( \Exception $e ) {
			// WooCommerce refuses while orders are out of sync (a store that already has orders).
			return array(
				'ok'    => false,
				'error' => 'order storage ' . $storage . ' could not be set: ' . $e->getMessage() . ' (npm run env:reset makes a fresh store)',
			);
		}
		$log[] = $hpos ? 'HPOS enabled' : 'HPOS disabled (legacy posts storage)';
	}
	update_option( 'woocommerce_custom_orders_table_data_sync_enabled', 'hpos-sync' === $storage ? 'yes' : 'no' );
	update_option( 'ecster_om_test_env_storage', $storage );
	$log[] = 'order storage: ' . $storage;

	$admin = get_user_by( 'login', 'admin' );
	if ( $admin && ! wp_check_password( 'password', $admin->user_pass, $admin->ID ) ) {
		wp_set_password( 'password', $admin->ID );
		$log[] = 'admin password reset to "password"';
	}

	update_option( 'ecster_om_test_env_version', ECSTER_OM_TEST_ENV_VERSION );
	return array(
		'ok'      => true,
		'log'     => $log,
		'storage' => $storage,
		'hpos'    => \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled(),
		'sync'    => 'yes' === get_option( 'woocommerce_custom_orders_table_data_sync_enabled' ),
		'wp'      => get_bloginfo( 'version' ),
		'wc'      => WC()->version,
		'php'     => PHP_VERSION,
		'version' => ECSTER_OM_TEST_ENV_VERSION,
	);
}

add_action(
	'init',
	static function (): void {
		if ( ! function_exists( 'WC' ) ) {
			return;
		}
		if ( ECSTER_OM_TEST_ENV_VERSION === get_option( 'ecster_om_test_env_version' ) && ecster_om_test_env_order_storage() === get_option( 'ecster_om_test_env_storage', 'hpos' ) ) {
			return;
		}
		$result = ecster_om_test_env_setup();
		if ( defined( 'WP_CONTENT_DIR' ) ) {
			file_put_contents( WP_CONTENT_DIR . '/ecster-om-test-env.json', (string) wp_json_encode( $result, JSON_PRETTY_PRINT ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
	},
	20
);

/*
 * 4. Development store: when the environment says so (bin/env.mjs defines ECSTER_OM_DEV_STORE),
 *    Manage orders is turned on once with the sandbox's keys, so the store is ready to use.
 */
add_action(
	'init',
	static function (): void {
		if ( ! defined( 'ECSTER_OM_DEV_STORE' ) || ! ECSTER_OM_DEV_STORE || get_option( 'ecster_om_dev_store_configured' ) ) {
			return;
		}
		$settings = get_option( 'woocommerce_ecster_settings', array() );
		$settings = array_merge(
			is_array( $settings ) ? $settings : array(),
			array(
				'manage_ecster_orders' => 'yes',
				'api_key'              => 'sandbox-api-key',
				'merchant_key'         => 'sandbox-merchant',
				'testmode'             => 'yes',
				'logging'              => 'yes',
			)
		);
		update_option( 'woocommerce_ecster_settings', $settings );
		update_option( 'ecster_om_dev_store_configured', gmdate( 'c' ) );
	},
	21
);
