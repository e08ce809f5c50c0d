<?php
/**
 * A Swish refund as Ecster reports it.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * Ecster documents only `status` for `POST …/refunds` and `GET …/refunds/latest/status`
 * (ONGOING, SUCCESS, anything else = failed). The sandbox, like Ecster's order views, also
 * returns `id`, `amount` and `created`; they are read when present because they are what ties
 * "the latest refund" to the refund we asked for. When Ecster leaves them out, `id` is '' and
 * `amount` null, and callers must not treat the latest refund as evidence for a particular one.
 */
final class SwishRefund {

	public const ONGOING = 'ONGOING';
	public const SUCCESS = 'SUCCESS';

	public function __construct(
		public readonly string $status,
		public readonly string $id = '',
		public readonly ?int $amount = null,
		public readonly string $created = ''
	) {}

	/**
	 * @param array<mixed> $data Decoded JSON object with at least `status`.
	 */
	public static function from_array( array $data ): self {
		return new self(
			strtoupper( (string) $data['status'] ),
			isset( $data['id'] ) && is_scalar( $data['id'] ) ? (string) $data['id'] : '',
			isset( $data['amount'] ) && is_numeric( $data['amount'] ) ? (int) round( (float) $data['amount'] ) : null,
			isset( $data['created'] ) && is_string( $data['created'] ) ? $data['created'] : ''
		);
	}

	public function is_running(): bool {
		return self::ONGOING === $this->status;
	}

	public function is_success(): bool {
		return self::SUCCESS === $this->status;
	}
}
