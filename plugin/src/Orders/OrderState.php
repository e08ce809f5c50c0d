<?php
/**
 * The Ecster state of one order, as shown in the order panel and returned by the REST API.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Api\Transaction;
use EcsterOM\Orders\Journal\JournalEntry;

/**
 * Builds the array documented in docs/architecture.md ("Order state"). Amounts are integers in
 * minor units; an amount that cannot be known (Ecster not asked or not reachable) is null.
 * Unmanaged orders never cause an Ecster request.
 */
final class OrderState {

	/** WooCommerce statuses in which a debit may be started by hand. */
	public const DEBIT_STATUSES = array( 'processing', 'on-hold', 'completed' );
	/** WooCommerce statuses in which an annul may be started by hand. */
	public const ANNUL_STATUSES = array( 'pending', 'processing', 'on-hold', 'cancelled', 'failed' );
	/** WooCommerce statuses in which a refund may be started. */
	public const REFUND_STATUSES = array( 'processing', 'on-hold', 'completed', 'refunded' );

	/** Ecster end states no merchant call can change. */
	public const NEGATIVE_STATUSES = array( 'DENIED', 'FAILED', 'ABORTED', 'EXPIRED', 'BLOCKED', 'STOPPED' );

	public function __construct(
		private OrderManager $manager,
		private ClientInterface $client
	) {}

	/**
	 * @return array<string, mixed>
	 */
	public function build( \WC_Order $order, bool $ask_ecster ): array {
		$currency = $order->get_currency();
		$total    = RowBuilder::to_minor( $order->get_total() );
		$reason   = $this->manager->unmanaged_reason( $order );
		$state    = array(
			'orderId'          => $order->get_id(),
			'orderNumber'      => (string) $order->get_order_number(),
			'wcStatus'         => $order->get_status(),
			'currency'         => $currency,
			'orderTotal'       => $total,
			'managed'          => null === $reason,
			'unmanagedReason'  => $reason,
			'unmanagedMessage' => null === $reason ? null : $this->manager->unmanaged_message( $reason ),
			'settingsUrl'      => admin_url( 'admin.php?page=wc-settings&tab=checkout&section=ecster' ),
			'ecsterOrderId'    => null,
			'paymentMethod'    => null,
			'ecsterStatus'     => null,
			'ecsterReachable'  => null,
			'ecsterError'      => null,
			'locked'           => false,
			'amounts'          => array(
				'reserved'   => null,
				'debited'    => null,
				'credited'   => null,
				'creditable' => null,
			),
			'transactions'     => array(),
			'actions'          => array(),
			'warnings'         => array(),
			'refunds'          => array(),
			'activity'         => array(),
			'openQuestions'    => 0,
		);

		if ( null !== $reason ) {
			$why              = $this->manager->unmanaged_message( $reason );
			$state['actions'] = array(
				'debit'     => array(
					'allowed' => false,
					'amount'  => $total,
					'reason'  => $why,
				),
				'annul'     => array(
					'allowed' => false,
					'reason'  => $why,
				),
				'refund'    => array(
					'allowed'   => false,
					'maxAmount' => 0,
					'reason'    => $why,
				),
				'reconcile' => array(
					'allowed' => false,
					'reason'  => $why,
				),
			);
			return $state;
		}

		$record    = $this->manager->record( $order );
		$reference = $record->reference();
		$method    = $record->method();
		$captured  = $record->captured_id();
		$cancelled = $record->cancelled_id();
		$open      = array_values( array_filter( $record->entries(), static fn( JournalEntry $e ): bool => $e->is_open() ) );

		$state['activity']      = Activity::rows( $record->entries() );
		$state['openQuestions'] = count( $open );

		$state['ecsterOrderId'] = $reference;
		$state['paymentMethod'] = '' !== $method ? $method : null;
		$state['locked']        = $this->manager->lock()->is_locked( $order->get_id() );

		$ecster = null;
		if ( $ask_ecster ) {
			try {
				$ecster                   = $this->client->get_order( $reference );
				$state['ecsterReachable'] = true;
			} catch ( ApiException $e ) {
				$state['ecsterReachable'] = false;
				$state['ecsterError']     = array(
					'kind'       => $e->get_kind(),
					'httpStatus' => $e->get_http_status(),
					'code'       => $e->get_ecster_code(),
					'message'    => ApiException::KIND_RATE_LIMITED === $e->get_kind()
						? __( 'Ecster is rate limiting requests (HTTP 429). Try again in a minute.', 'ecster-order-management' )
						: ( '' !== $e->get_ecster_message() ? $e->get_ecster_message() : $e->getMessage() ),
				);
				$state['warnings'][]      = array(
					'code'    => 'ecster_unreachable',
					'message' => __( 'Ecster could not be asked for the order right now, so amounts and actions are based on what WooCommerce recorded.', 'ecster-order-management' ),
				);
			}
		}

		$is_swish = OrderRecord::SWISH === $method || ( null !== $ecster && $ecster->is_swish() );
		if ( null !== $ecster ) {
			$state['ecsterStatus'] = $ecster->status;
			if ( '' !== $ecster->method ) {
				$state['paymentMethod'] = $ecster->method;
			}
			$state['transactions'] = array_map(
				static fn( Transaction $t ): array => array(
					'id'         => $t->id,
					'type'       => $t->type,
					'created'    => $t->created,
					'amount'     => $t->amount,
					'reference'  => $t->transaction_reference,
					'billPdfUrl' => $t->bill_pdf_url,
				),
				$ecster->transactions
			);
		}

		// Refunds: which were credited in Ecster.
		$credited_local = 0;
		foreach ( $order->get_refunds() as $refund ) {
			$id           = $refund->get_id();
			$transaction  = $record->credit_for_refund( $id );
			$swish_status = $record->swish_status( $id );
			$entry        = $record->journal_entry_for_refund( $id );
			$amount       = RowBuilder::to_minor( $refund->get_amount() );
			$credited     = '' !== $transaction;
			if ( $credited ) {
				$credited_local += $amount;
			}
			$state['refunds'][] = array(
				'refundId'            => $id,
				'amount'              => $amount,
				'reason'              => (string) $refund->get_reason(),
				'ecsterTransactionId' => '' !== $transaction && 'swish' !== $transaction ? $transaction : null,
				'creditedInEcster'    => $credited,
				'invoiceUrl'          => $record->credit_invoice_url( $id ),
				'swishStatus'         => '' !== $swish_status ? $swish_status : null,
			);
			if ( null !== $entry && $entry->is_open() ) {
				continue; // The open question is the warning (outcome_unknown_*).
			}
			if ( ! $credited && '' === $swish_status ) {
				$state['warnings'][] = array(
					'code'    => 'refund_not_credited',
					'message' => sprintf(
						/* translators: 1: refund id, 2: amount */
						__( 'Refund #%1$d (%2$s) was recorded in WooCommerce only; it was not credited in Ecster.', 'ecster-order-management' ),
						$id,
						Notes::money( $amount, $currency )
					),
				);
			} elseif ( 'ONGOING' === $swish_status ) {
				$state['warnings'][] = array(
					'code'    => 'swish_refund_pending',
					'message' => sprintf(
						/* translators: %d: refund id */
						__( 'The Swish refund of refund #%d is still being processed by Ecster.', 'ecster-order-management' ),
						$id
					),
				);
			} elseif ( ! $credited ) {
				$state['warnings'][] = array(
					'code'    => 'swish_refund_failed',
					'message' => sprintf(
						/* translators: 1: refund id, 2: Swish status */
						__( 'The Swish refund of refund #%1$d ended with the status %2$s in Ecster: the customer did not get the money back. Refund them through Swish or your bank.', 'ecster-order-management' ),
						$id,
						$swish_status
					),
				);
			}
		}

		// Amounts.
		if ( null !== $ecster ) {
			$reserved = $ecster->amount;
			$debited  = $ecster->debited_amount;
			$credited = $ecster->credited_amount;
		} else {
			$reserved = null;
			$debited  = '' !== $captured ? ( $record->debited_amount() ?? $total ) : 0;
			$credited = $credited_local;
		}
		$creditable        = max( 0, $debited - $credited );
		$state['amounts']  = array(
			'reserved'   => $reserved,
			'debited'    => $debited,
			'credited'   => $credited,
			'creditable' => $creditable,
		);
		$is_debited        = '' !== $captured || $debited > 0 || ( null !== $ecster && in_array( $ecster->status, array( EcsterOrder::STATUS_FULLY_DELIVERED, EcsterOrder::STATUS_PARTIALLY_DELIVERED ), true ) );
		$is_annulled       = '' !== $cancelled || ( null !== $ecster && EcsterOrder::STATUS_ANNULLED === $ecster->status );
		$wc_status         = $order->get_status();
		$status_label      = function_exists( 'wc_get_order_status_name' ) ? wc_get_order_status_name( $wc_status ) : $wc_status;
		$follow_up         = $record->needs_follow_up();
		$locked_reason     = $state['locked'] ? __( 'Another request is processing this order in Ecster right now.', 'ecster-order-management' ) : null;
		$state['actions']  = array(
			'debit'     => $this->debit_action( $order, $ecster, $total, $is_swish, $is_debited, $is_annulled, $status_label, $locked_reason ),
			'annul'     => $this->annul_action( $ecster, $is_swish, $is_debited, $is_annulled, $wc_status, $status_label, $locked_reason ),
			'refund'    => $this->refund_action( $order, $creditable, $is_debited, $is_swish, $wc_status, $status_label, $locked_reason ),
			'reconcile' => array(
				'allowed' => $follow_up,
				'reason'  => $follow_up ? null : __( 'Nothing is waiting for Ecster: every operation has a known outcome.', 'ecster-order-management' ),
			),
		);
		$state['warnings'] = array_merge( $this->warnings( $order, $ecster, $total, $captured, $open ), $state['warnings'] );
		return $state;
	}

	/**
	 * @return array{allowed: bool, amount: int, reason: ?string}
	 */
	private function debit_action( \WC_Order $order, ?EcsterOrder $ecster, int $total, bool $is_swish, bool $is_debited, bool $is_annulled, string $status_label, ?string $locked ): array {
		$reason = null;
		if ( null !== $locked ) {
			$reason = $locked;
		} elseif ( $is_swish ) {
			$reason = __( 'Swish payments are charged at purchase; there is nothing to debit.', 'ecster-order-management' );
		} elseif ( $is_debited ) {
			$reason = __( 'The order has already been debited in Ecster.', 'ecster-order-management' );
		} elseif ( $is_annulled ) {
			$reason = __( 'The reservation has been annulled in Ecster.', 'ecster-order-management' );
		} elseif ( ! $order->has_status( self::DEBIT_STATUSES ) ) {
			/* translators: %s: order status */
			$reason = sprintf( __( 'Orders with the status %s cannot be debited (Processing, On hold or Completed only).', 'ecster-order-management' ), $status_label );
		} elseif ( $total <= 0 ) {
			$reason = __( 'The order total is zero.', 'ecster-order-management' );
		} elseif ( null !== $ecster && EcsterOrder::STATUS_READY !== $ecster->status ) {
			/* translators: %s: Ecster status */
			$reason = sprintf( __( 'The order has the status %s in Ecster, which cannot be debited.', 'ecster-order-management' ), $ecster->status );
		} elseif ( null !== $ecster && $total > $ecster->amount - $ecster->debited_amount ) {
			$reason = __( 'The order total exceeds the amount Ecster reserved.', 'ecster-order-management' );
		}
		return array(
			'allowed' => null === $reason,
			'amount'  => $total,
			'reason'  => $reason,
		);
	}

	/**
	 * @return array{allowed: bool, reason: ?string}
	 */
	private function annul_action( ?EcsterOrder $ecster, bool $is_swish, bool $is_debited, bool $is_annulled, string $wc_status, string $status_label, ?string $locked ): array {
		$reason = null;
		if ( null !== $locked ) {
			$reason = $locked;
		} elseif ( $is_swish ) {
			$reason = __( 'Swish payments cannot be annulled in Ecster; refund the order or handle it with Swish/your bank.', 'ecster-order-management' );
		} elseif ( $is_annulled ) {
			$reason = __( 'The reservation has already been annulled.', 'ecster-order-management' );
		} elseif ( $is_debited ) {
			$reason = __( 'The order has been debited, so the reservation cannot be annulled; refund it instead.', 'ecster-order-management' );
		} elseif ( ! in_array( $wc_status, self::ANNUL_STATUSES, true ) ) {
			/* translators: %s: order status */
			$reason = sprintf( __( 'Orders with the status %s cannot be annulled.', 'ecster-order-management' ), $status_label );
		} elseif ( null !== $ecster && EcsterOrder::STATUS_READY !== $ecster->status ) {
			/* translators: %s: Ecster status */
			$reason = sprintf( __( 'The order has the status %s in Ecster, which cannot be annulled.', 'ecster-order-management' ), $ecster->status );
		}
		return array(
			'allowed' => null === $reason,
			'reason'  => $reason,
		);
	}

	/**
	 * @return array{allowed: bool, maxAmount: int, reason: ?string}
	 */
	private function refund_action( \WC_Order $order, int $creditable, bool $is_debited, bool $is_swish, string $wc_status, string $status_label, ?string $locked ): array {
		$remaining = RowBuilder::to_minor( $order->get_remaining_refund_amount() );
		$max       = max( 0, min( $creditable, $remaining ) );
		$reason    = null;
		if ( null !== $locked ) {
			$reason = $locked;
		} elseif ( ! $is_debited && ! $is_swish ) {
			$reason = __( 'The order has not been debited in Ecster yet.', 'ecster-order-management' );
		} elseif ( ! in_array( $wc_status, self::REFUND_STATUSES, true ) ) {
			/* translators: %s: order status */
			$reason = sprintf( __( 'Orders with the status %s cannot be refunded.', 'ecster-order-management' ), $status_label );
		} elseif ( $max <= 0 ) {
			$reason = __( 'Nothing is left to refund.', 'ecster-order-management' );
		}
		return array(
			'allowed'   => null === $reason,
			'maxAmount' => null === $reason ? $max : 0,
			'reason'    => $reason,
		);
	}

	/**
	 * Contradictions between WooCommerce and Ecster, and unknown outcomes.
	 *
	 * @param list<JournalEntry> $open Entries whose outcome is an open question.
	 * @return array<int, array{code: string, message: string}>
	 */
	private function warnings( \WC_Order $order, ?EcsterOrder $ecster, int $total, string $captured, array $open ): array {
		$warnings = array();
		$currency = $order->get_currency();
		foreach ( $open as $entry ) {
			$warnings[] = array(
				'code'    => 'outcome_unknown_' . $entry->operation,
				'message' => Activity::message( $entry ) . ' ' . ( $entry->gave_up
					? ''
					: __( 'Nothing new is sent for this order until Ecster\'s records show what happened; it is checked automatically.', 'ecster-order-management' ) ),
			);
		}
		if ( null === $ecster ) {
			return $warnings;
		}
		$status_label = function_exists( 'wc_get_order_status_name' ) ? wc_get_order_status_name( $order->get_status() ) : $order->get_status();
		$residual     = $ecster->amount - $ecster->debited_amount;
		if ( EcsterOrder::STATUS_READY === $ecster->status && $total !== $residual ) {
			$warnings[] = array(
				'code'    => 'total_mismatch',
				'message' => $total > $residual
					? sprintf(
						/* translators: 1: order total, 2: reserved amount */
						__( 'The order total %1$s exceeds the amount Ecster reserved (%2$s): it cannot be debited until the total is lowered.', 'ecster-order-management' ),
						Notes::money( $total, $currency ),
						Notes::money( $residual, $currency )
					)
					: sprintf(
						/* translators: 1: order total, 2: reserved amount, 3: released amount */
						__( 'The order total %1$s is below the amount Ecster reserved (%2$s): the debit takes the total and releases the rest (%3$s).', 'ecster-order-management' ),
						Notes::money( $total, $currency ),
						Notes::money( $residual, $currency ),
						Notes::money( $residual - $total, $currency )
					),
			);
		}
		$debited_in_ecster = in_array( $ecster->status, array( EcsterOrder::STATUS_FULLY_DELIVERED, EcsterOrder::STATUS_PARTIALLY_DELIVERED ), true );
		$message           = null;
		if ( EcsterOrder::STATUS_ANNULLED === $ecster->status && ! $order->has_status( array( 'cancelled', 'refunded', 'failed' ) ) ) {
			/* translators: %s: WooCommerce order status */
			$message = sprintf( __( 'The reservation is annulled in Ecster, but the order is %s here: the customer will not be charged.', 'ecster-order-management' ), $status_label );
		} elseif ( $debited_in_ecster && ! $ecster->is_swish() && ! $order->has_status( array( 'completed', 'refunded' ) ) ) {
			/* translators: %s: WooCommerce order status */
			$message = sprintf( __( 'The payment is debited in Ecster, but the order is %s here, not Completed.', 'ecster-order-management' ), $status_label );
		} elseif ( EcsterOrder::STATUS_READY === $ecster->status && $order->has_status( 'completed' ) ) {
			$message = __( 'The order is Completed here, but the payment has not been debited in Ecster.', 'ecster-order-management' );
		} elseif ( EcsterOrder::STATUS_READY === $ecster->status && $order->has_status( 'cancelled' ) ) {
			$message = __( 'The order is Cancelled here, but the reservation is still open in Ecster.', 'ecster-order-management' );
		} elseif ( in_array( $ecster->status, self::NEGATIVE_STATUSES, true ) && $order->has_status( array( 'processing', 'completed', 'on-hold' ) ) ) {
			/* translators: 1: Ecster status, 2: WooCommerce order status */
			$message = sprintf( __( 'Ecster has the status %1$s for this payment, but the order is %2$s here.', 'ecster-order-management' ), $ecster->status, $status_label );
		} elseif ( '' !== $captured && EcsterOrder::STATUS_READY === $ecster->status ) {
			$message = __( 'WooCommerce recorded a debit that Ecster does not have.', 'ecster-order-management' );
		}
		if ( null !== $message ) {
			$warnings[] = array(
				'code'    => 'status_mismatch',
				'message' => $message,
			);
		}
		return $warnings;
	}
}
