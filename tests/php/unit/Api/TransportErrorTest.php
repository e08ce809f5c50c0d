<?php
/**
 * TransportError: WordPress's transport messages (cURL and fsockopen) are classified as timeout
 * or network error, so the merchant gets the right explanation in real WordPress.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Api;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\TransportError;
use PHPUnit\Framework\TestCase;

final class TransportErrorTest extends TestCase {

	/**
	 * @return array<string, array{string}>
	 */
	public function timeout_messages(): array {
		return array(
			'curl 28 operation'      => array( 'cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received' ),
			'curl 28 partial body'   => array( 'cURL error 28: Operation timed out after 10000 milliseconds with 512 out of 2048 bytes received' ),
			'curl 28 connect'        => array( 'cURL error 28: Connection timed out after 10002 milliseconds' ),
			'curl 28 resolve'        => array( 'cURL error 28: Resolving timed out after 5000 milliseconds' ),
			'curl 28 ssl handshake'  => array( 'cURL error 28: SSL connection timeout' ),
			'curl 28 bare'           => array( 'cURL error 28: ' ),
			'fsockopen read timeout' => array( 'fsocket timed out' ),
			'fsockopen connect'      => array( 'Connection timed out' ),
			'php stream warning'     => array( 'stream_socket_client(): unable to connect to tcp://secure.ecster.se:443 (Connection timed out)' ),
		);
	}

	/**
	 * @return array<string, array{string}>
	 */
	public function network_messages(): array {
		return array(
			'curl 7 refused'          => array( 'cURL error 7: Failed to connect to secure.ecster.se port 443 after 3 ms: Connection refused' ),
			'curl 7 old wording'      => array( 'cURL error 7: Failed to connect to 127.0.0.1 port 8790: Connection refused' ),
			'curl 6 dns'              => array( 'cURL error 6: Could not resolve host: secure.ecster.se' ),
			'curl 52 empty reply'     => array( 'cURL error 52: Empty reply from server' ),
			'curl 56 reset'           => array( 'cURL error 56: Recv failure: Connection reset by peer' ),
			'curl 35 ssl'             => array( 'cURL error 35: OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to secure.ecster.se:443' ),
			'curl 60 certificate'     => array( 'cURL error 60: SSL certificate problem: unable to get local issuer certificate' ),
			'curl 18 partial'         => array( 'cURL error 18: transfer closed with 120 bytes remaining to read' ),
			'fsockopen refused'       => array( 'Connection refused' ),
			'fsockopen warning'       => array( 'stream_socket_client(): Unable to connect to 127.0.0.1:8790 (Connection refused)' ),
			'fsockopen no answer'     => array( 'Missing header/body separator' ),
			'fsockopen unparsable'    => array( 'Response could not be parsed' ),
			'blocked by wp-config'    => array( 'User has blocked requests through HTTP.' ),
			'invalid url'             => array( 'A valid URL was not provided.' ),
		);
	}

	/**
	 * @dataProvider timeout_messages
	 */
	public function test_timeout_messages_of_curl_and_fsockopen_are_classified_as_timeout( string $message ): void {
		$this->assertSame( ApiException::KIND_TIMEOUT, TransportError::classify( $message ) );
	}

	/**
	 * @dataProvider network_messages
	 */
	public function test_refused_reset_dns_and_tls_failures_are_classified_as_network_errors( string $message ): void {
		$this->assertSame( ApiException::KIND_NETWORK, TransportError::classify( $message ) );
	}

	public function test_a_wp_error_is_classified_by_its_message_because_wordpress_uses_one_code_for_all_failures(): void {
		$this->assertSame( ApiException::KIND_TIMEOUT, TransportError::classify_error( new \WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out after 1000 milliseconds with 0 bytes received' ) ) );
		$this->assertSame( ApiException::KIND_NETWORK, TransportError::classify_error( new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' ) ) );
	}

	public function test_something_that_is_neither_a_response_nor_a_wp_error_counts_as_network_error(): void {
		$this->assertSame( ApiException::KIND_NETWORK, TransportError::classify_error( null ) );
		$this->assertSame( 'unexpected answer of type null', TransportError::message( null ) );
	}

	public function test_the_message_of_a_wp_error_is_flattened_to_one_line(): void {
		$this->assertSame( 'a b', TransportError::message( new \WP_Error( 'http_request_failed', "a\n  b\n" ) ) );
		$this->assertSame( 'unknown transport error', TransportError::message( new \WP_Error( 'http_request_failed', '' ) ) );
	}
}
