<?php
/**
 * One refund this plugin asked WooCommerce to create, followed through the gateway call.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Refunds;

use EcsterOM\Orders\Result;

/**
 * Created by RefundService before it calls wc_create_refund() and handed by identity to the gateway
 * (through RefundTracker), which sets the credit's Result on it. Never shared between refunds.
 */
final class RefundAttempt {

	public ?Result $result = null;

	public function __construct(
		public readonly int $order_id,
		public readonly string $trigger
	) {}
}
