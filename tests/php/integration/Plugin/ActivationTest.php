<?php
/**
 * The plugin in a real WordPress + WooCommerce site.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Plugin;

use Automattic\WooCommerce\Internal\Features\FeaturesController;
use EcsterOM\Tests\Integration\TestCase;

final class ActivationTest extends TestCase {

	private const PLUGIN = 'ecster-order-management/ecster-order-management.php';

	public function test_the_plugin_is_active_next_to_woocommerce(): void {
		$this->assertTrue( is_plugin_active( 'woocommerce/woocommerce.php' ) );
		$this->assertTrue( is_plugin_active( self::PLUGIN ) );
		$this->assertTrue( class_exists( \EcsterOM\Plugin::class ) );
	}

	public function test_the_plugin_activates_again_without_any_php_notice_or_output(): void {
		deactivate_plugins( self::PLUGIN, true );
		$this->assertFalse( is_plugin_active( self::PLUGIN ) );

		$notices = array();
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler
		set_error_handler(
			static function ( int $errno, string $message, string $file, int $line ) use ( &$notices ): bool {
				if ( str_contains( $file, 'ecster-order-management' ) ) {
					$notices[] = "$message at $file:$line";
				}
				return false;
			}
		);
		try {
			$result = activate_plugin( self::PLUGIN );
		} finally {
			restore_error_handler();
		}
		$this->assertNull( $result, is_wp_error( $result ) ? $result->get_error_message() : '' );
		$this->assertSame( array(), $notices );
		$this->assertTrue( is_plugin_active( self::PLUGIN ) );
	}

	public function test_the_plugin_header_names_the_versions_it_is_tested_with(): void {
		$data = get_plugin_data( WP_PLUGIN_DIR . '/' . self::PLUGIN, false, false );
		$this->assertSame( 'Ecster Order Management for WooCommerce', $data['Name'] );
		$this->assertSame( 'ecster-order-management', $data['TextDomain'] );
		$this->assertSame( 'woocommerce', $data['RequiresPlugins'] );
		$this->assertSame( '8.1', $data['RequiresPHP'] );
		$this->assertTrue( version_compare( get_bloginfo( 'version' ), $data['RequiresWP'], '>=' ) );
	}

	public function test_hpos_is_on_and_the_plugin_declares_itself_compatible_with_it(): void {
		// HPOS unless the site was installed with legacy storage (ECSTER_OM_ORDER_STORAGE=posts).
		$this->assertSame( 'posts' !== ( $GLOBALS['ecster_om_order_storage'] ?? 'hpos' ), \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() );
		$compatible = wc_get_container()->get( FeaturesController::class )->get_compatible_plugins_for_feature( 'custom_order_tables', true );
		$this->assertContains( self::PLUGIN, $compatible['compatible'] );
	}

	public function test_the_plugin_declares_itself_compatible_with_the_cart_and_checkout_blocks(): void {
		$compatible = wc_get_container()->get( FeaturesController::class )->get_compatible_plugins_for_feature( 'cart_checkout_blocks', true );
		$this->assertContains( self::PLUGIN, $compatible['compatible'], 'the checkout block editor does not list it as incompatible' );
		$this->assertNotContains( self::PLUGIN, $compatible['incompatible'] );
	}
}
