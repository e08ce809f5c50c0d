<?php
/**
 * WP-CLI: wp ecster-om check-connection.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Cli;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Plugin;
use EcsterOM\Settings;

/**
 * The settings screen's "Check connection" for the stored keys: one harmless authenticated call.
 */
final class ConnectionCommand {

	/**
	 * Checks that Ecster accepts the stored API key and merchant key.
	 *
	 * Makes one authenticated call without side effects (an order search for a reference no order
	 * has). Exit code 0 when Ecster accepts the keys, 1 otherwise.
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om check-connection
	 *
	 * @param array<int, string> $args Positional arguments (none).
	 */
	public function __invoke( array $args = array() ): void {
		unset( $args );
		$settings = Plugin::instance()->settings();
		$where    = $this->where( $settings );
		if ( ! $settings->has_credentials() ) {
			\WP_CLI::error( __( 'The Ecster API key and merchant key are not set. Enter them in WooCommerce → Settings → Payments → Ecster Pay.', 'ecster-order-management' ) );
		}
		try {
			$this->client()->check_connection();
		} catch ( ApiException $e ) {
			if ( ApiException::KIND_AUTH === $e->get_kind() ) {
				/* translators: 1: environment or URL, 2: HTTP status */
				\WP_CLI::error( sprintf( __( 'Ecster rejected the API key or merchant key in %1$s (HTTP %2$d).', 'ecster-order-management' ), $where, $e->get_http_status() ) );
			}
			/* translators: 1: environment or URL, 2: reason */
			\WP_CLI::error( sprintf( __( 'Could not check the keys: Ecster in %1$s could not be reached or did not answer properly. Reason: %2$s', 'ecster-order-management' ), $where, $e->getMessage() ) );
		}
		/* translators: %s: environment or URL */
		\WP_CLI::success( sprintf( __( 'Connected: Ecster accepted the API key and merchant key in %s.', 'ecster-order-management' ), $where ) );
	}

	private function where( Settings $settings ): string {
		$override = $settings->api_url_override();
		if ( null !== $override ) {
			return $override;
		}
		return $settings->is_test_mode() ? __( 'the Test environment', 'ecster-order-management' ) : __( 'the Live environment', 'ecster-order-management' );
	}

	private function client(): ClientInterface {
		return Plugin::instance()->client();
	}
}
