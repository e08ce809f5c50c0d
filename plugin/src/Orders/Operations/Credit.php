<?php
/**
 * Credit a WooCommerce refund in Ecster.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\ClientInterface;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\OrderRecord;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\RowBuilder;

/**
 * One CREDIT per WooCommerce refund, against the order's DEBIT, with the refund's lines as rows.
 * Its transaction reference (the refund id, see transaction_reference()) is what proves later
 * whether an attempt whose answer was lost reached Ecster.
 *
 * A WooCommerce refund exists for a managed order exactly when Ecster credited it: WooCommerce
 * deletes the refund when the gateway answers with an error (refused or unknown), a credit found
 * later in Ecster's records gets its refund back (created again from the journal), and a refund
 * left behind by a process that died before Ecster was asked is removed once Ecster's records show
 * it was never credited.
 */
final class Credit extends Operation {

	use RefundRecords;

	public function __construct(
		Notes $notes,
		private RowBuilder $rows,
		private ?RefundTracker $tracker = null,
		private ?\WC_Order_Refund $refund = null,
		private int $amount = 0,
		private string $reason = '',
		private ?SwishRefund $swish = null
	) {
		parent::__construct( $notes );
	}

	public function name(): string {
		return JournalEntry::CREDIT;
	}

	/**
	 * The CREDIT's transactionReference: the WooCommerce refund id, as the Ecster Pay checkout plugin
	 * sent it (merchants find refunds in Ecster's portal by it). A refund id is credited at most once:
	 * WooCommerce deletes a refund whose credit failed or whose answer was lost, so a new attempt is
	 * always a new refund with a new id; a refund left by a process that died is only ever checked,
	 * never sent again. Without a refund (another plugin called the gateway directly) the journal
	 * entry's own reference is used.
	 */
	public static function transaction_reference( JournalEntry $entry ): string {
		return $entry->refund_id > 0 ? (string) $entry->refund_id : $entry->reference;
	}

	/**
	 * Swish orders are refunded through Ecster's Swish refunds instead.
	 */
	public function swish_instead(): ?SwishRefund {
		return $this->swish;
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
		return null;
	}

	public function plan( OrderRecord $record, EcsterView $view ): Result|Intent {
		$ecster   = $view->order();
		$order    = $record->order();
		$currency = $order->get_currency();
		$captured = $record->captured_id();
		$debit    = self::latest( $ecster, 'DEBIT' );
		if ( '' === $captured && null !== $debit ) {
			// Debited in Ecster but not recorded here: record it.
			$captured = $debit->id;
			$record->record_debit( $captured, $ecster->debited_amount );
		}
		if ( '' === $captured || $ecster->debited_amount <= 0 ) {
			return $this->notes->refusal(
				$order,
				Result::NOT_DEBITED,
				__( 'Ecster credit not possible: the order has not been debited in Ecster yet, so there is no payment to credit. Cancel the order to annul the reservation instead, or refund manually.', 'ecster-order-management' )
			);
		}
		$creditable = $ecster->debited_amount - $ecster->credited_amount;
		if ( $this->amount > $creditable ) {
			return $this->notes->refusal(
				$order,
				Result::AMOUNT_EXCEEDS_CREDITABLE,
				sprintf(
					/* translators: 1: requested amount, 2: amount that can still be credited */
					__( 'Ecster credit not sent: %1$s is more than can still be credited in Ecster (%2$s = debited minus already credited).', 'ecster-order-management' ),
					Notes::money( $this->amount, $currency ),
					Notes::money( max( 0, $creditable ), $currency )
				)
			);
		}
		$body = array(
			'type'             => 'CREDIT',
			'amount'           => $this->amount,
			'debitTransaction' => $captured,
			'rows'             => $this->rows->for_refund( $this->refund, $this->amount, $this->reason, $order->get_id() ),
		);
		if ( '' !== trim( $this->reason ) ) {
			$body['message'] = trim( $this->reason );
		}
		return new Intent(
			$this->amount,
			array(
				'body'   => $this->filtered_body( $body, $record ),
				'reason' => $this->reason,
				'lines'  => self::refund_lines( $this->refund ),
			),
			null !== $this->refund ? $this->refund->get_id() : 0
		);
	}

	public function send( ClientInterface $client, OrderRecord $record, JournalEntry $entry ): Answer {
		$body                         = (array) $entry->detail( 'body', array() );
		$body['transactionReference'] = self::transaction_reference( $entry );
		$answer                       = $client->create_transaction( $entry->ecster_order_id, $body );
		return new Answer(
			$answer->transaction->id,
			array(
				'orderStatus' => $answer->order_status,
				'billPdfUrl'  => $answer->transaction->bill_pdf_url,
			)
		);
	}

	public function record( OrderRecord $record, JournalEntry $entry, bool $found_later ): Result {
		$order     = $record->order();
		$currency  = $order->get_currency();
		$refund_id = $entry->refund_id;
		if ( $found_later ) {
			$refund_id = $this->ensure_refund( $record, $entry );
		}
		$invoice = (string) $entry->detail( 'billPdfUrl', '' );
		if ( $refund_id > 0 ) {
			$record->record_credit( $refund_id, $entry->transaction_id, $invoice );
		}
		$money = Notes::money( $entry->amount, $currency );
		if ( '' !== $invoice ) {
			$message = sprintf(
				/* translators: 1: amount, 2: Ecster transaction id, 3: credit invoice URL */
				__( 'Ecster order credited with %1$s. Ecster transaction %2$s. <a href="%3$s" target="_blank" rel="noopener">Credit invoice</a>.', 'ecster-order-management' ),
				$money,
				$entry->transaction_id,
				esc_url( $invoice )
			);
		} else {
			$message = sprintf(
				/* translators: 1: amount, 2: Ecster transaction id */
				__( 'Ecster order credited with %1$s. Ecster transaction %2$s.', 'ecster-order-management' ),
				$money,
				$entry->transaction_id
			);
		}
		if ( $found_later ) {
			$message .= ' ' . ( $refund_id > 0
				? sprintf(
					/* translators: %d: WooCommerce refund id */
					__( 'Ecster\'s answer to the credit was lost; checking Ecster\'s records showed it went through. It is recorded as refund #%d; nothing was sent again.', 'ecster-order-management' ),
					$refund_id
				)
				: __( 'Ecster\'s answer to the credit was lost; checking Ecster\'s records showed it went through. It is recorded as a WooCommerce refund in a moment; nothing was sent again.', 'ecster-order-management' ) );
		}
		$this->notes->note( $order, $message, array( 'transaction' => $entry->transaction_id ) );
		return Result::success( Result::CREDITED, $message, $entry->transaction_id, true, $entry->amount );
	}

	public function evidence( OrderRecord $record, JournalEntry $entry, EcsterView $view ): Verdict {
		$ecster = $view->order();
		$ours   = self::by_reference( $ecster, 'CREDIT', self::transaction_reference( $entry ) );
		if ( null !== $ours ) {
			return Verdict::confirmed( $ours->id, array( 'billPdfUrl' => $ours->bill_pdf_url ) );
		}
		if ( Reconciler::may_still_arrive( $entry ) ) {
			return Verdict::inconclusive( __( 'Ecster has no credit with this reference yet; the request is too recent to conclude it never arrived.', 'ecster-order-management' ) );
		}
		return Verdict::not_applied( __( 'Ecster has no credit with this reference: the request never reached Ecster or was not carried out.', 'ecster-order-management' ) );
	}
}
