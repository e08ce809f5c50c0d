<?php
/**
 * Resolves open questions (operations whose outcome is unknown) against Ecster's records.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\ClientInterface;
use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Operations\EcsterView;
use EcsterOM\Orders\Operations\OperationFactory;
use EcsterOM\Orders\Operations\SwishRefund;
use EcsterOM\Orders\Operations\Verdict;

/**
 * When it runs:
 * - before anything new is sent for an order (the runner calls settle() under the order's lock);
 * - in the background on Action Scheduler: one action per order when an outcome becomes unknown,
 *   with backoff from a minute to a day, then it gives up loudly (note, log, admin notice) — plus
 *   a sweep every five minutes that also finds intents left pending by a process that died;
 * - from the order panel ("Check with Ecster now") and WP-CLI (`wp ecster-om reconcile`).
 *
 * A debit proven to have happened completes the order (the completed email goes out then); a
 * debit proven not to have happened leaves the order where it is with a note saying how to retry.
 */
class Reconciler {

	public const HOOK_ORDER = 'ecster_om_reconcile_order';
	public const HOOK_DUE   = 'ecster_om_reconcile_due';
	public const GROUP      = 'ecster-order-management';

	/**
	 * The Ecster Pay checkout plugin's Swish refund poll (Action Scheduler, no group, arguments
	 * `[ order id, refund amount in major units ]` — `[ order id ]` before its 2022 versions — every
	 * 180 s while Ecster answers ONGOING). Jobs it left queued run here as a check of that order
	 * (run_legacy_swish_poll()).
	 */
	public const LEGACY_SWISH_HOOK = 'ecster_poll_swish_refund';

	/** Where a Swish refund that has no journal entry of its own came from (journal detail `adoptedFrom`). */
	public const FROM_CHECKOUT_PLUGIN = 'ecster-pay';
	public const FROM_EARLIER_VERSION = 'ecster-om-1.0';

	/** Seconds between the sweeps that catch what no per-order action covers. */
	public const SWEEP_INTERVAL = 300;

	/** Seconds to the next check after each inconclusive one; then automatic checks stop. */
	public const BACKOFF = array( 60, 300, 900, 3600, 10800, 21600, 43200, 86400 );

	public function __construct(
		private Journal $journal,
		private OperationFactory $operations,
		private Notes $notes,
		private OrderLock $lock,
		private ClientInterface $client,
		private Eligibility $eligibility,
		private SwishFollowUp $swish
	) {}

	/**
	 * Seconds after a request before the absence of its credit (or Swish refund) in Ecster's
	 * records counts as proof that it never arrived. A whole-order debit or annul needs none:
	 * Ecster refuses a second one, so a late arrival cannot move money twice.
	 */
	public static function settle_seconds(): int {
		/**
		 * Seconds to wait before concluding that a credit whose answer was lost never reached Ecster.
		 *
		 * @param int $seconds Default 60.
		 */
		return max( 0, (int) apply_filters( 'ecster_om_unknown_settle_seconds', 60 ) );
	}

	/**
	 * True while a request whose answer never came may still be on its way to Ecster: it timed out,
	 * its connection dropped, or the process that sent it died (pending), within the settling time.
	 * An answered failure (5xx, 429, a malformed body) means Ecster was done with the request.
	 */
	public static function may_still_arrive( JournalEntry $entry ): bool {
		$in_flight = JournalEntry::PENDING === $entry->state || in_array( $entry->ecster_code, array( 'timeout', 'network' ), true );
		return $in_flight && time() - $entry->updated < self::settle_seconds();
	}

	/**
	 * Asks Ecster about every open entry of the order and records what its records prove. The
	 * caller holds the order's lock.
	 */
	public function settle( OrderRecord $record, EcsterView $view, string $trigger ): Settlement {
		$settlement = new Settlement();
		foreach ( $record->open_entries() as $entry ) {
			$operation = $this->operations->for_entry( $entry );
			try {
				$verdict = $operation->evidence( $record, $entry, $view );
			} catch ( ApiException $e ) {
				$verdict = Verdict::inconclusive(
					sprintf(
						/* translators: %s: technical reason */
						__( 'Ecster could not be asked (%s).', 'ecster-order-management' ),
						$this->notes->kind_label( $e )
					)
				);
			}
			$order = $record->order();
			switch ( $verdict->kind ) {
				case Verdict::CONFIRMED:
					$entry = $this->journal->confirm( $entry, $verdict->transaction_id, '', $verdict->data + array( 'foundBy' => $trigger ) );
					$operation->record( $record, $entry, true );
					$record->refresh();
					$settlement->confirmed[] = $entry;
					break;
				case Verdict::NOT_APPLIED:
					$entry = $this->journal->not_applied( $entry, $verdict->reason, array( 'foundBy' => $trigger ) );
					$operation->not_applied( $record, $entry );
					$record->refresh();
					$this->notes->note( $order, $this->not_applied_note( $entry, $verdict->reason ) );
					$settlement->not_applied[] = $entry;
					break;
				default:
					$settlement->open[] = $this->keep_open( $record, $entry, $verdict->reason );
			}
		}
		return $settlement;
	}

	/**
	 * What settle() would conclude, without writing anything (WP-CLI --dry-run).
	 *
	 * @return list<array{entry: JournalEntry, verdict: Verdict}>
	 */
	public function preview( \WC_Order $order ): array {
		$record = new OrderRecord( $order, $this->journal );
		$view   = new EcsterView( $this->client, $record->reference() );
		$out    = array();
		foreach ( $record->open_entries() as $entry ) {
			try {
				$verdict = $this->operations->for_entry( $entry )->evidence( $record, $entry, $view );
			} catch ( ApiException $e ) {
				$verdict = Verdict::inconclusive( $this->notes->kind_label( $e ) );
			}
			$out[] = array(
				'entry'   => $entry,
				'verdict' => $verdict,
			);
		}
		return $out;
	}

	/**
	 * Checks one order now (background action, panel button, WP-CLI): settles its open entries,
	 * follows its running Swish refunds, then moves the order where the evidence says.
	 */
	public function reconcile_order( \WC_Order $order, string $trigger, ?int $legacy_swish_amount = null ): Settlement {
		$settlement = new Settlement();
		if ( ! $this->eligibility->is_managed( $order ) ) {
			return $settlement;
		}
		$order_id = $order->get_id();
		if ( $this->lock->is_held_here( $order_id ) || ! $this->lock->acquire( $order_id, 0.0, Runner::lock_ttl() ) ) {
			// Someone is acting on the order right now; it settles open entries itself. Look again soon.
			self::schedule( $order_id, time() + self::BACKOFF[0] );
			$settlement->open   = $this->journal->open_for_order( $order_id );
			$settlement->locked = true;
			return $settlement;
		}
		try {
			$record = new OrderRecord( $order, $this->journal );
			$view   = new EcsterView( $this->client, $record->reference() );
			$settlement->merge( $this->settle( $record, $view, $trigger ) );
			$this->swish->adopt( $record, $view, $legacy_swish_amount );
			$settlement->finished_swish = array_merge( $settlement->finished_swish, $this->swish->follow( $record, $view ) );
			$this->repair( $record );
		} finally {
			$this->lock->release( $order_id );
		}
		$this->after( $order, $settlement, $trigger );
		return $settlement;
	}

	/**
	 * Action Scheduler callback: one order.
	 *
	 * @param int|string $order_id Order id.
	 */
	public function run_order( $order_id ): void {
		$order = wc_get_order( (int) $order_id );
		if ( $order instanceof \WC_Order && 'shop_order' === $order->get_type() ) {
			$this->reconcile_order( $order, Runner::TRIGGER_RECONCILER );
		}
	}

	/**
	 * Action Scheduler callback of the Ecster Pay checkout plugin's queued Swish refund polls
	 * (LEGACY_SWISH_HOOK): the order is checked as by HOOK_ORDER, and the Swish refund that plugin
	 * started (the order's newest refund of that amount that nothing recorded as credited) is taken
	 * into the journal and followed to its end, like the refunds this plugin starts. The job is not
	 * queued again: follow-ups are this plugin's own checks.
	 *
	 * @param int|string            $order_id Order id.
	 * @param int|float|string|null $amount   Refund amount in major units, as the checkout plugin queued it
	 *                                        (its versions before 2022 queued the order id only: null).
	 */
	public function run_legacy_swish_poll( $order_id, $amount = null ): void {
		$order = wc_get_order( (int) $order_id );
		if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
			return;
		}
		if ( ! $this->eligibility->is_managed( $order ) ) {
			$this->notes->logger()->warning(
				'A Swish refund check queued by the Ecster Pay checkout plugin was skipped: the order is not managed by this plugin (Manage orders off, or not an Ecster order).',
				array( 'order_id' => $order->get_id() )
			);
			return;
		}
		// 0: a job without the amount; the refund is then the one Ecster reports as its latest.
		$minor = is_numeric( $amount ) && (float) $amount > 0 ? RowBuilder::to_minor( $amount ) : 0;
		if ( $this->reconcile_order( $order, Runner::TRIGGER_RECONCILER, $minor )->locked && function_exists( 'as_schedule_single_action' ) ) {
			// Not taken over: another request holds the order. The same job again in a minute.
			as_schedule_single_action( time() + self::BACKOFF[0], self::LEGACY_SWISH_HOOK, null === $amount ? array( $order->get_id() ) : array( $order->get_id(), $amount ) );
		}
	}

	/**
	 * Action Scheduler callback: every order whose check is due, and intents left pending by a
	 * process that died (found as soon as its lock has expired).
	 */
	public function run_due(): void {
		foreach ( $this->journal->orders_due( time() ) as $order_id ) {
			$this->run_order( $order_id );
		}
	}

	/**
	 * Schedules a check of one order (at the earliest of what is already scheduled and `$when`).
	 */
	public static function schedule( int $order_id, int $when ): void {
		if ( ! function_exists( 'as_schedule_single_action' ) || ! function_exists( 'as_next_scheduled_action' ) ) {
			return;
		}
		$args = array( 'order_id' => $order_id );
		$next = as_next_scheduled_action( self::HOOK_ORDER, $args, self::GROUP );
		if ( is_int( $next ) && $next <= $when ) {
			return;
		}
		if ( is_int( $next ) && function_exists( 'as_unschedule_action' ) ) {
			as_unschedule_action( self::HOOK_ORDER, $args, self::GROUP );
		}
		as_schedule_single_action( $when, self::HOOK_ORDER, $args, self::GROUP );
	}

	/**
	 * Makes sure the sweep is scheduled (checked at most once an hour per site).
	 */
	public static function ensure_sweep(): void {
		if ( ! function_exists( 'as_has_scheduled_action' ) || ! function_exists( 'as_schedule_recurring_action' ) || get_transient( 'ecster_om_sweep_checked' ) ) {
			return;
		}
		if ( ! as_has_scheduled_action( self::HOOK_DUE, array(), self::GROUP ) ) {
			as_schedule_recurring_action( time() + self::SWEEP_INTERVAL, self::SWEEP_INTERVAL, self::HOOK_DUE, array(), self::GROUP );
		}
		set_transient( 'ecster_om_sweep_checked', 1, HOUR_IN_SECONDS );
	}

	/**
	 * The next check of an entry after `$checks` inconclusive ones, null when checks stop.
	 */
	public static function next_check( int $checks, int $now ): ?int {
		return isset( self::BACKOFF[ $checks ] ) ? $now + self::BACKOFF[ $checks ] : null;
	}

	private function keep_open( OrderRecord $record, JournalEntry $entry, string $reason ): JournalEntry {
		// The first check was scheduled when the outcome became unknown (next_check( 0 )).
		$next  = self::next_check( $entry->checks + 1, time() );
		$entry = $this->journal->checked( $entry, $next, null === $next, $reason );
		if ( null !== $next ) {
			self::schedule( $record->order_id(), $next );
			return $entry;
		}
		$message = sprintf(
			/* translators: 1: operation (debit, annul, credit, Swish refund), 2: reference, 3: why it is still open */
			__( 'The Ecster %1$s with reference %2$s is still an open question after the last automatic check: %3$s Automatic checks have stopped. Look the order up in Ecster\'s portal, then use "Check with Ecster now" in the Ecster Pay panel or `wp ecster-om reconcile`.', 'ecster-order-management' ),
			Notes::operation_name( $entry->operation ),
			$entry->reference,
			$reason
		);
		$record->order()->add_order_note( $message );
		$this->notes->logger()->error(
			'Gave up checking an Ecster operation whose outcome is unknown.',
			array(
				'order_id'  => $record->order_id(),
				'reference' => $entry->reference,
				'operation' => $entry->operation,
			)
		);
		return $entry;
	}

	/**
	 * Credits found in Ecster's records whose WooCommerce refund had to wait: created now.
	 */
	private function repair( OrderRecord $record ): void {
		foreach ( $record->entries() as $entry ) {
			if ( JournalEntry::CONFIRMED !== $entry->state || true !== $entry->detail( 'needsRefund' ) ) {
				continue;
			}
			$operation = $this->operations->for_entry( $entry );
			if ( $operation instanceof Operations\Credit || $operation instanceof SwishRefund ) {
				$operation->repair( $record, $entry );
			}
		}
		$record->refresh();
	}

	/**
	 * Moves the order where the evidence says and tells other plugins (outside the lock).
	 */
	private function after( \WC_Order $order, Settlement $settlement, string $trigger ): void {
		foreach ( array_merge( $settlement->confirmed, $settlement->finished_swish ) as $entry ) {
			Events::confirmed( $entry, $order, $trigger );
			if ( JournalEntry::DEBIT === $entry->operation && $order->has_status( array( 'on-hold', 'processing', 'pending', 'failed' ) ) ) {
				$order->update_status( 'completed', __( 'Completed: the Ecster debit went through (found by checking Ecster\'s records).', 'ecster-order-management' ) );
			}
			if ( JournalEntry::ANNUL === $entry->operation && $order->has_status( array( 'on-hold', 'processing', 'pending' ) ) ) {
				$order->update_status( 'cancelled', __( 'Cancelled: the Ecster reservation was annulled (found by checking Ecster\'s records).', 'ecster-order-management' ) );
			}
		}
	}

	private function not_applied_note( JournalEntry $entry, string $reason ): string {
		$text = sprintf(
			/* translators: 1: operation (debit, annul, credit, Swish refund), 2: reference, 3: evidence */
			__( 'The Ecster %1$s with reference %2$s, whose answer was lost, did not happen: %3$s', 'ecster-order-management' ),
			Notes::operation_name( $entry->operation ),
			$entry->reference,
			$reason
		);
		switch ( $entry->operation ) {
			case JournalEntry::DEBIT:
				return $text . ' ' . __( 'Nothing was charged. To debit, set the order to Completed again (or use Debit in the Ecster Pay panel).', 'ecster-order-management' );
			case JournalEntry::ANNUL:
				return $text . ' ' . __( 'The reservation is still open. Cancel the order again to annul it.', 'ecster-order-management' );
			default:
				return $text . ' ' . __( 'Nothing was credited. Refund again if the customer should get the money back.', 'ecster-order-management' );
		}
	}
}
