<?php
/**
 * WooCommerce status changes → debit (Completed) and annul (Cancelled).
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders;

/**
 * Registered whenever WooCommerce loads (front end, wp-admin, REST, WP-CLI, cron), so every way
 * of changing an order's status triggers the service: the order screen, bulk actions, the
 * WooCommerce REST API, WP-CLI, Action Scheduler jobs and other plugins. Digital-only orders that
 * WooCommerce completes at payment (payment_complete → Completed) are debited then.
 *
 * Unmanaged orders cost one in-memory comparison (payment method) and nothing else.
 */
final class StatusHooks {

	/** Runs before WooCommerce queues the "order completed" email (priority 10). */
	public const PRIORITY = 5;

	/** @var callable(): OrderManager */
	private $manager_factory;

	/** @var array<int, true> Orders inside payment_complete() in this request. */
	private array $payment_completing = array();

	/** @var array<int, true> Orders whose debit failed in this request (no "completed" email). */
	private array $failed_debits = array();

	/**
	 * @param callable(): OrderManager $manager_factory Returns the service (created lazily).
	 */
	public function __construct( callable $manager_factory ) {
		$this->manager_factory = $manager_factory;
	}

	public function register(): void {
		add_action( 'woocommerce_order_status_completed', array( $this, 'on_completed' ), self::PRIORITY, 2 );
		add_action( 'woocommerce_order_status_cancelled', array( $this, 'on_cancelled' ), self::PRIORITY, 2 );
		add_action( 'woocommerce_pre_payment_complete', array( $this, 'on_pre_payment_complete' ), 10, 1 );
		add_action( 'woocommerce_payment_complete', array( $this, 'on_payment_complete' ), 10, 1 );
		add_filter( 'woocommerce_email_enabled_customer_completed_order', array( $this, 'filter_completed_email' ), 10, 2 );
		add_action( OrderManager::POLL_HOOK, array( $this, 'on_poll_swish_refund' ), 10, 3 );
	}

	/**
	 * @param int|string     $order_id Order id.
	 * @param \WC_Order|null $order    The order (WooCommerce passes it).
	 */
	public function on_completed( $order_id, $order = null ): void {
		$order = $this->ecster_order( $order_id, $order );
		if ( null === $order ) {
			return;
		}
		$manager = $this->manager();
		if ( ! $manager->is_managed( $order ) ) {
			return;
		}
		$trigger = isset( $this->payment_completing[ $order->get_id() ] ) ? OrderManager::TRIGGER_PAYMENT_COMPLETE : OrderManager::TRIGGER_STATUS_HOOK;
		$result  = $manager->debit( $order, $trigger );
		if ( ! $result->is_success() && ! $order->has_status( 'completed' ) ) {
			$this->failed_debits[ $order->get_id() ] = true;
		}
	}

	/**
	 * @param int|string     $order_id Order id.
	 * @param \WC_Order|null $order    The order.
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
		// reservation, as in the Ecster Pay plugin.
		if ( ! $order->get_date_paid() ) {
			return;
		}
		$manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
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
	 * No "your order is complete" email for an order whose debit just failed (it was moved out
	 * of Completed by the service).
	 *
	 * @param mixed $enabled Whether the email is enabled (a bool from WooCommerce; returned as
	 *                       given, other filters may have changed it).
	 * @param mixed $order   The order.
	 * @return mixed False to suppress the email, else $enabled unchanged.
	 */
	public function filter_completed_email( $enabled, $order = null ): mixed {
		if ( $order instanceof \WC_Order && isset( $this->failed_debits[ $order->get_id() ] ) && ! $order->has_status( 'completed' ) ) {
			return false;
		}
		return $enabled;
	}

	/**
	 * @param int|string $order_id  Order id.
	 * @param int|string $refund_id Refund id.
	 * @param int|string $attempt   Poll number.
	 */
	public function on_poll_swish_refund( $order_id, $refund_id = 0, $attempt = 1 ): void {
		$this->manager()->poll_swish_refund( $order_id, $refund_id, $attempt );
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
		if ( OrderManager::GATEWAY_ID !== $order->get_payment_method() ) {
			return null;
		}
		return $order;
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
