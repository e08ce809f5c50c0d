<?php
/**
 * What Ecster's records say about an operation whose outcome was unknown.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

/**
 * confirmed: the transaction is in Ecster's records (with its id);
 * not_applied: Ecster's records prove it did not happen;
 * inconclusive: the records cannot tell yet (Ecster unreachable, too recent, no identifying data).
 */
final class Verdict {

	public const CONFIRMED    = 'confirmed';
	public const NOT_APPLIED  = 'not_applied';
	public const INCONCLUSIVE = 'inconclusive';

	/**
	 * @param array<string, mixed> $data Details for the journal.
	 */
	private function __construct(
		public readonly string $kind,
		public readonly string $transaction_id,
		public readonly string $reason,
		public readonly array $data
	) {}

	/**
	 * @param array<string, mixed> $data Details for the journal.
	 */
	public static function confirmed( string $transaction_id, array $data = array() ): self {
		return new self( self::CONFIRMED, $transaction_id, '', $data );
	}

	public static function not_applied( string $reason ): self {
		return new self( self::NOT_APPLIED, '', $reason, array() );
	}

	public static function inconclusive( string $reason ): self {
		return new self( self::INCONCLUSIVE, '', $reason, array() );
	}
}
