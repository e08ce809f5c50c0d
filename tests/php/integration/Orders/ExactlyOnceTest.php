<?php
/**
 * Money moves exactly once, even when Ecster's answer is lost, a process dies or requests race:
 * one test per defect found in the review of the first order core (issue #11). Each of them failed
 * on that core; they use only what a merchant or another plugin sees (order status, notes, hooks,
 * emails, refunds, Ecster's records), never the journal's internals.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

/**
 * A process that dies right after Ecster's answer arrived (an Error, so WooCommerce's own
 * `catch ( Exception )` in wc_create_refund() cannot tidy up after it, as with a real death).
 */
final class SimulatedDeath extends \Error {
}

final class ExactlyOnceTest extends OrdersTestCase {

	/** @var list<array{to: string, subject: string}> Mails WordPress was asked to send. */
	private array $mails = array();

	protected function setUp(): void {
		parent::setUp();
		$this->mails = array();
		$this->add_test_filter(
			'pre_wp_mail',
			function ( $short_circuit, $atts ) {
				$this->mails[] = array(
					'to'      => is_array( $atts['to'] ) ? implode( ',', $atts['to'] ) : (string) $atts['to'],
					'subject' => (string) $atts['subject'],
				);
				return true;
			},
			10,
			2
		);
	}

	protected function tearDown(): void {
		$this->sandbox()->reset_config();
		parent::tearDown();
	}

	// 1 ----------------------------------------------------------------------------------------

	public function test_a_swish_refund_whose_answer_was_lost_is_never_sent_twice_even_when_ecsters_status_check_fails(): void {
		$order = $this->create_managed_order( array( 'method' => 'SWISH' ) );
		$this->sandbox()->config( array( 'swishRefundDelayMs' => 600000 ) );
		$this->sandbox()->add_fault(
			array(
				'match'    => array(
					'method' => 'POST',
					'path'   => '/refunds',
				),
				'response' => array( 'delayMs' => 2500 ),
			)
		);
		$short = static fn(): int => 1;
		add_filter( 'ecster_om_request_timeout', $short );
		try {
			$lost = wc_create_refund( $this->refund_args( $order, '100.00' ) );
		} finally {
			remove_filter( 'ecster_om_request_timeout', $short );
		}
		$this->assertInstanceOf( \WP_Error::class, $lost, 'The refund whose answer was lost is not recorded as done.' );

		// The merchant tries again while Ecster's status check fails.
		$this->sandbox()->add_fault(
			array(
				'match'    => array(
					'method' => 'GET',
					'path'   => '/refunds/latest',
				),
				'times'    => 10,
				'response' => array( 'status' => 500 ),
			)
		);
		$retry = wc_create_refund( $this->refund_args( $order, '100.00' ) );

		$posts = array_filter( $this->ecster_requests(), static fn( array $r ): bool => 'POST' === $r['method'] && str_ends_with( (string) $r['path'], '/refunds' ) );
		$this->assertCount( 1, $posts, 'Exactly one Swish refund request reached Ecster.' );
		$this->assertInstanceOf( \WP_Error::class, $retry, 'Nothing new is sent while the first refund\'s outcome is unknown.' );
		$this->assertStringContainsString( 'still unknown', $retry->get_error_message() );
	}

	// 2 ----------------------------------------------------------------------------------------

	public function test_a_credit_whose_answer_was_lost_is_never_forgotten_and_ecster_and_woocommerce_end_up_agreeing(): void {
		$order = $this->debited_order();
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'CREDIT' ),
				'response' => array( 'delayMs' => 2500 ),
			)
		);
		$short = static fn(): int => 1;
		add_filter( 'ecster_om_request_timeout', $short );
		try {
			$this->assertInstanceOf( \WP_Error::class, wc_create_refund( $this->refund_args( $order, '100.00' ) ) );
		} finally {
			remove_filter( 'ecster_om_request_timeout', $short );
		}
		// Ecster carried the credit out although its answer came too late.
		$this->assertSame( 10000, $this->ecster_order( $order )['creditedAmount'] );

		// A refund of another amount is refused, the one after it goes through.
		$this->assertInstanceOf( \WP_Error::class, wc_create_refund( $this->refund_args( $order, '50.00' ) ) );
		$this->run_background_checks( $order );
		$second = wc_create_refund( $this->refund_args( $order, '50.00' ) );
		$this->assertInstanceOf( \WC_Order_Refund::class, $second, is_wp_error( $second ) ? $second->get_error_message() : '' );

		$fresh = $this->reload( $order );
		$this->assertSame( 15000, $this->ecster_order( $fresh )['creditedAmount'] );
		$this->assertSame( 15000, $this->credited_in_woocommerce( $fresh ), 'WooCommerce records every credit Ecster made, and only those.' );
		$this->assertCount( 2, $this->stored( $fresh, 'CREDIT' ) );
	}

	// 3 ----------------------------------------------------------------------------------------

	public function test_a_refund_left_by_a_process_that_died_after_ecster_credited_it_is_recorded_and_not_offered_for_a_second_credit(): void {
		$order = $this->debited_order();
		$this->die_after_answer( 'CREDIT' );
		try {
			wc_create_refund( $this->refund_args( $order, '100.00' ) );
			$this->fail( 'The simulated death did not happen.' );
		} catch ( SimulatedDeath $death ) {
			unset( $death );
		}
		$this->stop_dying();
		$this->assertCount( 1, $this->reload( $order )->get_refunds(), 'WooCommerce saved the refund before the process died.' );

		$this->as_user( 'administrator' );
		$state = $this->rest( 'GET', '/ecster-om/v1/orders/' . $order->get_id() )->get_data();
		$codes = array_column( $state['warnings'], 'code' );
		$this->assertNotContains( 'refund_not_credited', $codes, 'The panel must not invite a second credit.' );

		$this->run_background_checks( $order );
		$fresh  = $this->reload( $order );
		$refund = $fresh->get_refunds()[0];
		$this->assertSame( $this->stored( $fresh, 'CREDIT' )[0]['id'], (string) $fresh->get_meta( '_ecster_refund_id_' . $refund->get_id() ) );
		$this->assertSame( 10000, $this->credited_in_woocommerce( $fresh ) );
		$state = $this->rest( 'GET', '/ecster-om/v1/orders/' . $order->get_id() )->get_data();
		$this->assertTrue( $state['refunds'][0]['creditedInEcster'] );
		$this->assertCount( 1, $this->stored( $fresh, 'CREDIT' ) );
	}

	// 4 ----------------------------------------------------------------------------------------

	public function test_completing_an_order_another_request_is_processing_leaves_it_out_of_completed_without_completed_hooks_or_email(): void {
		$order     = $this->create_managed_order();
		$completed = $this->count_completed_hooks( $order );
		$this->add_test_filter( 'ecster_om_lock_wait_seconds', static fn(): float => 0.3, 20 );
		$other = new \EcsterOM\Orders\OrderLock();
		$this->assertTrue( $other->acquire( $order->get_id() ), 'Another process holds the order.' );
		try {
			$order->update_status( 'completed' );
		} finally {
			$other->release( $order->get_id() );
		}

		$fresh = $this->reload( $order );
		$this->assertSame( 'processing', $fresh->get_status() );
		$this->assertSame( 0, $completed(), 'No completed hook fired.' );
		$this->assertSame( array(), $this->completed_mails() );
		$this->assertSame( array(), $this->sandbox()->transaction_requests( 'DEBIT' ) );

		$fresh->update_status( 'completed' );
		$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );
		$this->assertCount( 1, $this->completed_mails() );
	}

	// 5 ----------------------------------------------------------------------------------------

	public function test_other_plugins_never_see_completed_when_the_debit_fails(): void {
		$order     = $this->create_managed_order();
		$completed = $this->count_completed_hooks( $order );
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'DEBIT' ),
				'times'    => 2,
				'response' => array( 'ecsterCode' => 4100 ),
			)
		);
		$order->update_status( 'completed' );
		$this->assertSame( 'on-hold', $this->reload( $order )->get_status() );

		// The same through WooCommerce's own REST API.
		$this->as_user( 'administrator' );
		$other    = $this->create_managed_order();
		$response = $this->rest( 'PUT', '/wc/v3/orders/' . $other->get_id(), array( 'status' => 'completed' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'on-hold', $this->reload( $other )->get_status() );

		$this->assertSame( 0, $completed(), 'No completed, processing_to_completed or status_changed(completed) hook fired.' );
		$this->assertSame( array(), $this->completed_mails() );
	}

	// 6 ----------------------------------------------------------------------------------------

	public function test_a_refund_another_plugin_starts_while_an_annul_runs_is_never_recorded_without_an_ecster_credit(): void {
		$order   = $this->create_managed_order();
		$refunds = array();
		$this->add_test_filter(
			'woocommerce_order_status_cancelled',
			static function ( $order_id ) use ( &$refunds ): void {
				$refunds[] = wc_create_refund(
					array(
						'amount'         => '10.00',
						'order_id'       => (int) $order_id,
						'refund_payment' => true,
					)
				);
			},
			20
		);
		$this->as_user( 'administrator' );
		$response = $this->rest( 'POST', '/ecster-om/v1/orders/' . $order->get_id() . '/annul' );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );

		$this->assertCount( 1, $refunds, 'The other plugin asked for a refund.' );
		$this->assertInstanceOf( \WP_Error::class, $refunds[0], 'The refund was not credited in Ecster, so it must fail.' );
		$this->assertSame( array(), $this->reload( $order )->get_refunds(), 'WooCommerce keeps no refund Ecster did not credit.' );
		$this->assertSame( array(), $this->sandbox()->transaction_requests( 'CREDIT' ) );
	}

	public function test_a_second_ecster_operation_started_inside_a_running_one_fails_with_a_clear_error(): void {
		$order  = $this->debited_order();
		$nested = null;
		$this->add_test_filter(
			'ecster_om_after_ecster_answer',
			static function ( $running ) use ( &$nested ): void {
				if ( null === $nested && $running instanceof \WC_Order ) {
					$nested = wc_create_refund(
						array(
							'amount'         => '10.00',
							'order_id'       => $running->get_id(),
							'refund_payment' => true,
						)
					);
				}
			}
		);
		$first = wc_create_refund( $this->refund_args( $order, '100.00' ) );
		$this->assertInstanceOf( \WC_Order_Refund::class, $first );
		$this->assertInstanceOf( \WP_Error::class, $nested );
		$this->assertStringContainsString( 'another Ecster operation on this order is running', $nested->get_error_message() );
		$fresh = $this->reload( $order );
		$this->assertCount( 1, $fresh->get_refunds() );
		$this->assertCount( 1, $this->stored( $fresh, 'CREDIT' ) );
	}

	// 7 ----------------------------------------------------------------------------------------

	public function test_two_refunds_of_the_same_amount_at_once_are_each_credited_on_their_own_refund(): void {
		$order = $this->debited_order();
		$other = null;
		$this->add_test_filter(
			'woocommerce_after_order_refund_object_save',
			static function ( $refund ) use ( &$other, $order ): void {
				if ( null !== $other || ! $refund instanceof \WC_Order_Refund ) {
					return;
				}
				// Another request saves its refund of the same amount between WooCommerce saving
				// ours and calling the gateway.
				$other = new \WC_Order_Refund();
				$other->set_parent_id( $order->get_id() );
				$other->set_amount( '100.00' );
				$other->set_currency( 'SEK' );
				$other->save();
			}
		);
		$ours = wc_create_refund( $this->refund_args( $order, '100.00' ) );
		$this->assertInstanceOf( \WC_Order_Refund::class, $ours, is_wp_error( $ours ) ? $ours->get_error_message() : '' );
		$this->assertInstanceOf( \WC_Order_Refund::class, $other );

		$fresh = $this->reload( $order );
		$this->assertNotSame( '', (string) $fresh->get_meta( '_ecster_refund_id_' . $ours->get_id() ), 'Our refund is the one credited.' );
		$this->assertSame( '', (string) $fresh->get_meta( '_ecster_refund_id_' . $other->get_id() ), 'The other request\'s refund is not marked credited.' );
		$this->assertSame( (string) $ours->get_id(), $this->stored( $fresh, 'CREDIT' )[0]['transactionReference'] );
	}

	// 8 ----------------------------------------------------------------------------------------

	public function test_the_order_lock_outlives_each_request_it_guards(): void {
		global $wpdb;
		$order = $this->create_managed_order();
		$this->add_test_filter( 'ecster_om_request_timeout', static fn(): int => 120 );
		// Ecster is slow to show the order: the lock's first minutes go by before the debit.
		$this->sandbox()->add_fault(
			array(
				'match'    => array(
					'method' => 'GET',
					'path'   => '/v1/orders/',
				),
				'response' => array( 'delayMs' => 2200 ),
			)
		);
		$margins = array();
		$this->add_test_filter(
			'pre_http_request',
			static function ( $pre, $args, $url ) use ( &$margins, $wpdb, $order ) {
				if ( str_contains( (string) $url, '/transactions' ) ) {
					$value     = (string) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", 'ecster_om_lock_' . $order->get_id() ) );
					$margins[] = (int) strtok( $value, '|' ) - time();
				}
				return $pre;
			},
			10,
			3
		);
		$this->as_user( 'administrator' );
		$this->assertSame( 200, $this->rest( 'POST', '/ecster-om/v1/orders/' . $order->get_id() . '/debit' )->get_status() );
		$this->assertCount( 1, $margins );
		$this->assertGreaterThanOrEqual( 120, $margins[0], 'When the debit leaves, the lock lives at least as long as the request may take.' );
	}

	// 9 ----------------------------------------------------------------------------------------

	public function test_a_debit_whose_answer_was_lost_completes_the_order_and_emails_the_customer_on_its_own(): void {
		$order = $this->create_managed_order();
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'DEBIT' ),
				'response' => array( 'delayMs' => 2500 ),
			)
		);
		$short = static fn(): int => 1;
		add_filter( 'ecster_om_request_timeout', $short );
		try {
			$order->update_status( 'completed' );
		} finally {
			remove_filter( 'ecster_om_request_timeout', $short );
		}
		$this->assertSame( 'on-hold', $this->reload( $order )->get_status() );
		$this->assertSame( array(), $this->completed_mails() );

		$this->run_background_checks( $order );

		$fresh = $this->reload( $order );
		$this->assertSame( 'completed', $fresh->get_status() );
		$this->assert_note_contains( $fresh, 'found by checking Ecster' );
		$this->assertCount( 1, $this->completed_mails(), 'The customer gets the completed email once the debit is confirmed.' );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ), 'Nothing was debited twice.' );
		$this->assertSame( $this->stored( $fresh, 'DEBIT' )[0]['id'], (string) $fresh->get_meta( '_ecster_order_captured_id' ) );
	}

	// ------------------------------------------------------------------------------------------

	private function debited_order(): \WC_Order {
		$order = $this->create_managed_order();
		$order->update_status( 'completed' );
		$fresh = $this->reload( $order );
		$this->assertSame( 'completed', $fresh->get_status() );
		$this->mails = array();
		return $fresh;
	}

	/**
	 * @return array<string, mixed>
	 */
	private function refund_args( \WC_Order $order, string $amount ): array {
		return array(
			'amount'         => $amount,
			'order_id'       => $order->get_id(),
			'refund_payment' => true,
		);
	}

	/**
	 * Runs the order's scheduled background checks the way Action Scheduler does: the order's own
	 * check when one is scheduled, else the sweep that finds what no process followed up.
	 */
	private function run_background_checks( \WC_Order $order ): void {
		$ids = as_get_scheduled_actions(
			array(
				'hook'     => 'ecster_om_reconcile_order',
				'args'     => array( 'order_id' => $order->get_id() ),
				'status'   => \ActionScheduler_Store::STATUS_PENDING,
				'per_page' => 10,
			),
			'ids'
		);
		if ( array() === $ids ) {
			$ids = as_get_scheduled_actions(
				array(
					'hook'     => 'ecster_om_reconcile_due',
					'status'   => \ActionScheduler_Store::STATUS_PENDING,
					'per_page' => 1,
				),
				'ids'
			);
		}
		$this->assertNotEmpty( $ids, 'A background check of the order is scheduled.' );
		foreach ( $ids as $id ) {
			\ActionScheduler_QueueRunner::instance()->process_action( (int) $id, 'ecster-om-tests' );
		}
	}

	/**
	 * Sum of the order's refunds that are recorded as credited in Ecster (minor units).
	 */
	private function credited_in_woocommerce( \WC_Order $order ): int {
		$sum = 0;
		foreach ( $order->get_refunds() as $refund ) {
			if ( '' !== (string) $order->get_meta( '_ecster_refund_id_' . $refund->get_id() ) ) {
				$sum += (int) round( (float) $refund->get_amount() * 100 );
			}
		}
		return $sum;
	}

	/**
	 * Counts the "order is completed" hooks other plugins listen to, for one order.
	 *
	 * @return callable(): int
	 */
	private function count_completed_hooks( \WC_Order $order ): callable {
		$count = 0;
		$id    = $order->get_id();
		$this->add_test_filter(
			'woocommerce_order_status_completed',
			static function ( $order_id ) use ( &$count, $id ): void {
				$count += (int) $id === (int) $order_id ? 1 : 0;
			},
			99
		);
		$this->add_test_filter(
			'woocommerce_order_status_processing_to_completed',
			static function ( $order_id ) use ( &$count, $id ): void {
				$count += (int) $id === (int) $order_id ? 1 : 0;
			},
			99
		);
		$this->add_test_filter(
			'woocommerce_order_status_changed',
			static function ( $order_id, $from, $to ) use ( &$count, $id ): void {
				$count += ( (int) $id === (int) $order_id && 'completed' === $to ) ? 1 : 0;
			},
			99,
			3
		);
		return static function () use ( &$count ): int {
			return $count;
		};
	}

	/**
	 * @return list<array{to: string, subject: string}>
	 */
	private function completed_mails(): array {
		return array_values( array_filter( $this->mails, static fn( array $m ): bool => str_contains( strtolower( $m['subject'] ), 'complete' ) ) );
	}

	private function die_after_answer( string $type ): void {
		$this->add_test_filter(
			'http_api_debug',
			static function ( $response, $context, $class, $args, $url ) use ( $type ): void {
				$body = is_string( $args['body'] ?? null ) ? json_decode( $args['body'], true ) : null;
				if ( str_contains( (string) $url, '/transactions' ) && is_array( $body ) && $type === ( $body['type'] ?? '' ) && ! is_wp_error( $response ) ) {
					throw new SimulatedDeath( 'The process died right after Ecster answered.' );
				}
			},
			10,
			5
		);
	}

	private function stop_dying(): void {
		remove_all_filters( 'http_api_debug' );
	}
}
