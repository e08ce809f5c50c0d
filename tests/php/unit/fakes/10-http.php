<?php
/**
 * A real (network) implementation of the WordPress HTTP API functions the plugin uses, for unit
 * tests without WordPress. PHP here has no curl extension, so requests go over PHP streams
 * (stream_socket_client), like WordPress's own fsockopen transport.
 *
 * Behaviour copied from WordPress:
 * - `pre_http_request` is applied first: a filter returning anything but false short-circuits
 *   the request (tests use it to stage answers without a server);
 * - the answer is `array( 'headers', 'body', 'response' => array( 'code', 'message' ), 'cookies',
 *   'filename', 'http_response' )`, header names lower-case;
 * - failures are `WP_Error( 'http_request_failed', <message> )` with the messages of the
 *   Requests fsockopen transport: "Connection refused" (or the OS's text) when nobody listens,
 *   "Connection timed out" when the connect takes too long, "fsocket timed out" when the answer
 *   does not arrive within the timeout, "Missing header/body separator" when the server closes
 *   the connection without an answer;
 * - redirects are followed only when `redirection` > 0 (the plugin always sends 0).
 *
 * Every call is recorded in $GLOBALS['ecster_om_fake_http']['calls'] (url, args, and the answer);
 * ecster_om_fake_http_reset() clears the record.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

// phpcs:disable

$GLOBALS['ecster_om_fake_http'] = array( 'calls' => array() );

if ( ! function_exists( 'ecster_om_fake_http_reset' ) ) {
	function ecster_om_fake_http_reset(): void {
		$GLOBALS['ecster_om_fake_http'] = array( 'calls' => array() );
	}
}

if ( ! function_exists( 'ecster_om_fake_http_calls' ) ) {
	/**
	 * @return array<int, array{url: string, args: array<string, mixed>, response: mixed}>
	 */
	function ecster_om_fake_http_calls(): array {
		return $GLOBALS['ecster_om_fake_http']['calls'];
	}
}

if ( ! function_exists( 'wp_remote_request' ) ) {
	/**
	 * @param string               $url  URL.
	 * @param array<string, mixed> $args method, headers, body, timeout, redirection, user-agent, httpversion.
	 * @return array<string, mixed>|WP_Error
	 */
	function wp_remote_request( $url, $args = array() ) {
		$args = array_merge(
			array(
				'method'      => 'GET',
				'timeout'     => 5,
				'redirection' => 5,
				'httpversion' => '1.1',
				'user-agent'  => 'WordPress/fake',
				'headers'     => array(),
				'body'        => null,
			),
			is_array( $args ) ? $args : array()
		);

		$pre = function_exists( 'apply_filters' ) ? apply_filters( 'pre_http_request', false, $args, $url ) : false;
		if ( false !== $pre ) {
			$GLOBALS['ecster_om_fake_http']['calls'][] = array( 'url' => (string) $url, 'args' => $args, 'response' => $pre );
			return $pre;
		}

		$response = ecster_om_fake_http_send( (string) $url, $args );
		$hops     = 0;
		while ( is_array( $response ) && $hops < (int) $args['redirection'] && in_array( $response['response']['code'], array( 301, 302, 303, 307, 308 ), true ) && isset( $response['headers']['location'] ) ) {
			++$hops;
			$location = (string) ( is_array( $response['headers']['location'] ) ? end( $response['headers']['location'] ) : $response['headers']['location'] );
			if ( ! preg_match( '#^https?://#i', $location ) ) {
				$parts    = parse_url( (string) $url );
				$location = $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ) . '/' . ltrim( $location, '/' );
			}
			if ( in_array( $response['response']['code'], array( 302, 303 ), true ) ) {
				$args['method'] = 'GET';
				$args['body']   = null;
			}
			$url      = $location;
			$response = ecster_om_fake_http_send( $location, $args );
		}
		if ( is_array( $response ) && in_array( $response['response']['code'], array( 301, 302, 303, 307, 308 ), true ) && (int) $args['redirection'] > 0 && $hops >= (int) $args['redirection'] ) {
			$response = new WP_Error( 'http_request_failed', 'Too many redirects.' );
		}

		$GLOBALS['ecster_om_fake_http']['calls'][] = array( 'url' => (string) $url, 'args' => $args, 'response' => $response );
		return $response;
	}
}

if ( ! function_exists( 'ecster_om_fake_http_send' ) ) {
	/**
	 * One HTTP/1.1 exchange over a fresh connection (Connection: close).
	 *
	 * @param string               $url  URL.
	 * @param array<string, mixed> $args Arguments (see wp_remote_request).
	 * @return array<string, mixed>|WP_Error
	 */
	function ecster_om_fake_http_send( string $url, array $args ) {
		$parts = parse_url( $url );
		if ( false === $parts || empty( $parts['host'] ) || empty( $parts['scheme'] ) || ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true ) ) {
			return new WP_Error( 'http_request_failed', 'A valid URL was not provided.' );
		}
		$https   = 'https' === strtolower( $parts['scheme'] );
		$host    = $parts['host'];
		$port    = isset( $parts['port'] ) ? (int) $parts['port'] : ( $https ? 443 : 80 );
		$target  = ( $parts['path'] ?? '/' ) . ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' );
		$timeout = max( 0.001, (float) $args['timeout'] );
		$started = microtime( true );

		$context = stream_context_create(
			array(
				'ssl' => array(
					'peer_name'        => $host,
					'verify_peer'      => true,
					'verify_peer_name' => true,
					'SNI_enabled'      => true,
				),
			)
		);
		$errno  = 0;
		$errstr = '';
		// The @ keeps PHP's connect warning out of the test run; its text is in $errstr.
		$socket = @stream_socket_client( ( $https ? 'ssl://' : 'tcp://' ) . $host . ':' . $port, $errno, $errstr, $timeout, STREAM_CLIENT_CONNECT, $context );
		if ( false === $socket ) {
			if ( 110 === $errno || false !== stripos( $errstr, 'timed out' ) ) {
				return new WP_Error( 'http_request_failed', 'Connection timed out' );
			}
			return new WP_Error( 'http_request_failed', '' !== $errstr ? $errstr : 'Connection refused' );
		}

		$method  = strtoupper( (string) $args['method'] );
		$body    = null === $args['body'] ? '' : ( is_array( $args['body'] ) ? http_build_query( $args['body'] ) : (string) $args['body'] );
		$headers = array(
			'Host'       => $host . ( isset( $parts['port'] ) ? ':' . $port : '' ),
			'User-Agent' => (string) $args['user-agent'],
		);
		foreach ( (array) $args['headers'] as $name => $value ) {
			$headers[ (string) $name ] = is_array( $value ) ? implode( ', ', $value ) : (string) $value;
		}
		if ( '' !== $body || in_array( $method, array( 'POST', 'PUT', 'PATCH' ), true ) ) {
			$headers['Content-Length'] = (string) strlen( $body );
		}
		$headers['Connection'] = 'close';

		$request = $method . ' ' . $target . ' HTTP/' . ( '1.0' === (string) $args['httpversion'] ? '1.0' : '1.1' ) . "\r\n";
		foreach ( $headers as $name => $value ) {
			$request .= $name . ': ' . str_replace( array( "\r", "\n" ), '', $value ) . "\r\n";
		}
		$request .= "\r\n" . $body;

		$written = @fwrite( $socket, $request );
		if ( false === $written || $written < strlen( $request ) ) {
			fclose( $socket );
			return new WP_Error( 'http_request_failed', 'Connection reset by peer while sending the request' );
		}

		$raw = '';
		while ( ! feof( $socket ) ) {
			$remaining = $timeout - ( microtime( true ) - $started );
			if ( $remaining <= 0 ) {
				fclose( $socket );
				return new WP_Error( 'http_request_failed', 'fsocket timed out' );
			}
			stream_set_timeout( $socket, (int) floor( $remaining ), (int) ( ( $remaining - floor( $remaining ) ) * 1000000 ) );
			$block = @fread( $socket, 8192 );
			$meta  = stream_get_meta_data( $socket );
			if ( ! empty( $meta['timed_out'] ) ) {
				fclose( $socket );
				return new WP_Error( 'http_request_failed', 'fsocket timed out' );
			}
			if ( false === $block ) {
				break;
			}
			$raw .= $block;
		}
		fclose( $socket );

		$separator = strpos( $raw, "\r\n\r\n" );
		if ( false === $separator ) {
			return new WP_Error( 'http_request_failed', 'Missing header/body separator' );
		}
		$head  = substr( $raw, 0, $separator );
		$rest  = (string) substr( $raw, $separator + 4 );
		$lines = explode( "\r\n", $head );
		if ( ! preg_match( '#^HTTP/\d(?:\.\d)?\s+(\d{3})\s*(.*)$#', (string) array_shift( $lines ), $status ) ) {
			return new WP_Error( 'http_request_failed', 'Response could not be parsed' );
		}
		$response_headers = array();
		foreach ( $lines as $line ) {
			if ( false === strpos( $line, ':' ) ) {
				continue;
			}
			list( $name, $value ) = explode( ':', $line, 2 );
			$name                 = strtolower( trim( $name ) );
			$value                = trim( $value );
			if ( isset( $response_headers[ $name ] ) ) {
				$response_headers[ $name ]   = (array) $response_headers[ $name ];
				$response_headers[ $name ][] = $value;
			} else {
				$response_headers[ $name ] = $value;
			}
		}

		$code = (int) $status[1];
		if ( 'HEAD' === $method || 204 === $code || 304 === $code ) {
			$rest = '';
		} elseif ( isset( $response_headers['transfer-encoding'] ) && false !== stripos( (string) ( is_array( $response_headers['transfer-encoding'] ) ? end( $response_headers['transfer-encoding'] ) : $response_headers['transfer-encoding'] ), 'chunked' ) ) {
			$decoded = '';
			$offset  = 0;
			while ( true ) {
				$eol = strpos( $rest, "\r\n", $offset );
				if ( false === $eol ) {
					return new WP_Error( 'http_request_failed', 'transfer closed with outstanding read data remaining' );
				}
				$size = hexdec( trim( explode( ';', substr( $rest, $offset, $eol - $offset ) )[0] ) );
				if ( 0 === $size ) {
					break;
				}
				if ( strlen( $rest ) < $eol + 2 + $size ) {
					return new WP_Error( 'http_request_failed', 'transfer closed with outstanding read data remaining' );
				}
				$decoded .= substr( $rest, $eol + 2, (int) $size );
				$offset   = $eol + 2 + (int) $size + 2;
			}
			$rest = $decoded;
			unset( $response_headers['transfer-encoding'] );
		} elseif ( isset( $response_headers['content-length'] ) && is_string( $response_headers['content-length'] ) && ctype_digit( $response_headers['content-length'] ) ) {
			$length = (int) $response_headers['content-length'];
			if ( strlen( $rest ) < $length ) {
				return new WP_Error( 'http_request_failed', sprintf( 'transfer closed with %d bytes remaining to read', $length - strlen( $rest ) ) );
			}
			$rest = substr( $rest, 0, $length );
		}

		return array(
			'headers'       => $response_headers,
			'body'          => $rest,
			'response'      => array(
				'code'    => $code,
				'message' => trim( $status[2] ),
			),
			'cookies'       => array(),
			'filename'      => null,
			'http_response' => null,
		);
	}
}

if ( ! function_exists( 'wp_remote_get' ) ) {
	/**
	 * @param string               $url  URL.
	 * @param array<string, mixed> $args Arguments.
	 * @return array<string, mixed>|WP_Error
	 */
	function wp_remote_get( $url, $args = array() ) {
		return wp_remote_request( $url, array_merge( (array) $args, array( 'method' => 'GET' ) ) );
	}
}

if ( ! function_exists( 'wp_remote_post' ) ) {
	/**
	 * @param string               $url  URL.
	 * @param array<string, mixed> $args Arguments.
	 * @return array<string, mixed>|WP_Error
	 */
	function wp_remote_post( $url, $args = array() ) {
		return wp_remote_request( $url, array_merge( (array) $args, array( 'method' => 'POST' ) ) );
	}
}

if ( ! function_exists( 'wp_remote_retrieve_response_code' ) ) {
	/**
	 * @param mixed $response Answer of wp_remote_request.
	 * @return int|string
	 */
	function wp_remote_retrieve_response_code( $response ) {
		if ( is_wp_error( $response ) || ! is_array( $response ) || ! isset( $response['response'] ) || ! is_array( $response['response'] ) ) {
			return '';
		}
		return $response['response']['code'];
	}
}

if ( ! function_exists( 'wp_remote_retrieve_response_message' ) ) {
	/**
	 * @param mixed $response Answer of wp_remote_request.
	 */
	function wp_remote_retrieve_response_message( $response ): string {
		if ( is_wp_error( $response ) || ! is_array( $response ) || ! isset( $response['response'] ) || ! is_array( $response['response'] ) ) {
			return '';
		}
		return (string) $response['response']['message'];
	}
}

if ( ! function_exists( 'wp_remote_retrieve_body' ) ) {
	/**
	 * @param mixed $response Answer of wp_remote_request.
	 */
	function wp_remote_retrieve_body( $response ): string {
		if ( is_wp_error( $response ) || ! is_array( $response ) || ! isset( $response['body'] ) ) {
			return '';
		}
		return (string) $response['body'];
	}
}

if ( ! function_exists( 'wp_remote_retrieve_headers' ) ) {
	/**
	 * @param mixed $response Answer of wp_remote_request.
	 * @return array<string, string|string[]>
	 */
	function wp_remote_retrieve_headers( $response ) {
		if ( is_wp_error( $response ) || ! is_array( $response ) || ! isset( $response['headers'] ) ) {
			return array();
		}
		return $response['headers'];
	}
}

if ( ! function_exists( 'wp_remote_retrieve_header' ) ) {
	/**
	 * Header names are matched case-insensitively (WordPress's CaseInsensitiveDictionary).
	 *
	 * @param mixed  $response Answer of wp_remote_request.
	 * @param string $header   Header name.
	 * @return string|string[]
	 */
	function wp_remote_retrieve_header( $response, $header ) {
		if ( is_wp_error( $response ) || ! is_array( $response ) || ! isset( $response['headers'] ) || ! is_array( $response['headers'] ) ) {
			return '';
		}
		$wanted = strtolower( (string) $header );
		foreach ( $response['headers'] as $name => $value ) {
			if ( strtolower( (string) $name ) === $wanted ) {
				return $value;
			}
		}
		return '';
	}
}
