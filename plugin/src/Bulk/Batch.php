<?php
/**
 * One bulk debit or annul: who started it, when, how many orders, whether it is done.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

/**
 * Immutable snapshot of a batch record (BatchStore). The orders' own progress is in Item.
 */
final class Batch {

	public const DEBIT = 'debit';
	public const ANNUL = 'annul';

	public const OPERATIONS = array( self::DEBIT, self::ANNUL );

	public function __construct(
		public readonly string $id,
		public readonly string $operation,
		public readonly string $trigger,
		public readonly int $user_id,
		public readonly int $created,
		public readonly ?int $finished,
		public readonly int $total
	) {}

	/**
	 * @param array<string, mixed> $data Stored fields.
	 */
	public static function from_array( string $id, array $data ): self {
		$operation = isset( $data['operation'] ) && in_array( $data['operation'], self::OPERATIONS, true ) ? (string) $data['operation'] : self::DEBIT;
		return new self(
			$id,
			$operation,
			isset( $data['trigger'] ) && is_string( $data['trigger'] ) ? $data['trigger'] : '',
			isset( $data['user'] ) && is_numeric( $data['user'] ) ? (int) $data['user'] : 0,
			isset( $data['created'] ) && is_numeric( $data['created'] ) ? (int) $data['created'] : 0,
			isset( $data['finished'] ) && is_numeric( $data['finished'] ) ? (int) $data['finished'] : null,
			isset( $data['total'] ) && is_numeric( $data['total'] ) ? (int) $data['total'] : 0
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return array(
			'operation' => $this->operation,
			'trigger'   => $this->trigger,
			'user'      => $this->user_id,
			'created'   => $this->created,
			'finished'  => $this->finished,
			'total'     => $this->total,
		);
	}

	public function with_finished( ?int $finished ): self {
		return new self( $this->id, $this->operation, $this->trigger, $this->user_id, $this->created, $finished, $this->total );
	}

	public function is_finished(): bool {
		return null !== $this->finished;
	}
}
