<?php
/**
 * The one path every money operation takes: lock → settle → plan → journal → request → record.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Journal\JournalException;
use EcsterOM\Orders\Operations\Answer;
use EcsterOM\Orders\Operations\Credit;
use EcsterOM\Orders\Operations\EcsterView;
use EcsterOM\Orders\Operations\Intent;
use EcsterOM\Orders\Operations\Operation;
use EcsterOM\Orders\Operations\Refusal;

/**
 * For every trigger (status change, payment complete, panel, REST, WP-CLI, bulk, gateway refund):
 *
 * 1. Only managed orders. A second operation on an order this request is already acting on fails
 *    with a clear error (it never answers success without a call).
 * 2. The order's lock (OrderLock), held across processes for the whole operation and renewed before
 *    each request to Ecster, so it always outlives the request it guards.
 * 3. Decisions from WooCommerce's records (stored ids, Swish).
 * 4. Open questions first: entries whose outcome is unknown are settled against Ecster's records
 *    (Reconciler::settle). While one stays open, nothing new is sent for the order.
 * 5. One read of Ecster's order, then the operation's plan: nothing to send, a refusal, or an intent.
 * 6. The intent is saved in the journal before the request leaves.
 * 7. The request. Its outcome is written at once: confirmed (transaction id), refused (Ecster's code)
 *    or unknown (timeout, drop, 5xx, 429, malformed answer; checked later, never resent blindly).
 * 8. Meta, note and the public actions (after the lock is released).
 */
class Runner {

	public const TRIGGER_STATUS_HOOK      = 'status_hook';
	public const TRIGGER_PAYMENT_COMPLETE = 'payment_complete';
	public const TRIGGER_PANEL            = 'panel';
	public const TRIGGER_REST             = 'rest';
	public const TRIGGER_CLI              = 'cli';
	public const TRIGGER_BULK             = 'bulk';
	public const TRIGGER_GATEWAY          = 'gateway';
	public const TRIGGER_RECONCILER       = 'reconciler';

	/** Triggers of automatic status changes: they wait for the lock a while instead of failing at once. */
	public const WAITING_TRIGGERS = array( self::TRIGGER_STATUS_HOOK, self::TRIGGER_PAYMENT_COMPLETE, self::TRIGGER_BULK );

	public function __construct(
		private ClientInterface $client,
		private Journal $journal,
		private OrderLock $lock,
		private Reconciler $reconciler,
		private Notes $notes,
		private Eligibility $eligibility
	) {}

	/**
	 * Seconds a lock lives: longer than the longest request it guards (the timeout filter allows up
	 * to 120 s per call) plus margin. It is renewed before every request.
	 */
	public static function lock_ttl(): int {
		return (int) \EcsterOM\Api\Client::MAX_TIMEOUT + 60;
	}

	public function run( \WC_Order $order, Operation $operation, string $trigger ): Result {
		$automatic = in_array( $trigger, self::WAITING_TRIGGERS, true );
		/**
		 * Seconds a status change waits for another request that is processing the same order
		 * (REST, panel and CLI actions never wait; they answer "locked" at once).
		 *
		 * @param float     $seconds Seconds.
		 * @param \WC_Order $order   The order.
		 */
		$wait    = $automatic ? (float) apply_filters( 'ecster_om_lock_wait_seconds', 15.0, $order ) : 0.0;
		$refused = $this->admit( $order, $operation, $trigger, $wait, $automatic );
		if ( null !== $refused ) {
			return $refused;
		}
		$settlement = new Settlement();
		$confirmed  = null;
		try {
			$result = $this->locked( $order, $operation, $trigger, $settlement, $confirmed );
		} finally {
			$this->lock->release( $order->get_id() );
		}
		$this->announce( $order, $settlement, $confirmed, $trigger );
		return $result;
	}

	/**
	 * The same steps as run() for several orders at once (bulk actions, `wp ecster-om debit` with
	 * several orders): Ecster's reads of the orders go out side by side, then every order is decided
	 * and its intent saved in the journal, then the money requests go out side by side, then every
	 * outcome is recorded (Orders\ConcurrentRun). Each order keeps its own lock, open questions,
	 * journal entry and notes exactly as in run(); a lock another request holds is not waited for
	 * (the order answers `locked`, and the caller tries again later).
	 *
	 * Everything given is sent at once: the caller limits how many (the bulk concurrency level).
	 *
	 * @param array<array-key, array{0: \WC_Order, 1: Operation}> $jobs Order and operation by the caller's keys (one job per order).
	 * @return array<array-key, Result> By the same keys.
	 */
	public function run_many( array $jobs, string $trigger ): array {
		return ( new ConcurrentRun( $this, $this->client, $this->lock, $this->journal ) )->run( $jobs, $trigger );
	}

	/**
	 * Step 1 and 2: managed, not nested, the lock taken (null), or why not.
	 *
	 * @internal Runner and ConcurrentRun only.
	 *
	 * @param float $wait Seconds to wait for a lock another request holds.
	 * @param bool  $note Add an order note when the lock was not had.
	 */
	public function admit( \WC_Order $order, Operation $operation, string $trigger, float $wait, bool $note ): ?Result {
		$reason = $this->eligibility->unmanaged_reason( $order );
		if ( null !== $reason ) {
			return Result::failure( Result::NOT_MANAGED, Eligibility::message( $reason ) );
		}
		$order_id = $order->get_id();
		if ( $this->lock->is_held_here( $order_id ) ) {
			$message = sprintf(
				/* translators: %s: operation (debit, annul, credit) */
				__( 'Ecster %s not sent: another Ecster operation on this order is running in this same request (another plugin started it from inside that operation). Nothing was sent; try again once the order has been saved.', 'ecster-order-management' ),
				Notes::operation_name( $operation->name() )
			);
			$this->notes->logger()->warning(
				'Nested Ecster operation refused.',
				array(
					'order_id'  => $order_id,
					'operation' => $operation->name(),
					'trigger'   => $trigger,
				)
			);
			return Result::failure( Result::NESTED_OPERATION, $message );
		}
		if ( $this->lock->acquire( $order_id, $wait, self::lock_ttl() ) ) {
			return null;
		}
		$message = __( 'Another request is already processing this order in Ecster. Wait a moment, reload the order and check its Ecster state before trying again.', 'ecster-order-management' );
		$this->notes->logger()->warning(
			'Order locked by another request.',
			array(
				'order_id'  => $order_id,
				'operation' => $operation->name(),
				'trigger'   => $trigger,
			)
		);
		if ( $note ) {
			$order->add_order_note(
				sprintf(
					/* translators: 1: operation (debit/annul), 2: explanation */
					__( 'Ecster %1$s not sent from this status change: %2$s', 'ecster-order-management' ),
					Notes::operation_name( $operation->name() ),
					$message
				)
			);
		}
		return Result::failure( Result::LOCKED, $message );
	}

	/**
	 * Step 8's public part, after the lock is released: what was confirmed, for other plugins.
	 *
	 * @internal Runner and ConcurrentRun only.
	 */
	public function announce( \WC_Order $order, Settlement $settlement, ?JournalEntry $confirmed, string $trigger ): void {
		foreach ( $settlement->confirmed as $entry ) {
			Events::confirmed( $entry, $order, self::TRIGGER_RECONCILER );
		}
		if ( null !== $confirmed ) {
			Events::confirmed( $confirmed, $order, $trigger );
		}
	}

	/**
	 * Steps 3 to 8, under the lock.
	 *
	 * @param JournalEntry|null $confirmed Set to the entry confirmed by Ecster's answer.
	 */
	private function locked( \WC_Order $order, Operation $operation, string $trigger, Settlement $settlement, ?JournalEntry &$confirmed ): Result {
		$record = new OrderRecord( $order, $this->journal );
		$early  = $operation->precheck( $record );
		if ( null !== $early ) {
			return $early;
		}
		$view    = new EcsterView( $this->client, $record->reference() );
		$planned = $this->decide( $record, $operation, $view, $trigger, $settlement );
		if ( $planned instanceof Result ) {
			return $planned;
		}
		list( $operation, $intent ) = $planned;
		$entry                      = $this->begin( $record, $operation, $intent, $trigger );
		if ( $entry instanceof Result ) {
			return $entry;
		}
		try {
			$outcome = $operation->send( $this->client, $record, $entry );
		} catch ( Refusal $refusal ) {
			$outcome = $refusal;
		} catch ( ApiException $e ) {
			$outcome = $e;
		}
		return $this->conclude( $record, $operation, $entry, $outcome, $view, $confirmed );
	}

	/**
	 * Steps 4 and 5, after the precheck: open questions settled against Ecster's records (with the
	 * order's single read of Ecster, `$view`), then the operation's plan. Answers a Result when
	 * nothing is to be sent, else the operation (a credit may turn out to be a Swish refund) and
	 * its intent.
	 *
	 * @internal Runner and ConcurrentRun only.
	 *
	 * @return Result|array{0: Operation, 1: Intent}
	 */
	public function decide( OrderRecord $record, Operation $operation, EcsterView $view, string $trigger, Settlement $settlement ): Result|array {
		$order = $record->order();
		$settlement->merge( $this->reconciler->settle( $record, $view, $trigger ) );
		if ( array() !== $settlement->open ) {
			return $this->notes->still_open( $order, $operation->name(), $settlement->open[0] );
		}
		$earlier = $settlement->confirmed_credit();
		if ( null !== $earlier && in_array( $operation->name(), array( JournalEntry::CREDIT, JournalEntry::SWISH_REFUND ), true ) ) {
			$earlier = $this->journal->find( $earlier->id ) ?? $earlier;
			$money   = Notes::money( $earlier->amount, $order->get_currency() );
			if ( $operation->refund_id() > 0 && $earlier->refund_id === $operation->refund_id() ) {
				// The same amount asked for again while WooCommerce creates this refund: it is the
				// refund whose answer was lost, now recorded here. Nothing is sent twice.
				return Result::success(
					Result::ALREADY_CREDITED,
					sprintf(
						/* translators: %s: amount */
						__( 'The earlier refund of %s whose answer was lost did go through in Ecster; it is recorded for this refund and no second credit was sent.', 'ecster-order-management' ),
						$money
					),
					$earlier->transaction_id,
					false,
					$earlier->amount
				);
			}
			return $this->notes->refusal(
				$order,
				Result::EARLIER_CREDIT_FOUND,
				sprintf(
					/* translators: %s: amount */
					__( 'Ecster credit not sent: an earlier refund of %s whose answer was lost did go through in Ecster and is recorded as a refund of its own. Nothing more was credited; refund again only if the customer should get more back.', 'ecster-order-management' ),
					$money
				),
				$earlier->transaction_id
			);
		}
		if ( $settlement->resolved() > 0 ) {
			// What was just recorded may settle the request (an earlier debit went through).
			$early = $operation->precheck( $record );
			if ( null !== $early ) {
				return $early;
			}
		}

		try {
			$ecster = $view->order();
		} catch ( ApiException $e ) {
			return $this->notes->api_failure( $order, $operation->name(), $e, false );
		}
		if ( $operation instanceof Credit && $ecster->is_swish() && null !== $operation->swish_instead() ) {
			$operation = $operation->swish_instead();
			$early     = $operation->precheck( $record );
			if ( null !== $early ) {
				return $early;
			}
		}
		try {
			$plan = $operation->plan( $record, $view );
		} catch ( ApiException $e ) {
			return $this->notes->api_failure( $order, $operation->name(), $e, false );
		}
		if ( $plan instanceof Result ) {
			return $plan;
		}
		return array( $operation, $plan );
	}

	/**
	 * Step 6: the intent saved in the journal (the lock renewed for the request that follows), or
	 * the refusal when it cannot be saved.
	 *
	 * @internal Runner and ConcurrentRun only.
	 */
	public function begin( OrderRecord $record, Operation $operation, Intent $intent, string $trigger ): JournalEntry|Result {
		$order = $record->order();
		try {
			$entry = $this->journal->begin( $order->get_id(), $record->reference(), $operation->name(), $intent->amount, $order->get_currency(), $intent->refund_id, $trigger, $intent->data );
		} catch ( JournalException $e ) {
			$this->notes->logger()->error( $e->getMessage(), array( 'order_id' => $order->get_id() ) );
			return $this->notes->refusal(
				$order,
				Result::JOURNAL_UNAVAILABLE,
				sprintf(
					/* translators: %s: operation (debit, annul, credit) */
					__( 'Ecster %s not sent: the record of the operation could not be saved in the database, and no money is moved without it. Check the site\'s database, then try again.', 'ecster-order-management' ),
					Notes::operation_name( $operation->name() )
				)
			);
		}

		$this->lock->renew( $order->get_id(), self::lock_ttl() );
		$this->notes->logger()->info(
			'Sending Ecster ' . $operation->name() . '.',
			array(
				'order_id'  => $order->get_id(),
				'trigger'   => $trigger,
				'amount'    => $entry->amount,
				'reference' => $entry->reference,
			)
		);
		return $entry;
	}

	/**
	 * Steps 7 and 8: the request's outcome written at once (confirmed, refused or unknown), then
	 * meta and note.
	 *
	 * @internal Runner and ConcurrentRun only.
	 *
	 * @param Answer|Refusal|ApiException $outcome   Ecster's answer, or why there is none.
	 * @param JournalEntry|null           $confirmed Set to the confirmed entry.
	 */
	public function conclude( OrderRecord $record, Operation $operation, JournalEntry $entry, Answer|Refusal|ApiException $outcome, EcsterView $view, ?JournalEntry &$confirmed ): Result {
		$order = $record->order();
		if ( $outcome instanceof Refusal ) {
			$this->journal->refuse( $entry, $outcome->ecster_code, $outcome->getMessage() );
			$order->add_order_note( $outcome->getMessage() );
			$this->notes->logger()->error(
				$outcome->getMessage(),
				array(
					'order_id' => $order->get_id(),
					'code'     => $outcome->ecster_code,
				)
			);
			return Result::failure( Result::SWISH_REFUND_FAILED, $outcome->getMessage(), true );
		}
		if ( $outcome instanceof ApiException ) {
			return $this->failed( $record, $operation, $entry, $outcome, $view );
		}

		/**
		 * Fires when Ecster's answer has arrived and before anything about it is saved. Tests use it
		 * to simulate a process that dies at the worst moment (the chaos test); nothing else should.
		 *
		 * @param \WC_Order    $order The order.
		 * @param JournalEntry $entry The journal entry (still pending).
		 */
		do_action( 'ecster_om_after_ecster_answer', $order, $entry );

		$entry     = $this->journal->confirm( $entry, $outcome->transaction_id, '', $outcome->data + array( 'foundBy' => 'answer' ) );
		$confirmed = $entry;
		return $operation->record( $record, $entry, false );
	}

	/**
	 * The request failed: unknown (checked later) or refused (money did not move).
	 */
	private function failed( OrderRecord $record, Operation $operation, JournalEntry $entry, ApiException $e, EcsterView $view ): Result {
		$order  = $record->order();
		$result = $this->notes->api_failure( $order, $operation->name(), $e, true );
		$code   = null !== $e->get_ecster_code() ? (string) $e->get_ecster_code() : ( $e->get_http_status() > 0 ? 'HTTP ' . $e->get_http_status() : $e->get_kind() );
		if ( Notes::outcome_unknown( $e, true ) ) {
			$next = (int) Reconciler::next_check( 0, time() );
			$this->journal->unknown( $entry, $code, $e->getMessage(), $next );
			Reconciler::schedule( $order->get_id(), $next );
			return $result;
		}
		$this->journal->refuse( $entry, $code, '' !== $e->get_ecster_message() ? $e->get_ecster_message() : $e->getMessage() );
		if ( ApiException::ECSTER_INVALID_STATE === $e->get_ecster_code() ) {
			// "Not in a valid state": someone may have acted on the order meanwhile. Look again.
			$view->forget();
			try {
				$again = $operation->plan( $record, $view );
				if ( $again instanceof Result && $again->is_success() ) {
					return $again;
				}
			} catch ( ApiException $ignored ) {
				// The refusal stands.
				unset( $ignored );
			}
		}
		return $result;
	}
}
