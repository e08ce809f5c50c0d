<?php
/**
 * Annul (cancel) and credit (refund) of Ecster orders, Swish included.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\RowBuilder;
use EcsterOM\Tests\Unit\Support\FakeState;

final class AnnulAndCreditTest extends OrderManagerTestCase {

	public function test_annul_sends_annul_and_records_the_transaction_with_the_ecster_note(): void {
		$order  = $this->managed_order( null, 'INVOICE', array(), 'cancelled' );
		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );

		$this->assertSame( Result::ANNULLED, $result->code() );
		$this->assertTrue( $result->ecster_called() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'ANNUL' ) );
		$this->assertSame( $result->transaction_id(), $order->saved_meta['_ecster_order_cancelled_id'] );
		$this->assertStringContainsString( 'Ecster payment was successfully cancelled', $this->last_note( $order ) );
		$this->assertStringContainsString( $result->transaction_id(), $this->last_note( $order ) );
		$this->assertSame( 'ANNULLED', $this->ecster( $order )['status'] );
	}

	public function test_manual_annul_cancels_the_order(): void {
		$order = $this->managed_order();
		$this->assertSame( Result::ANNULLED, $this->manager->annul( $order, OrderManager::TRIGGER_REST )->code() );
		$this->assertSame( 'cancelled', $order->get_status() );
	}

	public function test_annul_after_a_debit_is_refused_and_says_a_refund_is_needed(): void {
		$order  = $this->debited_order();
		$result = $this->manager->annul( $order, OrderManager::TRIGGER_REST );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::DEBITED_CANNOT_ANNUL, $result->code() );
		$this->assertStringContainsString( 'Refund the order instead', $result->message() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( 'completed', $order->get_status() );
	}

	public function test_annul_of_an_order_debited_in_ecster_but_not_recorded_records_the_debit_and_refuses(): void {
		$order     = $this->managed_order();
		$reference = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$this->client->create_transaction( $reference, array( 'type' => 'DEBIT', 'amount' => 104700 ) );
		$this->client->calls = array();

		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::DEBITED_CANNOT_ANNUL, $result->code() );
		$this->assertNotSame( '', $order->saved_meta['_ecster_order_captured_id'] );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
	}

	public function test_annul_of_an_order_already_annulled_in_ecster_is_recorded_without_a_second_annul(): void {
		$order     = $this->managed_order();
		$reference = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$this->client->create_transaction( $reference, array( 'type' => 'ANNUL' ) );
		$this->client->calls = array();

		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ALREADY_ANNULLED, $result->code() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertSame( $result->transaction_id(), $order->saved_meta['_ecster_order_cancelled_id'] );
	}

	public function test_annul_with_a_stored_id_sends_nothing(): void {
		$order = $this->managed_order();
		$this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->client->calls = array();
		$this->assertSame( Result::ALREADY_ANNULLED, $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK )->code() );
		$this->assertSame( array(), $this->client->calls );
	}

	public function test_annul_timeout_is_flagged_and_the_retry_records_what_ecster_did(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$first = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $first->code() );
		$this->assertIsArray( $order->saved_meta['_ecster_om_pending_annul'] );

		$second = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ALREADY_ANNULLED, $second->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'ANNUL' ) );
		$this->assertArrayNotHasKey( '_ecster_om_pending_annul', $order->saved_meta );
		$this->assertStringContainsString( 'did go through', $this->last_note( $order ) );
	}

	public function test_failed_annul_notes_ecsters_code_and_message(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ECSTER_ERROR, $result->code() );
		$this->assertStringContainsString( 'Ecster annul request failed. Error code: 4100. Error message: Invalid request to Ecster', $this->last_note( $order ) );
		$this->assertSame( '', $order->get_meta( '_ecster_order_cancelled_id' ) );
	}

	public function test_swish_annul_makes_no_ecster_call_and_says_to_handle_it_with_swish_or_the_bank(): void {
		$order  = $this->managed_order( null, 'SWISH' );
		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::SWISH_NO_ANNUL, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertStringContainsString( 'Swish/your bank', $this->last_note( $order ) );
	}

	public function test_refund_credits_the_refund_lines_against_the_debit_and_keeps_the_older_plugins_meta(): void {
		$order  = $this->debited_order();
		$refund = WooFakes::refund(
			$order,
			'499.00',
			array( new \WC_Order_Item_Product( 'Kaffebryggare', -399.20, -99.80, -1, 'KB-1', 11 ) ),
			'Trasig'
		);
		$captured = $order->get_meta( '_ecster_order_captured_id' );

		$this->assertTrue( $this->manager->refund( $order, 499.00, 'Trasig', $refund ) );
		$credits = $this->client->calls_of( 'create_transaction', 'CREDIT' );
		$this->assertCount( 1, $credits );
		$body = $credits[0]['body'];
		$this->assertSame( 49900, $body['amount'] );
		$this->assertSame( $captured, $body['debitTransaction'] );
		$this->assertSame( (string) $refund->get_id(), $body['transactionReference'] );
		$this->assertSame(
			array( array( 'partNumber' => 'KB-1', 'name' => 'Kaffebryggare', 'quantity' => 1, 'unitAmount' => 49900, 'vatRate' => 2500 ) ),
			$body['rows']
		);
		$transaction = $order->saved_meta[ '_ecster_refund_id_' . $refund->get_id() ];
		$this->assertNotSame( '', $transaction );
		$this->assertStringEndsWith( '.pdf', $order->saved_meta[ '_ecster_refund_id_' . $refund->get_id() . '_invoice' ] );
		$note = $this->last_note( $order );
		$this->assertStringContainsString( 'Ecster order credited with 499,00', $note );
		$this->assertStringContainsString( $transaction, $note );
		$this->assertStringContainsString( 'Credit invoice', $note );
		$this->assertSame( 49900, $this->ecster( $order )['creditedAmount'] );
	}

	public function test_refund_without_lines_sends_one_row_for_the_amount(): void {
		$order  = $this->debited_order();
		$refund = WooFakes::refund( $order, '100.50', array(), 'Goodwill' );
		$this->assertTrue( $this->manager->refund( $order, 100.50, 'Goodwill', $refund ) );
		$rows = $this->client->calls_of( 'create_transaction', 'CREDIT' )[0]['body']['rows'];
		$this->assertCount( 1, $rows );
		$this->assertSame( 10050, $rows[0]['unitAmount'] );
		$this->assertSame( 'ref1', $rows[0]['partNumber'] );
		$this->assertStringContainsString( 'Goodwill', $rows[0]['name'] );
		$this->assertSame( 10050, RowBuilder::sum( $rows ) );
	}

	public function test_refund_finds_the_refund_when_the_gateway_does_not_pass_it(): void {
		$order  = $this->debited_order();
		$refund = WooFakes::refund( $order, '20.00' );
		$this->assertTrue( $this->manager->refund( $order, 20.00, '' ) );
		$this->assertSame( (string) $refund->get_id(), $this->client->calls_of( 'create_transaction', 'CREDIT' )[0]['body']['transactionReference'] );
	}

	public function test_refund_before_any_debit_fails_so_woocommerce_records_no_refund(): void {
		$order  = $this->managed_order();
		$result = $this->manager->refund( $order, 10.00, '', WooFakes::refund( $order, '10.00' ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_not_debited', $result->get_error_code() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
	}

	public function test_refund_above_what_can_still_be_credited_fails_without_a_credit(): void {
		$order = $this->debited_order();
		$this->assertTrue( $this->manager->refund( $order, 1000.00, '', WooFakes::refund( $order, '1000.00' ) ) );
		$result = $this->manager->refund( $order, 47.01, '', WooFakes::refund( $order, '47.01' ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_amount_exceeds_creditable', $result->get_error_code() );
		$this->assertStringContainsString( '47,00', $result->get_error_message() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
	}

	public function test_zero_or_negative_refund_amounts_are_refused(): void {
		$order = $this->debited_order();
		$this->assertSame( 'ecster_om_invalid_amount', $this->manager->refund( $order, 0.0 )->get_error_code() );
		$this->assertSame( 'ecster_om_invalid_amount', $this->manager->refund( $order, -5.0 )->get_error_code() );
		$this->assertSame( array(), $this->client->calls );
	}

	public function test_failed_credit_returns_a_wp_error_and_notes_ecsters_code(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$result = $this->manager->refund( $order, 10.00, '', WooFakes::refund( $order, '10.00' ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_ecster_error', $result->get_error_code() );
		$this->assertStringContainsString( 'Ecster credit order failed. Error code: 4100', $this->last_note( $order ) );
	}

	public function test_refund_of_an_unmanaged_order_returns_a_wp_error_saying_to_refund_manually(): void {
		$order = $this->debited_order();
		FakeState::settings( array( 'manage_ecster_orders' => 'no' ) );
		$result = $this->manager->refund( $order, 10.00 );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertStringContainsString( 'Refund manually', $result->get_error_message() );
		$this->assertSame( array(), $this->client->calls );
	}

	public function test_credit_timeout_then_a_new_refund_of_the_same_amount_records_the_earlier_credit_without_sending_another(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$first = $this->manager->refund( $order, 30.00, '', WooFakes::refund( $order, '30.00' ) );
		$this->assertInstanceOf( \WP_Error::class, $first );
		$this->assertSame( 'ecster_om_outcome_unknown', $first->get_error_code() );
		array_pop( $order->refunds ); // WooCommerce deletes the refund after the error.

		$again = WooFakes::refund( $order, '30.00' );
		$this->assertTrue( $this->manager->refund( $order, 30.00, '', $again ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( 3000, $this->ecster( $order )['creditedAmount'] );
		$this->assertNotSame( '', $order->saved_meta[ '_ecster_refund_id_' . $again->get_id() ] );
		$this->assertStringContainsString( 'did go through', $this->last_note( $order ) );
	}

	public function test_credit_timeout_then_a_different_amount_is_refused_and_explains_the_earlier_credit(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->manager->refund( $order, 30.00, '', WooFakes::refund( $order, '30.00' ) );
		$result = $this->manager->refund( $order, 50.00, '', WooFakes::refund( $order, '50.00' ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_earlier_credit_found', $result->get_error_code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		// The flag is cleared: after recording the earlier credit by hand, refunds work again.
		$this->assertTrue( $this->manager->refund( $order, 50.00, '', WooFakes::refund( $order, '50.00' ) ) );
	}

	public function test_credit_timeout_that_did_not_reach_ecster_credits_on_the_next_refund(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', new ApiException( 'Connection reset', ApiException::KIND_NETWORK ) );
		$this->manager->refund( $order, 30.00, '', WooFakes::refund( $order, '30.00' ) );
		$this->assertTrue( $this->manager->refund( $order, 30.00, '', WooFakes::refund( $order, '30.00' ) ) );
		$this->assertCount( 2, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( 3000, $this->ecster( $order )['creditedAmount'] );
	}

	public function test_swish_refund_uses_the_swish_endpoint_notes_pending_and_schedules_a_status_poll(): void {
		$order  = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$refund = WooFakes::refund( $order, '100.00', array(), 'Retur' );
		$this->assertTrue( $this->manager->refund( $order, 100.00, 'Retur', $refund ) );

		$swish = $this->client->calls_of( 'create_swish_refund' );
		$this->assertCount( 1, $swish );
		$this->assertSame( array( 'amount' => 10000, 'debitTransaction' => 'SW-1', 'message' => 'Retur' ), $swish[0]['body'] );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertStringContainsString( 'pending', $this->last_note( $order ) );
		$scheduled = WooFakes::scheduled();
		$this->assertCount( 1, $scheduled );
		$this->assertSame( 'ecster_om_poll_swish_refund', $scheduled[0]['hook'] );
		$this->assertSame( $order->get_id(), $scheduled[0]['args']['order_id'] );

		$this->client->swish_latest_status = 'SUCCESS';
		$this->manager->poll_swish_refund( $order->get_id(), $scheduled[0]['args']['refund_id'], 1 );
		$this->assertStringContainsString( 'Ecster order credited with 100,00', $this->last_note( $order ) );
		$this->assertSame( 'SUCCESS', $order->saved_meta[ '_ecster_om_swish_refund_' . $refund->get_id() ] );
	}

	public function test_swish_poll_reschedules_while_ongoing_and_notes_a_failure(): void {
		$order  = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$refund = WooFakes::refund( $order, '100.00' );
		$this->manager->refund( $order, 100.00, '', $refund );

		$this->client->swish_latest_status = 'ONGOING';
		$this->manager->poll_swish_refund( $order->get_id(), (string) $refund->get_id(), 1 );
		$this->assertCount( 2, WooFakes::scheduled() );
		$this->assertSame( 2, WooFakes::scheduled()[1]['args']['attempt'] );

		$this->client->swish_latest_status = 'DECLINED';
		$this->manager->poll_swish_refund( $order->get_id(), (string) $refund->get_id(), 2 );
		$this->assertStringContainsString( 'Ecster credit Swish order failed', $this->last_note( $order ) );
		$this->assertStringContainsString( 'DECLINED', $this->last_note( $order ) );
		$this->assertCount( 2, WooFakes::scheduled() );
	}

	public function test_a_second_swish_refund_while_one_is_ongoing_is_refused(): void {
		$order = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$this->manager->refund( $order, 10.00, '', WooFakes::refund( $order, '10.00' ) );
		$result = $this->manager->refund( $order, 10.00, '', WooFakes::refund( $order, '10.00' ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_swish_refund_running', $result->get_error_code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_swish_refund' ) );
	}

	public function test_swish_refund_refused_by_ecster_returns_a_wp_error(): void {
		$order                             = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$this->client->swish_refund_status = 'FAILED';
		$result                            = $this->manager->refund( $order, 10.00, '', WooFakes::refund( $order, '10.00' ) );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'ecster_om_swish_refund_failed', $result->get_error_code() );
		$this->assertSame( array(), WooFakes::scheduled() );
	}
}
