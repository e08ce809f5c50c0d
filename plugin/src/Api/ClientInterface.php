<?php
/**
 * Contract of the Ecster order-management API client.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * Every Ecster call the plugin makes goes through this interface. All amounts are integers in
 * minor units (öre). Every method throws ApiException on any failure (HTTP error, Ecster error
 * body, 429, network error, timeout, malformed answer); none retries a POST.
 */
interface ClientInterface {

	/**
	 * GET v1/orders/{id}.
	 *
	 * @throws ApiException On failure.
	 */
	public function get_order( string $ecster_order_id ): Order;

	/**
	 * POST v1/orders/{id}/transactions.
	 *
	 * @param string               $ecster_order_id Ecster's internal order id.
	 * @param array<string, mixed> $body            {type, amount?, transactionReference?, debitTransaction?, closeDebit?, rows?, message?}.
	 * @throws ApiException On failure.
	 */
	public function create_transaction( string $ecster_order_id, array $body ): TransactionResult;

	/**
	 * PUT v1/orders/{id}/orderReference.
	 *
	 * @throws ApiException On failure.
	 */
	public function update_order_reference( string $ecster_order_id, string $order_reference ): void;

	/**
	 * POST v1/orders/{id}/refunds (Swish). Ecster's answer: status ONGOING, SUCCESS or another (failed).
	 *
	 * @throws ApiException On failure.
	 */
	public function create_swish_refund( string $ecster_order_id, int $amount, string $debit_transaction, string $message ): SwishRefund;

	/**
	 * GET v1/orders/{id}/refunds/latest/status (Swish): the newest refund of the order, null when
	 * the order has none (Ecster answers 404).
	 *
	 * @throws ApiException On failure.
	 */
	public function get_latest_swish_refund( string $ecster_order_id ): ?SwishRefund;

	/**
	 * A harmless authenticated call used by "Check connection".
	 *
	 * @throws ApiException On failure (kind AUTH when the credentials are rejected).
	 */
	public function check_connection(): void;
}
