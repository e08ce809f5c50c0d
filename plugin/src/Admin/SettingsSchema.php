<?php
/**
 * The settings screen's fields: what the screen sees, and how its input is checked.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Admin;

use EcsterOM\Settings;

/**
 * Maps between the option `woocommerce_ecster_settings` (keys of the Ecster Pay checkout plugin,
 * yes/no strings) and the fields of the settings screen and its REST route (camelCase, booleans):
 *
 * | field             | option key             | value                      |
 * |-------------------|------------------------|----------------------------|
 * | manageOrders      | manage_ecster_orders   | bool ⇄ yes/no              |
 * | environment       | testmode               | "test"/"live" ⇄ yes/no     |
 * | apiKey            | api_key                | write-only string          |
 * | merchantKey       | merchant_key           | string                     |
 * | logging           | logging                | bool ⇄ yes/no              |
 * | failedDebitStatus | failed_debit_status    | "on-hold" / "processing"   |
 * | bulkConcurrency   | bulk_concurrency       | int 1–50 ⇄ "10"            |
 *
 * The API key is never part of what present() returns: only whether one is stored and its last
 * four characters.
 */
final class SettingsSchema {

	/** Longest accepted key (Ecster's keys are UUID-like, far shorter). */
	public const MAX_KEY_LENGTH = 200;

	public const FIELDS = array( 'manageOrders', 'environment', 'apiKey', 'merchantKey', 'logging', 'failedDebitStatus', 'bulkConcurrency' );

	/** Fields "Check connection" reads from the screen. */
	public const CONNECTION_FIELDS = array( 'environment', 'apiKey', 'merchantKey' );

	/**
	 * What the settings screen shows (GET/POST /settings). Never contains the API key.
	 *
	 * @return array{manageOrders: bool, environment: string, apiKeySet: bool, apiKeyLast4: string, merchantKey: string, logging: bool, failedDebitStatus: string, bulkConcurrency: int, apiUrlOverride: string|null}
	 */
	public static function present( Settings $settings ): array {
		return array(
			'manageOrders'      => $settings->manage_orders(),
			'environment'       => $settings->environment(),
			'apiKeySet'         => $settings->has_api_key(),
			'apiKeyLast4'       => $settings->api_key_last4(),
			'merchantKey'       => $settings->merchant_key(),
			'logging'           => $settings->logging_enabled(),
			'failedDebitStatus' => $settings->failed_debit_status(),
			'bulkConcurrency'   => $settings->bulk_concurrency(),
			'apiUrlOverride'    => $settings->api_url_override(),
		);
	}

	/**
	 * Checks a save request. Fields that are absent keep their stored value; `apiKey` absent or
	 * null keeps the stored key, a string replaces it ("" removes it).
	 *
	 * @param array<string, mixed> $input   Decoded JSON body.
	 * @param Settings             $current The stored settings (for the cross-field checks).
	 * @return array{changes: array<string, string>, errors: array<string, string>} Option changes, and
	 *         field → message for every field that is wrong (then nothing may be saved).
	 */
	public static function validate_save( array $input, Settings $current ): array {
		$changes = array();
		$errors  = self::unknown_fields( $input, self::FIELDS );

		if ( array_key_exists( 'manageOrders', $input ) ) {
			self::boolean( $input['manageOrders'], 'manageOrders', 'manage_ecster_orders', $changes, $errors );
		}
		if ( array_key_exists( 'environment', $input ) ) {
			self::environment( $input['environment'], $changes, $errors );
		}
		if ( array_key_exists( 'apiKey', $input ) && null !== $input['apiKey'] ) {
			self::key( $input['apiKey'], 'apiKey', 'api_key', $changes, $errors );
		}
		if ( array_key_exists( 'merchantKey', $input ) ) {
			self::key( $input['merchantKey'], 'merchantKey', 'merchant_key', $changes, $errors );
		}
		if ( array_key_exists( 'logging', $input ) ) {
			self::boolean( $input['logging'], 'logging', 'logging', $changes, $errors );
		}
		if ( array_key_exists( 'failedDebitStatus', $input ) ) {
			$status = $input['failedDebitStatus'];
			if ( in_array( $status, array( Settings::FAILED_DEBIT_ON_HOLD, Settings::FAILED_DEBIT_PROCESSING ), true ) ) {
				$changes['failed_debit_status'] = $status;
			} else {
				$errors['failedDebitStatus'] = __( 'Choose "On hold" or "Leave as Processing".', 'ecster-order-management' );
			}
		}
		if ( array_key_exists( 'bulkConcurrency', $input ) ) {
			$level = $input['bulkConcurrency'];
			if ( is_int( $level ) && $level >= Settings::BULK_CONCURRENCY_MIN && $level <= Settings::BULK_CONCURRENCY_MAX ) {
				$changes['bulk_concurrency'] = (string) $level;
			} else {
				$errors['bulkConcurrency'] = sprintf(
					/* translators: 1: smallest value, 2: largest value */
					__( 'Enter a whole number from %1$d to %2$d.', 'ecster-order-management' ),
					Settings::BULK_CONCURRENCY_MIN,
					Settings::BULK_CONCURRENCY_MAX
				);
			}
		}

		// Manage orders needs both keys: the ones sent now, or else the stored ones.
		$manage = isset( $changes['manage_ecster_orders'] ) ? 'yes' === $changes['manage_ecster_orders'] : $current->manage_orders();
		if ( $manage && ! isset( $errors['manageOrders'] ) ) {
			$api_key      = $changes['api_key'] ?? $current->api_key();
			$merchant_key = $changes['merchant_key'] ?? $current->merchant_key();
			if ( '' === $api_key && ! isset( $errors['apiKey'] ) ) {
				$errors['apiKey'] = __( 'Enter the API key: Manage orders needs it.', 'ecster-order-management' );
			}
			if ( '' === $merchant_key && ! isset( $errors['merchantKey'] ) ) {
				$errors['merchantKey'] = __( 'Enter the merchant key: Manage orders needs it.', 'ecster-order-management' );
			}
		}

		return array(
			'changes' => array() === $errors ? $changes : array(),
			'errors'  => $errors,
		);
	}

	/**
	 * Checks a "Check connection" request: the environment and keys on the screen. An absent or
	 * empty `apiKey` means "use the stored key"; an absent `merchantKey` or `environment` the stored one.
	 *
	 * @param array<string, mixed> $input   Decoded JSON body.
	 * @param Settings             $current The stored settings.
	 * @return array{overrides: array<string, string>, errors: array<string, string>} Option values to
	 *         try (always with both keys), and field errors.
	 */
	public static function validate_connection( array $input, Settings $current ): array {
		$changes = array();
		$errors  = self::unknown_fields( $input, self::CONNECTION_FIELDS );

		if ( array_key_exists( 'environment', $input ) ) {
			self::environment( $input['environment'], $changes, $errors );
		}
		if ( array_key_exists( 'apiKey', $input ) && null !== $input['apiKey'] && '' !== $input['apiKey'] ) {
			self::key( $input['apiKey'], 'apiKey', 'api_key', $changes, $errors );
		}
		if ( array_key_exists( 'merchantKey', $input ) ) {
			self::key( $input['merchantKey'], 'merchantKey', 'merchant_key', $changes, $errors );
		}

		$api_key      = $changes['api_key'] ?? $current->api_key();
		$merchant_key = $changes['merchant_key'] ?? $current->merchant_key();
		if ( '' === $api_key && ! isset( $errors['apiKey'] ) ) {
			$errors['apiKey'] = __( 'Enter the API key to check the connection.', 'ecster-order-management' );
		}
		if ( '' === $merchant_key && ! isset( $errors['merchantKey'] ) ) {
			$errors['merchantKey'] = __( 'Enter the merchant key to check the connection.', 'ecster-order-management' );
		}

		$changes['api_key']      = $api_key;
		$changes['merchant_key'] = $merchant_key;

		return array(
			'overrides' => array() === $errors ? $changes : array(),
			'errors'    => $errors,
		);
	}

	/**
	 * @param array<string, mixed> $input   Input.
	 * @param string[]             $allowed Accepted fields.
	 * @return array<string, string>
	 */
	private static function unknown_fields( array $input, array $allowed ): array {
		$errors = array();
		foreach ( array_keys( $input ) as $field ) {
			$field = (string) $field;
			// WordPress's own request parameters (_locale, _wpnonce, _method, ...) are not settings.
			if ( '' === $field || '_' === $field[0] || in_array( $field, $allowed, true ) ) {
				continue;
			}
			$errors[ self::field_name( $field ) ] = __( 'This is not a setting of Ecster Pay.', 'ecster-order-management' );
		}
		return $errors;
	}

	/**
	 * A field name safe to echo back (unknown names come from the request).
	 */
	private static function field_name( string $field ): string {
		$clean = (string) preg_replace( '/[^A-Za-z0-9_-]/', '', $field );
		return '' === $clean ? 'unknown' : substr( $clean, 0, 64 );
	}

	/**
	 * @param mixed                 $value   Input value.
	 * @param array<string, string> $changes Option changes (out).
	 * @param array<string, string> $errors  Field errors (out).
	 */
	private static function boolean( $value, string $field, string $option_key, array &$changes, array &$errors ): void {
		if ( is_bool( $value ) ) {
			$changes[ $option_key ] = $value ? 'yes' : 'no';
			return;
		}
		$errors[ $field ] = __( 'Must be on (true) or off (false).', 'ecster-order-management' );
	}

	/**
	 * @param mixed                 $value   Input value.
	 * @param array<string, string> $changes Option changes (out).
	 * @param array<string, string> $errors  Field errors (out).
	 */
	private static function environment( $value, array &$changes, array &$errors ): void {
		if ( Settings::ENV_TEST === $value || Settings::ENV_LIVE === $value ) {
			$changes['testmode'] = Settings::ENV_TEST === $value ? 'yes' : 'no';
			return;
		}
		$errors['environment'] = __( 'Choose Test or Live.', 'ecster-order-management' );
	}

	/**
	 * API key and merchant key: text without spaces or control characters (surrounding white space,
	 * as left by copy and paste, is removed), at most MAX_KEY_LENGTH characters.
	 *
	 * @param mixed                 $value   Input value.
	 * @param array<string, string> $changes Option changes (out).
	 * @param array<string, string> $errors  Field errors (out).
	 */
	private static function key( $value, string $field, string $option_key, array &$changes, array &$errors ): void {
		if ( ! is_string( $value ) ) {
			$errors[ $field ] = __( 'Must be text.', 'ecster-order-management' );
			return;
		}
		$key = trim( $value, " \t\n\r\0\x0B" );
		if ( strlen( $key ) > self::MAX_KEY_LENGTH ) {
			$errors[ $field ] = sprintf(
				/* translators: %d: maximum number of characters */
				__( 'Too long: at most %d characters.', 'ecster-order-management' ),
				self::MAX_KEY_LENGTH
			);
			return;
		}
		if ( '' !== $key && 1 !== preg_match( '/^[\x21-\x7E]+$/', $key ) ) {
			$errors[ $field ] = __( 'Use only letters, digits and punctuation: no spaces, line breaks or other invisible characters.', 'ecster-order-management' );
			return;
		}
		$changes[ $option_key ] = $key;
	}
}
