<?php
/**
 * Deleting the plugin (uninstall.php): only this plugin's own data goes; the settings shared with
 * the Ecster Pay checkout plugin and the orders' Ecster meta stay. WC_REMOVE_ALL_DATA also drops
 * the journal table and our own key inside the shared option.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Plugin;

use EcsterOM\Lifecycle;
use EcsterOM\Tests\Integration\TestCase;

final class UninstallTest extends TestCase {

	private const PLUGIN     = 'ecster-order-management/ecster-order-management.php';
	private const ORDER_META = array(
		'_wc_ecster_internal_reference' => 'EC-UNINSTALL-1',
		'_ecster_order_captured_id'     => 'DEBIT-1',
		'_ecster_refund_id_77'          => 'CREDIT-1',
	);

	/** @var array<string, mixed> Options named ecster_om_* before the test (the test site's own are put back). */
	private array $saved_options = array();

	private string $journal = '';
	private bool $journal_parked = false;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		foreach ( $this->own_option_names() as $name ) {
			$this->saved_options[ $name ] = get_option( $name );
		}
		// A journal table the core made must survive this test: park it under another name.
		$this->journal = $wpdb->prefix . Lifecycle::JOURNAL_TABLE;
		if ( $this->table_exists( $this->journal ) ) {
			$wpdb->query( "ALTER TABLE {$this->journal} RENAME TO {$this->journal}_parked" ); // phpcs:ignore
			$this->journal_parked = true;
		}
	}

	protected function tearDown(): void {
		global $wpdb;
		$wpdb->query( "DROP TABLE IF EXISTS {$this->journal}" ); // phpcs:ignore
		if ( $this->journal_parked ) {
			$wpdb->query( "ALTER TABLE {$this->journal}_parked RENAME TO {$this->journal}" ); // phpcs:ignore
		}
		foreach ( $this->own_option_names() as $name ) {
			delete_option( $name );
		}
		foreach ( $this->saved_options as $name => $value ) {
			update_option( $name, $value );
		}
		parent::tearDown();
	}

	/**
	 * @return string[]
	 */
	private function own_option_names(): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'ecster_om_' ) . '%' ) ); // phpcs:ignore
	}

	private function table_exists( string $table ): bool {
		global $wpdb;
		return $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ); // phpcs:ignore
	}

	/**
	 * What a store that used the plugin holds: lock rows, a transient, the journal, settings
	 * written by the checkout plugin and by us, and an order with Ecster meta.
	 */
	private function used_store(): \WC_Order {
		global $wpdb;
		update_option(
			'woocommerce_ecster_settings',
			array(
				'enabled'              => 'yes',
				'title'                => 'Ecster Pay',
				'manage_ecster_orders' => 'yes',
				'api_key'              => self::API_KEY,
				'merchant_key'         => self::MERCHANT_KEY,
				'testmode'             => 'no',
				'logging'              => 'yes',
				'failed_debit_status'  => 'processing',
				'bulk_concurrency'     => '8',
			)
		);
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", 'ecster_om_lock_4242', ( time() + 120 ) . '|token' ) ); // phpcs:ignore
		add_option( 'ecster_om_db_version', '1' );
		set_transient( 'ecster_om_uninstall_probe', 'x', 600 );
		$wpdb->query( "CREATE TABLE {$this->journal} ( id bigint(20) unsigned NOT NULL, PRIMARY KEY  (id) )" ); // phpcs:ignore

		$order = wc_create_order( array( 'created_via' => 'ecster-om-tests' ) );
		$order->set_payment_method( 'ecster' );
		foreach ( self::ORDER_META as $key => $value ) {
			$order->update_meta_data( $key, $value );
		}
		$order->save();
		return $order;
	}

	private function assert_order_meta_kept( \WC_Order $order ): void {
		$order = wc_get_order( $order->get_id() );
		$this->assertInstanceOf( \WC_Order::class, $order );
		foreach ( self::ORDER_META as $key => $value ) {
			$this->assertSame( $value, $order->get_meta( $key ), "order meta $key is the merchant's record" );
		}
	}

	public function test_deleting_the_plugin_removes_its_own_options_and_keeps_the_shared_settings_the_journal_and_order_meta(): void {
		$this->assertFalse( Lifecycle::remove_all_data(), 'the test site does not define WC_REMOVE_ALL_DATA' );
		$order    = $this->used_store();
		$settings = get_option( 'woocommerce_ecster_settings' );

		uninstall_plugin( self::PLUGIN ); // WordPress's own path: defines WP_UNINSTALL_PLUGIN and includes uninstall.php.

		$this->assertSame( array(), $this->own_option_names(), 'no ecster_om_* option is left' );
		wp_cache_flush();
		$this->assertFalse( get_option( 'ecster_om_lock_4242' ) );
		$this->assertFalse( get_transient( 'ecster_om_uninstall_probe' ) );
		$this->assertSame( $settings, get_option( 'woocommerce_ecster_settings' ), 'the settings shared with the checkout plugin stay, ours included' );
		$this->assertTrue( $this->table_exists( $this->journal ), 'the journal stays without WC_REMOVE_ALL_DATA' );
		$this->assert_order_meta_kept( $order );
	}

	public function test_with_wc_remove_all_data_the_journal_and_our_own_setting_go_too_but_the_checkout_plugins_keys_stay(): void {
		$order = $this->used_store();

		$done = Lifecycle::uninstall( true );

		$this->assertSame( array( $this->journal ), $done['tables'] );
		$this->assertFalse( $this->table_exists( $this->journal ) );
		$this->assertSame( array( 'failed_debit_status', 'bulk_concurrency' ), $done['settings_keys'] );
		$this->assertSame( array(), $this->own_option_names() );
		$this->assertSame(
			array(
				'enabled'              => 'yes',
				'title'                => 'Ecster Pay',
				'manage_ecster_orders' => 'yes',
				'api_key'              => self::API_KEY,
				'merchant_key'         => self::MERCHANT_KEY,
				'testmode'             => 'no',
				'logging'              => 'yes',
			),
			get_option( 'woocommerce_ecster_settings' ),
			'the Ecster Pay checkout plugin keeps its keys'
		);
		$this->assert_order_meta_kept( $order );
	}

	public function test_with_wc_remove_all_data_and_no_journal_nothing_fails(): void {
		update_option( 'woocommerce_ecster_settings', array( 'failed_debit_status' => 'on-hold' ) );

		$done = Lifecycle::uninstall( true );

		$this->assertSame( array(), $done['tables'] );
		$this->assertFalse( get_option( 'woocommerce_ecster_settings' ), 'an option holding only our key is removed' );
	}
}
