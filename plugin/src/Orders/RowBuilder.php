<?php
/**
 * Builds Ecster transaction rows from WooCommerce orders and refunds.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Logger;

/**
 * Rows follow Ecster's encoding (see docs/architecture.md and the API notes §2/§3.2):
 * - amounts are integers in minor units, VAT included (unitAmount);
 * - vatRate is percent × 100; only 0, 600, 1200 and 2500 exist in Sweden, any other rate is
 *   logged and sent as 0 (as the Ecster Pay plugin did);
 * - Σ(unitAmount × quantity) equals the transaction amount: a line whose total does not divide by
 *   its quantity is split into two rows (e.g. 3 × 33.33⅓ → 2 × 33.33 + 1 × 33.34) and a final
 *   "rounding-fee" row absorbs the difference between per-line rounding and the order total.
 *
 * @phpstan-type EcsterRow array{partNumber: string, name: string, description?: string, quantity: int, unitAmount: int, vatRate: int}
 */
class RowBuilder {

	public const VALID_VAT_RATES      = array( 0, 600, 1200, 2500 );
	public const ROUNDING_PART_NUMBER = 'rounding-fee';
	public const PART_NUMBER_MAX      = 32;
	public const NAME_MAX             = 128;

	public function __construct( private Logger $logger ) {}

	/**
	 * Decimal money (major units) to minor units.
	 *
	 * @param float|int|string $amount Amount in major units.
	 */
	public static function to_minor( $amount ): int {
		return (int) round( (float) $amount * 100 );
	}

	/**
	 * Rows for debiting the whole order.
	 *
	 * @return list<EcsterRow>
	 */
	public function for_order( \WC_Order $order, int $amount ): array {
		$rows = array_merge(
			$this->items_rows( $order->get_items( 'line_item' ), false ),
			$this->items_rows( $order->get_items( 'shipping' ), false ),
			$this->items_rows( $order->get_items( 'fee' ), false )
		);
		return $this->with_rounding( $rows, $amount, $order->get_id() );
	}

	/**
	 * Rows for crediting a refund: its item, shipping and fee lines, or one row for the amount.
	 *
	 * @return list<EcsterRow>
	 */
	public function for_refund( ?\WC_Order_Refund $refund, int $amount, string $reason, int $order_id ): array {
		$rows = array();
		if ( null !== $refund ) {
			$rows = $this->items_rows( $refund->get_items( array( 'line_item', 'shipping', 'fee' ) ), true );
		}
		if ( array() === $rows ) {
			$name = null !== $refund
				/* translators: %d: WooCommerce refund id */
				? sprintf( __( 'Refund #%d', 'ecster-order-management' ), $refund->get_id() )
				: __( 'Refund', 'ecster-order-management' );
			if ( '' !== trim( $reason ) ) {
				$name .= ' (' . trim( $reason ) . ')';
			}
			$rows[] = array(
				'partNumber' => 'ref1',
				'name'       => $this->cut( $name, self::NAME_MAX ),
				'quantity'   => 1,
				'unitAmount' => $amount,
				'vatRate'    => 0,
			);
		}
		return $this->with_rounding( $rows, $amount, $order_id );
	}

	/**
	 * Ecster's VAT encoding for a net amount and its tax.
	 */
	public function vat_rate( float $net, float $tax, int $order_id = 0, string $name = '' ): int {
		if ( abs( $net ) < 0.00001 || abs( $tax ) < 0.00001 ) {
			return 0;
		}
		$percent = round( $tax / $net * 100 );
		$rate    = (int) ( $percent * 100 );
		if ( in_array( $rate, self::VALID_VAT_RATES, true ) ) {
			return $rate;
		}
		$this->logger->warning(
			'VAT rate not supported by Ecster; sent as 0.',
			array(
				'order_id' => $order_id,
				'row'      => $name,
				'vat_rate' => $tax / $net * 100,
			)
		);
		return 0;
	}

	/**
	 * True for the item kinds that become Ecster rows: product lines, shipping and fees (the
	 * classes WooCommerce uses for the line_item, shipping and fee item types).
	 *
	 * @param mixed $item An order item.
	 * @phpstan-assert-if-true \WC_Order_Item_Product|\WC_Order_Item_Shipping|\WC_Order_Item_Fee $item
	 */
	public static function is_row_item( $item ): bool {
		return $item instanceof \WC_Order_Item_Product
			|| $item instanceof \WC_Order_Item_Shipping
			|| $item instanceof \WC_Order_Item_Fee;
	}

	/**
	 * Rows of several items, in their order.
	 *
	 * @param iterable<mixed> $items     Order or refund items.
	 * @param bool            $is_refund The items belong to a refund (negative numbers).
	 * @return list<EcsterRow>
	 */
	private function items_rows( iterable $items, bool $is_refund ): array {
		$rows = array();
		foreach ( $items as $item ) {
			if ( self::is_row_item( $item ) ) {
				$rows = array_merge( $rows, $this->line_rows( $item, $is_refund ) );
			}
		}
		return $rows;
	}

	/**
	 * One item as one or two rows.
	 *
	 * @param \WC_Order_Item_Product|\WC_Order_Item_Shipping|\WC_Order_Item_Fee $item      Line, shipping or fee item.
	 * @param bool                                                            $is_refund The item belongs to a refund (negative numbers).
	 * @return list<EcsterRow>
	 */
	private function line_rows( \WC_Order_Item_Product|\WC_Order_Item_Shipping|\WC_Order_Item_Fee $item, bool $is_refund ): array {
		$net   = (float) $item->get_total();
		$tax   = (float) $item->get_total_tax();
		$minor = self::to_minor( $net + $tax );
		if ( $is_refund ) {
			$minor = abs( $minor );
			$net   = abs( $net );
			$tax   = abs( $tax );
		}
		if ( 0 === $minor ) {
			return array();
		}
		$type     = $item->get_type();
		$name     = $this->cut( (string) $item->get_name(), self::NAME_MAX );
		$order_id = (int) $item->get_order_id();
		$vat_rate = $this->vat_rate( $net, $tax, $order_id, $name );

		$quantity = 1;
		$part     = $type;
		if ( 'line_item' === $type && $item instanceof \WC_Order_Item_Product ) {
			$quantity = abs( (float) $item->get_quantity() );
			$product  = $item->get_product();
			$sku      = $product ? (string) $product->get_sku() : '';
			$part     = '' !== $sku ? $sku : (string) ( $item->get_variation_id() ? $item->get_variation_id() : $item->get_product_id() );
		} elseif ( 'shipping' === $type && $item instanceof \WC_Order_Item_Shipping ) {
			$part = (string) $item->get_method_id();
			$part = '' !== $part ? $part : 'shipping';
		} elseif ( 'fee' === $type ) {
			$part = 'fee';
		}
		$base = array(
			'partNumber' => $this->cut( $part, self::PART_NUMBER_MAX ),
			'name'       => $name,
		);
		if ( 'fee' === $type ) {
			$base['description'] = $name;
		}

		// Refund lines refunded by amount only carry quantity 0.
		if ( $quantity <= 0 ) {
			$quantity = 1;
		}
		if ( floor( $quantity ) !== $quantity || $minor < 0 ) {
			// Fractional quantities or negative fees: one row for the whole line.
			return array(
				$base + array(
					'quantity'   => 1,
					'unitAmount' => $minor,
					'vatRate'    => $vat_rate,
				),
			);
		}
		$quantity  = (int) $quantity;
		$unit      = intdiv( $minor, $quantity );
		$remainder = $minor - $unit * $quantity;
		if ( 0 === $remainder ) {
			return array(
				$base + array(
					'quantity'   => $quantity,
					'unitAmount' => $unit,
					'vatRate'    => $vat_rate,
				),
			);
		}
		// Split so that the rows add up exactly: (q − r) × unit + r × (unit + 1) = minor.
		$rows = array();
		if ( $quantity - $remainder > 0 ) {
			$rows[] = $base + array(
				'quantity'   => $quantity - $remainder,
				'unitAmount' => $unit,
				'vatRate'    => $vat_rate,
			);
		}
		$rows[] = $base + array(
			'quantity'   => $remainder,
			'unitAmount' => $unit + 1,
			'vatRate'    => $vat_rate,
		);
		return $rows;
	}

	/**
	 * Appends a rounding row when the rows do not add up to the amount.
	 *
	 * @param list<EcsterRow> $rows Rows.
	 * @return list<EcsterRow>
	 */
	private function with_rounding( array $rows, int $amount, int $order_id ): array {
		$sum = self::sum( $rows );
		if ( $sum !== $amount ) {
			if ( abs( $sum - $amount ) > 100 ) {
				$this->logger->warning(
					'Ecster rows differ from the amount by more than one unit; a rounding row balances them.',
					array(
						'order_id' => $order_id,
						'rows'     => $sum,
						'amount'   => $amount,
					)
				);
			}
			$rows[] = array(
				'partNumber' => self::ROUNDING_PART_NUMBER,
				'name'       => self::ROUNDING_PART_NUMBER,
				'quantity'   => 1,
				'unitAmount' => $amount - $sum,
				'vatRate'    => 0,
			);
		}
		return $rows;
	}

	/**
	 * Σ(unitAmount × quantity) of rows.
	 *
	 * @param array<int, array<string, mixed>> $rows Rows.
	 */
	public static function sum( array $rows ): int {
		$sum = 0;
		foreach ( $rows as $row ) {
			$sum += (int) round( (float) $row['unitAmount'] * (float) $row['quantity'] );
		}
		return $sum;
	}

	private function cut( string $text, int $max ): string {
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $max ) : substr( $text, 0, $max );
	}
}
