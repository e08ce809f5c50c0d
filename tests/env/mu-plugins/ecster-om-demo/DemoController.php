<?php
/**
 * REST route POST ecster-om/v1/demo/orders (local and development sites only).
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

use EcsterOM\Rest\Controller;

/**
 * `POST /ecster-om/v1/demo/orders` `{ count?, digital?, method?, amount?, ifNone? }` →
 * 201 `{ orders: [ { id, number, status, total, currency, method, digital, ecsterOrderId, editUrl } ], existing, skipped }`
 * (200 when `ifNone` found demo orders and made none). Errors: 400 `ecster_om_demo_invalid_option`
 * (`data.field`), 500 `ecster_om_demo_no_sandbox`, 502 `ecster_om_demo_sandbox_error` /
 * `ecster_om_demo_ecster_error`, 503 `ecster_om_demo_sandbox_unreachable`.
 *
 * Capability `manage_woocommerce`. Registered by Components only on local/development sites.
 */
final class DemoController extends Controller {

	/** @var callable(): DemoOrders */
	private $factory;

	/**
	 * @param callable|null $factory fn(): DemoOrders; by default one with the constant's sandbox URL.
	 */
	public function __construct( ?callable $factory = null ) {
		$this->factory = $factory ?? static fn(): DemoOrders => new DemoOrders();
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace(),
			'/demo/orders',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_orders' ),
					'permission_callback' => array( $this, 'can_manage_woocommerce' ),
				),
			)
		);
	}

	/**
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function create_orders( \WP_REST_Request $request ) {
		$raw  = trim( (string) $request->get_body() );
		$body = '' === $raw ? array() : json_decode( $raw, true );
		if ( ! is_array( $body ) || ( array() !== $body && array_is_list( $body ) ) ) {
			return $this->error(
				'ecster_om_demo_invalid_body',
				__( 'Send the options as a JSON object, for example {"count": 2, "method": "SWISH"}.', 'ecster-order-management' ),
				400
			);
		}
		try {
			$result = ( $this->factory )()->create( $body );
		} catch ( DemoException $e ) {
			$data = null !== $e->field() ? array( 'field' => $e->field() ) : array();
			return $this->error( $e->error_code(), $e->getMessage(), $e->http_status(), $data );
		}
		$response = new \WP_REST_Response( $result, $result['skipped'] ? 200 : 201 );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}
}
