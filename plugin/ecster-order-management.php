<?php
/**
 * Plugin Name:       Ecster Order Management for WooCommerce
 * Plugin URI:        https://github.com/ecster-order-management/ecster-order-management
 * Description:       Debit, annul and credit Ecster Pay orders from the WooCommerce order screen.
 * Version:           1.0.0
 * Requires at least: 6.9
 * Tested up to:      6.9
 * Requires PHP:      8.1
 * Requires Plugins:  woocommerce
 * WC requires at least: 9.9.5
 * WC tested up to:   9.9.5
 * Author:            Ecster Order Management contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       ecster-order-management
 * Domain Path:       /languages
 *
 * @package EcsterOM
 */

declare(strict_types=1);

defined( 'ABSPATH' ) || exit;

define( 'ECSTER_OM_VERSION', '1.0.0' );
define( 'ECSTER_OM_FILE', __FILE__ );
define( 'ECSTER_OM_DIR', __DIR__ );

require_once __DIR__ . '/src/autoload.php';

// HPOS (custom order tables) and cart/checkout blocks compatibility are declared before WooCommerce
// initialises. The plugin adds nothing to the checkout: the block checkout is unaffected by it.
add_action(
	'before_woocommerce_init',
	static function (): void {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', __FILE__, true );
		}
	}
);

// Activation creates the operation journal and schedules its background checks; deactivation cancels
// this plugin's pending Action Scheduler jobs (uninstall.php removes the rest).
register_activation_hook( __FILE__, array( \EcsterOM\Orders\Components::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \EcsterOM\Lifecycle::class, 'deactivate' ) );

add_action( 'plugins_loaded', array( \EcsterOM\Plugin::class, 'boot' ), 11 );
