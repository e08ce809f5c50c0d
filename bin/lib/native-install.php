<?php
/**
 * Installs the store of a native-runtime instance (bin/lib/native.mjs), one step per process:
 *
 *   php bin/lib/native-install.php install  SITE_DIR HOST   WordPress itself (admin / password)
 *   php bin/lib/native-install.php activate SITE_DIR HOST   WooCommerce and the plugin, WooCommerce's tables
 *   php bin/lib/native-install.php setup    SITE_DIR HOST   a normal load: the test-env mu-plugin sets up the
 *                                                           Swedish store and the order storage on `init`
 *                                                           (HPOS, or ECSTER_OM_ORDER_STORAGE in wp-config.php)
 *
 * The database and wp-config.php are prepared by the caller. Each step prints one JSON line last:
 * {"ok": true, ...} or {"ok": false, "error": "..."}; the exit code is 0 only when ok.
 * Development tool, never shipped.
 *
 * @package EcsterOM\Tools
 */

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions, WordPress.Security.EscapeOutput

$step = $argv[1] ?? '';
$site = rtrim( $argv[2] ?? '', '/' );
$host = $argv[3] ?? 'localhost';

/**
 * Prints the answer and ends the step.
 *
 * @param array<string, mixed> $answer What to print.
 */
function ecster_om_native_answer( array $answer ): void {
	echo "\n" . json_encode( $answer, JSON_UNESCAPED_SLASHES ) . "\n";
	exit( empty( $answer['ok'] ) ? 1 : 0 );
}

if ( ! in_array( $step, array( 'install', 'activate', 'setup' ), true ) || ! is_file( $site . '/wp-load.php' ) ) {
	ecster_om_native_answer(
		array(
			'ok'    => false,
			'error' => 'usage: php native-install.php install|activate|setup SITE_DIR HOST',
		)
	);
}

// Behave like a request to the site (WordPress reads these while it loads).
$_SERVER['HTTP_HOST']       = $host;
$_SERVER['SERVER_NAME']     = 'localhost';
$_SERVER['SERVER_PORT']     = (string) ( parse_url( 'http://' . $host, PHP_URL_PORT ) ?? 80 );
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';

register_shutdown_function(
	static function (): void {
		$error = error_get_last();
		if ( null !== $error && in_array( $error['type'], array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR ), true ) ) {
			echo "\n" . json_encode(
				array(
					'ok'    => false,
					'error' => $error['message'] . ' in ' . $error['file'] . ':' . $error['line'],
				),
				JSON_UNESCAPED_SLASHES
			) . "\n";
		}
	}
);

if ( 'install' === $step ) {
	define( 'WP_INSTALLING', true );
	// No tables yet: the mu-plugins (the store set-up) wait for the `setup` step.
	define( 'WPMU_PLUGIN_DIR', $site . '/wp-content/no-mu-plugins-while-installing' );
	require $site . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	// No mail server: the "new site" mail is not sent.
	add_filter( 'pre_wp_mail', '__return_false' );
	if ( is_blog_installed() ) {
		ecster_om_native_answer( array( 'ok' => true, 'note' => 'already installed' ) );
	}
	$result = wp_install( 'Ecster OM store', 'admin', 'admin@example.com', true, '', wp_slash( 'password' ) );
	update_option( 'permalink_structure', '/%postname%/' );
	ecster_om_native_answer(
		array(
			'ok'   => true,
			'user' => $result['user_id'] ?? null,
			'url'  => get_option( 'siteurl' ),
		)
	);
}

if ( 'activate' === $step ) {
	require $site . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	add_filter( 'pre_wp_mail', '__return_false' );
	$activated = array();
	foreach ( array( 'woocommerce/woocommerce.php', 'ecster-order-management/ecster-order-management.php' ) as $plugin ) {
		if ( is_plugin_active( $plugin ) ) {
			continue;
		}
		$result = activate_plugin( $plugin );
		if ( is_wp_error( $result ) ) {
			ecster_om_native_answer(
				array(
					'ok'    => false,
					'error' => "activate_plugin( $plugin ): " . $result->get_error_message(),
				)
			);
		}
		$activated[] = $plugin;
	}
	if ( ! class_exists( 'WC_Install' ) ) {
		ecster_om_native_answer( array( 'ok' => false, 'error' => 'WooCommerce did not load after activation' ) );
	}
	WC_Install::install();
	flush_rewrite_rules( false );
	ecster_om_native_answer(
		array(
			'ok'        => true,
			'activated' => $activated,
			'wc_db'     => get_option( 'woocommerce_db_version' ),
		)
	);
}

// setup: a normal load. The test-env mu-plugin runs its set-up on `init` and writes
// wp-content/ecster-om-test-env.json; when that already happened, its answer is read back.
require $site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
add_filter( 'pre_wp_mail', '__return_false' );
if ( ! function_exists( 'WC' ) ) {
	ecster_om_native_answer( array( 'ok' => false, 'error' => 'WooCommerce is not active' ) );
}
$setup_file = WP_CONTENT_DIR . '/ecster-om-test-env.json';
$setup      = is_readable( $setup_file ) ? json_decode( (string) file_get_contents( $setup_file ), true ) : null;
if ( ! is_array( $setup ) && function_exists( 'ecster_om_test_env_setup' ) ) {
	$setup = ecster_om_test_env_setup();
	file_put_contents( $setup_file, (string) wp_json_encode( $setup, JSON_PRETTY_PRINT ) );
}
if ( ! is_array( $setup ) ) {
	ecster_om_native_answer( array( 'ok' => false, 'error' => 'the test-env mu-plugin (tests/env/mu-plugins) did not run' ) );
}
if ( empty( $setup['ok'] ) ) {
	ecster_om_native_answer( array( 'ok' => false, 'error' => 'store set-up failed: ' . wp_json_encode( $setup ) ) );
}
if ( ! is_plugin_active( 'ecster-order-management/ecster-order-management.php' ) ) {
	ecster_om_native_answer( array( 'ok' => false, 'error' => 'Ecster Order Management is not active' ) );
}
ecster_om_native_answer(
	array(
		'ok'   => true,
		'hpos' => \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled(),
		'sync' => 'yes' === get_option( 'woocommerce_custom_orders_table_data_sync_enabled' ),
		'wp'   => get_bloginfo( 'version' ),
		'wc'   => WC()->version,
		'php'  => PHP_VERSION,
		'db'   => $GLOBALS['wpdb']->db_server_info(),
	)
);
