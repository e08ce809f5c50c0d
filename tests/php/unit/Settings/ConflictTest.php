<?php
/**
 * The older Ecster Pay plugin (Krokedil) manages the same orders: we must recognise it.
 *
 * Each test defines the other plugin's constants or classes, so each runs in its own process.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Settings;

use EcsterOM\Plugin;
use PHPUnit\Framework\TestCase;

final class ConflictTest extends TestCase {

	public function test_no_conflict_without_the_older_plugin(): void {
		$this->assertNull( Plugin::conflicting_plugin() );
	}

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_the_krokedil_plugin_is_named_as_its_plugin_header_says(): void {
		$file = sys_get_temp_dir() . '/ecster-om-krokedil-' . getmypid() . '.php';
		file_put_contents( $file, "<?php\n/*\n * Plugin Name: Ecster Pay v2 for WooCommerce\n * Author: Krokedil\n * Version: 3.0.5\n */\n" );
		try {
			define( 'WC_ECSTER_VERSION', '3.0.5' );
			define( 'WC_ECSTER_MAIN_FILE', $file );
			$this->assertSame( 'Ecster Pay v2 for WooCommerce', Plugin::conflicting_plugin() );
		} finally {
			unlink( $file );
		}
	}

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_the_main_class_of_the_older_plugin_alone_is_a_conflict(): void {
		eval( 'class WC_Ecster {}' );
		$this->assertSame( 'Ecster Pay v2 for WooCommerce', Plugin::conflicting_plugin() );
	}

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_its_gateway_class_alone_is_a_conflict(): void {
		eval( 'class WC_Gateway_Ecster {}' );
		$this->assertNotNull( Plugin::conflicting_plugin() );
	}

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_the_notice_names_the_plugin_to_deactivate(): void {
		$GLOBALS['ecster_om_fake']['user_can']['activate_plugins'] = true;
		ob_start();
		Plugin::render_conflict_notice( 'Ecster Pay v2 for WooCommerce' );
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'Deactivate "Ecster Pay v2 for WooCommerce"', $html );
		$this->assertStringContainsString( 'plugins.php', $html );
	}
}
