<?php
/**
 * Deactivating the plugin cancels its pending Action Scheduler jobs (group ecster-order-management,
 * hooks ecster_om_*) and nobody else's.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Plugin;

use EcsterOM\Lifecycle;
use EcsterOM\Tests\Integration\TestCase;

final class DeactivationTest extends TestCase {

	private const PLUGIN = 'ecster-order-management/ecster-order-management.php';

	/** @var int[] Jobs this test scheduled (removed afterwards). */
	private array $jobs = array();

	protected function tearDown(): void {
		foreach ( $this->jobs as $id ) {
			try {
				\ActionScheduler::store()->delete_action( $id );
			} catch ( \Throwable $e ) {
				continue;
			}
		}
		if ( ! is_plugin_active( self::PLUGIN ) ) {
			activate_plugin( self::PLUGIN );
		}
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $args Arguments.
	 */
	private function schedule( string $hook, array $args, string $group ): int {
		$id           = (int) as_schedule_single_action( time() + 3600, $hook, $args, $group );
		$this->jobs[] = $id;
		$this->assertGreaterThan( 0, $id );
		return $id;
	}

	private function status( int $id ): string {
		return (string) \ActionScheduler::store()->get_status( $id );
	}

	/**
	 * Ours: the Swish poll in our group, a job of ours without a group, another hook in our group.
	 * Not ours: a WooCommerce job, and the old Ecster plugin's poll (its own hook).
	 *
	 * @return array{ours: int[], theirs: int[]}
	 */
	private function jobs(): array {
		$run = wp_generate_password( 6, false );
		return array(
			'ours'   => array(
				$this->schedule( 'ecster_om_poll_swish_refund', array( 'order_id' => 1, 'refund_id' => 2, 'attempt' => 1, 'run' => $run ), Lifecycle::JOB_GROUP ),
				$this->schedule( 'ecster_om_deactivation_probe', array( 'run' => $run ), '' ),
				$this->schedule( 'ecster_om_check_journal', array( 'run' => $run ), Lifecycle::JOB_GROUP ),
			),
			'theirs' => array(
				$this->schedule( 'woocommerce_cleanup_draft_orders_probe', array( 'mentions' => 'ecster_om_poll_swish_refund', 'run' => $run ), 'woocommerce-db-updates' ),
				$this->schedule( 'ecster_poll_swish_refund', array( 'order_id' => 1, 'run' => $run ), '' ),
			),
		);
	}

	public function test_deactivating_the_plugin_cancels_its_pending_jobs_and_only_those(): void {
		$jobs = $this->jobs();

		deactivate_plugins( self::PLUGIN ); // Not silent: runs the deactivation hook.

		$this->assertFalse( is_plugin_active( self::PLUGIN ) );
		foreach ( $jobs['ours'] as $id ) {
			$this->assertSame( \ActionScheduler_Store::STATUS_CANCELED, $this->status( $id ), "job $id is ours" );
		}
		foreach ( $jobs['theirs'] as $id ) {
			$this->assertSame( \ActionScheduler_Store::STATUS_PENDING, $this->status( $id ), "job $id is not ours" );
		}
	}

	public function test_without_action_schedulers_api_the_rows_in_its_table_are_cancelled(): void {
		$jobs = $this->jobs();

		// Other tests may have left jobs of ours (Swish polls): at least these three.
		$this->assertGreaterThanOrEqual( count( $jobs['ours'] ), Lifecycle::cancel_jobs_in_table() );

		foreach ( $jobs['ours'] as $id ) {
			$this->assertSame( \ActionScheduler_Store::STATUS_CANCELED, $this->status( $id ), "job $id is ours" );
		}
		foreach ( $jobs['theirs'] as $id ) {
			$this->assertSame( \ActionScheduler_Store::STATUS_PENDING, $this->status( $id ), "job $id is not ours" );
		}
	}

	public function test_deactivation_with_no_jobs_changes_nothing(): void {
		Lifecycle::deactivate();
		$this->assertSame( 0, Lifecycle::cancel_jobs() );
	}
}
