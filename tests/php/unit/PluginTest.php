<?php
/**
 * The bootstrap: without WooCommerce the plugin says so and does nothing else.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit;

use EcsterOM\Plugin;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class PluginTest extends TestCase {

	protected function setUp(): void {
		FakeState::reset();
	}

	public function test_without_woocommerce_the_plugin_only_shows_the_woocommerce_required_notice(): void {
		$this->assertFalse( class_exists( 'WooCommerce', false ), 'The unit tests run without WooCommerce.' );

		Plugin::boot();

		$hooks = array_keys( $GLOBALS['ecster_om_fake']['filters'] );
		$this->assertSame( array( 'admin_notices' ), $hooks, 'Nothing but the notice is hooked.' );

		$GLOBALS['ecster_om_fake']['user_can']['activate_plugins'] = true;
		ob_start();
		do_action( 'admin_notices' );
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'id="ecster-om-woocommerce-missing"', $html );
		$this->assertStringContainsString( 'needs WooCommerce', $html );
	}

	public function test_the_woocommerce_required_notice_is_not_shown_to_users_who_cannot_activate_plugins(): void {
		ob_start();
		Plugin::render_woocommerce_missing_notice();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_the_conflict_notice_names_the_plugin_to_deactivate(): void {
		$GLOBALS['ecster_om_fake']['user_can']['activate_plugins'] = true;
		ob_start();
		Plugin::render_conflict_notice( 'Ecster Pay for WooCommerce' );
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'Deactivate "Ecster Pay for WooCommerce"', $html );
	}
}
