<?php
/**
 * The one exception type of the Ecster client.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * Carries what went wrong in a way callers can act on:
 * - kind: one of the KIND_* constants;
 * - HTTP status (0 when no answer was received);
 * - Ecster's own error code (e.g. 4424) and message when Ecster sent an error body.
 */
class ApiException extends \RuntimeException {

	/** Ecster answered with an error (HTTP 4xx/5xx). */
	public const KIND_HTTP = 'http';
	/** Credentials rejected (HTTP 401/403). */
	public const KIND_AUTH = 'auth';
	/** HTTP 429 Too Many Requests. */
	public const KIND_RATE_LIMITED = 'rate_limited';
	/** No answer within the timeout: the outcome of a POST is unknown. */
	public const KIND_TIMEOUT = 'timeout';
	/** Connection refused, dropped or another transport error: for a POST the outcome is unknown. */
	public const KIND_NETWORK = 'network';
	/** 2xx with a body that is not the expected JSON. */
	public const KIND_MALFORMED = 'malformed';
	/** The plugin is not configured (missing keys) so no request was sent. */
	public const KIND_CONFIG = 'config';

	/** Ecster's code for "order is not in a valid state". */
	public const ECSTER_INVALID_STATE = 4424;

	public function __construct(
		string $message,
		private string $kind,
		private int $http_status = 0,
		private ?int $ecster_code = null,
		private string $ecster_message = '',
		?\Throwable $previous = null
	) {
		parent::__construct( $message, 0, $previous );
	}

	public function get_kind(): string {
		return $this->kind;
	}

	public function get_http_status(): int {
		return $this->http_status;
	}

	public function get_ecster_code(): ?int {
		return $this->ecster_code;
	}

	public function get_ecster_message(): string {
		return $this->ecster_message;
	}

	/**
	 * True when a request may have reached Ecster and been carried out although no valid
	 * answer came back (timeout, dropped connection, malformed body): the next attempt must
	 * first ask Ecster for the order's state.
	 */
	public function is_outcome_unknown(): bool {
		return in_array( $this->kind, array( self::KIND_TIMEOUT, self::KIND_NETWORK, self::KIND_MALFORMED ), true );
	}
}
