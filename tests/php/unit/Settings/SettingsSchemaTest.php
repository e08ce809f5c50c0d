<?php
/**
 * Validation of the settings screen's input: what is saved, what is refused and why.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Settings;

use EcsterOM\Admin\SettingsSchema;
use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class SettingsSchemaTest extends TestCase {

	protected function setUp(): void {
		FakeState::reset();
	}

	public function test_a_complete_valid_form_becomes_the_option_values_of_the_checkout_plugin(): void {
		$result = SettingsSchema::validate_save(
			array(
				'manageOrders'      => true,
				'environment'       => 'live',
				'apiKey'            => 'abc-123-XYZ',
				'merchantKey'       => 'merchant-9',
				'logging'           => true,
				'failedDebitStatus' => 'processing',
			),
			new Settings()
		);
		$this->assertSame( array(), $result['errors'] );
		$this->assertSame(
			array(
				'manage_ecster_orders' => 'yes',
				'testmode'             => 'no',
				'api_key'              => 'abc-123-XYZ',
				'merchant_key'         => 'merchant-9',
				'logging'              => 'yes',
				'failed_debit_status'  => 'processing',
			),
			$result['changes']
		);
	}

	public function test_manage_orders_without_keys_is_refused_with_a_message_on_each_missing_key(): void {
		$result = SettingsSchema::validate_save( array( 'manageOrders' => true ), new Settings() );
		$this->assertSame( array( 'apiKey', 'merchantKey' ), array_keys( $result['errors'] ) );
		$this->assertStringContainsString( 'API key', $result['errors']['apiKey'] );
		$this->assertSame( array(), $result['changes'], 'nothing may be saved when a field is wrong' );
	}

	public function test_manage_orders_uses_the_stored_api_key_when_none_is_sent(): void {
		FakeState::settings( array( 'api_key' => 'stored-key-1234' ) );
		$result = SettingsSchema::validate_save( array( 'manageOrders' => true, 'merchantKey' => 'm-1' ), new Settings() );
		$this->assertSame( array(), $result['errors'] );
		$this->assertArrayNotHasKey( 'api_key', $result['changes'], 'an absent apiKey keeps the stored key' );
	}

	public function test_clearing_the_stored_api_key_while_manage_orders_is_on_is_refused(): void {
		FakeState::settings( array( 'manage_ecster_orders' => 'yes', 'api_key' => 'stored-key-1234', 'merchant_key' => 'm' ) );
		$result = SettingsSchema::validate_save( array( 'apiKey' => '' ), new Settings() );
		$this->assertArrayHasKey( 'apiKey', $result['errors'] );
		$this->assertSame( array(), $result['changes'] );
	}

	public function test_a_null_api_key_keeps_the_stored_key(): void {
		$result = SettingsSchema::validate_save( array( 'apiKey' => null, 'logging' => false ), new Settings() );
		$this->assertSame( array(), $result['errors'] );
		$this->assertSame( array( 'logging' => 'no' ), $result['changes'] );
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: string}>
	 */
	public static function invalid_input(): array {
		return array(
			'unknown environment'        => array( array( 'environment' => 'staging' ), 'environment' ),
			'environment of wrong type'  => array( array( 'environment' => true ), 'environment' ),
			'manage orders as string'    => array( array( 'manageOrders' => 'yes' ), 'manageOrders' ),
			'manage orders as number'    => array( array( 'manageOrders' => 1 ), 'manageOrders' ),
			'logging as string'          => array( array( 'logging' => 'true' ), 'logging' ),
			'api key as number'          => array( array( 'apiKey' => 12345678 ), 'apiKey' ),
			'api key as array'           => array( array( 'apiKey' => array( 'a' ) ), 'apiKey' ),
			'api key with a space'       => array( array( 'apiKey' => 'abc def' ), 'apiKey' ),
			'api key with a tab inside'  => array( array( 'apiKey' => "abc\tdef" ), 'apiKey' ),
			'api key with a newline'     => array( array( 'apiKey' => "abc\ndef" ), 'apiKey' ),
			'api key with NUL'           => array( array( 'apiKey' => "abc\0def" ), 'apiKey' ),
			'api key with non-ASCII'     => array( array( 'apiKey' => 'nyckel-åäö' ), 'apiKey' ),
			'api key too long'           => array( array( 'apiKey' => str_repeat( 'k', 201 ) ), 'apiKey' ),
			'merchant key too long'      => array( array( 'merchantKey' => str_repeat( 'm', 201 ) ), 'merchantKey' ),
			'merchant key with DEL char' => array( array( 'merchantKey' => "m\x7F" ), 'merchantKey' ),
			'merchant key as null'       => array( array( 'merchantKey' => null ), 'merchantKey' ),
			'unknown status'             => array( array( 'failedDebitStatus' => 'completed' ), 'failedDebitStatus' ),
			'unknown field'              => array( array( 'apiKeyLast4' => '1234' ), 'apiKeyLast4' ),
		);
	}

	/**
	 * @dataProvider invalid_input
	 * @param array<string, mixed> $input Input.
	 */
	public function test_invalid_input_is_refused_with_a_message_next_to_the_field( array $input, string $field ): void {
		$result = SettingsSchema::validate_save( $input + array( 'logging' => true ), new Settings() );
		$this->assertArrayHasKey( $field, $result['errors'] );
		$this->assertNotSame( '', $result['errors'][ $field ] );
		$this->assertSame( array(), $result['changes'], 'a valid field is not saved either when another is wrong' );
	}

	public function test_keys_lose_the_white_space_around_them_from_copy_and_paste(): void {
		$result = SettingsSchema::validate_save( array( 'apiKey' => "  key-123\n", 'merchantKey' => "\tm-9 " ), new Settings() );
		$this->assertSame( array(), $result['errors'] );
		$this->assertSame( 'key-123', $result['changes']['api_key'] );
		$this->assertSame( 'm-9', $result['changes']['merchant_key'] );
	}

	public function test_a_key_of_exactly_the_maximum_length_is_accepted(): void {
		$result = SettingsSchema::validate_save( array( 'apiKey' => str_repeat( 'k', SettingsSchema::MAX_KEY_LENGTH ) ), new Settings() );
		$this->assertSame( array(), $result['errors'] );
	}

	public function test_wordpress_request_parameters_are_not_taken_for_unknown_settings(): void {
		$result = SettingsSchema::validate_save( array( '_locale' => 'user', 'logging' => true ), new Settings() );
		$this->assertSame( array(), $result['errors'] );
		$this->assertSame( array( 'logging' => 'yes' ), $result['changes'] );
	}

	public function test_an_unknown_field_name_is_echoed_back_only_in_a_safe_form(): void {
		$result = SettingsSchema::validate_save( array( '<script>x</script>' => 1 ), new Settings() );
		$this->assertSame( array( 'scriptxscript' ), array_keys( $result['errors'] ) );
	}

	public function test_the_screen_sees_whether_a_key_is_stored_and_its_last_four_characters_but_never_the_key(): void {
		FakeState::settings(
			array(
				'manage_ecster_orders' => 'yes',
				'api_key'              => 'secret-api-key-7f3a',
				'merchant_key'         => 'merchant-9',
				'testmode'             => 'no',
				'logging'              => 'yes',
				'failed_debit_status'  => 'processing',
			)
		);
		$view = SettingsSchema::present( new Settings() );
		$this->assertSame(
			array(
				'manageOrders'      => true,
				'environment'       => 'live',
				'apiKeySet'         => true,
				'apiKeyLast4'       => '7f3a',
				'merchantKey'       => 'merchant-9',
				'logging'           => true,
				'failedDebitStatus' => 'processing',
				'bulkConcurrency'   => 10,
				'apiUrlOverride'    => null,
			),
			$view
		);
		$this->assertStringNotContainsString( 'secret-api-key', (string) json_encode( $view ) );
	}

	public function test_a_short_stored_key_is_not_half_given_away_by_its_last_four_characters(): void {
		FakeState::settings( array( 'api_key' => 'abc1234' ) );
		$view = SettingsSchema::present( new Settings() );
		$this->assertTrue( $view['apiKeySet'] );
		$this->assertSame( '', $view['apiKeyLast4'] );
	}

	public function test_check_connection_uses_the_keys_on_the_screen_or_else_the_stored_ones(): void {
		FakeState::settings( array( 'api_key' => 'stored-key-1234', 'merchant_key' => 'stored-merchant', 'testmode' => 'yes' ) );
		$typed = SettingsSchema::validate_connection( array( 'apiKey' => 'typed-key', 'merchantKey' => 'typed-m', 'environment' => 'live' ), new Settings() );
		$this->assertSame( array(), $typed['errors'] );
		$this->assertSame( array( 'testmode' => 'no', 'api_key' => 'typed-key', 'merchant_key' => 'typed-m' ), $typed['overrides'] );

		$stored = SettingsSchema::validate_connection( array( 'apiKey' => '' ), new Settings() );
		$this->assertSame( array( 'api_key' => 'stored-key-1234', 'merchant_key' => 'stored-merchant' ), $stored['overrides'] );
	}

	public function test_check_connection_without_any_key_asks_for_the_keys(): void {
		$result = SettingsSchema::validate_connection( array( 'merchantKey' => '' ), new Settings() );
		$this->assertSame( array( 'apiKey', 'merchantKey' ), array_keys( $result['errors'] ) );
		$this->assertSame( array(), $result['overrides'] );
	}

	public function test_check_connection_refuses_settings_it_does_not_use(): void {
		$result = SettingsSchema::validate_connection( array( 'apiKey' => 'k', 'merchantKey' => 'm', 'logging' => true ), new Settings() );
		$this->assertArrayHasKey( 'logging', $result['errors'] );
	}
}
