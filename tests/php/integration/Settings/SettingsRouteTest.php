<?php
/**
 * ecster-om/v1/settings and settings/check-connection in a real WordPress + WooCommerce site:
 * validation, capabilities, the connection check against the sandbox, and the API key that
 * never comes back.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Settings;

use EcsterOM\Settings;
use EcsterOM\Tests\Integration\TestCase;

final class SettingsRouteTest extends TestCase {

	/** A stored key that must never appear in any answer. */
	private const STORED_KEY = 'stored-secret-key-9f8e7d6c';

	/**
	 * Every answer of the test, checked for the stored key in tearDown.
	 *
	 * @var \WP_REST_Response[]
	 */
	private array $responses = array();

	protected function setUp(): void {
		parent::setUp();
		$this->responses = array();
		update_option(
			Settings::OPTION,
			array(
				'enabled'              => 'yes',
				'title'                => 'Ecster Pay',
				'username'             => 'checkout-user',
				'manage_ecster_orders' => 'no',
				'api_key'              => self::STORED_KEY,
				'merchant_key'         => self::MERCHANT_KEY,
				'testmode'             => 'yes',
				'logging'              => 'no',
			)
		);
	}

	protected function tearDown(): void {
		foreach ( $this->responses as $response ) {
			$json = (string) wp_json_encode( array( $response->get_data(), $response->get_headers() ) );
			$this->assertStringNotContainsString( self::STORED_KEY, $json, 'an answer contains the stored API key' );
			$this->assertStringNotContainsString( 'stored-secret', $json );
		}
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $params Body.
	 */
	private function call( string $method, string $path, array $params = array() ): \WP_REST_Response {
		$response          = $this->rest( $method, $path, $params );
		$this->responses[] = $response;
		return $response;
	}

	/**
	 * @return array<string, mixed>
	 */
	private function stored(): array {
		wp_cache_delete( Settings::OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		return (array) get_option( Settings::OPTION );
	}

	public function test_get_shows_the_settings_with_only_the_last_four_characters_of_the_key(): void {
		$this->as_user( 'administrator' );
		$response = $this->call( 'GET', '/ecster-om/v1/settings' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'manageOrders'      => false,
				'environment'       => 'test',
				'apiKeySet'         => true,
				'apiKeyLast4'       => '7d6c',
				'merchantKey'       => self::MERCHANT_KEY,
				'logging'           => false,
				'failedDebitStatus' => 'on-hold',
				'bulkConcurrency'   => 10,
				'apiUrlOverride'    => $GLOBALS['ecster_om_runtime']['apiUrl'],
			),
			$response->get_data()
		);
		$this->assertStringContainsString( 'no-store', (string) ( $response->get_headers()['Cache-Control'] ?? '' ) );
	}

	public function test_saving_turns_manage_orders_on_and_keeps_the_other_plugins_keys(): void {
		$this->as_user( 'administrator' );
		$response = $this->call(
			'POST',
			'/ecster-om/v1/settings',
			array(
				'manageOrders'      => true,
				'environment'       => 'live',
				'apiKey'            => self::API_KEY,
				'merchantKey'       => self::MERCHANT_KEY,
				'logging'           => true,
				'failedDebitStatus' => 'processing',
				'bulkConcurrency'   => 25,
			)
		);
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertTrue( $data['manageOrders'] );
		$this->assertSame( 25, $data['bulkConcurrency'] );
		$this->assertTrue( $data['apiKeySet'] );
		$this->assertSame( substr( self::API_KEY, -4 ), $data['apiKeyLast4'] );
		$this->assertArrayNotHasKey( 'apiKey', $data );
		$this->assertStringNotContainsString( self::API_KEY, (string) wp_json_encode( $data ) );

		$stored = $this->stored();
		$this->assertSame( 'yes', $stored['manage_ecster_orders'] );
		$this->assertSame( self::API_KEY, $stored['api_key'] );
		$this->assertSame( 'no', $stored['testmode'] );
		$this->assertSame( 'yes', $stored['logging'] );
		$this->assertSame( 'processing', $stored['failed_debit_status'] );
		$this->assertSame( '25', $stored['bulk_concurrency'] );
		$this->assertSame( 'yes', $stored['enabled'] );
		$this->assertSame( 'Ecster Pay', $stored['title'] );
		$this->assertSame( 'checkout-user', $stored['username'] );
		$this->assertTrue( $this->plugin()->settings()->manage_orders() );
	}

	public function test_saving_without_a_new_key_keeps_the_stored_key(): void {
		$this->as_user( 'shop_manager' );
		$response = $this->call( 'POST', '/ecster-om/v1/settings', array( 'manageOrders' => true, 'merchantKey' => self::MERCHANT_KEY ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( self::STORED_KEY, $this->stored()['api_key'] );
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: string}>
	 */
	public static function invalid_settings(): array {
		return array(
			'manage orders without keys'     => array( array( 'manageOrders' => true, 'apiKey' => '', 'merchantKey' => '' ), 'apiKey' ),
			'manage orders, no merchant key' => array( array( 'manageOrders' => true, 'merchantKey' => '' ), 'merchantKey' ),
			'unknown environment'            => array( array( 'environment' => 'production' ), 'environment' ),
			'api key too long'               => array( array( 'apiKey' => str_repeat( 'a', 201 ) ), 'apiKey' ),
			'merchant key too long'          => array( array( 'merchantKey' => str_repeat( 'm', 201 ) ), 'merchantKey' ),
			'api key with a space'           => array( array( 'apiKey' => 'sandbox api-key' ), 'apiKey' ),
			'api key with a control char'    => array( array( 'apiKey' => "sandbox\x07key" ), 'apiKey' ),
			'merchant key with a newline'    => array( array( 'merchantKey' => "sandbox\nmerchant" ), 'merchantKey' ),
			'manage orders as a string'      => array( array( 'manageOrders' => 'yes' ), 'manageOrders' ),
			'logging as a number'            => array( array( 'logging' => 1 ), 'logging' ),
			'api key as a number'            => array( array( 'apiKey' => 1234567890 ), 'apiKey' ),
			'merchant key as an object'      => array( array( 'merchantKey' => array( 'a' => 'b' ) ), 'merchantKey' ),
			'unknown failed-debit status'    => array( array( 'failedDebitStatus' => 'cancelled' ), 'failedDebitStatus' ),
			'bulk concurrency of zero'       => array( array( 'bulkConcurrency' => 0 ), 'bulkConcurrency' ),
			'bulk concurrency above 50'      => array( array( 'bulkConcurrency' => 51 ), 'bulkConcurrency' ),
			'bulk concurrency as text'       => array( array( 'bulkConcurrency' => '10' ), 'bulkConcurrency' ),
			'bulk concurrency with fraction' => array( array( 'bulkConcurrency' => 2.5 ), 'bulkConcurrency' ),
			'unknown setting'                => array( array( 'enabled' => 'yes' ), 'enabled' ),
		);
	}

	/**
	 * @dataProvider invalid_settings
	 * @param array<string, mixed> $params Body.
	 */
	public function test_invalid_settings_are_refused_field_by_field_and_nothing_is_saved( array $params, string $field ): void {
		$this->as_user( 'administrator' );
		$before   = $this->stored();
		$response = $this->call( 'POST', '/ecster-om/v1/settings', $params + array( 'logging' => true ) );

		$this->assertSame( 400, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'ecster_om_invalid_settings', $data['code'] );
		$this->assertNotSame( '', $data['message'] );
		$this->assertArrayHasKey( $field, $data['data']['fields'] );
		$this->assertIsString( $data['data']['fields'][ $field ] );
		$this->assertSame( $before, $this->stored(), 'nothing may be saved, not even the valid fields' );
	}

	public function test_a_body_that_is_not_a_json_object_is_refused(): void {
		$this->as_user( 'administrator' );
		$request = new \WP_REST_Request( 'POST', '/ecster-om/v1/settings' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( '[true, false]' );
		$response          = rest_do_request( $request );
		$this->responses[] = $response;
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'ecster_om_invalid_body', $response->get_data()['code'] );

		$request->set_body( '{"manageOrders": tru' );
		$response          = rest_do_request( $request );
		$this->responses[] = $response;
		$this->assertSame( 400, $response->get_status() );
	}

	/**
	 * @return array<string, array{0: string, 1: int}>
	 */
	public static function roles(): array {
		return array(
			'administrator' => array( 'administrator', 200 ),
			'shop manager'  => array( 'shop_manager', 200 ),
			'subscriber'    => array( 'subscriber', 403 ),
			'customer'      => array( 'customer', 403 ),
			'logged out'    => array( 'logged_out', 401 ),
		);
	}

	/**
	 * @dataProvider roles
	 */
	public function test_only_users_who_manage_woocommerce_may_read_or_change_the_settings( string $role, int $status ): void {
		$this->as_user( $role );
		$before = $this->stored();

		$get = $this->call( 'GET', '/ecster-om/v1/settings' );
		$this->assertSame( $status, $get->get_status() );

		$post = $this->call( 'POST', '/ecster-om/v1/settings', array( 'logging' => true ) );
		$this->assertSame( $status, $post->get_status() );

		$check = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array( 'apiKey' => self::API_KEY, 'merchantKey' => self::MERCHANT_KEY ) );
		$this->assertSame( $status, $check->get_status() );

		if ( 200 === $status ) {
			$this->assertSame( 'yes', $this->stored()['logging'] );
			$this->assertSame( 'accepted', $check->get_data()['result'] );
		} else {
			$this->assertSame( $before, $this->stored() );
			$this->assertSame( 401 === $status ? 'ecster_om_not_logged_in' : 'ecster_om_forbidden', $get->get_data()['code'] );
			$this->assertArrayNotHasKey( 'manageOrders', $get->get_data() );
		}
	}

	public function test_check_connection_with_the_sandbox_keys_typed_on_screen_is_accepted(): void {
		$this->as_user( 'administrator' );
		$response = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array( 'environment' => 'test', 'apiKey' => self::API_KEY, 'merchantKey' => self::MERCHANT_KEY ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'accepted', $data['result'], $data['message'] );
		$this->assertSame( $GLOBALS['ecster_om_runtime']['apiUrl'], $data['apiUrl'] );
		$this->assertStringNotContainsString( self::API_KEY, (string) wp_json_encode( $data ) );
		$this->assertSame( self::STORED_KEY, $this->stored()['api_key'], 'checking saves nothing' );
	}

	public function test_check_connection_with_a_wrong_key_is_rejected(): void {
		$this->as_user( 'administrator' );
		$response = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array( 'apiKey' => 'wrong-key-123', 'merchantKey' => self::MERCHANT_KEY ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'rejected', $response->get_data()['result'] );
		$this->assertStringNotContainsString( 'wrong-key-123', (string) wp_json_encode( $response->get_data() ) );
	}

	public function test_check_connection_without_a_typed_key_uses_the_stored_one(): void {
		$this->as_user( 'administrator' );
		// The stored key is not a sandbox key: Ecster rejects it, which proves it was the one sent.
		$rejected = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array( 'merchantKey' => self::MERCHANT_KEY ) );
		$this->assertSame( 'rejected', $rejected->get_data()['result'] );

		$this->enable_management();
		$accepted = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array() );
		$this->assertSame( 'accepted', $accepted->get_data()['result'] );
	}

	public function test_check_connection_reports_an_unreachable_ecster_with_the_reason(): void {
		$this->as_user( 'administrator' );
		$this->add_test_filter( 'ecster_om_api_base_url', static fn(): string => 'http://127.0.0.1:9/rest/public/' );
		$response = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array( 'apiKey' => self::API_KEY, 'merchantKey' => self::MERCHANT_KEY ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'unreachable', $data['result'] );
		$this->assertStringContainsString( 'Reason:', $data['message'] );
		$this->assertGreaterThan( strlen( 'Reason: ' ), strlen( substr( $data['message'], (int) strpos( $data['message'], 'Reason:' ) ) ) );
	}

	public function test_check_connection_asks_for_missing_keys_next_to_the_fields(): void {
		$this->as_user( 'administrator' );
		update_option( Settings::OPTION, array( 'api_key' => '', 'merchant_key' => '' ) );
		$response = $this->call( 'POST', '/ecster-om/v1/settings/check-connection', array( 'merchantKey' => '' ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( array( 'apiKey', 'merchantKey' ), array_keys( $response->get_data()['data']['fields'] ) );
	}

	public function test_the_settings_screen_data_and_html_never_contain_the_key(): void {
		$this->as_user( 'administrator' );
		$page = new \EcsterOM\Admin\SettingsPage( $this->plugin()->settings() );
		$json = (string) wp_json_encode( $page->script_data() );
		$this->assertStringNotContainsString( self::STORED_KEY, $json );
		$this->assertStringContainsString( '"apiKeyLast4":"7d6c"', $json );

		ob_start();
		\EcsterOM\Admin\SettingsPage::render_root();
		$html = (string) ob_get_clean();
		$this->assertStringNotContainsString( self::STORED_KEY, $html );
		$this->assertStringContainsString( 'id="ecster-om-settings-root"', $html );
		$this->assertTrue( $GLOBALS['hide_save_button'] );
		unset( $GLOBALS['hide_save_button'] );
	}
}
