<?php
/**
 * The Ecster Pay checkout plugin's filters, left in merchants' themes, keep doing their job:
 * ecster_failed_capture_status, ecster_request_timeout, ecster_request_args.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

use EcsterOM\Api\Client;

final class LegacyFiltersTest extends OrdersTestCase {

	/** @var list<array{0: string, 1: string}> Deprecated hooks that ran: hook, replacement. */
	private array $deprecated = array();

	/** @var list<array{0: string, 1: string}> Log lines of our source: level, message. */
	private array $log = array();

	protected function setUp(): void {
		parent::setUp();
		$this->deprecated = array();
		$this->log        = array();
		$this->add_test_filter(
			'deprecated_hook_run',
			function ( $hook, $replacement ): void {
				$this->deprecated[] = array( (string) $hook, (string) $replacement );
			},
			10,
			2
		);
		// The notice is counted above; PHP's own deprecation message stays out of debug.log.
		$this->add_test_filter( 'deprecated_hook_trigger_error', '__return_false' );
		// Applied once per log handler: the lines of the first handler are counted.
		$first = null;
		$this->add_test_filter(
			'woocommerce_logger_log_message',
			function ( $message, $level, $context, $handler ) use ( &$first ) {
				$first ??= is_object( $handler ) ? get_class( $handler ) : '';
				if ( 'ecster-order-management' === ( $context['source'] ?? '' ) && ( is_object( $handler ) ? get_class( $handler ) : '' ) === $first ) {
					$this->log[] = array( (string) $level, (string) $message );
				}
				return $message;
			},
			10,
			4
		);
	}

	// ----------------------------------------------------------------------------- failed capture status

	public function test_failed_capture_status_processing_keeps_a_failed_debit_in_processing(): void {
		$seen = array();
		$this->add_test_filter(
			'ecster_failed_capture_status',
			static function ( $status, $order_id ) use ( &$seen ) {
				$seen[] = array( $status, $order_id );
				return 'wc-processing';
			},
			10,
			2
		);
		// Ecster reserved less than the total: the debit is refused before anything is sent.
		$order = $this->create_managed_order( array( 'reserved' => 10000 ) );
		$order->update_status( 'completed' );

		$order = $this->reload( $order );
		$this->assertSame( 'processing', $order->get_status(), 'The filter wins over the setting (on-hold).' );
		$this->assertSame( array( array( 'on-hold', $order->get_id() ) ), $seen );
		$this->assertContains( array( 'ecster_failed_capture_status', 'the Ecster Pay setting "Order status after a failed debit" (failed_debit_status)' ), $this->deprecated );
		$this->assertSame( array(), $this->sandbox()->transaction_requests() );
	}

	public function test_failed_capture_status_other_than_on_hold_or_processing_is_logged_and_ignored(): void {
		$this->enable_management( array( 'failed_debit_status' => 'processing' ) );
		$this->add_test_filter( 'ecster_failed_capture_status', static fn() => 'completed' );
		$order = $this->create_managed_order( array( 'reserved' => 10000 ) );
		$order->update_status( 'on-hold' );
		$this->reload( $order )->update_status( 'completed' );

		$order = $this->reload( $order );
		$this->assertSame( 'processing', $order->get_status(), 'The setting applies; "completed" would break "Completed means debited".' );
		$lines = array_filter( $this->log, static fn( array $l ): bool => str_contains( $l[1], 'ecster_failed_capture_status' ) );
		$this->assertCount( 1, $lines );
		$line = array_values( $lines )[0];
		$this->assertSame( 'error', $line[0], 'Written even with logging off.' );
		$this->assertStringContainsString( '"completed" for order ' . $order->get_id(), $line[1] );
		$this->assertStringContainsString( 'ignored', $line[1] );
		$this->assertStringContainsString( 'goes to processing', $line[1] );
		$this->assertSame( 'processing', $this->plugin()->settings()->failed_debit_status( $order->get_id() ) );
	}

	public function test_without_the_old_filter_nothing_is_deprecated(): void {
		$this->assertSame( 'on-hold', $this->plugin()->settings()->failed_debit_status( 1 ) );
		$this->assertSame( Client::DEFAULT_TIMEOUT, ( new Client( $this->plugin()->settings() ) )->timeout() );
		$this->assertSame( array(), $this->deprecated );
	}

	// ----------------------------------------------------------------------------- request timeout

	public function test_request_timeout_of_the_old_plugin_sets_the_timeout_within_our_bounds(): void {
		$client = new Client( $this->plugin()->settings() );
		$this->add_test_filter( 'ecster_request_timeout', static fn() => 3 );
		$this->assertSame( 3.0, $client->timeout( 'POST', 'v1/orders/x/transactions' ) );

		// Our own filter sees it as the default and has the last word.
		$given = null;
		$this->add_test_filter(
			'ecster_om_request_timeout',
			static function ( $seconds ) use ( &$given ) {
				$given = $seconds;
				return 4.5;
			}
		);
		$this->assertSame( 4.5, $client->timeout() );
		$this->assertSame( 3.0, $given );
		remove_all_filters( 'ecster_om_request_timeout' );

		remove_all_filters( 'ecster_request_timeout' );
		$this->add_test_filter( 'ecster_request_timeout', static fn() => 900 );
		$this->assertSame( Client::MAX_TIMEOUT, $client->timeout(), 'Capped at 120 s.' );
		remove_all_filters( 'ecster_request_timeout' );
		$this->add_test_filter( 'ecster_request_timeout', static fn() => 'soon' );
		$this->assertSame( Client::DEFAULT_TIMEOUT, $client->timeout(), 'Nonsense gives the default.' );
		remove_all_filters( 'ecster_request_timeout' );
		$this->add_test_filter( 'ecster_request_timeout', static fn() => 0 );
		$this->assertSame( Client::DEFAULT_TIMEOUT, $client->timeout() );
		$this->assertSame( array(), $this->deprecated, 'Same meaning: honoured without a notice.' );
	}

	public function test_request_timeout_of_the_old_plugin_reaches_the_http_request(): void {
		$this->add_test_filter( 'ecster_request_timeout', static fn() => 7 );
		$timeouts = array();
		$this->add_test_filter(
			'http_request_args',
			static function ( $args, $url ) use ( &$timeouts ) {
				if ( str_contains( (string) $url, '/rest/public/' ) ) {
					$timeouts[] = $args['timeout'];
				}
				return $args;
			},
			10,
			2
		);
		$order = $this->create_managed_order();
		$order->update_status( 'completed' );
		$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		$this->assertNotEmpty( $timeouts );
		$this->assertSame( array( 7.0 ), array_values( array_unique( $timeouts ) ) );
	}

	// ----------------------------------------------------------------------------- request args (body)

	public function test_request_args_of_the_old_plugin_filters_the_body_but_never_the_money(): void {
		$this->enable_management( array( 'logging' => 'yes' ) );
		$bodies = array();
		$this->add_test_filter(
			'ecster_request_args',
			static function ( $body ) use ( &$bodies ) {
				$bodies[] = $body;
				// What merchants' theme code did with the checkout plugin's request bodies…
				$body['message'] = 'Tack för din beställning!';
				foreach ( $body['rows'] ?? array() as $i => $row ) {
					$body['rows'][ $i ]['name'] = 'Art. ' . $row['name'];
				}
				// …and what it never may do here.
				$body['amount'] = 1;
				$body['type']   = 'CREDIT';
				return $body;
			}
		);
		$order = $this->create_managed_order();
		$total = $this->total_minor( $order );
		$order->update_status( 'completed' );

		$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		$debits = $this->sandbox()->transaction_requests( 'DEBIT' );
		$this->assertCount( 1, $debits );
		$sent = $debits[0]['body'];
		$this->assertSame( $total, $sent['amount'] );
		$this->assertSame( 'DEBIT', $sent['type'] );
		$this->assertSame( 'Tack för din beställning!', $sent['message'] );
		$this->assertSame( 'Art. Kaffebryggare', $sent['rows'][0]['name'] );
		$this->assertSame( (string) $order->get_id(), $sent['transactionReference'] );
		$this->assertCount( 1, $bodies );
		$this->assertSame( 'DEBIT', $bodies[0]['type'] );
		$this->assertContains( array( 'ecster_request_args', 'ecster_om_transaction_body' ), $this->deprecated );

		$warnings = array_filter( $this->log, static fn( array $l ): bool => str_contains( $l[1], 'ecster_request_args' ) );
		$this->assertCount( 1, $warnings );
		$this->assertStringContainsString( 'changed type, amount', array_values( $warnings )[0][1] );
		foreach ( $this->log as $line ) {
			$this->assertStringNotContainsString( self::API_KEY, $line[1] );
		}
	}

	public function test_request_args_of_the_old_plugin_reaches_credits_and_swish_refunds(): void {
		$this->add_test_filter(
			'ecster_request_args',
			static function ( $body ) {
				$body['message'] = 'Återbetalning från Kafferosteriet';
				return $body;
			}
		);
		$order = $this->create_managed_order();
		$order->update_status( 'completed' );
		$refund = wc_create_refund(
			array(
				'amount'         => '100.00',
				'order_id'       => $order->get_id(),
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund, is_wp_error( $refund ) ? $refund->get_error_message() : '' );
		$credit = $this->sandbox()->transaction_requests( 'CREDIT' );
		$this->assertCount( 1, $credit );
		$this->assertSame( 'Återbetalning från Kafferosteriet', $credit[0]['body']['message'] );
		$this->assertSame( 10000, $credit[0]['body']['amount'] );

		$swish  = $this->create_managed_order( array( 'method' => 'SWISH' ) );
		$refund = wc_create_refund(
			array(
				'amount'         => '50.00',
				'order_id'       => $swish->get_id(),
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund, is_wp_error( $refund ) ? $refund->get_error_message() : '' );
		$posts = array_values( array_filter( $this->ecster_requests(), static fn( $r ) => 'POST' === $r['method'] && str_ends_with( (string) $r['path'], '/refunds' ) ) );
		$this->assertCount( 1, $posts );
		$this->assertSame( 'Återbetalning från Kafferosteriet', $posts[0]['body']['message'] );
		$this->assertSame( 5000, $posts[0]['body']['amount'] );
	}
}
