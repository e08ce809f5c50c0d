<?php
/**
 * Constants the plugin's main file defines, for PHPStan.
 *
 * @package EcsterOM
 */

define( 'ECSTER_OM_VERSION', '1.0.0' );
define( 'ECSTER_OM_FILE', __DIR__ . '/../../plugin/ecster-order-management.php' );
define( 'ECSTER_OM_DIR', __DIR__ . '/../../plugin' );
