<?php
/**
 * Checks a refund asked for through the REST API or WP-CLI and turns it into WooCommerce's terms.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Refunds;

use EcsterOM\Orders\Notes;
use EcsterOM\Orders\RowBuilder;

/**
 * Input: `{ amount: "12.50" | 12.5, reason?, lines?: [ { itemId, quantity, total } ], restock? }`.
 * A line's `total` is the amount to refund for it **including tax**, in major units; it is split
 * into net and tax like the item itself. Every problem is an InvalidInput naming the field.
 */
final class RefundInput {

	/** Refunds above this (major units) are refused as implausible input. */
	public const MAX_AMOUNT        = 100000000;
	public const MAX_LINES         = 200;
	public const MAX_REASON_LENGTH = 500;

	/**
	 * @param array<mixed> $params Decoded request body.
	 * @throws InvalidInput When anything is not valid for this order.
	 */
	public static function parse( \WC_Order $order, array $params ): RefundRequest {
		$decimals = function_exists( 'wc_get_price_decimals' ) ? min( 2, max( 0, (int) wc_get_price_decimals() ) ) : 2;

		// Amount.
		if ( ! array_key_exists( 'amount', $params ) || null === $params['amount'] || '' === $params['amount'] ) {
			throw new InvalidInput( 'ecster_om_invalid_amount', __( 'Enter the amount to refund (for example "12.50").', 'ecster-order-management' ), 'amount' );
		}
		$amount = self::money_input( $params['amount'], $decimals );
		if ( $amount <= 0 ) {
			throw new InvalidInput( 'ecster_om_invalid_amount', __( 'The refund amount must be greater than zero.', 'ecster-order-management' ), 'amount' );
		}
		$remaining = RowBuilder::to_minor( $order->get_remaining_refund_amount() );
		if ( $amount > $remaining ) {
			throw new InvalidInput(
				'ecster_om_amount_exceeds_remaining',
				sprintf(
					/* translators: %s: amount */
					__( 'The refund amount is more than what is left to refund on this order (%s).', 'ecster-order-management' ),
					Notes::money( $remaining, $order->get_currency() )
				),
				'amount'
			);
		}

		// Reason.
		$reason = $params['reason'] ?? '';
		if ( ! is_string( $reason ) ) {
			throw new InvalidInput( 'ecster_om_invalid_reason', __( 'The reason must be text.', 'ecster-order-management' ), 'reason' );
		}
		$reason = sanitize_text_field( $reason );
		if ( strlen( $reason ) > self::MAX_REASON_LENGTH ) {
			throw new InvalidInput(
				'ecster_om_invalid_reason',
				/* translators: %d: maximum length */
				sprintf( __( 'The reason may be at most %d characters long.', 'ecster-order-management' ), self::MAX_REASON_LENGTH ),
				'reason'
			);
		}

		// Restock.
		$restock = $params['restock'] ?? true;
		if ( ! is_bool( $restock ) ) {
			throw new InvalidInput( 'ecster_om_invalid_restock', __( 'restock must be true or false.', 'ecster-order-management' ), 'restock' );
		}

		// Lines.
		$line_items = array();
		if ( array_key_exists( 'lines', $params ) && null !== $params['lines'] ) {
			$line_items = self::lines( $order, $params['lines'], $amount, $decimals );
		}

		return new RefundRequest( $amount, $reason, $restock, $line_items );
	}

	/**
	 * Amount in minor units, or an error.
	 *
	 * @param mixed $value    "12.50" or 12.5.
	 * @param int   $decimals Allowed decimals.
	 * @throws InvalidInput When the value is not a valid amount.
	 */
	public static function money_input( $value, int $decimals, string $field = 'amount' ): int {
		if ( is_int( $value ) || is_float( $value ) ) {
			if ( ! is_finite( (float) $value ) ) {
				throw new InvalidInput( 'ecster_om_invalid_amount', __( 'The amount must be a number.', 'ecster-order-management' ), $field );
			}
			$value = is_int( $value ) ? (string) $value : rtrim( rtrim( number_format( $value, 6, '.', '' ), '0' ), '.' );
		}
		if ( ! is_string( $value ) ) {
			throw new InvalidInput( 'ecster_om_invalid_amount', __( 'The amount must be a number or a decimal string like "12.50".', 'ecster-order-management' ), $field );
		}
		$value = trim( $value );
		if ( 1 === preg_match( '/^-/', $value ) ) {
			throw new InvalidInput( 'ecster_om_invalid_amount', __( 'The amount must be greater than zero.', 'ecster-order-management' ), $field );
		}
		if ( 1 !== preg_match( '/^(\d+)(?:\.(\d+))?$/', $value, $m ) ) {
			throw new InvalidInput( 'ecster_om_invalid_amount', __( 'The amount must be a decimal number with a point, like "12.50".', 'ecster-order-management' ), $field );
		}
		if ( isset( $m[2] ) && strlen( rtrim( $m[2], '0' ) ) > $decimals ) {
			throw new InvalidInput(
				'ecster_om_invalid_amount',
				/* translators: %d: number of decimals */
				sprintf( __( 'The amount may have at most %d decimals.', 'ecster-order-management' ), $decimals ),
				$field
			);
		}
		if ( strlen( ltrim( $m[1], '0' ) ) > 9 || (float) $value > self::MAX_AMOUNT ) {
			throw new InvalidInput( 'ecster_om_invalid_amount', __( 'The amount is too large.', 'ecster-order-management' ), $field );
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
	 * @return array<int, array<string, mixed>>
	 * @throws InvalidInput When a line is not valid.
	 */
	private static function lines( \WC_Order $order, $lines, int $amount, int $decimals ): array {
		if ( ! is_array( $lines ) || ( array() !== $lines && array_keys( $lines ) !== range( 0, count( $lines ) - 1 ) ) ) {
			throw new InvalidInput( 'ecster_om_invalid_lines', __( 'lines must be a list of { itemId, quantity, total }.', 'ecster-order-management' ), 'lines' );
		}
		if ( count( $lines ) > self::MAX_LINES ) {
			/* translators: %d: maximum number of lines */
			throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'At most %d lines can be refunded at once.', 'ecster-order-management' ), self::MAX_LINES ), 'lines' );
		}
		$items  = $order->get_items( array( 'line_item', 'shipping', 'fee' ) );
		$result = array();
		$sum    = 0;
		foreach ( $lines as $index => $line ) {
			$n = $index + 1;
			if ( ! is_array( $line ) ) {
				/* translators: %d: line number */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %d must be an object { itemId, quantity, total }.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$item_id = $line['itemId'] ?? null;
			if ( ! ( is_int( $item_id ) || ( is_string( $item_id ) && ctype_digit( $item_id ) ) ) || (int) $item_id <= 0 ) {
				/* translators: %d: line number */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: itemId must be the id of an item of this order.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$item_id = (int) $item_id;
			if ( ! isset( $items[ $item_id ] ) || ! RowBuilder::is_row_item( $items[ $item_id ] ) ) {
				/* translators: 1: line number, 2: item id */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: item %2$d is not part of this order.', 'ecster-order-management' ), $n, $item_id ), 'lines' );
			}
			if ( isset( $result[ $item_id ] ) ) {
				/* translators: 1: line number, 2: item id */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: item %2$d is listed twice.', 'ecster-order-management' ), $n, $item_id ), 'lines' );
			}
			$item     = $items[ $item_id ];
			$type     = $item->get_type();
			$quantity = $line['quantity'] ?? 0;
			if ( ! ( is_int( $quantity ) || ( is_string( $quantity ) && ctype_digit( $quantity ) ) ) || (int) $quantity < 0 ) {
				/* translators: %d: line number */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: quantity must be a whole number of zero or more.', 'ecster-order-management' ), $n ), 'lines' );
			}
			$quantity = (int) $quantity;
			if ( 'line_item' === $type ) {
				$left = (int) $item->get_quantity() + (int) $order->get_qty_refunded_for_item( $item_id );
				if ( $quantity > $left ) {
					/* translators: 1: line number, 2: quantity left */
					throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: only %2$d of this item can still be refunded.', 'ecster-order-management' ), $n, $left ), 'lines' );
				}
			} elseif ( $quantity > 1 ) {
				/* translators: %d: line number */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: shipping and fee lines have no quantity above 1.', 'ecster-order-management' ), $n ), 'lines' );
			}
			if ( ! array_key_exists( 'total', $line ) ) {
				/* translators: %d: line number */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %d: total (the amount to refund for this line, tax included) is missing.', 'ecster-order-management' ), $n ), 'lines' );
			}
			try {
				$total = self::money_input( $line['total'], $decimals, 'lines' );
			} catch ( InvalidInput $e ) {
				/* translators: 1: line number, 2: error */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %1$d: %2$s', 'ecster-order-management' ), $n, $e->getMessage() ), 'lines' );
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
				throw new InvalidInput(
					'ecster_om_invalid_lines',
					sprintf(
						/* translators: 1: line number, 2: amount */
						__( 'Line %1$d: at most %2$s can still be refunded for this item.', 'ecster-order-management' ),
						$n,
						Notes::money( max( 0, $left_minor ), $order->get_currency() )
					),
					'lines'
				);
			}
			if ( 0 === $total && 0 === $quantity ) {
				/* translators: %d: line number */
				throw new InvalidInput( 'ecster_om_invalid_lines', sprintf( __( 'Line %d refunds nothing (quantity and total are 0).', 'ecster-order-management' ), $n ), 'lines' );
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
			throw new InvalidInput(
				'ecster_om_lines_mismatch',
				sprintf(
					/* translators: 1: sum of the lines, 2: refund amount */
					__( 'The lines add up to %1$s, but the refund amount is %2$s. They must be equal.', 'ecster-order-management' ),
					Notes::money( $sum, $order->get_currency() ),
					Notes::money( $amount, $order->get_currency() )
				),
				'lines'
			);
		}
		return $result;
	}
}
