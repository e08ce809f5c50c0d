<?php
/**
 * The Ecster order-management API client.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

use EcsterOM\Logger;
use EcsterOM\Settings;

/**
 * Every call to Ecster goes through here, over `wp_remote_request()`.
 *
 * - Base URL: Settings::api_base_url() (live / test host, the ECSTER_OM_API_URL constant, the
 *   `ecster_om_api_base_url` filter); paths `v1/orders/{id}…` are appended with ids URL-encoded.
 * - Headers: x-api-key, x-merchant-key, Content-Type and Accept application/json.
 * - Timeout: 10 s (as the Ecster Pay plugin), filter `ecster_om_request_timeout` (seconds,
 *   float allowed; arguments: timeout, method, path).
 * - Redirects are not followed: Ecster's API does not redirect, and following one could send
 *   a POST to a place nobody configured. A 3xx answer is an HTTP error.
 * - Retries: none for POST and PUT (a debit sent twice is a double debit). A GET is repeated
 *   once, at once, when the first attempt failed with a network error (refused, reset, dropped)
 *   — it has no side effect and a dropped keep-alive connection is the commonest transient
 *   failure. A GET that timed out is not repeated: the merchant would wait twice the timeout.
 * - Several calls at once (send_all(), ConcurrentClient): sent side by side with WordPress's
 *   `Requests::request_multiple()` (ParallelHttp), each read exactly like a single call.
 * - Failures: ApiException with a kind (see ApiException), the HTTP status, Ecster's code,
 *   message and type. Messages never contain the API key (they are redacted before throwing).
 * - Logging: each call is logged (method, path, HTTP status, duration, Ecster code; with
 *   logging on also the request and response bodies), redacted by the Logger. Successful calls
 *   are `info` (written only when logging is on); failures are `error` (always written, without
 *   bodies when logging is off).
 */
class Client implements ClientInterface, ConcurrentClient {

	/** Default timeout in seconds (the Ecster Pay plugin used 10 s too). */
	public const DEFAULT_TIMEOUT = 10.0;

	/** Upper bound for the filtered timeout in seconds. */
	public const MAX_TIMEOUT = 120.0;

	/** Prefix of the orderReference searched by check_connection(); no real order has it. */
	public const CONNECTION_CHECK_REFERENCE = 'ecster-om-connection-check';

	public function __construct(
		private Settings $settings,
		private ?Logger $logger = null
	) {}

	/**
	 * GET v1/orders/{id}.
	 *
	 * @throws ApiException On failure.
	 */
	public function get_order( string $ecster_order_id ): Order {
		return $this->request(
			'GET',
			'v1/orders/' . $this->encode_id( $ecster_order_id ),
			null,
			array(),
			static fn( $data ): Order => Order::from_array( self::require_object( $data ) )
		);
	}

	/**
	 * GET v1/orders/?orderReference=…&status=… (Ecster's order search). Answers with order
	 * summaries (no transactions).
	 *
	 * @param array<string, string|int> $criteria Query parameters: orderReference, merchantId, nationalId, paymentMethod, status, from, to.
	 * @return Order[]
	 * @throws ApiException On failure.
	 */
	public function search_orders( array $criteria = array() ): array {
		return $this->request(
			'GET',
			'v1/orders/',
			null,
			$criteria,
			static function ( $data ): array {
				if ( ! is_array( $data ) || ! array_is_list( $data ) ) {
					throw new ApiException( 'the order search answer is not a list', ApiException::KIND_MALFORMED );
				}
				$orders = array();
				foreach ( $data as $item ) {
					if ( ! is_array( $item ) ) {
						throw new ApiException( 'an entry of the order search answer is not an object', ApiException::KIND_MALFORMED );
					}
					$orders[] = Order::from_array( $item );
				}
				return $orders;
			}
		);
	}

	/**
	 * POST v1/orders/{id}/transactions. Never retried.
	 *
	 * @param string               $ecster_order_id Ecster's internal order id.
	 * @param array<string, mixed> $body            {type, amount?, transactionReference?, debitTransaction?, closeDebit?, rows?, message?}.
	 * @throws ApiException On failure.
	 */
	public function create_transaction( string $ecster_order_id, array $body ): TransactionResult {
		return $this->request(
			'POST',
			'v1/orders/' . $this->encode_id( $ecster_order_id ) . '/transactions',
			$body,
			array(),
			static fn( $data ): TransactionResult => TransactionResult::from_array( self::require_object( $data ) )
		);
	}

	/**
	 * PUT v1/orders/{id}/orderReference. Ecster's answer body is not documented and not read:
	 * any 2xx counts as done.
	 *
	 * @throws ApiException On failure.
	 */
	public function update_order_reference( string $ecster_order_id, string $order_reference ): void {
		$this->request(
			'PUT',
			'v1/orders/' . $this->encode_id( $ecster_order_id ) . '/orderReference',
			array( 'orderReference' => $order_reference ),
			array(),
			null
		);
	}

	/**
	 * POST v1/orders/{id}/refunds (Swish).
	 *
	 * @throws ApiException On failure.
	 */
	public function create_swish_refund( string $ecster_order_id, int $amount, string $debit_transaction, string $message ): SwishRefund {
		return $this->request(
			'POST',
			'v1/orders/' . $this->encode_id( $ecster_order_id ) . '/refunds',
			array(
				'amount'           => $amount,
				'debitTransaction' => $debit_transaction,
				'message'          => $message,
			),
			array(),
			static fn( $data ): SwishRefund => self::swish_refund( $data, 'Swish refund' )
		);
	}

	/**
	 * GET v1/orders/{id}/refunds/latest/status (Swish). Null when the order has no refund (404).
	 *
	 * @throws ApiException On failure.
	 */
	public function get_latest_swish_refund( string $ecster_order_id ): ?SwishRefund {
		try {
			return $this->request(
				'GET',
				'v1/orders/' . $this->encode_id( $ecster_order_id ) . '/refunds/latest/status',
				null,
				array(),
				static fn( $data ): SwishRefund => self::swish_refund( $data, 'Swish refund status' )
			);
		} catch ( ApiException $e ) {
			if ( ApiException::KIND_HTTP === $e->get_kind() && 404 === $e->get_http_status() ) {
				return null;
			}
			throw $e;
		}
	}

	/**
	 * Searches for an orderReference no order has: an authenticated call without side effects.
	 * Wrong keys give kind AUTH; a wrong base URL typically gives HTTP (404) or MALFORMED.
	 *
	 * @throws ApiException On failure.
	 */
	public function check_connection(): void {
		$this->search_orders( array( 'orderReference' => self::CONNECTION_CHECK_REFERENCE . '-' . bin2hex( random_bytes( 4 ) ) ) );
	}

	/**
	 * The timeout in seconds for one call (filter `ecster_om_request_timeout`).
	 */
	public function timeout( string $method = 'GET', string $path = '' ): float {
		$default = self::DEFAULT_TIMEOUT;
		if ( has_filter( 'ecster_request_timeout' ) ) {
			/**
			 * The Ecster Pay checkout plugin's timeout filter (seconds, default 10), honoured with
			 * the same meaning: its answer is the default that `ecster_om_request_timeout` then
			 * filters, within the same bounds.
			 *
			 * @param int|float $seconds Timeout in seconds.
			 */
			$old     = apply_filters( 'ecster_request_timeout', (int) self::DEFAULT_TIMEOUT ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- the Ecster Pay checkout plugin's filter, honoured for merchants who move from it.
			$default = is_numeric( $old ) && (float) $old > 0 ? min( (float) $old, self::MAX_TIMEOUT ) : self::DEFAULT_TIMEOUT;
		}
		/**
		 * Seconds one call to Ecster may take (float allowed; at most Client::MAX_TIMEOUT, 120).
		 *
		 * @param float  $seconds Default 10 (or what `ecster_request_timeout` answered).
		 * @param string $method  GET, POST or PUT.
		 * @param string $path    Path below the base URL, e.g. "v1/orders/abc/transactions".
		 */
		$timeout = apply_filters( 'ecster_om_request_timeout', $default, $method, $path );
		if ( ! is_numeric( $timeout ) || (float) $timeout <= 0 ) {
			return $default;
		}
		return min( (float) $timeout, self::MAX_TIMEOUT );
	}

	/**
	 * Sends one call and turns a 2xx answer into the caller's result.
	 *
	 * @param string                       $method GET, POST or PUT.
	 * @param string                       $path   Path below the base URL, e.g. "v1/orders/abc".
	 * @param array<string, mixed>|null    $body   JSON body (null: none).
	 * @param array<string, string|int>    $query  Query parameters.
	 * @param (callable(mixed): mixed)|null $parse Turns the decoded JSON into the result and throws
	 *                                             ApiException (kind MALFORMED) when it cannot; null
	 *                                             when the answer body is not needed.
	 * @return mixed What $parse returned (null without $parse).
	 * @throws ApiException On failure.
	 */
	private function request( string $method, string $path, ?array $body, array $query, ?callable $parse ) {
		$prepared = $this->prepare( $method, $path, $body, $query );

		// Only a GET is repeated, once, and only after a network error (see the class comment).
		$max_attempts = 'GET' === $method ? 2 : 1;
		for ( $attempt = 1; ; $attempt++ ) {
			$started = microtime( true );
			/**
			 * A `pre_http_request` filter can return anything, not only an array or WP_Error.
			 *
			 * @var mixed $response
			 */
			$response = wp_remote_request( $prepared['url'], $prepared['args'] );
			$duration = microtime( true ) - $started;
			if ( $attempt < $max_attempts && $this->retry_after_network_error( $prepared, $response, $duration, $attempt ) ) {
				continue;
			}
			return $this->interpret( $prepared, $response, $duration, $attempt, $parse );
		}
	}

	/**
	 * Sends every call at once (Requests::request_multiple through ParallelHttp) and reads each
	 * answer exactly as request() reads a single one. A GET that failed with a network error is
	 * repeated once, on its own.
	 *
	 * @param array<array-key, Call> $calls Calls by the caller's keys.
	 * @return array<array-key, Order|TransactionResult|ApiException> By the same keys.
	 */
	public function send_all( array $calls ): array {
		$results  = array();
		$prepared = array();
		$parsers  = array();
		foreach ( $calls as $key => $call ) {
			try {
				if ( Call::CREATE_TRANSACTION === $call->name ) {
					$prepared[ $key ] = $this->prepare( 'POST', 'v1/orders/' . $this->encode_id( $call->ecster_order_id ) . '/transactions', (array) $call->body, array() );
					$parsers[ $key ]  = static fn( $data ): TransactionResult => TransactionResult::from_array( self::require_object( $data ) );
				} else {
					$prepared[ $key ] = $this->prepare( 'GET', 'v1/orders/' . $this->encode_id( $call->ecster_order_id ), null, array() );
					$parsers[ $key ]  = static fn( $data ): Order => Order::from_array( self::require_object( $data ) );
				}
			} catch ( ApiException $e ) {
				$results[ $key ] = $e;
			}
		}
		$requests = array();
		foreach ( $prepared as $key => $request ) {
			$requests[ $key ] = array(
				'url'  => $request['url'],
				'args' => $request['args'],
			);
		}
		foreach ( ParallelHttp::request_all( $requests ) as $key => $sent ) {
			$request  = $prepared[ $key ];
			$response = $sent['response'];
			$attempt  = 1;
			if ( 'GET' === $request['method'] && $this->retry_after_network_error( $request, $response, $sent['duration'], $attempt ) ) {
				$attempt  = 2;
				$started  = microtime( true );
				$response = wp_remote_request( $request['url'], $request['args'] );
				$duration = microtime( true ) - $started;
			} else {
				$duration = $sent['duration'];
			}
			try {
				$results[ $key ] = $this->interpret( $request, $response, $duration, $attempt, $parsers[ $key ] );
			} catch ( ApiException $e ) {
				$results[ $key ] = $e;
			}
		}
		$ordered = array();
		foreach ( array_keys( $calls ) as $key ) {
			$ordered[ $key ] = $results[ $key ];
		}
		return $ordered;
	}

	/**
	 * The URL and arguments of one call, or the reason nothing can be sent.
	 *
	 * @param string                    $method GET, POST or PUT.
	 * @param string                    $path   Path below the base URL.
	 * @param array<string, mixed>|null $body   JSON body (null: none).
	 * @param array<string, string|int> $query  Query parameters.
	 * @return array{method: string, path: string, url: string, args: array<string, mixed>, body: array<string, mixed>|null, timeout: float, redactor: Redactor}
	 * @throws ApiException Kind CONFIG when nothing can be sent.
	 */
	private function prepare( string $method, string $path, ?array $body, array $query ): array {
		if ( ! $this->settings->has_credentials() ) {
			$exception = new ApiException(
				__( 'The Ecster API key and merchant key are not set, so nothing was sent to Ecster. Enter them in the Ecster Pay payment settings.', 'ecster-order-management' ),
				ApiException::KIND_CONFIG
			);
			$this->log_call( Logger::ERROR, $method, $path, 0, 0.0, $exception, $body, null );
			throw $exception;
		}

		$api_key  = $this->settings->api_key();
		$redactor = new Redactor( array( $api_key ) );
		if ( array() !== $query ) {
			$path .= '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
		}
		$url     = $this->settings->api_base_url() . $path;
		$timeout = $this->timeout( $method, $path );
		$args    = array(
			'method'      => $method,
			'timeout'     => $timeout,
			'redirection' => 0,
			'httpversion' => '1.1',
			'user-agent'  => 'EcsterOrderManagement/' . ( defined( 'ECSTER_OM_VERSION' ) ? (string) constant( 'ECSTER_OM_VERSION' ) : 'dev' ) . '; WordPress',
			'headers'     => array(
				'x-api-key'      => $api_key,
				'x-merchant-key' => $this->settings->merchant_key(),
				'Content-Type'   => 'application/json',
				'Accept'         => 'application/json',
			),
		);
		if ( null !== $body ) {
			$encoded = wp_json_encode( $body );
			if ( ! is_string( $encoded ) ) {
				$exception = new ApiException( __( 'The request for Ecster could not be encoded as JSON, so nothing was sent.', 'ecster-order-management' ), ApiException::KIND_CONFIG );
				$this->log_call( Logger::ERROR, $method, $path, 0, 0.0, $exception, $body, null );
				throw $exception;
			}
			$args['body'] = $encoded;
		}
		return array(
			'method'   => $method,
			'path'     => $path,
			'url'      => $url,
			'args'     => $args,
			'body'     => $body,
			'timeout'  => $timeout,
			'redactor' => $redactor,
		);
	}

	/**
	 * True (and the failed attempt logged) when the transport failed with a network error, which a
	 * GET repeats once.
	 *
	 * @param array{method: string, path: string, url: string, args: array<string, mixed>, body: array<string, mixed>|null, timeout: float, redactor: Redactor} $prepared The call.
	 * @param mixed                                                                                                                                               $response What wp_remote_request returned.
	 */
	private function retry_after_network_error( array $prepared, $response, float $duration, int $attempt ): bool {
		if ( ! is_wp_error( $response ) && is_array( $response ) ) {
			return false;
		}
		$exception = $this->transport_failure( $response, $prepared['timeout'], $prepared['redactor'] );
		if ( ApiException::KIND_NETWORK !== $exception->get_kind() ) {
			return false;
		}
		$this->log_call( Logger::ERROR, $prepared['method'], $prepared['path'], 0, $duration, $exception, $prepared['body'], null, $attempt );
		return true;
	}

	/**
	 * Turns what wp_remote_request returned into the caller's result, or throws.
	 *
	 * @param array{method: string, path: string, url: string, args: array<string, mixed>, body: array<string, mixed>|null, timeout: float, redactor: Redactor} $prepared The call.
	 * @param mixed                                                                                                                                               $response What wp_remote_request returned.
	 * @param (callable(mixed): mixed)|null                                                                                                                       $parse    See request().
	 * @return mixed What $parse returned (null without $parse).
	 * @throws ApiException On failure.
	 */
	private function interpret( array $prepared, $response, float $duration, int $attempt, ?callable $parse ) {
		$method   = $prepared['method'];
		$path     = $prepared['path'];
		$body     = $prepared['body'];
		$redactor = $prepared['redactor'];

		if ( is_wp_error( $response ) || ! is_array( $response ) ) {
			$exception = $this->transport_failure( $response, $prepared['timeout'], $redactor );
			$this->log_call( Logger::ERROR, $method, $path, 0, $duration, $exception, $body, null, $attempt );
			throw $exception;
		}

		$status = (int) wp_remote_retrieve_response_code( $response );
		$raw    = (string) wp_remote_retrieve_body( $response );

		if ( $status < 200 || $status > 299 ) {
			$retry_after = wp_remote_retrieve_header( $response, 'retry-after' );
			$retry_after = is_array( $retry_after ) ? (string) end( $retry_after ) : (string) $retry_after;
			$exception   = $this->error_from_answer( $status, $raw, $retry_after, $redactor );
			$this->log_call( Logger::ERROR, $method, $path, $status, $duration, $exception, $body, $raw, $attempt );
			throw $exception;
		}

		if ( null === $parse ) {
			$this->log_call( Logger::INFO, $method, $path, $status, $duration, null, $body, $raw, $attempt );
			return null;
		}

		try {
			if ( '' === trim( $raw ) ) {
				throw new ApiException( 'the body is empty', ApiException::KIND_MALFORMED );
			}
			$decoded = json_decode( $raw, true );
			if ( null === $decoded && JSON_ERROR_NONE !== json_last_error() ) {
				throw new ApiException( 'the body is not JSON', ApiException::KIND_MALFORMED );
			}
			$result = $parse( $decoded );
		} catch ( ApiException $e ) {
			$exception = new ApiException(
				sprintf(
					/* translators: 1: HTTP status, 2: what is wrong with the answer */
					__( 'Ecster answered HTTP %1$d, but the answer could not be read (%2$s), so it is unknown what Ecster did. Check the order in Ecster before trying again.', 'ecster-order-management' ),
					$status,
					rtrim( $redactor->redact_string( $e->getMessage() ), '.' )
				),
				ApiException::KIND_MALFORMED,
				$status,
				null,
				'',
				$e
			);
			$this->log_call( Logger::ERROR, $method, $path, $status, $duration, $exception, $body, $raw, $attempt );
			throw $exception;
		}

		$this->log_call( Logger::INFO, $method, $path, $status, $duration, null, $body, $raw, $attempt );
		return $result;
	}

	/**
	 * The exception for a WP_Error (or other non-response) of wp_remote_request.
	 *
	 * @param mixed    $response What wp_remote_request returned.
	 * @param float    $timeout  Timeout used, in seconds.
	 * @param Redactor $redactor Redactor with the API key.
	 */
	private function transport_failure( $response, float $timeout, Redactor $redactor ): ApiException {
		$kind      = TransportError::classify_error( $response );
		$transport = $redactor->redact_string( TransportError::message( $response ) );
		if ( ApiException::KIND_TIMEOUT === $kind ) {
			$message = sprintf(
				/* translators: 1: seconds, 2: technical error message */
				__( 'Ecster did not answer within %1$s seconds (%2$s). The request may still have been carried out: check the order in Ecster before trying again.', 'ecster-order-management' ),
				self::format_seconds( $timeout ),
				$transport
			);
		} else {
			$message = sprintf(
				/* translators: %s: technical error message */
				__( 'Could not reach Ecster (%s). If this was a debit, annul or refund, check the order in Ecster before trying again.', 'ecster-order-management' ),
				$transport
			);
		}
		return new ApiException( $message, $kind );
	}

	/**
	 * Builds the exception for a non-2xx answer.
	 *
	 * @param int      $status      HTTP status.
	 * @param string   $raw         Answer body.
	 * @param string   $retry_after Retry-After header ('' when absent).
	 * @param Redactor $redactor    Redactor with the API key.
	 */
	private function error_from_answer( int $status, string $raw, string $retry_after, Redactor $redactor ): ApiException {
		$parsed  = self::parse_error_body( $raw );
		$code    = $parsed['code'];
		$message = $redactor->redact_string( $parsed['message'] );
		$type    = $redactor->redact_string( $parsed['type'] );
		$detail  = self::describe_ecster_error( $code, $message );

		if ( 429 === $status ) {
			$seconds = ctype_digit( trim( $retry_after ) ) ? (int) trim( $retry_after ) : null;
			$wait    = null !== $seconds
				? sprintf(
					/* translators: %d: seconds */
					_n( 'Ecster asks to wait %d second before the next request.', 'Ecster asks to wait %d seconds before the next request.', $seconds, 'ecster-order-management' ),
					$seconds
				)
				: __( 'Wait a minute before trying again; nothing was carried out.', 'ecster-order-management' );
			return new ApiException(
				__( 'Ecster is rate limiting requests (HTTP 429): too many requests were sent in a short time.', 'ecster-order-management' ) . ' ' . $wait,
				ApiException::KIND_RATE_LIMITED,
				$status,
				$code,
				$message,
				null,
				$type
			);
		}

		if ( 401 === $status || 403 === $status ) {
			return new ApiException(
				sprintf(
					/* translators: 1: HTTP status, 2: Ecster's error text (may be empty) */
					__( 'Ecster rejected the API credentials (HTTP %1$d)%2$s. Check the API key and merchant key in the Ecster Pay payment settings, and whether test mode matches the keys.', 'ecster-order-management' ),
					$status,
					'' === $detail ? '' : ': ' . $detail
				),
				ApiException::KIND_AUTH,
				$status,
				$code,
				$message,
				null,
				$type
			);
		}

		if ( $status >= 300 && $status < 400 ) {
			$text = sprintf(
				/* translators: %d: HTTP status */
				__( 'Ecster answered with a redirect (HTTP %d), which its API never does. Check the Ecster API URL.', 'ecster-order-management' ),
				$status
			);
		} elseif ( 404 === $status ) {
			$text = sprintf(
				/* translators: %s: Ecster's error text (may be empty) */
				__( 'Ecster does not know this order (HTTP 404)%s.', 'ecster-order-management' ),
				'' === $detail ? '' : ': ' . $detail
			);
		} elseif ( $status >= 500 ) {
			$text = sprintf(
				/* translators: 1: HTTP status, 2: Ecster's error text (may be empty) */
				__( 'Ecster had a server error (HTTP %1$d)%2$s. The request may or may not have been carried out: check the order in Ecster before trying again.', 'ecster-order-management' ),
				$status,
				'' === $detail ? '' : ': ' . $detail
			);
		} else {
			$text = sprintf(
				/* translators: 1: HTTP status, 2: Ecster's error text (may be empty) */
				__( 'Ecster refused the request (HTTP %1$d)%2$s.', 'ecster-order-management' ),
				$status,
				'' === $detail ? '' : ': ' . $detail
			);
		}
		return new ApiException( $text, ApiException::KIND_HTTP, $status, $code, $message, null, $type );
	}

	/**
	 * Reads Ecster's error body: `{"code": 4424, "message": "…", "type": "…"}` or
	 * `{"error": "…", "message": "…"}`. A numeric string code is accepted too.
	 *
	 * @return array{code: ?int, message: string, type: string}
	 */
	public static function parse_error_body( string $raw ): array {
		$result  = array(
			'code'    => null,
			'message' => '',
			'type'    => '',
		);
		$decoded = '' === trim( $raw ) ? null : json_decode( $raw, true );
		if ( ! is_array( $decoded ) || array_is_list( $decoded ) ) {
			return $result;
		}
		if ( isset( $decoded['code'] ) && ( is_int( $decoded['code'] ) || ( is_string( $decoded['code'] ) && ctype_digit( $decoded['code'] ) ) ) ) {
			$result['code'] = (int) $decoded['code'];
		} elseif ( isset( $decoded['code'] ) && is_float( $decoded['code'] ) && floor( $decoded['code'] ) === $decoded['code'] ) {
			$result['code'] = (int) $decoded['code'];
		}
		$message = '';
		if ( isset( $decoded['message'] ) && is_scalar( $decoded['message'] ) ) {
			$message = trim( (string) $decoded['message'] );
		}
		$error = isset( $decoded['error'] ) && is_scalar( $decoded['error'] ) ? trim( (string) $decoded['error'] ) : '';
		if ( '' === $message ) {
			$message = $error;
		} elseif ( '' !== $error && false === stripos( $message, $error ) ) {
			$message = $error . ': ' . $message;
		}
		$result['message'] = $message;
		if ( isset( $decoded['type'] ) && is_scalar( $decoded['type'] ) ) {
			$result['type'] = trim( (string) $decoded['type'] );
		}
		return $result;
	}

	/**
	 * "error 4424: order is not in a valid state" / "error 4424" / "message" / "".
	 */
	private static function describe_ecster_error( ?int $code, string $message ): string {
		if ( null !== $code && '' !== $message ) {
			/* translators: 1: Ecster error code, 2: Ecster error message */
			return sprintf( __( 'Ecster error %1$d, %2$s', 'ecster-order-management' ), $code, $message );
		}
		if ( null !== $code ) {
			/* translators: %d: Ecster error code */
			return sprintf( __( 'Ecster error %d', 'ecster-order-management' ), $code );
		}
		return $message;
	}

	/**
	 * @param mixed $data Decoded JSON.
	 * @return array<string, mixed>
	 * @throws ApiException When the answer is not a JSON object.
	 */
	private static function require_object( $data ): array {
		if ( ! is_array( $data ) || ( array() !== $data && array_is_list( $data ) ) ) {
			throw new ApiException( 'the JSON is not an object', ApiException::KIND_MALFORMED );
		}
		return $data;
	}

	/**
	 * @param mixed  $data Decoded JSON.
	 * @param string $what For the message.
	 * @throws ApiException When there is no status string.
	 */
	private static function swish_refund( $data, string $what ): SwishRefund {
		if ( ! is_array( $data ) || ! isset( $data['status'] ) || ! is_string( $data['status'] ) || '' === $data['status'] ) {
			throw new ApiException( sprintf( 'the %s has no status', $what ), ApiException::KIND_MALFORMED );
		}
		return SwishRefund::from_array( $data );
	}

	/**
	 * URL-encodes an Ecster id for a path segment.
	 *
	 * @throws ApiException Kind CONFIG for an empty id (nothing is sent).
	 */
	private function encode_id( string $id ): string {
		$id = trim( $id );
		if ( '' === $id ) {
			throw new ApiException( __( 'The order has no Ecster order id, so nothing was sent to Ecster.', 'ecster-order-management' ), ApiException::KIND_CONFIG );
		}
		return rawurlencode( $id );
	}

	private static function format_seconds( float $seconds ): string {
		return rtrim( rtrim( number_format( $seconds, 1, '.', '' ), '0' ), '.' );
	}

	/**
	 * Writes one line about one call.
	 *
	 * @param string                    $level    Logger level.
	 * @param string                    $method   Method.
	 * @param string                    $path     Path (with query).
	 * @param int                       $status   HTTP status (0: none).
	 * @param float                     $duration Seconds.
	 * @param ApiException|null         $e        The failure, if any.
	 * @param array<string, mixed>|null $body     Request body.
	 * @param string|null               $raw      Response body.
	 * @param int                       $attempt  Attempt number.
	 */
	private function log_call( string $level, string $method, string $path, int $status, float $duration, ?ApiException $e, ?array $body, ?string $raw, int $attempt = 1 ): void {
		if ( null === $this->logger ) {
			return;
		}
		$line = sprintf(
			'Ecster %s %s → %s in %d ms',
			$method,
			$path,
			$status > 0 ? 'HTTP ' . $status : 'no answer',
			(int) round( $duration * 1000 )
		);
		if ( null !== $e ) {
			$line .= sprintf( ' [%s] %s', $e->get_kind(), $e->getMessage() );
		}
		$context = array(
			'method'      => $method,
			'path'        => $path,
			'status'      => $status,
			'duration_ms' => (int) round( $duration * 1000 ),
		);
		if ( $attempt > 1 ) {
			$context['attempt'] = $attempt;
		}
		if ( null !== $e ) {
			$context['kind'] = $e->get_kind();
			if ( null !== $e->get_ecster_code() ) {
				$context['ecster_code'] = $e->get_ecster_code();
			}
			if ( '' !== $e->get_ecster_message() ) {
				$context['ecster_message'] = $e->get_ecster_message();
			}
		}
		if ( $this->logger->is_enabled() ) {
			if ( null !== $body ) {
				$context['request_body'] = $body;
			}
			if ( null !== $raw ) {
				$decoded                  = json_decode( $raw, true );
				$context['response_body'] = is_array( $decoded ) ? $decoded : ( strlen( $raw ) > 2000 ? substr( $raw, 0, 2000 ) . '…' : $raw );
			}
		}
		$this->logger->log( $level, $line, $context );
	}
}
