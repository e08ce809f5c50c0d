<?php
/**
 * WP-CLI: wp ecster-om debit|annul <order-id>… | --status=…, wp ecster-om status <order-id>.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Cli;

use EcsterOM\Bulk\Batch;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Result;
use EcsterOM\Plugin;

/**
 * Debits, annuls and shows Ecster orders from the command line, through the same service as the
 * order screen and the status hooks (same lock, same notes).
 */
final class OrdersCommand {

	/** @var callable(): OrderManager */
	private $manager_factory;

	/**
	 * @param callable|null $manager_factory fn(): OrderManager; by default the plugin's.
	 */
	public function __construct( ?callable $manager_factory = null ) {
		$this->manager_factory = $manager_factory ?? static fn(): OrderManager => Plugin::instance()->order_manager();
	}

	/**
	 * Registers `wp ecster-om` when running under WP-CLI.
	 */
	public static function register(): void {
		if ( ! defined( 'WP_CLI' ) || ! WP_CLI ) {
			return;
		}
		\WP_CLI::add_command( 'ecster-om', new self() );
		\WP_CLI::add_command( 'ecster-om reconcile', new ReconcileCommand() );
		\WP_CLI::add_command( 'ecster-om credit', new CreditCommand() );
		\WP_CLI::add_command( 'ecster-om check-connection', new ConnectionCommand() );
	}

	/**
	 * Debits (activates) orders in Ecster and completes them.
	 *
	 * With one order id and no option the order is debited on its own. With several ids, or
	 * --status, the orders are debited as a batch (also shown on the orders list), several at once,
	 * with a progress bar and a summary table; the exit code is 1 when any order was not debited.
	 *
	 * ## OPTIONS
	 *
	 * [<order-id>...]
	 * : WooCommerce order ids.
	 *
	 * [--status=<status>]
	 * : Instead of ids: every Ecster order with this status (processing or on-hold).
	 *
	 * [--before=<date>]
	 * : With --status: only orders created before this date (YYYY-MM-DD).
	 *
	 * [--dry-run]
	 * : List the orders that would be debited; send nothing.
	 *
	 * [--concurrency=<n>]
	 * : Ecster requests at once, 1 to 50 (default: the setting "Ecster requests at once").
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om debit 123
	 *     wp ecster-om debit 123 124 125 --concurrency=5
	 *     wp ecster-om debit --status=processing --before=2026-11-01 --dry-run
	 *
	 * @param array<int, string>         $args       Positional arguments.
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function debit( array $args, array $assoc_args = array() ): void {
		if ( 1 !== count( $args ) || array() !== $assoc_args ) {
			( new BulkRun() )->run( Batch::DEBIT, $args, $assoc_args );
			return;
		}
		$order = $this->order( $args );
		$this->finish( $this->manager()->debit( $order, OrderManager::TRIGGER_CLI ) );
	}

	/**
	 * Annuls orders' Ecster reservations and cancels the orders.
	 *
	 * With one order id and no option the order is annulled on its own. With several ids, or
	 * --status, the orders are annulled as a batch (also shown on the orders list), several at once,
	 * with a progress bar and a summary table; the exit code is 1 when any order was not annulled.
	 *
	 * ## OPTIONS
	 *
	 * [<order-id>...]
	 * : WooCommerce order ids.
	 *
	 * [--status=<status>]
	 * : Instead of ids: every Ecster order with this status (processing or on-hold).
	 *
	 * [--before=<date>]
	 * : With --status: only orders created before this date (YYYY-MM-DD).
	 *
	 * [--dry-run]
	 * : List the orders that would be annulled; send nothing.
	 *
	 * [--concurrency=<n>]
	 * : Ecster requests at once, 1 to 50 (default: the setting "Ecster requests at once").
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om annul 123
	 *     wp ecster-om annul --status=on-hold --before=2026-10-01
	 *
	 * @param array<int, string>         $args       Positional arguments.
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function annul( array $args, array $assoc_args = array() ): void {
		if ( 1 !== count( $args ) || array() !== $assoc_args ) {
			( new BulkRun() )->run( Batch::ANNUL, $args, $assoc_args );
			return;
		}
		$order = $this->order( $args );
		$this->finish( $this->manager()->annul( $order, OrderManager::TRIGGER_CLI ) );
	}

	/**
	 * Shows the order's Ecster state (asks Ecster).
	 *
	 * ## OPTIONS
	 *
	 * <order-id>
	 * : WooCommerce order id.
	 *
	 * [--format=<format>]
	 * : table or json.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om status 123 --format=json
	 *
	 * @param array<int, string>    $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args = array() ): void {
		$order = $this->order( $args );
		$state = $this->manager()->get_state( $order, true );
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			\WP_CLI::line( (string) wp_json_encode( $state, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
			return;
		}
		$rows = array(
			array(
				'field' => 'order',
				'value' => $state['orderNumber'] . ' (' . $state['wcStatus'] . ')',
			),
			array(
				'field' => 'managed',
				'value' => $state['managed'] ? 'yes' : 'no: ' . (string) $state['unmanagedReason'],
			),
			array(
				'field' => 'ecster order',
				'value' => (string) $state['ecsterOrderId'],
			),
			array(
				'field' => 'ecster status',
				'value' => (string) $state['ecsterStatus'],
			),
			array(
				'field' => 'payment method',
				'value' => (string) $state['paymentMethod'],
			),
			array(
				'field' => 'order total',
				'value' => (string) $state['orderTotal'],
			),
		);
		foreach ( $state['amounts'] as $name => $value ) {
			$rows[] = array(
				'field' => $name,
				'value' => null === $value ? '?' : (string) $value,
			);
		}
		foreach ( $state['actions'] as $name => $action ) {
			$rows[] = array(
				'field' => 'can ' . $name,
				'value' => $action['allowed'] ? 'yes' : 'no: ' . (string) $action['reason'],
			);
		}
		foreach ( $state['warnings'] as $warning ) {
			$rows[] = array(
				'field' => 'warning',
				'value' => $warning['message'],
			);
		}
		\WP_CLI\Utils\format_items( 'table', $rows, array( 'field', 'value' ) );
	}

	/**
	 * @param array<int, string> $args Positional arguments.
	 */
	private function order( array $args ): \WC_Order {
		$raw = $args[0] ?? '';
		if ( 1 !== preg_match( '/^\d{1,18}$/', (string) $raw ) ) {
			\WP_CLI::error( __( 'Give the WooCommerce order id (a number).', 'ecster-order-management' ) );
		}
		$order = wc_get_order( (int) $raw );
		if ( ! $order instanceof \WC_Order || 'shop_order' !== $order->get_type() ) {
			/* translators: %s: order id */
			\WP_CLI::error( sprintf( __( 'There is no order with the id %s.', 'ecster-order-management' ), $raw ) );
		}
		return $order;
	}

	private function finish( Result $result ): void {
		$line = $result->message() . ( '' !== $result->transaction_id() ? ' [' . $result->transaction_id() . ']' : '' );
		$line = wp_strip_all_tags( $line );
		if ( $result->is_success() ) {
			\WP_CLI::success( $result->code() . ': ' . $line );
			return;
		}
		\WP_CLI::error( $result->code() . ': ' . $line );
	}

	private function manager(): OrderManager {
		return ( $this->manager_factory )();
	}
}
