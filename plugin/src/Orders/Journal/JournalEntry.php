<?php
/**
 * One money operation in the journal: the intent and, once known, its outcome.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Journal;

/**
 * Immutable snapshot of a journal row. Journal::… methods write a new state and return a new
 * snapshot.
 *
 * Life of an entry:
 *   pending ──answer──▶ confirmed (Ecster's transaction id) | refused (Ecster's code)
 *      │
 *      └─no valid answer (timeout, drop, 5xx, 429 after the POST, malformed)──▶ unknown
 *   unknown / pending (left by a process that died) ──evidence from Ecster──▶ confirmed | not_applied
 *
 * An unknown entry leaves that state only on evidence from Ecster's own records; nothing else
 * (no retry, no deleted marker) resolves it. "pending" is only ever seen by others when the
 * process that wrote it died (the writer holds the order's lock the whole time).
 */
final class JournalEntry {

	public const PENDING     = 'pending';
	public const CONFIRMED   = 'confirmed';
	public const REFUSED     = 'refused';
	public const UNKNOWN     = 'unknown';
	public const NOT_APPLIED = 'not_applied';

	public const DEBIT        = 'debit';
	public const ANNUL        = 'annul';
	public const CREDIT       = 'credit';
	public const SWISH_REFUND = 'swish_refund';

	/** States in which the outcome is still an open question. */
	public const OPEN_STATES = array( self::PENDING, self::UNKNOWN );

	/**
	 * @param array<string, mixed> $data Operation details: request rows, refund lines, evidence baseline, Swish status…
	 */
	public function __construct(
		public readonly int $id,
		public readonly string $reference,
		public readonly int $order_id,
		public readonly string $ecster_order_id,
		public readonly string $operation,
		public readonly string $state,
		public readonly int $amount,
		public readonly string $currency,
		public readonly int $refund_id,
		public readonly string $trigger,
		public readonly int $user_id,
		public readonly string $transaction_id,
		public readonly string $ecster_code,
		public readonly string $message,
		public readonly array $data,
		public readonly int $checks,
		public readonly ?int $next_check,
		public readonly bool $gave_up,
		public readonly int $created,
		public readonly int $updated
	) {}

	/**
	 * @param array<string, mixed> $row A database row.
	 */
	public static function from_row( array $row ): self {
		$data = isset( $row['data'] ) && is_string( $row['data'] ) && '' !== $row['data'] ? json_decode( $row['data'], true ) : array();
		return new self(
			(int) $row['id'],
			(string) $row['reference'],
			(int) $row['order_id'],
			(string) $row['ecster_order_id'],
			(string) $row['operation'],
			(string) $row['state'],
			(int) $row['amount'],
			(string) $row['currency'],
			(int) $row['refund_id'],
			(string) $row['trigger_source'],
			(int) $row['user_id'],
			(string) $row['transaction_id'],
			(string) $row['ecster_code'],
			(string) ( $row['message'] ?? '' ),
			is_array( $data ) ? $data : array(),
			(int) $row['checks'],
			! empty( $row['next_check_gmt'] ) ? self::timestamp( (string) $row['next_check_gmt'] ) : null,
			! empty( $row['gave_up'] ),
			self::timestamp( (string) $row['created_gmt'] ),
			self::timestamp( (string) $row['updated_gmt'] )
		);
	}

	public static function timestamp( string $gmt ): int {
		$time = strtotime( $gmt . ' UTC' );
		return false === $time ? 0 : $time;
	}

	public function is_open(): bool {
		return in_array( $this->state, self::OPEN_STATES, true );
	}

	/**
	 * A value from the operation details.
	 *
	 * @return mixed
	 */
	public function detail( string $key, mixed $fallback = null ): mixed {
		return $this->data[ $key ] ?? $fallback;
	}

	/**
	 * True for a confirmed Swish refund Ecster is still carrying out.
	 */
	public function is_swish_running(): bool {
		return self::SWISH_REFUND === $this->operation && self::CONFIRMED === $this->state && 'ONGOING' === $this->detail( 'swishStatus' );
	}
}
