<?php
/**
 * The bulk REST routes: start, follow, retry and dismiss a batch; permissions and input checks.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Bulk;

final class BulkRestTest extends BulkTestCase {

	public function test_a_batch_started_through_the_rest_api_is_listed_followed_and_dismissed_once_finished(): void {
		$orders    = $this->orders( 2 );
		$completed = $this->create_managed_order( array( 'status' => 'completed' ) );
		$this->as_user( 'shop_manager' );

		$response = $this->rest(
			'POST',
			'/ecster-om/v1/bulk/batches',
			array(
				'operation' => 'debit',
				'orders'    => array_merge( $this->ids( $orders ), array( $completed->get_id(), 999999 ) ),
			)
		);
		$this->assertSame( 201, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertSame( 2, $data['queued'] );
		$this->assertSame( array( 'wrong_status', 'order_not_found' ), array_column( $data['skipped'], 'code' ) );
		$id = $data['batch']['id'];
		$this->assertSame( 'rest', $data['batch']['trigger'] );
		$this->assertSame( array( 'queued' => 2, 'done' => 0, 'failed' => 0, 'unknown' => 0 ), $data['batch']['counts'] );
		$this->assertSame( $this->ids( $orders ), $data['batch']['queuedOrderIds'] );

		$running = $this->rest( 'POST', '/ecster-om/v1/bulk/batches/' . $id . '/dismiss' );
		$this->assertSame( 409, $running->get_status() );
		$this->assertSame( 'ecster_om_batch_running', $running->get_data()['code'] );

		$this->drain();
		$list = $this->rest( 'GET', '/ecster-om/v1/bulk/batches' )->get_data();
		$this->assertSame( $id, $list['batches'][0]['id'] );
		$this->assertTrue( $list['batches'][0]['finished'] );
		$this->assertSame( 2, $list['batches'][0]['counts']['done'] );
		$one = $this->rest( 'GET', '/ecster-om/v1/bulk/batches/' . $id )->get_data();
		$this->assertSame( array( 'done', 'done' ), array_column( $one['items'], 'state' ) );
		$this->assertSame( array( 'debited', 'debited' ), array_column( $one['items'], 'code' ) );

		$nothing = $this->rest( 'POST', '/ecster-om/v1/bulk/batches/' . $id . '/retry' );
		$this->assertSame( 409, $nothing->get_status() );
		$this->assertSame( 'ecster_om_nothing_to_retry', $nothing->get_data()['code'] );

		$dismissed = $this->rest( 'POST', '/ecster-om/v1/bulk/batches/' . $id . '/dismiss' );
		$this->assertSame( 200, $dismissed->get_status() );
		$this->assertSame( array(), $this->rest( 'GET', '/ecster-om/v1/bulk/batches' )->get_data()['batches'] );
		$gone = $this->rest( 'GET', '/ecster-om/v1/bulk/batches/' . $id );
		$this->assertSame( 404, $gone->get_status() );
		$this->assertSame( 'ecster_om_batch_not_found', $gone->get_data()['code'] );
	}

	/**
	 * @dataProvider bad_inputs
	 *
	 * @param array<string, mixed> $body Request body.
	 */
	public function test_bad_input_is_refused_with_a_clear_error_and_nothing_is_queued( array $body, string $code ): void {
		$this->as_user( 'administrator' );
		$response = $this->rest( 'POST', '/ecster-om/v1/bulk/batches', $body );
		$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( $code, $response->get_data()['code'] );
		$this->assertSame( 400, $response->get_data()['data']['status'] );
		$this->assertSame( array(), $this->service()->store()->all() );
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: string}>
	 */
	public static function bad_inputs(): array {
		return array(
			'no body'             => array( array(), 'ecster_om_invalid_body' ),
			'no operation'        => array( array( 'orders' => array( 1 ) ), 'ecster_om_invalid_operation' ),
			'unknown operation'   => array( array( 'operation' => 'credit', 'orders' => array( 1 ) ), 'ecster_om_invalid_operation' ),
			'orders not a list'   => array( array( 'operation' => 'debit', 'orders' => '1,2' ), 'ecster_om_invalid_orders' ),
			'empty orders'        => array( array( 'operation' => 'debit', 'orders' => array() ), 'ecster_om_invalid_orders' ),
			'order id as text'    => array( array( 'operation' => 'debit', 'orders' => array( '12' ) ), 'ecster_om_invalid_orders' ),
			'negative order id'   => array( array( 'operation' => 'debit', 'orders' => array( -3 ) ), 'ecster_om_invalid_orders' ),
			'too many orders'     => array( array( 'operation' => 'debit', 'orders' => range( 1, 1001 ) ), 'ecster_om_invalid_orders' ),
			'unknown field'       => array( array( 'operation' => 'debit', 'orders' => array( 1 ), 'status' => 'x' ), 'ecster_om_unknown_field' ),
		);
	}

	public function test_only_people_who_may_edit_orders_reach_the_routes(): void {
		$this->as_user( 'logged_out' );
		$this->assertSame( 401, $this->rest( 'GET', '/ecster-om/v1/bulk/batches' )->get_status() );
		$this->as_user( 'customer' );
		$forbidden = $this->rest( 'POST', '/ecster-om/v1/bulk/batches', array( 'operation' => 'debit', 'orders' => array( 1 ) ) );
		$this->assertSame( 403, $forbidden->get_status() );
		$this->assertSame( 'ecster_om_forbidden', $forbidden->get_data()['code'] );
		$this->assertSame( array(), $this->ecster_requests() );
	}

	public function test_orders_that_cannot_be_queued_are_answered_with_the_reasons(): void {
		$order = $this->create_managed_order( array( 'payment_method' => 'bacs' ) );
		$this->as_user( 'administrator' );
		$response = $this->rest( 'POST', '/ecster-om/v1/bulk/batches', array( 'operation' => 'annul', 'orders' => array( $order->get_id() ) ) );
		$this->assertSame( 422, $response->get_status() );
		$this->assertSame( 'ecster_om_nothing_to_queue', $response->get_data()['code'] );
		$this->assertSame( 'not_ecster', $response->get_data()['data']['skipped'][0]['code'] );
	}
}
