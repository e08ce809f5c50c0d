<?php
/**
 * Resets the state of the WordPress fakes between tests.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Support;

final class FakeState {
	public static function reset(): void {
		$GLOBALS['ecster_om_fake']['options']   = array();
		$GLOBALS['ecster_om_fake']['filters']   = array();
		$GLOBALS['ecster_om_fake']['actions']   = array();
		$GLOBALS['ecster_om_fake']['did']       = array();
		$GLOBALS['ecster_om_fake']['user_can']  = array();
		$GLOBALS['ecster_om_fake']['logged_in'] = false;
	}

	/**
	 * @param array<string, mixed> $settings Ecster settings (option woocommerce_ecster_settings).
	 */
	public static function settings( array $settings ): void {
		$GLOBALS['ecster_om_fake']['options']['woocommerce_ecster_settings'] = $settings;
	}
}
