<?php
/**
 * Chaos: hundreds of random money operations on many orders, with Ecster's answers lost, broken or
 * refused and processes dying at the worst moment; then the reconciler. Afterwards Ecster and
 * WooCommerce agree on every order, no money moved twice and no question is left open.
 *
 *   npm run test:chaos                              # seeded at random; the seed is printed
 *   ECSTER_OM_CHAOS_SEED=12345 npm run test:chaos   # replay a run
 *   ECSTER_OM_CHAOS_OPS=500 ECSTER_OM_CHAOS_ORDERS=40 npm run test:chaos
 *
 * Its last line: `chaos: <ops> operations, <faults> faults, <kills> kills, mismatches before
 * reconcile <n>, after <n>, unknown left <n>`.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Chaos;

use EcsterOM\Api\Order as EcsterOrder;
use EcsterOM\Orders\Comparison;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\Runner;
use EcsterOM\Tests\Integration\Orders\OrdersTestCase;

/**
 * The process dies right after Ecster's answer arrived: an Error, so no `catch ( Exception )` on the
 * way (WooCommerce has several) can tidy up after it, as with a real death.
 */
final class ProcessDied extends \Error {
}

final class ChaosTest extends OrdersTestCase {

	private const FAULTS = array( 'timeout_applied', 'drop', 'drop_applied', 'http_500', 'http_500_applied', 'http_429', 'malformed', 'malformed_applied', 'ecster_4424' );

	private int $faults = 0;
	private int $kills  = 0;

	/** @var array<string, int> Operations by kind. */
	private array $ops = array();

	/** A money request is to die right after its answer (armed by an operation). */
	private bool $die_next = false;

	public function test_money_moves_exactly_once_and_both_sides_agree_after_random_faults_kills_and_reconciling(): void {
		$seed   = (int) ( getenv( 'ECSTER_OM_CHAOS_SEED' ) ?: random_int( 1, 2147483647 ) );
		$count  = max( 200, (int) ( getenv( 'ECSTER_OM_CHAOS_OPS' ) ?: 200 ) );
		$orders = max( 20, (int) ( getenv( 'ECSTER_OM_CHAOS_ORDERS' ) ?: 24 ) );
		mt_srand( $seed );
		fwrite( STDOUT, "\nchaos: seed {$seed} (replay with ECSTER_OM_CHAOS_SEED={$seed}), {$count} operations on {$orders} orders\n" );

		$this->sandbox()->config( array( 'swishRefundDelayMs' => 0 ) );
		// Conclusions from Ecster's records are immediate here: the sandbox applies a request before
		// it answers (the settling time protects real Ecster's late arrivals).
		$this->add_test_filter( 'ecster_om_unknown_settle_seconds', static fn(): int => 0 );
		$this->add_test_filter( 'ecster_om_lock_wait_seconds', static fn(): float => 0.0, 20 );
		$this->add_test_filter( 'ecster_om_request_timeout', static fn(): float => 1.0 );
		$this->add_test_filter( 'pre_wp_mail', static fn(): bool => true );
		$this->add_test_filter(
			'http_api_debug',
			function ( $response, $context, $class, $args, $url ): void {
				if ( $this->die_next && $this->is_money_request( (string) $url, $args ) && ! is_wp_error( $response ) ) {
					$this->die_next = false;
					++$this->kills;
					throw new ProcessDied( 'killed after Ecster answered' );
				}
			},
			10,
			5
		);
		$this->as_user( 'administrator' );

		$ids = array();
		for ( $i = 0; $i < $orders; $i++ ) {
			$ids[] = $this->new_order( $i )->get_id();
		}
		for ( $n = 0; $n < $count; $n++ ) {
			$this->random_operation( $ids[ mt_rand( 0, count( $ids ) - 1 ) ] );
		}
		$this->sandbox()->clear_faults();
		$this->die_next = false;

		$before = $this->mismatches( $ids );
		for ( $pass = 0; $pass < 5 && $this->open_questions( $ids ) > 0; $pass++ ) {
			foreach ( $ids as $id ) {
				$this->plugin()->order_manager()->reconcile( $this->fresh( $id ), Runner::TRIGGER_RECONCILER );
			}
		}
		$unknown    = $this->open_questions( $ids );
		$after      = $this->mismatches( $ids );
		$duplicates = $this->duplicates( $ids );

		ksort( $this->ops );
		fwrite( STDOUT, 'chaos: operations by kind: ' . (string) wp_json_encode( $this->ops ) . "\n" );
		foreach ( $after as $line ) {
			fwrite( STDOUT, "chaos: mismatch {$line}\n" );
		}
		foreach ( $duplicates as $line ) {
			fwrite( STDOUT, "chaos: twice {$line}\n" );
		}
		fwrite( STDOUT, sprintf( "chaos: %d operations, %d faults, %d kills, mismatches before reconcile %d, after %d, unknown left %d\n", $count, $this->faults, $this->kills, count( $before ), count( $after ), $unknown ) );

		$this->assertSame( array(), $duplicates, "Money moved twice (seed {$seed})." );
		$this->assertSame( array(), $after, "WooCommerce and Ecster disagree after reconciling (seed {$seed})." );
		$this->assertSame( 0, $unknown, "Questions left open after reconciling (seed {$seed})." );
		$this->assertGreaterThan( 0, $this->faults );
		$this->assertGreaterThan( 0, $this->kills );
	}

	private function new_order( int $i ): \WC_Order {
		$swish = 0 === $i % 5;
		$order = $this->create_managed_order(
			array(
				'method'   => $swish ? 'SWISH' : ( 0 === $i % 3 ? 'CARD' : 'INVOICE' ),
				'items'    => array(
					array(
						'name'  => 'Kaffebryggare',
						'price' => '499',
						'qty'   => 2,
					),
					array(
						'name'      => 'Kaffebönor',
						'price'     => '129',
						'qty'       => 3,
						'tax_class' => 'reduced-rate',
					),
				),
				'shipping' => '49',
			)
		);
		return $order;
	}

	private function random_operation( int $id ): void {
		$order = $this->fresh( $id );
		$swish = 'SWISH' === $order->get_meta( '_wc_ecster_payment_method' );
		$kinds = $swish
			? array( 'complete', 'cancel', 'refund_full', 'refund_part', 'refund_part', 'refund_lines', 'background' )
			: array( 'complete', 'complete', 'debit_rest', 'cancel', 'annul_rest', 'refund_full', 'refund_part', 'refund_part', 'refund_lines', 'background' );
		$kind = $kinds[ mt_rand( 0, count( $kinds ) - 1 ) ];
		$this->ops[ $kind ] = ( $this->ops[ $kind ] ?? 0 ) + 1;
		if ( 'background' !== $kind ) {
			$this->maybe_fault();
			$this->die_next = mt_rand( 1, 100 ) <= 12;
		}
		try {
			switch ( $kind ) {
				case 'complete':
					$order->update_status( 'completed' );
					break;
				case 'cancel':
					$order->update_status( 'cancelled' );
					break;
				case 'debit_rest':
					$this->rest( 'POST', '/ecster-om/v1/orders/' . $id . '/debit' );
					break;
				case 'annul_rest':
					$this->rest( 'POST', '/ecster-om/v1/orders/' . $id . '/annul' );
					break;
				case 'refund_full':
				case 'refund_part':
					$left = (int) round( (float) $order->get_remaining_refund_amount() * 100 );
					if ( $left > 0 ) {
						$amount = 'refund_full' === $kind ? $left : mt_rand( 1, max( 1, intdiv( $left, 2 ) ) );
						wc_create_refund(
							array(
								'amount'         => wc_format_decimal( $amount / 100, 2 ),
								'order_id'       => $id,
								'reason'         => 'chaos',
								'refund_payment' => true,
							)
						);
					}
					break;
				case 'refund_lines':
					$this->refund_one_line( $order );
					break;
				case 'background':
					$this->plugin()->order_manager()->reconcile( $order, Runner::TRIGGER_RECONCILER );
					break;
			}
		} catch ( ProcessDied $died ) {
			unset( $died ); // The request ended here; nothing after Ecster's answer was saved.
		} finally {
			$this->die_next = false;
			$this->sandbox()->clear_faults();
		}
	}

	/**
	 * Refunds one item line (one piece, its share incl. VAT) through the plugin's REST route.
	 */
	private function refund_one_line( \WC_Order $order ): void {
		foreach ( $order->get_items() as $item_id => $item ) {
			if ( ! $item instanceof \WC_Order_Item_Product ) {
				continue;
			}
			$left = $item->get_quantity() + $order->get_qty_refunded_for_item( $item_id );
			if ( $left <= 0 ) {
				continue;
			}
			$unit = ( (float) $item->get_total() + (float) $item->get_total_tax() ) / $item->get_quantity();
			$this->rest(
				'POST',
				'/ecster-om/v1/orders/' . $order->get_id() . '/refund',
				array(
					'amount' => wc_format_decimal( $unit, 2 ),
					'lines'  => array(
						array(
							'itemId'   => $item_id,
							'quantity' => 1,
							'total'    => wc_format_decimal( $unit, 2 ),
						),
					),
				)
			);
			return;
		}
	}

	/**
	 * One random fault on the next money request, about one time in four.
	 */
	private function maybe_fault(): void {
		if ( mt_rand( 1, 100 ) > 25 ) {
			return;
		}
		++$this->faults;
		$match = array( 'method' => 'POST' );
		switch ( self::FAULTS[ mt_rand( 0, count( self::FAULTS ) - 1 ) ] ) {
			case 'timeout_applied':
				$response = array( 'delayMs' => 1400 );
				break;
			case 'drop':
				$response = array(
					'drop'  => true,
					'apply' => false,
				);
				break;
			case 'drop_applied':
				$response = array( 'drop' => true );
				break;
			case 'http_500':
				$response = array( 'status' => 500 );
				break;
			case 'http_500_applied':
				$response = array(
					'status' => 500,
					'apply'  => true,
				);
				break;
			case 'http_429':
				$response = array( 'status' => 429 );
				break;
			case 'malformed':
				$response = array(
					'malformed' => true,
					'apply'     => false,
				);
				break;
			case 'malformed_applied':
				$response = array( 'malformed' => true );
				break;
			default:
				$response = array( 'ecsterCode' => 4424 );
		}
		$this->sandbox()->add_fault(
			array(
				'match'    => $match,
				'response' => $response,
			)
		);
	}

	/**
	 * @param array<string, mixed> $args Request args.
	 */
	private function is_money_request( string $url, $args ): bool {
		return 'POST' === ( $args['method'] ?? '' ) && ( str_ends_with( $url, '/transactions' ) || str_ends_with( $url, '/refunds' ) );
	}

	private function fresh( int $id ): \WC_Order {
		wp_cache_flush();
		$order = wc_get_order( $id );
		$this->assertInstanceOf( \WC_Order::class, $order );
		return $order;
	}

	/**
	 * @param list<int> $ids Orders.
	 */
	private function open_questions( array $ids ): int {
		$open = 0;
		foreach ( $ids as $id ) {
			$open += count( $this->plugin()->order_manager()->journal()->open_for_order( $id ) );
			foreach ( $this->plugin()->order_manager()->journal()->for_order( $id ) as $entry ) {
				$open += $entry->is_swish_running() ? 1 : 0;
			}
		}
		return $open;
	}

	/**
	 * Orders where WooCommerce's record differs from Ecster's (debited, credited, annulled).
	 *
	 * @param list<int> $ids Orders.
	 * @return list<string>
	 */
	private function mismatches( array $ids ): array {
		$out = array();
		foreach ( $ids as $id ) {
			$order  = $this->fresh( $id );
			$record = $this->plugin()->order_manager()->record( $order );
			$ecster = EcsterOrder::from_array( $this->sandbox()->order( $record->reference() ) );
			foreach ( Comparison::differences( $record, $ecster ) as $difference ) {
				$out[] = sprintf( 'order %d %s: WooCommerce %s, Ecster %s', $id, $difference['field'], $difference['woocommerce'], $difference['ecster'] );
			}
		}
		return $out;
	}

	/**
	 * Money that moved twice: more than one DEBIT or ANNUL, or two credits of one reference.
	 *
	 * @param list<int> $ids Orders.
	 * @return list<string>
	 */
	private function duplicates( array $ids ): array {
		$out = array();
		foreach ( $ids as $id ) {
			$order  = $this->fresh( $id );
			$ecster = $this->sandbox()->order( (string) $order->get_meta( '_wc_ecster_internal_reference' ) );
			$count  = array();
			$refs   = array();
			foreach ( $ecster['transactions'] as $transaction ) {
				$count[ $transaction['type'] ] = ( $count[ $transaction['type'] ] ?? 0 ) + 1;
				if ( 'CREDIT' === $transaction['type'] ) {
					$ref          = (string) ( $transaction['transactionReference'] ?? '' );
					$refs[ $ref ] = ( $refs[ $ref ] ?? 0 ) + 1;
				}
			}
			if ( ( $count['DEBIT'] ?? 0 ) > 1 ) {
				$out[] = "order {$id}: {$count['DEBIT']} debits";
			}
			if ( ( $count['ANNUL'] ?? 0 ) > 1 ) {
				$out[] = "order {$id}: {$count['ANNUL']} annuls";
			}
			foreach ( $refs as $ref => $n ) {
				if ( $n > 1 ) {
					$out[] = "order {$id}: {$n} credits with the reference {$ref}";
				}
			}
			$credits = array_filter( $this->plugin()->order_manager()->journal()->for_order( $id, 1000 ), static fn( JournalEntry $e ): bool => JournalEntry::CONFIRMED === $e->state && in_array( $e->operation, array( JournalEntry::CREDIT, JournalEntry::SWISH_REFUND ), true ) );
			$by_refund = array();
			foreach ( $credits as $entry ) {
				if ( $entry->refund_id > 0 ) {
					$by_refund[ $entry->refund_id ] = ( $by_refund[ $entry->refund_id ] ?? 0 ) + 1;
				}
			}
			foreach ( $by_refund as $refund_id => $n ) {
				if ( $n > 1 ) {
					$out[] = "order {$id}: refund #{$refund_id} credited {$n} times";
				}
			}
		}
		return $out;
	}
}
