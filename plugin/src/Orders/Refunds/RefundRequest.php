<?php
/**
 * A validated refund: what to give back and how WooCommerce records it.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Refunds;

/**
 * Built only by RefundInput::parse(), so every instance is valid for its order.
 */
final class RefundRequest {

	/**
	 * @param int                                  $amount     Minor units, > 0, within what is left to refund.
	 * @param string                               $reason     Sanitised reason.
	 * @param bool                                 $restock    Restock refunded items (only with lines).
	 * @param array<int, array<string, mixed>>     $line_items wc_create_refund() line_items (item id => qty, refund_total, refund_tax).
	 */
	public function __construct(
		public readonly int $amount,
		public readonly string $reason,
		public readonly bool $restock,
		public readonly array $line_items
	) {}
}
