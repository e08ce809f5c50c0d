<?php
/**
 * Builders and reset for the WooCommerce fakes (tests/php/unit/fakes/20-woocommerce.php).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

final class WooFakes {

	public static function reset(): void {
		$GLOBALS['ecster_om_wc_fake']['orders']       = array();
		$GLOBALS['ecster_om_wc_fake']['scheduled']    = array();
		$GLOBALS['ecster_om_wc_fake']['as_calls']     = array();
		$GLOBALS['ecster_om_wc_fake']['transients']   = array();
		$GLOBALS['ecster_om_wc_fake']['refund_error'] = null;
		$GLOBALS['ecster_om_wc_fake']['price_decimals'] = 2;
		ecster_om_fake_wc_log_reset();
		$GLOBALS['wpdb']->rows                        = array();
		$GLOBALS['wpdb']->queries                     = array();
	}

	/**
	 * An Ecster order: 2 × 399.20 at 25 % VAT (998.00 incl.) + shipping 49 incl. 25 % VAT.
	 *
	 * @param array<string, mixed> $meta Extra meta.
	 */
	public static function order( string $reference = 'EC-1', array $meta = array(), string $status = 'processing' ): \WC_Order {
		$order         = new \WC_Order();
		$order->status = $status;
		$order->add_item( new \WC_Order_Item_Product( 'Kaffebryggare', 798.40, 199.60, 2, 'KB-1', 11 ) );
		$order->add_item( new \WC_Order_Item_Shipping( 'PostNord', 39.20, 9.80, 1, '', 0, 'flat_rate' ) );
		$order->total = '1047.00';
		if ( '' !== $reference ) {
			$order->meta['_wc_ecster_internal_reference'] = $reference;
		}
		$order->meta = array_merge( $order->meta, $meta );
		$order->save();
		return $order;
	}

	/**
	 * A refund of an order (lines optional). Lines that name the order item they refund get its
	 * id as `_refunded_item_id`, as WooCommerce stores it.
	 *
	 * @param array<int, \WC_Order_Item>|\WC_Order_Item[] $items Refunded lines (negative numbers as WooCommerce stores them), keyed by the order item they refund when known.
	 */
	public static function refund( \WC_Order $order, string $amount, array $items = array(), string $reason = '' ): \WC_Order_Refund {
		$refund            = new \WC_Order_Refund();
		$refund->amount    = $amount;
		$refund->reason    = $reason;
		$refund->parent_id = $order->get_id();
		foreach ( $items as $refunded_item_id => $item ) {
			if ( isset( $order->items[ $refunded_item_id ] ) ) {
				$item->update_meta_data( '_refunded_item_id', $refunded_item_id );
			}
			$refund->add_item( $item );
		}
		$order->refunds[] = $refund;
		return $refund;
	}

	/**
	 * The order's first item of a type.
	 */
	public static function item( \WC_Order $order, string $type = 'line_item' ): \WC_Order_Item {
		$items = $order->get_items( $type );
		return reset( $items );
	}

	/**
	 * @return array<int, array{level: string, message: string}>
	 */
	public static function logs(): array {
		return ecster_om_fake_wc_log();
	}

	/**
	 * Every action scheduled so far, whatever its status now.
	 *
	 * @return array<int, array{time: int, hook: string, args: array<string, mixed>, group: string, status: string, interval: int|null}>
	 */
	public static function scheduled(): array {
		return $GLOBALS['ecster_om_wc_fake']['scheduled'];
	}

	/**
	 * Actions of a hook still waiting to run.
	 *
	 * @return array<int, array{time: int, hook: string, args: array<string, mixed>, group: string, status: string, interval: int|null}>
	 */
	public static function pending( string $hook ): array {
		return array_values( array_filter( self::scheduled(), static fn( array $a ): bool => 'pending' === $a['status'] && $hook === $a['hook'] ) );
	}

	/**
	 * What Action Scheduler does when an action's time has come: it is no longer pending, then its
	 * callback runs with its arguments. Returns the arguments.
	 *
	 * @param callable $callback The action's callback.
	 * @return array<string, mixed>
	 */
	public static function run_next( string $hook, callable $callback ): array {
		$next = null;
		foreach ( $GLOBALS['ecster_om_wc_fake']['scheduled'] as $i => $action ) {
			if ( 'pending' === $action['status'] && $hook === $action['hook'] && ( null === $next || $action['time'] < $GLOBALS['ecster_om_wc_fake']['scheduled'][ $next ]['time'] ) ) {
				$next = $i;
			}
		}
		if ( null === $next ) {
			throw new \LogicException( "No pending action of $hook." );
		}
		$GLOBALS['ecster_om_wc_fake']['scheduled'][ $next ]['status'] = 'complete';
		$args = $GLOBALS['ecster_om_wc_fake']['scheduled'][ $next ]['args'];
		$callback( ...array_values( $args ) );
		return $args;
	}
}
