<?php
/**
 * Demo-order options: defaults, accepted spellings and clear errors for bad values.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Demo;

use EcsterOM\Demo\DemoCommand;
use EcsterOM\Demo\DemoException;
use EcsterOM\Demo\DemoOrders;
use PHPUnit\Framework\TestCase;

final class OptionsTest extends TestCase {

	protected function tearDown(): void {
		unset( $GLOBALS['ecster_om_test_environment_type'] );
	}

	public function test_no_options_means_one_physical_invoice_order_of_any_amount(): void {
		$this->assertSame(
			array(
				'count'   => 1,
				'digital' => false,
				'method'  => 'INVOICE',
				'amount'  => null,
				'ifNone'  => false,
			),
			DemoOrders::parse_options( array() )
		);
	}

	public function test_all_options_as_the_rest_route_and_the_node_command_send_them(): void {
		$this->assertSame(
			array(
				'count'   => 3,
				'digital' => true,
				'method'  => 'SWISH',
				'amount'  => 123450,
				'ifNone'  => true,
			),
			DemoOrders::parse_options(
				array(
					'count'   => '3',
					'digital' => true,
					'method'  => 'swish',
					'amount'  => '1234.50',
					'ifNone'  => true,
				)
			)
		);
	}

	/**
	 * @return array<string, array{0: mixed, 1: int}>
	 */
	public static function amounts(): array {
		return array(
			'point'          => array( '1234.50', 123450 ),
			'comma'          => array( '1234,5', 123450 ),
			'whole text'     => array( '998', 99800 ),
			'integer'        => array( 998, 99800 ),
			'float'          => array( 12.34, 1234 ),
			'one öre'        => array( '0.01', 1 ),
			'largest'        => array( '1000000', 100000000 ),
			'spaces trimmed' => array( ' 49.90 ', 4990 ),
		);
	}

	/**
	 * @dataProvider amounts
	 * @param mixed $input    Amount as given.
	 * @param int   $expected Minor units.
	 */
	public function test_amounts_in_sek_become_minor_units( $input, int $expected ): void {
		$this->assertSame( $expected, DemoOrders::parse_options( array( 'amount' => $input ) )['amount'] );
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: string, 2: string}>
	 */
	public static function bad_options(): array {
		return array(
			'count zero'          => array( array( 'count' => 0 ), 'count', 'count must be a whole number from 1 to 20, got 0.' ),
			'count too many'      => array( array( 'count' => 21 ), 'count', 'count must be a whole number from 1 to 20, got 21.' ),
			'count text'          => array( array( 'count' => 'three' ), 'count', 'count must be a whole number from 1 to 20, got "three".' ),
			'count fraction'      => array( array( 'count' => 1.5 ), 'count', 'count must be a whole number from 1 to 20, got 1.5.' ),
			'method unknown'      => array( array( 'method' => 'ACCOUNT' ), 'method', 'method must be one of INVOICE, CARD, PARTPAYMENT, SWISH, got "ACCOUNT".' ),
			'method not text'     => array( array( 'method' => 3 ), 'method', 'method must be one of INVOICE, CARD, PARTPAYMENT, SWISH, got 3.' ),
			'amount zero'         => array( array( 'amount' => '0' ), 'amount', 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got "0".' ),
			'amount negative'     => array( array( 'amount' => -5 ), 'amount', 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got -5.' ),
			'amount three dec.'   => array( array( 'amount' => '12.345' ), 'amount', 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got "12.345".' ),
			'amount too large'    => array( array( 'amount' => '1000000.01' ), 'amount', 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got "1000000.01".' ),
			'amount float 3 dec.' => array( array( 'amount' => 1.005 ), 'amount', 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got 1.005.' ),
			'amount text'         => array( array( 'amount' => 'much' ), 'amount', 'amount must be an amount in SEK above 0 and at most 1000000, with at most two decimals (for example 1234.50), got "much".' ),
			'digital not a flag'  => array( array( 'digital' => 'maybe' ), 'digital', 'digital must be true or false, got "maybe".' ),
			'ifNone not a flag'   => array( array( 'ifNone' => 2 ), 'ifNone', 'ifNone must be true or false, got 2.' ),
			'unknown option'      => array( array( 'cuont' => 2 ), 'cuont', 'Unknown option "cuont". Known options: count, digital, method, amount, ifNone.' ),
		);
	}

	/**
	 * @dataProvider bad_options
	 * @param array<string, mixed> $input   Options.
	 * @param string               $field   Option named in the error.
	 * @param string               $message Error message.
	 */
	public function test_bad_options_are_refused_with_the_option_and_a_clear_message( array $input, string $field, string $message ): void {
		try {
			DemoOrders::parse_options( $input );
			$this->fail( 'No error for ' . json_encode( $input ) );
		} catch ( DemoException $e ) {
			$this->assertSame( DemoException::INVALID_OPTION, $e->error_code() );
			$this->assertSame( 400, $e->http_status() );
			$this->assertSame( $field, $e->field() );
			$this->assertSame( $message, $e->getMessage() );
		}
	}

	public function test_wp_cli_flags_map_to_the_options(): void {
		$this->assertSame(
			array(
				'count'   => '2',
				'digital' => true,
				'method'  => 'CARD',
				'amount'  => '99.50',
				'ifNone'  => true,
			),
			DemoCommand::options(
				array(
					'count'   => '2',
					'digital' => true,
					'method'  => 'CARD',
					'amount'  => '99.50',
					'if-none' => true,
					'format'  => 'json',
				)
			)
		);
		$this->assertSame( 99950, DemoOrders::parse_options( DemoCommand::options( array( 'amount' => '999.50' ) ) )['amount'] );
	}

	public function test_only_local_and_development_sites_allow_demo_orders(): void {
		foreach ( array( 'local' => true, 'development' => true, 'staging' => false, 'production' => false ) as $type => $allowed ) {
			$GLOBALS['ecster_om_test_environment_type'] = $type;
			$this->assertSame( $allowed, DemoOrders::environment_allows(), $type );
		}
	}
}
