<?php
/**
 * Client against staged answers (WordPress's `pre_http_request` filter): what the sandbox cannot
 * produce — WordPress transport error texts, HTML error pages, odd error bodies, headers.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Api;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\Client;
use EcsterOM\Api\SwishRefund;
use EcsterOM\Logger;
use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class ClientStagedAnswersTest extends TestCase {

	private const KEY = 'staged-secret-key-987';

	/**
	 * Answers still to give, in order.
	 *
	 * @var array<int, mixed>
	 */
	private array $answers = array();

	protected function setUp(): void {
		FakeState::reset();
		ecster_om_fake_http_reset();
		ecster_om_fake_wc_log_reset();
		FakeState::settings(
			array(
				'api_key'      => self::KEY,
				'merchant_key' => 'merchant-7',
				'testmode'     => 'yes',
				'logging'      => 'yes',
			)
		);
		$this->answers = array();
		add_filter(
			'pre_http_request',
			function ( $pre ) {
				if ( array() === $this->answers ) {
					$this->fail( 'The client sent more requests than the test staged answers for.' );
				}
				return array_shift( $this->answers );
			}
		);
	}

	/**
	 * @param int                  $code    HTTP status.
	 * @param mixed                $body    Array (JSON-encoded) or raw string.
	 * @param array<string, mixed> $headers Headers.
	 */
	private function answer( int $code, $body, array $headers = array() ): void {
		$this->answers[] = array(
			'headers'  => $headers,
			'body'     => is_string( $body ) ? $body : (string) json_encode( $body ),
			'response' => array( 'code' => $code, 'message' => '' ),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	private function transport_error( string $message ): void {
		$this->answers[] = new \WP_Error( 'http_request_failed', $message );
	}

	private function client(): Client {
		$settings = new Settings();
		return new Client( $settings, new Logger( $settings ) );
	}

	/**
	 * @param callable(): mixed $call Call expected to fail.
	 */
	private function failure( callable $call ): ApiException {
		try {
			$call();
		} catch ( ApiException $e ) {
			$this->assertStringNotContainsString( self::KEY, $e->getMessage() );
			$this->assertStringNotContainsString( self::KEY, $e->get_ecster_message() );
			return $e;
		}
		$this->fail( 'An ApiException was expected.' );
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function order( string $id = 'ORDER1' ): array {
		return array(
			'id'             => $id,
			'status'         => 'READY',
			'amount'         => 32900,
			'currency'       => 'SEK',
			'debitedAmount'  => 0,
			'creditedAmount' => 0,
			'orderReference' => '10042',
			'properties'     => array( 'method' => 'INVOICE' ),
			'transactions'   => array( array( 'id' => 'T0', 'type' => 'ORIGINAL', 'amount' => 32900 ) ),
		);
	}

	public function test_without_keys_nothing_is_sent_and_the_failure_is_a_configuration_problem(): void {
		FakeState::settings( array( 'api_key' => '', 'merchant_key' => 'merchant-7' ) );
		$e = $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) );
		$this->assertSame( ApiException::KIND_CONFIG, $e->get_kind() );
		$this->assertSame( 0, $e->get_http_status() );
		$this->assertFalse( $e->is_outcome_unknown() );
		$this->assertSame( array(), ecster_om_fake_http_calls() );

		FakeState::settings( array( 'api_key' => self::KEY, 'merchant_key' => '  ' ) );
		$this->assertSame( ApiException::KIND_CONFIG, $this->failure( fn() => $this->client()->check_connection() )->get_kind() );
		$this->assertSame( array(), ecster_om_fake_http_calls() );
	}

	public function test_an_empty_ecster_order_id_is_refused_without_sending_anything(): void {
		$e = $this->failure( fn() => $this->client()->create_transaction( ' ', array( 'type' => 'DEBIT', 'amount' => 1 ) ) );
		$this->assertSame( ApiException::KIND_CONFIG, $e->get_kind() );
		$this->assertSame( array(), ecster_om_fake_http_calls() );
	}

	public function test_a_request_goes_to_the_test_host_with_the_id_url_encoded_and_the_auth_headers(): void {
		$this->answer( 200, self::order( 'a/b c?' ) );
		$order = $this->client()->get_order( 'a/b c?' );
		$this->assertSame( 'a/b c?', $order->id );

		$call = ecster_om_fake_http_calls()[0];
		$this->assertSame( 'https://labs.ecster.se/rest/public/v1/orders/a%2Fb%20c%3F', $call['url'] );
		$this->assertSame( 'GET', $call['args']['method'] );
		$this->assertSame( self::KEY, $call['args']['headers']['x-api-key'] );
		$this->assertSame( 'merchant-7', $call['args']['headers']['x-merchant-key'] );
		$this->assertSame( 'application/json', $call['args']['headers']['Content-Type'] );
		$this->assertSame( 'application/json', $call['args']['headers']['Accept'] );
		$this->assertSame( 0, $call['args']['redirection'], 'Redirects must not be followed.' );
		$this->assertNull( $call['args']['body'] ?? null, 'A GET has no body.' );
	}

	public function test_live_mode_uses_the_live_host(): void {
		FakeState::settings( array( 'api_key' => self::KEY, 'merchant_key' => 'merchant-7', 'testmode' => 'no' ) );
		$this->answer( 200, self::order() );
		$this->client()->get_order( 'ORDER1' );
		$this->assertSame( 'https://secure.ecster.se/rest/public/v1/orders/ORDER1', ecster_om_fake_http_calls()[0]['url'] );
	}

	public function test_the_timeout_is_ten_seconds_unless_a_filter_changes_it(): void {
		$this->answer( 200, self::order() );
		$this->answer( 200, self::order() );
		$this->answer( 200, self::order() );
		$this->client()->get_order( 'ORDER1' );
		add_filter( 'ecster_om_request_timeout', static fn( $timeout, string $method, string $path ): float => 'GET' === $method && str_starts_with( $path, 'v1/orders/' ) ? 2.5 : 99.0, 10, 3 );
		$this->client()->get_order( 'ORDER1' );
		add_filter( 'ecster_om_request_timeout', static fn(): string => 'nonsense', 20 );
		$this->client()->get_order( 'ORDER1' );
		$this->assertSame( array( 10.0, 2.5, 10.0 ), array_map( static fn( array $c ) => $c['args']['timeout'], ecster_om_fake_http_calls() ) );
	}

	public function test_a_transaction_is_posted_as_json_and_answered_with_a_typed_result(): void {
		$this->answer(
			201,
			array(
				'orderStatus' => 'FULLY_DELIVERED',
				'transaction' => array( 'id' => 'DEB1', 'type' => 'DEBIT', 'amount' => 32900, 'transactionReference' => 'wc-55' ),
			)
		);
		$result = $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 32900, 'transactionReference' => 'wc-55' ) );
		$this->assertSame( 'FULLY_DELIVERED', $result->order_status );
		$this->assertSame( 'DEB1', $result->transaction->id );
		$this->assertSame( 32900, $result->transaction->amount );
		$this->assertSame( 'wc-55', $result->transaction->transaction_reference );
		$call = ecster_om_fake_http_calls()[0];
		$this->assertSame( 'https://labs.ecster.se/rest/public/v1/orders/ORDER1/transactions', $call['url'] );
		$this->assertSame( 'POST', $call['args']['method'] );
		$this->assertSame( array( 'type' => 'DEBIT', 'amount' => 32900, 'transactionReference' => 'wc-55' ), json_decode( $call['args']['body'], true ) );
	}

	public function test_the_error_body_form_with_error_and_message_is_understood(): void {
		$this->answer( 400, array( 'error' => 'Bad Request', 'message' => 'amount must be positive' ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 0 ) ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 400, $e->get_http_status() );
		$this->assertNull( $e->get_ecster_code() );
		$this->assertSame( 'Bad Request: amount must be positive', $e->get_ecster_message() );
		$this->assertStringContainsString( 'amount must be positive', $e->getMessage() );
	}

	public function test_ecsters_code_message_and_type_are_exposed_even_when_the_code_is_a_numeric_string(): void {
		$this->answer( 409, array( 'code' => '4424', 'message' => 'order is not in a valid state', 'type' => 'BUSINESS' ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'ANNUL' ) ) );
		$this->assertSame( 4424, $e->get_ecster_code() );
		$this->assertTrue( $e->is_invalid_state() );
		$this->assertSame( 'order is not in a valid state', $e->get_ecster_message() );
		$this->assertSame( 'BUSINESS', $e->get_ecster_type() );
		$this->assertStringContainsString( '4424', $e->getMessage() );
	}

	public function test_an_html_error_page_from_a_proxy_is_a_server_error_whose_outcome_is_unknown(): void {
		$this->answer( 502, '<html><body>Bad gateway</body></html>' );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100 ) ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 502, $e->get_http_status() );
		$this->assertNull( $e->get_ecster_code() );
		$this->assertSame( '', $e->get_ecster_message() );
		$this->assertTrue( $e->is_server_error() );
		$this->assertTrue( $e->is_outcome_unknown(), 'A 5xx may come after the transaction was stored.' );
	}

	public function test_a_400_is_a_known_refusal_not_an_unknown_outcome_nor_a_server_error(): void {
		$this->answer( 400, array( 'code' => 4424, 'message' => 'x' ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 1 ) ) );
		$this->assertFalse( $e->is_outcome_unknown() );
		$this->assertFalse( $e->is_server_error() );
	}

	public function test_a_redirect_is_not_followed_and_reported_as_an_http_error(): void {
		$this->answer( 301, '', array( 'location' => 'https://elsewhere.example/' ) );
		$e = $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 301, $e->get_http_status() );
		$this->assertCount( 1, ecster_om_fake_http_calls() );
	}

	public function test_a_429_with_retry_after_says_how_long_to_wait(): void {
		$this->answer( 429, '', array( 'retry-after' => '30' ) );
		$e = $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) );
		$this->assertSame( ApiException::KIND_RATE_LIMITED, $e->get_kind() );
		$this->assertStringStartsWith( 'Ecster is rate limiting requests (HTTP 429)', $e->getMessage() );
		$this->assertStringContainsString( '30 seconds', $e->getMessage() );
		$this->assertFalse( $e->is_outcome_unknown() );
	}

	public function test_403_is_an_authentication_failure_like_401(): void {
		$this->answer( 403, array( 'code' => 1003, 'message' => 'forbidden' ) );
		$e = $this->failure( fn() => $this->client()->check_connection() );
		$this->assertSame( ApiException::KIND_AUTH, $e->get_kind() );
		$this->assertSame( 403, $e->get_http_status() );
	}

	public function test_an_error_body_echoing_the_api_key_does_not_leak_it_into_the_exception_or_log(): void {
		$this->answer( 401, array( 'code' => 1001, 'message' => 'Unknown api key ' . self::KEY ) );
		$e = $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) );
		$this->assertSame( 'Unknown api key [redacted]', $e->get_ecster_message() );
		foreach ( ecster_om_fake_wc_log() as $line ) {
			$this->assertStringNotContainsString( self::KEY, $line['message'] );
		}
	}

	public function test_curl_timeout_text_from_real_wordpress_becomes_a_timeout_with_unknown_outcome(): void {
		$this->transport_error( 'cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received' );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100 ) ) );
		$this->assertSame( ApiException::KIND_TIMEOUT, $e->get_kind() );
		$this->assertTrue( $e->is_outcome_unknown() );
		$this->assertStringContainsString( 'did not answer within 10 seconds', $e->getMessage() );
		$this->assertSame( 0, $e->get_http_status() );
	}

	public function test_a_refused_connection_is_a_network_error(): void {
		$this->transport_error( 'cURL error 7: Failed to connect to labs.ecster.se port 443 after 2 ms: Connection refused' );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100 ) ) );
		$this->assertSame( ApiException::KIND_NETWORK, $e->get_kind() );
		$this->assertStringContainsString( 'Connection refused', $e->getMessage() );
	}

	public function test_a_get_is_tried_once_more_after_a_network_error(): void {
		$this->transport_error( 'cURL error 56: Recv failure: Connection reset by peer' );
		$this->answer( 200, self::order() );
		$this->assertSame( 'ORDER1', $this->client()->get_order( 'ORDER1' )->id );
		$this->assertCount( 2, ecster_om_fake_http_calls() );
	}

	public function test_a_get_is_not_tried_a_third_time(): void {
		$this->transport_error( 'cURL error 52: Empty reply from server' );
		$this->transport_error( 'cURL error 52: Empty reply from server' );
		$this->assertSame( ApiException::KIND_NETWORK, $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) )->get_kind() );
		$this->assertCount( 2, ecster_om_fake_http_calls() );
	}

	public function test_a_get_that_timed_out_is_not_repeated(): void {
		$this->transport_error( 'cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received' );
		$this->assertSame( ApiException::KIND_TIMEOUT, $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) )->get_kind() );
		$this->assertCount( 1, ecster_om_fake_http_calls() );
	}

	public function test_posts_and_puts_are_never_repeated_after_a_network_error(): void {
		$this->transport_error( 'cURL error 52: Empty reply from server' );
		$this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100 ) ) );
		$this->transport_error( 'cURL error 52: Empty reply from server' );
		$this->failure( fn() => $this->client()->create_swish_refund( 'ORDER1', 100, 'DEB1', 'reason' ) );
		$this->transport_error( 'cURL error 52: Empty reply from server' );
		$this->failure( fn() => $this->client()->update_order_reference( 'ORDER1', '10042' ) );
		$this->assertSame( array( 'POST', 'POST', 'PUT' ), array_map( static fn( array $c ) => $c['args']['method'], ecster_om_fake_http_calls() ) );
	}

	public function test_a_2xx_without_json_is_malformed_and_its_outcome_unknown(): void {
		$this->answer( 201, 'OK' );
		$e = $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100 ) ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $e->get_kind() );
		$this->assertSame( 201, $e->get_http_status() );
		$this->assertTrue( $e->is_outcome_unknown() );
	}

	public function test_a_2xx_with_json_missing_required_fields_is_malformed(): void {
		$this->answer( 201, array( 'orderStatus' => 'FULLY_DELIVERED' ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 1 ) ) )->get_kind() );
		$this->answer( 200, array( 'status' => 'READY' ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) )->get_kind() );
		$this->answer( 200, array( self::order() ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->get_order( 'ORDER1' ) )->get_kind(), 'A list is not an order.' );
		$this->answer( 200, '' );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->get_latest_swish_refund( 'ORDER1' ) )->get_kind() );
		$this->answer( 200, array( 'id' => 'x' ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->check_connection() )->get_kind(), 'A search answers with a list.' );
	}

	public function test_a_swish_refund_answer_is_read_as_a_typed_refund_with_id_and_amount_when_ecster_sends_them(): void {
		$this->answer( 201, array( 'id' => 'R-77', 'status' => 'ONGOING', 'amount' => 5000, 'created' => '2026-12-01T08:00:00.000+01:00' ) );
		$refund = $this->client()->create_swish_refund( 'ORDER1', 5000, 'DEB1', 'Broken mug' );
		$this->assertInstanceOf( SwishRefund::class, $refund );
		$this->assertSame( array( 'ONGOING', 'R-77', 5000, '2026-12-01T08:00:00.000+01:00' ), array( $refund->status, $refund->id, $refund->amount, $refund->created ) );
		$this->assertTrue( $refund->is_running() );
		$this->assertFalse( $refund->is_success() );
		$call = ecster_om_fake_http_calls()[0];
		$this->assertSame( 'https://labs.ecster.se/rest/public/v1/orders/ORDER1/refunds', $call['url'] );
		$this->assertSame( 'POST', $call['args']['method'] );
		$this->assertSame( array( 'amount' => 5000, 'debitTransaction' => 'DEB1', 'message' => 'Broken mug' ), json_decode( $call['args']['body'], true ) );
	}

	public function test_a_swish_refund_answer_with_only_the_documented_status_has_no_id_or_amount(): void {
		$this->answer( 200, array( 'status' => 'success' ) );
		$latest = $this->client()->get_latest_swish_refund( 'ORDER1' );
		$this->assertNotNull( $latest );
		$this->assertSame( array( 'SUCCESS', '', null ), array( $latest->status, $latest->id, $latest->amount ), 'Status upper-cased; nothing to tie it to a particular refund.' );
		$this->assertTrue( $latest->is_success() );
		$this->assertSame( 'https://labs.ecster.se/rest/public/v1/orders/ORDER1/refunds/latest/status', ecster_om_fake_http_calls()[0]['url'] );
		$this->assertSame( 'GET', ecster_om_fake_http_calls()[0]['args']['method'] );

		$this->answer( 201, array( 'status' => 'DECLINED', 'id' => 9, 'amount' => '1250.0' ) );
		$refused = $this->client()->create_swish_refund( 'ORDER1', 1250, 'DEB1', '' );
		$this->assertSame( array( 'DECLINED', '9', 1250 ), array( $refused->status, $refused->id, $refused->amount ) );
		$this->assertFalse( $refused->is_running() );
		$this->assertFalse( $refused->is_success() );
	}

	public function test_no_swish_refund_yet_is_null_and_other_failures_of_the_latest_refund_still_throw(): void {
		$this->answer( 404, array( 'code' => 9014, 'message' => 'Order ORDER1 has no refund.' ) );
		$this->assertNull( $this->client()->get_latest_swish_refund( 'ORDER1' ) );

		$this->answer( 500, array( 'code' => 5000, 'message' => 'Internal error' ) );
		$e = $this->failure( fn() => $this->client()->get_latest_swish_refund( 'ORDER1' ) );
		$this->assertSame( array( ApiException::KIND_HTTP, 500 ), array( $e->get_kind(), $e->get_http_status() ) );

		$this->answer( 401, array( 'code' => 4010, 'message' => 'Unauthorized' ) );
		$this->assertSame( ApiException::KIND_AUTH, $this->failure( fn() => $this->client()->get_latest_swish_refund( 'ORDER1' ) )->get_kind() );

		$this->answer( 200, array( 'status' => '' ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->get_latest_swish_refund( 'ORDER1' ) )->get_kind() );
	}

	public function test_a_404_on_a_swish_refund_request_is_an_error_not_a_missing_refund(): void {
		$this->answer( 404, array( 'code' => 9002, 'message' => 'Order not found' ) );
		$e = $this->failure( fn() => $this->client()->create_swish_refund( 'ORDER1', 100, 'DEB1', '' ) );
		$this->assertSame( array( ApiException::KIND_HTTP, 404 ), array( $e->get_kind(), $e->get_http_status() ) );
	}

	public function test_a_swish_refund_answer_without_status_is_malformed_and_its_outcome_unknown(): void {
		$this->answer( 201, array( 'id' => 'R-1', 'amount' => 100 ) );
		$e = $this->failure( fn() => $this->client()->create_swish_refund( 'ORDER1', 100, 'DEB1', '' ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $e->get_kind() );
		$this->assertTrue( $e->is_outcome_unknown() );
	}

	public function test_updating_the_order_reference_accepts_any_2xx_because_ecster_documents_no_body(): void {
		$this->answer( 204, '' );
		$this->answer( 200, 'updated' );
		$this->client()->update_order_reference( 'ORDER1', '10042' );
		$this->client()->update_order_reference( 'ORDER1', '10043' );
		$calls = ecster_om_fake_http_calls();
		$this->assertSame( 'https://labs.ecster.se/rest/public/v1/orders/ORDER1/orderReference', $calls[0]['url'] );
		$this->assertSame( 'PUT', $calls[0]['args']['method'] );
		$this->assertSame( '{"orderReference":"10042"}', $calls[0]['args']['body'] );
	}

	public function test_check_connection_searches_for_a_reference_no_order_has(): void {
		$this->answer( 200, array() );
		$this->client()->check_connection();
		$url = ecster_om_fake_http_calls()[0]['url'];
		$this->assertMatchesRegularExpression( '#^https://labs\.ecster\.se/rest/public/v1/orders/\?orderReference=ecster-om-connection-check-[0-9a-f]{8}$#', $url );
	}

	public function test_search_returns_typed_order_summaries(): void {
		$summary = self::order( 'S1' );
		unset( $summary['transactions'] );
		$this->answer( 200, array( $summary ) );
		$orders = $this->client()->search_orders( array( 'orderReference' => '10042', 'status' => 'READY' ) );
		$this->assertCount( 1, $orders );
		$this->assertSame( 'S1', $orders[0]->id );
		$this->assertSame( 'INVOICE', $orders[0]->method );
		$this->assertSame( 'https://labs.ecster.se/rest/public/v1/orders/?orderReference=10042&status=READY', ecster_om_fake_http_calls()[0]['url'] );
	}

	public function test_each_call_is_logged_with_method_path_status_duration_and_bodies_when_logging_is_on(): void {
		$this->answer( 201, array( 'orderStatus' => 'FULLY_DELIVERED', 'transaction' => array( 'id' => 'DEB1', 'type' => 'DEBIT', 'amount' => 100 ) ) );
		$this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100 ) );
		$lines = ecster_om_fake_wc_log();
		$this->assertCount( 1, $lines );
		$this->assertSame( 'info', $lines[0]['level'] );
		$this->assertMatchesRegularExpression( '#^Ecster POST v1/orders/ORDER1/transactions → HTTP 201 in \d+ ms \{#', $lines[0]['message'] );
		$context = json_decode( (string) strstr( $lines[0]['message'], '{' ), true );
		$this->assertSame( 'POST', $context['method'] );
		$this->assertSame( 201, $context['status'] );
		$this->assertIsInt( $context['duration_ms'] );
		$this->assertSame( array( 'type' => 'DEBIT', 'amount' => 100 ), $context['request_body'] );
		$this->assertSame( 'DEB1', $context['response_body']['transaction']['id'] );
	}

	public function test_with_logging_off_successes_are_silent_and_failures_are_logged_without_bodies(): void {
		FakeState::settings( array( 'api_key' => self::KEY, 'merchant_key' => 'merchant-7', 'logging' => 'no' ) );
		$this->answer( 200, self::order() );
		$this->answer( 400, array( 'code' => 4424, 'message' => 'order is not in a valid state' ) );
		$this->client()->get_order( 'ORDER1' );
		$this->failure( fn() => $this->client()->create_transaction( 'ORDER1', array( 'type' => 'DEBIT', 'amount' => 100, 'rows' => array( array( 'name' => 'Mug' ) ) ) ) );
		$lines = ecster_om_fake_wc_log();
		$this->assertCount( 1, $lines );
		$this->assertSame( 'error', $lines[0]['level'] );
		$this->assertStringContainsString( 'Ecster POST v1/orders/ORDER1/transactions → HTTP 400', $lines[0]['message'] );
		$this->assertStringContainsString( '"ecster_code":4424', $lines[0]['message'] );
		$this->assertStringNotContainsString( 'request_body', $lines[0]['message'] );
		$this->assertStringNotContainsString( 'response_body', $lines[0]['message'] );
		$this->assertStringNotContainsString( 'Mug', $lines[0]['message'] );
	}

	public function test_personal_data_in_a_logged_answer_is_redacted(): void {
		$order             = self::order();
		$order['consumer'] = array( 'nationalId' => 'SE480502-4876', 'name' => array( 'firstName' => 'Eva', 'lastName' => 'Svensson' ), 'contactInfo' => array( 'email' => 'eva@example.se' ) );
		$this->answer( 200, $order );
		$this->client()->get_order( 'ORDER1' );
		$line = ecster_om_fake_wc_log()[0]['message'];
		$this->assertStringContainsString( '"consumer":"[redacted]"', $line );
		foreach ( array( '480502', 'Eva', 'Svensson', 'eva@example.se', self::KEY ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $line );
		}
	}

	public function test_a_client_without_logger_works(): void {
		$this->answer( 200, self::order() );
		$this->assertSame( 'ORDER1', ( new Client( new Settings() ) )->get_order( 'ORDER1' )->id );
	}
}
