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
 * merchant who used it keeps their configuration. Our own extra key: failed_debit_status.
 *
 * Values are read from the option on every call (WordPress caches options), so a save made
 * earlier in the same request is seen at once.
 */
class Settings {

	public const OPTION = 'woocommerce_ecster_settings';

	public const LIVE_URL = 'https://secure.ecster.se/rest/public/';
	public const TEST_URL = 'https://labs.ecster.se/rest/public/';

	public const FAILED_DEBIT_ON_HOLD = 'on-hold';
	public const FAILED_DEBIT_PROCESSING = 'processing';

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
		return array_merge( self::defaults(), $stored );
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
	 * WooCommerce status (without wc-) an order gets when its debit fails.
	 */
	public function failed_debit_status(): string {
		$status = $this->get( 'failed_debit_status' );
		return self::FAILED_DEBIT_PROCESSING === $status ? self::FAILED_DEBIT_PROCESSING : self::FAILED_DEBIT_ON_HOLD;
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
