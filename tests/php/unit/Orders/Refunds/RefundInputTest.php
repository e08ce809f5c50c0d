<?php
/**
 * Refund input from the REST API and WP-CLI. The integration tests' bad-input matrix
 * (tests/php/integration/Orders/RestApiTest.php) covers the common refusals end to end; these
 * cover what it does not: accepted forms, the net/tax split of lines, partly refunded items,
 * the field each problem names, and the edges.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Orders\Refunds;

use EcsterOM\Orders\Refunds\InvalidInput;
use EcsterOM\Orders\Refunds\RefundInput;
use EcsterOM\Orders\Refunds\RefundRequest;
use EcsterOM\Tests\Unit\Orders\WooFakes;
use EcsterOM\Tests\Unit\Support\FakeState;
use PHPUnit\Framework\TestCase;

final class RefundInputTest extends TestCase {

	/** 2 × Kaffebryggare 798.40 + 199.60 VAT, shipping 39.20 + 9.80 VAT: 1047.00. */
	private \WC_Order $order;

	private int $item;

	private int $shipping;

	protected function setUp(): void {
		FakeState::reset();
		WooFakes::reset();
		$this->order    = WooFakes::order();
		$this->item     = WooFakes::item( $this->order )->get_id();
		$this->shipping = WooFakes::item( $this->order, 'shipping' )->get_id();
	}

	/**
	 * The order's item ids in place of {item} and {shipping} (as values and as keys).
	 *
	 * @param mixed $value Request body or a part of it.
	 * @return mixed
	 */
	private function with_ids( $value ) {
		if ( is_array( $value ) ) {
			$out = array();
			foreach ( $value as $key => $part ) {
				$out[ $this->with_ids( $key ) ] = $this->with_ids( $part );
			}
			return $out;
		}
		if ( '{item}' === $value ) {
			return $this->item;
		}
		return '{shipping}' === $value ? $this->shipping : $value;
	}

	/**
	 * @param array<mixed> $params Request body.
	 */
	private function parse( array $params ): RefundRequest {
		return RefundInput::parse( $this->order, $params );
	}

	/**
	 * @param array<mixed> $params Request body.
	 */
	private function refused( array $params ): InvalidInput {
		try {
			$this->parse( $params );
		} catch ( InvalidInput $e ) {
			return $e;
		}
		$this->fail( 'The input was accepted: ' . wp_json_encode( $params ) );
	}

	/**
	 * @return array<string, array{0: mixed, 1: int}>
	 */
	public static function accepted_amounts(): array {
		return array(
			'decimal string'            => array( '12.50', 1250 ),
			'whole string'              => array( '12', 1200 ),
			'one decimal'               => array( '12.5', 1250 ),
			'trailing zeros'            => array( '12.500', 1250 ),
			'spaces around'             => array( ' 12.50 ', 1250 ),
			'leading zeros'             => array( '0012.50', 1250 ),
			'float'                     => array( 12.5, 1250 ),
			'integer'                   => array( 12, 1200 ),
			'smallest'                  => array( '0.01', 1 ),
			'float that is not exact'   => array( 0.1 + 0.2, 30 ),
			'exactly what is left'      => array( '1047.00', 104700 ),
		);
	}

	/**
	 * @dataProvider accepted_amounts
	 * @param mixed $amount Amount as sent.
	 */
	public function test_amounts_are_accepted_as_decimal_strings_or_numbers_and_become_minor_units( $amount, int $minor ): void {
		$this->assertSame( $minor, $this->parse( array( 'amount' => $amount ) )->amount );
	}

	public function test_defaults_without_reason_restock_or_lines(): void {
		$request = $this->parse( array( 'amount' => '10' ) );
		$this->assertSame( '', $request->reason );
		$this->assertTrue( $request->restock );
		$this->assertSame( array(), $request->line_items );
		$this->assertSame( array(), $this->parse( array( 'amount' => '10', 'lines' => null ) )->line_items );
		$this->assertSame( array(), $this->parse( array( 'amount' => '10', 'lines' => array() ) )->line_items, 'No lines: a refund of the amount only.' );
		$this->assertFalse( $this->parse( array( 'amount' => '10', 'restock' => false ) )->restock );
		$this->assertSame( str_repeat( 'x', 500 ), $this->parse( array( 'amount' => '10', 'reason' => str_repeat( 'x', 500 ) ) )->reason, '500 characters is the limit.' );
	}

	/**
	 * @return array<string, array{0: array<mixed>, 1: string, 2: string, 3: string}>
	 */
	public static function refusals(): array {
		$line = static fn( array $over, string $amount = '499.00' ): array => array(
			'amount' => $amount,
			'lines'  => array( array_merge( array( 'itemId' => '{item}', 'quantity' => 1, 'total' => $amount ), $over ) ),
		);
		return array(
			'null amount'                   => array( array( 'amount' => null ), 'ecster_om_invalid_amount', 'amount', 'Enter the amount' ),
			'infinite amount'               => array( array( 'amount' => INF ), 'ecster_om_invalid_amount', 'amount', 'must be a number' ),
			'not a number'                  => array( array( 'amount' => NAN ), 'ecster_om_invalid_amount', 'amount', 'must be a number' ),
			'float below one öre'           => array( array( 'amount' => 0.001 ), 'ecster_om_invalid_amount', 'amount', 'at most 2 decimals' ),
			'more than what is left'        => array( array( 'amount' => '1047.01' ), 'ecster_om_amount_exceeds_remaining', 'amount', '(1047,00' ),
			'ten digits'                    => array( array( 'amount' => '1234567890' ), 'ecster_om_invalid_amount', 'amount', 'too large' ),
			'reason a number'               => array( array( 'amount' => '10', 'reason' => 5 ), 'ecster_om_invalid_reason', 'reason', 'must be text' ),
			'restock 1'                     => array( array( 'amount' => '10', 'restock' => 1 ), 'ecster_om_invalid_restock', 'restock', 'true or false' ),
			'lines keyed by item'           => array( array( 'amount' => '10', 'lines' => array( '{item}' => array( 'quantity' => 1 ) ) ), 'ecster_om_invalid_lines', 'lines', 'must be a list' ),
			'item id 0'                     => array( $line( array( 'itemId' => 0 ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1: itemId must be the id of an item' ),
			'item id negative'              => array( $line( array( 'itemId' => -3 ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1: itemId' ),
			'item id a float'               => array( $line( array( 'itemId' => 1.5 ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1: itemId' ),
			'item id missing'               => array( $line( array( 'itemId' => null ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1: itemId' ),
			'quantity a float'              => array( $line( array( 'quantity' => 1.5 ) ), 'ecster_om_invalid_lines', 'lines', 'whole number' ),
			'quantity text'                 => array( $line( array( 'quantity' => 'one' ) ), 'ecster_om_invalid_lines', 'lines', 'whole number' ),
			'shipping quantity 2'           => array( array( 'amount' => '49.00', 'lines' => array( array( 'itemId' => '{shipping}', 'quantity' => 2, 'total' => '49.00' ) ) ), 'ecster_om_invalid_lines', 'lines', 'shipping and fee lines have no quantity above 1' ),
			'line total not a number'       => array( $line( array( 'total' => 'abc' ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1: The amount must be a decimal number' ),
			'line total negative'           => array( $line( array( 'total' => '-1' ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1: The amount must be greater than zero' ),
			'line refunds nothing'          => array( $line( array( 'quantity' => 0, 'total' => '0' ) ), 'ecster_om_invalid_lines', 'lines', 'Line 1 refunds nothing' ),
			'shipping total above its own'  => array( array( 'amount' => '49.01', 'lines' => array( array( 'itemId' => '{shipping}', 'quantity' => 1, 'total' => '49.01' ) ) ), 'ecster_om_invalid_lines', 'lines', 'at most 49,00' ),
			'second line wrong'             => array( array( 'amount' => '548.00', 'lines' => array( array( 'itemId' => '{item}', 'quantity' => 1, 'total' => '499.00' ), array( 'itemId' => '{shipping}', 'quantity' => 3, 'total' => '49.00' ) ) ), 'ecster_om_invalid_lines', 'lines', 'Line 2:' ),
			'lines above the amount'        => array( array( 'amount' => '100.00', 'lines' => array( array( 'itemId' => '{item}', 'quantity' => 0, 'total' => '100.01' ) ) ), 'ecster_om_lines_mismatch', 'lines', 'add up to 100,01' ),
		);
	}

	/**
	 * @dataProvider refusals
	 * @param array<mixed> $params Request body ({item} and {shipping} stand for the order's item ids).
	 */
	public function test_bad_input_is_refused_naming_the_field( array $params, string $code, string $field, string $message ): void {
		$params = $this->with_ids( $params );
		$e = $this->refused( $params );
		$this->assertSame( $code, $e->error_code );
		$this->assertSame( $field, $e->field );
		$this->assertStringContainsString( $message, $e->getMessage() );
	}

	public function test_a_shop_without_decimals_refuses_decimals(): void {
		$GLOBALS['ecster_om_wc_fake']['price_decimals'] = 0;
		$this->assertSame( 1200, $this->parse( array( 'amount' => '12' ) )->amount );
		$this->assertSame( 1200, $this->parse( array( 'amount' => '12.00' ) )->amount, 'Zeros are not decimals.' );
		$e = $this->refused( array( 'amount' => '12.5' ) );
		$this->assertStringContainsString( 'at most 0 decimals', $e->getMessage() );
	}

	public function test_more_than_two_hundred_lines_are_refused(): void {
		$lines = array_fill( 0, RefundInput::MAX_LINES + 1, array( 'itemId' => $this->item, 'quantity' => 0, 'total' => '0.01' ) );
		$e     = $this->refused( array( 'amount' => '2.01', 'lines' => $lines ) );
		$this->assertSame( 'ecster_om_invalid_lines', $e->error_code );
		$this->assertStringContainsString( 'At most 200 lines', $e->getMessage() );
	}

	public function test_a_line_total_including_tax_is_split_into_net_and_tax_like_the_item(): void {
		$request = $this->parse(
			array(
				'amount' => '548.00',
				'reason' => 'Trasig',
				'lines'  => array(
					array( 'itemId' => (string) $this->item, 'quantity' => '1', 'total' => '499.00' ),
					array( 'itemId' => $this->shipping, 'quantity' => 1, 'total' => 49 ),
				),
			)
		);
		$this->assertSame( 54800, $request->amount );
		$this->assertSame( 'Trasig', $request->reason );
		$this->assertSame(
			array(
				$this->item     => array( 'qty' => 1, 'refund_total' => '399.20', 'refund_tax' => array( 1 => 99.8 ) ),
				$this->shipping => array( 'qty' => 1, 'refund_total' => '39.20', 'refund_tax' => array( 1 => 9.8 ) ),
			),
			$request->line_items,
			'wc_create_refund() line_items: net total and tax per rate, ids and quantities as integers.'
		);
	}

	public function test_a_line_may_refund_part_of_its_value_without_returning_items_and_an_untaxed_line_has_no_tax(): void {
		$fee = new \WC_Order_Item_Fee( 'Fakturaavgift', 29.00, 0.0, 1 );
		$this->order->add_item( $fee );
		$this->order->total = '1076.00';
		$request            = $this->parse(
			array(
				'amount' => '129.00',
				'lines'  => array(
					array( 'itemId' => $this->item, 'quantity' => 0, 'total' => '100' ),
					array( 'itemId' => $fee->get_id(), 'quantity' => 1, 'total' => '29.00' ),
				),
			)
		);
		$this->assertSame(
			array(
				$this->item    => array( 'qty' => 0, 'refund_total' => '80.00', 'refund_tax' => array( 1 => 20.0 ) ),
				$fee->get_id() => array( 'qty' => 1, 'refund_total' => '29.00', 'refund_tax' => array() ),
			),
			$request->line_items
		);
	}

	public function test_what_was_refunded_before_lowers_what_is_left_of_the_order_and_of_each_item(): void {
		WooFakes::refund(
			$this->order,
			'499.00',
			array( $this->item => new \WC_Order_Item_Product( 'Kaffebryggare', -399.20, -99.80, -1, 'KB-1', 11 ) )
		);

		$this->assertSame( 54800, $this->parse( array( 'amount' => '548.00' ) )->amount, 'Exactly what is left.' );
		$this->assertStringContainsString( '(548,00', $this->refused( array( 'amount' => '548.01' ) )->getMessage() );

		$quantity = $this->refused(
			array(
				'amount' => '499.00',
				'lines'  => array( array( 'itemId' => $this->item, 'quantity' => 2, 'total' => '499.00' ) ),
			)
		);
		$this->assertStringContainsString( 'Line 1: only 1 of this item can still be refunded.', $quantity->getMessage() );

		$total = $this->refused(
			array(
				'amount' => '499.01',
				'lines'  => array( array( 'itemId' => $this->item, 'quantity' => 1, 'total' => '499.01' ) ),
			)
		);
		$this->assertStringContainsString( 'Line 1: at most 499,00', $total->getMessage() );

		$this->assertSame(
			array( 'qty' => 1, 'refund_total' => '399.20', 'refund_tax' => array( 1 => 99.8 ) ),
			$this->parse(
				array(
					'amount' => '499.00',
					'lines'  => array( array( 'itemId' => $this->item, 'quantity' => 1, 'total' => '499.00' ) ),
				)
			)->line_items[ $this->item ]
		);
	}

	public function test_an_item_of_another_order_is_not_part_of_this_one(): void {
		$other = WooFakes::item( WooFakes::order() )->get_id();
		$e     = $this->refused(
			array(
				'amount' => '10',
				'lines'  => array( array( 'itemId' => $other, 'quantity' => 0, 'total' => '10' ) ),
			)
		);
		$this->assertSame( "Line 1: item $other is not part of this order.", $e->getMessage() );
	}
}
