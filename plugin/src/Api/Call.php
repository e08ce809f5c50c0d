<?php
/**
 * One Ecster call described as data, so that several can be sent side by side.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * The calls the concurrent path of the order core needs: read an order, create a transaction.
 * A Call can be sent on its own through any ClientInterface (run()), or together with others
 * through a ConcurrentClient (Calls::send_all()). Either way the client's own rules apply (URL,
 * headers, timeout, no retry of a POST, error mapping, logging).
 */
final class Call {

	public const GET_ORDER          = 'get_order';
	public const CREATE_TRANSACTION = 'create_transaction';

	/**
	 * @param array<string, mixed>|null $body Transaction body (create_transaction only).
	 */
	private function __construct(
		public readonly string $name,
		public readonly string $ecster_order_id,
		public readonly ?array $body = null
	) {}

	/**
	 * GET v1/orders/{id}.
	 */
	public static function get_order( string $ecster_order_id ): self {
		return new self( self::GET_ORDER, $ecster_order_id );
	}

	/**
	 * POST v1/orders/{id}/transactions.
	 *
	 * @param array<string, mixed> $body {type, amount?, transactionReference?, debitTransaction?, closeDebit?, rows?, message?}.
	 */
	public static function create_transaction( string $ecster_order_id, array $body ): self {
		return new self( self::CREATE_TRANSACTION, $ecster_order_id, $body );
	}

	/**
	 * Sends this call on its own.
	 *
	 * @throws ApiException On failure.
	 */
	public function run( ClientInterface $client ): Order|TransactionResult {
		if ( self::CREATE_TRANSACTION === $this->name ) {
			return $client->create_transaction( $this->ecster_order_id, (array) $this->body );
		}
		return $client->get_order( $this->ecster_order_id );
	}
}
