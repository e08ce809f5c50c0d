<?php
/**
 * Debit (activate) of Ecster orders.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders;

use EcsterOM\Api\ApiException;
use EcsterOM\Orders\Journal\JournalEntry;
use EcsterOM\Orders\OrderManager;
use EcsterOM\Orders\Reconciler;
use EcsterOM\Orders\Result;
use EcsterOM\Orders\RowBuilder;
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
		$this->assertSame( array(), $this->journal->entries() );
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
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::DEBIT, JournalEntry::CONFIRMED, 104700 ), array( $entry->operation, $entry->state, $entry->amount ) );
		$this->assertSame( (string) $order->get_id(), $body['transactionReference'], 'The order id, as the merchant finds it in Ecster.' );
		$this->assertSame( $result->transaction_id(), $entry->transaction_id );
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
		$this->assertSame( array(), $this->journal->entries(), 'Nothing to send, nothing journaled.' );
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
		// Annulled in Ecster (its portal, another tool) without WooCommerce knowing.
		$annul               = $this->client->create_transaction( $this->reference( $order ), array( 'type' => 'ANNUL' ) );
		$this->client->calls = array();

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ANNULLED_IN_ECSTER, $result->code() );
		$this->assertSame( $annul->transaction->id, $order->saved_meta['_ecster_order_cancelled_id'] );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertStringContainsString( 'annulled in Ecster', $this->last_note( $order ) );

		// The recorded annul now answers without asking Ecster.
		$this->client->calls = array();
		$this->assertSame( Result::ANNULLED_IN_ECSTER, $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK )->code() );
		$this->assertSame( array(), $this->client->calls );
	}

	/**
	 * The move out of Completed (On hold, or the failed-debit status from the settings) happens in
	 * WooCommerce's save: tests/php/integration/Orders/FaultsTest.php (every fault, and
	 * test_the_failed_debit_status_can_be_processing) and ExactlyOnceTest.php
	 * (test_other_plugins_never_see_completed_when_the_debit_fails).
	 */
	public function test_failed_debit_from_a_status_change_notes_ecsters_error_and_leaves_the_status_to_the_guard(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::ECSTER_ERROR, $result->code() );
		$this->assertTrue( $result->ecster_called() );
		$notes = $this->notes( $order );
		$this->assertStringContainsString( 'Ecster debit failed. Error code: 4100', $notes );
		$this->assertStringContainsString( 'Invalid request to Ecster', $notes );
		$this->assertSame( '', $order->get_meta( '_ecster_order_captured_id' ) );
		$this->assertNotEmpty( array_filter( WooFakes::logs(), static fn( $l ) => 'error' === $l['level'] ) );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::REFUSED, '4100' ), array( $entry->state, $entry->ecster_code ), 'A refusal is a known outcome: nothing to check later.' );
		$this->assertSame( array(), $order->status_changes, 'Inside WooCommerce\'s save the status is the guard\'s to set, never saved from here.' );
		$this->assertSame( array(), WooFakes::scheduled() );
	}

	public function test_failed_manual_debit_leaves_the_status_alone(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$this->assertFalse( $this->manager->debit( $order, OrderManager::TRIGGER_REST )->is_success() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( array(), $order->status_changes );
	}

	/**
	 * That the order then leaves Completed: tests/php/integration/Orders/FaultsTest.php (timeout, HTTP 500).
	 */
	public function test_debit_timeout_is_reported_as_unknown_outcome_journaled_as_an_open_question_and_checked_later(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->timeout() );

		$before = time();
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $result->code() );
		$this->assertTrue( $result->is_outcome_unknown() );
		$this->assertTrue( $result->ecster_called() );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::UNKNOWN, 'timeout' ), array( $entry->state, $entry->ecster_code ) );
		$this->assertTrue( $entry->is_open() );
		$this->assertGreaterThanOrEqual( $before + Reconciler::BACKOFF[0], $entry->next_check );
		$this->assertStringContainsString( 'Unknown outcome', $this->notes( $order ) );
		$this->assertSame( '', $order->get_meta( '_ecster_order_captured_id' ) );
		$checks = WooFakes::pending( Reconciler::HOOK_ORDER );
		$this->assertCount( 1, $checks, 'A background check of the order is scheduled.' );
		$this->assertSame( array( 'order_id' => $order->get_id() ), $checks[0]['args'] );
		$this->assertSame( Reconciler::GROUP, $checks[0]['group'] );
		$this->assertSame( $entry->next_check, $checks[0]['time'] );
		$this->assertSame( array(), $order->status_changes );
	}

	public function test_ecster_server_error_on_debit_is_an_unknown_outcome_with_ecsters_code_in_the_note(): void {
		$order  = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->server_error() );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $result->code() );
		$notes = $this->notes( $order );
		$this->assertStringContainsString( 'Error code: 5000', $notes );
		$this->assertStringContainsString( 'Internal error in Ecster', $notes );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::UNKNOWN, '5000' ), array( $entry->state, $entry->ecster_code ) );
	}

	public function test_nothing_new_is_sent_while_an_earlier_debits_outcome_stays_unknown(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->timeout() );
		$this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		// Ecster cannot be asked either: the question stays open.
		$this->client->fail_next( 'get_order', $this->timeout() );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::OUTCOME_PENDING, $result->code() );
		$this->assertFalse( $result->ecster_called() );
		$this->assertStringContainsString( 'still unknown', $result->message() );
		$this->assertStringContainsString( $this->only_entry( $order )->reference, $result->message() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ), 'No second debit while the first one\'s outcome is unknown.' );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::UNKNOWN, 1 ), array( $entry->state, $entry->checks ) );
		$this->assertSame( $result->message(), $this->last_note( $order ) );
	}

	public function test_retry_after_an_unknown_outcome_records_the_debit_that_went_through_instead_of_debiting_again(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( 'FULLY_DELIVERED', $this->ecster( $order )['status'] );
		$debited = array();
		add_action(
			'ecster_om_debited',
			static function ( $o, $transaction, $trigger ) use ( &$debited ): void {
				$debited[] = array( $transaction, $trigger );
			},
			10,
			3
		);

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ALREADY_DEBITED, $result->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
		$in_ecster = $this->ecster( $order )['transactions'][1]['id'];
		$this->assertSame( $in_ecster, $order->get_meta( '_ecster_order_captured_id' ) );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::CONFIRMED, $in_ecster ), array( $entry->state, $entry->transaction_id ) );
		$this->assertSame( array(), $this->journal->open_for_order( $order->get_id() ) );
		$this->assertStringContainsString( 'Ecster\'s answer to the debit was lost; checking Ecster\'s records showed it went through', $this->notes( $order ) );
		$this->assertSame( array( array( $in_ecster, OrderManager::TRIGGER_RECONCILER ) ), $debited, 'Other plugins hear of the debit once, found by the check.' );
	}

	public function test_retry_after_an_unknown_outcome_that_did_not_go_through_debits_once(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', new ApiException( 'dropped', ApiException::KIND_NETWORK ) );
		$this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( array( 'debit:unknown' ), $this->states( $order ) );

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::DEBITED, $result->code() );
		$this->assertCount( 2, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
		$this->assertSame( 104700, $this->ecster( $order )['debitedAmount'] );
		$this->assertSame( array( 'debit:not_applied', 'debit:confirmed' ), $this->states( $order ) );
		$this->assertStringContainsString( 'did not happen', $this->notes( $order ) );
		$this->assertSame( $result->transaction_id(), $order->get_meta( '_ecster_order_captured_id' ) );
	}

	public function test_rate_limited_debit_says_ecster_is_rate_limiting_and_to_try_again_later(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'get_order', new ApiException( 'HTTP 429', ApiException::KIND_RATE_LIMITED, 429 ) );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::RATE_LIMITED, $result->code() );
		$this->assertStringContainsString( 'rate limiting', $result->message() );
		$this->assertStringContainsString( 'try again', $result->message() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertSame( array(), $this->journal->entries(), 'Nothing was sent, so nothing is open.' );
	}

	public function test_invalid_state_answer_rereads_ecster_and_records_a_debit_made_meanwhile(): void {
		$order     = $this->managed_order();
		$reference = (string) $order->get_meta( '_wc_ecster_internal_reference' );
		// Ecster answers 4424 because another system debited between our read and our debit.
		$this->client->fail_next( 'create_transaction', new ApiException( '4424', ApiException::KIND_HTTP, 400, 4424, 'order is not in a valid state' ), true );
		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::ALREADY_DEBITED, $result->code() );
		$this->assertSame( 'FULLY_DELIVERED', $this->client->orders[ $reference ]['status'] );
		$this->assertSame( $this->client->orders[ $reference ]['transactions'][1]['id'], $order->get_meta( '_ecster_order_captured_id' ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
	}

	/**
	 * That the change to Completed then debits nothing more (WooCommerce's save):
	 * tests/php/integration/Orders/RestApiTest.php, test_state_debit_and_refund_answers.
	 */
	public function test_successful_manual_debit_completes_the_order(): void {
		$order = $this->managed_order();

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::DEBITED, $result->code() );
		$this->assertSame( 'completed', $order->get_status() );
		$this->assertSame( array( array( 'from' => 'processing', 'to' => 'completed', 'note' => 'Completed after the Ecster debit.' ) ), $order->status_changes );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'DEBIT' ) );
		$this->assertCount( 1, array_filter( $order->notes, static fn( $n ) => str_contains( $n, 'debited' ) ) );
	}

	public function test_a_debit_from_a_status_change_does_not_change_the_status_itself(): void {
		$order = $this->managed_order( null, 'INVOICE', array(), 'on-hold' );
		$this->assertSame( Result::DEBITED, $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK )->code() );
		$this->assertSame( array(), $order->status_changes, 'The status change that triggered it is WooCommerce\'s to save.' );
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

	/**
	 * That the order then stays out of Completed (WooCommerce's save): tests/php/integration/Orders/
	 * ExactlyOnceTest.php, test_completing_an_order_another_request_is_processing_leaves_it_out_of_completed_without_completed_hooks_or_email.
	 */
	public function test_a_status_change_that_cannot_get_the_lock_notes_it_and_does_not_debit(): void {
		add_filter( 'ecster_om_lock_wait_seconds', static fn() => 0.0 );
		$order = $this->managed_order();
		$other = ( time() + 60 ) . '|other-process';
		$GLOBALS['wpdb']->rows[ 'ecster_om_lock_' . $order->get_id() ] = $other;

		$result = $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::LOCKED, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( array(), $order->status_changes );
		$this->assertStringContainsString( 'Ecster debit not sent from this status change: Another request is already processing', $this->last_note( $order ) );
		$this->assertSame( $other, $GLOBALS['wpdb']->rows[ 'ecster_om_lock_' . $order->get_id() ], 'The other process\'s lock is left alone.' );
	}

	public function test_a_status_change_waits_for_the_lock_as_long_as_the_filter_says_and_a_person_never_waits(): void {
		$waits = array();
		add_filter(
			'ecster_om_lock_wait_seconds',
			static function ( $seconds ) use ( &$waits ) {
				$waits[] = $seconds;
				return 0.3;
			}
		);
		$order = $this->managed_order();
		$GLOBALS['wpdb']->rows[ 'ecster_om_lock_' . $order->get_id() ] = ( time() + 60 ) . '|other-process';

		$started = microtime( true );
		$this->assertSame( Result::LOCKED, $this->manager->debit( $order, OrderManager::TRIGGER_STATUS_HOOK )->code() );
		$this->assertGreaterThanOrEqual( 0.3, microtime( true ) - $started );
		$this->assertSame( array( 15.0 ), $waits, 'Status changes wait 15 s by default.' );

		$this->assertSame( Result::LOCKED, $this->manager->debit( $order, OrderManager::TRIGGER_REST )->code() );
		$this->assertCount( 1, $waits, 'A person\'s action never waits.' );
	}

	public function test_the_lock_is_released_after_a_failure(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( array(), $GLOBALS['wpdb']->rows );
		$this->assertSame( Result::DEBITED, $this->manager->debit( $order, OrderManager::TRIGGER_REST )->code() );
		$this->assertSame( array(), $GLOBALS['wpdb']->rows );
	}

	public function test_the_lock_is_renewed_before_the_request_so_it_outlives_the_request(): void {
		$order   = $this->managed_order();
		$renewed = null;
		add_action(
			'ecster_om_after_ecster_answer',
			function () use ( $order, &$renewed ): void {
				$renewed = $this->manager->lock()->expires_in( $order->get_id() );
			}
		);
		$this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertGreaterThanOrEqual( 179, $renewed, 'From the request on, the lock outlives the longest request (120 s) plus margin.' );
		$this->assertNotEmpty(
			array_filter( $GLOBALS['wpdb']->queries, static fn( string $q ): bool => str_starts_with( $q, 'UPDATE wp_options SET option_value' ) ),
			'The lock row was renewed.'
		);
	}

	public function test_no_request_leaves_when_the_journal_cannot_save_the_intent(): void {
		$order                      = $this->managed_order();
		$this->journal->unavailable = true;
		$result                     = $this->manager->debit( $order, OrderManager::TRIGGER_REST );
		$this->assertSame( Result::JOURNAL_UNAVAILABLE, $result->code() );
		$this->assertFalse( $result->ecster_called() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertStringContainsString( 'could not be saved in the database', $this->last_note( $order ) );
		$this->assertSame( array(), $GLOBALS['wpdb']->rows, 'The lock is released.' );
	}

	public function test_an_operation_started_from_inside_another_on_the_same_order_fails_clearly(): void {
		$order  = $this->managed_order();
		$nested = null;
		add_action(
			'ecster_om_after_ecster_answer',
			function ( $o ) use ( &$nested ): void {
				$nested = $this->manager->annul( $o, OrderManager::TRIGGER_STATUS_HOOK );
			}
		);
		$this->assertSame( Result::DEBITED, $this->manager->debit( $order, OrderManager::TRIGGER_REST )->code() );
		$this->assertInstanceOf( Result::class, $nested );
		$this->assertSame( Result::NESTED_OPERATION, $nested->code() );
		$this->assertFalse( $nested->is_success(), 'Never answered with success without a call.' );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction', 'ANNUL' ) );
	}
}
