<?php
/**
 * PHPUnit entry point (bin/test-php-integration.sh): Debian's PHPUnit 9.6 from /usr/share/php, with
 * the machine's PHP (native runtime) or inside WordPress Playground (php-wasm, where the runner
 * mounts /usr/share/php). Exits with PHPUnit's exit code.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

set_include_path( '/usr/share/php' . PATH_SEPARATOR . get_include_path() );
require_once 'PHPUnit/Autoload.php';

$_SERVER['argv'] = array_merge( array( 'phpunit' ), array_slice( $_SERVER['argv'] ?? $argv ?? array(), 1 ) );
$_SERVER['argc'] = count( $_SERVER['argv'] );
exit( PHPUnit\TextUI\Command::main( false ) );
