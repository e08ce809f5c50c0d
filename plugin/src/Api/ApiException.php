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

	/** Ecster answered with an error (HTTP 3xx/4xx/5xx other than 401, 403 and 429). */
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
	/** Nothing was sent: the plugin is not configured (missing keys) or the call lacked an order id. */
	public const KIND_CONFIG = 'config';

	/** Ecster's code for "order is not in a valid state". */
	public const ECSTER_INVALID_STATE = 4424;

	/**
	 * @param string          $message        Human-readable text for the merchant; never contains the API key.
	 * @param string          $kind           One of the KIND_* constants.
	 * @param int             $http_status    HTTP status of Ecster's answer, 0 when none was received.
	 * @param int|null        $ecster_code    Ecster's error code from the answer body (e.g. 4424).
	 * @param string          $ecster_message Ecster's error message from the answer body.
	 * @param \Throwable|null $previous       Cause.
	 * @param string          $ecster_type    Ecster's error `type` from the answer body, if any.
	 */
	public function __construct(
		string $message,
		private string $kind,
		private int $http_status = 0,
		private ?int $ecster_code = null,
		private string $ecster_message = '',
		?\Throwable $previous = null,
		private string $ecster_type = ''
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
	 * Ecster's error `type` (empty when the body had none).
	 */
	public function get_ecster_type(): string {
		return $this->ecster_type;
	}

	/**
	 * True for Ecster's 4424 "order is not in a valid state" (e.g. already debited or annulled).
	 */
	public function is_invalid_state(): bool {
		return self::ECSTER_INVALID_STATE === $this->ecster_code;
	}

	/**
	 * True when a request may have reached Ecster and been carried out although no valid
	 * answer came back: timeout, dropped connection, malformed 2xx body, or an HTTP 5xx (a server
	 * or gateway error can happen after the transaction was stored). The next attempt must first
	 * ask Ecster for the order's state.
	 */
	public function is_outcome_unknown(): bool {
		if ( $this->is_server_error() ) {
			return true;
		}
		return in_array( $this->kind, array( self::KIND_TIMEOUT, self::KIND_NETWORK, self::KIND_MALFORMED ), true );
	}

	/**
	 * True for HTTP 5xx answers (Ecster or a gateway in front of it failed).
	 */
	public function is_server_error(): bool {
		return self::KIND_HTTP === $this->kind && $this->http_status >= 500;
	}
}
