<?php
/**
 * What an operation is about to ask Ecster for.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

/**
 * Saved in the journal before the request leaves (amount, refund, details incl. the request body
 * without the transaction reference, which is the journal entry's own reference).
 */
final class Intent {

	/**
	 * @param array<string, mixed> $data Details kept with the journal entry.
	 */
	public function __construct(
		public readonly int $amount,
		public readonly array $data,
		public readonly int $refund_id = 0
	) {}
}
