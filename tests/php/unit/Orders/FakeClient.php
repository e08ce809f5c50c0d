<?php
/**
 * A fake Ecster client: a small in-memory Ecster that records every call and can fail on demand.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\Order;
use EcsterOM\Api\SwishRefund;
use EcsterOM\Api\TransactionResult;

final class FakeClient implements ClientInterface {

	/** @var array<string, array<string, mixed>> Ecster orders by id (Ecster JSON shape). */
	public array $orders = array();

	/** @var array<int, array{method: string, id: string, body: mixed}> */
	public array $calls = array();

	/** @var array<int, array{method: string, error: ApiException, apply: bool}> */
	private array $faults = array();

	/** Status Ecster answers the next Swish refund request with (ONGOING, or a failed status such as FAILED). */
	public string $swish_refund_status = SwishRefund::ONGOING;

	/**
	 * When false, Ecster's Swish answers carry only the documented `status` (no id, no amount),
	 * as Ecster's documentation allows.
	 */
	public bool $swish_ids = true;

	/** @var array<string, list<array{id: string, status: string, amount: int}>> Swish refunds Ecster has, per order, oldest first. */
	public array $swish_refunds = array();

	private int $sequence = 0;

	/**
	 * Adds an order as if a customer had just paid.
	 */
	public function add_order( string $id, int $amount, string $method = 'INVOICE', string $status = 'READY' ): void {
		$this->orders[ $id ] = array(
			'id'             => $id,
			'status'         => $status,
			'properties'     => array( 'method' => $method ),
			'amount'         => $amount,
			'currency'       => 'SEK',
			'debitedAmount'  => 0,
			'creditedAmount' => 0,
			'transactions'   => array(
				array( 'id' => 'ORIG-' . $id, 'type' => 'ORIGINAL', 'amount' => $amount ),
			),
		);
		if ( 'SWISH' === $method ) {
			$this->orders[ $id ]['status']          = 'FULLY_DELIVERED';
			$this->orders[ $id ]['debitedAmount']   = $amount;
			$this->orders[ $id ]['transactions'][] = array( 'id' => 'SWISHDEBIT-' . $id, 'type' => 'DEBIT', 'amount' => $amount );
		}
	}

	/**
	 * The next call of $method throws $error. With $apply the call is carried out first (a
	 * timeout after Ecster did the work).
	 */
	public function fail_next( string $method, ApiException $error, bool $apply = false ): void {
		$this->faults[] = array(
			'method' => $method,
			'error'  => $error,
			'apply'  => $apply,
		);
	}

	/**
	 * Calls of one method (and transaction type).
	 *
	 * @return array<int, array{method: string, id: string, body: mixed}>
	 */
	public function calls_of( string $method, ?string $type = null ): array {
		return array_values(
			array_filter(
				$this->calls,
				static fn( array $c ): bool => $c['method'] === $method && ( null === $type || ( is_array( $c['body'] ) && ( $c['body']['type'] ?? null ) === $type ) )
			)
		);
	}

	public function get_order( string $ecster_order_id ): Order {
		$this->calls[] = array( 'method' => 'get_order', 'id' => $ecster_order_id, 'body' => null );
		$this->maybe_fail( 'get_order', static fn() => null );
		if ( ! isset( $this->orders[ $ecster_order_id ] ) ) {
			throw new ApiException( 'Not found', ApiException::KIND_HTTP, 404, 4040, 'Order not found' );
		}
		return Order::from_array( $this->orders[ $ecster_order_id ] );
	}

	public function create_transaction( string $ecster_order_id, array $body ): TransactionResult {
		$this->calls[] = array( 'method' => 'create_transaction', 'id' => $ecster_order_id, 'body' => $body );
		$result        = null;
		$this->maybe_fail(
			'create_transaction',
			function () use ( $ecster_order_id, $body, &$result ) {
				$result = $this->apply( $ecster_order_id, $body );
			}
		);
		return $result ?? $this->apply( $ecster_order_id, $body );
	}

	public function update_order_reference( string $ecster_order_id, string $order_reference ): void {
		$this->calls[] = array( 'method' => 'update_order_reference', 'id' => $ecster_order_id, 'body' => $order_reference );
	}

	public function create_swish_refund( string $ecster_order_id, int $amount, string $debit_transaction, string $message ): SwishRefund {
		$this->calls[] = array(
			'method' => 'create_swish_refund',
			'id'     => $ecster_order_id,
			'body'   => array(
				'amount'           => $amount,
				'debitTransaction' => $debit_transaction,
				'message'          => $message,
			),
		);
		$refund = null;
		$this->maybe_fail(
			'create_swish_refund',
			function () use ( $ecster_order_id, $amount, &$refund ) {
				$refund = $this->add_swish_refund( $ecster_order_id, $amount );
			}
		);
		$refund ??= $this->add_swish_refund( $ecster_order_id, $amount );
		return $this->swish_answer( $refund );
	}

	public function get_latest_swish_refund( string $ecster_order_id ): ?SwishRefund {
		$this->calls[] = array( 'method' => 'get_latest_swish_refund', 'id' => $ecster_order_id, 'body' => null );
		$this->maybe_fail( 'get_latest_swish_refund', static fn() => null );
		$refunds = $this->swish_refunds[ $ecster_order_id ] ?? array();
		// Ecster answers 404 when the order has no refund; the client turns that into null.
		return array() === $refunds ? null : $this->swish_answer( $refunds[ count( $refunds ) - 1 ] );
	}

	/**
	 * Ecster finishes the order's latest Swish refund (SUCCESS, or a failed status such as DECLINED).
	 */
	public function finish_swish_refund( string $ecster_order_id, string $status ): void {
		$last = count( $this->swish_refunds[ $ecster_order_id ] ?? array() ) - 1;
		if ( $last < 0 ) {
			throw new \LogicException( "Order $ecster_order_id has no Swish refund to finish." );
		}
		$this->swish_refunds[ $ecster_order_id ][ $last ]['status'] = $status;
	}

	/**
	 * A Swish refund Ecster received (from this plugin or from anywhere else, such as its portal).
	 *
	 * @return array{id: string, status: string, amount: int}
	 */
	public function add_swish_refund( string $ecster_order_id, int $amount, ?string $status = null ): array {
		if ( ! isset( $this->orders[ $ecster_order_id ] ) ) {
			throw new ApiException( 'Not found', ApiException::KIND_HTTP, 404, 4040, 'Order not found' );
		}
		$refund = array(
			'id'     => 'SR' . ( ++$this->sequence ),
			'status' => $status ?? $this->swish_refund_status,
			'amount' => $amount,
		);
		$this->swish_refunds[ $ecster_order_id ][] = $refund;
		return $refund;
	}

	/**
	 * @param array{id: string, status: string, amount: int} $refund Stored refund.
	 */
	private function swish_answer( array $refund ): SwishRefund {
		return $this->swish_ids
			? new SwishRefund( $refund['status'], $refund['id'], $refund['amount'] )
			: new SwishRefund( $refund['status'] );
	}

	public function check_connection(): void {
		$this->calls[] = array( 'method' => 'check_connection', 'id' => '', 'body' => null );
	}

	private function maybe_fail( string $method, callable $apply ): void {
		foreach ( $this->faults as $i => $fault ) {
			if ( $fault['method'] === $method ) {
				unset( $this->faults[ $i ] );
				if ( $fault['apply'] ) {
					$apply();
				}
				throw $fault['error'];
			}
		}
	}

	/**
	 * Ecster's rules (API notes §7), enough for the service tests.
	 *
	 * @param array<string, mixed> $body Request body.
	 */
	private function apply( string $id, array $body ): TransactionResult {
		if ( ! isset( $this->orders[ $id ] ) ) {
			throw new ApiException( 'Not found', ApiException::KIND_HTTP, 404, 4040, 'Order not found' );
		}
		$order   = &$this->orders[ $id ];
		$invalid = new ApiException( 'Invalid state', ApiException::KIND_HTTP, 400, 4424, 'order is not in a valid state' );
		$tx      = array(
			'id'                   => 'TX' . ( ++$this->sequence ),
			'type'                 => $body['type'],
			'amount'               => (int) ( $body['amount'] ?? 0 ),
			'transactionReference' => (string) ( $body['transactionReference'] ?? '' ),
		);
		switch ( $body['type'] ) {
			case 'DEBIT':
				if ( ! in_array( $order['status'], array( 'READY', 'PARTIALLY_DELIVERED' ), true ) || ! empty( $order['debitClosed'] ) || 'SWISH' === $order['properties']['method'] ) {
					throw $invalid;
				}
				$residual = $order['amount'] - $order['debitedAmount'];
				if ( $tx['amount'] <= 0 || $tx['amount'] > $residual ) {
					throw new ApiException( 'Bad amount', ApiException::KIND_HTTP, 400, 4001, 'amount exceeds residual' );
				}
				$order['debitedAmount'] += $tx['amount'];
				$order['status']         = $tx['amount'] === $residual ? 'FULLY_DELIVERED' : 'PARTIALLY_DELIVERED';
				if ( ! empty( $body['closeDebit'] ) ) {
					$order['debitClosed'] = true;
				}
				break;
			case 'ANNUL':
				if ( 'READY' !== $order['status'] ) {
					throw $invalid;
				}
				$order['status'] = 'ANNULLED';
				$tx['amount']    = 0;
				break;
			case 'CREDIT':
				if ( empty( $body['debitTransaction'] ) ) {
					throw new ApiException( 'Missing debitTransaction', ApiException::KIND_HTTP, 400, 4002, 'debitTransaction missing' );
				}
				if ( $tx['amount'] <= 0 || $order['creditedAmount'] + $tx['amount'] > $order['debitedAmount'] ) {
					throw new ApiException( 'Bad amount', ApiException::KIND_HTTP, 400, 4003, 'amount exceeds debited' );
				}
				$order['creditedAmount'] += $tx['amount'];
				$tx['billPdfUrl']         = 'https://labs.ecster.se/bills/' . $tx['id'] . '.pdf';
				break;
		}
		$order['transactions'][] = $tx;
		return TransactionResult::from_array(
			array(
				'orderStatus' => $order['status'],
				'transaction' => $tx,
			)
		);
	}
}
