<?php
/**
 * Orders the Ecster Pay checkout plugin left behind — reserved, debited, annulled, partly
 * refunded — debited, annulled, refunded and shown by this plugin on every order storage.
 *
 * Runs on the storage the site was installed with: `npm test`'s php-integration stage (HPOS) and
 * its php-storage stage (ECSTER_OM_ORDER_STORAGE=posts and hpos-sync, `--group storage`).
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Storage;

/**
 * @group storage
 */
final class OldPluginOrdersTest extends OldPluginTestCase {

	public function test_reserved_order_is_shown_as_reserved_and_completing_it_debits_once(): void {
		$old   = $this->old_plugin_order( 'reserved' );
		$id    = $old['order']->get_id();
		$total = $this->total_minor( $old['order'] );
		$this->assertSame( 'processing', $old['order']->get_status() );

		$state = $this->panel( $id );
		$this->assertTrue( $state['managed'] );
		$this->assertSame( $old['ecster'], $state['ecsterOrderId'] );
		$this->assertSame( 'INVOICE', $state['paymentMethod'] );
		$this->assertSame( 'READY', $state['ecsterStatus'] );
		$this->assertSame( $total, $state['amounts']['reserved'] );
		$this->assertSame( 0, $state['amounts']['debited'] );
		$this->assertTrue( $state['actions']['debit']['allowed'] );
		$this->assertTrue( $state['actions']['annul']['allowed'] );
		$this->assertFalse( $state['actions']['refund']['allowed'] );
		$this->assertSame( array(), $state['warnings'] );

		// The merchant sets Completed (any path that saves the status: here update_status()).
		wp_set_current_user( 0 );
		$this->fresh( $id )->update_status( 'completed' );
		$order = $this->fresh( $id );
		$this->assertSame( 'completed', $order->get_status() );
		$debits = $this->sent_since_mark( 'DEBIT' );
		$this->assertCount( 1, $debits );
		$this->assertSame( $total, $debits[0]['body']['amount'] );
		$stored = $this->stored( $order, 'DEBIT' );
		$this->assertCount( 1, $stored );
		$this->assert_stored_meta( $id, '_ecster_order_captured_id', (string) $stored[0]['id'] );
		$this->assert_note_contains( $order, 'Ecster payment debited' );

		// Asked again (panel's Debit, REST): recorded, nothing sent.
		$this->as_user( 'administrator' );
		$again = $this->rest( 'POST', self::NS . $id . '/debit' );
		$this->assertSame( 200, $again->get_status(), (string) wp_json_encode( $again->get_data() ) );
		$this->assertSame( 'already_debited', $again->get_data()['result'] );
		$this->assertCount( 1, $this->sent_since_mark( 'DEBIT' ) );
		$this->assertSame( 'FULLY_DELIVERED', $this->panel( $id )['ecsterStatus'] );
	}

	public function test_reserved_order_cancelled_is_annulled_once_and_cannot_be_refunded(): void {
		$old = $this->old_plugin_order( 'reserved' );
		$id  = $old['order']->get_id();

		$this->as_user( 'administrator' );
		$refund = $this->rest( 'POST', self::NS . $id . '/refund', array( 'amount' => '100.00' ) );
		$this->assertSame( 409, $refund->get_status(), (string) wp_json_encode( $refund->get_data() ) );
		$this->assertSame( 'ecster_om_not_debited', $refund->get_data()['code'] );
		$this->assertSame( array(), $this->fresh( $id )->get_refunds() );

		wp_set_current_user( 0 );
		$this->fresh( $id )->update_status( 'cancelled' );
		$order = $this->fresh( $id );
		$this->assertSame( 'cancelled', $order->get_status() );
		$annuls = $this->sent_since_mark( 'ANNUL' );
		$this->assertCount( 1, $annuls );
		$stored = $this->stored( $order, 'ANNUL' );
		$this->assertCount( 1, $stored );
		$this->assert_stored_meta( $id, '_ecster_order_cancelled_id', (string) $stored[0]['id'] );

		$this->as_user( 'administrator' );
		$again = $this->rest( 'POST', self::NS . $id . '/annul' );
		$this->assertSame( 200, $again->get_status(), (string) wp_json_encode( $again->get_data() ) );
		$this->assertSame( 'already_annulled', $again->get_data()['result'] );
		$this->assertCount( 1, $this->sent_since_mark( 'ANNUL' ) );
		$this->assertCount( 0, $this->sent_since_mark( 'CREDIT' ) );
		$this->assertCount( 0, $this->sent_since_mark( 'DEBIT' ) );
	}

	public function test_debited_order_is_never_debited_or_annulled_again(): void {
		$old   = $this->old_plugin_order( 'debited' );
		$id    = $old['order']->get_id();
		$total = $this->total_minor( $old['order'] );
		$this->assertSame( 'completed', $old['order']->get_status() );

		$state = $this->panel( $id );
		$this->assertSame( 'FULLY_DELIVERED', $state['ecsterStatus'] );
		$this->assertSame( $total, $state['amounts']['debited'] );
		$this->assertSame( $total, $state['amounts']['creditable'] );
		$this->assertFalse( $state['actions']['debit']['allowed'] );
		$this->assertFalse( $state['actions']['annul']['allowed'] );
		$this->assertTrue( $state['actions']['refund']['allowed'] );
		$this->assertSame( $total, $state['actions']['refund']['maxAmount'] );
		$this->assertSame( array(), $state['warnings'] );

		$debit = $this->rest( 'POST', self::NS . $id . '/debit' );
		$this->assertSame( 'already_debited', $debit->get_data()['result'], (string) wp_json_encode( $debit->get_data() ) );
		$this->assertSame( $old['debit'], $debit->get_data()['transactionId'] );

		$annul = $this->rest( 'POST', self::NS . $id . '/annul' );
		$this->assertSame( 409, $annul->get_status(), (string) wp_json_encode( $annul->get_data() ) );

		// Back to Processing and Completed again (a merchant's correction): no second debit.
		wp_set_current_user( 0 );
		$this->fresh( $id )->update_status( 'processing' );
		$this->fresh( $id )->update_status( 'completed' );
		$this->assertSame( 'completed', $this->fresh( $id )->get_status() );

		$this->assertSame( array(), $this->sent_since_mark( 'DEBIT' ) );
		$this->assertSame( array(), $this->sent_since_mark( 'ANNUL' ) );
		$this->assertCount( 1, $this->stored( $old['order'], 'DEBIT' ) );
		$this->assert_stored_meta( $id, '_ecster_order_captured_id', $old['debit'] );
	}

	public function test_debited_order_is_refunded_against_the_old_debit(): void {
		$old = $this->old_plugin_order( 'debited' );
		$id  = $old['order']->get_id();

		// WooCommerce's refund panel: wc_create_refund() with "Refund via Ecster Pay".
		wp_set_current_user( 0 );
		$refund = wc_create_refund(
			array(
				'amount'         => '249.50',
				'reason'         => 'Fel färg',
				'order_id'       => $id,
				'refund_payment' => true,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund, is_wp_error( $refund ) ? $refund->get_error_message() : '' );
		$credits = $this->sent_since_mark( 'CREDIT' );
		$this->assertCount( 1, $credits );
		$this->assertSame( 24950, $credits[0]['body']['amount'] );
		$this->assertSame( $old['debit'], $credits[0]['body']['debitTransaction'] );
		$this->assertSame( (string) $refund->get_id(), $credits[0]['body']['transactionReference'] );
		$stored = $this->stored( $old['order'], 'CREDIT' );
		$this->assertCount( 1, $stored );
		$this->assert_stored_meta( $id, '_ecster_refund_id_' . $refund->get_id(), (string) $stored[0]['id'] );

		$state = $this->panel( $id );
		$this->assertSame( 24950, $state['amounts']['credited'] );
		$this->assertTrue( $state['refunds'][0]['creditedInEcster'] );
		$this->assertSame( array(), $state['warnings'] );
	}

	public function test_annulled_order_is_shown_as_annulled_and_nothing_is_sent(): void {
		$old = $this->old_plugin_order( 'annulled' );
		$id  = $old['order']->get_id();
		$this->assertSame( 'cancelled', $old['order']->get_status() );

		$state = $this->panel( $id );
		$this->assertSame( 'ANNULLED', $state['ecsterStatus'] );
		$this->assertFalse( $state['actions']['debit']['allowed'] );
		$this->assertFalse( $state['actions']['annul']['allowed'] );
		$this->assertFalse( $state['actions']['refund']['allowed'] );
		$this->assertSame( array(), $state['warnings'] );

		$annul = $this->rest( 'POST', self::NS . $id . '/annul' );
		$this->assertSame( 200, $annul->get_status(), (string) wp_json_encode( $annul->get_data() ) );
		$this->assertSame( 'already_annulled', $annul->get_data()['result'] );
		$this->assertSame( $old['annul'], $annul->get_data()['transactionId'] );
		$debit = $this->rest( 'POST', self::NS . $id . '/debit' );
		$this->assertSame( 409, $debit->get_status(), (string) wp_json_encode( $debit->get_data() ) );
		$refund = $this->rest( 'POST', self::NS . $id . '/refund', array( 'amount' => '100.00' ) );
		$this->assertGreaterThanOrEqual( 400, $refund->get_status() );

		// Someone sets the cancelled order to Completed: no debit, and it is not completed.
		wp_set_current_user( 0 );
		$this->fresh( $id )->update_status( 'completed' );
		$order = $this->fresh( $id );
		$this->assertSame( 'cancelled', $order->get_status(), 'The reservation is gone: the order stays Cancelled.' );
		$this->assert_note_contains( $order, 'its Ecster reservation is annulled, so there is nothing to debit' );

		$this->assertSame( array(), $this->sent_since_mark( 'DEBIT' ) );
		$this->assertSame( array(), $this->sent_since_mark( 'ANNUL' ) );
		$this->assertSame( array(), $this->sent_since_mark( 'CREDIT' ) );
		$this->assert_stored_meta( $id, '_ecster_order_cancelled_id', $old['annul'] );
	}

	public function test_partly_refunded_order_keeps_its_old_credit_and_refunds_the_rest_once(): void {
		$old    = $this->old_plugin_order( 'partly_refunded' );
		$id     = $old['order']->get_id();
		$total  = $this->total_minor( $old['order'] );
		$first  = $old['refund'];
		$remain = $total - 10000;
		$this->assertNotNull( $first );

		$state = $this->panel( $id );
		$this->assertSame( 10000, $state['amounts']['credited'] );
		$this->assertSame( $remain, $state['amounts']['creditable'] );
		$this->assertSame( $remain, $state['actions']['refund']['maxAmount'] );
		$this->assertCount( 1, $state['refunds'] );
		$this->assertSame( $first->get_id(), $state['refunds'][0]['refundId'] );
		$this->assertTrue( $state['refunds'][0]['creditedInEcster'] );
		$this->assertSame( $old['credit'], $state['refunds'][0]['ecsterTransactionId'] );
		$this->assertSame( $old['invoice'], $state['refunds'][0]['invoiceUrl'] );
		$this->assertSame( array(), $state['warnings'] );
		$this->assertFalse( $state['actions']['reconcile']['allowed'] );

		// Nothing to check: the old credit is no open question and no "earlier credit found".
		$check = $this->rest( 'POST', self::NS . $id . '/reconcile' );
		$this->assertSame( 'nothing_to_check', $check->get_data()['result'], (string) wp_json_encode( $check->get_data() ) );

		$rest = $this->rest( 'POST', self::NS . $id . '/refund', array( 'amount' => wc_format_decimal( $remain / 100, 2 ) ) );
		$this->assertSame( 200, $rest->get_status(), (string) wp_json_encode( $rest->get_data() ) );
		$this->assertSame( 'credited', $rest->get_data()['result'] );
		$credits = $this->sent_since_mark( 'CREDIT' );
		$this->assertCount( 1, $credits );
		$this->assertSame( $remain, $credits[0]['body']['amount'] );
		$this->assertSame( $old['debit'], $credits[0]['body']['debitTransaction'] );

		$after = $rest->get_data()['state'];
		$this->assertSame( $total, $after['amounts']['credited'] );
		$this->assertFalse( $after['actions']['refund']['allowed'] );
		$this->assertCount( 2, $after['refunds'] );
		foreach ( $after['refunds'] as $refund ) {
			$this->assertTrue( $refund['creditedInEcster'], 'refund #' . $refund['refundId'] );
		}
		// The old refund's records are untouched.
		$this->assert_stored_meta( $id, '_ecster_refund_id_' . $first->get_id(), $old['credit'] );
		$this->assertCount( 2, $this->stored( $old['order'], 'CREDIT' ) );

		$nothing = $this->rest( 'POST', self::NS . $id . '/refund', array( 'amount' => '1.00' ) );
		$this->assertSame( 400, $nothing->get_status(), (string) wp_json_encode( $nothing->get_data() ) );
		$this->assertCount( 1, $this->sent_since_mark( 'CREDIT' ) );
		$this->assertSame( array(), $this->sent_since_mark( 'DEBIT' ) );
	}
}
