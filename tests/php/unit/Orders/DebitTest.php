<?php
/**
 * Debit (activate) of Ecster orders.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\RowBuilder;
use EcsterOM\Orders\StatusHooks;
use EcsterOM\Tests\Unit\Support\FakeState;

final class DebitTest extends OrderManagerTestCase {

	public function test_order_not_paid_with_ecster_is_left_alone_without_ecster_call_note_or_meta_read(): void {
		$order = WooFakes::order( 'EC-1' );
		$order->set_payment_method( 'bacs' );
		$order->meta_reads = 0;
		$this->assertSame( 'not_ecster', $this->manager->unmanaged_reason( $order ) );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::NOT_MANAGED, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( array(), $order->notes );
		$this->assertSame( 0, $order->meta_reads, 'The cheap payment-method check must come before any meta read.' );
	}

	public function test_order_is_left_alone_when_manage_orders_is_off(): void {
		$order = $this->managed_order();
		FakeState::settings( array( 'manage_ecster_orders' => 'no' ) );
		$this->assertFalse( $this->manager->is_managed( $order ) );
		$this->assertSame( 'manage_orders_off', $this->manager->unmanaged_reason( $order ) );
		$this->assertSame( Result::NOT_MANAGED, $this->manager->debit( $order, OrderManager::TRIGGER_REST )->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( array(), $order->notes );
	}

	public function test_order_without_ecster_reference_is_left_alone(): void {
		$order = WooFakes::order( '' );
		$this->assertSame( 'no_reference', $this->manager->unmanaged_reason( $order ) );
		$this->assertSame( Result::NOT_MANAGED, $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK )->code() );
		$this->assertSame( array(), $this->client->calls );
	}

	public function test_debit_sends_the_order_total_with_vat_encoded_rows_that_add_up_and_records_the_transaction(): void {
		$order  = $this->managed_order();
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );

		$this->assertTrue( $result->is_success(), $result->message() );
		$this->assertSame( Result::DEBITED, $result->code() );
		$this->assertTrue( $result->ecster_called() );
		$debits = $this->client->calls_of( 'create_transaction', 'DEBIT' );
		$this->assertCount( 1, $debits );
		$body = $debits[0]['body'];
		$this->assertSame( 104700, $body['amount'] );
		$this->assertArrayNotHasKey( 'closeDebit', $body );
		$this->assertSame(
			array(
				array( 'partNumber' => 'KB-1', 'name' => 'Kaffebryggare', 'quantity' => 2, 'unitAmount' => 49900, 'vatRate' => 2500 ),
				array( 'partNumber' => 'flat_rate', 'name' => 'PostNord', 'quantity' => 1, 'unitAmount' => 4900, 'vatRate' => 2500 ),
			),
			$body['rows']
		);
		$this->assertSame( $body['amount'], RowBuilder::sum( $body['rows'] ) );
		$this->assertSame( $result->transaction_id(), $order->saved_meta['_ecster_order_captured_id'] );
		$this->assertStringContainsString( 'Ecster payment debited', $this->last_note( $order ) );
		$this->assertStringContainsString( $result->transaction_id(), $this->last_note( $order ) );
		$this->assertStringContainsString( '1047,00', $this->last_note( $order ) );
		$this->assertSame( 'FULLY_DELIVERED', $this->ecster( $order )['status'] );
	}

	public function test_debit_below_the_reservation_closes_the_debit_and_says_the_rest_was_released(): void {
		$order  = $this->managed_order( 120000 );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );

		$this->assertTrue( $result->is_success(), $result->message() );
		$body = $this->client->calls_of( 'create_transaction', 'DEBIT' )[0]['body'];
		$this->assertSame( 104700, $body['amount'] );
		$this->assertTrue( $body['closeDebit'] );
		$this->assertStringContainsString( 'rest of the reservation', $this->last_note( $order ) );
		$this->assertStringContainsString( '153,00', $this->last_note( $order ) );
	}

	public function test_debit_above_the_reservation_sends_nothing_and_says_the_total_exceeds_it(): void {
		$order  = $this->managed_order( 100000 );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );

		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::EXCEEDS_RESERVATION, $result->code() );
		$this->assertFalse( $result->ecster_called() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertStringContainsString( 'exceeds the amount Ecster reserved', $result->message() );
		$this->assertSame( '', $order->get_meta( '_ecster_order_captured_id' ) );
	}

	public function test_unsupported_vat_rate_is_logged_and_sent_as_zero(): void {
		$order        = new \WC_Order();
		$order->meta  = array( '_wc_ecster_internal_reference' => 'EC-VAT' );
		$order->add_item( new \WC_Order_Item_Product( 'Bok', 100.00, 8.00, 1, 'BOK' ) );
		$order->total = '108.00';
		$order->save();
		$this->client->add_order( 'EC-VAT', 10800 );

		$this->assertTrue( $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK )->is_success() );
		$rows = $this->client->calls_of( 'create_transaction', 'DEBIT' )[0]['body']['rows'];
		$this->assertSame( 0, $rows[0]['vatRate'] );
		$this->assertNotEmpty( array_filter( WooFakes::logs(), static fn( $l ) => 'warning' === $l['level'] && str_contains( $l['message'], 'VAT rate not supported' ) ) );
	}

	public function test_rows_split_a_line_that_does_not_divide_by_its_quantity_and_a_rounding_row_balances_the_total(): void {
		$order        = new \WC_Order();
		$order->meta  = array( '_wc_ecster_internal_reference' => 'EC-ROUND' );
		$order->add_item( new \WC_Order_Item_Product( 'Te', 80.00, 20.00, 3, 'TE' ) );     // 100.00 for 3.
		$order->add_item( new \WC_Order_Item_Product( 'Mjölk', 9.43, 0.566, 1, 'MJ' ) );   // 9.996 → 10.00.
		$order->add_item( new \WC_Order_Item_Fee( 'Fakturaavgift', 23.20, 5.80, 1 ) );      // 29.00.
		$order->total = '138.99';
		$order->save();
		$this->client->add_order( 'EC-ROUND', 13899 );

		$this->assertTrue( $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK )->is_success() );
		$rows = $this->client->calls_of( 'create_transaction', 'DEBIT' )[0]['body']['rows'];
		$this->assertSame( array( 2, 3333 ), array( $rows[0]['quantity'], $rows[0]['unitAmount'] ) );
		$this->assertSame( array( 1, 3334 ), array( $rows[1]['quantity'], $rows[1]['unitAmount'] ) );
		$this->assertSame( 600, $rows[2]['vatRate'] );
		$this->assertSame( 'Fakturaavgift', $rows[3]['description'] );
		$rounding = $rows[ count( $rows ) - 1 ];
		$this->assertSame( 'rounding-fee', $rounding['name'] );
		$this->assertSame( -1, $rounding['unitAmount'] );
		$this->assertSame( 13899, RowBuilder::sum( $rows ) );
	}

	public function test_a_second_debit_with_a_stored_transaction_id_sends_nothing(): void {
		$order  = $this->debited_order();
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertTrue( $result->is_success() );
		$this->assertSame( Result::ALREADY_DEBITED, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertStringContainsString( 'already debited', $this->last_note( $order ) );
	}

	public function test_order_already_fully_delivered_in_ecster_is_recorded_with_its_debit_id_and_not_debited_again(): void {
		$order                                   = $this->managed_order();
		$reference                               = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		$this->client->orders[ $reference ]['status']        = 'FULLY_DELIVERED';
		$this->client->orders[ $reference ]['debitedAmount'] = 104700;
		$this->client->orders[ $reference ]['transactions'][] = array( 'id' => 'DEBIT-ELSEWHERE', 'type' => 'DEBIT', 'amount' => 104700 );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ALREADY_DEBITED, $result->code() );
		$this->assertSame( 'DEBIT-ELSEWHERE', $order->saved_meta['_ecster_order_captured_id'] );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
	}

	public function test_debit_of_an_order_annulled_in_ecster_is_refused_and_the_annul_recorded(): void {
		$order = $this->managed_order();
		$this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$order->delete_meta_data( '_ecster_order_cancelled_id' );
		$order->save();
		$this->client->calls = array();

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ANNULLED_IN_ECSTER, $result->code() );
		$this->assertNotSame( '', $order->get_meta( '_ecster_order_cancelled_id' ) );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
	}

	public function test_failed_debit_from_a_status_change_notes_ecsters_error_and_moves_the_order_to_on_hold(): void {
		$order         = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::ECSTER_ERROR, $result->code() );
		$this->assertSame( 'on-hold', $order->get_status() );
		$notes = implode( "\n", $order->notes );
		$this->assertStringContainsString( 'Error code: 4100', $notes );
		$this->assertStringContainsString( 'Invalid request to Ecster', $notes );
		$this->assertSame( '', $order->get_meta( '_ecster_order_captured_id' ) );
		$this->assertNotEmpty( array_filter( WooFakes::logs(), static fn( $l ) => 'error' === $l['level'] ) );
	}

	public function test_failed_debit_moves_the_order_back_to_processing_when_the_setting_says_so(): void {
		FakeState::settings( array( 'manage_ecster_orders' => 'yes', 'failed_debit_status' => 'processing' ) );
		$order = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( 'processing', $order->get_status() );
	}

	public function test_failed_manual_debit_leaves_the_status_alone(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$this->assertFalse( $this->manager->debit( $order, OrderManager::TRIGGER_REST )->is_success() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( array(), $order->status_changes );
	}

	public function test_debit_timeout_is_reported_as_unknown_outcome_flagged_and_the_order_leaves_completed(): void {
		$order = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$this->client->fail_next( 'create_transaction', $this->timeout() );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $result->code() );
		$this->assertTrue( $result->is_outcome_unknown() );
		$this->assertIsArray( $order->saved_meta['_ecster_om_pending_debit'] );
		$this->assertStringContainsString( 'Unknown outcome', implode( "\n", $order->notes ) );
		$this->assertSame( 'on-hold', $order->get_status() );
	}

	public function test_ecster_server_error_on_debit_is_an_unknown_outcome_with_ecsters_code_in_the_note(): void {
		$order = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$this->client->fail_next( 'create_transaction', $this->server_error() );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $result->code() );
		$notes = implode( "\n", $order->notes );
		$this->assertStringContainsString( 'Error code: 5000', $notes );
		$this->assertStringContainsString( 'Internal error in Ecster', $notes );
		$this->assertSame( 'on-hold', $order->get_status() );
	}

	public function test_retry_after_an_unknown_outcome_records_the_debit_that_went_through_instead_of_debiting_again(): void {
		$order = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( 'FULLY_DELIVERED', $this->ecster( $order )['status'] );

		$order->status = 'completed';
		$result        = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ALREADY_DEBITED, $result->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
		$this->assertArrayNotHasKey( '_ecster_om_pending_debit', $order->saved_meta );
		$this->assertNotSame( '', $order->get_meta( '_ecster_order_captured_id' ) );
		$this->assertStringContainsString( 'did go through', $this->last_note( $order ) );
	}

	public function test_retry_after_an_unknown_outcome_that_did_not_go_through_debits_once(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', new ApiException( 'dropped', ApiException::KIND_NETWORK ) );
		$this->manager->debit( $order, OrderManager::TRIGGER_REST );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::DEBITED, $result->code() );
		$this->assertCount( 2, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
		$this->assertSame( 104700, $this->ecster( $order )['debitedAmount'] );
		$this->assertArrayNotHasKey( '_ecster_om_pending_debit', $order->saved_meta );
	}

	public function test_rate_limited_debit_says_ecster_is_rate_limiting_and_to_try_again_later(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'get_order', new ApiException( 'HTTP 429', ApiException::KIND_RATE_LIMITED, 429 ) );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::RATE_LIMITED, $result->code() );
		$this->assertStringContainsString( 'rate limiting', $result->message() );
		$this->assertStringContainsString( 'try again', $result->message() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
	}

	public function test_invalid_state_answer_rereads_ecster_and_records_a_debit_made_meanwhile(): void {
		$order     = $this->managed_order();
		$reference = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		// Ecster answers 4424 because another system debited between our read and our debit.
		$this->client->fail_next( 'create_transaction', new ApiException( '4424', ApiException::KIND_HTTP, 400, 4424, 'order is not in a valid state' ), true );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::ALREADY_DEBITED, $result->code() );
		$this->assertSame( 'FULLY_DELIVERED', $this->client->orders[ $reference ]['status'] );
	}

	public function test_successful_manual_debit_completes_the_order_and_the_status_hook_does_not_debit_again(): void {
		$hooks = new StatusHooks( fn() => $this->manager );
		$hooks->register();
		$order = $this->managed_order();

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::DEBITED, $result->code() );
		$this->assertSame( 'completed', $order->get_status() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
		$this->assertCount( 1, array_filter( $order->notes, static fn( $n ) => str_contains( $n, 'debited' ) ) );
	}

	public function test_swish_debit_makes_no_ecster_call_and_notes_that_swish_is_charged_at_purchase(): void {
		$order  = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-DEBIT-1' ) );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertTrue( $result->is_success() );
		$this->assertSame( Result::SWISH_ALREADY_CHARGED, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertStringContainsString( 'Swish payments are charged at purchase', $this->last_note( $order ) );
		$this->assertSame( 'SW-DEBIT-1', $order->saved_meta['_ecster_order_captured_id'] );
	}

	public function test_swish_order_recognised_from_ecster_gets_no_debit(): void {
		$order = $this->managed_order( null, 'SWISH' );
		$order->delete_meta_data( '_wc_ecster_payment_method' );
		$order->save();
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::SWISH_ALREADY_CHARGED, $result->code() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertStringStartsWith( 'SWISHDEBIT-', $order->saved_meta['_ecster_order_captured_id'] );
	}

	public function test_a_request_that_cannot_get_the_lock_answers_locked_and_sends_nothing(): void {
		$order = $this->managed_order();
		// Another PHP process holds the lock (a row with a future expiry).
		$GLOBALS['wpdb']->rows[ 'ecster_om_lock_' . $order->get_id() ] = ( time() + 60 ) . '|other-process';

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::LOCKED, $result->code() );
		$this->assertStringContainsString( 'Another request is already processing this order', $result->message() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( 'processing', $order->get_status() );
	}

	public function test_a_status_change_that_cannot_get_the_lock_notes_it_and_does_not_debit_or_change_status(): void {
		add_filter( 'ecster_om_lock_wait_seconds', static fn() => 0.0 );
		$order = $this->managed_order( null, 'INVOICE', array(), 'completed' );
		$GLOBALS['wpdb']->rows[ 'ecster_om_lock_' . $order->get_id() ] = ( time() + 60 ) . '|other-process';

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::LOCKED, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( 'completed', $order->get_status() );
		$this->assertStringContainsString( 'Another request is already processing', $this->last_note( $order ) );
	}

	public function test_the_lock_is_released_after_a_failure(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( array(), $GLOBALS['wpdb']->rows );
		$this->assertSame( Result::DEBITED, $this->manager->debit( $order, OrderManager::TRIGGER_REST )->code() );
	}
}
