/**
 * Load generator for the Ecster sandbox: `npm run bench:sandbox [-- --requests 5000 --duration 10 --concurrency 16]`.
 *
 * Starts its own sandbox as a child process (own event loop, temporary state file, quiet logging) on
 * 127.0.0.1 with a free port, then measures, each phase bounded by a request count and a time limit:
 *   1. create orders   POST /sandbox/orders          (setup; one READY order per later DEBIT)
 *   2. GET order       GET  /rest/public/v1/orders/{id}
 *   3. DEBIT           POST /rest/public/v1/orders/{id}/transactions (one full DEBIT per order)
 * and prints requests per second and latency percentiles. Loopback only; nothing leaves the machine.
 *
 * Flags (or env): --requests N (BENCH_REQUESTS, default 5000, max 200000) per phase,
 * --duration S (BENCH_DURATION, default 15, max 120) seconds per phase,
 * --concurrency C (BENCH_CONCURRENCY, default 16, max 256) requests in flight.
 * The sandbox runs without rate limit or latency, whatever ECSTER_SANDBOX_RATE_LIMIT / _LATENCY_MS say.
 */
import { spawn } from 'node:child_process';
import {
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes one line of output. */
function print( line: string ): void {
	process.stdout.write( line + '\n' );
}

interface Options {
	requests: number;
	durationS: number;
	concurrency: number;
}

function option(
	name: string,
	env: string,
	fallback: number,
	max: number
): number {
	const i = process.argv.indexOf( `--${ name }` );
	const raw = i >= 0 ? process.argv[ i + 1 ] : process.env[ env ];
	if ( raw === undefined || raw === '' ) {
		return fallback;
	}
	const n = Number( raw );
	if ( ! Number.isFinite( n ) || n <= 0 ) {
		throw new Error(
			`--${ name } must be a positive number, got "${ raw }"`
		);
	}
	return Math.min( n, max );
}

interface Result {
	status: number;
	body: string;
}

interface PhaseStats {
	name: string;
	count: number;
	errors: number;
	seconds: number;
	latenciesMs: number[];
	/** CPU time the sandbox process used in this phase (Linux /proc), or null when unknown. */
	sandboxCpuMs: number | null;
}

/** User + system CPU time of a process in ms, from /proc/<pid>/stat (Linux), or null. */
function cpuMs( pid: number | undefined ): number | null {
	if ( pid === undefined || ! existsSync( `/proc/${ pid }/stat` ) ) {
		return null;
	}
	const stat = readFileSync( `/proc/${ pid }/stat`, 'utf8' );
	const fields = stat.slice( stat.lastIndexOf( ')' ) + 2 ).split( ' ' );
	// Fields 14 and 15 (utime, stime) are at index 11 and 12 after the command name; clock ticks of 10 ms.
	return ( Number( fields[ 11 ] ) + Number( fields[ 12 ] ) ) * 10;
}

const API_HEADERS = {
	'x-api-key': 'sandbox-api-key',
	'x-merchant-key': 'sandbox-merchant',
	'content-type': 'application/json',
};

function request(
	agent: http.Agent,
	base: URL,
	method: string,
	p: string,
	headers: Record< string, string >,
	body?: string
): Promise< Result > {
	return new Promise( ( resolve, reject ) => {
		const req = http.request(
			{
				host: base.hostname,
				port: base.port,
				method,
				path: p,
				agent,
				headers:
					body === undefined
						? headers
						: {
								...headers,
								'content-length': Buffer.byteLength( body ),
							},
			},
			( res ) => {
				const chunks: Buffer[] = [];
				res.on( 'data', ( c: Buffer ) => chunks.push( c ) );
				res.on( 'end', () =>
					resolve( {
						status: res.statusCode ?? 0,
						body: Buffer.concat( chunks ).toString(),
					} )
				);
				res.on( 'error', reject );
			}
		);
		req.on( 'error', reject );
		req.end( body );
	} );
}

/**
 * Runs `next(i)` for i = 0 … until `max` requests or `durationS` seconds, `concurrency` at a time.
 *
 * @param name     Phase name.
 * @param pid      Sandbox process id (for its CPU time).
 * @param opts     Bounds.
 * @param max      Most requests in this phase.
 * @param expected Expected HTTP status.
 * @param next     Sends request number i.
 */
async function phase(
	name: string,
	pid: number | undefined,
	opts: Options,
	max: number,
	expected: number,
	next: ( i: number ) => Promise< Result >
): Promise< PhaseStats & { results: Result[] } > {
	const latencies: number[] = [];
	const results: Result[] = [];
	let errors = 0;
	let issued = 0;
	const deadline = performance.now() + opts.durationS * 1000;
	const started = performance.now();
	const cpuBefore = cpuMs( pid );
	const worker = async (): Promise< void > => {
		while ( issued < max && performance.now() < deadline ) {
			const i = issued++;
			const t0 = performance.now();
			try {
				const r = await next( i );
				latencies.push( performance.now() - t0 );
				results[ i ] = r;
				if ( r.status !== expected ) {
					errors++;
				}
			} catch {
				errors++;
			}
		}
	};
	await Promise.all( Array.from( { length: opts.concurrency }, worker ) );
	const cpuAfter = cpuMs( pid );
	return {
		name,
		count: latencies.length,
		errors,
		seconds: ( performance.now() - started ) / 1000,
		latenciesMs: latencies,
		sandboxCpuMs:
			cpuBefore === null || cpuAfter === null
				? null
				: cpuAfter - cpuBefore,
		results,
	};
}

function percentile( sorted: number[], p: number ): number {
	if ( sorted.length === 0 ) {
		return NaN;
	}
	return sorted[
		Math.min(
			sorted.length - 1,
			Math.ceil( ( p / 100 ) * sorted.length ) - 1
		)
	];
}

function report( s: PhaseStats ): string {
	const sorted = [ ...s.latenciesMs ].sort( ( a, b ) => a - b );
	const f = ( n: number ): string => n.toFixed( 2 ).padStart( 7 );
	return (
		`${ s.name.padEnd( 26 ) } ${ String( s.count ).padStart( 7 ) } req ${ s.seconds.toFixed( 2 ).padStart( 6 ) } s ` +
		`${ ( s.count / s.seconds ).toFixed( 0 ).padStart( 7 ) } req/s  ` +
		`p50 ${ f( percentile( sorted, 50 ) ) }  p90 ${ f( percentile( sorted, 90 ) ) }  p99 ${ f( percentile( sorted, 99 ) ) }  max ${ f( sorted[ sorted.length - 1 ] ?? NaN ) } ms  ` +
		`errors ${ s.errors }` +
		( s.sandboxCpuMs === null || s.count === 0
			? ''
			: `  sandbox CPU ${ ( ( s.sandboxCpuMs * 1000 ) / s.count ).toFixed( 0 ) } µs/req (≈ ${ ( s.count / ( s.sandboxCpuMs / 1000 ) ).toFixed( 0 ) } req/s per core)` )
	);
}

async function startChild( statePath: string ): Promise< {
	url: URL;
	pid: number | undefined;
	stop: () => Promise< number | null >;
} > {
	const root = path.resolve( __dirname, '..', '..' );
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			path.join( root, 'ecster-sandbox', 'src', 'cli.ts' ),
		],
		{
			cwd: root,
			env: {
				...process.env,
				ECSTER_SANDBOX_PORT: '0',
				ECSTER_SANDBOX_HOST: '127.0.0.1',
				ECSTER_SANDBOX_STATE: statePath,
				ECSTER_SANDBOX_QUIET: '1',
				ECSTER_SANDBOX_RATE_LIMIT: '0',
				// Measure the sandbox itself, not a latency left set in the shell.
				ECSTER_SANDBOX_LATENCY_MS: '0',
				ECSTER_SANDBOX_LATENCY_JITTER_MS: '0',
			},
			stdio: [ 'ignore', 'pipe', 'inherit' ],
		}
	);
	let out = '';
	const url = await new Promise< URL >( ( resolve, reject ) => {
		const timer = setTimeout(
			() => reject( new Error( `sandbox did not start: ${ out }` ) ),
			30000
		);
		child.stdout.on( 'data', ( d: Buffer ) => {
			out += d.toString();
			const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec( out );
			if ( m ) {
				clearTimeout( timer );
				resolve( new URL( m[ 1 ] ) );
			}
		} );
		child.on( 'exit', ( code ) =>
			reject( new Error( `sandbox exited with ${ code }: ${ out }` ) )
		);
	} );
	return {
		url,
		pid: child.pid,
		stop: () =>
			new Promise( ( resolve ) => {
				if ( child.exitCode !== null ) {
					resolve( child.exitCode );
					return;
				}
				child.once( 'exit', ( code ) => resolve( code ) );
				child.kill( 'SIGTERM' );
			} ),
	};
}

async function main(): Promise< void > {
	const opts: Options = {
		requests: Math.floor(
			option( 'requests', 'BENCH_REQUESTS', 5000, 200_000 )
		),
		durationS: option( 'duration', 'BENCH_DURATION', 15, 120 ),
		concurrency: Math.floor(
			option( 'concurrency', 'BENCH_CONCURRENCY', 16, 256 )
		),
	};
	const dir = mkdtempSync( path.join( tmpdir(), 'ecster-sandbox-bench-' ) );
	const statePath = path.join( dir, 'state.json' );
	const sandbox = await startChild( statePath );
	const agent = new http.Agent( {
		keepAlive: true,
		maxSockets: opts.concurrency,
	} );
	const base = sandbox.url;
	print(
		`Ecster sandbox benchmark: ${ base.href } (child process), ${ opts.requests } requests or ${ opts.durationS } s per phase, concurrency ${ opts.concurrency }`
	);
	try {
		const create = await phase(
			'create order (control API)',
			sandbox.pid,
			opts,
			opts.requests,
			201,
			( i ) =>
				request(
					agent,
					base,
					'POST',
					'/sandbox/orders',
					{ 'content-type': 'application/json' },
					JSON.stringify( {
						amount: 10000 + i,
						orderReference: `bench-${ i }`,
					} )
				)
		);
		const ids = create.results
			.filter( ( r ) => r && r.status === 201 )
			.map( ( r ) => ( JSON.parse( r.body ) as { id: string } ).id );
		if ( ids.length === 0 ) {
			throw new Error( 'no orders were created' );
		}
		const get = await phase(
			'GET order',
			sandbox.pid,
			opts,
			opts.requests,
			200,
			( i ) =>
				request(
					agent,
					base,
					'GET',
					`/rest/public/v1/orders/${ ids[ i % ids.length ] }`,
					API_HEADERS
				)
		);
		const debit = await phase(
			'DEBIT (full, 1 per order)',
			sandbox.pid,
			opts,
			ids.length,
			201,
			( i ) =>
				request(
					agent,
					base,
					'POST',
					`/rest/public/v1/orders/${ ids[ i ] }/transactions`,
					API_HEADERS,
					JSON.stringify( { type: 'DEBIT', amount: 10000 + i } )
				)
		);
		print( '' );
		for ( const s of [ create, get, debit ] ) {
			print( report( s ) );
		}
		agent.destroy();
		const t0 = performance.now();
		const code = await sandbox.stop();
		const size = existsSync( statePath ) ? statSync( statePath ).size : 0;
		print(
			`\nshutdown (SIGTERM, flush) ${ ( performance.now() - t0 ).toFixed( 0 ) } ms, exit ${ code }; state file ${ ( size / 1024 ).toFixed( 0 ) } KiB for ${ ids.length } orders`
		);
	} finally {
		agent.destroy();
		await sandbox.stop();
		rmSync( dir, { recursive: true, force: true } );
	}
}

main().catch( ( e: unknown ) => {
	process.stderr.write( `${ ( e as Error ).stack ?? String( e ) }\n` );
	process.exitCode = 1;
} );
