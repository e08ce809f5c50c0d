<?php
/**
 * Logger: writes to WooCommerce's log under the plugin's source, honours the logging setting,
 * and never writes the API key or personal data.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Api;

use EcsterOM\Logger;
use EcsterOM\Plugin;
use EcsterOM\Settings;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class LoggerTest extends TestCase {

	private const KEY = 'live-api-key-0123456789';

	protected function setUp(): void {
		FakeState::reset();
		ecster_om_fake_wc_log_reset();
	}

	private function logger( bool $logging ): Logger {
		FakeState::settings(
			array(
				'api_key'      => self::KEY,
				'merchant_key' => 'merchant-1',
				'logging'      => $logging ? 'yes' : 'no',
			)
		);
		return new Logger( new Settings() );
	}

	public function test_with_logging_on_every_level_is_written_under_the_plugins_source(): void {
		$logger = $this->logger( true );
		$logger->debug( 'd' );
		$logger->info( 'i' );
		$logger->warning( 'w' );
		$logger->error( 'e' );
		$lines = ecster_om_fake_wc_log();
		$this->assertSame( array( 'debug', 'info', 'warning', 'error' ), array_column( $lines, 'level' ) );
		$this->assertSame( array( 'd', 'i', 'w', 'e' ), array_column( $lines, 'message' ) );
		foreach ( $lines as $line ) {
			$this->assertSame( Plugin::LOG_SOURCE, $line['context']['source'] );
			$this->assertSame( 'ecster-order-management', $line['context']['source'] );
		}
	}

	public function test_with_logging_off_only_errors_are_written(): void {
		$logger = $this->logger( false );
		$this->assertFalse( $logger->is_enabled() );
		$logger->debug( 'd' );
		$logger->info( 'i' );
		$logger->warning( 'w' );
		$logger->error( 'debit failed' );
		$this->assertSame( array( array( 'level' => 'error', 'message' => 'debit failed', 'context' => array( 'source' => Plugin::LOG_SOURCE ) ) ), ecster_om_fake_wc_log() );
	}

	public function test_the_setting_is_read_at_the_time_of_writing(): void {
		$logger = $this->logger( false );
		$logger->info( 'before' );
		FakeState::settings( array( 'api_key' => self::KEY, 'logging' => 'yes' ) );
		$logger->info( 'after' );
		$this->assertSame( array( 'after' ), array_column( ecster_om_fake_wc_log(), 'message' ) );
	}

	public function test_context_is_appended_as_json_with_the_api_key_and_personal_data_redacted(): void {
		$logger = $this->logger( true );
		$logger->info(
			'Calling Ecster with ' . self::KEY,
			array(
				'headers'  => array( 'x-api-key' => self::KEY, 'x-merchant-key' => 'merchant-1' ),
				'consumer' => array( 'nationalId' => 'SE480502-4876', 'name' => array( 'firstName' => 'Eva' ) ),
				'note'     => 'key ' . self::KEY . ' mail eva@example.se',
				'amount'   => 32900,
			)
		);
		$line = ecster_om_fake_wc_log()[0]['message'];
		$this->assertStringNotContainsString( self::KEY, $line );
		$this->assertStringNotContainsString( '480502', $line );
		$this->assertStringNotContainsString( 'Eva', $line );
		$this->assertStringNotContainsString( 'eva@example.se', $line );
		$this->assertStringStartsWith( 'Calling Ecster with [redacted] {', $line );
		$context = json_decode( substr( $line, strlen( 'Calling Ecster with [redacted] ' ) ), true );
		$this->assertSame(
			array(
				'headers'  => array( 'x-api-key' => '[redacted]', 'x-merchant-key' => 'merchant-1' ),
				'consumer' => '[redacted]',
				'note'     => 'key [redacted] mail [redacted]',
				'amount'   => 32900,
			),
			$context
		);
	}

	public function test_a_key_saved_after_the_logger_was_created_is_redacted_too(): void {
		$logger = $this->logger( true );
		FakeState::settings( array( 'api_key' => 'brand-new-key-42', 'logging' => 'yes' ) );
		$logger->error( 'rejected brand-new-key-42' );
		$this->assertSame( 'rejected [redacted]', ecster_om_fake_wc_log()[0]['message'] );
	}

	public function test_a_huge_context_is_cut_so_one_call_cannot_flood_the_log(): void {
		$logger = $this->logger( true );
		$logger->info( 'big', array( 'body' => str_repeat( 'x', Logger::MAX_CONTEXT_LENGTH * 2 ) ) );
		$line = ecster_om_fake_wc_log()[0]['message'];
		$this->assertLessThan( Logger::MAX_CONTEXT_LENGTH + 100, strlen( $line ) );
		$this->assertStringEndsWith( '…(cut)', $line );
	}

	public function test_an_unknown_level_is_written_as_info_instead_of_breaking_woocommerces_logger(): void {
		$logger = $this->logger( true );
		$logger->log( 'verbose', 'x' );
		$this->assertSame( 'info', ecster_om_fake_wc_log()[0]['level'] );
	}
}
