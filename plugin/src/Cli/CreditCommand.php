<?php
/**
 * WP-CLI: wp ecster-om credit <order-id> [--amount=<amount>] [--reason=<reason>].
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Cli;

use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\OrderState;
use EcsterOM\Orders\Refunds\InvalidInput;
use EcsterOM\Orders\Refunds\RefundInput;
use EcsterOM\Orders\Refunds\RefundService;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;

/**
 * Refunds an order WooCommerce's way (a WooCommerce refund whose gateway credits Ecster), exactly
 * like the REST route `POST ecster-om/v1/orders/{id}/refund`: the same input checks (RefundInput)
 * and the same service (RefundService), so open questions are settled first and a refund whose
 * credit fails is not kept.
 */
final class CreditCommand {

	/** @var callable(): OrderManager */
	private $manager_factory;

	/** @var callable(): RefundService */
	private $refunds_factory;

	/**
	 * @param callable|null $manager_factory fn(): OrderManager; by default the plugin's.
	 * @param callable|null $refunds_factory fn(): RefundService; by default the plugin's.
	 */
	public function __construct( ?callable $manager_factory = null, ?callable $refunds_factory = null ) {
		$this->manager_factory = $manager_factory ?? static fn(): OrderManager => Plugin::instance()->order_manager();
		$this->refunds_factory = $refunds_factory ?? static fn(): RefundService => Plugin::instance()->refunds();
	}

	/**
	 * Credits (refunds) an order in Ecster through a WooCommerce refund.
	 *
	 * ## OPTIONS
	 *
	 * <order-id>
	 * : WooCommerce order id.
	 *
	 * [--amount=<amount>]
	 * : Amount in the order's currency with a decimal point, e.g. 12.50. Default: everything left to refund.
	 *
	 * [--reason=<reason>]
	 * : Reason for the refund (shown on the order and the credit).
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om credit 123
	 *     wp ecster-om credit 123 --amount=100.00 --reason="Damaged in transit"
	 *
	 * @param array<int, string>         $args       Positional arguments.
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args = array() ): void {
		$raw = $args[0] ?? '';
		if ( 1 !== preg_match( '/^\d{1,18}$/', (string) $raw ) ) {
			\WP_CLI::error( __( 'Give the WooCommerce order id (a number).', 'ecster-order-management' ) );
		}
		$order = wc_get_order( (int) $raw );
		if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
			/* translators: %s: order id */
			\WP_CLI::error( sprintf( __( 'There is no order with the id %s.', 'ecster-order-management' ), $raw ) );
		}
		$manager = ( $this->manager_factory )();
		$reason  = $manager->unmanaged_reason( $order );
		if ( null !== $reason ) {
			\WP_CLI::error( $reason . ': ' . wp_strip_all_tags( $manager->unmanaged_message( $reason ) ) );
		}
		if ( ! $order->has_status( OrderState::REFUND_STATUSES ) ) {
			/* translators: %s: order status */
			\WP_CLI::error( sprintf( __( 'wrong_status: only orders that are Processing, On hold or Completed can be refunded; this order is %s.', 'ecster-order-management' ), wc_get_order_status_name( $order->get_status() ) ) );
		}
		$amount = isset( $assoc_args['amount'] ) ? (string) $assoc_args['amount'] : wc_format_decimal( $order->get_remaining_refund_amount(), 2 );
		try {
			$request = RefundInput::parse(
				$order,
				array(
					'amount' => $amount,
					'reason' => isset( $assoc_args['reason'] ) ? (string) $assoc_args['reason'] : '',
				)
			);
		} catch ( InvalidInput $e ) {
			\WP_CLI::error( $e->error_code . ': ' . $e->getMessage() );
			return;
		}
		$outcome = ( $this->refunds_factory )()->refund( $order, $request, Runner::TRIGGER_CLI );
		$result  = $outcome['result'];
		$line    = wp_strip_all_tags( $result->message() ) . ( '' !== $result->transaction_id() ? ' [' . $result->transaction_id() . ']' : '' );
		if ( ! $result->is_success() ) {
			\WP_CLI::error( $result->code() . ': ' . $line );
		}
		/* translators: 1: result code, 2: message, 3: WooCommerce refund id */
		\WP_CLI::success( sprintf( __( '%1$s: %2$s (refund #%3$d)', 'ecster-order-management' ), $result->code(), $line, $outcome['refund_id'] ) );
	}
}
