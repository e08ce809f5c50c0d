<?php
/**
 * Ecster's records of one order, read at most once per decision.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Api\SwishRefund;

/**
 * Lazily reads Ecster's order and its latest Swish refund; a failed read is remembered and
 * thrown again, so one decision never asks a failing Ecster twice.
 */
final class EcsterView {

	private ?EcsterOrder $order         = null;
	private ?ApiException $order_error  = null;
	private bool $latest_read           = false;
	private ?SwishRefund $latest        = null;
	private ?ApiException $latest_error = null;

	public function __construct(
		private ClientInterface $client,
		private string $reference
	) {}

	/**
	 * @throws ApiException When Ecster cannot be read.
	 */
	public function order(): EcsterOrder {
		if ( null !== $this->order_error ) {
			throw $this->order_error;
		}
		if ( null === $this->order ) {
			try {
				$this->order = $this->client->get_order( $this->reference );
			} catch ( ApiException $e ) {
				$this->order_error = $e;
				throw $e;
			}
		}
		return $this->order;
	}

	/**
	 * Ecster's order as read already (Runner::run_many() reads the orders of several operations
	 * side by side), or why it could not be read: kept as if order() had read it.
	 */
	public function seed( EcsterOrder|ApiException $read ): void {
		if ( $read instanceof ApiException ) {
			$this->order       = null;
			$this->order_error = $read;
			return;
		}
		$this->order       = $read;
		$this->order_error = null;
	}

	/**
	 * @throws ApiException When Ecster cannot be read.
	 */
	public function latest_swish_refund(): ?SwishRefund {
		if ( null !== $this->latest_error ) {
			throw $this->latest_error;
		}
		if ( ! $this->latest_read ) {
			try {
				$this->latest = $this->client->get_latest_swish_refund( $this->reference );
			} catch ( ApiException $e ) {
				$this->latest_error = $e;
				throw $e;
			}
			$this->latest_read = true;
		}
		return $this->latest;
	}

	/**
	 * Something changed in Ecster (a request was sent): read again next time.
	 */
	public function forget(): void {
		$this->order        = null;
		$this->order_error  = null;
		$this->latest_read  = false;
		$this->latest       = null;
		$this->latest_error = null;
	}

	public function reference(): string {
		return $this->reference;
	}
}
