<?php
/**
 * Control client of the Ecster sandbox (its /sandbox/ API), for integration tests.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Integration\Support;

/**
 * Thin wrapper over the sandbox's control API. Every call fails the test loudly on error.
 */
final class SandboxControl {

	public function __construct( private string $base_url ) {}

	public function url(): string {
		return $this->base_url;
	}

	/**
	 * Creates an order as if a customer had just paid.
	 *
	 * @param array<string, mixed> $order {amount, currency?, orderReference?, method?, status?, rows?}.
	 * @return array<string, mixed> The order, including its id.
	 */
	public function create_order( array $order ): array {
		return $this->call( 'POST', '/sandbox/orders', $order, 201 );
	}

	/**
	 * @return array<string, mixed> The order as the sandbox holds it.
	 */
	public function order( string $id ): array {
		return $this->call( 'GET', '/sandbox/orders/' . rawurlencode( $id ), null, 200 );
	}

	public function set_status( string $id, string $status ): void {
		$this->call( 'POST', '/sandbox/orders/' . rawurlencode( $id ) . '/status', array( 'status' => $status ), null );
	}

	/**
	 * Queues a fault: {match: {method?, path?, type?}, times?, response: {...}}.
	 *
	 * @param array<string, mixed> $fault Fault definition.
	 */
	public function add_fault( array $fault ): void {
		$this->call( 'POST', '/sandbox/faults', $fault, null );
	}

	public function clear_faults(): void {
		$this->call( 'DELETE', '/sandbox/faults', null, null );
	}

	/**
	 * Every Ecster API request the sandbox received, oldest first.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function requests(): array {
		return $this->call( 'GET', '/sandbox/requests', null, 200 );
	}

	/**
	 * The Ecster transactions requested (POST .../transactions), optionally of one type.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function transaction_requests( ?string $type = null ): array {
		return array_values(
			array_filter(
				$this->requests(),
				static fn( array $r ): bool => 'POST' === $r['method'] && str_contains( (string) $r['path'], '/transactions' )
					&& ( null === $type || ( is_array( $r['body'] ) && ( $r['body']['type'] ?? null ) === $type ) )
			)
		);
	}

	public function reset(): void {
		$this->call( 'POST', '/sandbox/reset', null, null );
	}

	/**
	 * The sandbox's tunables; with a patch ({latencyMs?, latencyJitterMs?, ...}), changes those first.
	 * They outlive reset(); reset_config() restores the values the sandbox started with.
	 *
	 * @param array<string, mixed> $patch Fields to change; empty only reads.
	 * @return array<string, mixed> The tunables in force.
	 */
	public function config( array $patch = array() ): array {
		return array() === $patch
			? $this->call( 'GET', '/sandbox/config', null, 200 )
			: $this->call( 'POST', '/sandbox/config', $patch, 200 );
	}

	/**
	 * Makes every Ecster API request wait $latency_ms, plus a random 0..$jitter_ms, before it is carried out
	 * (0 turns it off). Requests wait side by side. Kept by reset(): undo it with set_latency( 0 ) or reset_config().
	 */
	public function set_latency( int $latency_ms, int $jitter_ms = 0 ): void {
		$this->config(
			array(
				'latencyMs'       => $latency_ms,
				'latencyJitterMs' => $jitter_ms,
			)
		);
	}

	/**
	 * Restores the tunables the sandbox started with (latency included).
	 */
	public function reset_config(): void {
		$this->call( 'DELETE', '/sandbox/config', null, 200 );
	}

	/**
	 * @param array<string, mixed>|null $body JSON body.
	 * @return mixed Decoded JSON answer.
	 */
	private function call( string $method, string $path, ?array $body, ?int $expected_status ) {
		$args = array(
			'method'  => $method,
			'timeout' => 10,
			'headers' => array( 'Content-Type' => 'application/json' ),
		);
		if ( null !== $body ) {
			$args['body'] = (string) wp_json_encode( $body );
		}
		$response = wp_remote_request( $this->base_url . $path, $args );
		if ( is_wp_error( $response ) ) {
			throw new \RuntimeException( "Sandbox $method $path failed: " . $response->get_error_message() );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$text   = (string) wp_remote_retrieve_body( $response );
		if ( ( null !== $expected_status && $status !== $expected_status ) || $status >= 400 ) {
			throw new \RuntimeException( "Sandbox $method $path answered $status: $text" );
		}
		return '' === $text ? null : json_decode( $text, true );
	}
}
