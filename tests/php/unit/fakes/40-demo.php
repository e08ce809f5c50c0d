<?php
/**
 * Fakes for the demo-order (QA kit) unit tests.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

if ( ! function_exists( 'wp_get_environment_type' ) ) {
	/**
	 * WordPress's environment type; tests set $GLOBALS['ecster_om_test_environment_type'].
	 */
	function wp_get_environment_type(): string {
		return (string) ( $GLOBALS['ecster_om_test_environment_type'] ?? 'production' );
	}
}
