<?php
/**
 * Client against the Ecster sandbox over real HTTP: happy paths of every call and every fault
 * the sandbox can inject.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Api;

use EcsterOM\Api\ApiException;
use EcsterOM\Api\Order;
use EcsterOM\Api\SwishRefund;
use EcsterOM\Tests\Unit\Support\Sandbox;
use EcsterOM\Tests\Unit\Support\SandboxTestCase;

final class ClientSandboxTest extends SandboxTestCase {

	/**
	 * @param array<string, mixed> $spec Order spec for POST /sandbox/orders.
	 */
	private function new_order( array $spec = array() ): string {
		return (string) $this->sandbox->create_order( array_merge( array( 'amount' => 32900 ), $spec ) )['id'];
	}

	// ---- happy paths ------------------------------------------------------------------------

	public function test_an_order_created_in_the_sandbox_is_read_as_a_typed_order(): void {
		$id    = $this->new_order( array( 'amount' => 49900, 'orderReference' => '1001', 'method' => 'INVOICE' ) );
		$order = $this->client()->get_order( $id );
		$this->assertInstanceOf( Order::class, $order );
		$this->assertSame( $id, $order->id );
		$this->assertSame( Order::STATUS_READY, $order->status );
		$this->assertSame( 49900, $order->amount );
		$this->assertSame( 'SEK', $order->currency );
		$this->assertSame( 0, $order->debited_amount );
		$this->assertSame( 'INVOICE', $order->method );
		$this->assertSame( '1001', $order->order_reference );
		$this->assertCount( 1, $order->transactions_of_type( 'ORIGINAL' ) );
		$this->assertSame( array( 'GET /rest/public/v1/orders/' . $id ), $this->received() );
	}

	public function test_debit_of_the_whole_order_fully_delivers_it(): void {
		$id     = $this->new_order();
		$result = $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) );
		$this->assertSame( Order::STATUS_FULLY_DELIVERED, $result->order_status );
		$this->assertSame( 'DEBIT', $result->transaction->type );
		$this->assertSame( 32900, $result->transaction->amount );
		$this->assertNotSame( '', $result->transaction->id );
		$order = $this->client()->get_order( $id );
		$this->assertSame( 32900, $order->debited_amount );
		$this->assertSame( $result->transaction->id, $order->transactions_of_type( 'DEBIT' )[0]->id );
	}

	public function test_a_partial_debit_leaves_the_order_partially_delivered(): void {
		$id     = $this->new_order();
		$result = $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 10000 ) );
		$this->assertSame( Order::STATUS_PARTIALLY_DELIVERED, $result->order_status );
		$this->assertSame( 10000, $this->client()->get_order( $id )->debited_amount );
	}

	public function test_annul_of_a_reserved_order_annuls_it(): void {
		$id     = $this->new_order();
		$result = $this->client()->create_transaction( $id, array( 'type' => 'ANNUL' ) );
		$this->assertSame( Order::STATUS_ANNULLED, $result->order_status );
		$this->assertSame( 'ANNUL', $result->transaction->type );
		$this->assertSame( Order::STATUS_ANNULLED, $this->client()->get_order( $id )->status );
	}

	public function test_credit_after_debit_returns_the_credit_invoice_and_echoes_the_reference(): void {
		$id     = $this->new_order();
		$debit  = $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) );
		$credit = $this->client()->create_transaction(
			$id,
			array(
				'type'                 => 'CREDIT',
				'amount'               => 5000,
				'debitTransaction'     => $debit->transaction->id,
				'transactionReference' => '77',
			)
		);
		$this->assertSame( 'CREDIT', $credit->transaction->type );
		$this->assertSame( 5000, $credit->transaction->amount );
		$this->assertSame( '77', $credit->transaction->transaction_reference );
		$this->assertMatchesRegularExpression( '#^https?://#', $credit->transaction->bill_pdf_url );
		$this->assertSame( Order::STATUS_FULLY_DELIVERED, $credit->order_status, 'A credit does not change the status.' );
		$this->assertSame( 5000, $this->client()->get_order( $id )->credited_amount );
	}

	public function test_the_order_reference_update_is_stored_by_ecster(): void {
		$id = $this->new_order();
		$this->client()->update_order_reference( $id, 'WC-10042' );
		$this->assertSame( 'WC-10042', $this->client()->get_order( $id )->order_reference );
		$this->assertSame( array( 'orderReference' => 'WC-10042' ), $this->sandbox->requests()[0]['body'] );
	}

	public function test_search_finds_an_order_by_its_reference(): void {
		$id = $this->new_order( array( 'orderReference' => 'find-me' ) );
		$this->new_order( array( 'orderReference' => 'other' ) );
		$found = $this->client()->search_orders( array( 'orderReference' => 'find-me' ) );
		$this->assertSame( array( $id ), array_map( static fn( Order $o ): string => $o->id, $found ) );
	}

	public function test_check_connection_succeeds_with_valid_keys_and_only_searches(): void {
		$this->new_order( array( 'orderReference' => '1' ) );
		$this->client()->check_connection();
		$received = $this->received();
		$this->assertCount( 1, $received );
		$this->assertMatchesRegularExpression( '#^GET /rest/public/v1/orders/\?orderReference=ecster-om-connection-check-[0-9a-f]{8}$#', $received[0] );
	}

	public function test_a_swish_refund_is_ongoing_first_and_then_succeeds(): void {
		$id    = $this->new_order( array( 'method' => 'SWISH', 'amount' => 20000 ) );
		$order = $this->client()->get_order( $id );
		$this->assertTrue( $order->is_swish() );
		$debit = $order->transactions_of_type( 'DEBIT' );
		$this->assertCount( 1, $debit, 'A Swish order is debited at purchase.' );
		$this->assertNull( $this->client()->get_latest_swish_refund( $id ), 'No refund yet: Ecster answers 404.' );

		$refund = $this->client()->create_swish_refund( $id, 5000, $debit[0]->id, 'Broken mug' );
		$this->assertInstanceOf( SwishRefund::class, $refund );
		$this->assertSame( SwishRefund::ONGOING, $refund->status );
		$this->assertTrue( $refund->is_running() );
		$this->assertNotSame( '', $refund->id, 'The sandbox, like Ecster\'s order views, returns the refund\'s id.' );
		$this->assertSame( 5000, $refund->amount );
		$this->assertSame(
			array(
				'amount'           => 5000,
				'debitTransaction' => $debit[0]->id,
				'message'          => 'Broken mug',
			),
			$this->sandbox->requests()[2]['body']
		);

		$latest   = $this->client()->get_latest_swish_refund( $id );
		$deadline = microtime( true ) + 5.0;
		while ( null !== $latest && $latest->is_running() && microtime( true ) < $deadline ) {
			usleep( 100000 );
			$latest = $this->client()->get_latest_swish_refund( $id );
		}
		$this->assertNotNull( $latest );
		$this->assertSame( SwishRefund::SUCCESS, $latest->status );
		$this->assertTrue( $latest->is_success() );
		$this->assertSame( $refund->id, $latest->id, 'The latest refund is the one just made.' );
		$this->assertSame( 5000, $latest->amount );
	}

	public function test_the_latest_swish_refund_is_the_newest_one(): void {
		$id    = $this->new_order( array( 'method' => 'SWISH', 'amount' => 20000 ) );
		$debit = $this->client()->get_order( $id )->transactions_of_type( 'DEBIT' )[0]->id;
		$first = $this->client()->create_swish_refund( $id, 1000, $debit, 'first' );
		$last  = $this->client()->create_swish_refund( $id, 2500, $debit, 'second' );
		$this->assertNotSame( $first->id, $last->id );
		$latest = $this->client()->get_latest_swish_refund( $id );
		$this->assertNotNull( $latest );
		$this->assertSame( array( $last->id, 2500 ), array( $latest->id, $latest->amount ) );
	}

	public function test_a_swish_refund_above_the_paid_amount_is_refused_with_ecsters_answer(): void {
		$id    = $this->new_order( array( 'method' => 'SWISH', 'amount' => 20000 ) );
		$debit = $this->client()->get_order( $id )->transactions_of_type( 'DEBIT' )[0]->id;
		$e     = $this->failure( fn() => $this->client()->create_swish_refund( $id, 20001, $debit, '' ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 400, $e->get_http_status() );
		$this->assertNotNull( $e->get_ecster_code() );
		$this->assertStringContainsString( '20001', $e->get_ecster_message() );
	}

	// ---- Ecster's refusals ------------------------------------------------------------------

	public function test_a_wrong_api_key_is_an_authentication_failure_that_does_not_reveal_the_key(): void {
		$this->use_keys( 'wrong-key-that-is-long', Sandbox::MERCHANT_KEY );
		$id = $this->new_order();
		$e  = $this->failure( fn() => $this->client()->get_order( $id ) );
		$this->assertSame( ApiException::KIND_AUTH, $e->get_kind() );
		$this->assertSame( 401, $e->get_http_status() );
		$this->assertStringNotContainsString( 'wrong-key-that-is-long', $e->getMessage() );
		$this->assertFalse( $e->is_outcome_unknown() );
		foreach ( ecster_om_fake_wc_log() as $line ) {
			$this->assertStringNotContainsString( 'wrong-key-that-is-long', $line['message'] );
		}
	}

	public function test_check_connection_reports_rejected_keys_as_an_authentication_failure(): void {
		$this->use_keys( Sandbox::API_KEY, 'some-other-merchant' );
		$e = $this->failure( fn() => $this->client()->check_connection() );
		$this->assertSame( ApiException::KIND_AUTH, $e->get_kind() );
		$this->assertSame( 401, $e->get_http_status() );
		$this->assertStringContainsString( 'rejected the API credentials', $e->getMessage() );
	}

	public function test_an_unknown_order_is_a_404_http_error(): void {
		$e = $this->failure( fn() => $this->client()->get_order( 'NoSuchOrder0000000000' ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 404, $e->get_http_status() );
		$this->assertNotSame( '', $e->get_ecster_message() );
		$this->assertFalse( $e->is_outcome_unknown() );
	}

	public function test_a_second_debit_is_refused_with_ecsters_invalid_state_code(): void {
		$id = $this->new_order();
		$this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 4424, $e->get_ecster_code() );
		$this->assertTrue( $e->is_invalid_state() );
		$this->assertFalse( $e->is_outcome_unknown() );
	}

	// ---- injected faults --------------------------------------------------------------------

	public function test_an_injected_4424_is_exposed_with_ecsters_code_and_message(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'type' => 'DEBIT' ), array( 'ecsterCode' => 4424, 'message' => 'Order already activated' ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 400, $e->get_http_status() );
		$this->assertSame( 4424, $e->get_ecster_code() );
		$this->assertSame( 'Order already activated', $e->get_ecster_message() );
		$this->assertSame( 'INVALID_STATE', $e->get_ecster_type() );
		$this->assertStringContainsString( 'Ecster error 4424, Order already activated', $e->getMessage() );
		$this->assertSame( 0, $this->client()->get_order( $id )->debited_amount, 'Nothing was debited.' );
	}

	public function test_an_injected_500_is_a_server_error_with_unknown_outcome_and_is_not_repeated(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'method' => 'POST' ), array( 'status' => 500 ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 500, $e->get_http_status() );
		$this->assertTrue( $e->is_server_error() );
		$this->assertTrue( $e->is_outcome_unknown() );
		$this->assertNotNull( $e->get_ecster_code(), "The code in the sandbox's error body is passed on." );
		$this->assertStringContainsString( 'server error (HTTP 500)', $e->getMessage() );
		$this->assertSame( array( 'POST /rest/public/v1/orders/' . $id . '/transactions' ), $this->received(), 'Not retried.' );
	}

	public function test_a_500_with_a_plain_text_body_is_still_an_http_error(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'method' => 'GET' ), array( 'status' => 503, 'body' => 'Service Unavailable' ) );
		$e = $this->failure( fn() => $this->client()->get_order( $id ) );
		$this->assertSame( ApiException::KIND_HTTP, $e->get_kind() );
		$this->assertSame( 503, $e->get_http_status() );
		$this->assertNull( $e->get_ecster_code() );
	}

	public function test_a_429_answer_is_reported_as_rate_limiting_not_as_a_generic_error(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'method' => 'POST' ), array( 'status' => 429 ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$this->assertSame( ApiException::KIND_RATE_LIMITED, $e->get_kind() );
		$this->assertSame( 429, $e->get_http_status() );
		$this->assertStringStartsWith( 'Ecster is rate limiting requests (HTTP 429)', $e->getMessage() );
		$this->assertFalse( $e->is_outcome_unknown() );
	}

	public function test_the_sandbox_rate_limiter_is_reported_as_rate_limiting_with_its_retry_after(): void {
		$id = $this->new_order();
		$this->sandbox->configure( array( 'rateLimitPerSecond' => 1 ) );
		$kinds = array();
		for ( $i = 0; $i < 4; $i++ ) {
			try {
				$this->client()->get_order( $id );
				$kinds[] = 'ok';
			} catch ( ApiException $e ) {
				$kinds[] = $e->get_kind();
				$last    = $e;
			}
		}
		$this->assertContains( ApiException::KIND_RATE_LIMITED, $kinds );
		$this->assertSame( 'ok', $kinds[0] );
		$this->assertStringContainsString( 'wait 1 second before', $last->getMessage() );
	}

	public function test_a_slow_answer_times_out_after_the_filtered_timeout_and_the_outcome_is_unknown(): void {
		add_filter( 'ecster_om_request_timeout', static fn(): float => 1.0 );
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'type' => 'DEBIT' ), array( 'delayMs' => 4000 ) );
		$started = microtime( true );
		$e       = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$elapsed = microtime( true ) - $started;
		$this->assertSame( ApiException::KIND_TIMEOUT, $e->get_kind() );
		$this->assertSame( 0, $e->get_http_status() );
		$this->assertTrue( $e->is_outcome_unknown() );
		$this->assertStringContainsString( 'did not answer within 1 seconds', $e->getMessage() );
		$this->assertGreaterThanOrEqual( 0.9, $elapsed );
		$this->assertLessThan( 3.0, $elapsed, 'The timeout from the filter was used, not the 4 s delay or the 10 s default.' );
		// The sandbox carried the debit out: that is why a timeout means "outcome unknown".
		$this->assertSame( 'FULLY_DELIVERED', $this->sandbox->order( $id )['status'] );
	}

	public function test_a_dropped_connection_on_a_debit_is_a_network_error_and_is_not_retried(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'type' => 'DEBIT' ), array( 'drop' => true, 'apply' => false ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$this->assertSame( ApiException::KIND_NETWORK, $e->get_kind() );
		$this->assertSame( 0, $e->get_http_status() );
		$this->assertTrue( $e->is_outcome_unknown() );
		$this->assertSame( array( 'POST /rest/public/v1/orders/' . $id . '/transactions' ), $this->received() );
		$this->assertSame( 'READY', $this->sandbox->order( $id )['status'] );
	}

	public function test_a_get_whose_connection_dropped_is_retried_once_and_succeeds(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'method' => 'GET' ), array( 'drop' => true ) );
		$this->assertSame( $id, $this->client()->get_order( $id )->id );
		$this->assertSame( array( 'GET /rest/public/v1/orders/' . $id, 'GET /rest/public/v1/orders/' . $id ), $this->received() );
	}

	public function test_a_get_dropped_twice_fails_as_a_network_error(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'method' => 'GET' ), array( 'drop' => true ), 3 );
		$e = $this->failure( fn() => $this->client()->get_order( $id ) );
		$this->assertSame( ApiException::KIND_NETWORK, $e->get_kind() );
		$this->assertCount( 2, $this->received() );
		$this->assertSame( 1, $this->sandbox->faults()[0]['remaining'] );
	}

	public function test_a_malformed_answer_to_a_debit_is_malformed_with_unknown_outcome(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'type' => 'DEBIT' ), array( 'malformed' => true ) );
		$e = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $e->get_kind() );
		$this->assertSame( 200, $e->get_http_status() );
		$this->assertTrue( $e->is_outcome_unknown() );
		$this->assertSame( 'FULLY_DELIVERED', $this->sandbox->order( $id )['status'], 'The sandbox applied the debit before garbling the answer.' );
	}

	public function test_a_malformed_answer_to_a_read_is_malformed(): void {
		$id = $this->new_order();
		$this->sandbox->add_fault( array( 'method' => 'GET' ), array( 'malformed' => true, 'body' => '{"id": "truncated' ) );
		$this->assertSame( ApiException::KIND_MALFORMED, $this->failure( fn() => $this->client()->get_order( $id ) )->get_kind() );
	}

	public function test_a_refused_connection_is_a_network_error_distinct_from_a_timeout(): void {
		$server = stream_socket_server( 'tcp://127.0.0.1:0' );
		$this->assertNotFalse( $server );
		$address = (string) stream_socket_get_name( $server, false );
		fclose( $server ); // Nobody listens there any more.
		add_filter( 'ecster_om_api_base_url', static fn(): string => 'http://' . $address . '/rest/public/', 20 );

		$started = microtime( true );
		$e       = $this->failure( fn() => $this->client()->get_order( 'X1' ) );
		$this->assertSame( ApiException::KIND_NETWORK, $e->get_kind() );
		$this->assertStringContainsString( 'Could not reach Ecster', $e->getMessage() );
		$this->assertStringContainsString( 'refused', $e->getMessage() );
		$this->assertLessThan( 2.0, microtime( true ) - $started, 'A refused connection fails at once, it does not wait for the timeout.' );
	}

	// ---- logging ----------------------------------------------------------------------------

	public function test_with_logging_on_each_call_is_logged_without_the_key_or_the_consumers_data(): void {
		$id = $this->new_order( array( 'orderReference' => '555' ) );
		$this->client()->get_order( $id );
		$this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) );
		$this->sandbox->add_fault( array( 'method' => 'POST' ), array( 'ecsterCode' => 4424 ) );
		$this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'ANNUL' ) ) );

		$lines = ecster_om_fake_wc_log();
		$this->assertSame( array( 'info', 'info', 'error' ), array_column( $lines, 'level' ) );
		$this->assertMatchesRegularExpression( '#^Ecster GET v1/orders/' . $id . ' → HTTP 200 in \d+ ms #', $lines[0]['message'] );
		$this->assertMatchesRegularExpression( '#^Ecster POST v1/orders/' . $id . '/transactions → HTTP 201 in \d+ ms #', $lines[1]['message'] );
		$this->assertStringContainsString( '"request_body":{"type":"DEBIT","amount":32900}', $lines[1]['message'] );
		$this->assertStringContainsString( '"orderStatus":"FULLY_DELIVERED"', $lines[1]['message'] );
		$this->assertStringContainsString( 'HTTP 400', $lines[2]['message'] );
		$this->assertStringContainsString( '"ecster_code":4424', $lines[2]['message'] );

		// The GET answer carried the sandbox's consumer: none of it is in the log.
		$consumer = $this->sandbox->order( $id )['consumer'];
		$this->assertNotEmpty( $consumer );
		$this->assertStringContainsString( '"consumer":"[redacted]"', $lines[0]['message'] );
		array_walk_recursive(
			$consumer,
			function ( $value ): void {
				foreach ( ecster_om_fake_wc_log() as $line ) {
					if ( is_string( $value ) && strlen( $value ) > 3 ) {
						$this->assertStringNotContainsString( $value, $line['message'] );
					}
				}
			}
		);
		$this->assert_log_has_no_secret();
	}

	public function test_with_logging_off_successful_calls_leave_no_trace_and_failures_are_still_logged(): void {
		$this->use_keys( Sandbox::API_KEY, Sandbox::MERCHANT_KEY, false );
		$id = $this->new_order();
		$this->client()->get_order( $id );
		$this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) );
		$this->assertSame( array(), ecster_om_fake_wc_log() );

		$this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 32900 ) ) );
		$lines = ecster_om_fake_wc_log();
		$this->assertCount( 1, $lines );
		$this->assertSame( 'error', $lines[0]['level'] );
		$this->assertStringContainsString( '"ecster_code":4424', $lines[0]['message'] );
		$this->assertStringNotContainsString( 'response_body', $lines[0]['message'] );
		$this->assert_log_has_no_secret();
	}

	public function test_neither_log_lines_nor_exceptions_of_any_fault_contain_the_api_key(): void {
		add_filter( 'ecster_om_request_timeout', static fn(): float => 0.5 );
		$id     = $this->new_order();
		$faults = array(
			array( 'status' => 500 ),
			array( 'ecsterCode' => 4424 ),
			array( 'delayMs' => 1500 ),
			array( 'drop' => true, 'apply' => false ),
			array( 'malformed' => true, 'apply' => false ),
			array( 'status' => 429 ),
		);
		$kinds  = array();
		foreach ( $faults as $fault ) {
			$this->sandbox->add_fault( array( 'method' => 'POST' ), $fault );
			$kinds[] = $this->failure( fn() => $this->client()->create_transaction( $id, array( 'type' => 'DEBIT', 'amount' => 100 ) ) )->get_kind();
		}
		$this->assertSame(
			array(
				ApiException::KIND_HTTP,
				ApiException::KIND_HTTP,
				ApiException::KIND_TIMEOUT,
				ApiException::KIND_NETWORK,
				ApiException::KIND_MALFORMED,
				ApiException::KIND_RATE_LIMITED,
			),
			$kinds
		);
		$this->assertCount( 6, ecster_om_fake_wc_log() );
		$this->assert_log_has_no_secret();
		foreach ( ecster_om_fake_http_calls() as $call ) {
			$this->assertSame( Sandbox::API_KEY, $call['args']['headers']['x-api-key'], 'The key is sent — only never shown.' );
		}
	}
}
