<?php
/**
 * Tells a timeout from other transport failures in a WP_Error of the WordPress HTTP API.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * `wp_remote_request()` reports every transport failure as `WP_Error( 'http_request_failed',
 * <message of the Requests exception> )`: the error code is the same for a timeout and for a
 * refused connection, so the message is all there is. Real messages look like:
 *
 * - cURL transport: "cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes
 *   received", "cURL error 28: Connection timed out after 10000 milliseconds", "cURL error 28:
 *   Resolving timed out after 5000 milliseconds", "cURL error 7: Failed to connect to
 *   secure.ecster.se port 443 after 3 ms: Connection refused", "cURL error 6: Could not resolve
 *   host: secure.ecster.se", "cURL error 52: Empty reply from server", "cURL error 56: Recv
 *   failure: Connection reset by peer", "cURL error 35: OpenSSL SSL_connect: …";
 * - fsockopen transport (no curl extension): "fsocket timed out" (no answer in time),
 *   "Connection timed out" (connect timeout, errno 110), "Connection refused" (errno 111),
 *   "stream_socket_client(): Unable to connect to ssl://… (…)", "Missing header/body separator"
 *   (the server closed the connection without an answer).
 *
 * Every kind of "timed out" is a timeout (even a connect timeout: the merchant sees "Ecster did
 * not answer in time", and both kinds leave the outcome of a POST unknown); everything else is a
 * network error.
 */
final class TransportError {

	/**
	 * ApiException::KIND_TIMEOUT or ApiException::KIND_NETWORK for a transport error message.
	 */
	public static function classify( string $message ): string {
		if ( 1 === preg_match( '/\bcURL error 28\b|timed[\s_-]*out|\btime[\s_-]*out\b|\btimeout\b|ETIMEDOUT|operation too slow/i', $message ) ) {
			return ApiException::KIND_TIMEOUT;
		}
		return ApiException::KIND_NETWORK;
	}

	/**
	 * Classifies a WP_Error (or anything else that came back instead of a response array).
	 *
	 * @param mixed $error What wp_remote_request returned.
	 */
	public static function classify_error( $error ): string {
		if ( is_object( $error ) && method_exists( $error, 'get_error_message' ) ) {
			$messages = method_exists( $error, 'get_error_messages' ) ? (array) $error->get_error_messages() : array( $error->get_error_message() );
			return self::classify( implode( ' ', array_map( 'strval', $messages ) ) );
		}
		return ApiException::KIND_NETWORK;
	}

	/**
	 * The message of a WP_Error as one line.
	 *
	 * @param mixed $error What wp_remote_request returned.
	 */
	public static function message( $error ): string {
		if ( is_object( $error ) && method_exists( $error, 'get_error_message' ) ) {
			$message = trim( (string) $error->get_error_message() );
			return '' === $message ? 'unknown transport error' : (string) preg_replace( '/\s+/', ' ', $message );
		}
		return 'unexpected answer of type ' . get_debug_type( $error );
	}
}
