<?php
/**
 * Saving settings: our keys change, everything else in the option stays.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Settings;

use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class SettingsStorageTest extends TestCase {

	protected function setUp(): void {
		FakeState::reset();
	}

	public function test_saving_keeps_the_keys_of_the_checkout_plugin_and_of_woocommerce(): void {
		FakeState::settings(
			array(
				'enabled'              => 'yes',
				'title'                => 'Ecster Pay',
				'username'             => 'shop-user',
				'manage_ecster_orders' => 'no',
				'api_key'              => 'old-key-0000',
			)
		);
		$this->assertTrue( ( new Settings() )->update( array( 'manage_ecster_orders' => 'yes', 'merchant_key' => 'm-1' ) ) );

		$stored = get_option( Settings::OPTION );
		$this->assertSame( 'yes', $stored['enabled'] );
		$this->assertSame( 'Ecster Pay', $stored['title'] );
		$this->assertSame( 'shop-user', $stored['username'] );
		$this->assertSame( 'old-key-0000', $stored['api_key'] );
		$this->assertSame( 'yes', $stored['manage_ecster_orders'] );
		$this->assertSame( 'm-1', $stored['merchant_key'] );
	}

	public function test_saving_into_a_missing_or_broken_option_starts_a_new_one(): void {
		$GLOBALS['ecster_om_fake']['options'][ Settings::OPTION ] = 'not an array';
		$this->assertTrue( ( new Settings() )->update( array( 'logging' => 'yes' ) ) );
		$this->assertSame( array( 'logging' => 'yes' ), get_option( Settings::OPTION ) );
	}

	public function test_only_our_own_keys_can_be_written(): void {
		$this->expectException( \InvalidArgumentException::class );
		( new Settings() )->update( array( 'enabled' => 'yes' ) );
	}

	public function test_saving_the_same_values_again_is_a_success(): void {
		FakeState::settings( array( 'logging' => 'yes' ) );
		$this->assertTrue( ( new Settings() )->update( array( 'logging' => 'yes' ) ) );
	}

	public function test_overrides_are_read_but_never_saved(): void {
		FakeState::settings( array( 'api_key' => 'stored-key-1234', 'testmode' => 'yes' ) );
		$settings = new Settings();
		$trial    = $settings->with_overrides( array( 'api_key' => 'typed-key-5678', 'testmode' => 'no' ) );
		$this->assertSame( 'typed-key-5678', $trial->api_key() );
		$this->assertSame( 'live', $trial->environment() );
		$this->assertSame( 'stored-key-1234', $settings->api_key() );
		$this->assertSame( 'stored-key-1234', get_option( Settings::OPTION )['api_key'] );
	}

	public function test_environment_follows_testmode_and_defaults_to_test(): void {
		$this->assertSame( 'test', ( new Settings() )->environment() );
		FakeState::settings( array( 'testmode' => 'no' ) );
		$this->assertSame( 'live', ( new Settings() )->environment() );
	}
}
