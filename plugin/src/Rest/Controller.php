<?php
/**
 * Base class of every REST controller of the plugin.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Rest;

use EcsterOM\Plugin;

/**
 * Shared rules for our routes (namespace ecster-om/v1):
 * - every route has a permission callback that checks a capability; with cookie
 *   authentication WordPress only keeps the user logged in when a valid `X-WP-Nonce`
 *   (action wp_rest) is sent, so the capability check also enforces the nonce;
 * - errors are WP_Error objects with a stable `code`, a human `message` and an HTTP status,
 *   which WordPress serialises as JSON `{code, message, data: {status, ...}}`;
 * - responses never contain the API key.
 */
abstract class Controller {

	/**
	 * Registers the controller's routes on rest_api_init.
	 */
	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	abstract public function register_routes(): void;

	protected function namespace(): string {
		return Plugin::REST_NAMESPACE;
	}

	/**
	 * A JSON error with a stable code and a clear message.
	 *
	 * @param array<string, mixed> $data Extra data (e.g. field name).
	 */
	protected function error( string $code, string $message, int $status, array $data = array() ): \WP_Error {
		return new \WP_Error( $code, $message, array_merge( $data, array( 'status' => $status ) ) );
	}

	/**
	 * 401 for a visitor who is not logged in (or sent no valid nonce), 403 for a user who lacks the capability.
	 */
	protected function forbidden( string $message ): \WP_Error {
		$logged_in = is_user_logged_in();
		return $this->error(
			$logged_in ? 'ecster_om_forbidden' : 'ecster_om_not_logged_in',
			$logged_in ? $message : __( 'You must be logged in (with a valid nonce) to do this.', 'ecster-order-management' ),
			$logged_in ? 403 : 401
		);
	}

	/**
	 * Permission callback for store-wide settings.
	 *
	 * @return true|\WP_Error
	 */
	public function can_manage_woocommerce() {
		if ( current_user_can( 'manage_woocommerce' ) ) {
			return true;
		}
		return $this->forbidden( __( 'You are not allowed to manage WooCommerce settings.', 'ecster-order-management' ) );
	}
}
