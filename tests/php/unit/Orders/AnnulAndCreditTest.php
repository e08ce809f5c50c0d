<?php
/**
 * Annul (cancel) and credit (refund) of Ecster orders, Swish included.
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
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::ANNUL, JournalEntry::CONFIRMED, $result->transaction_id() ), array( $entry->operation, $entry->state, $entry->transaction_id ) );
		$this->assertSame( (string) $order->get_id(), $this->client->calls_of( 'create_transaction', 'ANNUL' )[0]['body']['transactionReference'], 'The order id, as the merchant finds it in Ecster.' );
		$this->assertSame( array(), $order->status_changes, 'Cancelled already: the status change was the trigger.' );
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

	public function test_annul_timeout_is_journaled_as_an_open_question_and_the_retry_records_what_ecster_did(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$first = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $first->code() );
		$this->assertSame( array( 'annul:unknown' ), $this->states( $order ) );
		$this->assertCount( 1, WooFakes::pending( Reconciler::HOOK_ORDER ) );

		$second = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ALREADY_ANNULLED, $second->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'ANNUL' ) );
		$this->assertSame( array( 'annul:confirmed' ), $this->states( $order ) );
		$this->assertSame( $this->ecster( $order )['transactions'][1]['id'], $order->saved_meta['_ecster_order_cancelled_id'] );
		$this->assertStringContainsString( 'Ecster\'s answer to the annul was lost; checking Ecster\'s records showed it went through. Nothing was sent again.', $this->notes( $order ) );
	}

	public function test_failed_annul_notes_ecsters_code_and_message(): void {
		$order = $this->managed_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::ECSTER_ERROR, $result->code() );
		$this->assertStringContainsString( 'Ecster annul request failed. Error code: 4100. Error message: Invalid request to Ecster', $this->last_note( $order ) );
		$this->assertSame( '', $order->get_meta( '_ecster_order_cancelled_id' ) );
		$this->assertSame( array( 'annul:refused' ), $this->states( $order ) );
	}

	public function test_swish_annul_makes_no_ecster_call_and_says_to_handle_it_with_swish_or_the_bank(): void {
		$order  = $this->managed_order( null, 'SWISH' );
		$result = $this->manager->annul( $order, OrderManager::TRIGGER_STATUS_HOOK );
		$this->assertSame( Result::SWISH_NO_ANNUL, $result->code() );
		$this->assertSame( array(), $this->client->calls );
		$this->assertStringContainsString( 'Swish/your bank', $this->last_note( $order ) );
	}

	public function test_refund_credits_the_refund_lines_against_the_debit_and_keeps_the_older_plugins_meta(): void {
		$order    = $this->debited_order();
		$item     = WooFakes::item( $order );
		$refund   = WooFakes::refund(
			$order,
			'499.00',
			array( $item->get_id() => new \WC_Order_Item_Product( 'Kaffebryggare', -399.20, -99.80, -1, 'KB-1', 11 ) ),
			'Trasig'
		);
		$captured = $order->get_meta( '_ecster_order_captured_id' );

		$result = $this->refund_through_woocommerce( $order, $refund );
		$this->assertSame( Result::CREDITED, $result->code(), $result->message() );
		$this->assertTrue( $result->ecster_called() );
		$credits = $this->client->calls_of( 'create_transaction', 'CREDIT' );
		$this->assertCount( 1, $credits );
		$body = $credits[0]['body'];
		$this->assertSame( 49900, $body['amount'] );
		$this->assertSame( $captured, $body['debitTransaction'] );
		$this->assertSame( (string) $refund->get_id(), $body['transactionReference'] );
		$this->assertSame( 'Trasig', $body['message'] );
		$this->assertSame(
			array( array( 'partNumber' => 'KB-1', 'name' => 'Kaffebryggare', 'quantity' => 1, 'unitAmount' => 49900, 'vatRate' => 2500 ) ),
			$body['rows']
		);
		$transaction = $order->saved_meta[ '_ecster_refund_id_' . $refund->get_id() ];
		$this->assertSame( $result->transaction_id(), $transaction );
		$this->assertStringEndsWith( '.pdf', $order->saved_meta[ '_ecster_refund_id_' . $refund->get_id() . '_invoice' ] );
		$note = $this->last_note( $order );
		$this->assertStringContainsString( 'Ecster order credited with 499,00', $note );
		$this->assertStringContainsString( $transaction, $note );
		$this->assertStringContainsString( 'Credit invoice', $note );
		$this->assertSame( 49900, $this->ecster( $order )['creditedAmount'] );
		$entry = $this->journal->for_refund( $order->get_id(), $refund->get_id() );
		$this->assertNotNull( $entry );
		$this->assertSame( array( JournalEntry::CREDIT, JournalEntry::CONFIRMED, 49900, $transaction ), array( $entry->operation, $entry->state, $entry->amount, $entry->transaction_id ) );
		$this->assertSame(
			array( $item->get_id() => array( 'qty' => 1, 'refund_total' => 399.2, 'refund_tax' => array( 1 => 99.8 ) ) ),
			$entry->detail( 'lines' ),
			'The journal keeps the refund\'s lines, to make the refund again if WooCommerce loses it.'
		);
	}

	public function test_refund_without_lines_sends_one_row_for_the_amount(): void {
		$order = $this->debited_order();
		[ $result, $refund ] = $this->refund( $order, '100.50', array(), 'Goodwill' );
		$this->assertTrue( $result->is_success(), $result->message() );
		$rows = $this->client->calls_of( 'create_transaction', 'CREDIT' )[0]['body']['rows'];
		$this->assertCount( 1, $rows );
		$this->assertSame( 10050, $rows[0]['unitAmount'] );
		$this->assertSame( 'ref1', $rows[0]['partNumber'] );
		$this->assertSame( 'Refund #' . $refund->get_id() . ' (Goodwill)', $rows[0]['name'] );
		$this->assertSame( 10050, RowBuilder::sum( $rows ) );
	}

	/**
	 * Which refund the gateway passes (the one WooCommerce announced): Refunds\RefundTrackerTest
	 * and Gateway\EcsterGatewayTest.
	 */
	public function test_a_credit_without_a_refund_uses_its_journal_reference_in_ecster(): void {
		$order  = $this->debited_order();
		$result = $this->manager->credit( $order, null, 20.00, '', OrderManager::TRIGGER_GATEWAY );
		$this->assertSame( Result::CREDITED, $result->code() );
		$entry = $this->only_credit( $order );
		$this->assertSame( 0, $entry->refund_id );
		$body = $this->client->calls_of( 'create_transaction', 'CREDIT' )[0]['body'];
		$this->assertSame( $entry->reference, $body['transactionReference'] );
		$this->assertSame( 'Refund', $body['rows'][0]['name'] );
		$this->assertSame( array(), array_filter( array_keys( $order->saved_meta ), static fn( $k ) => str_starts_with( (string) $k, '_ecster_refund_id_' ) ) );
	}

	public function test_refund_before_any_debit_fails_so_woocommerce_records_no_refund(): void {
		$order = $this->managed_order();
		[ $result ] = $this->refund( $order, '10.00' );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::NOT_DEBITED, $result->code() );
		$this->assertStringContainsString( 'not been debited in Ecster yet', $result->message() );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertSame( array(), $order->get_refunds() );
		$this->assertSame( array(), $this->journal->entries() );
	}

	public function test_refund_above_what_can_still_be_credited_fails_without_a_credit(): void {
		$order = $this->debited_order();
		$this->assertTrue( $this->refund( $order, '1000.00' )[0]->is_success() );
		[ $result ] = $this->refund( $order, '47.01' );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::AMOUNT_EXCEEDS_CREDITABLE, $result->code() );
		$this->assertStringContainsString( '47,00', $result->message() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
	}

	public function test_zero_or_negative_refund_amounts_are_refused(): void {
		$order = $this->debited_order();
		$this->assertSame( Result::INVALID_AMOUNT, $this->manager->credit( $order, null, 0.0, '', OrderManager::TRIGGER_GATEWAY )->code() );
		$this->assertSame( Result::INVALID_AMOUNT, $this->manager->credit( $order, null, -5.0, '', OrderManager::TRIGGER_GATEWAY )->code() );
		$this->assertSame( Result::INVALID_AMOUNT, $this->manager->credit( $order, null, 0.004, '', OrderManager::TRIGGER_GATEWAY )->code(), 'Less than one öre is nothing.' );
		$this->assertSame( array(), $this->client->calls );
		$this->assertSame( array( 'debit:confirmed' ), $this->states( $order ), 'Nothing journaled beyond the debit.' );
	}

	public function test_failed_credit_returns_a_failure_and_notes_ecsters_code(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->ecster_error() );
		[ $result ] = $this->refund( $order, '10.00' );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::ECSTER_ERROR, $result->code() );
		$this->assertStringContainsString( 'Ecster credit order failed. Error code: 4100', $this->last_note( $order ) );
		$this->assertSame( array( 'credit:refused' ), array_values( array_filter( $this->states( $order ), static fn( $s ) => str_starts_with( $s, 'credit' ) ) ) );
	}

	public function test_refund_of_an_unmanaged_order_fails_saying_to_refund_manually(): void {
		$order = $this->debited_order();
		FakeState::settings( array( 'manage_ecster_orders' => 'no' ) );
		$result = $this->manager->credit( $order, null, 10.00, '', OrderManager::TRIGGER_GATEWAY );
		$this->assertSame( Result::NOT_MANAGED, $result->code() );
		$this->assertStringContainsString( 'Refund manually', $result->message() );
		$this->assertSame( array(), $this->client->calls );
	}

	public function test_credit_timeout_then_a_new_refund_of_the_same_amount_records_the_earlier_credit_without_sending_another(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		[ $first, $lost ] = $this->refund( $order, '30.00' );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $first->code() );
		$this->assertSame( array(), $order->get_refunds(), 'WooCommerce deletes the refund after the error.' );
		$this->assertSame( JournalEntry::UNKNOWN, $this->only_credit( $order )->state );

		[ $result, $again ] = $this->refund( $order, '30.00' );
		$this->assertSame( Result::ALREADY_CREDITED, $result->code() );
		$this->assertTrue( $result->is_success() );
		$this->assertStringContainsString( 'did go through', $result->message() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( 3000, $this->ecster( $order )['creditedAmount'] );
		$entry = $this->only_credit( $order );
		$this->assertSame( array( JournalEntry::CONFIRMED, $again->get_id() ), array( $entry->state, $entry->refund_id ), 'The credit now belongs to the refund WooCommerce kept.' );
		$this->assertSame( $entry->transaction_id, $order->saved_meta[ '_ecster_refund_id_' . $again->get_id() ] );
		$this->assertArrayNotHasKey( '_ecster_refund_id_' . $lost->get_id(), $order->saved_meta );
		$this->assertSame( array( $again ), $order->get_refunds() );
		$this->assertStringContainsString( 'It is recorded as refund #' . $again->get_id() . '; nothing was sent again.', $this->notes( $order ) );
	}

	public function test_credit_timeout_then_a_different_amount_is_refused_and_the_earlier_credit_gets_its_own_refund(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->refund( $order, '30.00' );
		[ $result ] = $this->refund( $order, '50.00' );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::EARLIER_CREDIT_FOUND, $result->code() );
		$this->assertStringContainsString( '30,00', $result->message() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( array(), $order->get_refunds() );
		$this->assertTrue( $this->only_credit( $order )->detail( 'needsRefund' ), 'The earlier credit waits for its WooCommerce refund.' );
		$this->assertCount( 1, WooFakes::pending( Reconciler::HOOK_ORDER ) );

		// The background check records the earlier credit as a refund of its own ...
		$this->run_background_check();
		$refunds = $order->get_refunds();
		$this->assertCount( 1, $refunds );
		$this->assertSame( '30.00', $refunds[0]->get_amount() );
		$entry = $this->only_credit( $order );
		$this->assertSame( $refunds[0]->get_id(), $entry->refund_id );
		$this->assertSame( $entry->transaction_id, $order->saved_meta[ '_ecster_refund_id_' . $refunds[0]->get_id() ] );
		$this->assertStringStartsWith( 'The credit of 30,00', $this->last_note( $order ) );
		$this->assertStringEndsWith( 'found in Ecster\'s records is now recorded as refund #' . $refunds[0]->get_id() . '.', $this->last_note( $order ) );

		// ... and refunds work again.
		$this->assertSame( Result::CREDITED, $this->refund( $order, '50.00' )[0]->code() );
		$this->assertCount( 2, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( 8000, $this->ecster( $order )['creditedAmount'] );
	}

	public function test_a_credit_found_by_the_background_check_gets_its_woocommerce_refund_back(): void {
		$order = $this->debited_order();
		$item  = WooFakes::item( $order );
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		[ $first, $lost ] = $this->refund(
			$order,
			'499.00',
			array( $item->get_id() => new \WC_Order_Item_Product( 'Kaffebryggare', -399.20, -99.80, -1, 'KB-1', 11 ) ),
			'Trasig'
		);
		$this->assertSame( Result::OUTCOME_UNKNOWN, $first->code() );
		$this->assertSame( array(), $order->get_refunds() );

		$this->run_background_check();
		$refunds = $order->get_refunds();
		$this->assertCount( 1, $refunds, 'Made again from the journal.' );
		$this->assertNotSame( $lost->get_id(), $refunds[0]->get_id() );
		$this->assertSame( array( '499.00', 'Trasig' ), array( $refunds[0]->get_amount(), $refunds[0]->get_reason() ) );
		$this->assertSame( array( $item->get_id() => array( 'qty' => 1, 'refund_total' => 399.2, 'refund_tax' => array( 1 => 99.8 ) ) ), $refunds[0]->line_items, 'With its lines.' );
		$entry = $this->only_credit( $order );
		$this->assertSame( array( JournalEntry::CONFIRMED, $refunds[0]->get_id(), true, false ), array( $entry->state, $entry->refund_id, $entry->detail( 'recreatedRefund' ), $entry->detail( 'needsRefund' ) ) );
		$this->assertSame( $entry->transaction_id, $order->saved_meta[ '_ecster_refund_id_' . $refunds[0]->get_id() ] );
		$this->assertStringContainsString( 'It is recorded as refund #' . $refunds[0]->get_id() . '; nothing was sent again.', $this->notes( $order ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
	}

	public function test_a_credit_found_later_whose_refund_woocommerce_cannot_make_is_flagged_logged_and_made_on_a_later_check(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', $this->timeout(), true );
		$this->refund( $order, '30.00' );
		$GLOBALS['ecster_om_wc_fake']['refund_error'] = 'Invalid refund amount.';

		$this->run_background_check();
		$entry = $this->only_credit( $order );
		$this->assertSame( array( JournalEntry::CONFIRMED, true ), array( $entry->state, $entry->detail( 'needsRefund' ) ) );
		$this->assertSame( array(), $order->get_refunds() );
		$this->assertNotEmpty( array_filter( WooFakes::logs(), static fn( $l ) => 'error' === $l['level'] && str_contains( $l['message'], 'could not be recorded as a WooCommerce refund' ) ) );
		$this->assertStringContainsString( 'It is recorded as a WooCommerce refund in a moment; nothing was sent again.', $this->last_note( $order ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ), 'Never credited twice.' );

		// It is followed up on its own: a later check makes the refund once WooCommerce can.
		$this->assertNotEmpty( WooFakes::pending( Reconciler::HOOK_ORDER ), 'A later check of the order is scheduled.' );
		$this->assertNotNull( $this->journal->find( $entry->id )->next_check );
		unset( $GLOBALS['ecster_om_wc_fake']['refund_error'] );
		$this->run_background_check();
		$refunds = $order->get_refunds();
		$this->assertCount( 1, $refunds );
		$this->assertSame( $entry->transaction_id, (string) $order->get_meta( '_ecster_refund_id_' . $refunds[0]->get_id() ) );
		$done = $this->journal->find( $entry->id );
		$this->assertSame( array( false, null ), array( $done->detail( 'needsRefund' ), $done->next_check ) );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ), 'Never credited twice.' );
	}

	public function test_credit_timeout_that_did_not_reach_ecster_blocks_new_credits_until_it_is_settled_then_credits_once(): void {
		$order = $this->debited_order();
		$this->client->fail_next( 'create_transaction', new ApiException( 'Connection reset', ApiException::KIND_NETWORK ) );
		$this->refund( $order, '30.00' );
		$lost = $this->only_credit( $order );
		$this->assertSame( array( JournalEntry::UNKNOWN, 'network' ), array( $lost->state, $lost->ecster_code ) );

		// Just after, the request may still be on its way to Ecster: nothing new is sent.
		[ $early ] = $this->refund( $order, '30.00' );
		$this->assertSame( Result::OUTCOME_PENDING, $early->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( JournalEntry::UNKNOWN, $this->journal->find( $lost->id )->state );

		// Once the settling time has passed, its absence in Ecster proves it never arrived.
		$this->journal->backdate( $lost->id, Reconciler::settle_seconds() + 1 );
		[ $result ] = $this->refund( $order, '30.00' );
		$this->assertSame( Result::CREDITED, $result->code() );
		$this->assertCount( 2, $this->client->calls_of( 'create_transaction', 'CREDIT' ) );
		$this->assertSame( 3000, $this->ecster( $order )['creditedAmount'] );
		$this->assertSame( JournalEntry::NOT_APPLIED, $this->journal->find( $lost->id )->state );
		$this->assertStringContainsString( 'Nothing was credited. Refund again if the customer should get the money back.', $this->notes( $order ) );
	}

	public function test_swish_refund_uses_the_swish_endpoint_notes_pending_and_schedules_a_status_check(): void {
		$order  = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$refund = WooFakes::refund( $order, '100.00', array(), 'Retur' );
		$before = time();
		$result = $this->refund_through_woocommerce( $order, $refund );
		$this->assertSame( Result::SWISH_REFUND_PENDING, $result->code() );
		$this->assertTrue( $result->is_success() );

		$swish = $this->client->calls_of( 'create_swish_refund' );
		$this->assertCount( 1, $swish );
		$this->assertSame( array( 'amount' => 10000, 'debitTransaction' => 'SW-1', 'message' => 'Retur' ), $swish[0]['body'] );
		$this->assertSame( array(), $this->client->calls_of( 'create_transaction' ) );
		$this->assertStringStartsWith( 'Swish refund of 100,00', $this->last_note( $order ) );
		$this->assertStringContainsString( 'is pending in Ecster. Its status is checked every 3 minutes', $this->last_note( $order ) );
		$this->assertSame( 'ONGOING', $order->saved_meta[ '_ecster_om_swish_refund_' . $refund->get_id() ] );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::SWISH_REFUND, JournalEntry::CONFIRMED, 'ONGOING', '' ), array( $entry->operation, $entry->state, $entry->detail( 'swishStatus' ), $entry->detail( 'baselineRefundId' ) ) );
		$this->assertSame( $this->client->swish_refunds[ $this->reference( $order ) ][0]['id'], $entry->transaction_id, 'Tied to Ecster\'s refund id.' );
		$checks = WooFakes::pending( Reconciler::HOOK_ORDER );
		$this->assertCount( 1, $checks );
		$this->assertSame( array( 'order_id' => $order->get_id() ), $checks[0]['args'] );
		$this->assertGreaterThanOrEqual( $before + 180, $checks[0]['time'], 'Checked every 3 minutes.' );

		$this->client->finish_swish_refund( $this->reference( $order ), 'SUCCESS' );
		$this->run_background_check();
		$this->assertStringStartsWith( 'Ecster order credited with 100,00', $this->last_note( $order ) );
		$this->assertStringEndsWith( '(Swish refund completed).', $this->last_note( $order ) );
		$this->assertSame( 'SUCCESS', $order->saved_meta[ '_ecster_om_swish_refund_' . $refund->get_id() ] );
		$this->assertSame( $entry->transaction_id, $order->saved_meta[ '_ecster_refund_id_' . $refund->get_id() ], 'A completed Swish refund marks the refund credited.' );
		$this->assertSame( array(), WooFakes::pending( Reconciler::HOOK_ORDER ) );
	}

	public function test_swish_status_check_reschedules_while_ongoing_and_notes_a_failure(): void {
		$order  = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$refund = WooFakes::refund( $order, '100.00' );
		$this->refund_through_woocommerce( $order, $refund );

		$this->run_background_check();
		$this->assertCount( 2, WooFakes::scheduled() );
		$this->assertCount( 1, WooFakes::pending( Reconciler::HOOK_ORDER ), 'Still ONGOING: checked again later.' );
		$this->assertSame( 2, $this->only_entry( $order )->checks );
		$this->assertSame( 'ONGOING', $order->saved_meta[ '_ecster_om_swish_refund_' . $refund->get_id() ] );

		$this->client->finish_swish_refund( $this->reference( $order ), 'DECLINED' );
		$this->run_background_check();
		$this->assertStringContainsString( 'Ecster credit Swish order failed', $this->last_note( $order ) );
		$this->assertStringContainsString( 'DECLINED', $this->last_note( $order ) );
		$this->assertStringContainsString( 'refund them directly through Swish/your bank', $this->last_note( $order ) );
		$this->assertCount( 2, WooFakes::scheduled() );
		$this->assertSame( array(), WooFakes::pending( Reconciler::HOOK_ORDER ) );
		$this->assertSame( 'DECLINED', $order->saved_meta[ '_ecster_om_swish_refund_' . $refund->get_id() ] );
		$this->assertArrayNotHasKey( '_ecster_refund_id_' . $refund->get_id(), $order->saved_meta, 'A failed Swish refund is not a credit.' );
	}

	public function test_a_second_swish_refund_while_one_is_ongoing_is_refused(): void {
		$order = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$this->refund( $order, '10.00' );
		[ $result ] = $this->refund( $order, '10.00' );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::SWISH_REFUND_RUNNING, $result->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_swish_refund' ) );
	}

	public function test_swish_refund_refused_by_ecster_fails_and_nothing_is_followed(): void {
		$order                             = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$this->client->swish_refund_status = 'FAILED';
		[ $result ] = $this->refund( $order, '10.00' );
		$this->assertFalse( $result->is_success() );
		$this->assertSame( Result::SWISH_REFUND_FAILED, $result->code() );
		$this->assertStringContainsString( 'status FAILED', $this->last_note( $order ) );
		$this->assertSame( array( 'swish_refund:refused' ), $this->states( $order ) );
		$this->assertSame( array(), WooFakes::scheduled() );
	}

	public function test_a_lost_swish_answer_is_never_resent_the_refund_is_found_by_its_baseline(): void {
		$order = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		// An earlier Swish refund, finished: the baseline a new one is told apart from.
		$earlier = $this->client->add_swish_refund( $this->reference( $order ), 5000, 'SUCCESS' );
		$this->client->fail_next( 'create_swish_refund', $this->timeout(), true );
		[ $first ] = $this->refund( $order, '10.00' );
		$this->assertSame( Result::OUTCOME_UNKNOWN, $first->code() );
		$lost = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::UNKNOWN, $earlier['id'] ), array( $lost->state, $lost->detail( 'baselineRefundId' ) ) );

		[ $again, $refund ] = $this->refund( $order, '10.00' );
		$this->assertSame( Result::ALREADY_CREDITED, $again->code() );
		$this->assertCount( 1, $this->client->calls_of( 'create_swish_refund' ), 'The Swish refund is not sent twice.' );
		$entry = $this->only_entry( $order );
		$this->assertSame( array( JournalEntry::CONFIRMED, $refund->get_id() ), array( $entry->state, $entry->refund_id ) );
		$this->assertSame( $this->client->swish_refunds[ $this->reference( $order ) ][1]['id'], $entry->transaction_id );
		$this->assertStringContainsString( 'Ecster\'s answer to the Swish refund was lost; checking Ecster\'s records showed it was accepted.', $this->notes( $order ) );
	}

	public function test_a_lost_swish_answer_without_ecster_ids_stays_an_open_question_even_after_the_settling_time(): void {
		$order                   = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$this->client->swish_ids = false;
		$this->client->fail_next( 'create_swish_refund', $this->timeout(), true );
		$this->refund( $order, '10.00' );
		$this->journal->backdate( $this->only_entry( $order )->id, Reconciler::settle_seconds() + 1 );

		[ $again ] = $this->refund( $order, '10.00' );
		$this->assertSame( Result::OUTCOME_PENDING, $again->code(), 'Without ids the latest refund proves nothing about ours, either way.' );
		$this->assertStringContainsString( 'does not identify its Swish refunds', $again->message() );
		$this->assertCount( 1, $this->client->calls_of( 'create_swish_refund' ), 'Never sent twice.' );
		$this->assertSame( array( 'swish_refund:unknown' ), $this->states( $order ) );
	}

	public function test_a_swish_refund_that_never_reached_ecster_is_told_apart_from_an_earlier_one_of_the_same_amount(): void {
		$order = $this->managed_order( null, 'SWISH', array( '_wc_ecster_swish_id' => 'SW-1' ) );
		$this->client->add_swish_refund( $this->reference( $order ), 1000, 'SUCCESS' );
		$this->client->fail_next( 'create_swish_refund', new ApiException( 'Connection reset', ApiException::KIND_NETWORK ) );
		$this->refund( $order, '10.00' );
		$lost = $this->only_entry( $order );
		$this->journal->backdate( $lost->id, Reconciler::settle_seconds() + 1 );

		[ $again ] = $this->refund( $order, '10.00' );
		$this->assertSame( Result::SWISH_REFUND_PENDING, $again->code(), 'The earlier refund is the baseline, not ours: ours never arrived.' );
		$this->assertSame( JournalEntry::NOT_APPLIED, $this->journal->find( $lost->id )->state );
		$this->assertCount( 2, $this->client->calls_of( 'create_swish_refund' ) );
		$this->assertCount( 2, $this->client->swish_refunds[ $this->reference( $order ) ] );
	}

	/**
	 * The order's only credit (or Swish refund) journal entry.
	 */
	private function only_credit( \WC_Order $order ): JournalEntry {
		$credits = array_values( array_filter( $this->journal->for_order( $order->get_id() ), static fn( JournalEntry $e ): bool => JournalEntry::DEBIT !== $e->operation ) );
		$this->assertCount( 1, $credits, 'The order has one credit in the journal.' );
		return $credits[0];
	}
}
