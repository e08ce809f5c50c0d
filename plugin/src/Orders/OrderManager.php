<?php
/**
 * The order-management service every trigger calls: debit, annul, credit, reconcile, state.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

use EcsterOM\Api\ClientInterface;
use EcsterOM\Logger;
use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Operations\OperationFactory;
use EcsterOM\Orders\Refunds\RefundTracker;
use EcsterOM\Settings;

/**
 * A thin front over the parts (docs/architecture.md, "Order core"):
 * - Runner: the one path of every money operation (lock, settle, journal, request, record);
 * - Operations\{Debit, Annul, Credit, SwishRefund}: what is particular to each;
 * - OrderRecord: the one owner of an order's Ecster state (journal + meta);
 * - Reconciler: open questions against Ecster's records, in the background too;
 * - Notes: outcomes and failures as order notes and log lines.
 *
 * Domain results are Result objects; REST, WP-CLI and the gateway turn them into WP_Error, HTTP
 * statuses and exit codes at their own edge.
 */
class OrderManager {

	public const GATEWAY_ID = Eligibility::GATEWAY_ID;

	public const META_REFERENCE      = OrderRecord::META_REFERENCE;
	public const META_METHOD         = OrderRecord::META_METHOD;
	public const META_SWISH_ID       = OrderRecord::META_SWISH_ID;
	public const META_CAPTURED       = OrderRecord::META_CAPTURED;
	public const META_CANCELLED      = OrderRecord::META_CANCELLED;
	public const META_REFUND_PREFIX  = OrderRecord::META_REFUND_PREFIX;
	public const META_DEBITED_AMOUNT = OrderRecord::META_DEBITED_AMOUNT;
	public const SWISH               = OrderRecord::SWISH;

	public const TRIGGER_STATUS_HOOK      = Runner::TRIGGER_STATUS_HOOK;
	public const TRIGGER_PAYMENT_COMPLETE = Runner::TRIGGER_PAYMENT_COMPLETE;
	public const TRIGGER_PANEL            = Runner::TRIGGER_PANEL;
	public const TRIGGER_REST             = Runner::TRIGGER_REST;
	public const TRIGGER_CLI              = Runner::TRIGGER_CLI;
	public const TRIGGER_BULK             = Runner::TRIGGER_BULK;
	public const TRIGGER_GATEWAY          = Runner::TRIGGER_GATEWAY;
	public const TRIGGER_RECONCILER       = Runner::TRIGGER_RECONCILER;

	/** Triggers a person started on purpose: a debit also completes the order, an annul cancels it. */
	public const MANUAL_TRIGGERS = array( Runner::TRIGGER_PANEL, Runner::TRIGGER_REST, Runner::TRIGGER_CLI, Runner::TRIGGER_BULK );

	private OrderLock $lock;
	private Journal $journal;
	private Notes $notes;
	private Eligibility $eligibility;
	private OperationFactory $operations;
	private Reconciler $reconciler;
	private Runner $runner;

	public function __construct(
		private Settings $settings,
		private ClientInterface $client,
		Logger $logger,
		?OrderLock $lock = null,
		?Journal $journal = null,
		?RefundTracker $tracker = null
	) {
		$this->lock        = $lock ?? new OrderLock();
		$this->journal     = $journal ?? new Journal();
		$this->notes       = new Notes( $logger );
		$this->eligibility = new Eligibility( $settings );
		$this->operations  = new OperationFactory( $this->notes, new RowBuilder( $logger ), $tracker );
		$this->reconciler  = new Reconciler( $this->journal, $this->operations, $this->notes, $this->lock, $client, $this->eligibility, new SwishFollowUp( $this->journal, $this->operations, $this->notes ) );
		$this->runner      = new Runner( $client, $this->journal, $this->lock, $this->reconciler, $this->notes, $this->eligibility );
	}

	public function lock(): OrderLock {
		return $this->lock;
	}

	public function journal(): Journal {
		return $this->journal;
	}

	public function reconciler(): Reconciler {
		return $this->reconciler;
	}

	public function settings(): Settings {
		return $this->settings;
	}

	public function is_managed( \WC_Order $order ): bool {
		return $this->eligibility->is_managed( $order );
	}

	/**
	 * Why an order is not managed: `not_ecster` | `manage_orders_off` | `no_reference`, or null.
	 */
	public function unmanaged_reason( \WC_Order $order ): ?string {
		return $this->eligibility->unmanaged_reason( $order );
	}

	public function unmanaged_message( string $reason ): string {
		return Eligibility::message( $reason );
	}

	public function reference( \WC_Order $order ): string {
		return OrderRecord::reference_of( $order );
	}

	public function record( \WC_Order $order ): OrderRecord {
		return new OrderRecord( $order, $this->journal );
	}

	/**
	 * Debits (activates) the whole order in Ecster. Started by a person (panel, REST, CLI, bulk),
	 * a successful debit then completes the order; a status change to Completed calls this from
	 * inside WooCommerce's save (StatusGuard) and keeps the order out of Completed when it fails.
	 */
	public function debit( \WC_Order $order, string $trigger ): Result {
		$result = $this->runner->run( $order, $this->operations->debit(), $trigger );
		if ( $result->is_success() && in_array( $trigger, self::MANUAL_TRIGGERS, true ) && $order->has_status( array( 'processing', 'on-hold' ) ) ) {
			$order->update_status( 'completed', __( 'Completed after the Ecster debit.', 'ecster-order-management' ) );
		}
		return $result;
	}

	/**
	 * Annuls (cancels) the reservation in Ecster. Started by a person, a successful annul then
	 * cancels the order.
	 */
	public function annul( \WC_Order $order, string $trigger ): Result {
		$result = $this->runner->run( $order, $this->operations->annul(), $trigger );
		if ( $result->is_success() && in_array( $trigger, self::MANUAL_TRIGGERS, true ) && ! $order->has_status( 'cancelled' ) ) {
			$order->update_status( 'cancelled', __( 'Cancelled after the Ecster reservation was annulled.', 'ecster-order-management' ) );
		}
		return $result;
	}

	/**
	 * Credits a WooCommerce refund in Ecster (Swish orders: a Swish refund). Called by the gateway's
	 * process_refund() for the refund WooCommerce is creating.
	 *
	 * @param \WC_Order             $order   The order.
	 * @param \WC_Order_Refund|null $refund  The refund being processed (null when another plugin called the gateway directly).
	 * @param float                 $amount  Amount in major units.
	 * @param string                $reason  Refund reason.
	 * @param string                $trigger What started it.
	 */
	public function credit( \WC_Order $order, ?\WC_Order_Refund $refund, float $amount, string $reason, string $trigger ): Result {
		$minor = RowBuilder::to_minor( $amount );
		if ( $this->is_managed( $order ) && $minor <= 0 ) {
			return Result::failure( Result::INVALID_AMOUNT, __( 'The refund amount must be greater than zero.', 'ecster-order-management' ) );
		}
		$operation = $this->record( $order )->is_swish_by_meta()
			? $this->operations->swish_refund( $refund, $minor, $reason )
			: $this->operations->credit( $refund, $minor, $reason );
		$result    = $this->runner->run( $order, $operation, $trigger );
		if ( Result::NOT_MANAGED === $result->code() ) {
			return Result::failure( Result::NOT_MANAGED, $result->message() . ' ' . __( 'Use "Refund manually" and pay the customer back outside Ecster.', 'ecster-order-management' ) );
		}
		return $result;
	}

	/**
	 * Checks the order's open questions with Ecster now (panel, WP-CLI, background).
	 */
	public function reconcile( \WC_Order $order, string $trigger ): Settlement {
		return $this->reconciler->reconcile_order( $order, $trigger );
	}

	/**
	 * The order's Ecster state (docs/architecture.md, "Order state"). Amounts in minor units.
	 *
	 * @return array<string, mixed>
	 */
	public function get_state( \WC_Order $order, bool $ask_ecster = true ): array {
		return ( new OrderState( $this, $this->client ) )->build( $order, $ask_ecster );
	}

	/**
	 * Minor units formatted in the order currency.
	 */
	public function money( int $minor, string $currency ): string {
		return Notes::money( $minor, $currency );
	}
}
