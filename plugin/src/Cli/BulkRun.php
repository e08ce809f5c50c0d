<?php
/**
 * WP-CLI: `wp ecster-om debit|annul <id>… | --status=<status> [--before] [--dry-run] [--concurrency]`.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Cli;

use EcsterOM\Bulk\Batch;
use EcsterOM\Bulk\BatchView;
use EcsterOM\Bulk\BulkService;
use EcsterOM\Bulk\Item;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;
use EcsterOM\Settings;

/**
 * Debits or annuls several orders from the command line as a batch of its own (shown on the
 * orders list like any other): the same selection, the same Worker (several Ecster requests at
 * once, every order through the order core's runner), run here rather than by the queue, with a
 * progress bar. Orders Ecster could not take yet (timeout, 5xx, 429, locked) are retried after a
 * short wait; what stays failed or unknown makes the exit code 1. A summary table ends the run.
 */
final class BulkRun {

	/** Seconds WP-CLI waits before each retry (filter `ecster_om_bulk_cli_retry_delays`). */
	public const RETRY_DELAYS = array( 2, 5, 15 );

	/** @var callable(): BulkService */
	private $service_factory;

	/**
	 * @param callable|null $service_factory fn(): BulkService; by default the plugin's.
	 */
	public function __construct( ?callable $service_factory = null ) {
		$this->service_factory = $service_factory ?? static fn(): BulkService => Plugin::instance()->bulk();
	}

	/**
	 * @param string                     $operation  Batch::DEBIT or Batch::ANNUL.
	 * @param array<int, string>         $args       Order ids.
	 * @param array<string, string|bool> $assoc_args --status, --before, --dry-run, --concurrency.
	 */
	public function run( string $operation, array $args, array $assoc_args ): void {
		$service = $this->service();
		$level   = $this->concurrency( $assoc_args );
		$ids     = $this->selection( $args, $assoc_args );
		$picked  = $service->selection()->pick( $ids );
		$waiting = $service->waiting_orders();
		$rows    = array();
		foreach ( $ids as $id ) {
			if ( ! isset( $picked[ $id ] ) ) {
				$why    = $service->selection()->why_not( $id );
				$rows[] = $this->row( $id, 'skipped: ' . $why['code'], $why['message'] );
			} elseif ( isset( $waiting[ $id ] ) ) {
				unset( $picked[ $id ] );
				$rows[] = $this->row( $id, 'skipped: already_queued', __( 'The order already waits in a bulk batch that is still running.', 'ecster-order-management' ) );
			}
		}

		if ( ! empty( $assoc_args['dry-run'] ) ) {
			foreach ( $picked as $id => $order ) {
				$rows[] = $this->row(
					$id,
					Batch::DEBIT === $operation ? 'would debit' : 'would annul',
					sprintf( '%s %s, %s', $order->get_total(), $order->get_currency(), wc_get_order_status_name( $order->get_status() ) )
				);
			}
			usort( $rows, static fn( array $a, array $b ): int => (int) $a['order'] <=> (int) $b['order'] );
			\WP_CLI\Utils\format_items( 'table', $rows, array( 'order', 'result', 'detail' ) );
			/* translators: 1: orders that would be sent, 2: orders selected */
			\WP_CLI::success( sprintf( __( '%1$d of %2$d orders would be sent to Ecster (dry run: nothing was sent).', 'ecster-order-management' ), count( $picked ), count( $ids ) ) );
			return;
		}
		if ( array() === $picked ) {
			if ( array() !== $rows ) {
				\WP_CLI\Utils\format_items( 'table', $rows, array( 'order', 'result', 'detail' ) );
			}
			\WP_CLI::error( __( 'None of the orders can be sent to Ecster (see above).', 'ecster-order-management' ) );
		}

		$batch = $service->start( $operation, $picked, Runner::TRIGGER_CLI, false );
		/* translators: 1: batch id, 2: number of orders, 3: requests sent at once */
		\WP_CLI::log( sprintf( __( 'Batch %1$s: %2$d orders, %3$d Ecster requests at once.', 'ecster-order-management' ), $batch->id, count( $picked ), min( count( $picked ), $service->throttle()->level( $level ) ) ) );
		$this->process( $service, $batch, array_map( 'intval', array_keys( $picked ) ), $level );

		$batch  = $service->close_if_done( $batch );
		$failed = count( $ids ) - count( $picked );
		foreach ( $service->store()->items( $batch->id ) as $item ) {
			$view   = BatchView::item( $item );
			$result = Item::DONE === $item->state ? $item->code : $item->state . ': ' . $item->code;
			$detail = Item::DONE === $item->state && '' !== $item->transaction_id ? $item->transaction_id : $item->message;
			$rows[] = $this->row( $view['orderId'], $result, $detail );
			if ( Item::DONE !== $item->state ) {
				++$failed;
			}
		}
		usort( $rows, static fn( array $a, array $b ): int => (int) $a['order'] <=> (int) $b['order'] );
		\WP_CLI\Utils\format_items( 'table', $rows, array( 'order', 'result', 'detail' ) );
		if ( $failed > 0 ) {
			\WP_CLI::warning(
				sprintf(
					Batch::DEBIT === $operation
						/* translators: 1: orders not debited, 2: orders selected */
						? __( '%1$d of %2$d orders were not debited (see above). Failed and unknown ones are listed on the orders list, where "Retry failed" tries them again.', 'ecster-order-management' )
						/* translators: 1: orders not annulled, 2: orders selected */
						: __( '%1$d of %2$d orders were not annulled (see above). Failed and unknown ones are listed on the orders list, where "Retry failed" tries them again.', 'ecster-order-management' ),
					$failed,
					count( $ids )
				)
			);
			\WP_CLI::halt( 1 );
		}
		\WP_CLI::success(
			sprintf(
				Batch::DEBIT === $operation
					/* translators: %d: number of orders */
					? _n( '%d order debited in Ecster and completed.', '%d orders debited in Ecster and completed.', count( $picked ), 'ecster-order-management' )
					/* translators: %d: number of orders */
					: _n( '%d order annulled in Ecster and cancelled.', '%d orders annulled in Ecster and cancelled.', count( $picked ), 'ecster-order-management' ),
				count( $picked )
			)
		);
	}

	/**
	 * Runs the batch here, with retries after a short wait, ticking the progress bar as orders finish.
	 *
	 * @param list<int> $order_ids Orders.
	 */
	private function process( BulkService $service, Batch $batch, array $order_ids, ?int $level ): void {
		/**
		 * Seconds `wp ecster-om debit|annul` waits before each retry of an order (timeout, 5xx, 429,
		 * locked); the number of entries is the number of retries.
		 *
		 * @param list<int> $delays Default 2, 5, 15.
		 */
		$delays = apply_filters( 'ecster_om_bulk_cli_retry_delays', self::RETRY_DELAYS );
		$delays = is_array( $delays ) ? array_values( array_map( static fn( $d ): int => max( 0, (int) $d ), $delays ) ) : self::RETRY_DELAYS;
		$bar    = \WP_CLI\Utils\make_progress_bar( Batch::DEBIT === $batch->operation ? __( 'Debiting in Ecster', 'ecster-order-management' ) : __( 'Annulling in Ecster', 'ecster-order-management' ), count( $order_ids ) );
		$tick   = static function ( Item $item ) use ( $bar ): void {
			if ( Item::QUEUED !== $item->state ) {
				$bar->tick();
			}
		};
		$due    = array( array( time(), $order_ids ) );
		while ( array() !== $due ) {
			usort( $due, static fn( array $a, array $b ): int => $a[0] <=> $b[0] );
			list( $at, $ids ) = array_shift( $due );
			if ( $at > time() ) {
				sleep( $at - time() );
			}
			foreach ( $service->worker()->run( $batch, $ids, $level, $delays, $tick ) as $delay => $again ) {
				$due[] = array( time() + (int) $delay, $again );
			}
		}
		$bar->finish();
	}

	/**
	 * The order ids: given, or every Ecster order with --status (created before --before).
	 *
	 * @param array<int, string>         $args       Order ids.
	 * @param array<string, string|bool> $assoc_args Options.
	 * @return list<int>
	 */
	private function selection( array $args, array $assoc_args ): array {
		$status = isset( $assoc_args['status'] ) ? (string) $assoc_args['status'] : '';
		$before = isset( $assoc_args['before'] ) ? (string) $assoc_args['before'] : '';
		if ( '' !== $status && array() !== $args ) {
			\WP_CLI::error( __( 'Give order ids or --status, not both.', 'ecster-order-management' ) );
		}
		if ( '' === $status && '' !== $before ) {
			\WP_CLI::error( __( '--before only goes with --status.', 'ecster-order-management' ) );
		}
		if ( '' === $status ) {
			if ( array() === $args ) {
				\WP_CLI::error( __( 'Give order ids, or --status=processing (or on-hold) for every such Ecster order.', 'ecster-order-management' ) );
			}
			$ids = array();
			foreach ( $args as $raw ) {
				if ( 1 !== preg_match( '/^\d{1,18}$/', (string) $raw ) || (int) $raw <= 0 ) {
					/* translators: %s: what was given */
					\WP_CLI::error( sprintf( __( 'Order ids are whole numbers; got "%s".', 'ecster-order-management' ), $raw ) );
				}
				$ids[] = (int) $raw;
			}
			return array_values( array_unique( $ids ) );
		}
		if ( ! in_array( $status, array( 'processing', 'on-hold' ), true ) ) {
			/* translators: %s: what was given */
			\WP_CLI::error( sprintf( __( '--status must be processing or on-hold, got "%s".', 'ecster-order-management' ), $status ) );
		}
		$time = null;
		if ( '' !== $before ) {
			$parsed = 1 === preg_match( '/^\d{4}-\d{2}-\d{2}$/', $before ) ? strtotime( $before . ' 00:00:00 UTC' ) : false;
			if ( false === $parsed ) {
				/* translators: %s: what was given */
				\WP_CLI::error( sprintf( __( '--before must be a date like 2026-11-01, got "%s".', 'ecster-order-management' ), $before ) );
			}
			$time = (int) $parsed;
		}
		return $this->service()->selection()->ids_with_status( $status, $time );
	}

	/**
	 * --concurrency: a whole number within the setting's bounds, or null for the setting.
	 *
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	private function concurrency( array $assoc_args ): ?int {
		if ( ! isset( $assoc_args['concurrency'] ) ) {
			return null;
		}
		$raw = (string) $assoc_args['concurrency'];
		if ( 1 !== preg_match( '/^\d{1,3}$/', $raw ) || (int) $raw < Settings::BULK_CONCURRENCY_MIN || (int) $raw > Settings::BULK_CONCURRENCY_MAX ) {
			/* translators: 1: smallest value, 2: largest value, 3: what was given */
			\WP_CLI::error( sprintf( __( '--concurrency must be a whole number from %1$d to %2$d, got "%3$s".', 'ecster-order-management' ), Settings::BULK_CONCURRENCY_MIN, Settings::BULK_CONCURRENCY_MAX, $raw ) );
		}
		return (int) $raw;
	}

	/**
	 * @return array{order: string, result: string, detail: string}
	 */
	private function row( int $order_id, string $result, string $detail ): array {
		return array(
			'order'  => (string) $order_id,
			'result' => $result,
			'detail' => wp_strip_all_tags( $detail ),
		);
	}

	private function service(): BulkService {
		return ( $this->service_factory )();
	}
}
