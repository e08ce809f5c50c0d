<?php
/**
 * The per-order lock across PHP processes (two OrderLock objects stand for two processes sharing
 * the options table).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Orders\OrderLock;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class OrderLockTest extends TestCase {

	protected function setUp(): void {
		FakeState::reset();
		WooFakes::reset();
	}

	private function row( int $order_id ): ?string {
		return $GLOBALS['wpdb']->rows[ 'ecster_om_lock_' . $order_id ] ?? null;
	}

	public function test_lock_admits_one_holder_releases_only_its_own_row_and_takes_over_an_expired_lock(): void {
		$a = new OrderLock();
		$b = new OrderLock();
		$this->assertTrue( $a->acquire( 7 ) );
		$this->assertFalse( $b->acquire( 7 ) );
		$this->assertTrue( $b->is_locked( 7 ) );
		$b->release( 7 );
		$this->assertFalse( $b->acquire( 7 ), 'A process that does not hold the lock cannot release it.' );
		$a->release( 7 );
		$this->assertTrue( $b->acquire( 7 ) );
		$b->release( 7 );

		$GLOBALS['wpdb']->rows['ecster_om_lock_8'] = ( time() - 5 ) . '|dead-process';
		$this->assertTrue( $a->acquire( 8 ), 'An expired lock is taken over.' );
		$this->assertStringNotContainsString( 'dead-process', $GLOBALS['wpdb']->rows['ecster_om_lock_8'] );
		$this->assertStringContainsString( 'INSERT IGNORE', $GLOBALS['wpdb']->queries[0] );
	}

	public function test_expires_in_counts_the_seconds_left_of_whoever_holds_the_lock(): void {
		$a = new OrderLock( 180 );
		$b = new OrderLock();
		$this->assertNull( $a->expires_in( 9 ), 'Unlocked.' );
		$this->assertTrue( $a->acquire( 9 ) );
		$this->assertEqualsWithDelta( 180, $a->expires_in( 9 ), 1 );
		$this->assertEqualsWithDelta( 180, $b->expires_in( 9 ), 1, 'Another process sees the same row.' );
		$a->release( 9 );
		$this->assertNull( $b->expires_in( 9 ) );

		$this->assertTrue( $a->acquire( 10, 0.0, 30 ), 'A ttl given to acquire() wins over the constructor\'s.' );
		$this->assertEqualsWithDelta( 30, $a->expires_in( 10 ), 1 );

		$GLOBALS['wpdb']->rows['ecster_om_lock_11'] = ( time() - 5 ) . '|dead-process';
		$this->assertEqualsWithDelta( -5, $b->expires_in( 11 ), 1, 'Negative once expired.' );
		$this->assertFalse( $b->is_locked( 11 ) );
	}

	public function test_renew_extends_the_holders_lock_from_now_and_keeps_its_token(): void {
		$a = new OrderLock();
		$this->assertTrue( $a->acquire( 12, 0.0, 5 ) );
		$before = (string) $this->row( 12 );

		$this->assertTrue( $a->renew( 12, 180 ) );
		$after = (string) $this->row( 12 );
		$this->assertEqualsWithDelta( 180, $a->expires_in( 12 ), 1 );
		$this->assertSame( substr( (string) strrchr( $before, '|' ), 1 ), substr( (string) strrchr( $after, '|' ), 1 ), 'Same owner token.' );
		$this->assertNotSame( $before, $after );

		// Renewed twice within the same second: nothing changes in the row, and it is still ours.
		$this->assertTrue( $a->renew( 12, 180 ) );

		$a->release( 12 );
		$this->assertNull( $this->row( 12 ), 'The renewed lock is released (release knows its new value).' );
	}

	public function test_renew_fails_for_a_lock_this_process_does_not_hold_or_has_lost(): void {
		$a = new OrderLock();
		$b = new OrderLock();
		$this->assertFalse( $a->renew( 13, 180 ), 'Never acquired.' );
		$this->assertNull( $this->row( 13 ), 'Renewing does not create a lock.' );

		$this->assertTrue( $a->acquire( 13, 0.0, 60 ) );
		$this->assertFalse( $b->renew( 13, 600 ), 'Another process cannot renew it.' );
		$this->assertEqualsWithDelta( 60, $a->expires_in( 13 ), 1 );

		// The lock expired and another process took it over: the slow first owner cannot renew it.
		$GLOBALS['wpdb']->rows['ecster_om_lock_13'] = ( time() - 1 ) . '|' . substr( (string) strrchr( (string) $this->row( 13 ), '|' ), 1 );
		$this->assertTrue( $b->acquire( 13 ) );
		$taken = $this->row( 13 );
		$this->assertFalse( $a->renew( 13, 180 ) );
		$this->assertSame( $taken, $this->row( 13 ) );
		$a->release( 13 );
		$this->assertSame( $taken, $this->row( 13 ), 'Nor remove it.' );
	}

	public function test_is_held_here_only_in_the_process_that_holds_it(): void {
		$a = new OrderLock();
		$b = new OrderLock();
		$this->assertTrue( $a->acquire( 14 ) );
		$this->assertTrue( $a->is_held_here( 14 ) );
		$this->assertFalse( $b->is_held_here( 14 ) );
		$this->assertFalse( $a->acquire( 14 ), 'Not re-entrant: a nested acquire fails.' );
		$a->release( 14 );
		$this->assertFalse( $a->is_held_here( 14 ) );
	}
}
