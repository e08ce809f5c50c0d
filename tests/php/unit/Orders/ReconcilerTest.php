<?php
/**
 * The reconciler's pure rules: when to look again, when the absence of a request in Ecster's
 * records proves it never arrived, and how checks are scheduled on Action Scheduler.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class ReconcilerTest extends TestCase {

	protected function setUp(): void {
		FakeState::reset();
		WooFakes::reset();
	}

	/**
	 * An entry as the journal stores it.
	 */
	private static function entry( string $state, string $ecster_code, int $updated ): JournalEntry {
		return JournalEntry::from_row(
			array(
				'id'              => '1',
				'reference'       => '5-C-abc',
				'order_id'        => '5',
				'ecster_order_id' => 'EC-5',
				'operation'       => 'credit',
				'state'           => $state,
				'amount'          => '1000',
				'currency'        => 'SEK',
				'refund_id'       => '6',
				'trigger_source'  => 'gateway',
				'user_id'         => '0',
				'transaction_id'  => '',
				'ecster_code'     => $ecster_code,
				'message'         => '',
				'data'            => '{}',
				'checks'          => '0',
				'next_check_gmt'  => null,
				'gave_up'         => '0',
				'created_gmt'     => gmdate( 'Y-m-d H:i:s', $updated ),
				'updated_gmt'     => gmdate( 'Y-m-d H:i:s', $updated ),
			)
		);
	}

	public function test_checks_back_off_from_a_minute_to_a_day_then_stop(): void {
		$now = 1_800_000_000;
		$this->assertSame( $now + 60, Reconciler::next_check( 0, $now ) );
		$this->assertSame( $now + 300, Reconciler::next_check( 1, $now ) );
		$this->assertSame( $now + 3600, Reconciler::next_check( 3, $now ) );
		$this->assertSame( $now + 86400, Reconciler::next_check( 7, $now ) );
		$this->assertNull( Reconciler::next_check( 8, $now ), 'After the day-long wait, automatic checks stop.' );
		$this->assertNull( Reconciler::next_check( 50, $now ) );

		$previous = 0;
		foreach ( array_keys( Reconciler::BACKOFF ) as $checks ) {
			$delay = (int) Reconciler::next_check( $checks, $now ) - $now;
			$this->assertGreaterThan( $previous, $delay, 'Each wait is longer than the one before.' );
			$previous = $delay;
		}
	}

	/**
	 * @return array<string, array{0: string, 1: string, 2: int, 3: bool}>
	 */
	public static function arrivals(): array {
		return array(
			'timeout, just now'              => array( 'unknown', 'timeout', 0, true ),
			'dropped connection, just now'   => array( 'unknown', 'network', 10, true ),
			'left pending by a dead process' => array( 'pending', '', 59, true ),
			'timeout, settled'               => array( 'unknown', 'timeout', 60, false ),
			'pending, settled'               => array( 'pending', '', 3600, false ),
			'HTTP 500: Ecster was done'      => array( 'unknown', '5000', 0, false ),
			'HTTP 503 without a body'        => array( 'unknown', 'HTTP 503', 0, false ),
			'429: Ecster was done'           => array( 'unknown', 'HTTP 429', 0, false ),
			'malformed answer'               => array( 'unknown', 'HTTP 201', 0, false ),
		);
	}

	/**
	 * @dataProvider arrivals
	 */
	public function test_only_a_request_still_in_flight_within_the_settling_time_may_still_arrive( string $state, string $code, int $age, bool $may ): void {
		$this->assertSame( $may, Reconciler::may_still_arrive( self::entry( $state, $code, time() - $age ) ) );
	}

	public function test_the_settling_time_is_a_filter_never_below_zero(): void {
		$this->assertSame( 60, Reconciler::settle_seconds() );
		$entry = self::entry( 'unknown', 'timeout', time() - 100 );
		$this->assertFalse( Reconciler::may_still_arrive( $entry ) );

		add_filter( 'ecster_om_unknown_settle_seconds', static fn() => 300 );
		$this->assertSame( 300, Reconciler::settle_seconds() );
		$this->assertTrue( Reconciler::may_still_arrive( $entry ) );

		add_filter( 'ecster_om_unknown_settle_seconds', static fn() => -5, 20 );
		$this->assertSame( 0, Reconciler::settle_seconds() );
		$this->assertFalse( Reconciler::may_still_arrive( self::entry( 'unknown', 'timeout', time() ) ) );
	}

	public function test_an_order_is_scheduled_once_at_the_earliest_time_asked_for(): void {
		$args = array( 'order_id' => 5 );
		Reconciler::schedule( 5, 2000 );
		Reconciler::schedule( 5, 3000 );
		$pending = WooFakes::pending( Reconciler::HOOK_ORDER );
		$this->assertCount( 1, $pending, 'A later time does not add a second check.' );
		$this->assertSame( array( 2000, $args, Reconciler::GROUP ), array( $pending[0]['time'], $pending[0]['args'], $pending[0]['group'] ) );

		Reconciler::schedule( 5, 1000 );
		$pending = WooFakes::pending( Reconciler::HOOK_ORDER );
		$this->assertCount( 1, $pending, 'An earlier time replaces the later check.' );
		$this->assertSame( 1000, $pending[0]['time'] );
		$this->assertSame( 'canceled', WooFakes::scheduled()[0]['status'] );

		Reconciler::schedule( 6, 5000 );
		$this->assertCount( 2, WooFakes::pending( Reconciler::HOOK_ORDER ), 'Each order has its own check.' );
	}

	public function test_the_sweep_is_scheduled_once_and_looked_at_once_an_hour(): void {
		Reconciler::ensure_sweep();
		$sweeps = WooFakes::pending( Reconciler::HOOK_DUE );
		$this->assertCount( 1, $sweeps );
		$this->assertSame( array( Reconciler::SWEEP_INTERVAL, array(), Reconciler::GROUP ), array( $sweeps[0]['interval'], $sweeps[0]['args'], $sweeps[0]['group'] ) );
		$this->assertEqualsWithDelta( time() + Reconciler::SWEEP_INTERVAL, $sweeps[0]['time'], 1 );

		$calls = count( $GLOBALS['ecster_om_wc_fake']['as_calls'] );
		Reconciler::ensure_sweep();
		$this->assertCount( $calls, $GLOBALS['ecster_om_wc_fake']['as_calls'], 'Within the hour Action Scheduler is not even asked.' );

		delete_transient( 'ecster_om_sweep_checked' );
		Reconciler::ensure_sweep();
		$this->assertCount( 1, WooFakes::pending( Reconciler::HOOK_DUE ), 'Asked again, but not scheduled twice.' );
	}
}
