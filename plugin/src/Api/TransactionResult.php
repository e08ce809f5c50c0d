<?php
/**
 * The answer to POST v1/orders/{id}/transactions.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * orderStatus after the transaction and the new transaction.
 */
final class TransactionResult {

	public function __construct(
		public readonly string $order_status,
		public readonly Transaction $transaction
	) {}

	/**
	 * @param array<string, mixed> $data Decoded JSON.
	 * @throws ApiException When the answer lacks orderStatus or transaction.
	 */
	public static function from_array( array $data ): self {
		if ( ! isset( $data['orderStatus'], $data['transaction'] ) || ! is_string( $data['orderStatus'] ) || ! is_array( $data['transaction'] ) ) {
			throw new ApiException( 'Ecster answered the transaction without orderStatus or transaction.', ApiException::KIND_MALFORMED );
		}
		return new self( $data['orderStatus'], Transaction::from_array( $data['transaction'] ) );
	}
}
