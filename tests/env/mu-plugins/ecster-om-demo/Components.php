<?php
/**
 * Wires the QA kit: demo orders (WP-CLI, REST, orders-list action).
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

/**
 * Called by the mu-plugin tests/env/mu-plugins/ecster-om-demo.php on `ecster_om_loaded` (the plugin
 * runs and has registered its own hooks). The REST route and the orders-list action exist only
 * on local and development sites (WP_ENVIRONMENT_TYPE); the WP-CLI command is registered under
 * WP-CLI and refuses other sites itself.
 */
final class Components {

	public static function register(): void {
		DemoCommand::register();
		if ( ! DemoOrders::environment_allows() ) {
			return;
		}
		( new DemoController() )->register();
		if ( is_admin() ) {
			( new DemoAdmin() )->register();
		}
	}
}
