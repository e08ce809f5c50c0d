<?php
/**
 * The Ecster requests of a bulk job go out side by side.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Bulk;

use EcsterOM\Bulk\Item;

final class BulkConcurrencyTest extends BulkTestCase {

	public function test_the_requests_of_one_job_overlap_at_ecsters_latency(): void {
		$this->enable_management( array( 'bulk_concurrency' => '10' ) );
		$orders = $this->orders( 10 );
		$this->sandbox()->set_latency( 300 );

		$this->bulk_action( $this->ids( $orders ), 'mark_completed' );
		$this->drain();

		$items = $this->items( $this->batch() );
		foreach ( $orders as $order ) {
			$this->assertSame( Item::DONE, $items[ $order->get_id() ]->state );
		}
		$requests = $this->ecster_requests();
		$this->assertCount( 20, $requests, 'One read and one debit per order.' );
		foreach ( array( 'GET', 'POST' ) as $method ) {
			$per_second = array();
			foreach ( $requests as $request ) {
				if ( $method === $request['method'] ) {
					$second                = (int) strtotime( (string) $request['time'] );
					$per_second[ $second ] = ( $per_second[ $second ] ?? 0 ) + 1;
				}
			}
			// Every request waits 300 ms in the sandbox before it is answered, so requests sent one
			// after another arrive at most four in one second (at 0, 0.3, 0.6 and 0.9 s). Five or more
			// arriving in the same second of the sandbox's log can only have overlapped.
			$this->assertGreaterThanOrEqual( 5, max( $per_second ), "The {$method} requests arrived side by side: " . wp_json_encode( $per_second ) );
			$this->assertLessThanOrEqual( 2, count( $per_second ), "All ten {$method} requests arrived within two clock seconds." );
		}
	}
}
