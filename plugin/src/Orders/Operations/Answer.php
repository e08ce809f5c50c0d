<?php
/**
 * What Ecster answered to a money request.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

/**
 * A valid answer: Ecster's transaction (or Swish refund) id and details to keep in the journal.
 */
final class Answer {

	/**
	 * @param array<string, mixed> $data Details (orderStatus, billPdfUrl, swishStatus…).
	 */
	public function __construct(
		public readonly string $transaction_id,
		public readonly array $data = array()
	) {}
}
