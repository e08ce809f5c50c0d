<?php
/**
 * The plugin's log, written through WooCommerce's logger.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM;

use EcsterOM\Api\Redactor;

/**
 * Writes to WooCommerce → Status → Logs, source `ecster-order-management`.
 *
 * When is something written?
 * - With the setting "Logging" on: every level (debug, info, warning, error).
 * - With it off: only `error`. A failed debit, annul or credit must leave a trace even in a shop
 *   that never turned logging on, or nobody can find out afterwards what happened to the money.
 *   Callers keep error lines short when logging is off (the API client leaves out the request and
 *   response bodies, see is_enabled()).
 *
 * Everything written is redacted first: the API key (read from the settings at the time of
 * writing, so a key saved a moment ago is covered) and personal data, see Api\Redactor. The
 * context is appended to the message as JSON, so it shows up in every WooCommerce log handler
 * (the file handler of older WooCommerce versions ignores the context array).
 */
class Logger {

	public const DEBUG   = 'debug';
	public const INFO    = 'info';
	public const WARNING = 'warning';
	public const ERROR   = 'error';

	/** Longest context JSON written per line (bytes); longer ones are cut. */
	public const MAX_CONTEXT_LENGTH = 8000;

	public function __construct( private Settings $settings ) {}

	/**
	 * True when the merchant turned logging on: every level is written and callers may add
	 * request/response bodies to the context.
	 */
	public function is_enabled(): bool {
		return $this->settings->logging_enabled();
	}

	/**
	 * @param array<string, mixed> $context Extra data (redacted before writing).
	 */
	public function debug( string $message, array $context = array() ): void {
		$this->log( self::DEBUG, $message, $context );
	}

	/**
	 * @param array<string, mixed> $context Extra data (redacted before writing).
	 */
	public function info( string $message, array $context = array() ): void {
		$this->log( self::INFO, $message, $context );
	}

	/**
	 * @param array<string, mixed> $context Extra data (redacted before writing).
	 */
	public function warning( string $message, array $context = array() ): void {
		$this->log( self::WARNING, $message, $context );
	}

	/**
	 * Written even when logging is off.
	 *
	 * @param array<string, mixed> $context Extra data (redacted before writing).
	 */
	public function error( string $message, array $context = array() ): void {
		$this->log( self::ERROR, $message, $context );
	}

	/**
	 * The redactor for the current settings (the API key as secret).
	 */
	public function redactor(): Redactor {
		return new Redactor( array( $this->settings->get( 'api_key' ) ) );
	}

	/**
	 * @param string               $level   One of the level constants.
	 * @param string               $message Message.
	 * @param array<string, mixed> $context Extra data.
	 */
	public function log( string $level, string $message, array $context = array() ): void {
		if ( ! in_array( $level, array( self::DEBUG, self::INFO, self::WARNING, self::ERROR ), true ) ) {
			$level = self::INFO;
		}
		if ( self::ERROR !== $level && ! $this->is_enabled() ) {
			return;
		}
		if ( ! function_exists( 'wc_get_logger' ) ) {
			return;
		}
		/**
		 * Another plugin may replace the logger class (filter woocommerce_logging_class).
		 *
		 * @var mixed $logger
		 */
		$logger = wc_get_logger();
		if ( ! is_object( $logger ) || ! method_exists( $logger, 'log' ) ) {
			return;
		}
		$logger->log( $level, $this->format( $message, $context ), array( 'source' => Plugin::LOG_SOURCE ) );
	}

	/**
	 * The line as written: redacted message, then the redacted context as JSON.
	 *
	 * @param array<string, mixed> $context Extra data.
	 */
	public function format( string $message, array $context = array() ): string {
		$redactor = $this->redactor();
		$line     = $redactor->redact_string( $message );
		if ( array() === $context ) {
			return $line;
		}
		$json = wp_json_encode( $redactor->redact_array( $context ), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR );
		if ( ! is_string( $json ) ) {
			return $line;
		}
		if ( strlen( $json ) > self::MAX_CONTEXT_LENGTH ) {
			$json = ( function_exists( 'mb_strcut' ) ? mb_strcut( $json, 0, self::MAX_CONTEXT_LENGTH, 'UTF-8' ) : substr( $json, 0, self::MAX_CONTEXT_LENGTH ) ) . '…(cut)';
		}
		return $line . ' ' . $json;
	}
}
