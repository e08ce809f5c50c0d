<?php
/**
 * Bootstrap of the PHP unit tests: no WordPress. Small fakes stand in at the WordPress and
 * WooCommerce boundaries (tests/php/unit/fakes/*.php, loaded in name order; each fake
 * function is guarded with function_exists so areas can share them).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

define( 'ABSPATH', sys_get_temp_dir() . '/ecster-om-unit-abspath/' );
define( 'ECSTER_OM_TESTS_UNIT', true );
define( 'ECSTER_OM_DIR', dirname( __DIR__, 3 ) . '/plugin' );
define( 'ECSTER_OM_FILE', ECSTER_OM_DIR . '/ecster-order-management.php' );

$files = glob( __DIR__ . '/fakes/*.php' );
sort( $files, SORT_STRING );
foreach ( $files as $file ) {
	require_once $file;
}

require_once ECSTER_OM_DIR . '/src/autoload.php';
// The demo-order kit lives in the development environment's mu-plugins, not in the plugin.
require_once dirname( __DIR__, 3 ) . '/tests/env/mu-plugins/ecster-om-demo/autoload.php';

spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = 'EcsterOM\\Tests\\Unit\\';
		if ( 0 === strncmp( $class_name, $prefix, strlen( $prefix ) ) ) {
			$file = __DIR__ . '/' . str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) ) . '.php';
			if ( is_readable( $file ) ) {
				require_once $file;
			}
		}
	}
);
