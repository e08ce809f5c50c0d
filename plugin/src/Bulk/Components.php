<?php
/**
 * Wires bulk debits and annuls: the orders list, the REST routes, the queue jobs.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Bulk;

use EcsterOM\Orders\Eligibility;
use EcsterOM\Orders\Notes;
use EcsterOM\Orders\Operations\OperationFactory;
use EcsterOM\Orders\RowBuilder;
use EcsterOM\Orders\Runner;
use EcsterOM\Plugin;
use EcsterOM\Rest\BulkController;

/**
 * Called from Plugin::register_components() whenever WooCommerce loads. Only hooks are added here;
 * the service is made on first use (Plugin::bulk()).
 */
final class Components {

	public static function register( Plugin $plugin ): void {
		$service = static fn(): BulkService => $plugin->bulk();
		( new ListScreen( $service, $plugin->settings() ) )->register();
		( new BulkController( $service ) )->register();
		add_action(
			BulkService::HOOK,
			static function ( $batch_id = '', $order_ids = array() ) use ( $plugin ): void {
				$plugin->bulk()->run_job( $batch_id, $order_ids );
			},
			10,
			2
		);
		add_filter( 'action_scheduler_queue_runner_batch_size', array( BulkService::class, 'claim_size' ), 20 );
		add_action(
			'ecster_om_debited',
			static function ( $order, $transaction_id = '', $trigger = '' ) use ( $plugin ): void {
				unset( $trigger );
				$plugin->bulk()->confirmed_elsewhere( $order, $transaction_id, Batch::DEBIT );
			},
			20,
			3
		);
		add_action(
			'ecster_om_annulled',
			static function ( $order, $transaction_id = '', $trigger = '' ) use ( $plugin ): void {
				unset( $trigger );
				$plugin->bulk()->confirmed_elsewhere( $order, $transaction_id, Batch::ANNUL );
			},
			20,
			3
		);
	}

	/**
	 * The service, on the order core's own journal, lock and reconciler (one lock per order, shared
	 * with every other trigger in this process and, through the database, with every other process).
	 */
	public static function service( Plugin $plugin ): BulkService {
		$manager     = $plugin->order_manager();
		$logger      = $plugin->logger();
		$notes       = new Notes( $logger );
		$eligibility = new Eligibility( $plugin->settings() );
		$runner      = new Runner( $plugin->client(), $manager->journal(), $manager->lock(), $manager->reconciler(), $notes, $eligibility );
		$throttle    = new Throttle( $plugin->settings() );
		$store       = new BatchStore();
		$worker      = new Worker( $store, $runner, new OperationFactory( $notes, new RowBuilder( $logger ) ), $throttle );
		return new BulkService( $store, $worker, new Selection( $eligibility ), $throttle );
	}
}
