<?php
/**
 * Outcome of an order-management action.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

/**
 * Immutable value object returned by every operation (OrderManager::debit(), annul(), credit()).
 *
 * - success: the order is (now) in the state the action asked for in Ecster;
 * - code: a stable machine string (see the constants), used as REST `result` / error code;
 * - message: human, translated text (also written to the order note when there is one);
 * - transaction_id: the Ecster transaction that did it (new or found), '' when none;
 * - ecster_called: whether a transaction request was sent to Ecster (reads do not count).
 */
final class Result {

	// Successes.
	public const DEBITED               = 'debited';
	public const ALREADY_DEBITED       = 'already_debited';
	public const ANNULLED              = 'annulled';
	public const ALREADY_ANNULLED      = 'already_annulled';
	public const CREDITED              = 'credited';
	public const ALREADY_CREDITED      = 'already_credited';
	public const SWISH_ALREADY_CHARGED = 'swish_already_charged';
	public const SWISH_REFUND_PENDING  = 'swish_refund_pending';
	public const SWISH_REFUNDED        = 'swish_refunded';

	// Failures.
	public const NOT_MANAGED               = 'not_managed';
	public const LOCKED                    = 'locked';
	public const EXCEEDS_RESERVATION       = 'exceeds_reservation';
	public const NOTHING_TO_DEBIT          = 'nothing_to_debit';
	public const ANNULLED_IN_ECSTER        = 'annulled_in_ecster';
	public const DEBITED_CANNOT_ANNUL      = 'debited_cannot_annul';
	public const PARTIALLY_DEBITED         = 'partially_debited';
	public const INVALID_ECSTER_STATUS     = 'invalid_ecster_status';
	public const CURRENCY_MISMATCH         = 'currency_mismatch';
	public const SWISH_NO_ANNUL            = 'swish_cannot_annul';
	public const NOT_DEBITED               = 'not_debited';
	public const INVALID_AMOUNT            = 'invalid_amount';
	public const AMOUNT_EXCEEDS_CREDITABLE = 'amount_exceeds_creditable';
	public const SWISH_REFUND_RUNNING      = 'swish_refund_running';
	public const SWISH_REFUND_FAILED       = 'swish_refund_failed';
	public const EARLIER_CREDIT_FOUND      = 'earlier_credit_found';
	public const ECSTER_ERROR              = 'ecster_error';
	public const ECSTER_UNREACHABLE        = 'ecster_unreachable';
	public const RATE_LIMITED              = 'rate_limited';
	public const OUTCOME_UNKNOWN           = 'outcome_unknown';
	public const NOT_CONFIGURED            = 'not_configured';
	/** Another operation on the order is running in this same request (never answered with success). */
	public const NESTED_OPERATION = 'nested_operation';
	/** An earlier operation's outcome is still unknown: nothing new is sent until Ecster's records tell. */
	public const OUTCOME_PENDING = 'outcome_pending';
	/** The intent could not be saved, so nothing was sent. */
	public const JOURNAL_UNAVAILABLE = 'journal_unavailable';
	/** WooCommerce did not create the refund (or created it without the gateway). */
	public const REFUND_FAILED = 'refund_failed';

	private function __construct(
		private bool $success,
		private string $code,
		private string $message,
		private string $transaction_id,
		private bool $ecster_called,
		private int $amount
	) {}

	public static function success( string $code, string $message, string $transaction_id = '', bool $ecster_called = false, int $amount = 0 ): self {
		return new self( true, $code, $message, $transaction_id, $ecster_called, $amount );
	}

	public static function failure( string $code, string $message, bool $ecster_called = false, string $transaction_id = '' ): self {
		return new self( false, $code, $message, $transaction_id, $ecster_called, 0 );
	}

	public function is_success(): bool {
		return $this->success;
	}

	public function code(): string {
		return $this->code;
	}

	public function message(): string {
		return $this->message;
	}

	public function transaction_id(): string {
		return $this->transaction_id;
	}

	public function ecster_called(): bool {
		return $this->ecster_called;
	}

	/**
	 * Amount of the transaction in minor units (0 when not applicable).
	 */
	public function amount(): int {
		return $this->amount;
	}

	/**
	 * The outcome is not known (a request was sent but no valid answer came back).
	 */
	public function is_outcome_unknown(): bool {
		return self::OUTCOME_UNKNOWN === $this->code;
	}

	/**
	 * @return array{success: bool, code: string, message: string, transactionId: string, ecsterCalled: bool}
	 */
	public function to_array(): array {
		return array(
			'success'       => $this->success,
			'code'          => $this->code,
			'message'       => $this->message,
			'transactionId' => $this->transaction_id,
			'ecsterCalled'  => $this->ecster_called,
		);
	}
}
