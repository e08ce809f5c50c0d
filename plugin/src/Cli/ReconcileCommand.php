<?php
/**
 * WP-CLI: wp ecster-om reconcile.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Cli;

use EcsterOM\Api\ApiException;
use EcsterOM\Orders\Comparison;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;

/**
 * Checks open questions with Ecster, and reports orders whose WooCommerce record differs from
 * Ecster's.
 */
final class ReconcileCommand {

	/** @var callable(): OrderManager */
	private $manager_factory;

	/**
	 * @param callable|null $manager_factory fn(): OrderManager; by default the plugin's.
	 */
	public function __construct( ?callable $manager_factory = null ) {
		$this->manager_factory = $manager_factory ?? static fn(): OrderManager => Plugin::instance()->order_manager();
	}

	/**
	 * Resolves Ecster operations whose outcome is unknown, or reports where WooCommerce and Ecster differ.
	 *
	 * Without --report: checks the open questions (operations whose answer was lost) of the given
	 * orders, or of every order that has one (--all-pending), against Ecster's records, records what
	 * they prove and moves the orders accordingly (a debit found → Completed).
	 *
	 * With --report: lists managed orders whose WooCommerce record (debited, credited, annulled)
	 * differs from Ecster's, e.g. after changes made in Ecster's portal. Reads only.
	 *
	 * ## OPTIONS
	 *
	 * [<order-id>...]
	 * : WooCommerce order ids.
	 *
	 * [--all-pending]
	 * : Every order with an open question (or a Swish refund still running).
	 *
	 * [--dry-run]
	 * : Show what Ecster's records prove, change nothing.
	 *
	 * [--report]
	 * : List orders whose WooCommerce state differs from Ecster's.
	 *
	 * [--since=<date>]
	 * : With --report: orders created on or after this date (YYYY-MM-DD). Default: 30 days ago.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - csv
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om reconcile 123 124
	 *     wp ecster-om reconcile --all-pending --dry-run
	 *     wp ecster-om reconcile --report --since=2026-11-01 --format=csv
	 *
	 * @param array<int, string>         $args       Order ids.
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args = array() ): void {
		$format = (string) ( $assoc_args['format'] ?? 'table' );
		if ( ! in_array( $format, array( 'table', 'csv', 'json' ), true ) ) {
			\WP_CLI::error( sprintf( '--format must be table, csv or json, got "%s".', $format ) );
		}
		if ( ! empty( $assoc_args['report'] ) ) {
			$this->report( $args, (string) ( $assoc_args['since'] ?? '' ), $format );
			return;
		}
		if ( isset( $assoc_args['since'] ) ) {
			\WP_CLI::error( '--since only goes with --report.' );
		}
		$ids = $this->ids( $args );
		if ( ! empty( $assoc_args['all-pending'] ) ) {
			$ids = array_values( array_unique( array_merge( $ids, $this->manager()->journal()->orders_with_open_entries() ) ) );
		} elseif ( array() === $ids ) {
			\WP_CLI::error( 'Give order ids, or --all-pending for every order with an open question.' );
		}
		if ( array() === $ids ) {
			\WP_CLI::success( 'No order has an open question.' );
			return;
		}
		$dry  = ! empty( $assoc_args['dry-run'] );
		$rows = array();
		foreach ( $ids as $id ) {
			$order = wc_get_order( $id );
			if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
				$rows[] = $this->row( $id, '', '', 'error', 'There is no order with this id.' );
				continue;
			}
			$rows = array_merge( $rows, $dry ? $this->preview( $order ) : $this->reconcile( $order ) );
		}
		\WP_CLI\Utils\format_items( $format, $rows, array( 'order', 'operation', 'reference', 'result', 'detail' ) );
		$open = count( array_filter( $rows, static fn( array $row ): bool => in_array( $row['result'], array( 'still unknown', 'error' ), true ) ) );
		if ( $open > 0 && ! $dry ) {
			\WP_CLI::halt( 1 );
		}
	}

	/**
	 * @return list<array<string, string>>
	 */
	private function preview( \WC_Order $order ): array {
		$rows = array();
		foreach ( $this->manager()->reconciler()->preview( $order ) as $item ) {
			$entry  = $item['entry'];
			$rows[] = $this->row( $order->get_id(), $entry->operation, $entry->reference, 'would be ' . str_replace( '_', ' ', $item['verdict']->kind ), $item['verdict']->reason . ( '' !== $item['verdict']->transaction_id ? 'transaction ' . $item['verdict']->transaction_id : '' ) );
		}
		if ( array() === $rows ) {
			$rows[] = $this->row( $order->get_id(), '', '', 'nothing to check', '' );
		}
		return $rows;
	}

	/**
	 * @return list<array<string, string>>
	 */
	private function reconcile( \WC_Order $order ): array {
		$manager = $this->manager();
		if ( ! $manager->is_managed( $order ) ) {
			return array( $this->row( $order->get_id(), '', '', 'error', wp_strip_all_tags( $manager->unmanaged_message( (string) $manager->unmanaged_reason( $order ) ) ) ) );
		}
		$settlement = $manager->reconcile( $order, Runner::TRIGGER_CLI );
		$rows       = array();
		foreach ( $settlement->confirmed as $entry ) {
			$rows[] = $this->row( $order->get_id(), $entry->operation, $entry->reference, 'confirmed', 'transaction ' . $entry->transaction_id );
		}
		foreach ( $settlement->not_applied as $entry ) {
			$rows[] = $this->row( $order->get_id(), $entry->operation, $entry->reference, 'did not happen', $entry->message );
		}
		foreach ( $settlement->finished_swish as $entry ) {
			$rows[] = $this->row( $order->get_id(), $entry->operation, $entry->reference, 'swish ' . strtolower( (string) $entry->detail( 'swishStatus' ) ), '' );
		}
		foreach ( $settlement->open as $entry ) {
			$rows[] = $this->row( $order->get_id(), $entry->operation, $entry->reference, 'still unknown', $entry->message );
		}
		if ( array() === $rows ) {
			$rows[] = $this->row( $order->get_id(), '', '', 'nothing to check', '' );
		}
		return $rows;
	}

	/**
	 * @param array<int, string> $args Order ids (optional).
	 */
	private function report( array $args, string $since, string $format ): void {
		$manager = $this->manager();
		if ( '' !== $since && 1 !== preg_match( '/^\d{4}-\d{2}-\d{2}$/', $since ) ) {
			\WP_CLI::error( sprintf( '--since must be a date like 2026-11-01, got "%s".', $since ) );
		}
		$from = '' !== $since ? strtotime( $since . ' 00:00:00 UTC' ) : time() - 30 * DAY_IN_SECONDS;
		if ( false === $from ) {
			\WP_CLI::error( sprintf( '--since is not a valid date: "%s".', $since ) );
		}
		$ids = $this->ids( $args );
		if ( array() === $ids ) {
			/** @var mixed $found With 'return' => 'ids', ids (the stubs say orders). */
			$found = wc_get_orders(
				array(
					'payment_method' => 'ecster',
					'date_created'   => '>=' . $from,
					'limit'          => -1,
					'return'         => 'ids',
					'type'           => 'shop_order',
				)
			);
			foreach ( is_array( $found ) ? $found : array() as $found_id ) {
				$ids[] = is_numeric( $found_id ) ? (int) $found_id : 0;
			}
		}
		$rows = array();
		foreach ( $ids as $id ) {
			$order = wc_get_order( $id );
			if ( ! $order instanceof \WC_Order || ! $manager->is_managed( $order ) ) {
				continue;
			}
			$record = $manager->record( $order );
			try {
				$ecster = Plugin::instance()->client()->get_order( $record->reference() );
			} catch ( ApiException $e ) {
				$rows[] = array(
					'order'       => (string) $id,
					'wc_status'   => $order->get_status(),
					'field'       => 'ecster',
					'woocommerce' => '',
					'ecster'      => 'not readable: ' . $e->getMessage(),
				);
				continue;
			}
			foreach ( Comparison::differences( $record, $ecster ) as $difference ) {
				$rows[] = array(
					'order'       => (string) $id,
					'wc_status'   => $order->get_status(),
					'field'       => $difference['field'],
					'woocommerce' => $difference['woocommerce'],
					'ecster'      => $difference['ecster'] . ' (' . $ecster->status . ')',
				);
			}
		}
		if ( array() === $rows && 'table' === $format ) {
			\WP_CLI::success( sprintf( 'WooCommerce and Ecster agree on all %d managed orders checked.', count( $ids ) ) );
			return;
		}
		\WP_CLI\Utils\format_items( $format, $rows, array( 'order', 'wc_status', 'field', 'woocommerce', 'ecster' ) );
	}

	/**
	 * @param array<int, string> $args Positional arguments.
	 * @return list<int>
	 */
	private function ids( array $args ): array {
		$ids = array();
		foreach ( $args as $raw ) {
			if ( 1 !== preg_match( '/^\d{1,18}$/', (string) $raw ) ) {
				\WP_CLI::error( sprintf( 'Order ids are numbers; got "%s".', $raw ) );
			}
			$ids[] = (int) $raw;
		}
		return $ids;
	}

	/**
	 * @return array<string, string>
	 */
	private function row( int $order_id, string $operation, string $reference, string $result, string $detail ): array {
		return array(
			'order'     => (string) $order_id,
			'operation' => $operation,
			'reference' => $reference,
			'result'    => $result,
			'detail'    => wp_strip_all_tags( $detail ),
		);
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
