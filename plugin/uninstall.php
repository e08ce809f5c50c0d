<?php
/**
 * Runs when the merchant deletes the plugin (Plugins → Delete). See EcsterOM\Lifecycle for exactly
 * what goes and what stays:
 *
 * - removed: this plugin's own options (`ecster_om_*`: per-order lock rows, the journal's schema
 *   version, transients) and its pending Action Scheduler jobs;
 * - with `define( 'WC_REMOVE_ALL_DATA', true );` also: the table `{prefix}ecster_om_journal` and our
 *   own keys `failed_debit_status` and `bulk_concurrency` inside `woocommerce_ecster_settings`;
 * - kept: the Ecster Pay settings shared with the Ecster Pay checkout plugin (keys, Manage orders,
 *   environment, logging) and every order's Ecster meta (the merchant's record).
 *
 * @package EcsterOM
 */

declare(strict_types=1);

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/src/autoload.php';

\EcsterOM\Lifecycle::uninstall();
