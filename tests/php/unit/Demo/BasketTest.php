<?php
/**
 * What demo baskets hold: Swedish products of the right kind, and exactly the asked amount.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Demo;

use EcsterOM\Demo\Catalogue;
use PHPUnit\Framework\TestCase;

final class BasketTest extends TestCase {

	/**
	 * A seeded random source, so every run checks the same baskets.
	 *
	 * @return callable(int, int): int
	 */
	private function random( int $seed ): callable {
		mt_srand( $seed );
		return static fn( int $min, int $max ): int => mt_rand( $min, $max );
	}

	/**
	 * @param array{lines: array<int, array{key: string, quantity: int}>, giftCard: int} $basket Basket.
	 * @param array<string, array{name: string, price: int, taxClass: string}>            $products Catalogue.
	 */
	private function products_total( array $basket, array $products ): int {
		$sum = 0;
		foreach ( $basket['lines'] as $line ) {
			$sum += $products[ $line['key'] ]['price'] * $line['quantity'];
		}
		return $sum;
	}

	public function test_the_catalogue_uses_the_swedish_vat_classes(): void {
		$classes = array();
		foreach ( array_merge( Catalogue::physical(), Catalogue::digital() ) as $product ) {
			$classes[ $product['taxClass'] ] = true;
		}
		ksort( $classes );
		$this->assertSame( array( '', 'reduced-rate', 'super-reduced-rate' ), array_keys( $classes ) );
		$this->assertSame( 'zero-rate', Catalogue::gift_card( true )['taxClass'] );
		$this->assertSame( 'zero-rate', Catalogue::gift_card( false )['taxClass'] );
		$this->assertNotSame( Catalogue::gift_card( true )['key'], Catalogue::gift_card( false )['key'] );
	}

	public function test_without_an_amount_a_basket_has_one_to_three_different_products(): void {
		foreach ( array( false, true ) as $digital ) {
			$products = $digital ? Catalogue::digital() : Catalogue::physical();
			for ( $seed = 1; $seed <= 200; $seed++ ) {
				$basket = Catalogue::basket( $digital, null, $this->random( $seed ) );
				$keys   = array_column( $basket['lines'], 'key' );
				$this->assertGreaterThanOrEqual( 1, count( $keys ) );
				$this->assertLessThanOrEqual( 3, count( $keys ) );
				$this->assertSame( $keys, array_unique( $keys ) );
				foreach ( $basket['lines'] as $line ) {
					$this->assertArrayHasKey( $line['key'], $products, 'digital=' . (int) $digital );
					$this->assertContains( $line['quantity'], array( 1, 2 ) );
				}
				$this->assertSame( 0, $basket['giftCard'] );
			}
		}
	}

	/**
	 * @return array<string, array{0: bool, 1: int}>
	 */
	public static function amounts(): array {
		return array(
			'physical 1234.50'      => array( false, 123450 ),
			'digital 1234.50'       => array( true, 123450 ),
			'physical below all'    => array( false, 1000 ),
			'digital below all'     => array( true, 100 ),
			'physical one öre'      => array( false, 1 ),
			'physical large'        => array( false, 9999999 ),
			'digital exact product' => array( true, 14900 ),
		);
	}

	/**
	 * @dataProvider amounts
	 */
	public function test_with_an_amount_products_and_gift_card_add_up_to_it( bool $digital, int $amount ): void {
		$products = $digital ? Catalogue::digital() : Catalogue::physical();
		for ( $seed = 1; $seed <= 100; $seed++ ) {
			$basket = Catalogue::basket( $digital, $amount, $this->random( $seed ) );
			$this->assertSame( $amount, $this->products_total( $basket, $products ) + $basket['giftCard'] );
			$this->assertGreaterThanOrEqual( 0, $basket['giftCard'] );
			$this->assertLessThanOrEqual( 3, count( $basket['lines'] ) );
			foreach ( $basket['lines'] as $line ) {
				$this->assertGreaterThanOrEqual( 1, $line['quantity'] );
				$this->assertLessThanOrEqual( 3, $line['quantity'] );
			}
		}
	}

	public function test_an_amount_below_every_product_is_one_gift_card(): void {
		$basket = Catalogue::basket( false, 1000, $this->random( 7 ) );
		$this->assertSame( array(), $basket['lines'] );
		$this->assertSame( 1000, $basket['giftCard'] );
	}

	public function test_swedish_customers_have_swedish_addresses(): void {
		foreach ( Catalogue::customers() as $customer ) {
			$this->assertMatchesRegularExpression( '/^\d{3} \d{2}$/', $customer['postcode'] );
			$this->assertMatchesRegularExpression( '/^\+467\d{8}$/', $customer['phone'] );
			$this->assertMatchesRegularExpression( '/^(19|20)\d{6}-\d{4}$/', $customer['national_id'] );
			$this->assertStringEndsWith( '@example.se', $customer['email'] );
		}
	}
}
