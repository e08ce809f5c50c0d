<?php
/**
 * Plugin Name: Ecster OM test environment: plugin languages
 * Description: Development/test environment only, never shipped. The environments are offline and
 *              have no WordPress language packs, so WordPress would refuse a site language such as
 *              sv_SE (Settings → General lists only installed languages). Every language the
 *              plugin ships (plugin/languages/ecster-order-management-<locale>.mo) counts as
 *              installed here, so a test store can be switched to it; WordPress's and WooCommerce's
 *              own texts then stay English, the plugin's are translated.
 *
 * @package EcsterOM\TestEnv
 */

declare(strict_types=1);

defined( 'ABSPATH' ) || exit;

add_filter(
	'get_available_languages',
	static function ( $languages ) {
		$languages = is_array( $languages ) ? $languages : array();
		$files     = glob( WP_PLUGIN_DIR . '/ecster-order-management/languages/ecster-order-management-*.mo' );
		foreach ( is_array( $files ) ? $files : array() as $file ) {
			if ( 1 === preg_match( '/ecster-order-management-([a-z]{2,3}(?:_[A-Z]{2})?)\.mo$/', $file, $match ) ) {
				$languages[] = $match[1];
			}
		}
		return array_values( array_unique( $languages ) );
	}
);
