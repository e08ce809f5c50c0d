<?php
/**
 * The Ecster sandbox as a child process of the PHPUnit run.
 *
 * @package EcsterOM\Tests
 */

declare(strict_types=1);

namespace EcsterOM\Tests\Unit\Support;

/**
 * Starts `node_modules/.bin/tsx ecster-sandbox/src/cli.ts` once per PHPUnit run (the first test
 * that asks for it), on the first free port of 8850–8859, with its own state file, and stops it
 * when the run ends. If it cannot start, every test that needs it fails with the reason (the
 * same message each time; it is not started again).
 *
 * The sandbox runs in its own process group (setsid), so stopping it also ends the node
 * process tsx starts under it.
 *
 * Control calls go over PHP's http:// stream wrapper, independent of the code under test.
 */
final class Sandbox {

	public const FIRST_PORT = 8850;
	public const LAST_PORT = 8859;

	public const API_KEY = 'sandbox-api-key';
	public const MERCHANT_KEY = 'sandbox-merchant';

	/** How long the sandbox may take to answer GET /sandbox/health after starting (seconds). */
	public const START_TIMEOUT = 60.0;

	/** Swish refunds stay ONGOING this long (milliseconds). */
	public const SWISH_REFUND_DELAY_MS = 400;

	private static ?Sandbox $shared = null;

	private static ?string $start_failure = null;

	/**
	 * @param resource $process   proc_open handle.
	 * @param int      $pid       Process id (= process group id when setsid was used).
	 * @param bool     $own_group Whether the process leads its own process group.
	 * @param int      $port      Port.
	 * @param string   $state     State file.
	 * @param string   $log       File with the sandbox's stdout and stderr.
	 */
	private function __construct(
		private $process,
		private int $pid,
		private bool $own_group,
		private int $port,
		private string $state,
		private string $log
	) {}

	/**
	 * The running sandbox; starts it on first use.
	 *
	 * @throws \RuntimeException When it cannot be started (the message says why).
	 */
	public static function shared(): self {
		if ( null !== self::$shared ) {
			return self::$shared;
		}
		if ( null !== self::$start_failure ) {
			throw new \RuntimeException( self::$start_failure );
		}
		try {
			self::$shared = self::start();
		} catch ( \RuntimeException $e ) {
			self::$start_failure = $e->getMessage();
			throw $e;
		}
		register_shutdown_function( array( self::$shared, 'stop' ) );
		return self::$shared;
	}

	public static function repository_root(): string {
		return dirname( __DIR__, 4 );
	}

	/**
	 * @throws \RuntimeException When the sandbox does not come up.
	 */
	private static function start(): self {
		$root = self::repository_root();
		$tsx  = $root . '/node_modules/.bin/tsx';
		$cli  = $root . '/ecster-sandbox/src/cli.ts';
		if ( ! is_file( $cli ) ) {
			throw new \RuntimeException( "The Ecster sandbox could not be started: $cli does not exist." );
		}
		if ( ! is_executable( $tsx ) ) {
			throw new \RuntimeException( "The Ecster sandbox could not be started: $tsx is missing (run npm install)." );
		}
		if ( ! function_exists( 'proc_open' ) ) {
			throw new \RuntimeException( 'The Ecster sandbox could not be started: proc_open() is disabled in this PHP.' );
		}
		$port = self::free_port();

		$state = (string) tempnam( sys_get_temp_dir(), 'ecster-om-sandbox-state-' );
		$log   = (string) tempnam( sys_get_temp_dir(), 'ecster-om-sandbox-log-' );
		@unlink( $state ); // The sandbox creates it; an empty file is not valid state.

		$env                                  = getenv();
		$env['ECSTER_SANDBOX_PORT']           = (string) $port;
		$env['ECSTER_SANDBOX_HOST']           = '127.0.0.1';
		$env['ECSTER_SANDBOX_STATE']          = $state;
		$env['ECSTER_SANDBOX_QUIET']          = '1';
		$env['ECSTER_SANDBOX_SWISH_DELAY_MS'] = (string) self::SWISH_REFUND_DELAY_MS;
		unset( $env['ECSTER_SANDBOX_KEYS'], $env['ECSTER_SANDBOX_RATE_LIMIT'], $env['ECSTER_SANDBOX_ROW_SUM_CHECK'], $env['ECSTER_SANDBOX_PUBLIC_URL'] );

		$setsid    = is_executable( '/usr/bin/setsid' ) ? '/usr/bin/setsid' : ( is_executable( '/bin/setsid' ) ? '/bin/setsid' : null );
		$command   = null === $setsid ? array( $tsx, $cli ) : array( $setsid, $tsx, $cli );
		$pipes     = array();
		$process   = proc_open(
			$command,
			array(
				0 => array( 'file', '/dev/null', 'r' ),
				1 => array( 'file', $log, 'a' ),
				2 => array( 'file', $log, 'a' ),
			),
			$pipes,
			$root,
			$env
		);
		if ( ! is_resource( $process ) ) {
			throw new \RuntimeException( 'The Ecster sandbox could not be started: proc_open() failed for ' . implode( ' ', $command ) . '.' );
		}
		$status  = proc_get_status( $process );
		$sandbox = new self( $process, (int) $status['pid'], null !== $setsid, $port, $state, $log );

		$deadline = microtime( true ) + self::START_TIMEOUT;
		$last     = '';
		while ( microtime( true ) < $deadline ) {
			$status = proc_get_status( $process );
			if ( ! $status['running'] ) {
				$output = $sandbox->output();
				$sandbox->stop();
				throw new \RuntimeException(
					sprintf(
						"The Ecster sandbox exited during start (exit code %d) on port %d. Its output:\n%s",
						$status['exitcode'],
						$port,
						'' === trim( $output ) ? '(none)' : $output
					)
				);
			}
			try {
				$health = $sandbox->control( 'GET', '/sandbox/health', null, 2.0 );
				if ( true === ( $health['ok'] ?? null ) ) {
					return $sandbox;
				}
				$last = 'health answered ' . json_encode( $health );
			} catch ( \RuntimeException $e ) {
				$last = $e->getMessage();
			}
			usleep( 200000 );
		}
		$output = $sandbox->output();
		$sandbox->stop();
		throw new \RuntimeException(
			sprintf(
				"The Ecster sandbox did not answer GET /sandbox/health on port %d within %d s (last: %s). Its output:\n%s",
				$port,
				(int) self::START_TIMEOUT,
				$last,
				'' === trim( $output ) ? '(none)' : $output
			)
		);
	}

	/**
	 * The first port of 8850–8859 nobody listens on.
	 *
	 * @throws \RuntimeException When all are taken.
	 */
	private static function free_port(): int {
		for ( $port = self::FIRST_PORT; $port <= self::LAST_PORT; $port++ ) {
			$server = @stream_socket_server( 'tcp://127.0.0.1:' . $port, $errno, $errstr );
			if ( false !== $server ) {
				fclose( $server );
				return $port;
			}
		}
		throw new \RuntimeException( sprintf( 'The Ecster sandbox could not be started: ports %d–%d are all in use.', self::FIRST_PORT, self::LAST_PORT ) );
	}

	/**
	 * Stops the sandbox (SIGTERM to its process group, SIGKILL after 5 s) and removes its files.
	 */
	public function stop(): void {
		if ( ! is_resource( $this->process ) ) {
			return;
		}
		$status = proc_get_status( $this->process );
		if ( $status['running'] ) {
			$this->signal( 15 );
			$deadline = microtime( true ) + 5.0;
			while ( microtime( true ) < $deadline && proc_get_status( $this->process )['running'] ) {
				usleep( 50000 );
			}
			if ( proc_get_status( $this->process )['running'] ) {
				$this->signal( 9 );
			}
		}
		// The group may still hold tsx's node child for a moment after tsx itself exited.
		if ( $this->own_group && function_exists( 'posix_kill' ) && @posix_kill( -$this->pid, 0 ) ) {
			usleep( 200000 );
			@posix_kill( -$this->pid, 9 );
		}
		proc_close( $this->process );
		@unlink( $this->state );
		@unlink( $this->log );
		if ( self::$shared === $this ) {
			self::$shared = null;
		}
	}

	private function signal( int $signal ): void {
		if ( $this->own_group && function_exists( 'posix_kill' ) ) {
			@posix_kill( -$this->pid, $signal );
			return;
		}
		proc_terminate( $this->process, $signal );
	}

	/**
	 * What the sandbox printed so far.
	 */
	public function output(): string {
		return is_readable( $this->log ) ? (string) file_get_contents( $this->log ) : '';
	}

	public function port(): int {
		return $this->port;
	}

	/**
	 * E.g. http://127.0.0.1:8850
	 */
	public function url(): string {
		return 'http://127.0.0.1:' . $this->port;
	}

	/**
	 * The base URL the client appends v1/... to.
	 */
	public function api_base_url(): string {
		return $this->url() . '/rest/public/';
	}

	/**
	 * Empties the sandbox: orders, faults, request log.
	 */
	public function reset(): void {
		$this->control( 'POST', '/sandbox/reset', array() );
		$this->control( 'DELETE', '/sandbox/faults' );
		$this->control( 'DELETE', '/sandbox/config' );
	}

	/**
	 * POST /sandbox/orders.
	 *
	 * @param array<string, mixed> $spec {amount, currency?, orderReference?, method?, status?, rows?}.
	 * @return array<string, mixed> The order as the sandbox stores it (with `id`).
	 */
	public function create_order( array $spec ): array {
		return $this->control( 'POST', '/sandbox/orders', $spec );
	}

	/**
	 * GET /sandbox/orders/{id}: the stored order, whatever the merchant.
	 *
	 * @return array<string, mixed>
	 */
	public function order( string $id ): array {
		return $this->control( 'GET', '/sandbox/orders/' . rawurlencode( $id ) );
	}

	/**
	 * POST /sandbox/orders/{id}/status.
	 *
	 * @return array<string, mixed>
	 */
	public function set_status( string $id, string $status ): array {
		return $this->control( 'POST', '/sandbox/orders/' . rawurlencode( $id ) . '/status', array( 'status' => $status ) );
	}

	/**
	 * POST /sandbox/faults.
	 *
	 * @param array<string, string> $match    {method?, path?, type?}.
	 * @param array<string, mixed>  $response The fault's answer.
	 * @param int                   $times    How many matching requests it hits.
	 * @return array<string, mixed>
	 */
	public function add_fault( array $match, array $response, int $times = 1 ): array {
		return $this->control(
			'POST',
			'/sandbox/faults',
			array(
				'match'    => (object) $match,
				'times'    => $times,
				'response' => $response,
			)
		);
	}

	/**
	 * Faults still queued.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function faults(): array {
		return $this->control( 'GET', '/sandbox/faults' );
	}

	/**
	 * Requests the Ecster API received since the last reset: {method, path, body, status, time}.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function requests(): array {
		return $this->control( 'GET', '/sandbox/requests' );
	}

	/**
	 * POST /sandbox/config (e.g. rateLimitPerSecond); reset() restores the start configuration.
	 *
	 * @param array<string, mixed> $config Settings.
	 * @return array<string, mixed>
	 */
	public function configure( array $config ): array {
		return $this->control( 'POST', '/sandbox/config', $config );
	}

	/**
	 * One control call; answers the decoded JSON.
	 *
	 * @param string                    $method  Method.
	 * @param string                    $path    Path starting with /sandbox/.
	 * @param array<string, mixed>|null $body    JSON body.
	 * @param float                     $timeout Seconds.
	 * @return array<mixed>
	 * @throws \RuntimeException On a transport error or a non-2xx answer.
	 */
	public function control( string $method, string $path, ?array $body = null, float $timeout = 15.0 ): array {
		$context = stream_context_create(
			array(
				'http' => array(
					'method'        => $method,
					'header'        => "Content-Type: application/json\r\nAccept: application/json\r\nConnection: close\r\n",
					'content'       => null === $body ? '' : (string) json_encode( $body ),
					'timeout'       => $timeout,
					'ignore_errors' => true,
				),
			)
		);
		$error = null;
		set_error_handler(
			static function ( int $errno, string $errstr ) use ( &$error ): bool {
				$error = $errstr;
				return true;
			}
		);
		try {
			$raw = file_get_contents( $this->url() . $path, false, $context );
		} finally {
			restore_error_handler();
		}
		if ( false === $raw ) {
			throw new \RuntimeException( "Sandbox control call $method $path failed: " . ( $error ?? 'no answer' ) );
		}
		$headers = function_exists( 'http_get_last_response_headers' ) ? (array) http_get_last_response_headers() : ( $http_response_header ?? array() );
		$status  = 0;
		if ( isset( $headers[0] ) && preg_match( '#^HTTP/\S+\s+(\d{3})#', (string) $headers[0], $m ) ) {
			$status = (int) $m[1];
		}
		$decoded = json_decode( $raw, true );
		if ( $status < 200 || $status > 299 || ! is_array( $decoded ) ) {
			throw new \RuntimeException( sprintf( 'Sandbox control call %s %s answered HTTP %d: %s', $method, $path, $status, $raw ) );
		}
		return $decoded;
	}
}
