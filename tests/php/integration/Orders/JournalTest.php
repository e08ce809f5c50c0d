<?php
/**
 * The operation journal on its database table keeps the rules the unit tests' in-memory journal
 * is built on: the same tests (tests/php/unit/Orders/Journal/JournalContract.php) run on both.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

use EcsterOM\Orders\Journal\Journal;
use EcsterOM\Orders\Journal\Schema;
use EcsterOM\Tests\Unit\Orders\Journal\JournalContract;

require_once dirname( __DIR__, 2 ) . '/unit/Orders/Journal/JournalContract.php';

final class JournalTest extends OrdersTestCase {

	use JournalContract;

	/** @var list<int> Order ids this test wrote entries for (no WooCommerce order has them). */
	private array $order_ids = array();

	protected function tearDown(): void {
		global $wpdb;
		foreach ( $this->order_ids as $order_id ) {
			$wpdb->delete( Schema::table(), array( 'order_id' => $order_id ), array( '%d' ) );
		}
		$this->order_ids = array();
		parent::tearDown();
	}

	protected function journal(): Journal {
		return new Journal();
	}

	protected function new_order_id(): int {
		$order_id          = random_int( 1_900_000_000, 2_100_000_000 );
		$this->order_ids[] = $order_id;
		return $order_id;
	}
}
