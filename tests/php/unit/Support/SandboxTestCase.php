<?php
/**
 * Base of the tests that talk to the Ecster sandbox over real HTTP.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Support;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\Client;
use EcsterOM\Logger;
use EcsterOM\Settings;
use PHPUnit\Framework\TestCase;

/**
 * Each test starts with an empty sandbox (no orders, faults or logged requests), settings with
 * the sandbox's keys and logging on, the client pointed at the sandbox through the
 * `ecster_om_api_base_url` filter, and empty HTTP and log records.
 *
 * When the sandbox cannot be started the test FAILS (it is not skipped) with the reason.
 */
abstract class SandboxTestCase extends TestCase {

	protected Sandbox $sandbox;

	protected function setUp(): void {
		FakeState::reset();
		ecster_om_fake_http_reset();
		ecster_om_fake_wc_log_reset();
		try {
			$this->sandbox = Sandbox::shared();
			$this->sandbox->reset();
		} catch ( \RuntimeException $e ) {
			$this->fail( 'This test needs the Ecster sandbox (ecster-sandbox/, started with node_modules/.bin/tsx): ' . $e->getMessage() );
		}
		$this->use_keys( Sandbox::API_KEY, Sandbox::MERCHANT_KEY );
		$base = $this->sandbox->api_base_url();
		add_filter( 'ecster_om_api_base_url', static fn(): string => $base );
	}

	/**
	 * Stores the Ecster settings (logging on unless told otherwise).
	 */
	protected function use_keys( string $api_key, string $merchant_key, bool $logging = true ): void {
		FakeState::settings(
			array(
				'manage_ecster_orders' => 'yes',
				'api_key'              => $api_key,
				'merchant_key'         => $merchant_key,
				'testmode'             => 'yes',
				'logging'              => $logging ? 'yes' : 'no',
			)
		);
	}

	protected function client(): Client {
		$settings = new Settings();
		return new Client( $settings, new Logger( $settings ) );
	}

	/**
	 * Runs a call that must fail and returns its exception. Checks on the way that the API key
	 * is not in the exception's texts.
	 *
	 * @param callable(): mixed $call Call.
	 */
	protected function failure( callable $call ): ApiException {
		try {
			$call();
		} catch ( ApiException $e ) {
			$this->assert_no_secret( $e->getMessage() . ' ' . $e->get_ecster_message() . ' ' . $e->get_ecster_type() );
			return $e;
		}
		$this->fail( 'The call was expected to fail with an ApiException.' );
	}

	/**
	 * The sandbox key must never appear, neither as is nor URL-encoded.
	 */
	protected function assert_no_secret( string $text ): void {
		$this->assertStringNotContainsString( Sandbox::API_KEY, $text );
		$this->assertStringNotContainsString( rawurlencode( Sandbox::API_KEY ), $text );
	}

	/**
	 * Every log line so far is free of the API key.
	 */
	protected function assert_log_has_no_secret(): void {
		foreach ( ecster_om_fake_wc_log() as $line ) {
			$this->assert_no_secret( $line['message'] );
			$this->assert_no_secret( (string) json_encode( $line['context'] ) );
		}
	}

	/**
	 * Requests the sandbox's Ecster API received, as "METHOD path".
	 *
	 * @return string[]
	 */
	protected function received(): array {
		return array_map( static fn( array $r ): string => $r['method'] . ' ' . $r['path'], $this->sandbox->requests() );
	}
}
