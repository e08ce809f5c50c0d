<?php
/**
 * What demo orders are made of: a small Swedish product range and Swedish customers.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

/**
 * Plain data (no WordPress calls), so the basket rules can be unit tested.
 *
 * Prices include VAT, as in a Swedish store. Tax classes are WooCommerce slugs of the Swedish
 * rates: '' standard 25 %, `reduced-rate` 12 % (food), `super-reduced-rate` 6 % (books,
 * newspapers, e-books) and `zero-rate` (gift cards: multi-purpose vouchers carry no VAT when sold).
 */
final class Catalogue {

	public const SKU_PREFIX = 'ECSTER-OM-DEMO-';

	/** Tax class of the gift-card line that brings an order to an exact amount. */
	public const GIFT_CARD_TAX_CLASS = 'zero-rate';

	/**
	 * Products of physical orders: key => {name, price (minor units, VAT included), taxClass}.
	 *
	 * @return array<string, array{name: string, price: int, taxClass: string}>
	 */
	public static function physical(): array {
		return array(
			'KAFFEBRYGGARE' => array(
				'name'     => 'Kaffebryggare Moccamaster KBG Select',
				'price'    => 249500,
				'taxClass' => '',
			),
			'TERMOS'        => array(
				'name'     => 'Termos 1 l, rostfri',
				'price'    => 34900,
				'taxClass' => '',
			),
			'KAFFEFILTER'   => array(
				'name'     => 'Kaffefilter nr 4, 100-pack',
				'price'    => 2990,
				'taxClass' => '',
			),
			'KAFFE'         => array(
				'name'     => 'Ekologiskt mellanrost kaffe 450 g',
				'price'    => 7990,
				'taxClass' => 'reduced-rate',
			),
			'LINGONSYLT'    => array(
				'name'     => 'Lingonsylt 400 g',
				'price'    => 4490,
				'taxClass' => 'reduced-rate',
			),
			'KOKBOK'        => array(
				'name'     => 'Kokbok: Svensk husmanskost (inbunden)',
				'price'    => 28900,
				'taxClass' => 'super-reduced-rate',
			),
		);
	}

	/**
	 * Products of digital-only orders (virtual and downloadable: WooCommerce completes such
	 * orders at payment).
	 *
	 * @return array<string, array{name: string, price: int, taxClass: string}>
	 */
	public static function digital(): array {
		return array(
			'EBOK'    => array(
				'name'     => 'E-bok: Svensk husmanskost',
				'price'    => 14900,
				'taxClass' => 'super-reduced-rate',
			),
			'LJUDBOK' => array(
				'name'     => 'Ljudbok: Nils Holgerssons underbara resa',
				'price'    => 12900,
				'taxClass' => 'super-reduced-rate',
			),
			'TIDNING' => array(
				'name'     => 'Digital prenumeration: Matmagasinet, 3 månader',
				'price'    => 19900,
				'taxClass' => 'super-reduced-rate',
			),
			'SURDEG'  => array(
				'name'     => 'Onlinekurs: Baka surdegsbröd',
				'price'    => 49500,
				'taxClass' => '',
			),
		);
	}

	/**
	 * The gift card that tops an order up to an exact amount: mailed (physical orders) or
	 * e-mailed (digital orders). Its price is set per line.
	 *
	 * @return array{key: string, name: string, price: int, taxClass: string}
	 */
	public static function gift_card( bool $digital ): array {
		return $digital
			? array(
				'key'      => 'E-PRESENTKORT',
				'name'     => 'E-presentkort',
				'price'    => 50000,
				'taxClass' => self::GIFT_CARD_TAX_CLASS,
			)
			: array(
				'key'      => 'PRESENTKORT',
				'name'     => 'Presentkort (skickas med post)',
				'price'    => 50000,
				'taxClass' => self::GIFT_CARD_TAX_CLASS,
			);
	}

	/**
	 * Swedish customers (fictitious people at real street addresses' format).
	 *
	 * @return array<int, array{first_name: string, last_name: string, address_1: string, postcode: string, city: string, email: string, phone: string, national_id: string}>
	 */
	public static function customers(): array {
		return array(
			array(
				'first_name'  => 'Anna',
				'last_name'   => 'Andersson',
				'address_1'   => 'Storgatan 12',
				'postcode'    => '111 22',
				'city'        => 'Stockholm',
				'email'       => 'anna.andersson@example.se',
				'phone'       => '+46701234567',
				'national_id' => '19850312-2384',
			),
			array(
				'first_name'  => 'Erik',
				'last_name'   => 'Johansson',
				'address_1'   => 'Kungsportsavenyen 5',
				'postcode'    => '411 36',
				'city'        => 'Göteborg',
				'email'       => 'erik.johansson@example.se',
				'phone'       => '+46702345678',
				'national_id' => '19790621-3351',
			),
			array(
				'first_name'  => 'Maria',
				'last_name'   => 'Karlsson',
				'address_1'   => 'Stortorget 3',
				'postcode'    => '211 22',
				'city'        => 'Malmö',
				'email'       => 'maria.karlsson@example.se',
				'phone'       => '+46703456789',
				'national_id' => '19920105-4426',
			),
			array(
				'first_name'  => 'Lars',
				'last_name'   => 'Nilsson',
				'address_1'   => 'Drottninggatan 45',
				'postcode'    => '753 10',
				'city'        => 'Uppsala',
				'email'       => 'lars.nilsson@example.se',
				'phone'       => '+46704567890',
				'national_id' => '19680830-5517',
			),
			array(
				'first_name'  => 'Karin',
				'last_name'   => 'Lindqvist',
				'address_1'   => 'Rådhusesplanaden 8',
				'postcode'    => '903 28',
				'city'        => 'Umeå',
				'email'       => 'karin.lindqvist@example.se',
				'phone'       => '+46705678901',
				'national_id' => '19880419-6648',
			),
			array(
				'first_name'  => 'Johan',
				'last_name'   => 'Eriksson',
				'address_1'   => 'Trädgårdsgatan 14',
				'postcode'    => '702 12',
				'city'        => 'Örebro',
				'email'       => 'johan.eriksson@example.se',
				'phone'       => '+46706789012',
				'national_id' => '19750911-7739',
			),
		);
	}

	/**
	 * The lines of one basket: product keys and quantities, plus the gift-card amount (minor
	 * units) that tops it up to `amount`. Without an amount: one to three products, one or two of
	 * each, no gift card. With an amount: products while they fit (at most three lines), then a
	 * gift card for what is left (none when the products add up exactly).
	 *
	 * @param bool                      $digital Digital-only products.
	 * @param int|null                  $amount  Wanted total in minor units, or null.
	 * @param callable(int, int): int   $random  Random integer between two bounds (inclusive).
	 * @return array{lines: array<int, array{key: string, quantity: int}>, giftCard: int}
	 */
	public static function basket( bool $digital, ?int $amount, callable $random ): array {
		$products = $digital ? self::digital() : self::physical();
		$keys     = array_keys( $products );
		// Fisher–Yates with the given random source (testable, unlike shuffle()).
		for ( $i = count( $keys ) - 1; $i > 0; $i-- ) {
			$j          = $random( 0, $i );
			$swap       = $keys[ $i ];
			$keys[ $i ] = $keys[ $j ];
			$keys[ $j ] = $swap;
		}

		$lines = array();
		if ( null === $amount ) {
			$count = $random( 1, 3 );
			foreach ( array_slice( $keys, 0, $count ) as $key ) {
				$lines[] = array(
					'key'      => (string) $key,
					'quantity' => $random( 1, 2 ),
				);
			}
			return array(
				'lines'    => $lines,
				'giftCard' => 0,
			);
		}

		$left = $amount;
		foreach ( $keys as $key ) {
			if ( count( $lines ) >= 3 ) {
				break;
			}
			$price = $products[ $key ]['price'];
			$most  = min( 3, intdiv( $left, $price ) );
			if ( $most < 1 ) {
				continue;
			}
			$quantity = $random( 1, $most );
			$lines[]  = array(
				'key'      => (string) $key,
				'quantity' => $quantity,
			);
			$left    -= $quantity * $price;
		}
		return array(
			'lines'    => $lines,
			'giftCard' => $left,
		);
	}
}
