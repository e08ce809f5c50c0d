<?php
/**
 * Which of the orders asked for a bulk debit or annul this plugin takes over.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

use EcsterOM\Orders\Eligibility;

/**
 * Managed orders (Manage orders on, paid with Ecster Pay, an Ecster reference) that are Processing
 * or On hold: the statuses a merchant debits (Completed) or annuls (Cancelled) from. Found with one
 * query over the ids (payment method and status; the reference is checked on the loaded orders, as
 * the legacy order store takes no meta_query); every other order is left to WooCommerce's own bulk
 * action (and the status hooks, exactly as before).
 */
class Selection {

	/** Statuses a bulk debit or annul is queued from. */
	public const FROM_STATUSES = array( 'processing', 'on-hold' );

	/** Most orders one batch takes. */
	public const MAX_ORDERS = 1000;

	public function __construct( private Eligibility $eligibility ) {}

	/**
	 * The orders among `$ids` that a bulk debit or annul is queued for, loaded together.
	 *
	 * @param list<int> $ids Order ids.
	 * @return array<int, \WC_Order> By order id, in the order given.
	 */
	public function pick( array $ids ): array {
		$ids = array_values( array_unique( array_filter( array_map( 'intval', $ids ), static fn( int $id ): bool => $id > 0 ) ) );
		if ( array() === $ids ) {
			return array();
		}
		/** @var mixed $found */
		$found = wc_get_orders(
			array(
				'post__in'       => $ids,
				'type'           => 'shop_order',
				'payment_method' => Eligibility::GATEWAY_ID,
				'status'         => array_map( static fn( string $s ): string => 'wc-' . $s, self::FROM_STATUSES ),
				'limit'          => -1,
			)
		);
		$by_id = array();
		foreach ( is_array( $found ) ? $found : array() as $order ) {
			if ( $order instanceof \WC_Order && $this->eligibility->is_managed( $order ) && $order->has_status( self::FROM_STATUSES ) ) {
				$by_id[ $order->get_id() ] = $order;
			}
		}
		$picked = array();
		foreach ( $ids as $id ) {
			if ( isset( $by_id[ $id ] ) ) {
				$picked[ $id ] = $by_id[ $id ];
			}
		}
		return $picked;
	}

	/**
	 * Why an order that pick() left out is not taken (for the REST API and WP-CLI).
	 *
	 * @return array{code: string, message: string}
	 */
	public function why_not( int $id ): array {
		/** @var \WC_Abstract_Order|false $order */
		$order = wc_get_order( $id );
		if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
			return array(
				'code'    => 'order_not_found',
				'message' => __( 'There is no order with this id.', 'ecster-order-management' ),
			);
		}
		$reason = $this->eligibility->unmanaged_reason( $order );
		if ( null !== $reason ) {
			return array(
				'code'    => $reason,
				'message' => Eligibility::message( $reason ),
			);
		}
		return array(
			'code'    => 'wrong_status',
			'message' => sprintf(
				/* translators: %s: order status */
				__( 'Only Processing and On hold orders are debited or annulled in bulk; this order is %s.', 'ecster-order-management' ),
				wc_get_order_status_name( $order->get_status() )
			),
		);
	}

	/**
	 * Ecster orders (managed or not) with a status, optionally created before a time: the
	 * selection of `wp ecster-om debit --status=…`.
	 *
	 * @return list<int>
	 */
	public function ids_with_status( string $status, ?int $before ): array {
		$query = array(
			'type'           => 'shop_order',
			'payment_method' => Eligibility::GATEWAY_ID,
			'status'         => array( 'wc-' . $status ),
			'limit'          => self::MAX_ORDERS,
			'orderby'        => 'ID',
			'order'          => 'ASC',
			'return'         => 'ids',
		);
		if ( null !== $before ) {
			$query['date_created'] = '<' . $before;
		}
		/** @var mixed $found With 'return' => 'ids', ids (the stubs say orders). */
		$found = wc_get_orders( $query );
		$ids   = array();
		foreach ( is_array( $found ) ? $found : array() as $id ) {
			if ( is_numeric( $id ) ) {
				$ids[] = (int) $id;
			}
		}
		return $ids;
	}
}
