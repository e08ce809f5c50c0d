<?php
/**
 * Settings: what a merchant configured is what the plugin uses.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit;

use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class SettingsTest extends TestCase {

	protected function setUp(): void {
		FakeState::reset();
	}

	public function test_manage_orders_is_off_until_the_merchant_turns_it_on(): void {
		$settings = new Settings();
		$this->assertFalse( $settings->manage_orders() );
		FakeState::settings( array( 'manage_ecster_orders' => 'yes' ) );
		$this->assertTrue( $settings->manage_orders() );
	}

	public function test_configuration_of_the_older_ecster_pay_plugin_is_read_as_is(): void {
		FakeState::settings(
			array(
				'manage_ecster_orders' => 'yes',
				'api_key'              => ' key-123 ',
				'merchant_key'         => 'merchant-9',
				'testmode'             => 'no',
				'logging'              => 'yes',
				'title'                => 'Ecster Pay', // A key of the older plugin that we keep untouched.
			)
		);
		$settings = new Settings();
		$this->assertSame( 'key-123', $settings->api_key() );
		$this->assertSame( 'merchant-9', $settings->merchant_key() );
		$this->assertTrue( $settings->has_credentials() );
		$this->assertFalse( $settings->is_test_mode() );
		$this->assertTrue( $settings->logging_enabled() );
		$this->assertSame( 'Ecster Pay', $settings->all()['title'] );
	}

	public function test_live_and_test_environments_use_ecsters_hosts(): void {
		FakeState::settings( array( 'testmode' => 'no' ) );
		$this->assertSame( 'https://secure.ecster.se/rest/public/', ( new Settings() )->api_base_url() );
		FakeState::settings( array( 'testmode' => 'yes' ) );
		$this->assertSame( 'https://labs.ecster.se/rest/public/', ( new Settings() )->api_base_url() );
	}

	public function test_a_filter_can_point_the_client_elsewhere_and_a_trailing_slash_is_added(): void {
		add_filter( 'ecster_om_api_base_url', static fn(): string => 'http://127.0.0.1:8790/rest/public' );
		$this->assertSame( 'http://127.0.0.1:8790/rest/public/', ( new Settings() )->api_base_url() );
	}

	public function test_failed_debit_status_defaults_to_on_hold_and_rejects_unknown_values(): void {
		$this->assertSame( 'on-hold', ( new Settings() )->failed_debit_status() );
		FakeState::settings( array( 'failed_debit_status' => 'processing' ) );
		$this->assertSame( 'processing', ( new Settings() )->failed_debit_status() );
		FakeState::settings( array( 'failed_debit_status' => 'completed' ) );
		$this->assertSame( 'on-hold', ( new Settings() )->failed_debit_status() );
	}
}
