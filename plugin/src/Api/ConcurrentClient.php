<?php
/**
 * A client that can send several Ecster calls side by side.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Api;

/**
 * Implemented by Client (over `WpOrg\Requests\Requests::request_multiple`, which WordPress ships).
 * Kept apart from ClientInterface so that other implementations (test doubles) keep working: for
 * them Calls::send_all() sends the calls one after another.
 */
interface ConcurrentClient {

	/**
	 * Sends every call at once and waits for all of them. Each call is treated exactly as when it is
	 * sent on its own (same URL, headers, timeout, error mapping and logging; a POST is never
	 * repeated, a GET once after a network error).
	 *
	 * @param array<array-key, Call> $calls Calls by the caller's keys.
	 * @return array<array-key, Order|TransactionResult|ApiException> By the same keys: the result, or why there is none.
	 */
	public function send_all( array $calls ): array;
}
