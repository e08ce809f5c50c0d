<?php
/**
 * Autoloader of the demo-order kit: EcsterOM\Demo\Foo → tests/env/mu-plugins/ecster-om-demo/Foo.php.
 *
 * @package EcsterOM\Demo
 */

declare(strict_types=1);

spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = 'EcsterOM\\Demo\\';
		if ( 0 !== strncmp( $class_name, $prefix, strlen( $prefix ) ) ) {
			return;
		}
		$relative = substr( $class_name, strlen( $prefix ) );
		if ( 1 !== preg_match( '/^[A-Za-z0-9_]+$/', $relative ) ) {
			return;
		}
		$file = __DIR__ . '/' . $relative . '.php';
		if ( is_readable( $file ) ) {
			require_once $file;
		}
	}
);
