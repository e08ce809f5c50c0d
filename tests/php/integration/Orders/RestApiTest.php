<?php
/**
 * The order REST routes: answers, a bad-input matrix and a capability matrix. Every refused
 * request reaches Ecster zero times.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Orders;

final class RestApiTest extends OrdersTestCase {

	private const NS = '/ecster-om/v1/orders/';

	public function test_state_debit_and_refund_answers(): void {
		$order = $this->create_managed_order();
		$this->as_user( 'administrator' );

		$state = $this->rest( 'GET', self::NS . $order->get_id() );
		$this->assertSame( 200, $state->get_status() );
		$data = $state->get_data();
		$this->assertTrue( $data['managed'] );
		$this->assertSame( 'READY', $data['ecsterStatus'] );
		$this->assertSame( $this->total_minor( $order ), $data['amounts']['reserved'] );
		$this->assertTrue( $data['actions']['debit']['allowed'] );
		$this->assertStringNotContainsString( self::API_KEY, (string) wp_json_encode( $data ) );

		$debit = $this->rest( 'POST', self::NS . $order->get_id() . '/debit' );
		$this->assertSame( 200, $debit->get_status(), wp_json_encode( $debit->get_data() ) );
		$this->assertSame( 'debited', $debit->get_data()['result'] );
		$this->assertNotSame( '', $debit->get_data()['transactionId'] );
		$this->assertSame( 'FULLY_DELIVERED', $debit->get_data()['state']['ecsterStatus'] );
		$this->assertSame( 'completed', $this->reload( $order )->get_status() );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ), 'The completion after the REST debit must not debit again.' );

		$again = $this->rest( 'POST', self::NS . $order->get_id() . '/debit' );
		$this->assertSame( 'already_debited', $again->get_data()['result'] );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );

		$items  = $this->reload( $order )->get_items();
		$item   = reset( $items );
		$refund = $this->rest(
			'POST',
			self::NS . $order->get_id() . '/refund',
			array(
				'amount' => '499.00',
				'reason' => 'Trasig',
				'lines'  => array( array( 'itemId' => $item->get_id(), 'quantity' => 1, 'total' => '499.00' ) ),
			)
		);
		$this->assertSame( 200, $refund->get_status(), wp_json_encode( $refund->get_data() ) );
		$this->assertSame( 'credited', $refund->get_data()['result'] );
		$this->assertSame( 49900, $refund->get_data()['state']['amounts']['credited'] );
		$this->assertTrue( $refund->get_data()['state']['refunds'][0]['creditedInEcster'] );
		$credit = $this->sandbox()->transaction_requests( 'CREDIT' );
		$this->assertCount( 1, $credit );
		$this->assertSame( 'Kaffebryggare', $credit[0]['body']['rows'][0]['name'] );
		$this->assertSame( 49900, $credit[0]['body']['amount'] );
		$this->assertSame( 1, $credit[0]['body']['rows'][0]['quantity'] );
	}

	public function test_annul_route_annuls_and_cancels(): void {
		$order = $this->create_managed_order();
		$this->as_user( 'shop_manager' );
		$response = $this->rest( 'POST', self::NS . $order->get_id() . '/annul' );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'annulled', $response->get_data()['result'] );
		$this->assertSame( 'cancelled', $this->reload( $order )->get_status() );
		$this->assertCount( 1, $this->sandbox()->transaction_requests( 'ANNUL' ) );
	}

	/**
	 * Bad inputs: [ description, order setup, method, route suffix, body, expected status, expected code ].
	 *
	 * @return array<int, array{0: string, 1: string, 2: string, 3: string, 4: array<string, mixed>, 5: int, 6: string}>
	 */
	private function bad_inputs(): array {
		$line = static fn( array $over ): array => array( 'amount' => '499.00', 'lines' => array( array_merge( array( 'itemId' => '{item}', 'quantity' => 1, 'total' => '499.00' ), $over ) ) );
		return array(
			array( 'amount 0', 'debited', 'POST', '/refund', array( 'amount' => '0' ), 400, 'ecster_om_invalid_amount' ),
			array( 'amount 0.00', 'debited', 'POST', '/refund', array( 'amount' => '0.00' ), 400, 'ecster_om_invalid_amount' ),
			array( 'negative amount', 'debited', 'POST', '/refund', array( 'amount' => '-5' ), 400, 'ecster_om_invalid_amount' ),
			array( 'negative number', 'debited', 'POST', '/refund', array( 'amount' => -5 ), 400, 'ecster_om_invalid_amount' ),
			array( 'missing amount', 'debited', 'POST', '/refund', array( 'reason' => 'x' ), 400, 'ecster_om_invalid_amount' ),
			array( 'empty amount', 'debited', 'POST', '/refund', array( 'amount' => '' ), 400, 'ecster_om_invalid_amount' ),
			array( 'non-numeric amount', 'debited', 'POST', '/refund', array( 'amount' => 'abc' ), 400, 'ecster_om_invalid_amount' ),
			array( 'decimal comma', 'debited', 'POST', '/refund', array( 'amount' => '12,50' ), 400, 'ecster_om_invalid_amount' ),
			array( 'exponent', 'debited', 'POST', '/refund', array( 'amount' => '1e3' ), 400, 'ecster_om_invalid_amount' ),
			array( 'boolean amount', 'debited', 'POST', '/refund', array( 'amount' => true ), 400, 'ecster_om_invalid_amount' ),
			array( 'array amount', 'debited', 'POST', '/refund', array( 'amount' => array( 1 ) ), 400, 'ecster_om_invalid_amount' ),
			array( 'three decimals', 'debited', 'POST', '/refund', array( 'amount' => '10.005' ), 400, 'ecster_om_invalid_amount' ),
			array( 'huge amount', 'debited', 'POST', '/refund', array( 'amount' => '99999999999999999999' ), 400, 'ecster_om_invalid_amount' ),
			array( 'over the remainder', 'debited', 'POST', '/refund', array( 'amount' => '5000.00' ), 400, 'ecster_om_amount_exceeds_remaining' ),
			array( 'reason not text', 'debited', 'POST', '/refund', array( 'amount' => '10', 'reason' => array( 'x' ) ), 400, 'ecster_om_invalid_reason' ),
			array( 'reason too long', 'debited', 'POST', '/refund', array( 'amount' => '10', 'reason' => str_repeat( 'x', 501 ) ), 400, 'ecster_om_invalid_reason' ),
			array( 'restock not boolean', 'debited', 'POST', '/refund', array( 'amount' => '10', 'restock' => 'yes' ), 400, 'ecster_om_invalid_restock' ),
			array( 'lines not a list', 'debited', 'POST', '/refund', array( 'amount' => '10', 'lines' => 'all' ), 400, 'ecster_om_invalid_lines' ),
			array( 'line not an object', 'debited', 'POST', '/refund', array( 'amount' => '10', 'lines' => array( 5 ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'line unknown item', 'debited', 'POST', '/refund', $line( array( 'itemId' => 999999 ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'line item id text', 'debited', 'POST', '/refund', $line( array( 'itemId' => 'abc' ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'line quantity negative', 'debited', 'POST', '/refund', $line( array( 'quantity' => -1 ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'line quantity too big', 'debited', 'POST', '/refund', $line( array( 'quantity' => 3 ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'line total too big', 'debited', 'POST', '/refund', array( 'amount' => '998.01', 'lines' => array( array( 'itemId' => '{item}', 'quantity' => 2, 'total' => '998.01' ) ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'line total missing', 'debited', 'POST', '/refund', array( 'amount' => '10', 'lines' => array( array( 'itemId' => '{item}', 'quantity' => 1 ) ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'lines do not add up', 'debited', 'POST', '/refund', $line( array( 'total' => '400.00' ) ), 400, 'ecster_om_lines_mismatch' ),
			array( 'line listed twice', 'debited', 'POST', '/refund', array( 'amount' => '20', 'lines' => array( array( 'itemId' => '{item}', 'quantity' => 0, 'total' => '10' ), array( 'itemId' => '{item}', 'quantity' => 0, 'total' => '10' ) ) ), 400, 'ecster_om_invalid_lines' ),
			array( 'refund before debit', 'reserved', 'POST', '/refund', array( 'amount' => '10' ), 409, 'ecster_om_not_debited' ),
			array( 'unknown order', 'unknown', 'POST', '/debit', array(), 404, 'ecster_om_order_not_found' ),
			array( 'unknown order state', 'unknown', 'GET', '', array(), 404, 'ecster_om_order_not_found' ),
			array( 'id of a refund', 'refund-id', 'POST', '/debit', array(), 400, 'ecster_om_not_an_order' ),
			array( 'huge id', 'huge-id', 'POST', '/debit', array(), 404, 'ecster_om_order_not_found' ),
			array( 'not paid with Ecster', 'bacs', 'POST', '/debit', array(), 422, 'ecster_om_not_ecster' ),
			array( 'no Ecster reference', 'no-reference', 'POST', '/annul', array(), 422, 'ecster_om_no_reference' ),
			array( 'manage orders off', 'management-off', 'POST', '/debit', array(), 422, 'ecster_om_manage_orders_off' ),
			array( 'debit of a pending order', 'pending', 'POST', '/debit', array(), 409, 'ecster_om_wrong_status' ),
			array( 'annul of a refunded order', 'refunded', 'POST', '/annul', array(), 409, 'ecster_om_wrong_status' ),
			array( 'refund of a pending order', 'pending', 'POST', '/refund', array( 'amount' => '10' ), 409, 'ecster_om_wrong_status' ),
			array( 'debit above the reservation', 'above-reservation', 'POST', '/debit', array(), 409, 'ecster_om_exceeds_reservation' ),
			array( 'annul of a Swish order', 'swish', 'POST', '/annul', array(), 409, 'ecster_om_swish_cannot_annul' ),
			array( 'debit while locked', 'locked', 'POST', '/debit', array(), 409, 'ecster_om_locked' ),
			array( 'refund while locked', 'locked-debited', 'POST', '/refund', array( 'amount' => '10' ), 409, 'ecster_om_locked' ),
		);
	}

	public function test_bad_inputs_are_refused_with_a_clear_message_and_reach_ecster_zero_times(): void {
		$this->as_user( 'administrator' );
		$debited = $this->create_managed_order( array( 'shipping' => '49' ) );
		$debited->update_status( 'completed' );
		$debited      = $this->reload( $debited );
		$debited_item = array_key_first( $debited->get_items() );
		$refund       = wc_create_refund( array( 'amount' => '1.00', 'order_id' => $debited->get_id() ) );
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$this->assertCount( 1, $this->sandbox()->transaction_requests(), 'Set-up sent one debit.' );

		$cases   = $this->bad_inputs();
		$checked = 0;
		foreach ( $cases as [ $label, $setup, $method, $suffix, $body, $status, $code ] ) {
			$this->enable_management();
			switch ( $setup ) {
				case 'debited':
					$id = $debited->get_id();
					break;
				case 'locked-debited':
					$id = $debited->get_id();
					$this->take_lock( $id );
					break;
				case 'unknown':
					$id = 987654321;
					break;
				case 'refund-id':
					$id = $refund->get_id();
					break;
				case 'huge-id':
					$id = '99999999999999999999999';
					break;
				default:
					$id = $this->order_for( $setup )->get_id();
			}
			$before = count( $this->ecster_requests() );
			$body   = json_decode( str_replace( '"{item}"', (string) $debited_item, (string) wp_json_encode( $body ) ), true );
			if ( 'management-off' === $setup ) {
				$this->disable_management();
			}
			$response = $this->rest( $method, self::NS . $id . $suffix, $body );
			$data     = $response->get_data();
			$this->assertSame( $status, $response->get_status(), "$label: " . wp_json_encode( $data ) );
			$this->assertSame( $code, $data['code'] ?? null, "$label: " . wp_json_encode( $data ) );
			$this->assertIsString( $data['message'] );
			$this->assertGreaterThan( 15, strlen( $data['message'] ), "$label: the message must explain the problem." );
			$this->assertStringNotContainsString( self::API_KEY, (string) wp_json_encode( $data ) );
			$transactions = array_filter( array_slice( $this->ecster_requests(), $before ), static fn( $r ) => 'GET' !== $r['method'] );
			$this->assertSame( array(), array_values( $transactions ), "$label: no Ecster transaction may be requested." );
			if ( in_array( $setup, array( 'locked', 'locked-debited' ), true ) ) {
				$this->drop_lock( (int) $id );
			}
			++$checked;
		}
		$this->assertGreaterThanOrEqual( 30, $checked );
		$this->assertCount( 1, $this->sandbox()->transaction_requests(), 'Only the set-up debit reached Ecster.' );
		$this->assertCount( 1, $this->reload( $debited )->get_refunds(), 'No refused request left a refund behind.' );
	}

	/**
	 * @return array<string, array{0: string, 1: int}>
	 */
	public function roles(): array {
		return array(
			'logged out'   => array( 'logged_out', 401 ),
			'customer'     => array( 'customer', 403 ),
			'subscriber'   => array( 'subscriber', 403 ),
			'shop manager' => array( 'shop_manager', 200 ),
			'admin'        => array( 'administrator', 200 ),
		);
	}

	/**
	 * @dataProvider roles
	 */
	public function test_capability_matrix( string $role, int $expected ): void {
		$order = $this->create_managed_order();
		$this->as_user( $role );
		$routes = array(
			array( 'GET', '', array() ),
			array( 'POST', '/debit', array() ),
			array( 'POST', '/refund', array( 'amount' => '10.00' ) ),
			array( 'POST', '/annul', array() ),
		);
		foreach ( $routes as [ $method, $suffix, $body ] ) {
			$response = $this->rest( $method, self::NS . $order->get_id() . $suffix, $body );
			$data     = $response->get_data();
			if ( 200 === $expected ) {
				if ( '/annul' === $suffix ) {
					// Debited (so Completed) and refunded by now: the annul is refused for a business reason, not a permission.
					$this->assertSame( 409, $response->get_status(), wp_json_encode( $data ) );
					$this->assertSame( 'ecster_om_wrong_status', $data['code'] );
					continue;
				}
				$this->assertSame( 200, $response->get_status(), "$method $suffix: " . wp_json_encode( $data ) );
				continue;
			}
			$this->assertSame( $expected, $response->get_status(), "$method $suffix: " . wp_json_encode( $data ) );
			$this->assertSame( 401 === $expected ? 'ecster_om_not_logged_in' : 'ecster_om_forbidden', $data['code'] );
			$this->assertNotSame( '', $data['message'] );
		}
		if ( 200 !== $expected ) {
			$this->assertSame( array(), $this->ecster_requests(), 'A refused user must not cause any Ecster request.' );
			$this->assertSame( 'processing', $this->reload( $order )->get_status() );
		} else {
			$this->assertCount( 1, $this->sandbox()->transaction_requests( 'DEBIT' ) );
			$this->assertCount( 1, $this->sandbox()->transaction_requests( 'CREDIT' ) );
		}
	}

	private function order_for( string $setup ): \WC_Order {
		switch ( $setup ) {
			case 'reserved':
			case 'management-off':
			case 'locked':
				$order = $this->create_managed_order();
				if ( 'locked' === $setup ) {
					$this->take_lock( $order->get_id() );
				}
				return $order;
			case 'bacs':
				return $this->create_managed_order( array( 'payment_method' => 'bacs' ) );
			case 'no-reference':
				return $this->create_managed_order( array( 'with_reference' => false ) );
			case 'pending':
				return $this->create_managed_order( array( 'status' => 'pending' ) );
			case 'refunded':
				return $this->create_managed_order( array( 'status' => 'refunded' ) );
			case 'above-reservation':
				return $this->create_managed_order( array( 'reserved' => 10000 ) );
			case 'swish':
				return $this->create_managed_order( array( 'method' => 'SWISH' ) );
		}
		throw new \LogicException( "Unknown set-up $setup" );
	}

	/**
	 * Holds an order's lock as another PHP process would (a row in the options table).
	 */
	private function take_lock( int $order_id ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", 'ecster_om_lock_' . $order_id, ( time() + 60 ) . '|other-process' ) );
	}

	private function drop_lock( int $order_id ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s", 'ecster_om_lock_' . $order_id ) );
	}
}
