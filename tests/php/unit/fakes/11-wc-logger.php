<?php
/**
 * A WooCommerce logger fake for unit tests: wc_get_logger() returns one recorder that keeps
 * every line written (level, message, context) in $GLOBALS['ecster_om_fake_wc_log'].
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

// phpcs:disable

$GLOBALS['ecster_om_fake_wc_log'] = array();

if ( ! class_exists( 'EcsterOM_Fake_WC_Logger' ) ) {
	/**
	 * Records lines like WC_Logger::log() would write them.
	 */
	class EcsterOM_Fake_WC_Logger {
		private const LEVELS = array( 'emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug' );

		/**
		 * @param string               $level   Level.
		 * @param string               $message Message.
		 * @param array<string, mixed> $context Context (source, …).
		 */
		public function log( $level, $message, $context = array() ): void {
			if ( ! in_array( $level, self::LEVELS, true ) ) {
				throw new InvalidArgumentException( 'WC_Logger::log() called with an invalid level: ' . (string) $level );
			}
			$GLOBALS['ecster_om_fake_wc_log'][] = array(
				'level'   => (string) $level,
				'message' => (string) $message,
				'context' => (array) $context,
			);
			// tests/php/unit/fakes/20-woocommerce.php (loaded after this file) records log lines in
			// $GLOBALS['ecster_om_wc_fake']['logs']; its wc_get_logger() is not defined because this
			// one exists, so the lines are mirrored there for its tests.
			if ( isset( $GLOBALS['ecster_om_wc_fake'] ) && is_array( $GLOBALS['ecster_om_wc_fake'] ) ) {
				$GLOBALS['ecster_om_wc_fake']['logs'][] = array(
					'level'   => (string) $level,
					'message' => (string) $message,
				);
			}
		}

		public function emergency( $message, $context = array() ): void { $this->log( 'emergency', $message, $context ); }
		public function alert( $message, $context = array() ): void { $this->log( 'alert', $message, $context ); }
		public function critical( $message, $context = array() ): void { $this->log( 'critical', $message, $context ); }
		public function error( $message, $context = array() ): void { $this->log( 'error', $message, $context ); }
		public function warning( $message, $context = array() ): void { $this->log( 'warning', $message, $context ); }
		public function notice( $message, $context = array() ): void { $this->log( 'notice', $message, $context ); }
		public function info( $message, $context = array() ): void { $this->log( 'info', $message, $context ); }
		public function debug( $message, $context = array() ): void { $this->log( 'debug', $message, $context ); }
	}
}

if ( ! function_exists( 'wc_get_logger' ) ) {
	function wc_get_logger() {
		static $logger = null;
		if ( null === $logger ) {
			$logger = new EcsterOM_Fake_WC_Logger();
		}
		return $logger;
	}
}

if ( ! function_exists( 'ecster_om_fake_wc_log' ) ) {
	/**
	 * Lines written so far.
	 *
	 * @return array<int, array{level: string, message: string, context: array<string, mixed>}>
	 */
	function ecster_om_fake_wc_log(): array {
		return $GLOBALS['ecster_om_fake_wc_log'];
	}
}

if ( ! function_exists( 'ecster_om_fake_wc_log_reset' ) ) {
	function ecster_om_fake_wc_log_reset(): void {
		$GLOBALS['ecster_om_fake_wc_log'] = array();
	}
}
