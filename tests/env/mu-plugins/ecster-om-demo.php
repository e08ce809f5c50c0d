<?php
/**
 * Plugin Name: Ecster OM demo orders (QA kit)
 * Description: Development/test environment only, never shipped: demo Ecster orders made on demand
 *              (REST ecster-om/v1/demo/orders, WP-CLI `wp ecster-om demo`, the orders-list notice).
 *              Mounted as a mu-plugin by bin/env.mjs and the integration test runner; registers only
 *              once Ecster Order Management for WooCommerce runs (action ecster_om_loaded).
 *
 * @package EcsterOM\Demo
 */

declare(strict_types=1);

defined( 'ABSPATH' ) || exit;

require_once __DIR__ . '/ecster-om-demo/autoload.php';

add_action(
	'ecster_om_loaded',
	static function (): void {
		\EcsterOM\Demo\Components::register();
	}
);
