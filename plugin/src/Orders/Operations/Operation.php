<?php
/**
 * One kind of money operation (debit, annul, credit, Swish refund) on the common runner.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Operations;

use EcsterOM\Api\Call;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Api\Transaction;
use EcsterOM\Api\TransactionResult;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\OrderRecord;
use EcsterOM\Orders\Result;

/**
 * The runner (Orders\Runner) does what every operation shares: managed check, lock, settling open
 * questions with Ecster, saving the intent, sending, recording the outcome, notes for failures.
 * An operation says only what is particular to it:
 *
 * - precheck(): decisions from what WooCommerce recorded (no Ecster call);
 * - plan():     from Ecster's records, a Result (nothing to send) or an Intent;
 * - send():     the request itself (call() + answer(): the same request as data, for the
 *                runner's concurrent path);
 * - record():   meta and note for a confirmed operation (from the answer or found later);
 * - evidence(): what Ecster's records say about an entry whose outcome was unknown.
 */
abstract class Operation {

	public function __construct( protected Notes $notes ) {}

	/**
	 * Journal operation name (JournalEntry::DEBIT …).
	 */
	abstract public function name(): string;

	/**
	 * The WooCommerce refund this operation is for (0: none).
	 */
	public function refund_id(): int {
		return 0;
	}

	/**
	 * Decisions from what WooCommerce recorded; null means ask Ecster.
	 */
	public function precheck( OrderRecord $record ): ?Result {
		return null;
	}

	/**
	 * From Ecster's records: a Result when nothing is to be sent, or the Intent to send.
	 *
	 * @throws \EcsterOM\Api\ApiException When Ecster cannot be read.
	 */
	abstract public function plan( OrderRecord $record, EcsterView $view ): Result|Intent;

	/**
	 * Sends the request for a saved intent.
	 *
	 * @throws \EcsterOM\Api\ApiException When no valid answer came back or Ecster refused.
	 * @throws Refusal When Ecster's valid answer says no.
	 */
	abstract public function send( ClientInterface $client, OrderRecord $record, JournalEntry $entry ): Answer;

	/**
	 * The request send() makes, as data, so that the runner can send the requests of several
	 * orders side by side (Runner::run_many()); null when this operation is only sent on its own.
	 */
	public function call( OrderRecord $record, JournalEntry $entry ): ?Call {
		return null;
	}

	/**
	 * Reads Ecster's answer to call(), exactly as send() reads it.
	 *
	 * @throws Refusal When Ecster's valid answer says no.
	 * @throws \LogicException When the operation has no call().
	 */
	public function answer( EcsterOrder|TransactionResult $result, OrderRecord $record, JournalEntry $entry ): Answer {
		throw new \LogicException( static::class . ' is only sent on its own.' );
	}

	/**
	 * Meta and note for a confirmed entry.
	 *
	 * @param bool $found_later True when the reconciler found it in Ecster's records (not the answer).
	 */
	abstract public function record( OrderRecord $record, JournalEntry $entry, bool $found_later ): Result;

	/**
	 * What Ecster's records say about an open entry.
	 */
	abstract public function evidence( OrderRecord $record, JournalEntry $entry, EcsterView $view ): Verdict;

	/**
	 * Follow-up once Ecster's records prove an open entry did not happen (default: nothing).
	 */
	public function not_applied( OrderRecord $record, JournalEntry $entry ): void {
	}

	/**
	 * Newest transaction of a type.
	 */
	protected static function latest( EcsterOrder $ecster, string $type ): ?Transaction {
		$all = $ecster->transactions_of_type( $type );
		return array() === $all ? null : $all[ count( $all ) - 1 ];
	}

	/**
	 * The transaction of a type that carries a journal entry's reference.
	 */
	protected static function by_reference( EcsterOrder $ecster, string $type, string $reference ): ?Transaction {
		foreach ( $ecster->transactions_of_type( $type ) as $transaction ) {
			if ( $transaction->transaction_reference === $reference ) {
				return $transaction;
			}
		}
		return null;
	}

	/**
	 * The request body with the filter other code may use to add to it (never to change money).
	 *
	 * @param array<string, mixed> $body Body.
	 * @return array<string, mixed>
	 */
	protected function filtered_body( array $body, OrderRecord $record ): array {
		/**
		 * Filters a transaction request body before it is saved in the journal and sent to Ecster.
		 * Other plugins may add or change rows' texts; type, amount, debitTransaction and closeDebit
		 * are restored after the filter (money moves exactly as decided here), and
		 * transactionReference is set when the request is sent.
		 *
		 * @param array<string, mixed> $body      Request body.
		 * @param \WC_Order            $order     The order.
		 * @param string               $operation debit | annul | credit.
		 */
		$filtered = apply_filters( 'ecster_om_transaction_body', $body, $record->order(), $this->name() );
		if ( ! is_array( $filtered ) ) {
			$filtered = $body;
		}
		$filtered = self::restore_money( $body, $filtered );
		return self::restore_money( $body, $this->legacy_request_args( $filtered, $record ) );
	}

	/** Body fields that decide what money moves: no filter may change them. */
	private const MONEY_FIELDS = array( 'type', 'amount', 'debitTransaction', 'closeDebit' );

	/**
	 * The Ecster Pay checkout plugin's filter `ecster_request_args`, which received the JSON body of
	 * every POST and PUT it sent (one argument, the body as an array) and returned it. Merchants'
	 * callbacks for it keep working on the bodies this plugin sends (transactions and Swish
	 * refunds), with a deprecation notice: here the money fields are restored afterwards, and a
	 * callback that tried to change them is named in the log.
	 *
	 * @param array<string, mixed> $body Request body (after `ecster_om_transaction_body`).
	 * @return array<string, mixed>
	 */
	protected function legacy_request_args( array $body, OrderRecord $record ): array {
		if ( ! has_filter( 'ecster_request_args' ) ) {
			return $body;
		}
		// phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- the Ecster Pay checkout plugin's filter, honoured for merchants who move from it.
		$filtered = apply_filters_deprecated(
			'ecster_request_args',
			array( $body ),
			'1.0.0',
			'ecster_om_transaction_body',
			'Ecster Order Management passes it the body of its debit, annul, credit and Swish refund requests and keeps their type, amount, debitTransaction and closeDebit as decided.'
		);
		if ( ! is_array( $filtered ) ) {
			return $body;
		}
		$ignored = array();
		foreach ( self::MONEY_FIELDS as $field ) {
			if ( ( $filtered[ $field ] ?? null ) !== ( $body[ $field ] ?? null ) ) {
				$ignored[] = $field;
			}
		}
		if ( array() !== $ignored ) {
			$this->notes->logger()->warning(
				'A callback of the filter ecster_request_args (from the Ecster Pay checkout plugin) changed ' . implode( ', ', $ignored ) . ' of an Ecster request; those changes are ignored (the money moves as this plugin decided). Use ecster_om_transaction_body for texts of rows.',
				array(
					'order_id'  => $record->order_id(),
					'operation' => $this->name(),
				)
			);
		}
		return $filtered;
	}

	/**
	 * The filtered body with the money fields of the original.
	 *
	 * @param array<string, mixed> $body     The body as this plugin built it.
	 * @param array<string, mixed> $filtered The body after a filter.
	 * @return array<string, mixed>
	 */
	private static function restore_money( array $body, array $filtered ): array {
		foreach ( self::MONEY_FIELDS as $fixed ) {
			unset( $filtered[ $fixed ] );
			if ( array_key_exists( $fixed, $body ) ) {
				$filtered[ $fixed ] = $body[ $fixed ];
			}
		}
		return $filtered;
	}
}
