<?php
/**
 * Removes secrets and personal data from anything that is about to be logged or shown.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * What is removed:
 *
 * - every secret given to the constructor (the API key), wherever it appears in a string, also in
 *   its URL-encoded and JSON-escaped forms. Secrets shorter than MIN_SECRET_LENGTH are ignored:
 *   masking "a" everywhere would destroy the log without protecting anything real;
 * - the value of every key in SENSITIVE_KEYS (case-insensitive, at any depth): the `x-api-key`
 *   header, Ecster's `consumer` object and any stray personal field (nationalId, names, address,
 *   email, phone, cellular, contact info);
 * - in free text: e-mail addresses and Swedish personal identity numbers written with a
 *   separator (YYMMDD-NNNN, YYYYMMDD-NNNN, optionally prefixed with SE, as Ecster writes them).
 *
 * Order rows keep their `name` (a product name is not personal data); only the consumer's names go.
 */
final class Redactor {

	public const MASK = '[redacted]';

	public const MIN_SECRET_LENGTH = 4;

	/**
	 * Keys whose values are always replaced (compared lower-case, without - and _).
	 *
	 * @var string[]
	 */
	private const SENSITIVE_KEYS = array(
		'xapikey',
		'apikey',
		'authorization',
		'consumer',
		'customer',
		'nationalid',
		'socialsecuritynumber',
		'ssn',
		'personalnumber',
		'firstname',
		'lastname',
		'fullname',
		'address',
		'billingaddress',
		'shippingaddress',
		'deliveryaddress',
		'line1',
		'line2',
		'zip',
		'postalcode',
		'email',
		'phone',
		'cellular',
		'mobile',
		'contactinfo',
	);

	/**
	 * Secret strings (and their encoded forms), longest first.
	 *
	 * @var string[]
	 */
	private array $secrets = array();

	/**
	 * @param array<mixed> $secrets Values that must never appear in the output (e.g. the API key); non-strings are ignored.
	 */
	public function __construct( array $secrets = array() ) {
		$forms = array();
		foreach ( $secrets as $secret ) {
			if ( ! is_string( $secret ) ) {
				continue;
			}
			foreach ( array( $secret, trim( $secret ) ) as $value ) {
				if ( strlen( $value ) < self::MIN_SECRET_LENGTH ) {
					continue;
				}
				$forms[] = $value;
				$forms[] = rawurlencode( $value );
				$forms[] = urlencode( $value ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.urlencode_urlencode -- the form-encoded spelling of the key must be masked too.
				$forms[] = substr( (string) wp_json_encode( $value, JSON_UNESCAPED_UNICODE ), 1, -1 );
				$forms[] = substr( (string) wp_json_encode( $value ), 1, -1 );
			}
		}
		$forms = array_values( array_unique( array_filter( $forms, static fn( string $f ): bool => strlen( $f ) >= self::MIN_SECRET_LENGTH ) ) );
		usort( $forms, static fn( string $a, string $b ): int => strlen( $b ) <=> strlen( $a ) );
		$this->secrets = $forms;
	}

	/**
	 * Whether a key (array key or header name) holds sensitive data.
	 */
	public static function is_sensitive_key( string $key ): bool {
		return in_array( strtolower( str_replace( array( '-', '_', ' ' ), '', $key ) ), self::SENSITIVE_KEYS, true );
	}

	/**
	 * Redacts any value: strings, arrays (recursively, by key and by content) and scalars.
	 * Objects are turned into arrays first (JSON-serialisable view); other values are kept.
	 *
	 * @param mixed $value Anything.
	 * @return mixed
	 */
	public function redact( $value ) {
		if ( is_string( $value ) ) {
			return $this->redact_string( $value );
		}
		if ( is_object( $value ) ) {
			if ( $value instanceof \Throwable ) {
				return get_class( $value ) . ': ' . $this->redact_string( $value->getMessage() );
			}
			$value = json_decode( (string) wp_json_encode( $value ), true );
		}
		if ( is_array( $value ) ) {
			return $this->redact_array( $value );
		}
		return $value;
	}

	/**
	 * Replaces secrets, e-mail addresses and personal identity numbers in free text. When the text
	 * is a JSON document it is redacted structurally (sensitive keys) and re-encoded.
	 */
	public function redact_string( string $text ): string {
		if ( '' === $text ) {
			return $text;
		}
		$first = ltrim( $text )[0] ?? '';
		if ( '{' === $first || '[' === $first ) {
			$decoded = json_decode( $text, true );
			if ( is_array( $decoded ) ) {
				return (string) wp_json_encode( $this->redact_array( $decoded ), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
			}
		}
		return $this->redact_text( $text );
	}

	/**
	 * Redacts an array recursively: values under sensitive keys are replaced, every string is
	 * cleaned of secrets.
	 *
	 * @param array<mixed> $data Data.
	 * @return array<mixed>
	 */
	public function redact_array( array $data ): array {
		$out = array();
		foreach ( $data as $key => $value ) {
			$clean_key = is_string( $key ) ? $this->redact_text( $key ) : $key;
			if ( is_string( $key ) && self::is_sensitive_key( $key ) && null !== $value && '' !== $value && array() !== $value ) {
				$out[ $clean_key ] = self::MASK;
				continue;
			}
			$out[ $clean_key ] = $this->redact( $value );
		}
		return $out;
	}

	/**
	 * HTTP headers (name => value or name => list of values): the x-api-key header and
	 * Authorization are masked, every other value is cleaned of secrets.
	 *
	 * @param array<string, mixed> $headers Headers.
	 * @return array<string, mixed>
	 */
	public function redact_headers( array $headers ): array {
		return $this->redact_array( $headers );
	}

	/**
	 * Free-text part: secrets, e-mail addresses, personal identity numbers.
	 */
	private function redact_text( string $text ): string {
		foreach ( $this->secrets as $secret ) {
			if ( false !== strpos( $text, $secret ) ) {
				$text = str_replace( $secret, self::MASK, $text );
			}
		}
		$text = (string) preg_replace( '/[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/', self::MASK, $text );
		$text = (string) preg_replace( '/(?<![A-Za-z0-9])(?:SE)?(?:19|20)?\d{6}[-+]\d{4}(?!\d)/', self::MASK, $text );
		return $text;
	}
}
