<?php
/**
 * Refunds asked for through this plugin's REST API and WP-CLI.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Refunds;

use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Result;

/**
 * The refund is made WooCommerce's way, `wc_create_refund( refund_payment: true )`, so WooCommerce
 * records it, restocks, sends its emails and calls the gateway, which credits Ecster. Before that,
 * open questions about the order are settled with Ecster (outside WooCommerce's refund flow), and
 * the gateway's Result comes back through the RefundAttempt this call created.
 */
final class RefundService {

	public function __construct(
		private OrderManager $manager,
		private RefundTracker $tracker
	) {}

	public function tracker(): RefundTracker {
		return $this->tracker;
	}

	/**
	 * @return array{result: Result, refund_id: int} The credit's result, and the refund WooCommerce kept (0 when none).
	 */
	public function refund( \WC_Order $order, RefundRequest $request, string $trigger ): array {
		$settlement = $this->manager->reconcile( $order, $trigger );
		if ( array() !== $settlement->open ) {
			return array(
				'result'    => Result::failure(
					Result::OUTCOME_PENDING,
					__( 'No refund was made: the outcome of an earlier Ecster operation on this order is still unknown, and nothing new is sent until Ecster\'s records show what happened. It is checked automatically; "Check with Ecster now" in the Ecster Pay panel checks at once.', 'ecster-order-management' )
				),
				'refund_id' => 0,
			);
		}
		$earlier = $settlement->confirmed_credit();
		if ( null !== $earlier ) {
			$earlier = $this->manager->journal()->find( $earlier->id ) ?? $earlier;
			if ( $earlier->amount === $request->amount && $earlier->refund_id > 0 ) {
				// The refund asked for again: the earlier attempt went through and is recorded now.
				return array(
					'result'    => Result::success(
						Result::ALREADY_CREDITED,
						sprintf(
							/* translators: 1: amount, 2: WooCommerce refund id */
							__( 'The earlier refund of %1$s whose answer was lost did go through in Ecster; it is recorded as refund #%2$d and nothing was sent again.', 'ecster-order-management' ),
							$this->manager->money( $earlier->amount, $order->get_currency() ),
							$earlier->refund_id
						),
						$earlier->transaction_id,
						false,
						$earlier->amount
					),
					'refund_id' => $earlier->refund_id,
				);
			}
			return array(
				'result'    => Result::failure(
					Result::EARLIER_CREDIT_FOUND,
					sprintf(
						/* translators: 1: amount, 2: WooCommerce refund id */
						__( 'No refund was made: an earlier refund of %1$s whose answer was lost did go through in Ecster and is now recorded as refund #%2$d. Refund again only if the customer should get more back.', 'ecster-order-management' ),
						$this->manager->money( $earlier->amount, $order->get_currency() ),
						$earlier->refund_id
					),
					false,
					$earlier->transaction_id
				),
				'refund_id' => 0,
			);
		}
		if ( $this->manager->lock()->is_locked( $order->get_id() ) ) {
			return array(
				'result'    => Result::failure( Result::LOCKED, __( 'Another request is already processing this order in Ecster. Wait a moment, reload the order and try again.', 'ecster-order-management' ) ),
				'refund_id' => 0,
			);
		}
		$attempt = $this->tracker->begin( $order->get_id(), $trigger );
		try {
			$refund = wc_create_refund(
				array(
					'amount'         => wc_format_decimal( $request->amount / 100, 2 ),
					'reason'         => $request->reason,
					'order_id'       => $order->get_id(),
					'line_items'     => $request->line_items,
					'refund_payment' => true,
					'restock_items'  => $request->restock && array() !== $request->line_items,
				)
			);
		} finally {
			$this->tracker->end( $attempt );
		}
		if ( is_wp_error( $refund ) ) {
			return array(
				'result'    => $attempt->result ?? Result::failure( Result::REFUND_FAILED, $refund->get_error_message() ),
				'refund_id' => 0,
			);
		}
		return array(
			'result'    => $attempt->result ?? Result::failure( Result::REFUND_FAILED, __( 'WooCommerce recorded the refund without asking Ecster (the order\'s payment gateway did not run). Check the order\'s payment method.', 'ecster-order-management' ) ),
			'refund_id' => $refund->get_id(),
		);
	}
}
