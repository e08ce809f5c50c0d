<?php
/**
 * Bootstrap of the integration tests: real WordPress + WooCommerce (HPOS on, or the order storage
 * ECSTER_OM_ORDER_STORAGE names: posts or hpos-sync) + this plugin, with an
 * Ecster sandbox (URLs in runtime.json of the run folder). bin/test-php-integration.sh names the
 * WordPress folder and the run folder with ECSTER_OM_WP_ROOT and ECSTER_OM_RUN_DIR (native runtime);
 * inside WordPress Playground they are mounted at /wordpress and /ecster-om-run, the defaults.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

$ecster_om_wp_root = rtrim( (string) ( getenv( 'ECSTER_OM_WP_ROOT' ) ?: '/wordpress' ), '/' );
$runtime_file      = rtrim( (string) ( getenv( 'ECSTER_OM_RUN_DIR' ) ?: '/ecster-om-run' ), '/' ) . '/runtime.json';
if ( ! is_readable( $runtime_file ) || ! is_readable( $ecster_om_wp_root . '/wp-load.php' ) ) {
	fwrite( STDERR, "Integration tests must run through bin/test-php-integration.sh (no $runtime_file or $ecster_om_wp_root/wp-load.php).\n" );
	exit( 1 );
}
$GLOBALS['ecster_om_runtime'] = json_decode( (string) file_get_contents( $runtime_file ), true );

// PHP's command line has no request: give WordPress the parts of one it reads while loading.
$_SERVER['HTTP_HOST']       = $_SERVER['HTTP_HOST'] ?? 'localhost';
$_SERVER['SERVER_NAME']     = $_SERVER['SERVER_NAME'] ?? 'localhost';
$_SERVER['REQUEST_URI']     = $_SERVER['REQUEST_URI'] ?? '/';
$_SERVER['REQUEST_METHOD']  = $_SERVER['REQUEST_METHOD'] ?? 'GET';
$_SERVER['SERVER_PROTOCOL'] = $_SERVER['SERVER_PROTOCOL'] ?? 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']     = $_SERVER['REMOTE_ADDR'] ?? '127.0.0.1';

// WP_CLI-less admin context: behave like a back-end request.
if ( ! defined( 'WP_ADMIN' ) ) {
	define( 'WP_ADMIN', false );
}
require_once $ecster_om_wp_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( ! function_exists( 'WC' ) ) {
	fwrite( STDERR, "WooCommerce is not active in the integration site.\n" );
	exit( 1 );
}
if ( function_exists( 'ecster_om_test_env_setup' ) && '' === (string) get_option( 'ecster_om_test_env_version' ) ) {
	ecster_om_test_env_setup();
}

// The order storage is a property of the site (wp-config.php's ECSTER_OM_ORDER_STORAGE, set up by
// the test-env mu-plugin): the tests run against the one the runner asked for, or not at all.
$ecster_om_wanted_storage = defined( 'ECSTER_OM_ORDER_STORAGE' ) ? (string) constant( 'ECSTER_OM_ORDER_STORAGE' ) : ( (string) getenv( 'ECSTER_OM_ORDER_STORAGE' ) ?: 'hpos' );
$ecster_om_hpos           = \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled();
$ecster_om_sync           = 'yes' === get_option( 'woocommerce_custom_orders_table_data_sync_enabled' );
$GLOBALS['ecster_om_order_storage'] = ! $ecster_om_hpos ? ( $ecster_om_sync ? 'posts-sync' : 'posts' ) : ( $ecster_om_sync ? 'hpos-sync' : 'hpos' );
if ( $GLOBALS['ecster_om_order_storage'] !== $ecster_om_wanted_storage ) {
	fwrite( STDERR, "The integration site stores orders as {$GLOBALS['ecster_om_order_storage']}, not as ECSTER_OM_ORDER_STORAGE={$ecster_om_wanted_storage} asks.\n" );
	exit( 1 );
}
fwrite( STDOUT, "Order storage: {$GLOBALS['ecster_om_order_storage']}\n" );

spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = 'EcsterOM\\Tests\\Integration\\';
		if ( 0 === strncmp( $class_name, $prefix, strlen( $prefix ) ) ) {
			$file = __DIR__ . '/' . str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) ) . '.php';
			if ( is_readable( $file ) ) {
				require_once $file;
			}
		}
	}
);
