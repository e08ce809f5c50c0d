<?php
/**
 * Every sandbox fault: the failure is loud, nothing is lost, and a retry after the fault clears
 * ends with exactly one debit (or credit) in Ecster.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

final class FaultsTest extends OrdersTestCase {

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: string, 2: bool}> fault response, note text, needs a short timeout.
	 */
	public function debit_faults(): array {
		return array(
			'HTTP 500'          => array( array( 'status' => 500, 'body' => array( 'code' => 5000, 'message' => 'Internal error' ) ), 'Unknown outcome', false ),
			'HTTP 503'          => array( array( 'status' => 503 ), 'Unknown outcome', false ),
			'HTTP 429'          => array( array( 'status' => 429 ), 'rate limiting', false ),
			'timeout'           => array( array( 'delayMs' => 2500 ), 'Unknown outcome', true ),
			'dropped (applied)' => array( array( 'drop' => true ), 'Unknown outcome', false ),
			'malformed body'    => array( array( 'malformed' => true ), 'Unknown outcome', false ),
			'Ecster 4424'       => array( array( 'ecsterCode' => 4424 ), 'Error code: 4424', false ),
		);
	}

	/**
	 * @dataProvider debit_faults
	 * @param array<string, mixed> $response Fault response.
	 */
	public function test_a_debit_fault_is_noted_takes_the_order_out_of_completed_and_a_retry_debits_exactly_once( array $response, string $note, bool $short_timeout ): void {
		$one_second = static fn(): int => 1;
		if ( $short_timeout ) {
			add_filter( 'ecster_om_request_timeout', $one_second );
		}
		$order = $this->create_managed_order();
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'DEBIT' ),
				'response' => $response,
			)
		);
		try {
			$order->update_status( 'completed' );
		} finally {
			// The retry runs with the normal timeout: only the faulted answer was slow.
			remove_filter( 'ecster_om_request_timeout', $one_second );
		}

		$failed = $this->reload( $order );
		$this->assertSame( 'on-hold', $failed->get_status(), 'A failed debit must not leave the order Completed.' );
		$this->assert_note_contains( $failed, 'Ecster debit failed' );
		$this->assert_note_contains( $failed, $note );
		$this->assertSame( '', (string) $failed->get_meta( '_ecster_order_captured_id' ) );

		$this->sandbox()->clear_faults();
		$failed->update_status( 'completed' );

		$fresh = $this->reload( $order );
		$this->assertSame( 'completed', $fresh->get_status() );
		$stored = $this->stored( $fresh, 'DEBIT' );
		$this->assertCount( 1, $stored, 'Exactly one debit in Ecster after the retry.' );
		$this->assertSame( $stored[0]['id'], $fresh->get_meta( '_ecster_order_captured_id' ) );
		$this->assertSame( $this->total_minor( $fresh ), $this->ecster_order( $fresh )['debitedAmount'] );
		$this->assertSame( array(), $this->plugin()->order_manager()->journal()->open_for_order( $fresh->get_id() ), 'No open question is left.' );
	}

	public function test_the_failed_debit_status_can_be_processing(): void {
		$this->enable_management( array( 'failed_debit_status' => 'processing' ) );
		$order = $this->create_managed_order();
		$this->sandbox()->add_fault( array( 'match' => array( 'type' => 'DEBIT' ), 'response' => array( 'status' => 503 ) ) );
		$order->update_status( 'completed' );
		$this->assertSame( 'processing', $this->reload( $order )->get_status() );
	}

	/**
	 * @return array<string, array{0: array<string, mixed>}>
	 */
	public function credit_faults(): array {
		return array(
			'HTTP 500'          => array( array( 'status' => 500 ) ),
			'HTTP 429'          => array( array( 'status' => 429 ) ),
			'dropped (applied)' => array( array( 'drop' => true ) ),
			'malformed body'    => array( array( 'malformed' => true ) ),
			'Ecster 4424'       => array( array( 'ecsterCode' => 4424 ) ),
		);
	}

	/**
	 * @dataProvider credit_faults
	 * @param array<string, mixed> $response Fault response.
	 */
	public function test_a_credit_fault_records_no_refund_and_a_retry_credits_exactly_once( array $response ): void {
		$order = $this->create_managed_order();
		$order->update_status( 'completed' );
		$this->sandbox()->add_fault( array( 'match' => array( 'type' => 'CREDIT' ), 'response' => $response ) );

		$failed = wc_create_refund(
			array(
				'amount'         => '100.00',
				'order_id'       => $order->get_id(),
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WP_Error::class, $failed );
		$this->assertStringContainsString( 'Ecster', $failed->get_error_message() );
		$this->assertSame( array(), $this->reload( $order )->get_refunds(), 'WooCommerce must not keep a refund that Ecster did not confirm.' );
		$this->assert_note_contains( $this->reload( $order ), 'Ecster credit order failed' );

		$this->sandbox()->clear_faults();
		$retry = wc_create_refund(
			array(
				'amount'         => '100.00',
				'order_id'       => $order->get_id(),
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $retry, is_wp_error( $retry ) ? $retry->get_error_message() : '' );
		$fresh = $this->reload( $order );
		$this->assertCount( 1, $this->stored( $fresh, 'CREDIT' ), 'Exactly one credit in Ecster after the retry.' );
		$this->assertSame( 10000, $this->ecster_order( $fresh )['creditedAmount'] );
		$this->assertCount( 1, $fresh->get_refunds() );
		$this->assertNotSame( '', (string) $fresh->get_meta( '_ecster_refund_id_' . $retry->get_id() ) );
	}

	public function test_an_annul_timeout_is_reconciled_on_the_next_attempt(): void {
		$short_timeout = static fn(): int => 1;
		add_filter( 'ecster_om_request_timeout', $short_timeout );
		$order = $this->create_managed_order();
		$this->sandbox()->add_fault( array( 'match' => array( 'type' => 'ANNUL' ), 'response' => array( 'delayMs' => 2000 ) ) );
		try {
			$order->update_status( 'cancelled' );
		} finally {
			// The next attempt runs with the normal timeout: only the annul's answer was slow.
			remove_filter( 'ecster_om_request_timeout', $short_timeout );
		}
		$this->assert_note_contains( $this->reload( $order ), 'Unknown outcome' );
		$open = $this->plugin()->order_manager()->journal()->open_for_order( $order->get_id() );
		$this->assertCount( 1, $open, 'The annul is an open question in the journal.' );
		$this->assertSame( 'annul', $open[0]->operation );
		// Ecster carried the annul out although its answer came too late.
		$ecster_id = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$this->assertSame( 'ANNULLED', $this->sandbox()->order( $ecster_id )['status'] );

		$this->as_user( 'administrator' );
		$response = $this->rest( 'POST', '/ecster-om/v1/orders/' . $order->get_id() . '/annul' );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'already_annulled', $response->get_data()['result'] );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'ANNUL' ) );
	}
}
