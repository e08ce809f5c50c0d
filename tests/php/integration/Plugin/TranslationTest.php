<?php
/**
 * Swedish inside WordPress: the .mo is found for the text domain, and both scripts get their JSON
 * translations through wp_set_script_translations() with the plugin's languages folder.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Plugin;

use EcsterOM\Admin\OrderPanel;
use EcsterOM\Admin\SettingsPage;
use EcsterOM\Tests\Integration\TestCase;

final class TranslationTest extends TestCase {

	private const DOMAIN = 'ecster-order-management';

	/** @var array<string, mixed> */
	private array $get = array();

	protected function setUp(): void {
		parent::setUp();
		$this->get = $_GET;
		$this->add_test_filter( 'determine_locale', static fn(): string => 'sv_SE', 99 );
		unload_textdomain( self::DOMAIN, true ); // Loaded again, just in time, in Swedish.
	}

	protected function tearDown(): void {
		$_GET = $this->get;
		foreach ( array( SettingsPage::SCRIPT_HANDLE, OrderPanel::HANDLE ) as $handle ) {
			wp_dequeue_script( $handle );
			wp_deregister_script( $handle );
		}
		parent::tearDown();
		unload_textdomain( self::DOMAIN, true );
	}

	public function test_php_strings_are_swedish_for_a_swedish_site(): void {
		$this->assertSame( 'Inställningar för Ecster Pay', __( 'Ecster Pay settings', self::DOMAIN ) );
		$this->assertSame(
			'Ecster-betalningen debiterad: 998,00 kr (transaktion T1).',
			sprintf( __( 'Ecster payment debited: %1$s (transaction %2$s).', self::DOMAIN ), '998,00 kr', 'T1' )
		);
	}

	public function test_the_settings_screen_script_gets_its_swedish_strings(): void {
		$this->as_user( 'administrator' );
		$_GET = array(
			'page'    => 'wc-settings',
			'tab'     => 'checkout',
			'section' => 'ecster',
		);
		if ( ! is_readable( ECSTER_OM_DIR . '/build/settings.asset.php' ) ) {
			$this->markTestSkipped( 'plugin/build is missing: run npm run build' );
		}
		( new SettingsPage( $this->plugin()->settings() ) )->enqueue();

		$script = wp_scripts()->registered[ SettingsPage::SCRIPT_HANDLE ] ?? null;
		$this->assertNotNull( $script );
		$this->assertSame( self::DOMAIN, $script->textdomain );
		$this->assertSame( ECSTER_OM_DIR . '/languages', $script->translations_path );
		$json = load_script_textdomain( SettingsPage::SCRIPT_HANDLE, self::DOMAIN, ECSTER_OM_DIR . '/languages' );
		$this->assertIsString( $json, 'WordPress finds ecster-order-management-sv_SE-<md5 of build/settings.js>.json' );
		$this->assertStringContainsString( 'Spara ändringar', (string) wp_scripts()->print_translations( SettingsPage::SCRIPT_HANDLE, false ) );
	}

	public function test_the_order_panel_script_gets_its_swedish_strings(): void {
		if ( ! is_readable( ECSTER_OM_DIR . '/build/order-panel.asset.php' ) ) {
			$this->markTestSkipped( 'plugin/build is missing: run npm run build' );
		}
		$this->as_user( 'administrator' );
		$this->enable_management();
		$order = $this->create_managed_order();
		$_GET  = array(
			'page'   => 'wc-orders',
			'action' => 'edit',
			'id'     => (string) $order->get_id(),
		);
		// As on admin pages: WordPress's screen API and wc_get_page_screen_id().
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		require_once WC_ABSPATH . 'includes/admin/wc-admin-functions.php';
		set_current_screen( wc_get_page_screen_id( 'shop-order' ) );
		try {
			( new OrderPanel( fn() => $this->plugin()->order_manager() ) )->enqueue();
		} finally {
			set_current_screen( 'front' );
		}

		$script = wp_scripts()->registered[ OrderPanel::HANDLE ] ?? null;
		$this->assertNotNull( $script );
		$this->assertSame( self::DOMAIN, $script->textdomain );
		$this->assertSame( ECSTER_OM_DIR . '/languages', $script->translations_path );
		$this->assertStringContainsString( 'Debitera och spara', (string) wp_scripts()->print_translations( OrderPanel::HANDLE, false ) );
	}
}
