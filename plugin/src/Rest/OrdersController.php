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
use EcsterOM\Orders\RowBuilder;
use EcsterOM\Plugin;

/**
 * - GET  /orders/{id}         the order's Ecster state (docs/architecture.md)
 * - POST /orders/{id}/debit   debit the whole order
 * - POST /orders/{id}/annul   annul the reservation
 * - POST /orders/{id}/refund  { amount, reason?, lines?: [ { itemId, quantity, total } ], restock? }
 *                             → wc_create_refund( refund_payment: true ) → gateway → credit
 *
 * Permission: logged in (cookie + X-WP-Nonce, or application password), `edit_shop_orders` and
 * `edit_shop_order` for that order. Every input is validated before anything reaches Ecster;
 * errors are `{ code: "ecster_om_…", message, data: { status } }`.
 */
final class OrdersController extends Controller {

	/** Refunds above this (major units) are refused as implausible input. */
	public const MAX_AMOUNT        = 100000000;
	public const MAX_LINES         = 200;
	public const MAX_REASON_LENGTH = 500;

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
		foreach ( array( 'debit', 'annul', 'refund' ) as $action ) {
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
		return $this->answer( $order, $this->manager()->debit( $order, OrderManager::TRIGGER_REST ) );
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
		return $this->answer( $order, $this->manager()->annul( $order, OrderManager::TRIGGER_REST ) );
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
		$decimals = function_exists( 'wc_get_price_decimals' ) ? min( 2, max( 0, (int) wc_get_price_decimals() ) ) : 2;

		// Amount.
		if ( ! array_key_exists( 'amount', $params ) || null === $params['amount'] || '' === $params['amount'] ) {
			return $this->invalid( 'ecster_om_invalid_amount', __( 'Enter the amount to refund (for example "12.50").', 'ecster-order-management' ), 'amount' );
		}
		$amount = $this->parse_money( $params['amount'], $decimals );
		if ( is_wp_error( $amount ) ) {
			return $amount;
		}
		if ( $amount <= 0 ) {
			return $this->invalid( 'ecster_om_invalid_amount', __( 'The refund amount must be greater than zero.', 'ecster-order-management' ), 'amount' );
		}
		$remaining = RowBuilder::to_minor( $order->get_remaining_refund_amount() );
		if ( $amount > $remaining ) {
			return $this->invalid(
				'ecster_om_amount_exceeds_remaining',
				sprintf(
					/* translators: %s: amount */
					__( 'The refund amount is more than what is left to refund on this order (%s).', 'ecster-order-management' ),
					$this->manager()->money( $remaining, $order->get_currency() )
				),
				'amount'
			);
		}

		// Reason.
		$reason = $params['reason'] ?? '';
		if ( ! is_string( $reason ) ) {
			return $this->invalid( 'ecster_om_invalid_reason', __( 'The reason must be text.', 'ecster-order-management' ), 'reason' );
		}
		$reason = sanitize_text_field( $reason );
		if ( strlen( $reason ) > self::MAX_REASON_LENGTH ) {
			return $this->invalid(
				'ecster_om_invalid_reason',
				/* translators: %d: maximum length */
				sprintf( __( 'The reason may be at most %d characters long.', 'ecster-order-management' ), self::MAX_REASON_LENGTH ),
				'reason'
			);
		}

		// Restock.
		$restock = $params['restock'] ?? true;
		if ( ! is_bool( $restock ) ) {
			return $this->invalid( 'ecster_om_invalid_restock', __( 'restock must be true or false.', 'ecster-order-management' ), 'restock' );
		}

		// Lines.
		$line_items = array();
		if ( array_key_exists( 'lines', $params ) && null !== $params['lines'] ) {
			$line_items = $this->parse_lines( $order, $params['lines'], $amount, $decimals );
			if ( is_wp_error( $line_items ) ) {
				return $line_items;
			}
		}

		$manager = $this->manager();
		if ( $manager->lock()->is_locked( $order->get_id() ) ) {
			return $this->error( 'ecster_om_locked', __( 'Another request is already processing this order in Ecster. Wait a moment, reload the order and try again.', 'ecster-order-management' ), 409 );
		}

		$before = $manager->last_result( $order->get_id() );
		$refund = wc_create_refund(
			array(
				'amount'         => wc_format_decimal( $amount / 100, 2 ),
				'reason'         => $reason,
				'order_id'       => $order->get_id(),
				'line_items'     => $line_items,
				'refund_payment' => true,
				'restock_items'  => $restock && array() !== $line_items,
			)
		);
		// The credit's own result (WooCommerce turns the gateway's WP_Error into a generic one).
		$result = $manager->last_result( $order->get_id() );
		$result = $result === $before ? null : $result;
		if ( is_wp_error( $refund ) ) {
			if ( null !== $result && ! $result->is_success() ) {
				return $this->error( 'ecster_om_' . $result->code(), $result->message(), OrderManager::http_status( $result->code() ), array( 'result' => $result->code() ) );
			}
			return $this->error( 'ecster_om_refund_failed', $refund->get_error_message(), 400 );
		}
		$fresh = wc_get_order( $order->get_id() );
		return rest_ensure_response(
			array(
				'result'        => null !== $result ? $result->code() : Result::CREDITED,
				'message'       => null !== $result ? $result->message() : '',
				'transactionId' => null !== $result ? $result->transaction_id() : '',
				'refundId'      => $refund->get_id(),
				'state'         => $manager->get_state( $fresh instanceof \WC_Order ? $fresh : $order, true ),
			)
		);
	}

	/**
	 * Amount in minor units, or an error.
	 *
	 * @param mixed $value    "12.50" or 12.5.
	 * @param int   $decimals Allowed decimals.
	 * @return int|\WP_Error
	 */
	private function parse_money( $value, int $decimals, string $field = 'amount' ) {
		if ( is_int( $value ) || is_float( $value ) ) {
			if ( ! is_finite( (float) $value ) ) {
				return $this->invalid( 'ecster_om_invalid_amount', __( 'The amount must be a number.', 'ecster-order-management' ), $field );
			}
			$value = is_int( $value ) ? (string) $value : rtrim( rtrim( number_format( $value, 6, '.', '' ), '0' ), '.' );
		}
		if ( ! is_string( $value ) ) {
			return $this->invalid( 'ecster_om_invalid_amount', __( 'The amount must be a number or a decimal string like "12.50".', 'ecster-order-management' ), $field );
		}
		$value = trim( $value );
		if ( 1 === preg_match( '/^-/', $value ) ) {
			return $this->invalid( 'ecster_om_invalid_amount', __( 'The amount must be greater than zero.', 'ecster-order-management' ), $field );
		}
		if ( 1 !== preg_match( '/^(\d+)(?:\.(\d+))?$/', $value, $m ) ) {
			return $this->invalid( 'ecster_om_invalid_amount', __( 'The amount must be a decimal number with a point, like "12.50".', 'ecster-order-management' ), $field );
		}
		if ( isset( $m[2] ) && strlen( rtrim( $m[2], '0' ) ) > $decimals ) {
			return $this->invalid(
				'ecster_om_invalid_amount',
				/* translators: %d: number of decimals */
				sprintf( __( 'The amount may have at most %d decimals.', 'ecster-order-management' ), $decimals ),
				$field
			);
		}
		if ( strlen( ltrim( $m[1], '0' ) ) > 9 || (float) $value > self::MAX_AMOUNT ) {
			return $this->invalid( 'ecster_om_invalid_amount', __( 'The amount is too large.', 'ecster-order-management' ), $field );
		}
		return RowBuilder::to_minor( $value );
	}

	/**
	 * Validates refund lines and turns them into wc_create_refund() line_items.
	 *
	 * @param \WC_Order $order    The order.
	 * @param mixed     $lines    [ { itemId, quantity, total } ] (total incl. tax, major units).
	 * @param int       $amount   Refund amount (minor units): the lines must add up to it.
	 * @param int       $decimals Allowed decimals.
	 * @return array<int, array<string, mixed>>|\WP_Error
	 */
	private function parse_lines( \WC_Order $order, $lines, int $amount, int $decimals ) {
		if ( ! is_array( $lines ) || ( array() !== $lines && array_keys( $lines ) !== range( 0, count( $lines ) - 1 ) ) ) {
			return $this->invalid( 'ecster_om_invalid_lines', __( 'lines must be a list of { itemId, quantity, total }.', 'ecster-order-management' ), 'lines' );
		}
		if ( count( $lines ) > self::MAX_LINES ) {
			/* translators: %d: maximum number of lines */
			return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'At most %d lines can be refunded at once.', 'ecster-order-management' ), self::MAX_LINES ), 'lines' );
		}
		$items  = $order->get_items( array( 'line_item', 'shipping', 'fee' ) );
		$result = array();
		$sum    = 0;
		foreach ( $lines as $index => $line ) {
			$n = $index + 1;
			if ( ! is_array( $line ) ) {
				/* translators: %d: line number */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %d must be an object { itemId, quantity, total }.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$item_id = $line['itemId'] ?? null;
			if ( ! ( is_int( $item_id ) || ( is_string( $item_id ) && ctype_digit( $item_id ) ) ) || (int) $item_id <= 0 ) {
				/* translators: %d: line number */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: itemId must be the id of an item of this order.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$item_id = (int) $item_id;
			if ( ! isset( $items[ $item_id ] ) || ! RowBuilder::is_row_item( $items[ $item_id ] ) ) {
				/* translators: 1: line number, 2: item id */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: item %2$d is not part of this order.', 'ecster-order-management' ), $n, $item_id ), 'lines' );
			}
			if ( isset( $result[ $item_id ] ) ) {
				/* translators: 1: line number, 2: item id */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: item %2$d is listed twice.', 'ecster-order-management' ), $n, $item_id ), 'lines' );
			}
			$item     = $items[ $item_id ];
			$type     = $item->get_type();
			$quantity = $line['quantity'] ?? 0;
			if ( ! ( is_int( $quantity ) || ( is_string( $quantity ) && ctype_digit( $quantity ) ) ) || (int) $quantity < 0 ) {
				/* translators: %d: line number */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: quantity must be a whole number of zero or more.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$quantity = (int) $quantity;
			if ( 'line_item' === $type ) {
				$left = (int) $item->get_quantity() + (int) $order->get_qty_refunded_for_item( $item_id );
				if ( $quantity > $left ) {
					/* translators: 1: line number, 2: quantity left */
					return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: only %2$d of this item can still be refunded.', 'ecster-order-management' ), $n, $left ), 'lines' );
				}
			} elseif ( $quantity > 1 ) {
				/* translators: %d: line number */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: shipping and fee lines have no quantity above 1.', 'ecster-order-management' ), $n ), 'lines' );
			}
			if ( ! array_key_exists( 'total', $line ) ) {
				/* translators: %d: line number */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: total (the amount to refund for this line, tax included) is missing.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$total = $this->parse_money( $line['total'], $decimals, 'lines' );
			if ( is_wp_error( $total ) ) {
				/* translators: 1: line number, 2: error */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: %2$s', 'ecster-order-management' ), $n, $total->get_error_message() ), 'lines' );
			}
			$item_gross   = RowBuilder::to_minor( (float) $item->get_total() + (float) $item->get_total_tax() );
			$refunded     = RowBuilder::to_minor( (float) $order->get_total_refunded_for_item( $item_id, $type ) );
			$item_tax     = (float) $item->get_total_tax();
			$refunded_tax = 0.0;
			$taxes        = $item->get_taxes();
			$rate_taxes   = isset( $taxes['total'] ) && is_array( $taxes['total'] ) ? array_filter( $taxes['total'], 'is_numeric' ) : array();
			foreach ( array_keys( $rate_taxes ) as $rate_id ) {
				$refunded_tax += (float) $order->get_tax_refunded_for_item( $item_id, $rate_id, $type );
			}
			$left_minor = $item_gross - $refunded - RowBuilder::to_minor( $refunded_tax );
			if ( $total > $left_minor ) {
				return $this->invalid(
					'ecster_om_invalid_lines',
					sprintf(
						/* translators: 1: line number, 2: amount */
						__( 'Line %1$d: at most %2$s can still be refunded for this item.', 'ecster-order-management' ),
						$n,
						$this->manager()->money( max( 0, $left_minor ), $order->get_currency() )
					),
					'lines'
				);
			}
			if ( 0 === $total && 0 === $quantity ) {
				/* translators: %d: line number */
				return $this->invalid( 'ecster_om_invalid_lines', sprintf( __( 'Line %d refunds nothing (quantity and total are 0).', 'ecster-order-management' ), $n ), 'lines' );
			}
			// Split the gross line total into net and tax like the item itself.
			$gross      = $total / 100;
			$tax_share  = $item_gross > 0 ? $item_tax / ( $item_gross / 100 ) : 0.0;
			$tax        = round( $gross * $tax_share, 2 );
			$refund_tax = array();
			$tax_sum    = array_sum( array_map( 'floatval', $rate_taxes ) );
			foreach ( $rate_taxes as $rate_id => $rate_tax ) {
				$refund_tax[ $rate_id ] = $tax_sum > 0 ? round( $tax * (float) $rate_tax / $tax_sum, 2 ) : 0;
			}
			$result[ $item_id ] = array(
				'qty'          => $quantity,
				'refund_total' => wc_format_decimal( $gross - $tax, 2 ),
				'refund_tax'   => $refund_tax,
			);
			$sum               += $total;
		}
		if ( array() !== $result && $sum !== $amount ) {
			return $this->invalid(
				'ecster_om_lines_mismatch',
				sprintf(
					/* translators: 1: sum of the lines, 2: refund amount */
					__( 'The lines add up to %1$s, but the refund amount is %2$s. They must be equal.', 'ecster-order-management' ),
					$this->manager()->money( $sum, $order->get_currency() ),
					$this->manager()->money( $amount, $order->get_currency() )
				),
				'lines'
			);
		}
		return $result;
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
				OrderManager::http_status( $result->code() ),
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

	private function invalid( string $code, string $message, string $field ): \WP_Error {
		return $this->error( $code, $message, 400, array( 'field' => $field ) );
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
