<?php
/**
 * Read access to the Ecster Pay settings.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM;

/**
 * The settings live in the option `woocommerce_ecster_settings` with the keys the Ecster Pay
 * checkout plugin used (manage_ecster_orders, api_key, merchant_key, testmode, logging), so a
 * merchant who used it keeps their configuration. Our own extra keys: failed_debit_status and
 * bulk_concurrency.
 *
 * Values are read from the option on every call (WordPress caches options), so a save made
 * earlier in the same request is seen at once.
 */
class Settings {

	public const OPTION = 'woocommerce_ecster_settings';

	public const ENV_TEST = 'test';
	public const ENV_LIVE = 'live';

	/** Keys the plugin itself writes; every other key in the option belongs to someone else and is kept. */
	public const OWN_KEYS = array( 'manage_ecster_orders', 'api_key', 'merchant_key', 'testmode', 'logging', 'failed_debit_status', 'bulk_concurrency' );

	/**
	 * Values that win over the stored option (see with_overrides()).
	 *
	 * @var array<string, string>
	 */
	private array $overrides;

	/**
	 * @param array<string, string> $overrides Values that win over the stored option (for example
	 *                                         keys typed on the settings screen but not saved yet).
	 */
	public function __construct( array $overrides = array() ) {
		$this->overrides = $overrides;
	}

	/**
	 * A copy that reads the given values instead of the stored ones, without saving anything.
	 * Used by "Check connection" to try keys that are typed on the screen but not saved yet.
	 *
	 * @param array<string, string> $overrides Option keys (manage_ecster_orders, api_key, ...) and values.
	 */
	public function with_overrides( array $overrides ): Settings {
		return new Settings( array_merge( $this->overrides, $overrides ) );
	}

	public const LIVE_URL = 'https://secure.ecster.se/rest/public/';
	public const TEST_URL = 'https://labs.ecster.se/rest/public/';

	public const FAILED_DEBIT_ON_HOLD    = 'on-hold';
	public const FAILED_DEBIT_PROCESSING = 'processing';

	/** Ecster requests a bulk action sends at once per queue runner: default and bounds. */
	public const BULK_CONCURRENCY_DEFAULT = 10;
	public const BULK_CONCURRENCY_MIN     = 1;
	public const BULK_CONCURRENCY_MAX     = 50;

	/**
	 * Defaults for every key we read.
	 *
	 * @return array<string, string>
	 */
	public static function defaults(): array {
		return array(
			'manage_ecster_orders' => 'no',
			'api_key'              => '',
			'merchant_key'         => '',
			'testmode'             => 'yes',
			'logging'              => 'no',
			'failed_debit_status'  => self::FAILED_DEBIT_ON_HOLD,
			'bulk_concurrency'     => (string) self::BULK_CONCURRENCY_DEFAULT,
		);
	}

	/**
	 * The stored option merged over the defaults (unknown keys of other plugins are kept).
	 *
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		if ( ! is_array( $stored ) ) {
			$stored = array();
		}
		return array_merge( self::defaults(), $stored, $this->overrides );
	}

	/**
	 * Stores changed values of our own keys, keeping every other key of the option (those of the
	 * Ecster Pay checkout plugin, WooCommerce's `enabled`, ...) as it is. Values are stored as
	 * strings, the way WooCommerce's settings API stores them. Validate before calling this
	 * (see Admin\SettingsSchema).
	 *
	 * @param array<string, string> $changes Option keys from OWN_KEYS and their new values.
	 * @return bool True when the stored option now holds the values.
	 * @throws \InvalidArgumentException When a key is not one of OWN_KEYS.
	 */
	public function update( array $changes ): bool {
		foreach ( array_keys( $changes ) as $key ) {
			if ( ! in_array( $key, self::OWN_KEYS, true ) ) {
				throw new \InvalidArgumentException( sprintf( 'Unknown Ecster setting "%s".', (string) $key ) );
			}
		}
		$stored = get_option( self::OPTION, array() );
		if ( ! is_array( $stored ) ) {
			$stored = array();
		}
		$new = $stored;
		foreach ( $changes as $key => $value ) {
			$new[ $key ] = (string) $value;
		}
		if ( $new === $stored ) {
			return true;
		}
		// update_option() returns false both on failure and when nothing changed; compare afterwards.
		update_option( self::OPTION, $new, true );
		$after = get_option( self::OPTION, array() );
		if ( ! is_array( $after ) ) {
			return false;
		}
		foreach ( $changes as $key => $value ) {
			if ( ! array_key_exists( $key, $after ) || (string) $after[ $key ] !== (string) $value ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * `test` or `live` (the checkout plugin's `testmode` yes/no).
	 */
	public function environment(): string {
		return $this->is_test_mode() ? self::ENV_TEST : self::ENV_LIVE;
	}

	public function has_api_key(): bool {
		return '' !== $this->api_key();
	}

	/**
	 * The last four characters of the stored API key, for recognising it on the settings screen.
	 * Empty for keys shorter than eight characters, where four characters would give away too much.
	 */
	public function api_key_last4(): string {
		$key = $this->api_key();
		return strlen( $key ) >= 8 ? substr( $key, -4 ) : '';
	}

	public function get( string $key ): string {
		$all = $this->all();
		return isset( $all[ $key ] ) && is_scalar( $all[ $key ] ) ? (string) $all[ $key ] : '';
	}

	public function manage_orders(): bool {
		return 'yes' === $this->get( 'manage_ecster_orders' );
	}

	public function api_key(): string {
		return trim( $this->get( 'api_key' ) );
	}

	public function merchant_key(): string {
		return trim( $this->get( 'merchant_key' ) );
	}

	public function has_credentials(): bool {
		return '' !== $this->api_key() && '' !== $this->merchant_key();
	}

	public function is_test_mode(): bool {
		return 'no' !== $this->get( 'testmode' );
	}

	public function logging_enabled(): bool {
		return 'yes' === $this->get( 'logging' );
	}

	/**
	 * WooCommerce status (without wc-) an order gets when its debit fails: the setting "Order status
	 * after a failed debit", or what a callback of the Ecster Pay checkout plugin's filter
	 * `ecster_failed_capture_status` answers for the order (deprecated; only on-hold and processing
	 * are taken, as an order that is not debited never becomes Completed; anything else is logged
	 * and ignored).
	 *
	 * @param int $order_id The order whose debit failed (0: none in particular), passed to the filter.
	 */
	public function failed_debit_status( int $order_id = 0 ): string {
		$stored = $this->get( 'failed_debit_status' );
		$status = self::FAILED_DEBIT_PROCESSING === $stored ? self::FAILED_DEBIT_PROCESSING : self::FAILED_DEBIT_ON_HOLD;
		if ( ! has_filter( 'ecster_failed_capture_status' ) ) {
			return $status;
		}
		/**
		 * The Ecster Pay checkout plugin's filter: the status an order goes to when its debit
		 * ("capture") fails. Honoured for on-hold and processing.
		 *
		 * @deprecated 1.0.0 Use the setting "Order status after a failed debit" (failed_debit_status).
		 *
		 * @param string $status   on-hold or processing (the setting).
		 * @param int    $order_id The order.
		 */
		$filtered = apply_filters_deprecated(
			'ecster_failed_capture_status',
			array( $status, $order_id ),
			'1.0.0',
			'the Ecster Pay setting "Order status after a failed debit" (failed_debit_status)',
			'Ecster Order Management only takes on-hold or processing from it.'
		);
		$wanted   = is_string( $filtered ) ? strtolower( trim( $filtered ) ) : '';
		if ( str_starts_with( $wanted, 'wc-' ) ) {
			$wanted = substr( $wanted, 3 );
		}
		if ( in_array( $wanted, array( self::FAILED_DEBIT_ON_HOLD, self::FAILED_DEBIT_PROCESSING ), true ) ) {
			return $wanted;
		}
		( new Logger( $this ) )->error(
			sprintf(
				'The filter ecster_failed_capture_status (from the Ecster Pay checkout plugin) answered %s for order %d. It is ignored: after a failed debit an order can only stay on-hold or processing (an order that is not debited never becomes Completed). The order goes to %s, the setting "Order status after a failed debit".',
				is_scalar( $filtered ) ? '"' . (string) $filtered . '"' : gettype( $filtered ),
				$order_id,
				$status
			),
			array(
				'order_id' => $order_id,
				'filter'   => 'ecster_failed_capture_status',
			)
		);
		return $status;
	}

	/**
	 * How many Ecster requests a bulk action sends at once in one queue runner (our own key
	 * `bulk_concurrency`; a stored value out of bounds counts as the nearest bound).
	 */
	public function bulk_concurrency(): int {
		$value = $this->get( 'bulk_concurrency' );
		if ( 1 !== preg_match( '/^\d{1,6}$/', $value ) ) {
			return self::BULK_CONCURRENCY_DEFAULT;
		}
		return max( self::BULK_CONCURRENCY_MIN, min( self::BULK_CONCURRENCY_MAX, (int) $value ) );
	}

	/**
	 * The URL set with the ECSTER_OM_API_URL constant (wp-config.php), or null.
	 */
	public function api_url_override(): ?string {
		if ( defined( 'ECSTER_OM_API_URL' ) && is_string( constant( 'ECSTER_OM_API_URL' ) ) && '' !== constant( 'ECSTER_OM_API_URL' ) ) {
			return (string) constant( 'ECSTER_OM_API_URL' );
		}
		return null;
	}

	/**
	 * Base URL the client appends `v1/...` to, always ending in a slash.
	 * Filter: `ecster_om_api_base_url`.
	 */
	public function api_base_url(): string {
		$url = $this->api_url_override() ?? ( $this->is_test_mode() ? self::TEST_URL : self::LIVE_URL );
		$url = (string) apply_filters( 'ecster_om_api_base_url', $url, $this );
		return rtrim( $url, '/' ) . '/';
	}
}
