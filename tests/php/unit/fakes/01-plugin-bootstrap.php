<?php
/**
 * Fakes for the plugin bootstrap: text domain loading and plugin paths.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

// phpcs:disable

if ( ! function_exists( 'load_plugin_textdomain' ) ) {
	function load_plugin_textdomain( $domain, $deprecated = false, $path = false ): bool {
		$GLOBALS['ecster_om_fake']['textdomains'][] = $domain;
		return true;
	}
}
if ( ! function_exists( 'plugin_basename' ) ) {
	function plugin_basename( $file ): string {
		return basename( dirname( (string) $file ) ) . '/' . basename( (string) $file );
	}
}
