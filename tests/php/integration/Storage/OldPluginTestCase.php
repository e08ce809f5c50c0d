<?php
/**
 * Orders exactly as the Ecster Pay checkout plugin (Krokedil's "Ecster Pay v2 for WooCommerce",
 * 3.3.2) left them, on the order storage the test site was installed with.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Storage;

use Automattic\WooCommerce\Utilities\OrderUtil;
use EcsterOM\Tests\Integration\Orders\OrdersTestCase;

/**
 * What the checkout plugin wrote, and how (docs: /work/shared/ecster-api.md §8):
 * - at confirmation `_wc_ecster_internal_reference` (Ecster's order id), `_wc_ecster_payment_method`
 *   (INVOICE, CARD, SWISH…), for Swish `_wc_ecster_swish_id` (the DEBIT transaction), then
 *   `payment_complete( <Ecster order id> )` (Processing, `_transaction_id`, paid date);
 * - on Completed a DEBIT without transactionReference, then `_ecster_order_captured_id`;
 * - on Cancelled an ANNUL `{type: ANNUL}`, then `_ecster_order_cancelled_id`;
 * - on a refund a CREDIT with the refund id as transactionReference, then
 *   `_ecster_refund_id_<refund>` and `_ecster_refund_id_<refund>_invoice` on the order and
 *   `_krokedil_refunded` = 'true' on the refund;
 * - on a Swish refund `POST …/refunds`, `_wc_ecster_order_amount`, and a poll job
 *   `ecster_poll_swish_refund` (order id, amount) while Ecster answers ONGOING.
 * All with update_post_meta(): on a legacy (posts) store these tests write post meta directly to
 * fake exactly those writes — the only place the tests bypass WooCommerce's CRUD. On an HPOS store
 * (with or without sync) such orders arrived through WooCommerce's migration, which copies every
 * post meta key as it is, so the same keys and values are written through the CRUD there. Ecster's
 * side is made through the sandbox's own Ecster API with the sandbox keys, as the plugin sent it,
 * so the transaction ids are real.
 *
 * Our plugin's Manage orders is off while the old plugin's world is built and on afterwards; the
 * sandbox's request log is read from the mark set then (`since_mark()`).
 */
abstract class OldPluginTestCase extends OrdersTestCase {

	protected const NS = '/ecster-om/v1/orders/';

	/** Index in the sandbox's request log where the test's own requests begin. */
	private int $mark = 0;

	protected function setUp(): void {
		parent::setUp();
		$hpos = OrderUtil::custom_orders_table_usage_is_enabled();
		$sync = 'yes' === get_option( 'woocommerce_custom_orders_table_data_sync_enabled' );
		$this->assertSame( $this->storage(), $hpos ? ( $sync ? 'hpos-sync' : 'hpos' ) : ( $sync ? 'posts-sync' : 'posts' ), 'The site still stores orders as it was installed.' );
	}

	protected function storage(): string {
		return (string) ( $GLOBALS['ecster_om_order_storage'] ?? 'hpos' );
	}

	protected function legacy_storage(): bool {
		return ! OrderUtil::custom_orders_table_usage_is_enabled();
	}

	/**
	 * An order in one of the states the checkout plugin left orders in.
	 *
	 * @param string $state  reserved | debited | annulled | partly_refunded | swish.
	 * @return array{order: \WC_Order, ecster: string, debit: string, annul: string, credit: string, invoice: string, refund: ?\WC_Order_Refund}
	 */
	protected function old_plugin_order( string $state ): array {
		$this->disable_management();
		$method = 'swish' === $state ? 'SWISH' : 'INVOICE';

		// WooCommerce's checkout made the order (the checkout plugin did not).
		$order = wc_create_order( array( 'created_via' => 'checkout' ) );
		$order->add_product( $this->product( 'Kaffebryggare', '499' ), 2 );
		$this->set_customer( $order );
		$order->set_currency( 'SEK' );
		$order->set_payment_method( 'ecster' );
		// wc_ecster_get_payment_method_name(): "Invoice"; SWISH has no translation and stays as it is.
		$order->set_payment_method_title( 'SWISH' === $method ? 'SWISH via Ecster Pay' : 'Invoice via Ecster Pay' );
		$order->calculate_totals( true );
		$order->set_status( 'pending' );
		$order->save();
		$id    = $order->get_id();
		$total = $this->total_minor( $order );

		// The customer paid: Ecster holds the order (Swish orders are charged at once).
		$ecster = $this->sandbox()->create_order(
			array(
				'amount'         => $total,
				'currency'       => 'SEK',
				'orderReference' => (string) $order->get_order_number(),
				'method'         => $method,
			)
		);
		$out = array(
			'order'   => $order,
			'ecster'  => (string) $ecster['id'],
			'debit'   => '',
			'annul'   => '',
			'credit'  => '',
			'invoice' => '',
			'refund'  => null,
		);

		// Confirmation (wc_ecster_confirm_order): meta, then payment_complete( internal reference ).
		$this->old_plugin_meta( $id, '_wc_ecster_internal_reference', $out['ecster'] );
		$this->old_plugin_meta( $id, '_wc_ecster_payment_method', $method );
		if ( 'SWISH' === $method ) {
			foreach ( $ecster['transactions'] as $transaction ) {
				if ( 'DEBIT' === $transaction['type'] ) {
					$out['debit'] = (string) $transaction['id'];
				}
			}
			$this->assertNotSame( '', $out['debit'], 'A Swish order starts debited in the sandbox.' );
			$this->old_plugin_meta( $id, '_wc_ecster_swish_id', $out['debit'] );
		}
		$this->fresh( $id )->payment_complete( $out['ecster'] );
		$this->fresh( $id )->add_order_note( 'Payment via Ecster Pay ' . ( 'SWISH' === $method ? 'SWISH' : 'Invoice' ) . '.' );

		if ( in_array( $state, array( 'debited', 'partly_refunded' ), true ) ) {
			// Completed → the checkout plugin's DEBIT (no transactionReference, no closeDebit).
			$this->fresh( $id )->update_status( 'completed' );
			$answer = $this->ecster_api(
				'POST',
				'v1/orders/' . $out['ecster'] . '/transactions',
				array(
					'type'   => 'DEBIT',
					'amount' => $total,
					'rows'   => array( $this->row( 'Kaffebryggare', $total, 2500 ) ),
				)
			);
			$this->assertSame( 'FULLY_DELIVERED', $answer['orderStatus'] );
			$out['debit'] = (string) $answer['transaction']['id'];
			$this->old_plugin_meta( $id, '_ecster_order_captured_id', $out['debit'] );
			$this->fresh( $id )->add_order_note( sprintf( 'Ecster payment debited (transaction id %s).', $out['debit'] ) );
		}
		if ( 'annulled' === $state ) {
			$this->fresh( $id )->update_status( 'cancelled' );
			$answer = $this->ecster_api( 'POST', 'v1/orders/' . $out['ecster'] . '/transactions', array( 'type' => 'ANNUL' ) );
			$this->assertSame( 'ANNULLED', $answer['orderStatus'] );
			$out['annul'] = (string) $answer['transaction']['id'];
			$this->old_plugin_meta( $id, '_ecster_order_cancelled_id', $out['annul'] );
			$this->fresh( $id )->add_order_note( sprintf( 'Ecster payment was successfully cancelled (transaction id %s).', $out['annul'] ) );
		}
		if ( 'partly_refunded' === $state ) {
			// WooCommerce's refund panel made the refund; the gateway (the checkout plugin) credited it.
			$refund = wc_create_refund(
				array(
					'amount'         => '100.00',
					'reason'         => 'Reklamation',
					'order_id'       => $id,
					'refund_payment' => false,
				)
			);
			$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
			$answer         = $this->ecster_api(
				'POST',
				'v1/orders/' . $out['ecster'] . '/transactions',
				array(
					'type'                 => 'CREDIT',
					'amount'               => 10000,
					'debitTransaction'     => $out['debit'],
					'transactionReference' => (string) $refund->get_id(),
					'rows'                 => array(
						array_merge( $this->row( 'Refund #' . $refund->get_id() . ' (Reklamation)', 10000, 0 ), array( 'partNumber' => 'ref1' ) ),
					),
				)
			);
			$out['credit']  = (string) $answer['transaction']['id'];
			$out['invoice'] = (string) ( $answer['transaction']['billPdfUrl'] ?? '' );
			$this->old_plugin_meta( $refund->get_id(), '_krokedil_refunded', 'true' );
			$this->old_plugin_meta( $id, '_ecster_refund_id_' . $refund->get_id(), $out['credit'] );
			$this->old_plugin_meta( $id, '_ecster_refund_id_' . $refund->get_id() . '_invoice', $out['invoice'] );
			$this->fresh( $id )->add_order_note( sprintf( 'Ecster order credited with 100,00 kr. Transaction reference %s. Credit invoice.', $refund->get_id() ) );
			$out['refund'] = $refund;
		}

		$this->enable_management();
		$this->mark();
		$out['order'] = $this->fresh( $id );
		return $out;
	}

	/**
	 * Order meta as the checkout plugin wrote it (see the class comment): post meta on a legacy
	 * store, the CRUD on an HPOS store.
	 */
	protected function old_plugin_meta( int $id, string $key, string $value ): void {
		if ( $this->legacy_storage() ) {
			// Legacy storage: fake the checkout plugin's own update_post_meta() call (test-only).
			update_post_meta( $id, $key, $value );
			clean_post_cache( $id );
			wp_cache_flush();
			return;
		}
		$object = wc_get_order( $id );
		$this->assertInstanceOf( \WC_Abstract_Order::class, $object );
		$object->update_meta_data( $key, $value );
		$object->save();
	}

	/**
	 * A request to the sandbox's Ecster API as the checkout plugin sent it (with the sandbox keys).
	 *
	 * @param array<string, mixed>|null $body JSON body.
	 * @return array<string, mixed> Ecster's answer.
	 */
	protected function ecster_api( string $method, string $path, ?array $body = null ): array {
		$args = array(
			'method'  => $method,
			'timeout' => 10,
			'headers' => array(
				'x-api-key'      => self::API_KEY,
				'x-merchant-key' => self::MERCHANT_KEY,
				'Content-Type'   => 'application/json',
			),
		);
		if ( null !== $body ) {
			$args['body'] = (string) wp_json_encode( $body );
		}
		$response = wp_remote_request( (string) $GLOBALS['ecster_om_runtime']['apiUrl'] . $path, $args );
		$this->assertIsArray( $response, is_wp_error( $response ) ? $response->get_error_message() : 'no answer' );
		$status = (int) wp_remote_retrieve_response_code( $response );
		$this->assertGreaterThanOrEqual( 200, $status, wp_remote_retrieve_body( $response ) );
		$this->assertLessThan( 300, $status, wp_remote_retrieve_body( $response ) );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		return is_array( $decoded ) ? $decoded : array();
	}

	/**
	 * @return array<string, mixed>
	 */
	private function row( string $name, int $amount, int $vat_rate ): array {
		return array(
			'partNumber' => 'KAFFE',
			'name'       => $name,
			'quantity'   => 1,
			'unitAmount' => $amount,
			'vatRate'    => $vat_rate,
		);
	}

	protected function mark(): void {
		$this->mark = count( $this->sandbox()->requests() );
	}

	/**
	 * Ecster API requests (not the control API) since the mark.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	protected function since_mark(): array {
		return array_values(
			array_filter(
				array_slice( $this->sandbox()->requests(), $this->mark ),
				static fn( array $r ): bool => ! str_starts_with( (string) $r['path'], '/sandbox' )
			)
		);
	}

	/**
	 * Money requests since the mark: transactions of a type, or 'REFUND' for Swish refunds.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	protected function sent_since_mark( string $type ): array {
		return array_values(
			array_filter(
				$this->since_mark(),
				static fn( array $r ): bool => 'POST' === $r['method'] && (
					'REFUND' === $type
						? str_ends_with( (string) $r['path'], '/refunds' )
						: str_contains( (string) $r['path'], '/transactions' ) && ( $r['body']['type'] ?? null ) === $type
				)
			)
		);
	}

	/**
	 * A meta value as stored, read the way the storage keeps it: the order's own meta, and with a
	 * legacy store or sync on also the post's (what a switch of storage would find).
	 *
	 * @return array<string, string> storage => value ('' when missing).
	 */
	protected function stored_meta( int $id, string $key ): array {
		$values = array( 'order' => (string) $this->fresh( $id )->get_meta( $key ) );
		if ( $this->legacy_storage() || 'yes' === get_option( 'woocommerce_custom_orders_table_data_sync_enabled' ) ) {
			wp_cache_flush();
			$values['post'] = (string) get_post_meta( $id, $key, true );
		}
		return $values;
	}

	protected function assert_stored_meta( int $id, string $key, string $expected ): void {
		foreach ( $this->stored_meta( $id, $key ) as $where => $value ) {
			$this->assertSame( $expected, $value, "$key in the $where meta ({$this->storage()} storage)" );
		}
	}

	/**
	 * The order as the database holds it now.
	 */
	protected function fresh( int $id ): \WC_Order {
		wp_cache_flush();
		$order = wc_get_order( $id );
		$this->assertInstanceOf( \WC_Order::class, $order );
		return $order;
	}

	/**
	 * The panel's state (GET /ecster-om/v1/orders/{id}) as an administrator.
	 *
	 * @return array<string, mixed>
	 */
	protected function panel( int $id ): array {
		$this->as_user( 'administrator' );
		$response = $this->rest( 'GET', self::NS . $id );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return (array) $response->get_data();
	}
}
