<?php
/**
 * Bootstrap of the integration tests: real WordPress + WooCommerce (HPOS on) + this plugin,
 * inside WordPress Playground, with an Ecster sandbox (URL in /ecster-om-run/runtime.json).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

$runtime_file = '/ecster-om-run/runtime.json';
if ( ! is_readable( $runtime_file ) ) {
	fwrite( STDERR, "Integration tests must run through bin/test-php-integration.sh (no $runtime_file).\n" );
	exit( 1 );
}
$GLOBALS['ecster_om_runtime'] = json_decode( (string) file_get_contents( $runtime_file ), true );

// WP_CLI-less admin context: behave like a back-end request.
if ( ! defined( 'WP_ADMIN' ) ) {
	define( 'WP_ADMIN', false );
}
require_once '/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( ! function_exists( 'WC' ) ) {
	fwrite( STDERR, "WooCommerce is not active in the integration site.\n" );
	exit( 1 );
}
if ( function_exists( 'ecster_om_test_env_setup' ) && '' === (string) get_option( 'ecster_om_test_env_version' ) ) {
	ecster_om_test_env_setup();
}

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
