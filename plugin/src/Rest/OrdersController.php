<?php
/**
 * REST routes of the order panel: ecster-om/v1/orders/{id}[/debit|/annul|/refund].
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Rest;

use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\OrderState;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\Refunds\InvalidInput;
use EcsterOM\Orders\Refunds\RefundInput;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;

/**
 * - GET  /orders/{id}         the order's Ecster state (docs/architecture.md)
 * - POST /orders/{id}/debit   debit the whole order
 * - POST /orders/{id}/annul   annul the reservation
 * - POST /orders/{id}/refund  { amount, reason?, lines?: [ { itemId, quantity, total } ], restock? }
 *                             → wc_create_refund( refund_payment: true ) → gateway → credit
 * - POST /orders/{id}/reconcile  check the order's open questions with Ecster now
 *
 * Permission: logged in (cookie + X-WP-Nonce, or application password), `edit_shop_orders` and
 * `edit_shop_order` for that order. Every input is validated before anything reaches Ecster;
 * errors are `{ code: "ecster_om_…", message, data: { status } }`.
 */
final class OrdersController extends Controller {

	/** @var callable(): OrderManager */
	private $manager_factory;

	/**
	 * @param callable|null $manager_factory fn(): OrderManager (tests); by default the plugin's.
	 */
	public function __construct( ?callable $manager_factory = null ) {
		$this->manager_factory = $manager_factory ?? static fn(): OrderManager => Plugin::instance()->order_manager();
	}

	public function register_routes(): void {
		$id = array(
			'id' => array(
				'description' => __( 'WooCommerce order id.', 'ecster-order-management' ),
				'type'        => 'string',
				'required'    => true,
			),
		);
		register_rest_route(
			$this->namespace(),
			'/orders/(?P<id>\d+)',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_order_state' ),
					'permission_callback' => array( $this, 'can_edit_order' ),
					'args'                => $id,
				),
			)
		);
		foreach ( array( 'debit', 'annul', 'refund', 'reconcile' ) as $action ) {
			register_rest_route(
				$this->namespace(),
				'/orders/(?P<id>\d+)/' . $action,
				array(
					array(
						'methods'             => \WP_REST_Server::CREATABLE,
						'callback'            => array( $this, $action ),
						'permission_callback' => array( $this, 'can_edit_order' ),
						'args'                => $id,
					),
				)
			);
		}
	}

	/**
	 * Permission callback: logged in, may edit orders, and may edit this order.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return true|\WP_Error
	 */
	public function can_edit_order( $request ) {
		if ( ! is_user_logged_in() ) {
			return $this->forbidden( '' );
		}
		if ( ! current_user_can( 'edit_shop_orders' ) ) {
			return $this->forbidden( __( 'You are not allowed to edit orders.', 'ecster-order-management' ) );
		}
		$id = $this->order_id( $request );
		if ( $id > 0 ) {
			$order = wc_get_order( $id );
			// Unknown ids and non-orders are answered by the callback (404/400) for users who may edit orders.
			if ( $order instanceof \WC_Order && ! current_user_can( 'edit_shop_order', $id ) ) {
				return $this->forbidden( __( 'You are not allowed to edit this order.', 'ecster-order-management' ) );
			}
		}
		return true;
	}

	/**
	 * GET /orders/{id}
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_order_state( $request ) {
		$order = $this->load_order( $request );
		if ( is_wp_error( $order ) ) {
			return $order;
		}
		return rest_ensure_response( $this->manager()->get_state( $order, true ) );
	}

	/**
	 * POST /orders/{id}/debit
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function debit( $request ) {
		$order = $this->managed_order( $request );
		if ( is_wp_error( $order ) ) {
			return $order;
		}
		if ( ! $order->has_status( OrderState::DEBIT_STATUSES ) ) {
			return $this->wrong_status( $order, __( 'Only orders that are Processing, On hold or Completed can be debited.', 'ecster-order-management' ) );
		}
		return $this->answer( $order, $this->manager()->debit( $order, $this->trigger( $request ) ) );
	}

	/**
	 * POST /orders/{id}/annul
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function annul( $request ) {
		$order = $this->managed_order( $request );
		if ( is_wp_error( $order ) ) {
			return $order;
		}
		if ( ! $order->has_status( OrderState::ANNUL_STATUSES ) ) {
			return $this->wrong_status( $order, __( 'Only orders that are Pending payment, Processing, On hold, Cancelled or Failed can be annulled.', 'ecster-order-management' ) );
		}
		return $this->answer( $order, $this->manager()->annul( $order, $this->trigger( $request ) ) );
	}

	/**
	 * POST /orders/{id}/refund
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function refund( $request ) {
		$order = $this->managed_order( $request );
		if ( is_wp_error( $order ) ) {
			return $order;
		}
		if ( ! $order->has_status( OrderState::REFUND_STATUSES ) ) {
			return $this->wrong_status( $order, __( 'Only orders that are Processing, On hold or Completed can be refunded.', 'ecster-order-management' ) );
		}
		// Documented as array, but it is null when the body is not JSON and whatever
		// json_decode() gave otherwise (WP_REST_Request::parse_json_params()).
		/** @var mixed $params */
		$params = $request->get_json_params();
		if ( ! is_array( $params ) ) {
			$params = $request->get_body_params();
		}
		try {
			$refund_request = RefundInput::parse( $order, $params );
		} catch ( InvalidInput $e ) {
			return $this->error( $e->error_code, $e->getMessage(), 400, array( 'field' => $e->field ) );
		}
		$outcome = Plugin::instance()->refunds()->refund( $order, $refund_request, $this->trigger( $request ) );
		$result  = $outcome['result'];
		if ( ! $result->is_success() ) {
			return $this->error( 'ecster_om_' . $result->code(), $result->message(), self::http_status( $result->code() ), array( 'result' => $result->code() ) );
		}
		$fresh = wc_get_order( $order->get_id() );
		return rest_ensure_response(
			array(
				'result'        => $result->code(),
				'message'       => $result->message(),
				'transactionId' => $result->transaction_id(),
				'refundId'      => $outcome['refund_id'],
				'state'         => $this->manager()->get_state( $fresh instanceof \WC_Order ? $fresh : $order, true ),
			)
		);
	}

	/**
	 * POST /orders/{id}/reconcile: checks the order's open questions with Ecster now.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function reconcile( $request ) {
		$order = $this->managed_order( $request );
		if ( is_wp_error( $order ) ) {
			return $order;
		}
		$manager = $this->manager();
		$before  = count( $manager->journal()->open_for_order( $order->get_id() ) );
		$running = $manager->record( $order )->needs_follow_up();
		if ( 0 === $before && ! $running ) {
			return rest_ensure_response(
				array(
					'result'   => 'nothing_to_check',
					'message'  => __( 'Nothing is waiting for Ecster: every operation on this order has a known outcome.', 'ecster-order-management' ),
					'resolved' => 0,
					'open'     => 0,
					'state'    => $manager->get_state( $order, true ),
				)
			);
		}
		if ( $manager->lock()->is_locked( $order->get_id() ) ) {
			return $this->error( 'ecster_om_locked', __( 'Another request is already processing this order in Ecster. Wait a moment and check again.', 'ecster-order-management' ), 409, array( 'result' => Result::LOCKED ) );
		}
		$settlement = $manager->reconcile( $order, $this->trigger( $request ) );
		$open       = count( $settlement->open );
		$resolved   = $settlement->resolved() + count( $settlement->finished_swish );
		if ( $open > 0 ) {
			$message = sprintf(
				/* translators: 1: number resolved, 2: number still open */
				_n( 'Checked with Ecster: %1$d resolved, %2$d still unknown. It is checked again automatically.', 'Checked with Ecster: %1$d resolved, %2$d still unknown. They are checked again automatically.', $open, 'ecster-order-management' ),
				$resolved,
				$open
			);
		} elseif ( $resolved > 0 ) {
			/* translators: %d: number of operations */
			$message = sprintf( _n( 'Checked with Ecster: %d operation resolved; see the order notes.', 'Checked with Ecster: %d operations resolved; see the order notes.', $resolved, 'ecster-order-management' ), $resolved );
		} else {
			$message = __( 'Checked with Ecster: nothing has changed yet.', 'ecster-order-management' );
		}
		$fresh = wc_get_order( $order->get_id() );
		return rest_ensure_response(
			array(
				'result'   => $open > 0 ? 'still_unknown' : 'reconciled',
				'message'  => $message,
				'resolved' => $resolved,
				'open'     => $open,
				'state'    => $manager->get_state( $fresh instanceof \WC_Order ? $fresh : $order, true ),
			)
		);
	}

	/**
	 * Who asked: the order panel says so with a header; anything else is the REST API.
	 *
	 * @param \WP_REST_Request $request Request.
	 */
	private function trigger( $request ): string {
		return 'panel' === $request->get_header( 'x_ecster_om_client' ) ? Runner::TRIGGER_PANEL : Runner::TRIGGER_REST;
	}

	/**
	 * HTTP status for a failure code.
	 */
	public static function http_status( string $code ): int {
		switch ( $code ) {
			case Result::LOCKED:
			case Result::EXCEEDS_RESERVATION:
			case Result::NOTHING_TO_DEBIT:
			case Result::ANNULLED_IN_ECSTER:
			case Result::DEBITED_CANNOT_ANNUL:
			case Result::PARTIALLY_DEBITED:
			case Result::INVALID_ECSTER_STATUS:
			case Result::CURRENCY_MISMATCH:
			case Result::SWISH_NO_ANNUL:
			case Result::NOT_DEBITED:
			case Result::SWISH_REFUND_RUNNING:
			case Result::EARLIER_CREDIT_FOUND:
			case Result::NESTED_OPERATION:
			case Result::OUTCOME_PENDING:
				return 409;
			case Result::NOT_MANAGED:
				return 422;
			case Result::INVALID_AMOUNT:
			case Result::AMOUNT_EXCEEDS_CREDITABLE:
			case Result::REFUND_FAILED:
				return 400;
			case Result::RATE_LIMITED:
			case Result::ECSTER_UNREACHABLE:
			case Result::JOURNAL_UNAVAILABLE:
				return 503;
			case Result::OUTCOME_UNKNOWN:
				return 504;
			case Result::NOT_CONFIGURED:
				return 500;
			default:
				return 502;
		}
	}

	/**
	 * The answer of debit and annul.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	private function answer( \WC_Order $order, Result $result ) {
		if ( ! $result->is_success() ) {
			return $this->error(
				'ecster_om_' . $result->code(),
				$result->message(),
				self::http_status( $result->code() ),
				array(
					'result'        => $result->code(),
					'transactionId' => $result->transaction_id(),
				)
			);
		}
		$fresh = wc_get_order( $order->get_id() );
		return rest_ensure_response(
			array(
				'result'        => $result->code(),
				'message'       => $result->message(),
				'transactionId' => $result->transaction_id(),
				'state'         => $this->manager()->get_state( $fresh instanceof \WC_Order ? $fresh : $order, true ),
			)
		);
	}

	/**
	 * The order of the request (any shop order, managed or not), or a 404/400 error.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WC_Order|\WP_Error
	 */
	private function load_order( $request ) {
		$id = $this->order_id( $request );
		if ( $id <= 0 ) {
			return $this->error( 'ecster_om_order_not_found', __( 'There is no order with this id.', 'ecster-order-management' ), 404 );
		}
		// The stubs say false|WC_Order|WC_Order_Refund, but WooCommerce's order factory can return
		// any registered order type's class (filter woocommerce_order_class), hence the wider type.
		/** @var \WC_Abstract_Order|false $order */
		$order = wc_get_order( $id );
		if ( $order instanceof \WC_Order_Refund ) {
			return $this->error( 'ecster_om_not_an_order', __( 'This id belongs to a refund, not an order. Use the id of the order itself.', 'ecster-order-management' ), 400 );
		}
		if ( ! $order ) {
			return $this->error( 'ecster_om_order_not_found', __( 'There is no order with this id.', 'ecster-order-management' ), 404 );
		}
		if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
			return $this->error( 'ecster_om_not_an_order', __( 'This id does not belong to a shop order.', 'ecster-order-management' ), 400 );
		}
		return $order;
	}

	/**
	 * The order when this plugin manages it, or a clear error.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WC_Order|\WP_Error
	 */
	private function managed_order( $request ) {
		$order = $this->load_order( $request );
		if ( is_wp_error( $order ) ) {
			return $order;
		}
		$reason = $this->manager()->unmanaged_reason( $order );
		if ( null !== $reason ) {
			return $this->error( 'ecster_om_' . $reason, $this->manager()->unmanaged_message( $reason ), 422, array( 'reason' => $reason ) );
		}
		return $order;
	}

	/**
	 * The id from the route, 0 when it is not a plausible order id.
	 *
	 * @param \WP_REST_Request $request Request.
	 */
	private function order_id( $request ): int {
		$raw = (string) $request['id'];
		if ( 1 !== preg_match( '/^\d{1,18}$/', $raw ) ) {
			return 0;
		}
		$id = (int) $raw;
		return $id > 0 && $id < PHP_INT_MAX ? $id : 0;
	}

	private function wrong_status( \WC_Order $order, string $message ): \WP_Error {
		$name = function_exists( 'wc_get_order_status_name' ) ? wc_get_order_status_name( $order->get_status() ) : $order->get_status();
		return $this->error(
			'ecster_om_wrong_status',
			/* translators: 1: explanation, 2: current order status */
			sprintf( __( '%1$s This order is %2$s.', 'ecster-order-management' ), $message, $name ),
			409,
			array( 'wcStatus' => $order->get_status() )
		);
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
