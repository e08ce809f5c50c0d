<?php
/**
 * Several HTTP requests at once, through the WordPress HTTP API's own rules.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

// WordPress's own HTTP API hooks, applied exactly as WP_Http::request() applies them.
// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound

/**
 * `wp_remote_request()` for a list of requests, sent side by side with
 * `WpOrg\Requests\Requests::request_multiple()` (cURL multi when available). Each request goes
 * through what WP_Http::request() applies to a single one, so other code sees no difference:
 * the `http_request_args` and `pre_http_request` filters (a short-circuited request is not sent),
 * WP_HTTP_BLOCK_EXTERNAL, SSL verification with WordPress's CA bundle and `https_ssl_verify`,
 * proxies, the `http_api_curl` action, `http_api_debug` and `http_response`. Each answer is what
 * `wp_remote_request()` would have returned: a response array or a WP_Error.
 */
final class ParallelHttp {

	/**
	 * @param array<array-key, array{url: string, args: array<string, mixed>}> $requests Requests by key.
	 * @return array<array-key, array{response: mixed, duration: float}> By the same keys: what
	 *         wp_remote_request() would return, and the seconds the request took.
	 */
	public static function request_all( array $requests ): array {
		$results = array();
		$batch   = array();
		$parsed  = array();
		foreach ( $requests as $key => $request ) {
			$url  = $request['url'];
			$args = self::parse_args( $url, $request['args'] );
			// This filter is documented in wp-includes/class-wp-http.php.
			$pre = apply_filters( 'pre_http_request', false, $args, $url );
			if ( false !== $pre ) {
				$results[ $key ] = array(
					'response' => $pre,
					'duration' => 0.0,
				);
				continue;
			}
			$refused = self::refusal( $url, $args );
			if ( null !== $refused ) {
				$results[ $key ] = array(
					'response' => $refused,
					'duration' => 0.0,
				);
				continue;
			}
			$parsed[ $key ] = array( $url, $args );
			$batch[ $key ]  = self::requests_request( $url, $args );
		}

		if ( array() !== $batch ) {
			$started = microtime( true );
			$timings = array();
			foreach ( $batch as $key => $request ) {
				// cURL's own measure of each request (the transport passes its curl_getinfo()).
				$request['options']['hooks']->register(
					'curl.after_request',
					static function ( $headers, $info = null ) use ( &$timings, $key ): void {
						unset( $headers );
						if ( is_array( $info ) && isset( $info['total_time'] ) && is_numeric( $info['total_time'] ) ) {
							$timings[ $key ] = (float) $info['total_time'];
						}
					}
				);
			}
			mbstring_binary_safe_encoding();
			try {
				$answers = \WpOrg\Requests\Requests::request_multiple( $batch );
			} finally {
				reset_mbstring_encoding();
			}
			$elapsed = microtime( true ) - $started;
			foreach ( array_keys( $batch ) as $key ) {
				list( $url, $args ) = $parsed[ $key ];
				$results[ $key ]    = array(
					'response' => self::to_wp_response( $answers[ $key ] ?? null, $url, $args ),
					'duration' => $timings[ $key ] ?? $elapsed,
				);
			}
		}

		$ordered = array();
		foreach ( array_keys( $requests ) as $key ) {
			$ordered[ $key ] = $results[ $key ];
		}
		return $ordered;
	}

	/**
	 * The request's arguments with WP_Http::request()'s defaults and the `http_request_args` filter.
	 *
	 * @param array<string, mixed> $args Arguments as for wp_remote_request().
	 * @return array<string, mixed>
	 */
	private static function parse_args( string $url, array $args ): array {
		// These filters are documented in wp-includes/class-wp-http.php.
		$defaults = array(
			'method'              => 'GET',
			'timeout'             => apply_filters( 'http_request_timeout', 5, $url ),
			'redirection'         => apply_filters( 'http_request_redirection_count', 5, $url ),
			'httpversion'         => apply_filters( 'http_request_version', '1.0', $url ),
			'user-agent'          => apply_filters( 'http_headers_useragent', 'WordPress/' . get_bloginfo( 'version' ) . '; ' . get_bloginfo( 'url' ), $url ),
			'reject_unsafe_urls'  => apply_filters( 'http_request_reject_unsafe_urls', false, $url ),
			'blocking'            => true,
			'headers'             => array(),
			'cookies'             => array(),
			'body'                => null,
			'compress'            => false,
			'decompress'          => true,
			'sslverify'           => true,
			'sslcertificates'     => ABSPATH . 'wp-includes/certificates/ca-bundle.crt',
			'stream'              => false,
			'filename'            => null,
			'limit_response_size' => null,
		);
		$parsed   = wp_parse_args( $args, $defaults );
		// This filter is documented in wp-includes/class-wp-http.php.
		$parsed = apply_filters( 'http_request_args', $parsed, $url );
		return is_array( $parsed ) ? $parsed : $defaults;
	}

	/**
	 * A WP_Error when WordPress would not send the request at all, else null.
	 *
	 * @param array<string, mixed> $args Parsed arguments.
	 */
	private static function refusal( string $url, array $args ): ?\WP_Error {
		$checked = $url;
		if ( ! empty( $args['reject_unsafe_urls'] ) ) {
			$checked = (string) wp_http_validate_url( $checked );
		}
		if ( '' !== $checked ) {
			$checked = wp_kses_bad_protocol( $checked, array( 'http', 'https', 'ssl' ) );
		}
		$error = null;
		if ( '' === $checked || '' === (string) wp_parse_url( $checked, PHP_URL_SCHEME ) ) {
			$error = new \WP_Error( 'http_request_failed', __( 'A valid URL was not provided.', 'ecster-order-management' ) );
		} elseif ( ( new \WP_Http() )->block_request( $url ) ) {
			$error = new \WP_Error( 'http_request_not_executed', __( 'Requests to other sites are blocked on this site (WP_HTTP_BLOCK_EXTERNAL).', 'ecster-order-management' ) );
		}
		if ( null !== $error ) {
			// This action is documented in wp-includes/class-wp-http.php.
			do_action( 'http_api_debug', $error, 'response', 'WpOrg\Requests\Requests', $args, $url );
		}
		return $error;
	}

	/**
	 * One entry of Requests::request_multiple(), built as WP_Http::request() builds its options.
	 *
	 * @param array<string, mixed> $args Parsed arguments.
	 * @return array<string, mixed>
	 */
	private static function requests_request( string $url, array $args ): array {
		// The client always sends its headers as an array.
		$headers = is_array( $args['headers'] ) ? $args['headers'] : array();
		$method  = strtoupper( (string) $args['method'] );
		$options = array(
			'timeout'   => $args['timeout'],
			'useragent' => $args['user-agent'],
			'blocking'  => true,
			'hooks'     => new \WP_HTTP_Requests_Hooks( $url, $args ),
		);
		if ( empty( $args['redirection'] ) ) {
			$options['follow_redirects'] = false;
		} else {
			$options['redirects'] = $args['redirection'];
			$options['hooks']->register( 'requests.before_redirect', array( \WP_Http::class, 'browser_redirect_compatibility' ) );
		}
		if ( isset( $args['limit_response_size'] ) ) {
			$options['max_bytes'] = $args['limit_response_size'];
		}
		if ( ! empty( $args['cookies'] ) && is_array( $args['cookies'] ) ) {
			$options['cookies'] = \WP_Http::normalize_cookies( $args['cookies'] );
		}
		if ( empty( $args['sslverify'] ) ) {
			$options['verify']     = false;
			$options['verifyname'] = false;
		} else {
			$options['verify'] = $args['sslcertificates'];
		}
		if ( 'HEAD' !== $method && 'GET' !== $method ) {
			$options['data_format'] = 'body';
		}
		// This filter is documented in wp-includes/class-wp-http.php.
		$options['verify'] = apply_filters( 'https_ssl_verify', $options['verify'], $url );
		$proxy             = new \WP_HTTP_Proxy();
		if ( $proxy->is_enabled() && $proxy->send_through_proxy( $url ) ) {
			$options['proxy'] = new \WpOrg\Requests\Proxy\Http( $proxy->host() . ':' . $proxy->port() );
			if ( $proxy->use_authentication() ) {
				$options['proxy']->use_authentication = true;
				$options['proxy']->user               = $proxy->username();
				$options['proxy']->pass               = $proxy->password();
			}
		}
		return array(
			'url'     => $url,
			'headers' => $headers,
			'data'    => $args['body'],
			'type'    => $method,
			'options' => $options,
		);
	}

	/**
	 * What wp_remote_request() returns for one answer of Requests::request_multiple().
	 *
	 * @param mixed                $answer A Requests Response or exception.
	 * @param array<string, mixed> $args   Parsed arguments.
	 * @return array<string, mixed>|\WP_Error
	 */
	private static function to_wp_response( $answer, string $url, array $args ) {
		if ( $answer instanceof \WpOrg\Requests\Response ) {
			$http_response             = new \WP_HTTP_Requests_Response( $answer, '' );
			$response                  = $http_response->to_array();
			$response['http_response'] = $http_response;
		} else {
			$response = new \WP_Error( 'http_request_failed', self::transport_message( $answer ) );
		}
		// This action is documented in wp-includes/class-wp-http.php.
		do_action( 'http_api_debug', $response, 'response', 'WpOrg\Requests\Requests', $args, $url );
		if ( is_wp_error( $response ) ) {
			return $response;
		}
		// This filter is documented in wp-includes/class-wp-http.php.
		return apply_filters( 'http_response', $response, $args, $url );
	}

	/**
	 * The transport error as the single-request path words it ("cURL error 28: Operation timed out…").
	 *
	 * @param mixed $answer A Requests exception (or nothing).
	 */
	private static function transport_message( $answer ): string {
		if ( $answer instanceof \WpOrg\Requests\Exception\Transport\Curl ) {
			return sprintf( 'cURL error %d: %s', $answer->getCode(), $answer->getReason() );
		}
		if ( $answer instanceof \Throwable ) {
			return $answer->getMessage();
		}
		return 'no answer';
	}
}
