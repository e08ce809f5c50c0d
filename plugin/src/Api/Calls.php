<?php
/**
 * Sends several Ecster calls: side by side when the client can, else one after another.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * The one entry point of the concurrent path (Orders\Runner::run_many()).
 */
final class Calls {

	/**
	 * @param array<array-key, Call> $calls Calls by the caller's keys.
	 * @return array<array-key, Order|TransactionResult|ApiException> By the same keys.
	 */
	public static function send_all( ClientInterface $client, array $calls ): array {
		if ( array() === $calls ) {
			return array();
		}
		if ( $client instanceof ConcurrentClient && count( $calls ) > 1 ) {
			return $client->send_all( $calls );
		}
		$results = array();
		foreach ( $calls as $key => $call ) {
			try {
				$results[ $key ] = $call->run( $client );
			} catch ( ApiException $e ) {
				$results[ $key ] = $e;
			}
		}
		return $results;
	}
}
