<?php
/**
 * Orders WooCommerce completes at payment (digital-only): the debit runs inside that save with
 * its own trigger, and a failed debit keeps the order out of Completed.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

use EcsterOM\Orders\Journal\JournalEntry;

final class PaymentCompleteTest extends OrdersTestCase {

	/** @var list<string> Subjects of the mails WordPress was asked to send. */
	private array $mails = array();

	protected function setUp(): void {
		parent::setUp();
		$this->mails = array();
		$this->add_test_filter(
			'pre_wp_mail',
			function ( $short_circuit, $atts ) {
				$this->mails[] = (string) $atts['subject'];
				return true;
			},
			10,
			2
		);
	}

	public function test_the_debit_at_payment_complete_is_journaled_with_that_trigger(): void {
		$order = $this->unpaid_digital_order();
		$order->payment_complete( 'ecster-tx' );

		$fresh = $this->reload( $order );
		$this->assertSame( 'completed', $fresh->get_status() );
		$entries = $this->plugin()->order_manager()->journal()->for_order( $fresh->get_id() );
		$this->assertCount( 1, $entries );
		$this->assertSame( array( JournalEntry::DEBIT, JournalEntry::CONFIRMED, 'payment_complete' ), array( $entries[0]->operation, $entries[0]->state, $entries[0]->trigger ) );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );
	}

	public function test_a_failed_debit_at_payment_complete_keeps_the_order_out_of_completed_without_completed_hooks_or_email(): void {
		$order     = $this->unpaid_digital_order();
		$completed = 0;
		$id        = $order->get_id();
		$this->add_test_filter(
			'woocommerce_order_status_completed',
			static function ( $order_id ) use ( &$completed, $id ): void {
				$completed += (int) $order_id === $id ? 1 : 0;
			},
			99
		);
		$this->sandbox()->add_fault(
			array(
				'match'    => array( 'type' => 'DEBIT' ),
				'response' => array( 'ecsterCode' => 4100 ),
			)
		);

		$order->payment_complete( 'ecster-tx' );

		$fresh = $this->reload( $order );
		$this->assertSame( 'on-hold', $fresh->get_status(), 'Paid but not debited: the failed-debit status, not Completed.' );
		$this->assertNotNull( $fresh->get_date_paid(), 'The payment itself is recorded.' );
		$this->assertSame( 0, $completed, 'No completed hook fired.' );
		$this->assertSame( array(), array_filter( $this->mails, static fn( string $s ): bool => str_contains( strtolower( $s ), 'complete' ) ), 'No completed email.' );
		$this->assert_note_contains( $fresh, 'Ecster debit failed. Error code: 4100' );
		$this->assert_note_contains( $fresh, 'The Ecster payment was not debited, so the order was moved to On hold instead of Completed' );
		$entries = $this->plugin()->order_manager()->journal()->for_order( $fresh->get_id() );
		$this->assertCount( 1, $entries );
		$this->assertSame( array( JournalEntry::REFUSED, 'payment_complete' ), array( $entries[0]->state, $entries[0]->trigger ) );

		// Completed by hand once the cause is fixed: an ordinary status-change debit.
		$this->sandbox()->clear_faults();
		$fresh->update_status( 'completed' );
		$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		$this->assertSame( 1, $completed );
		$latest = $this->plugin()->order_manager()->journal()->for_order( $fresh->get_id() )[0];
		$this->assertSame( array( JournalEntry::CONFIRMED, 'status_hook' ), array( $latest->state, $latest->trigger ) );
		$this->assertCount( 1, $this->stored( $fresh, 'DEBIT' ) );
	}

	/**
	 * A digital-only order before its payment (WooCommerce completes such orders at payment).
	 */
	private function unpaid_digital_order(): \WC_Order {
		$order = $this->create_managed_order(
			array(
				'items'  => array(
					array(
						'name'    => 'E-bok',
						'price'   => '149',
						'digital' => true,
					),
				),
				'status' => 'pending',
			)
		);
		$order->set_date_paid( null );
		$order->save();
		return $this->reload( $order );
	}
}
