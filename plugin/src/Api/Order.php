<?php
/**
 * An Ecster order as returned by GET v1/orders/{id}.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * Immutable value object. Amounts are minor units.
 */
final class Order {

	public const STATUS_READY               = 'READY';
	public const STATUS_PARTIALLY_DELIVERED = 'PARTIALLY_DELIVERED';
	public const STATUS_FULLY_DELIVERED     = 'FULLY_DELIVERED';
	public const STATUS_ANNULLED            = 'ANNULLED';

	/**
	 * @param Transaction[] $transactions Transactions, oldest first.
	 */
	public function __construct(
		public readonly string $id,
		public readonly string $status,
		public readonly int $amount,
		public readonly string $currency,
		public readonly int $debited_amount,
		public readonly int $credited_amount,
		public readonly string $method,
		public readonly string $order_reference,
		public readonly array $transactions,
		public readonly bool $debit_closed = false
	) {}

	/**
	 * @param array<string, mixed> $data Decoded JSON.
	 * @throws ApiException When required fields are missing.
	 */
	public static function from_array( array $data ): self {
		if ( ! isset( $data['id'], $data['status'] ) || ! is_scalar( $data['id'] ) || ! is_scalar( $data['status'] ) ) {
			throw new ApiException( 'Ecster returned an order without id or status.', ApiException::KIND_MALFORMED );
		}
		$int          = static fn( string $k ): int => isset( $data[ $k ] ) && is_numeric( $data[ $k ] ) ? (int) round( (float) $data[ $k ] ) : 0;
		$properties   = isset( $data['properties'] ) && is_array( $data['properties'] ) ? $data['properties'] : array();
		$transactions = array();
		foreach ( ( isset( $data['transactions'] ) && is_array( $data['transactions'] ) ) ? $data['transactions'] : array() as $t ) {
			if ( is_array( $t ) ) {
				$transactions[] = Transaction::from_array( $t );
			}
		}
		return new self(
			(string) $data['id'],
			(string) $data['status'],
			$int( 'amount' ),
			isset( $data['currency'] ) && is_string( $data['currency'] ) ? $data['currency'] : '',
			$int( 'debitedAmount' ),
			$int( 'creditedAmount' ),
			isset( $properties['method'] ) && is_string( $properties['method'] ) ? $properties['method'] : '',
			isset( $data['orderReference'] ) && is_scalar( $data['orderReference'] ) ? (string) $data['orderReference'] : '',
			$transactions,
			! empty( $data['debitClosed'] )
		);
	}

	/**
	 * Transactions of one type (DEBIT, CREDIT, ANNUL, ORIGINAL).
	 *
	 * @return Transaction[]
	 */
	public function transactions_of_type( string $type ): array {
		return array_values( array_filter( $this->transactions, static fn( Transaction $t ): bool => $t->type === $type ) );
	}

	public function is_swish(): bool {
		return 'SWISH' === $this->method;
	}
}
