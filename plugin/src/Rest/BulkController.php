<?php
/**
 * REST routes of bulk debits and annuls: ecster-om/v1/bulk/batches[/{id}[/retry|/dismiss]].
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Rest;

use EcsterOM\Bulk\Batch;
use EcsterOM\Bulk\BatchView;
use EcsterOM\Bulk\BulkService;
use EcsterOM\Bulk\Selection;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;

/**
 * - GET  /bulk/batches               `{ batches: [ batch ] }` every batch not dismissed, newest first
 * - POST /bulk/batches               `{ operation: "debit"|"annul", orders: [ id, … ] }` → 201
 *                                    `{ batch, queued, skipped: [ { orderId, code, message } ] }`
 * - GET  /bulk/batches/{id}          `{ batch, items: [ { orderId, state, code, message, transactionId, attempts, updatedAt } ] }`
 * - POST /bulk/batches/{id}/retry    queue the failed and unknown orders again → `{ batch, requeued }`
 * - POST /bulk/batches/{id}/dismiss  remove a finished batch → `{ dismissed: true, id }`
 *
 * A batch is BatchView::batch(). Permission: logged in (cookie + X-WP-Nonce, or an application
 * password) with `edit_shop_orders`; starting a batch also needs `edit_shop_order` for each order.
 * Errors `{ code: "ecster_om_…", message, data: { status } }`: 400 ecster_om_invalid_body |
 * ecster_om_invalid_operation | ecster_om_invalid_orders | ecster_om_unknown_field, 404
 * ecster_om_batch_not_found, 409 ecster_om_batch_running | ecster_om_nothing_to_retry, 422
 * ecster_om_nothing_to_queue (with data.skipped).
 */
final class BulkController extends Controller {

	/** @var callable(): BulkService */
	private $service_factory;

	/**
	 * @param callable|null $service_factory fn(): BulkService (tests); by default the plugin's.
	 */
	public function __construct( ?callable $service_factory = null ) {
		$this->service_factory = $service_factory ?? static fn(): BulkService => Plugin::instance()->bulk();
	}

	public function register_routes(): void {
		$base = '/bulk/batches';
		register_rest_route(
			$this->namespace(),
			$base,
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'list_batches' ),
					'permission_callback' => array( $this, 'can_edit_orders' ),
				),
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_batch' ),
					'permission_callback' => array( $this, 'can_edit_orders' ),
				),
			)
		);
		register_rest_route(
			$this->namespace(),
			$base . '/(?P<id>[^/]+)',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_batch' ),
					'permission_callback' => array( $this, 'can_edit_orders' ),
				),
			)
		);
		foreach ( array( 'retry', 'dismiss' ) as $action ) {
			register_rest_route(
				$this->namespace(),
				$base . '/(?P<id>[^/]+)/' . $action,
				array(
					array(
						'methods'             => \WP_REST_Server::CREATABLE,
						'callback'            => array( $this, $action . '_batch' ),
						'permission_callback' => array( $this, 'can_edit_orders' ),
					),
				)
			);
		}
	}

	/**
	 * Permission callback: logged in (with a valid nonce for cookie authentication) and may edit orders.
	 *
	 * @return true|\WP_Error
	 */
	public function can_edit_orders() {
		if ( current_user_can( 'edit_shop_orders' ) ) {
			return true;
		}
		return $this->forbidden( __( 'You are not allowed to edit orders.', 'ecster-order-management' ) );
	}

	/**
	 * GET /bulk/batches
	 */
	public function list_batches(): \WP_REST_Response {
		return $this->no_store( new \WP_REST_Response( array( 'batches' => $this->service()->present_all() ), 200 ) );
	}

	/**
	 * POST /bulk/batches
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function create_batch( \WP_REST_Request $request ) {
		$input = $this->body( $request );
		if ( $input instanceof \WP_Error ) {
			return $input;
		}
		foreach ( array_keys( $input ) as $field ) {
			$field = (string) $field;
			if ( '' !== $field && '_' !== $field[0] && ! in_array( $field, array( 'operation', 'orders' ), true ) ) {
				return $this->error( 'ecster_om_unknown_field', __( 'Send only "operation" and "orders".', 'ecster-order-management' ), 400, array( 'field' => substr( (string) preg_replace( '/[^A-Za-z0-9_-]/', '', $field ), 0, 64 ) ) );
			}
		}
		$operation = $input['operation'] ?? null;
		if ( ! is_string( $operation ) || ! in_array( $operation, Batch::OPERATIONS, true ) ) {
			return $this->error( 'ecster_om_invalid_operation', __( 'operation must be "debit" or "annul".', 'ecster-order-management' ), 400, array( 'field' => 'operation' ) );
		}
		$ids = $this->order_ids( $input['orders'] ?? null );
		if ( $ids instanceof \WP_Error ) {
			return $ids;
		}
		$service = $this->service();
		$picked  = $service->selection()->pick( $ids );
		$waiting = $service->waiting_orders();
		$skipped = array();
		foreach ( $ids as $id ) {
			if ( ! isset( $picked[ $id ] ) ) {
				$skipped[] = array( 'orderId' => $id ) + $service->selection()->why_not( $id );
			} elseif ( isset( $waiting[ $id ] ) ) {
				unset( $picked[ $id ] );
				$skipped[] = array(
					'orderId' => $id,
					'code'    => 'already_queued',
					'message' => __( 'The order already waits in a bulk batch that is still running.', 'ecster-order-management' ),
				);
			} elseif ( ! current_user_can( 'edit_shop_order', $id ) ) {
				unset( $picked[ $id ] );
				$skipped[] = array(
					'orderId' => $id,
					'code'    => 'forbidden',
					'message' => __( 'You are not allowed to edit this order.', 'ecster-order-management' ),
				);
			}
		}
		if ( array() === $picked ) {
			return $this->error( 'ecster_om_nothing_to_queue', __( 'None of the orders can be debited or annulled in bulk; see data.skipped for why.', 'ecster-order-management' ), 422, array( 'skipped' => $skipped ) );
		}
		$batch    = $service->start( $operation, $picked, Runner::TRIGGER_REST );
		$response = new \WP_REST_Response(
			array(
				'batch'   => $this->view( $batch ),
				'queued'  => count( $picked ),
				'skipped' => $skipped,
			),
			201
		);
		return $this->no_store( $response );
	}

	/**
	 * GET /bulk/batches/{id}
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_batch( \WP_REST_Request $request ) {
		$batch = $this->find( $request );
		if ( $batch instanceof \WP_Error ) {
			return $batch;
		}
		$items = $this->service()->store()->items( $batch->id );
		return $this->no_store(
			new \WP_REST_Response(
				array(
					'batch' => $this->view( $batch ),
					'items' => array_map( array( BatchView::class, 'item' ), $items ),
				),
				200
			)
		);
	}

	/**
	 * POST /bulk/batches/{id}/retry
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function retry_batch( \WP_REST_Request $request ) {
		$batch = $this->find( $request );
		if ( $batch instanceof \WP_Error ) {
			return $batch;
		}
		$requeued = $this->service()->retry( $batch );
		if ( 0 === $requeued ) {
			return $this->error( 'ecster_om_nothing_to_retry', __( 'No order of this batch has failed or is unknown: there is nothing to retry.', 'ecster-order-management' ), 409 );
		}
		$fresh = $this->service()->store()->find( $batch->id ) ?? $batch;
		return $this->no_store(
			new \WP_REST_Response(
				array(
					'batch'    => $this->view( $fresh ),
					'requeued' => $requeued,
				),
				200
			)
		);
	}

	/**
	 * POST /bulk/batches/{id}/dismiss
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function dismiss_batch( \WP_REST_Request $request ) {
		$batch = $this->find( $request );
		if ( $batch instanceof \WP_Error ) {
			return $batch;
		}
		if ( ! $this->service()->dismiss( $batch ) ) {
			return $this->error( 'ecster_om_batch_running', __( 'The batch is still running; it can be dismissed once every order is done or has failed.', 'ecster-order-management' ), 409 );
		}
		return $this->no_store(
			new \WP_REST_Response(
				array(
					'dismissed' => true,
					'id'        => $batch->id,
				),
				200
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private function view( Batch $batch ): array {
		return $this->service()->present( $batch );
	}

	/**
	 * @return Batch|\WP_Error
	 */
	private function find( \WP_REST_Request $request ) {
		$batch = $this->service()->store()->find( (string) $request['id'] );
		if ( null === $batch ) {
			return $this->error( 'ecster_om_batch_not_found', __( 'There is no such batch (it may have been dismissed).', 'ecster-order-management' ), 404 );
		}
		return $batch;
	}

	/**
	 * `orders`: a list of 1 to Selection::MAX_ORDERS order ids (whole numbers above zero).
	 *
	 * @param mixed $raw Input.
	 * @return list<int>|\WP_Error
	 */
	private function order_ids( $raw ) {
		$message = sprintf(
			/* translators: %d: largest number of orders */
			__( 'orders must be a list of 1 to %d order ids (whole numbers).', 'ecster-order-management' ),
			Selection::MAX_ORDERS
		);
		if ( ! is_array( $raw ) || ! array_is_list( $raw ) || array() === $raw || count( $raw ) > Selection::MAX_ORDERS ) {
			return $this->error( 'ecster_om_invalid_orders', $message, 400, array( 'field' => 'orders' ) );
		}
		$ids = array();
		foreach ( $raw as $id ) {
			if ( ! is_int( $id ) || $id <= 0 ) {
				return $this->error( 'ecster_om_invalid_orders', $message, 400, array( 'field' => 'orders' ) );
			}
			$ids[] = $id;
		}
		return array_values( array_unique( $ids ) );
	}

	/**
	 * The request's JSON object.
	 *
	 * @return array<string, mixed>|\WP_Error
	 */
	private function body( \WP_REST_Request $request ) {
		/** @var mixed $json get_json_params() answers null for a body that is not JSON. */
		$json = $request->get_json_params();
		if ( is_array( $json ) && ( array() === $json || ! array_is_list( $json ) ) ) {
			return $json;
		}
		return $this->error( 'ecster_om_invalid_body', __( 'Send a JSON object, for example {"operation": "debit", "orders": [12, 13]}.', 'ecster-order-management' ), 400 );
	}

	private function no_store( \WP_REST_Response $response ): \WP_REST_Response {
		$response->header( 'Cache-Control', 'no-store, private' );
		return $response;
	}

	private function service(): BulkService {
		return ( $this->service_factory )();
	}
}
