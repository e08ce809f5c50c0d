<?php
/**
 * Wires the order-management area: the journal's table, status guard, refund tracking, REST routes, WP-CLI.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Cli\OrdersCommand;
use EcsterOM\Plugin;
use EcsterOM\Rest\OrdersController;

/**
 * Called from Plugin::register_components() whenever WooCommerce loads (front end, wp-admin,
 * REST, WP-CLI, cron). Only hooks are added here; the service is created on first use.
 */
final class Components {

	/**
	 * Plugin activation: the journal's table and the background sweep of open questions.
	 */
	public static function activate(): void {
		Journal\Schema::install();
		delete_transient( 'ecster_om_sweep_checked' );
		Reconciler::ensure_sweep();
	}

	public static function register( Plugin $plugin ): void {
		Journal\Schema::maybe_install();
		( new StatusGuard( static fn(): OrderManager => $plugin->order_manager() ) )->register();
		$plugin->refund_tracker()->register();
		( new OrdersController( static fn(): OrderManager => $plugin->order_manager() ) )->register();
		OrdersCommand::register();
	}
}
