<?php
/**
 * WP-CLI: wp ecster-om demo.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Demo;

/**
 * Makes demo Ecster order pairs (sandbox + WooCommerce) and prints their edit URLs.
 */
final class DemoCommand {

	/** @var callable(): DemoOrders */
	private $factory;

	/**
	 * @param callable|null $factory fn(): DemoOrders.
	 */
	public function __construct( ?callable $factory = null ) {
		$this->factory = $factory ?? static fn(): DemoOrders => new DemoOrders();
	}

	/**
	 * Registers `wp ecster-om demo` when running under WP-CLI.
	 */
	public static function register(): void {
		if ( ! defined( 'WP_CLI' ) || ! constant( 'WP_CLI' ) || ! class_exists( '\WP_CLI' ) ) {
			return;
		}
		\WP_CLI::add_command( 'ecster-om demo', new self() );
	}

	/**
	 * Creates demo Ecster orders: an order in the Ecster sandbox and the paid WooCommerce order
	 * (Processing; Completed and debited for digital-only orders). Local and development sites only.
	 *
	 * ## OPTIONS
	 *
	 * [--count=<n>]
	 * : How many orders (1–20).
	 * ---
	 * default: 1
	 * ---
	 *
	 * [--digital]
	 * : Digital-only items (WooCommerce completes such orders at payment, which debits them).
	 *
	 * [--method=<method>]
	 * : Ecster payment method.
	 * ---
	 * default: INVOICE
	 * options:
	 *   - INVOICE
	 *   - CARD
	 *   - PARTPAYMENT
	 *   - SWISH
	 * ---
	 *
	 * [--amount=<sek>]
	 * : Order total in SEK, e.g. 1234.50 (default: whatever the random basket costs).
	 *
	 * [--if-none]
	 * : Create orders only when the store has no demo orders yet.
	 *
	 * [--format=<format>]
	 * : urls (one edit URL per line), table or json.
	 * ---
	 * default: urls
	 * options:
	 *   - urls
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp ecster-om demo
	 *     wp ecster-om demo --count=3 --method=SWISH --digital --amount=1234.50
	 *     wp ecster-om demo --count=3 --if-none
	 *
	 * @param array<int, string>         $args       Positional arguments (none).
	 * @param array<string, string|bool> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args = array() ): void {
		if ( ! DemoOrders::environment_allows() ) {
			self::cli( 'error', sprintf( 'Demo orders are only for local and development sites; this site\'s environment type is "%s" (WP_ENVIRONMENT_TYPE).', wp_get_environment_type() ) );
			return;
		}
		$format  = (string) ( $assoc_args['format'] ?? 'urls' );
		$options = self::options( $assoc_args );
		try {
			$result = ( $this->factory )()->create( $options );
		} catch ( DemoException $e ) {
			self::cli( 'error', $e->getMessage() );
			return;
		}
		if ( $result['skipped'] ) {
			self::cli( 'success', sprintf( 'The store already has %d demo order(s); none created (--if-none).', $result['existing'] ) );
			return;
		}
		if ( 'json' === $format ) {
			self::cli( 'line', (string) wp_json_encode( $result['orders'], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
			return;
		}
		if ( 'table' === $format ) {
			\WP_CLI\Utils\format_items( 'table', $result['orders'], array( 'id', 'number', 'status', 'total', 'method', 'ecsterOrderId', 'editUrl' ) );
			return;
		}
		foreach ( $result['orders'] as $order ) {
			self::cli( 'line', (string) $order['editUrl'] );
		}
		self::cli( 'success', sprintf( 'Created %d demo Ecster order(s).', count( $result['orders'] ) ) );
	}

	/**
	 * Prints through WP-CLI (`line`, `success`; `error` prints and exits).
	 */
	private static function cli( string $kind, string $text ): void {
		\WP_CLI::$kind( $text );
	}

	/**
	 * WP-CLI flags → DemoOrders options.
	 *
	 * @param array<string, string|bool> $assoc_args Options.
	 * @return array<string, mixed>
	 */
	public static function options( array $assoc_args ): array {
		$map     = array(
			'count'   => 'count',
			'digital' => 'digital',
			'method'  => 'method',
			'amount'  => 'amount',
			'if-none' => 'ifNone',
		);
		$options = array();
		foreach ( $assoc_args as $flag => $value ) {
			if ( 'format' === $flag ) {
				continue;
			}
			$options[ $map[ $flag ] ?? $flag ] = $value;
		}
		return $options;
	}
}
