<?php
/**
 * Where WooCommerce's record of an order and Ecster's disagree.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\Order as EcsterOrder;

/**
 * Compares what WooCommerce recorded (debited, credited, annulled) with Ecster's order. Used by
 * `wp ecster-om reconcile --report`, so changes made on Ecster's side become visible, and by the
 * chaos test, which requires none after reconciling.
 */
final class Comparison {

	/**
	 * @return list<array{field: string, woocommerce: string, ecster: string}>
	 */
	public static function differences( OrderRecord $record, EcsterOrder $ecster ): array {
		$out      = array();
		$currency = $record->order()->get_currency();
		$money    = static fn( int $minor ): string => Notes::money( $minor, $currency );

		if ( ! $ecster->is_swish() ) {
			$debited = '' !== $record->captured_id() ? ( $record->debited_amount() ?? $ecster->debited_amount ) : 0;
			if ( $debited !== $ecster->debited_amount ) {
				$out[] = array(
					'field'       => 'debited',
					'woocommerce' => $money( $debited ),
					'ecster'      => $money( $ecster->debited_amount ),
				);
			}
			$annulled_here  = '' !== $record->cancelled_id();
			$annulled_there = EcsterOrder::STATUS_ANNULLED === $ecster->status;
			if ( $annulled_here !== $annulled_there ) {
				$out[] = array(
					'field'       => 'annulled',
					'woocommerce' => $annulled_here ? 'yes' : 'no',
					'ecster'      => $annulled_there ? 'yes' : 'no',
				);
			}
		}
		$credited = self::credited_here( $record );
		if ( $credited !== $ecster->credited_amount ) {
			$out[] = array(
				'field'       => 'credited',
				'woocommerce' => $money( $credited ),
				'ecster'      => $money( $ecster->credited_amount ),
			);
		}
		return $out;
	}

	/**
	 * The refunds WooCommerce has that were credited in Ecster, in minor units.
	 */
	public static function credited_here( OrderRecord $record ): int {
		$sum = 0;
		foreach ( $record->order()->get_refunds() as $refund ) {
			if ( '' !== $record->credit_for_refund( $refund->get_id() ) ) {
				$sum += RowBuilder::to_minor( $refund->get_amount() );
			}
		}
		return $sum;
	}
}
