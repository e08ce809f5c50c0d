<?php
/**
 * One order of a batch and where it stands.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

/**
 * Life of an item:
 *
 *   queued ──a runner takes it──▶ running ──▶ done (Ecster confirmed: debited/annulled, or it already was)
 *     ▲                              │──────▶ failed (refused, or still failing after the last retry)
 *     │                              │──────▶ unknown (Ecster's answer lost and still not settled: the
 *     │                              │         reconciler follows it up, as for a single order)
 *     └──── retry (timeout, 5xx, 429, locked; with backoff) ◀┘
 *   failed / unknown ──"Retry failed"──▶ queued
 *   unknown / failed ──the reconciler finds the operation in Ecster──▶ done
 */
final class Item {

	public const QUEUED  = 'queued';
	public const RUNNING = 'running';
	public const DONE    = 'done';
	public const FAILED  = 'failed';
	public const UNKNOWN = 'unknown';

	/** States that still wait for a runner. */
	public const WAITING = array( self::QUEUED, self::RUNNING );

	/** States "Retry failed" queues again. */
	public const RETRYABLE = array( self::FAILED, self::UNKNOWN );

	public function __construct(
		public readonly string $batch_id,
		public readonly int $order_id,
		public readonly string $state,
		public readonly string $code = '',
		public readonly string $message = '',
		public readonly string $transaction_id = '',
		public readonly int $attempts = 0,
		public readonly int $updated = 0,
		public readonly int $due = 0
	) {}

	/**
	 * @param array<string, mixed> $data Stored fields.
	 */
	public static function from_array( string $batch_id, int $order_id, array $data ): self {
		$text  = static fn( string $key ): string => isset( $data[ $key ] ) && is_scalar( $data[ $key ] ) ? (string) $data[ $key ] : '';
		$int   = static fn( string $key ): int => isset( $data[ $key ] ) && is_numeric( $data[ $key ] ) ? (int) $data[ $key ] : 0;
		$state = $text( 'state' );
		return new self(
			$batch_id,
			$order_id,
			in_array( $state, array( self::QUEUED, self::RUNNING, self::DONE, self::FAILED, self::UNKNOWN ), true ) ? $state : self::QUEUED,
			$text( 'code' ),
			$text( 'message' ),
			$text( 'transaction' ),
			$int( 'attempts' ),
			$int( 'updated' ),
			$int( 'due' )
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return array(
			'state'       => $this->state,
			'code'        => $this->code,
			'message'     => $this->message,
			'transaction' => $this->transaction_id,
			'attempts'    => $this->attempts,
			'updated'     => $this->updated,
			'due'         => $this->due,
		);
	}

	/**
	 * A copy in another state (and what is known about it).
	 */
	public function moved( string $state, string $code = '', string $message = '', string $transaction_id = '', ?int $attempts = null, int $due = 0 ): self {
		return new self( $this->batch_id, $this->order_id, $state, $code, $message, $transaction_id, $attempts ?? $this->attempts, time(), $due );
	}

	public function is_waiting(): bool {
		return in_array( $this->state, self::WAITING, true );
	}
}
