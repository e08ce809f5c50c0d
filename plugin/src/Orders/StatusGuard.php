<?php
/**
 * WooCommerce status changes → debit (Completed) and annul (Cancelled); background checks.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

/**
 * "Completed" means debited. For a managed order the debit runs *before* the change to Completed
 * is saved, inside WooCommerce's `woocommerce_before_order_object_save`, whatever made the change:
 * the order screen, bulk actions, WooCommerce's REST API, `$order->update_status()` in other code,
 * `payment_complete()` for digital-only orders. A failed, locked or unknown debit keeps the order out
 * of Completed, so no completed hook, no status-changed-to-completed hook and no completed email
 * ever fires for an order that is not debited:
 * - failed or unknown → the failed-debit status from the settings (On hold by default);
 * - locked by another request, or an earlier outcome still open → the status it had.
 * When the status it goes to is the one it had, the status change is dropped entirely (no status
 * hooks fire at all).
 *
 * Cancelled → annul runs after the change (a failed annul leaves a note and a warning; the
 * reservation expires in Ecster by itself if nobody acts).
 *
 * Registered whenever WooCommerce loads; unmanaged orders cost one in-memory comparison.
 */
final class StatusGuard {

	/** Late, so other plugins' own before-save changes are already made. */
	public const BEFORE_SAVE_PRIORITY = 1000;

	/** Runs before WooCommerce's own cancelled-order handling (priority 10). */
	public const CANCELLED_PRIORITY = 5;

	/** @var callable(): OrderManager */
	private $manager_factory;

	/** @var array<int, true> Orders inside payment_complete() in this request. */
	private array $payment_completing = array();

	/**
	 * @param callable(): OrderManager $manager_factory Returns the service (created lazily).
	 */
	public function __construct( callable $manager_factory ) {
		$this->manager_factory = $manager_factory;
	}

	public function register(): void {
		add_action( 'woocommerce_before_order_object_save', array( $this, 'before_save' ), self::BEFORE_SAVE_PRIORITY, 1 );
		add_action( 'woocommerce_order_status_cancelled', array( $this, 'on_cancelled' ), self::CANCELLED_PRIORITY, 2 );
		add_action( 'woocommerce_pre_payment_complete', array( $this, 'on_pre_payment_complete' ), 10, 1 );
		add_action( 'woocommerce_payment_complete', array( $this, 'on_payment_complete' ), 10, 1 );
		add_action( Reconciler::HOOK_ORDER, array( $this, 'on_reconcile_order' ), 10, 1 );
		add_action( Reconciler::HOOK_DUE, array( $this, 'on_reconcile_due' ), 10, 0 );
		// Swish refund checks scheduled by version 1.0 of this plugin.
		add_action( 'ecster_om_poll_swish_refund', array( $this, 'on_reconcile_order' ), 10, 1 );
		// Swish refund checks the Ecster Pay checkout plugin left queued (order id, amount).
		add_action( Reconciler::LEGACY_SWISH_HOOK, array( $this, 'on_legacy_swish_poll' ), 10, 2 );
		add_action( 'admin_init', array( Reconciler::class, 'ensure_sweep' ) );
	}

	/**
	 * Debits a managed order that is about to be saved as Completed; keeps it out of Completed when
	 * the debit does not go through.
	 *
	 * @param mixed $order The object WooCommerce is saving.
	 */
	public function before_save( $order ): void {
		if ( ! $order instanceof \WC_Order || Eligibility::GATEWAY_ID !== $order->get_payment_method() || 'shop_order' !== $order->get_type() || ! $order->get_id() ) {
			return;
		}
		$changes = $order->get_changes();
		if ( ! isset( $changes['status'] ) || 'completed' !== $changes['status'] ) {
			return;
		}
		$data = $order->get_data();
		$from = isset( $data['status'] ) && is_string( $data['status'] ) ? $data['status'] : '';
		if ( 'completed' === $from || OrderRecord::is_saving( $order ) ) {
			return;
		}
		$manager = $this->manager();
		if ( ! $manager->is_managed( $order ) || '' !== $manager->record( $order )->captured_id() ) {
			return; // Not ours, or already debited (a manual debit, the reconciler): complete it.
		}
		$trigger = isset( $this->payment_completing[ $order->get_id() ] ) ? Runner::TRIGGER_PAYMENT_COMPLETE : Runner::TRIGGER_STATUS_HOOK;
		OrderRecord::saving( $order, true );
		try {
			$result = $manager->debit( $order, $trigger );
		} finally {
			OrderRecord::saving( $order, false );
		}
		if ( $result->is_success() ) {
			return;
		}
		$this->keep_out_of_completed( $order, $from, $result, $manager );
	}

	/**
	 * @param int|string     $order_id Order id.
	 * @param \WC_Order|null $order    The order (WooCommerce passes it).
	 */
	public function on_cancelled( $order_id, $order = null ): void {
		$order = $this->ecster_order( $order_id, $order );
		if ( null === $order ) {
			return;
		}
		$manager = $this->manager();
		if ( ! $manager->is_managed( $order ) ) {
			return;
		}
		// Unpaid orders (e.g. cancelled by WooCommerce's unpaid-order cleanup) hold no usable
		// reservation, as in the Ecster Pay plugin; annulled ones are done (the reconciler or a
		// manual annul cancels after annulling).
		if ( ! $order->get_date_paid() || '' !== $manager->record( $order )->cancelled_id() ) {
			return;
		}
		$manager->annul( $order, Runner::TRIGGER_STATUS_HOOK );
	}

	/**
	 * @param int|string $order_id Order id.
	 */
	public function on_pre_payment_complete( $order_id ): void {
		$this->payment_completing[ (int) $order_id ] = true;
	}

	/**
	 * @param int|string $order_id Order id.
	 */
	public function on_payment_complete( $order_id ): void {
		unset( $this->payment_completing[ (int) $order_id ] );
	}

	/**
	 * Action Scheduler: check one order's open questions with Ecster.
	 *
	 * @param mixed $order_id Order id (the legacy Swish poll passed it the same way).
	 */
	public function on_reconcile_order( $order_id = 0 ): void {
		if ( is_array( $order_id ) ) {
			$order_id = $order_id['order_id'] ?? 0;
		}
		$this->manager()->reconciler()->run_order( is_numeric( $order_id ) ? (int) $order_id : 0 );
	}

	/**
	 * Action Scheduler: a Swish refund check the Ecster Pay checkout plugin queued.
	 *
	 * @param mixed $order_id Order id.
	 * @param mixed $amount   Refund amount in major units.
	 */
	public function on_legacy_swish_poll( $order_id = 0, $amount = null ): void {
		$this->manager()->reconciler()->run_legacy_swish_poll( is_numeric( $order_id ) ? (int) $order_id : 0, is_numeric( $amount ) ? $amount : null );
	}

	public function on_reconcile_due(): void {
		$this->manager()->reconciler()->run_due();
	}

	/**
	 * The debit did not go through: the order stays out of Completed.
	 */
	private function keep_out_of_completed( \WC_Order $order, string $from, Result $result, OrderManager $manager ): void {
		// Locked, nested or still open: try again later. Annulled: nothing can ever be debited, so a
		// failed-debit status (meant for a retry) would only move a Cancelled order for nothing.
		$stay   = in_array( $result->code(), array( Result::LOCKED, Result::NESTED_OPERATION, Result::OUTCOME_PENDING, Result::ANNULLED_IN_ECSTER ), true ) || '' === $from;
		$target = $stay ? $from : $manager->settings()->failed_debit_status( $order->get_id() );
		$name   = static fn( string $status ): string => function_exists( 'wc_get_order_status_name' ) ? wc_get_order_status_name( $status ) : $status;
		if ( '' === $target ) {
			$target = 'on-hold';
		}
		$note      = self::kept_out_note( $result, $from, $target, $name( $target ) );
		$data      = $order->get_data();
		$completed = $data['date_completed'] ?? null;
		if ( $target === $from ) {
			// Nothing changes: drop the transition WooCommerce recorded, so no status hook fires.
			$order->set_status( $from );
			\Closure::bind(
				static function ( \WC_Order $order ): void {
					$order->status_transition = false;
				},
				null,
				\WC_Order::class
			)( $order );
			$order->add_order_note( $note );
		} else {
			$order->set_status( $target, $note );
		}
		$order->set_date_completed( $completed instanceof \WC_DateTime ? $completed->getTimestamp() : null );
	}

	/**
	 * The note that says why the order is not Completed and where it is.
	 */
	private static function kept_out_note( Result $result, string $from, string $target, string $status_name ): string {
		if ( Result::ANNULLED_IN_ECSTER === $result->code() && $target === $from ) {
			return sprintf(
				/* translators: %s: order status name */
				__( 'The order was not set to Completed: its Ecster reservation is annulled, so there is nothing to debit (see the note above). It stays %s. Take a new payment from the customer if the order should still be delivered.', 'ecster-order-management' ),
				$status_name
			);
		}
		if ( $result->is_outcome_unknown() || Result::RATE_LIMITED === $result->code() ) {
			return sprintf(
				/* translators: %s: order status name */
				__( 'The order was not set to Completed: Ecster\'s answer to the debit was lost, so it is not known yet whether the payment was debited. The order is %s until Ecster\'s records show it; it is completed automatically (and the customer gets the completed email) once the debit is confirmed.', 'ecster-order-management' ),
				$status_name
			);
		}
		if ( $target === $from ) {
			return sprintf(
				/* translators: %s: order status name */
				__( 'The Ecster payment was not debited, so the order stays %s instead of becoming Completed (see the note above). Complete the order again to retry the debit.', 'ecster-order-management' ),
				$status_name
			);
		}
		return sprintf(
			/* translators: %s: order status name */
			__( 'The Ecster payment was not debited, so the order was moved to %s instead of Completed (see the note above). Fix the cause and complete the order again to retry the debit.', 'ecster-order-management' ),
			$status_name
		);
	}

	/**
	 * The order when it is a shop order paid with Ecster (cheap checks only), else null.
	 *
	 * @param int|string $order_id Order id.
	 * @param mixed      $order    Order passed by WooCommerce.
	 */
	private function ecster_order( $order_id, $order ): ?\WC_Order {
		if ( ! $order instanceof \WC_Order ) {
			$order = wc_get_order( (int) $order_id );
		}
		if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
			return null;
		}
		if ( Eligibility::GATEWAY_ID !== $order->get_payment_method() ) {
			return null;
		}
		return $order;
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
