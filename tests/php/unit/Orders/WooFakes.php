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
		$GLOBALS['ecster_om_wc_fake']['orders']    = array();
		$GLOBALS['ecster_om_wc_fake']['scheduled'] = array();
		ecster_om_fake_wc_log_reset();
		$GLOBALS['wpdb']->rows                     = array();
		$GLOBALS['wpdb']->queries                  = array();
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
	 * A refund of an order (lines optional).
	 *
	 * @param \WC_Order_Item[] $items Refunded lines (negative numbers as WooCommerce stores them).
	 */
	public static function refund( \WC_Order $order, string $amount, array $items = array(), string $reason = '' ): \WC_Order_Refund {
		$refund            = new \WC_Order_Refund();
		$refund->amount    = $amount;
		$refund->reason    = $reason;
		$refund->parent_id = $order->get_id();
		foreach ( $items as $item ) {
			$refund->add_item( $item );
		}
		$order->refunds[] = $refund;
		return $refund;
	}

	/**
	 * @return array<int, array{level: string, message: string}>
	 */
	public static function logs(): array {
		return ecster_om_fake_wc_log();
	}

	/**
	 * @return array<int, array<string, mixed>>
	 */
	public static function scheduled(): array {
		return $GLOBALS['ecster_om_wc_fake']['scheduled'];
	}
}
