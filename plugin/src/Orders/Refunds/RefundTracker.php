<?php
/**
 * Which WooCommerce refund the gateway is processing, taken from WooCommerce itself.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Refunds;

/**
 * WooCommerce calls `process_refund( $order_id, $amount, $reason )` without saying which refund.
 * It does announce the refund object it is creating (`woocommerce_create_refund`, just before it
 * saves it and calls the gateway), so this keeps that object, per order, for the call that follows
 * in the same request. Two refunds of the same amount made at the same time in other requests can
 * never be mixed up: each request only sees the refund it is creating.
 */
final class RefundTracker {

	/** @var array<int, list<\WC_Order_Refund>> Refunds being created, per order id. */
	private array $creating = array();

	/** @var array<int, list<RefundAttempt>> Attempts started by RefundService, per order id. */
	private array $attempts = array();

	public function register(): void {
		add_action( 'woocommerce_create_refund', array( $this, 'on_create_refund' ), PHP_INT_MAX, 1 );
		add_action( 'woocommerce_refund_created', array( $this, 'on_refund_created' ), 10, 1 );
	}

	/**
	 * @param mixed $refund The refund WooCommerce is about to save.
	 */
	public function on_create_refund( $refund ): void {
		if ( $refund instanceof \WC_Order_Refund && $refund->get_parent_id() > 0 ) {
			$this->creating[ $refund->get_parent_id() ][] = $refund;
		}
	}

	/**
	 * @param int|string $refund_id The refund WooCommerce finished creating.
	 */
	public function on_refund_created( $refund_id ): void {
		foreach ( $this->creating as $order_id => $refunds ) {
			$left = array_values( array_filter( $refunds, static fn( \WC_Order_Refund $r ): bool => $r->get_id() !== (int) $refund_id ) );
			if ( array() === $left ) {
				unset( $this->creating[ $order_id ] );
			} else {
				$this->creating[ $order_id ] = $left;
			}
		}
	}

	/**
	 * The refund WooCommerce is creating for the order right now (saved, so it has its id), or null
	 * when the gateway was called outside wc_create_refund().
	 */
	public function being_processed( int $order_id ): ?\WC_Order_Refund {
		$refunds = $this->creating[ $order_id ] ?? array();
		for ( $i = count( $refunds ) - 1; $i >= 0; $i-- ) {
			if ( $refunds[ $i ]->get_id() > 0 ) {
				return $refunds[ $i ];
			}
		}
		return null;
	}

	/**
	 * The gateway is done with a refund (credited or not).
	 */
	public function processed( \WC_Order_Refund $refund ): void {
		$this->on_refund_created( $refund->get_id() );
	}

	public function begin( int $order_id, string $trigger ): RefundAttempt {
		$attempt                       = new RefundAttempt( $order_id, $trigger );
		$this->attempts[ $order_id ][] = $attempt;
		return $attempt;
	}

	/**
	 * The attempt started for the order in this request, if any (the innermost).
	 */
	public function attempt( int $order_id ): ?RefundAttempt {
		$attempts = $this->attempts[ $order_id ] ?? array();
		return array() === $attempts ? null : $attempts[ count( $attempts ) - 1 ];
	}

	public function end( RefundAttempt $attempt ): void {
		$this->attempts[ $attempt->order_id ] = array_values( array_filter( $this->attempts[ $attempt->order_id ] ?? array(), static fn( RefundAttempt $a ): bool => $a !== $attempt ) );
		if ( array() === $this->attempts[ $attempt->order_id ] ) {
			unset( $this->attempts[ $attempt->order_id ] );
		}
	}
}
