<?php
/**
 * A batch as the orders-list notice, the REST API and WP-CLI show it.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

/**
 * `{ id, operation, trigger, user, createdAt, finishedAt, finished, total,
 *    counts: { queued, done, failed, unknown }, problems: [ … ], problemsTotal, queuedOrderIds }`.
 *
 * `queued` counts orders waiting for a runner or being run; `problems` lists failed and unknown
 * orders (at most PROBLEMS_SHOWN) with a link to the order and Ecster's reason.
 */
final class BatchView {

	public const PROBLEMS_SHOWN = 50;

	/** Most queued order ids given (the list marks their rows). */
	public const QUEUED_SHOWN = 1000;

	/**
	 * @param list<Item> $items The batch's items.
	 * @return array<string, mixed>
	 */
	public static function batch( Batch $batch, array $items ): array {
		$counts   = array(
			'queued'  => 0,
			'done'    => 0,
			'failed'  => 0,
			'unknown' => 0,
		);
		$queued   = array();
		$problems = array();
		foreach ( $items as $item ) {
			if ( $item->is_waiting() ) {
				++$counts['queued'];
				if ( count( $queued ) < self::QUEUED_SHOWN ) {
					$queued[] = $item->order_id;
				}
				continue;
			}
			++$counts[ $item->state ];
			if ( Item::DONE !== $item->state ) {
				$problems[] = $item;
			}
		}
		$shown = array_slice( $problems, 0, self::PROBLEMS_SHOWN );
		$user  = $batch->user_id > 0 ? get_userdata( $batch->user_id ) : false;
		return array(
			'id'             => $batch->id,
			'operation'      => $batch->operation,
			'trigger'        => $batch->trigger,
			'user'           => $user instanceof \WP_User ? $user->display_name : null,
			'createdAt'      => gmdate( 'Y-m-d\TH:i:s\Z', $batch->created ),
			'finishedAt'     => null === $batch->finished ? null : gmdate( 'Y-m-d\TH:i:s\Z', $batch->finished ),
			'finished'       => $batch->is_finished(),
			'total'          => $batch->total,
			'counts'         => $counts,
			'problems'       => array_map( array( self::class, 'problem' ), $shown ),
			'problemsTotal'  => count( $problems ),
			'queuedOrderIds' => $queued,
		);
	}

	/**
	 * One order of the batch, whatever its state (GET /bulk/batches/{id}, WP-CLI).
	 *
	 * @return array{orderId: int, state: string, code: string, message: string, transactionId: string, attempts: int, updatedAt: string}
	 */
	public static function item( Item $item ): array {
		return array(
			'orderId'       => $item->order_id,
			'state'         => $item->state,
			'code'          => $item->code,
			'message'       => $item->message,
			'transactionId' => $item->transaction_id,
			'attempts'      => $item->attempts,
			'updatedAt'     => gmdate( 'Y-m-d\TH:i:s\Z', $item->updated ),
		);
	}

	/**
	 * A failed or unknown order with its link and reason.
	 *
	 * @return array{orderId: int, orderNumber: string, editUrl: string, state: string, code: string, message: string, attempts: int}
	 */
	public static function problem( Item $item ): array {
		/** @var \WC_Abstract_Order|false $order */
		$order = wc_get_order( $item->order_id );
		$found = $order instanceof \WC_Order;
		return array(
			'orderId'     => $item->order_id,
			'orderNumber' => $found ? (string) $order->get_order_number() : (string) $item->order_id,
			'editUrl'     => $found ? $order->get_edit_order_url() : '',
			'state'       => $item->state,
			'code'        => $item->code,
			'message'     => '' !== $item->message ? $item->message : __( 'No reason was given.', 'ecster-order-management' ),
			'attempts'    => $item->attempts,
		);
	}
}
