<?php
/**
 * Constants the plugin's main file defines, for PHPStan.
 *
 * @package EcsterOM
 */

define( 'ECSTER_OM_VERSION', '1.0.0' );
define( 'ECSTER_OM_FILE', __DIR__ . '/../../plugin/ecster-order-management.php' );
define( 'ECSTER_OM_DIR', __DIR__ . '/../../plugin' );

// WordPress core constants the stubs do not define.
define( 'ABSPATH', '/var/www/html/' );
define( 'ARRAY_A', 'ARRAY_A' );
define( 'OBJECT', 'OBJECT' );
define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
