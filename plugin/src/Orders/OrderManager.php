<?php
/**
 * Debit, annul and credit of Ecster orders: the one service every trigger calls.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Api\Transaction;
use EcsterOM\Logger;
use EcsterOM\Settings;

/**
 * Rules (docs/architecture.md):
 * - Only managed orders are touched (Manage orders on, method `ecster`, Ecster reference set); the
 *   cheap in-memory checks come first, the meta read last.
 * - Every action runs under a per-order lock (OrderLock) that works across PHP processes, so two
 *   simultaneous requests for one order send at most one transaction.
 * - Idempotency: stored transaction ids are checked first. Debit and credit then always read
 *   Ecster's order (one GET) because they need Ecster's amounts anyway (reservation, debited,
 *   credited); annul reads it too (rare action, and it is what tells us whether the order is
 *   Swish, already annulled or already debited in Ecster). An order Ecster already has in the
 *   requested state is recorded, not acted on again. At most one transaction request follows.
 * - An answer that never came (timeout, dropped connection, malformed body) leaves the flag
 *   `_ecster_om_pending_<debit|annul|credit>` and a note; the next attempt reconciles with
 *   Ecster's order before sending anything.
 * - Failures are loud: order note + log with Ecster's code and message.
 */
class OrderManager {

	public const GATEWAY_ID = 'ecster';

	public const META_REFERENCE           = '_wc_ecster_internal_reference';
	public const META_METHOD              = '_wc_ecster_payment_method';
	public const META_SWISH_ID            = '_wc_ecster_swish_id';
	public const META_CAPTURED            = '_ecster_order_captured_id';
	public const META_CANCELLED           = '_ecster_order_cancelled_id';
	public const META_REFUND_PREFIX       = '_ecster_refund_id_';
	public const META_PENDING_PREFIX      = '_ecster_om_pending_';
	public const META_DEBITED_AMOUNT      = '_ecster_om_debited_amount';
	public const META_SWISH_REFUND_PREFIX = '_ecster_om_swish_refund_';

	public const TRIGGER_STATUS_HOOK      = 'status_hook';
	public const TRIGGER_REST             = 'rest';
	public const TRIGGER_CLI              = 'cli';
	public const TRIGGER_PAYMENT_COMPLETE = 'payment_complete';
	public const TRIGGER_GATEWAY          = 'gateway';

	public const POLL_HOOK         = 'ecster_om_poll_swish_refund';
	public const POLL_GROUP        = 'ecster-order-management';
	public const POLL_INTERVAL     = 180;
	public const POLL_MAX_ATTEMPTS = 40;

	public const SWISH         = 'SWISH';
	public const SWISH_ONGOING = 'ONGOING';
	public const SWISH_SUCCESS = 'SUCCESS';

	private OrderLock $lock;
	private RowBuilder $rows;

	/** @var array<int, true> Orders this request is acting on right now (nested calls are skipped). */
	private array $in_progress = array();

	/** @var array<int, Result> Last result per order in this request (for the REST refund answer). */
	private array $last_results = array();

	public function __construct(
		private Settings $settings,
		private ClientInterface $client,
		private Logger $logger,
		?OrderLock $lock = null
	) {
		$this->lock = $lock ?? new OrderLock();
		$this->rows = new RowBuilder( $logger );
	}

	public function lock(): OrderLock {
		return $this->lock;
	}

	// ---------------------------------------------------------------------------------------
	// Which orders.
	// ---------------------------------------------------------------------------------------

	public function is_managed( \WC_Order $order ): bool {
		return null === $this->unmanaged_reason( $order );
	}

	/**
	 * Why an order is not managed: `not_ecster` | `manage_orders_off` | `no_reference`, or null.
	 * Cheapest checks first: the payment method is in memory, the setting is an autoloaded
	 * option, the reference is order meta.
	 */
	public function unmanaged_reason( \WC_Order $order ): ?string {
		if ( self::GATEWAY_ID !== $order->get_payment_method() ) {
			return 'not_ecster';
		}
		if ( ! $this->settings->manage_orders() ) {
			return 'manage_orders_off';
		}
		if ( '' === $this->reference( $order ) ) {
			return 'no_reference';
		}
		return null;
	}

	public function unmanaged_message( string $reason ): string {
		switch ( $reason ) {
			case 'not_ecster':
				return __( 'This order was not paid with Ecster Pay.', 'ecster-order-management' );
			case 'manage_orders_off':
				return __( 'Manage orders is turned off in the Ecster Pay settings, so this plugin does not debit, annul or credit Ecster orders.', 'ecster-order-management' );
			default:
				return __( 'This order has no Ecster order reference (_wc_ecster_internal_reference), so it cannot be handled in Ecster.', 'ecster-order-management' );
		}
	}

	public function reference( \WC_Order $order ): string {
		$reference = $order->get_meta( self::META_REFERENCE );
		return is_scalar( $reference ) ? trim( (string) $reference ) : '';
	}

	/**
	 * Swish according to the order meta written at checkout.
	 */
	public function is_swish_by_meta( \WC_Order $order ): bool {
		return self::SWISH === strtoupper( (string) $order->get_meta( self::META_METHOD ) );
	}

	/**
	 * The result of the last action on the order in this request, if any.
	 */
	public function last_result( int $order_id ): ?Result {
		return $this->last_results[ $order_id ] ?? null;
	}

	// ---------------------------------------------------------------------------------------
	// Debit.
	// ---------------------------------------------------------------------------------------

	/**
	 * Debits (activates) the whole order in Ecster.
	 *
	 * @param \WC_Order $order   The order.
	 * @param string    $trigger One of the TRIGGER_* constants.
	 */
	public function debit( \WC_Order $order, string $trigger ): Result {
		$reason = $this->unmanaged_reason( $order );
		if ( null !== $reason ) {
			return $this->remember( $order, Result::failure( Result::NOT_MANAGED, $this->unmanaged_message( $reason ) ) );
		}
		$result = $this->locked(
			$order,
			$trigger,
			'debit',
			function () use ( $order, $trigger ): Result {
				$result = $this->do_debit( $order, $trigger );
				$this->after_debit( $order, $trigger, $result );
				return $result;
			}
		);
		return $this->remember( $order, $result );
	}

	private function do_debit( \WC_Order $order, string $trigger ): Result {
		$captured  = (string) $order->get_meta( self::META_CAPTURED );
		$cancelled = (string) $order->get_meta( self::META_CANCELLED );

		if ( '' !== $captured ) {
			$message = sprintf(
				/* translators: %s: Ecster transaction id */
				__( 'Ecster payment was already debited (transaction %s); no new debit was sent.', 'ecster-order-management' ),
				$captured
			);
			$order->add_order_note( $message );
			return Result::success( Result::ALREADY_DEBITED, $message, $captured );
		}
		if ( '' !== $cancelled ) {
			$message = sprintf(
				/* translators: %s: Ecster transaction id */
				__( 'Ecster debit not possible: the Ecster reservation was annulled (transaction %s), so there is nothing left to debit.', 'ecster-order-management' ),
				$cancelled
			);
			$order->add_order_note( $message );
			return Result::failure( Result::ANNULLED_IN_ECSTER, $message, false, $cancelled );
		}
		if ( $this->is_swish_by_meta( $order ) ) {
			return $this->swish_debit( $order, null );
		}

		$reference = $this->reference( $order );
		try {
			$ecster = $this->client->get_order( $reference );
		} catch ( ApiException $e ) {
			return $this->fail( $order, 'debit', $e, false );
		}

		$reconciled = $this->reconcile_debit( $order, $ecster );
		if ( null !== $reconciled ) {
			return $reconciled;
		}

		$total    = RowBuilder::to_minor( $order->get_total() );
		$reserved = $ecster->amount - $ecster->debited_amount;
		$currency = $order->get_currency();

		if ( '' !== $ecster->currency && strtoupper( $ecster->currency ) !== strtoupper( $currency ) ) {
			$message = sprintf(
				/* translators: 1: Ecster currency, 2: order currency */
				__( 'Ecster debit not sent: Ecster reserved the payment in %1$s but the order is in %2$s.', 'ecster-order-management' ),
				$ecster->currency,
				$currency
			);
			return $this->fail_plain( $order, Result::CURRENCY_MISMATCH, $message );
		}
		if ( $total <= 0 ) {
			return $this->fail_plain( $order, Result::NOTHING_TO_DEBIT, __( 'Ecster debit not sent: the order total is zero. Annul the reservation instead (cancel the order).', 'ecster-order-management' ) );
		}
		if ( $total > $reserved ) {
			$message = sprintf(
				/* translators: 1: order total, 2: reserved amount */
				__( 'Ecster debit not sent: the order total %1$s exceeds the amount Ecster reserved (%2$s). Ecster cannot debit more than was reserved; lower the order total or take the difference as a separate payment.', 'ecster-order-management' ),
				$this->money( $total, $currency ),
				$this->money( $reserved, $currency )
			);
			return $this->fail_plain( $order, Result::EXCEEDS_RESERVATION, $message );
		}

		$close = $total < $reserved;
		$body  = array(
			'type'                 => 'DEBIT',
			'amount'               => $total,
			'transactionReference' => (string) $order->get_id(),
			'rows'                 => $this->rows->for_order( $order, $total ),
		);
		if ( $close ) {
			$body['closeDebit'] = true;
		}

		$this->logger->info(
			'Sending Ecster DEBIT.',
			array(
				'order_id' => $order->get_id(),
				'trigger'  => $trigger,
				'amount'   => $total,
				'close'    => $close,
			)
		);
		try {
			$answer = $this->client->create_transaction( $reference, $body );
		} catch ( ApiException $e ) {
			if ( ! $e->is_outcome_unknown() && ApiException::ECSTER_INVALID_STATE === $e->get_ecster_code() ) {
				// Someone may have acted on the order outside this request: look again.
				$again = $this->read_quietly( $reference );
				if ( null !== $again ) {
					$reconciled = $this->reconcile_debit( $order, $again );
					if ( null !== $reconciled ) {
						return $reconciled;
					}
				}
			}
			return $this->fail( $order, 'debit', $e, true, array( 'amount' => $total ) );
		}

		$transaction = $answer->transaction;
		$order->update_meta_data( self::META_CAPTURED, $transaction->id );
		$order->update_meta_data( self::META_DEBITED_AMOUNT, (string) $total );
		$order->delete_meta_data( self::META_PENDING_PREFIX . 'debit' );
		$order->save();

		$message = sprintf(
			/* translators: 1: amount, 2: Ecster transaction id */
			__( 'Ecster payment debited: %1$s (transaction %2$s).', 'ecster-order-management' ),
			$this->money( $total, $currency ),
			$transaction->id
		);
		if ( $close ) {
			$message .= ' ' . sprintf(
				/* translators: %s: released amount */
				__( 'The order total was below the reservation, so the rest of the reservation (%s) was released.', 'ecster-order-management' ),
				$this->money( $reserved - $total, $currency )
			);
		}
		$expected = $close ? array( EcsterOrder::STATUS_PARTIALLY_DELIVERED, EcsterOrder::STATUS_FULLY_DELIVERED ) : array( EcsterOrder::STATUS_FULLY_DELIVERED );
		if ( ! in_array( $answer->order_status, $expected, true ) ) {
			$message .= ' ' . sprintf(
				/* translators: %s: Ecster order status */
				__( 'Ecster reported the order status %s; check the order in Ecster.', 'ecster-order-management' ),
				$answer->order_status
			);
			$this->logger->warning(
				'Unexpected Ecster status after DEBIT.',
				array(
					'order_id' => $order->get_id(),
					'status'   => $answer->order_status,
				)
			);
		}
		$order->add_order_note( $message );
		$this->logger->info(
			'Ecster DEBIT done.',
			array(
				'order_id'    => $order->get_id(),
				'transaction' => $transaction->id,
			)
		);
		return Result::success( Result::DEBITED, $message, $transaction->id, true, $total );
	}

	/**
	 * Records what Ecster already did (debited, annulled, Swish) or explains why its status does
	 * not allow a debit. Null when the order is READY for a debit.
	 */
	private function reconcile_debit( \WC_Order $order, EcsterOrder $ecster ): ?Result {
		if ( $ecster->is_swish() ) {
			return $this->swish_debit( $order, $ecster );
		}
		$pending = $this->has_pending( $order, 'debit' );
		$debit   = $this->latest( $ecster, 'DEBIT' );
		$total   = RowBuilder::to_minor( $order->get_total() );

		switch ( $ecster->status ) {
			case EcsterOrder::STATUS_READY:
				if ( $pending ) {
					$order->delete_meta_data( self::META_PENDING_PREFIX . 'debit' );
					$order->save();
					$order->add_order_note( __( 'The earlier Ecster debit whose outcome was unknown did not go through (Ecster still has the full reservation). Debiting now.', 'ecster-order-management' ) );
				}
				return null;
			case EcsterOrder::STATUS_FULLY_DELIVERED:
				if ( null !== $debit ) {
					return $this->record_debit( $order, $ecster, $debit, $pending );
				}
				break;
			case EcsterOrder::STATUS_PARTIALLY_DELIVERED:
				if ( null !== $debit && ( $ecster->debit_closed || $ecster->debited_amount >= $total ) ) {
					return $this->record_debit( $order, $ecster, $debit, $pending );
				}
				$message = sprintf(
					/* translators: 1: debited amount, 2: reserved amount */
					__( 'Ecster debit not sent: the order was partially debited outside WooCommerce (%1$s of %2$s). This plugin does not make partial debits; handle the rest in Ecster.', 'ecster-order-management' ),
					$this->money( $ecster->debited_amount, $order->get_currency() ),
					$this->money( $ecster->amount, $order->get_currency() )
				);
				return $this->fail_plain( $order, Result::PARTIALLY_DEBITED, $message );
			case EcsterOrder::STATUS_ANNULLED:
				$annul = $this->latest( $ecster, 'ANNUL' );
				if ( null !== $annul ) {
					$order->update_meta_data( self::META_CANCELLED, $annul->id );
					$order->save();
				}
				return $this->fail_plain(
					$order,
					Result::ANNULLED_IN_ECSTER,
					__( 'Ecster debit not possible: the reservation is annulled in Ecster, so there is nothing to debit.', 'ecster-order-management' )
				);
		}
		$message = sprintf(
			/* translators: %s: Ecster order status */
			__( 'Ecster debit not sent: the order has the status %s in Ecster, which cannot be debited.', 'ecster-order-management' ),
			$ecster->status
		);
		return $this->fail_plain( $order, Result::INVALID_ECSTER_STATUS, $message );
	}

	/**
	 * Stores a DEBIT that Ecster already has.
	 */
	private function record_debit( \WC_Order $order, EcsterOrder $ecster, Transaction $debit, bool $pending ): Result {
		$order->update_meta_data( self::META_CAPTURED, $debit->id );
		$order->update_meta_data( self::META_DEBITED_AMOUNT, (string) $ecster->debited_amount );
		$order->delete_meta_data( self::META_PENDING_PREFIX . 'debit' );
		$order->save();
		$message = $pending
			? sprintf(
				/* translators: 1: amount, 2: Ecster transaction id */
				__( 'The earlier Ecster debit whose outcome was unknown did go through: %1$s debited (transaction %2$s). Recorded; no new debit was sent.', 'ecster-order-management' ),
				$this->money( $ecster->debited_amount, $order->get_currency() ),
				$debit->id
			)
			: sprintf(
				/* translators: 1: amount, 2: Ecster transaction id */
				__( 'Ecster payment was already debited in Ecster: %1$s (transaction %2$s). Recorded; no new debit was sent.', 'ecster-order-management' ),
				$this->money( $ecster->debited_amount, $order->get_currency() ),
				$debit->id
			);
		$order->add_order_note( $message );
		$this->logger->info(
			'Recorded an existing Ecster DEBIT.',
			array(
				'order_id'    => $order->get_id(),
				'transaction' => $debit->id,
			)
		);
		return Result::success( Result::ALREADY_DEBITED, $message, $debit->id, false, $ecster->debited_amount );
	}

	private function swish_debit( \WC_Order $order, ?EcsterOrder $ecster ): Result {
		$transaction = (string) $order->get_meta( self::META_SWISH_ID );
		if ( '' === $transaction && null !== $ecster ) {
			$debit       = $this->latest( $ecster, 'DEBIT' );
			$transaction = null !== $debit ? $debit->id : '';
		}
		if ( '' !== $transaction ) {
			$order->update_meta_data( self::META_CAPTURED, $transaction );
			$order->save();
		}
		$message = __( 'No debit needed in Ecster: Swish payments are charged at purchase. The order is recorded as already charged.', 'ecster-order-management' );
		$order->add_order_note( $message );
		return Result::success( Result::SWISH_ALREADY_CHARGED, $message, $transaction );
	}

	/**
	 * Status follow-up of a debit: a manual debit completes the order; a failed debit from a
	 * status change takes the order out of Completed (it is not paid).
	 */
	private function after_debit( \WC_Order $order, string $trigger, Result $result ): void {
		$manual = in_array( $trigger, array( self::TRIGGER_REST, self::TRIGGER_CLI ), true );
		if ( $result->is_success() ) {
			if ( $manual && in_array( $result->code(), array( Result::DEBITED, Result::ALREADY_DEBITED, Result::SWISH_ALREADY_CHARGED ), true ) && $order->has_status( array( 'processing', 'on-hold' ) ) ) {
				$order->update_status( 'completed', __( 'Completed after the Ecster debit.', 'ecster-order-management' ) );
			}
			return;
		}
		if ( ! $manual && Result::LOCKED !== $result->code() && $order->has_status( 'completed' ) ) {
			$status = $this->settings->failed_debit_status();
			$order->update_status(
				$status,
				sprintf(
					/* translators: %s: order status name */
					__( 'The Ecster payment was not debited, so the order was moved to %s instead of staying Completed. Fix the cause and complete the order again to retry the debit.', 'ecster-order-management' ),
					function_exists( 'wc_get_order_status_name' ) ? wc_get_order_status_name( $status ) : $status
				)
			);
		}
	}

	// ---------------------------------------------------------------------------------------
	// Annul.
	// ---------------------------------------------------------------------------------------

	/**
	 * Annuls (cancels) the reservation in Ecster. Only possible before any debit.
	 *
	 * @param \WC_Order $order   The order.
	 * @param string    $trigger One of the TRIGGER_* constants.
	 */
	public function annul( \WC_Order $order, string $trigger ): Result {
		$reason = $this->unmanaged_reason( $order );
		if ( null !== $reason ) {
			return $this->remember( $order, Result::failure( Result::NOT_MANAGED, $this->unmanaged_message( $reason ) ) );
		}
		$result = $this->locked(
			$order,
			$trigger,
			'annul',
			function () use ( $order, $trigger ): Result {
				$result = $this->do_annul( $order );
				if ( $result->is_success() && in_array( $trigger, array( self::TRIGGER_REST, self::TRIGGER_CLI ), true ) && ! $order->has_status( 'cancelled' ) ) {
					$order->update_status( 'cancelled', __( 'Cancelled after the Ecster reservation was annulled.', 'ecster-order-management' ) );
				}
				return $result;
			}
		);
		return $this->remember( $order, $result );
	}

	private function do_annul( \WC_Order $order ): Result {
		$captured  = (string) $order->get_meta( self::META_CAPTURED );
		$cancelled = (string) $order->get_meta( self::META_CANCELLED );

		if ( '' !== $cancelled ) {
			$message = sprintf(
				/* translators: %s: Ecster transaction id */
				__( 'Ecster reservation is already cancelled (transaction %s); no new annul was sent.', 'ecster-order-management' ),
				$cancelled
			);
			$order->add_order_note( $message );
			return Result::success( Result::ALREADY_ANNULLED, $message, $cancelled );
		}
		if ( $this->is_swish_by_meta( $order ) ) {
			return $this->swish_annul( $order );
		}
		if ( '' !== $captured ) {
			return $this->debited_cannot_annul( $order, $captured );
		}

		$reference = $this->reference( $order );
		try {
			$ecster = $this->client->get_order( $reference );
		} catch ( ApiException $e ) {
			return $this->fail( $order, 'annul', $e, false );
		}
		$reconciled = $this->reconcile_annul( $order, $ecster );
		if ( null !== $reconciled ) {
			return $reconciled;
		}

		try {
			$answer = $this->client->create_transaction(
				$reference,
				array(
					'type'                 => 'ANNUL',
					'transactionReference' => (string) $order->get_id(),
				)
			);
		} catch ( ApiException $e ) {
			if ( ! $e->is_outcome_unknown() && ApiException::ECSTER_INVALID_STATE === $e->get_ecster_code() ) {
				$again = $this->read_quietly( $reference );
				if ( null !== $again ) {
					$reconciled = $this->reconcile_annul( $order, $again );
					if ( null !== $reconciled ) {
						return $reconciled;
					}
				}
			}
			return $this->fail( $order, 'annul', $e, true );
		}

		$transaction = $answer->transaction;
		$order->update_meta_data( self::META_CANCELLED, $transaction->id );
		$order->delete_meta_data( self::META_PENDING_PREFIX . 'annul' );
		$order->save();
		$message = sprintf(
			/* translators: %s: Ecster transaction id */
			__( 'Ecster payment was successfully cancelled (transaction id %s).', 'ecster-order-management' ),
			$transaction->id
		);
		if ( EcsterOrder::STATUS_ANNULLED !== $answer->order_status ) {
			$message .= ' ' . sprintf(
				/* translators: %s: Ecster order status */
				__( 'Ecster reported the order status %s; check the order in Ecster.', 'ecster-order-management' ),
				$answer->order_status
			);
		}
		$order->add_order_note( $message );
		$this->logger->info(
			'Ecster ANNUL done.',
			array(
				'order_id'    => $order->get_id(),
				'transaction' => $transaction->id,
			)
		);
		return Result::success( Result::ANNULLED, $message, $transaction->id, true );
	}

	private function reconcile_annul( \WC_Order $order, EcsterOrder $ecster ): ?Result {
		if ( $ecster->is_swish() ) {
			return $this->swish_annul( $order );
		}
		$pending = $this->has_pending( $order, 'annul' );
		switch ( $ecster->status ) {
			case EcsterOrder::STATUS_READY:
				if ( $pending ) {
					$order->delete_meta_data( self::META_PENDING_PREFIX . 'annul' );
					$order->save();
					$order->add_order_note( __( 'The earlier Ecster annul whose outcome was unknown did not go through (the reservation is still open). Annulling now.', 'ecster-order-management' ) );
				}
				return null;
			case EcsterOrder::STATUS_ANNULLED:
				$annul = $this->latest( $ecster, 'ANNUL' );
				$id    = null !== $annul ? $annul->id : '';
				$order->update_meta_data( self::META_CANCELLED, '' !== $id ? $id : 'ANNULLED' );
				$order->delete_meta_data( self::META_PENDING_PREFIX . 'annul' );
				$order->save();
				$message = $pending
					? sprintf(
						/* translators: %s: Ecster transaction id */
						__( 'The earlier Ecster annul whose outcome was unknown did go through (transaction %s). Recorded; no new annul was sent.', 'ecster-order-management' ),
						$id
					)
					: sprintf(
						/* translators: %s: Ecster transaction id */
						__( 'Ecster reservation was already annulled in Ecster (transaction %s). Recorded; no new annul was sent.', 'ecster-order-management' ),
						$id
					);
				$order->add_order_note( $message );
				return Result::success( Result::ALREADY_ANNULLED, $message, $id );
			case EcsterOrder::STATUS_FULLY_DELIVERED:
			case EcsterOrder::STATUS_PARTIALLY_DELIVERED:
				$debit = $this->latest( $ecster, 'DEBIT' );
				if ( null !== $debit ) {
					$order->update_meta_data( self::META_CAPTURED, $debit->id );
					$order->update_meta_data( self::META_DEBITED_AMOUNT, (string) $ecster->debited_amount );
					$order->save();
				}
				return $this->debited_cannot_annul( $order, null !== $debit ? $debit->id : '' );
		}
		$message = sprintf(
			/* translators: %s: Ecster order status */
			__( 'Ecster annul not sent: the order has the status %s in Ecster, which cannot be annulled.', 'ecster-order-management' ),
			$ecster->status
		);
		return $this->fail_plain( $order, Result::INVALID_ECSTER_STATUS, $message );
	}

	private function debited_cannot_annul( \WC_Order $order, string $captured ): Result {
		$message = sprintf(
			/* translators: %s: Ecster transaction id */
			__( 'Ecster annul not possible: the payment was already debited (transaction %s), so the reservation cannot be annulled. Refund the order instead to give the money back.', 'ecster-order-management' ),
			$captured
		);
		$order->add_order_note( $message );
		$this->logger->warning( 'Annul refused: order already debited.', array( 'order_id' => $order->get_id() ) );
		return Result::failure( Result::DEBITED_CANNOT_ANNUL, $message, false, $captured );
	}

	private function swish_annul( \WC_Order $order ): Result {
		$message = __( "No cancellation performed in Ecster's system: Swish payments are charged at purchase and cannot be annulled. Handle the money directly with Swish/your bank, or refund the order.", 'ecster-order-management' );
		$order->add_order_note( $message );
		return Result::failure( Result::SWISH_NO_ANNUL, $message );
	}

	// ---------------------------------------------------------------------------------------
	// Credit (refund).
	// ---------------------------------------------------------------------------------------

	/**
	 * Credits a WooCommerce refund in Ecster. Called by the gateway's process_refund().
	 *
	 * @param \WC_Order             $order  The order.
	 * @param float                 $amount Amount in major units.
	 * @param string                $reason Refund reason.
	 * @param \WC_Order_Refund|null $refund The refund WooCommerce just created (found when null).
	 * @return true|\WP_Error A WP_Error makes WooCommerce record no refund.
	 */
	public function refund( \WC_Order $order, float $amount, string $reason = '', ?\WC_Order_Refund $refund = null ) {
		$result = $this->credit( $order, $amount, $reason, $refund );
		if ( $result->is_success() ) {
			return true;
		}
		return new \WP_Error(
			'ecster_om_' . $result->code(),
			$result->message(),
			array(
				'status' => self::http_status( $result->code() ),
				'result' => $result->code(),
			)
		);
	}

	/**
	 * The credit with a full Result (refund() wraps it for WooCommerce).
	 *
	 * @param \WC_Order             $order  The order.
	 * @param float                 $amount Amount in major units.
	 * @param string                $reason Refund reason.
	 * @param \WC_Order_Refund|null $refund The refund.
	 */
	public function credit( \WC_Order $order, float $amount, string $reason = '', ?\WC_Order_Refund $refund = null ): Result {
		$reason_code = $this->unmanaged_reason( $order );
		if ( null !== $reason_code ) {
			return $this->remember(
				$order,
				Result::failure( Result::NOT_MANAGED, $this->unmanaged_message( $reason_code ) . ' ' . __( 'Use "Refund manually" and pay the customer back outside Ecster.', 'ecster-order-management' ) )
			);
		}
		$minor = RowBuilder::to_minor( $amount );
		if ( $minor <= 0 ) {
			return $this->remember( $order, Result::failure( Result::INVALID_AMOUNT, __( 'The refund amount must be greater than zero.', 'ecster-order-management' ) ) );
		}
		$refund ??= $this->find_refund( $order, $minor );

		$result = $this->locked(
			$order,
			self::TRIGGER_GATEWAY,
			'credit',
			fn(): Result => $this->do_credit( $order, $minor, $reason, $refund )
		);
		return $this->remember( $order, $result );
	}

	private function do_credit( \WC_Order $order, int $amount, string $reason, ?\WC_Order_Refund $refund ): Result {
		$currency   = $order->get_currency();
		$refund_ref = null !== $refund ? (string) $refund->get_id() : 'order-' . $order->get_id() . '-' . time();

		if ( null !== $refund ) {
			$existing = (string) $order->get_meta( self::META_REFUND_PREFIX . $refund_ref );
			if ( '' !== $existing ) {
				return Result::success( Result::ALREADY_CREDITED, __( 'This refund was already credited in Ecster.', 'ecster-order-management' ), $existing );
			}
		}
		if ( $this->is_swish_by_meta( $order ) ) {
			return $this->swish_refund( $order, $amount, $reason, $refund_ref, null );
		}

		$reference = $this->reference( $order );
		try {
			$ecster = $this->client->get_order( $reference );
		} catch ( ApiException $e ) {
			return $this->fail( $order, 'credit', $e, false );
		}
		if ( $ecster->is_swish() ) {
			return $this->swish_refund( $order, $amount, $reason, $refund_ref, $ecster );
		}

		$pending = $order->get_meta( self::META_PENDING_PREFIX . 'credit' );
		if ( is_array( $pending ) && isset( $pending['reference'] ) ) {
			$earlier = $this->reconcile_credit( $order, $ecster, $pending, $amount, $refund_ref );
			if ( null !== $earlier ) {
				return $earlier;
			}
		}

		$captured = (string) $order->get_meta( self::META_CAPTURED );
		$debit    = $this->latest( $ecster, 'DEBIT' );
		if ( '' === $captured && null !== $debit ) {
			// Debited in Ecster but not recorded here (e.g. an earlier unknown outcome): record it.
			$captured = $debit->id;
			$order->update_meta_data( self::META_CAPTURED, $captured );
			$order->update_meta_data( self::META_DEBITED_AMOUNT, (string) $ecster->debited_amount );
			$order->delete_meta_data( self::META_PENDING_PREFIX . 'debit' );
			$order->save();
		}
		if ( '' === $captured || $ecster->debited_amount <= 0 ) {
			$message = __( 'Ecster credit not possible: the order has not been debited in Ecster yet, so there is no payment to credit. Cancel the order to annul the reservation instead, or refund manually.', 'ecster-order-management' );
			$order->add_order_note( $message );
			return Result::failure( Result::NOT_DEBITED, $message );
		}
		$creditable = $ecster->debited_amount - $ecster->credited_amount;
		if ( $amount > $creditable ) {
			$message = sprintf(
				/* translators: 1: requested amount, 2: amount that can still be credited */
				__( 'Ecster credit not sent: %1$s is more than can still be credited in Ecster (%2$s = debited minus already credited).', 'ecster-order-management' ),
				$this->money( $amount, $currency ),
				$this->money( max( 0, $creditable ), $currency )
			);
			$order->add_order_note( $message );
			return Result::failure( Result::AMOUNT_EXCEEDS_CREDITABLE, $message );
		}

		$body = array(
			'type'                 => 'CREDIT',
			'amount'               => $amount,
			'debitTransaction'     => $captured,
			'transactionReference' => $refund_ref,
			'rows'                 => $this->rows->for_refund( $refund, $amount, $reason, $order->get_id() ),
		);
		if ( '' !== trim( $reason ) ) {
			$body['message'] = trim( $reason );
		}
		try {
			$answer = $this->client->create_transaction( $reference, $body );
		} catch ( ApiException $e ) {
			return $this->fail(
				$order,
				'credit',
				$e,
				true,
				array(
					'amount'    => $amount,
					'reference' => $refund_ref,
				)
			);
		}
		$transaction = $answer->transaction;
		$this->record_credit( $order, $refund_ref, $transaction );
		$order->save();

		$message = $this->credit_note( $amount, $currency, $transaction );
		$order->add_order_note( $message );
		$this->logger->info(
			'Ecster CREDIT done.',
			array(
				'order_id'    => $order->get_id(),
				'transaction' => $transaction->id,
				'amount'      => $amount,
			)
		);
		return Result::success( Result::CREDITED, $message, $transaction->id, true, $amount );
	}

	/**
	 * The next refund after a credit whose outcome was unknown: did that credit happen?
	 *
	 * @param array<string, mixed> $pending {reference, amount, time}.
	 */
	private function reconcile_credit( \WC_Order $order, EcsterOrder $ecster, array $pending, int $amount, string $refund_ref ): ?Result {
		$earlier = null;
		foreach ( $ecster->transactions_of_type( 'CREDIT' ) as $transaction ) {
			if ( $transaction->transaction_reference === (string) $pending['reference'] ) {
				$earlier = $transaction;
			}
		}
		$order->delete_meta_data( self::META_PENDING_PREFIX . 'credit' );
		$order->save();
		$currency = $order->get_currency();
		if ( null === $earlier ) {
			$order->add_order_note( __( 'The earlier Ecster credit whose outcome was unknown did not go through in Ecster. Crediting this refund now.', 'ecster-order-management' ) );
			return null;
		}
		if ( $earlier->amount === $amount ) {
			$this->record_credit( $order, $refund_ref, $earlier );
			$order->save();
			$message = sprintf(
				/* translators: 1: amount, 2: Ecster transaction id */
				__( 'The earlier Ecster credit of %1$s whose outcome was unknown did go through (transaction %2$s). It is recorded for this refund; no second credit was sent.', 'ecster-order-management' ),
				$this->money( $earlier->amount, $currency ),
				$earlier->id
			);
			$order->add_order_note( $message );
			return Result::success( Result::ALREADY_CREDITED, $message, $earlier->id, false, $earlier->amount );
		}
		$message = sprintf(
			/* translators: 1: amount, 2: Ecster transaction id */
			__( 'Ecster credit not sent: an earlier refund attempt whose outcome was unknown did credit %1$s in Ecster (transaction %2$s), but WooCommerce has no refund for it. Record it with "Refund manually" for exactly that amount, then refund any further amount.', 'ecster-order-management' ),
			$this->money( $earlier->amount, $currency ),
			$earlier->id
		);
		$order->add_order_note( $message );
		$this->logger->warning(
			'Earlier unknown-outcome credit found in Ecster.',
			array(
				'order_id'    => $order->get_id(),
				'transaction' => $earlier->id,
			)
		);
		return Result::failure( Result::EARLIER_CREDIT_FOUND, $message, false, $earlier->id );
	}

	private function record_credit( \WC_Order $order, string $refund_ref, Transaction $transaction ): void {
		$order->update_meta_data( self::META_REFUND_PREFIX . $refund_ref, $transaction->id );
		$order->update_meta_data( self::META_REFUND_PREFIX . $refund_ref . '_invoice', $transaction->bill_pdf_url );
	}

	private function credit_note( int $amount, string $currency, Transaction $transaction ): string {
		if ( '' !== $transaction->bill_pdf_url ) {
			return sprintf(
				/* translators: 1: amount, 2: Ecster transaction id, 3: credit invoice URL */
				__( 'Ecster order credited with %1$s. Ecster transaction %2$s. <a href="%3$s" target="_blank" rel="noopener">Credit invoice</a>.', 'ecster-order-management' ),
				$this->money( $amount, $currency ),
				$transaction->id,
				esc_url( $transaction->bill_pdf_url )
			);
		}
		return sprintf(
			/* translators: 1: amount, 2: Ecster transaction id */
			__( 'Ecster order credited with %1$s. Ecster transaction %2$s.', 'ecster-order-management' ),
			$this->money( $amount, $currency ),
			$transaction->id
		);
	}

	/**
	 * The refund WooCommerce just created when the gateway did not pass it: the newest refund of
	 * the order with this amount that has not been credited yet.
	 */
	private function find_refund( \WC_Order $order, int $minor ): ?\WC_Order_Refund {
		if ( ! function_exists( 'wc_get_orders' ) ) {
			return null;
		}
		// The stubs type wc_get_orders() as WC_Order[]|stdClass, but with this 'type' WooCommerce
		// returns WC_Order_Refund objects (not WC_Order subclasses), hence the wider type.
		/** @var array<mixed>|\stdClass $refunds */
		$refunds = wc_get_orders(
			array(
				'type'    => 'shop_order_refund',
				'parent'  => $order->get_id(),
				'limit'   => 10,
				'orderby' => 'ID',
				'order'   => 'DESC',
			)
		);
		foreach ( is_array( $refunds ) ? $refunds : array() as $refund ) {
			if ( $refund instanceof \WC_Order_Refund
				&& RowBuilder::to_minor( $refund->get_amount() ) === $minor
				&& '' === (string) $order->get_meta( self::META_REFUND_PREFIX . $refund->get_id() )
				&& '' === (string) $order->get_meta( self::META_SWISH_REFUND_PREFIX . $refund->get_id() ) ) {
				return $refund;
			}
		}
		return null;
	}

	// ---------------------------------------------------------------------------------------
	// Swish refunds.
	// ---------------------------------------------------------------------------------------

	private function swish_refund( \WC_Order $order, int $amount, string $reason, string $refund_ref, ?EcsterOrder $ecster ): Result {
		$currency = $order->get_currency();
		foreach ( $order->get_meta_data() as $meta ) {
			$data = $meta->get_data();
			if ( str_starts_with( (string) $data['key'], self::META_SWISH_REFUND_PREFIX ) && self::SWISH_ONGOING === $data['value'] ) {
				$message = __( 'Ecster Swish refund not sent: an earlier Swish refund of this order is still being processed by Ecster. Wait until it has finished (see the order notes), then refund again.', 'ecster-order-management' );
				return Result::failure( Result::SWISH_REFUND_RUNNING, $message );
			}
		}

		$reference = $this->reference( $order );
		$pending   = $order->get_meta( self::META_PENDING_PREFIX . 'credit' );
		if ( is_array( $pending ) && ! empty( $pending['swish'] ) ) {
			// The earlier Swish refund's answer never came: ask Ecster before starting another one.
			$order->delete_meta_data( self::META_PENDING_PREFIX . 'credit' );
			$order->save();
			try {
				$latest = strtoupper( $this->client->get_latest_swish_refund_status( $reference ) );
			} catch ( ApiException $e ) {
				$latest = '';
			}
			if ( in_array( $latest, array( self::SWISH_ONGOING, self::SWISH_SUCCESS ), true ) ) {
				$message = sprintf(
					/* translators: 1: amount, 2: Swish refund status */
					__( 'Ecster Swish refund not sent: the earlier Swish refund attempt of %1$s whose outcome was unknown is %2$s in Ecster, but WooCommerce has no refund for it. Record it with "Refund manually" for that amount, then refund any further amount.', 'ecster-order-management' ),
					$this->money( (int) ( $pending['amount'] ?? 0 ), $currency ),
					$latest
				);
				$order->add_order_note( $message );
				return Result::failure( Result::EARLIER_CREDIT_FOUND, $message );
			}
		}
		$debit_id = (string) $order->get_meta( self::META_SWISH_ID );
		if ( '' === $debit_id ) {
			$debit_id = (string) $order->get_meta( self::META_CAPTURED );
		}
		if ( '' === $debit_id ) {
			if ( null === $ecster ) {
				try {
					$ecster = $this->client->get_order( $reference );
				} catch ( ApiException $e ) {
					return $this->fail( $order, 'credit', $e, false );
				}
			}
			$debit    = $this->latest( $ecster, 'DEBIT' );
			$debit_id = null !== $debit ? $debit->id : '';
		}
		if ( null !== $ecster && $ecster->debited_amount > 0 && $amount > $ecster->debited_amount - $ecster->credited_amount ) {
			$message = sprintf(
				/* translators: 1: requested amount, 2: amount that can still be refunded */
				__( 'Ecster Swish refund not sent: %1$s is more than can still be refunded (%2$s).', 'ecster-order-management' ),
				$this->money( $amount, $currency ),
				$this->money( max( 0, $ecster->debited_amount - $ecster->credited_amount ), $currency )
			);
			$order->add_order_note( $message );
			return Result::failure( Result::AMOUNT_EXCEEDS_CREDITABLE, $message );
		}

		$message_to_customer = '' !== trim( $reason ) ? trim( $reason ) : sprintf( 'Refund %s', $refund_ref );
		try {
			$status = strtoupper( $this->client->create_swish_refund( $reference, $amount, $debit_id, $message_to_customer ) );
		} catch ( ApiException $e ) {
			return $this->fail(
				$order,
				'credit',
				$e,
				true,
				array(
					'amount'    => $amount,
					'reference' => $refund_ref,
					'swish'     => true,
				)
			);
		}

		if ( self::SWISH_SUCCESS === $status ) {
			$order->update_meta_data( self::META_SWISH_REFUND_PREFIX . $refund_ref, self::SWISH_SUCCESS );
			$order->update_meta_data( self::META_REFUND_PREFIX . $refund_ref, 'swish' );
			$order->save();
			$message = sprintf(
				/* translators: %s: amount */
				__( 'Ecster order credited with %s (Swish refund).', 'ecster-order-management' ),
				$this->money( $amount, $currency )
			);
			$order->add_order_note( $message );
			return Result::success( Result::SWISH_REFUNDED, $message, '', true, $amount );
		}
		if ( self::SWISH_ONGOING === $status ) {
			$order->update_meta_data( self::META_SWISH_REFUND_PREFIX . $refund_ref, self::SWISH_ONGOING );
			$order->update_meta_data( self::META_SWISH_REFUND_PREFIX . $refund_ref . '_amount', (string) $amount );
			$order->save();
			$this->schedule_swish_poll( $order->get_id(), $refund_ref, 1 );
			$message = sprintf(
				/* translators: %s: amount */
				__( 'Swish refund of %s is pending in Ecster. Its status is checked every 3 minutes and the result is added as a note.', 'ecster-order-management' ),
				$this->money( $amount, $currency )
			);
			$order->add_order_note( $message );
			return Result::success( Result::SWISH_REFUND_PENDING, $message, '', true, $amount );
		}
		$message = sprintf(
			/* translators: %s: status reported by Ecster */
			__( 'Ecster credit Swish order failed: Ecster answered the Swish refund with the status %s. No refund was recorded.', 'ecster-order-management' ),
			$status
		);
		$order->add_order_note( $message );
		$this->logger->error(
			'Ecster Swish refund refused.',
			array(
				'order_id' => $order->get_id(),
				'status'   => $status,
			)
		);
		return Result::failure( Result::SWISH_REFUND_FAILED, $message, true );
	}

	private function schedule_swish_poll( int $order_id, string $refund_ref, int $attempt ): void {
		if ( ! function_exists( 'as_schedule_single_action' ) ) {
			$this->logger->error( 'Action Scheduler is missing: the Swish refund status cannot be polled.', array( 'order_id' => $order_id ) );
			return;
		}
		as_schedule_single_action(
			time() + self::POLL_INTERVAL,
			self::POLL_HOOK,
			array(
				'order_id'  => $order_id,
				'refund_id' => $refund_ref,
				'attempt'   => $attempt,
			),
			self::POLL_GROUP
		);
	}

	/**
	 * Action Scheduler callback: checks a pending Swish refund and notes the outcome.
	 *
	 * @param int|string $order_id  Order id.
	 * @param int|string $refund_id WooCommerce refund id (reference).
	 * @param int|string $attempt   Poll number, from 1.
	 */
	public function poll_swish_refund( $order_id, $refund_id, $attempt = 1 ): void {
		$order = function_exists( 'wc_get_order' ) ? wc_get_order( (int) $order_id ) : null;
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		$refund_ref = (string) $refund_id;
		$key        = self::META_SWISH_REFUND_PREFIX . $refund_ref;
		if ( self::SWISH_ONGOING !== $order->get_meta( $key ) ) {
			return;
		}
		$attempt  = max( 1, (int) $attempt );
		$amount   = (int) $order->get_meta( $key . '_amount' );
		$currency = $order->get_currency();
		try {
			$status = strtoupper( $this->client->get_latest_swish_refund_status( $this->reference( $order ) ) );
		} catch ( ApiException $e ) {
			$this->logger->warning(
				'Swish refund status check failed; trying again later.',
				array(
					'order_id' => $order->get_id(),
					'error'    => $e->getMessage(),
				)
			);
			$status = self::SWISH_ONGOING;
		}

		if ( self::SWISH_SUCCESS === $status ) {
			$order->update_meta_data( $key, self::SWISH_SUCCESS );
			$order->update_meta_data( self::META_REFUND_PREFIX . $refund_ref, 'swish' );
			$order->save();
			$order->add_order_note(
				sprintf(
					/* translators: %s: amount */
					__( 'Ecster order credited with %s (Swish refund completed).', 'ecster-order-management' ),
					$this->money( $amount, $currency )
				)
			);
			return;
		}
		if ( self::SWISH_ONGOING === $status ) {
			if ( $attempt < self::POLL_MAX_ATTEMPTS ) {
				$this->schedule_swish_poll( $order->get_id(), $refund_ref, $attempt + 1 );
				return;
			}
			$order->update_meta_data( $key, 'UNKNOWN' );
			$order->save();
			$order->add_order_note(
				sprintf(
					/* translators: 1: amount, 2: number of checks */
					__( 'The Swish refund of %1$s was still pending in Ecster after %2$d status checks; checking stopped. Verify in Ecster or with your bank that the customer got the money.', 'ecster-order-management' ),
					$this->money( $amount, $currency ),
					$attempt
				)
			);
			$this->logger->error( 'Swish refund still pending after the last check.', array( 'order_id' => $order->get_id() ) );
			return;
		}
		$order->update_meta_data( $key, 'FAILED' );
		$order->save();
		$order->add_order_note(
			sprintf(
				/* translators: 1: amount, 2: status reported by Ecster */
				__( 'Ecster credit Swish order failed: the Swish refund of %1$s ended with the status %2$s. WooCommerce has recorded the refund, but the customer did not get the money back: refund them directly through Swish/your bank.', 'ecster-order-management' ),
				$this->money( $amount, $currency ),
				$status
			)
		);
		$this->logger->error(
			'Swish refund failed.',
			array(
				'order_id' => $order->get_id(),
				'status'   => $status,
			)
		);
	}

	// ---------------------------------------------------------------------------------------
	// State for the order panel.
	// ---------------------------------------------------------------------------------------

	/**
	 * The order's Ecster state (docs/architecture.md, "Order state"). Amounts in minor units.
	 *
	 * @return array<string, mixed>
	 */
	public function get_state( \WC_Order $order, bool $ask_ecster = true ): array {
		return ( new OrderState( $this, $this->client ) )->build( $order, $ask_ecster );
	}

	// ---------------------------------------------------------------------------------------
	// Helpers.
	// ---------------------------------------------------------------------------------------

	/**
	 * Runs an action under the order's lock.
	 *
	 * @param \WC_Order          $order           The order.
	 * @param string             $trigger         What started the action (self::TRIGGER_*).
	 * @param string             $action          The action's name for notes and logs (debit, annul, …).
	 * @param callable(): Result $action_callback The action.
	 */
	private function locked( \WC_Order $order, string $trigger, string $action, callable $action_callback ): Result {
		$order_id = $order->get_id();
		if ( isset( $this->in_progress[ $order_id ] ) ) {
			// A hook fired by our own status change in this request: the outer action handles it.
			return Result::success( Result::IN_PROGRESS, __( 'This request is already processing the order.', 'ecster-order-management' ) );
		}
		$automatic = in_array( $trigger, array( self::TRIGGER_STATUS_HOOK, self::TRIGGER_PAYMENT_COMPLETE ), true );
		/**
		 * Seconds a status change waits for another request that is processing the same order
		 * (REST and CLI actions never wait; they answer "locked" at once).
		 *
		 * @param float     $seconds Seconds.
		 * @param \WC_Order $order   The order.
		 */
		$wait = $automatic ? (float) apply_filters( 'ecster_om_lock_wait_seconds', 15.0, $order ) : 0.0;
		if ( ! $this->lock->acquire( $order_id, $wait ) ) {
			$message = __( 'Another request is already processing this order in Ecster. Wait a moment, reload the order and check its Ecster state before trying again.', 'ecster-order-management' );
			$this->logger->warning(
				'Order locked by another request.',
				array(
					'order_id' => $order_id,
					'action'   => $action,
					'trigger'  => $trigger,
				)
			);
			if ( $automatic ) {
				$order->add_order_note(
					sprintf(
						/* translators: 1: action (debit/annul), 2: explanation */
						__( 'Ecster %1$s not sent from this status change: %2$s', 'ecster-order-management' ),
						$action,
						$message
					)
				);
			}
			return Result::failure( Result::LOCKED, $message );
		}
		$this->in_progress[ $order_id ] = true;
		try {
			// Another request may have finished with this order while we waited: read its meta again.
			$order->read_meta_data( true );
			return $action_callback();
		} finally {
			unset( $this->in_progress[ $order_id ] );
			$this->lock->release( $order_id );
		}
	}

	/**
	 * A failed Ecster call: note, log, pending flag for unknown outcomes.
	 *
	 * @param \WC_Order            $order  The order.
	 * @param string               $action debit | annul | credit.
	 * @param ApiException         $e      The failure.
	 * @param bool                 $posted The failed request was the transaction (not the read).
	 * @param array<string, mixed> $extra  Data kept with the pending flag.
	 */
	private function fail( \WC_Order $order, string $action, ApiException $e, bool $posted, array $extra = array() ): Result {
		$labels = array(
			'debit'  => __( 'Ecster debit failed.', 'ecster-order-management' ),
			'annul'  => __( 'Ecster annul request failed.', 'ecster-order-management' ),
			'credit' => __( 'Ecster credit order failed.', 'ecster-order-management' ),
		);
		$label  = $labels[ $action ] ?? $labels['debit'];
		// A 5xx on a transaction request is treated as unknown too: Ecster may have stored the
		// transaction before failing, and the next attempt reads Ecster's order first anyway.
		$unknown = $posted && ( $e->is_outcome_unknown() || ( ApiException::KIND_HTTP === $e->get_kind() && $e->get_http_status() >= 500 ) );

		$ecster_text = null !== $e->get_ecster_code()
			? sprintf(
				/* translators: 1: Ecster error code, 2: Ecster error message, 3: HTTP status */
				__( 'Error code: %1$s. Error message: %2$s (HTTP %3$d).', 'ecster-order-management' ),
				(string) $e->get_ecster_code(),
				'' !== $e->get_ecster_message() ? $e->get_ecster_message() : $e->getMessage(),
				$e->get_http_status()
			)
			: '';
		if ( $unknown ) {
			$code = Result::OUTCOME_UNKNOWN;
			$text = ( '' !== $ecster_text ? $ecster_text . ' ' : '' ) . sprintf(
				/* translators: %s: technical reason (timeout, dropped connection, malformed answer) */
				__( 'Unknown outcome: the request was sent but no valid answer came back from Ecster (%s), so it may or may not have been carried out. The next attempt first asks Ecster what happened and will not repeat it blindly.', 'ecster-order-management' ),
				$this->kind_label( $e )
			);
			$order->update_meta_data(
				self::META_PENDING_PREFIX . $action,
				array_merge(
					array(
						'time' => time(),
						'kind' => $e->get_kind(),
					),
					$extra
				)
			);
			$order->save();
		} elseif ( ApiException::KIND_RATE_LIMITED === $e->get_kind() ) {
			$code = Result::RATE_LIMITED;
			$text = __( 'Ecster is rate limiting requests (HTTP 429 Too Many Requests). Nothing was changed; try again in a minute.', 'ecster-order-management' );
		} elseif ( ApiException::KIND_CONFIG === $e->get_kind() ) {
			$code = Result::NOT_CONFIGURED;
			$text = __( 'The Ecster API key or merchant key is missing. Add them in the Ecster Pay settings.', 'ecster-order-management' );
		} elseif ( ! $posted && $e->is_outcome_unknown() ) {
			$code = Result::ECSTER_UNREACHABLE;
			$text = sprintf(
				/* translators: %s: technical reason */
				__( 'Ecster could not be reached to read the order (%s). Nothing was sent; try again later.', 'ecster-order-management' ),
				$this->kind_label( $e )
			);
		} elseif ( '' !== $ecster_text ) {
			$code = Result::ECSTER_ERROR;
			$text = $ecster_text;
		} else {
			$code = Result::ECSTER_ERROR;
			$text = sprintf(
				/* translators: 1: HTTP status, 2: message */
				__( 'Ecster answered HTTP %1$d: %2$s', 'ecster-order-management' ),
				$e->get_http_status(),
				'' !== $e->get_ecster_message() ? $e->get_ecster_message() : $e->getMessage()
			);
		}
		$message = $label . ' ' . $text;
		$order->add_order_note( $message );
		$this->logger->error(
			$label,
			array(
				'order_id'       => $order->get_id(),
				'kind'           => $e->get_kind(),
				'http_status'    => $e->get_http_status(),
				'ecster_code'    => $e->get_ecster_code(),
				'ecster_message' => $e->get_ecster_message(),
				'error'          => $e->getMessage(),
				'outcome'        => $unknown ? 'unknown' : 'failed',
			)
		);
		return Result::failure( $code, $message, $posted );
	}

	/**
	 * A refusal decided here (no Ecster error): note + log.
	 */
	private function fail_plain( \WC_Order $order, string $code, string $message ): Result {
		$order->add_order_note( $message );
		$this->logger->warning(
			$message,
			array(
				'order_id' => $order->get_id(),
				'code'     => $code,
			)
		);
		return Result::failure( $code, $message );
	}

	private function kind_label( ApiException $e ): string {
		switch ( $e->get_kind() ) {
			case ApiException::KIND_TIMEOUT:
				return __( 'timeout', 'ecster-order-management' );
			case ApiException::KIND_MALFORMED:
				return __( 'malformed answer', 'ecster-order-management' );
			case ApiException::KIND_HTTP:
				/* translators: %d: HTTP status */
				return sprintf( __( 'server error HTTP %d', 'ecster-order-management' ), $e->get_http_status() );
			default:
				return __( 'connection failed or dropped', 'ecster-order-management' );
		}
	}

	/**
	 * True when an earlier request for the action got no valid answer.
	 */
	public function has_pending( \WC_Order $order, string $action ): bool {
		$value = $order->get_meta( self::META_PENDING_PREFIX . $action );
		return is_array( $value ) ? array() !== $value : ( is_scalar( $value ) && '' !== (string) $value );
	}

	private function read_quietly( string $reference ): ?EcsterOrder {
		try {
			return $this->client->get_order( $reference );
		} catch ( ApiException $e ) {
			return null;
		}
	}

	/**
	 * Newest transaction of a type.
	 */
	public function latest( EcsterOrder $ecster, string $type ): ?Transaction {
		$all = $ecster->transactions_of_type( $type );
		return array() === $all ? null : $all[ count( $all ) - 1 ];
	}

	/**
	 * Minor units formatted in the order currency (wc_price when WooCommerce is loaded).
	 */
	public function money( int $minor, string $currency ): string {
		$major = $minor / 100;
		if ( function_exists( 'wc_price' ) ) {
			return wp_strip_all_tags( html_entity_decode( (string) wc_price( $major, array( 'currency' => $currency ) ), ENT_QUOTES, 'UTF-8' ) );
		}
		return number_format( $major, 2, '.', '' ) . ' ' . $currency;
	}

	private function remember( \WC_Order $order, Result $result ): Result {
		$this->last_results[ $order->get_id() ] = $result;
		return $result;
	}

	/**
	 * HTTP status for a failure code (REST answers and the refund WP_Error).
	 */
	public static function http_status( string $code ): int {
		switch ( $code ) {
			case Result::LOCKED:
			case Result::EXCEEDS_RESERVATION:
			case Result::NOTHING_TO_DEBIT:
			case Result::ANNULLED_IN_ECSTER:
			case Result::DEBITED_CANNOT_ANNUL:
			case Result::PARTIALLY_DEBITED:
			case Result::INVALID_ECSTER_STATUS:
			case Result::CURRENCY_MISMATCH:
			case Result::SWISH_NO_ANNUL:
			case Result::NOT_DEBITED:
			case Result::SWISH_REFUND_RUNNING:
			case Result::EARLIER_CREDIT_FOUND:
				return 409;
			case Result::NOT_MANAGED:
				return 422;
			case Result::INVALID_AMOUNT:
			case Result::AMOUNT_EXCEEDS_CREDITABLE:
				return 400;
			case Result::RATE_LIMITED:
			case Result::ECSTER_UNREACHABLE:
				return 503;
			case Result::OUTCOME_UNKNOWN:
				return 504;
			case Result::NOT_CONFIGURED:
				return 500;
			default:
				return 502;
		}
	}
}
