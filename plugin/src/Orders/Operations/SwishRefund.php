<?php
/**
 * Refund a Swish order through Ecster's Swish refunds.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\SwishRefund as EcsterSwishRefund;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\OrderRecord;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Orders\Result;

/**
 * Swish orders are charged at purchase; their refunds go to `POST …/refunds` and run
 * asynchronously (ONGOING, then SUCCESS or a failed status), followed with
 * `GET …/refunds/latest/status`.
 *
 * Ecster only exposes the *latest* refund, so evidence for one particular refund is built like
 * this: before the request, the latest refund's id is saved with the intent (the baseline). A
 * refund whose answer was lost went through exactly when the latest refund is newer than the
 * baseline and has our amount. One Swish refund at a time per order (refused while one runs)
 * keeps "the latest" ours. Where Ecster's answer carries no id, nothing is concluded from it.
 */
final class SwishRefund extends Operation {

	use RefundRecords;

	/** Seconds between status checks of a running Swish refund (as the Ecster Pay plugin). */
	public const FOLLOW_INTERVAL = 180;

	/** Checks of a running refund before automatic checking stops (40 × 3 min = 2 h). */
	public const FOLLOW_MAX_CHECKS = 40;

	public function __construct(
		Notes $notes,
		private ?RefundTracker $tracker = null,
		private ?\WC_Order_Refund $refund = null,
		private int $amount = 0,
		private string $reason = ''
	) {
		parent::__construct( $notes );
	}

	public function name(): string {
		return JournalEntry::SWISH_REFUND;
	}

	public function refund_id(): int {
		return null !== $this->refund ? $this->refund->get_id() : 0;
	}

	public function precheck( OrderRecord $record ): ?Result {
		$refund_id = null !== $this->refund ? $this->refund->get_id() : 0;
		if ( $refund_id > 0 ) {
			$existing = $record->credit_for_refund( $refund_id );
			if ( '' !== $existing ) {
				return Result::success( Result::ALREADY_CREDITED, __( 'This refund was already credited in Ecster.', 'ecster-order-management' ), $existing );
			}
		}
		if ( $record->has_running_swish_refund() ) {
			return Result::failure(
				Result::SWISH_REFUND_RUNNING,
				__( 'Ecster Swish refund not sent: an earlier Swish refund of this order is still being processed by Ecster. Wait until it has finished (see the order notes), then refund again.', 'ecster-order-management' )
			);
		}
		return null;
	}

	public function plan( OrderRecord $record, EcsterView $view ): Result|Intent {
		$ecster   = $view->order();
		$order    = $record->order();
		$currency = $order->get_currency();
		$debit_id = $record->swish_debit_id();
		if ( '' === $debit_id ) {
			$debit_id = $record->captured_id();
		}
		if ( '' === $debit_id ) {
			$debit    = self::latest( $ecster, 'DEBIT' );
			$debit_id = null !== $debit ? $debit->id : '';
		}
		if ( '' === $debit_id || $ecster->debited_amount <= 0 ) {
			return $this->notes->refusal(
				$order,
				Result::NOT_DEBITED,
				__( 'Ecster Swish refund not sent: Ecster has no charge for this Swish order, so there is nothing to refund.', 'ecster-order-management' )
			);
		}
		$left = $ecster->debited_amount - $ecster->credited_amount;
		if ( $this->amount > $left ) {
			return $this->notes->refusal(
				$order,
				Result::AMOUNT_EXCEEDS_CREDITABLE,
				sprintf(
					/* translators: 1: requested amount, 2: amount that can still be refunded */
					__( 'Ecster Swish refund not sent: %1$s is more than can still be refunded (%2$s).', 'ecster-order-management' ),
					Notes::money( $this->amount, $currency ),
					Notes::money( max( 0, $left ), $currency )
				)
			);
		}
		// The baseline: which refund is Ecster's latest before ours (read failures stop here: without
		// a baseline a lost answer could never be told apart from an earlier refund).
		$latest    = $view->latest_swish_refund();
		$refund_id = null !== $this->refund ? $this->refund->get_id() : 0;
		$message   = '' !== trim( $this->reason ) ? trim( $this->reason ) : sprintf( 'Refund %d', $refund_id );
		// The checkout plugin's body filter may still change the message to the customer.
		$body    = $this->legacy_request_args(
			array(
				'amount'           => $this->amount,
				'debitTransaction' => $debit_id,
				'message'          => $message,
			),
			$record
		);
		$message = isset( $body['message'] ) && is_scalar( $body['message'] ) ? (string) $body['message'] : $message;
		return new Intent(
			$this->amount,
			array(
				'debitTransaction' => $debit_id,
				'message'          => $message,
				'baselineRefundId' => null !== $latest ? $latest->id : '',
				'reason'           => $this->reason,
				'lines'            => self::refund_lines( $this->refund ),
			),
			$refund_id
		);
	}

	public function send( ClientInterface $client, OrderRecord $record, JournalEntry $entry ): Answer {
		$answer = $client->create_swish_refund( $entry->ecster_order_id, $entry->amount, (string) $entry->detail( 'debitTransaction', '' ), (string) $entry->detail( 'message', '' ) );
		if ( ! $answer->is_running() && ! $answer->is_success() ) {
			throw new Refusal(
				$answer->status,
				sprintf(
					/* translators: %s: status reported by Ecster */
					__( 'Ecster credit Swish order failed: Ecster answered the Swish refund with the status %s. No refund was recorded.', 'ecster-order-management' ),
					$answer->status
				)
			);
		}
		return new Answer( $answer->id, array( 'swishStatus' => $answer->status ) );
	}

	public function record( OrderRecord $record, JournalEntry $entry, bool $found_later ): Result {
		$order     = $record->order();
		$money     = Notes::money( $entry->amount, $order->get_currency() );
		$refund_id = $found_later ? $this->ensure_refund( $record, $entry ) : $entry->refund_id;
		$status    = (string) $entry->detail( 'swishStatus', EcsterSwishRefund::ONGOING );
		if ( $refund_id > 0 ) {
			$record->record_swish_refund( $refund_id, $status, $entry->transaction_id );
		}
		$later = $found_later ? ' ' . __( 'Ecster\'s answer to the Swish refund was lost; checking Ecster\'s records showed it was accepted. Nothing was sent again.', 'ecster-order-management' ) : '';
		if ( EcsterSwishRefund::SUCCESS === $status ) {
			$message = sprintf(
				/* translators: %s: amount */
				__( 'Ecster order credited with %s (Swish refund).', 'ecster-order-management' ),
				$money
			) . $later;
			$this->notes->note( $order, $message );
			return Result::success( Result::SWISH_REFUNDED, $message, $entry->transaction_id, true, $entry->amount );
		}
		$record->journal()->follow_up( $entry, time() + self::FOLLOW_INTERVAL );
		Reconciler::schedule( $record->order_id(), time() + self::FOLLOW_INTERVAL );
		$message = sprintf(
			/* translators: %s: amount */
			__( 'Swish refund of %s is pending in Ecster. Its status is checked every 3 minutes and the result is added as a note.', 'ecster-order-management' ),
			$money
		) . $later;
		$this->notes->note( $order, $message );
		return Result::success( Result::SWISH_REFUND_PENDING, $message, $entry->transaction_id, true, $entry->amount );
	}

	public function evidence( OrderRecord $record, JournalEntry $entry, EcsterView $view ): Verdict {
		$latest   = $view->latest_swish_refund();
		$baseline = (string) $entry->detail( 'baselineRefundId', '' );
		if ( null !== $latest && '' === $latest->id ) {
			return Verdict::inconclusive( __( 'Ecster\'s answer does not identify its Swish refunds, so this one cannot be told apart from earlier ones; check the refund in Ecster\'s portal.', 'ecster-order-management' ) );
		}
		if ( null !== $latest && $latest->id !== $baseline ) {
			if ( null !== $latest->amount && $latest->amount !== $entry->amount ) {
				return Verdict::inconclusive(
					sprintf(
						/* translators: %s: amount */
						__( 'Ecster\'s latest Swish refund is of another amount (%s); check the refund in Ecster\'s portal.', 'ecster-order-management' ),
						Notes::money( $latest->amount, $entry->currency )
					)
				);
			}
			if ( ! $latest->is_running() && ! $latest->is_success() ) {
				return Verdict::not_applied(
					sprintf(
						/* translators: %s: status reported by Ecster */
						__( 'Ecster received the Swish refund but it ended with the status %s: the customer did not get the money.', 'ecster-order-management' ),
						$latest->status
					)
				);
			}
			return Verdict::confirmed( $latest->id, array( 'swishStatus' => $latest->status ) );
		}
		if ( Reconciler::may_still_arrive( $entry ) ) {
			return Verdict::inconclusive( __( 'Ecster has no newer Swish refund yet; the request is too recent to conclude it never arrived.', 'ecster-order-management' ) );
		}
		return Verdict::not_applied( __( 'Ecster has no Swish refund newer than the one before this request: it never reached Ecster.', 'ecster-order-management' ) );
	}

	/**
	 * True when Ecster's latest Swish refund can be this entry's: the same Ecster id when both are
	 * known; else (a refund taken over from the checkout plugin, whose id was not kept) the same
	 * amount, and an id no other entry of the order carries.
	 */
	private static function is_this_refund( OrderRecord $record, JournalEntry $entry, EcsterSwishRefund $latest ): bool {
		if ( '' !== $latest->id && '' !== $entry->transaction_id ) {
			return $latest->id === $entry->transaction_id;
		}
		if ( null !== $latest->amount && $latest->amount !== $entry->amount ) {
			return false;
		}
		if ( '' !== $latest->id ) {
			foreach ( $record->entries() as $other ) {
				if ( $other->id !== $entry->id && JournalEntry::SWISH_REFUND === $other->operation && $latest->id === $other->transaction_id ) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Follows a running (ONGOING) Swish refund: notes its end, or schedules the next check.
	 */
	public function follow( OrderRecord $record, JournalEntry $entry, EcsterView $view ): void {
		$order  = $record->order();
		$money  = Notes::money( $entry->amount, $order->get_currency() );
		$latest = $view->latest_swish_refund();
		if ( null === $latest || ! self::is_this_refund( $record, $entry, $latest ) ) {
			$record->journal()->checked( $entry, null, true, __( 'Ecster\'s latest Swish refund is not this one any more, so its final status cannot be read; check it in Ecster\'s portal.', 'ecster-order-management' ) );
			$this->notes->logger()->error( 'Swish refund status can no longer be followed.', array( 'order_id' => $order->get_id() ) );
			if ( null !== $entry->detail( 'adoptedFrom' ) ) {
				$this->notes->note(
					$order,
					sprintf(
						/* translators: %s: amount */
						__( 'The Swish refund of %s that the Ecster Pay checkout plugin started can no longer be followed: Ecster only reports its latest Swish refund, and that is another one. Check in Ecster\'s portal or with your bank that the customer got the money.', 'ecster-order-management' ),
						$money
					)
				);
			}
			return;
		}
		if ( '' === $entry->transaction_id && '' !== $latest->id ) {
			// A refund taken over from the checkout plugin: Ecster's id is known now.
			$entry = $record->journal()->confirm( $entry, $latest->id, '', array() );
		}
		if ( $latest->is_running() ) {
			if ( $entry->checks + 1 >= self::FOLLOW_MAX_CHECKS ) {
				$record->journal()->checked( $entry, null, true, __( 'Still pending in Ecster after the last automatic check.', 'ecster-order-management' ) );
				$this->notes->note(
					$order,
					sprintf(
						/* translators: 1: amount, 2: number of checks */
						__( 'The Swish refund of %1$s was still pending in Ecster after %2$d status checks; checking stopped. Verify in Ecster or with your bank that the customer got the money.', 'ecster-order-management' ),
						$money,
						$entry->checks + 1
					)
				);
				return;
			}
			$record->journal()->follow_up( $entry, time() + self::FOLLOW_INTERVAL );
			Reconciler::schedule( $record->order_id(), time() + self::FOLLOW_INTERVAL );
			return;
		}
		$entry = $record->journal()->update_data( $entry, array( 'swishStatus' => $latest->status ) );
		$record->journal()->follow_up( $entry, null );
		if ( $entry->refund_id > 0 ) {
			$record->record_swish_refund( $entry->refund_id, $latest->status, $entry->transaction_id );
		}
		if ( $latest->is_success() ) {
			$this->notes->note(
				$order,
				sprintf(
					/* translators: %s: amount */
					__( 'Ecster order credited with %s (Swish refund completed).', 'ecster-order-management' ),
					$money
				)
			);
			return;
		}
		$order->add_order_note(
			sprintf(
				/* translators: 1: amount, 2: status reported by Ecster */
				__( 'Ecster credit Swish order failed: the Swish refund of %1$s ended with the status %2$s. WooCommerce has recorded the refund, but the customer did not get the money back: refund them directly through Swish/your bank.', 'ecster-order-management' ),
				$money,
				$latest->status
			)
		);
		$this->notes->logger()->error(
			'Swish refund failed.',
			array(
				'order_id' => $order->get_id(),
				'status'   => $latest->status,
			)
		);
	}
}
