<?php
/**
 * Loaded by bin/wp (WP-CLI's --require) before WordPress: what the WP-CLI framework alone
 * (tools/php: wp-cli/wp-cli without its bundled commands) lacks for this store.
 * Development tool, never shipped.
 *
 * @package EcsterOM\Tools
 */

declare(strict_types=1);

/*
 * WooCommerce's CLI (includes/cli/class-wc-cli-com-extension-command.php) ends the whole process,
 * silently and with exit code 0, when WP-CLI's extension-command (class Plugin_Command) is missing,
 * so no command would ever run. An empty stand-in lets WooCommerce load; `wp wc com extension`
 * is then the one command that does not work.
 */
if ( ! class_exists( 'Plugin_Command' ) ) {
	class Plugin_Command extends WP_CLI_Command {} // phpcs:ignore Generic.Files.OneObjectStructurePerFile, Generic.Classes.OpeningBraceSameLine
}

/*
 * The Composer mirror has mustache/mustache 2.13 (WP-CLI 2.11 asks for 2.14.1, whose only change
 * is PHP 8.1 compatibility); its deprecation notices in `wp help` are not ours to show.
 */
set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler
	static function ( int $errno, string $errstr, string $errfile ): bool {
		return E_DEPRECATED === $errno && false !== strpos( $errfile, '/mustache/mustache/' );
	}
);
