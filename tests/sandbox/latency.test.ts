/** @jest-environment node */
/**
 * Latency (config latencyMs / latencyJitterMs, env ECSTER_SANDBOX_LATENCY_MS): every Ecster API request waits
 * before it is carried out; requests wait side by side; the control API never waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	startTestSandbox,
	sleep,
	tempDir,
	waitFor,
	type TestSandbox,
} from './helpers';

/** Timers may fire a few ms early against Date.now(); allow for that in lower bounds. */
const TIMER_SLACK_MS = 10;

/**
 * Runs `fn` and returns how long it took with its result.
 * @param fn The call to time.
 */
async function timed< T >(
	fn: () => Promise< T >
): Promise< { ms: number; value: T } > {
	const started = Date.now();
	const value = await fn();
	return { ms: Date.now() - started, value };
}

describe( 'latency', () => {
	let sb: TestSandbox;

	beforeAll( async () => {
		sb = await startTestSandbox();
	} );

	afterAll( async () => {
		await sb.close();
	} );

	beforeEach( async () => {
		await sb.control.reset();
		await sb.control.resetConfig();
	} );

	test( 'latency is off by default and settable through POST /sandbox/config', async () => {
		expect( await sb.control.config() ).toMatchObject( {
			latencyMs: 0,
			latencyJitterMs: 0,
		} );
		const changed = await sb.control.config( {
			latencyMs: 300,
			latencyJitterMs: 20,
		} );
		expect( changed ).toMatchObject( {
			latencyMs: 300,
			latencyJitterMs: 20,
		} );
		expect( await sb.control.config() ).toEqual( changed );
		expect( await sb.control.setLatency( 0 ) ).toMatchObject( {
			latencyMs: 0,
			latencyJitterMs: 0,
		} );
	} );

	test( 'with latencyMs set, every Ecster API request waits that long, even a 401 or an unknown route; the control API does not', async () => {
		const order = await sb.order();
		await sb.control.setLatency( 300 );

		const get = await timed( () =>
			sb.api( 'GET', `orders/${ order.id }` )
		);
		expect( get.value.status ).toBe( 200 );
		expect( get.ms ).toBeGreaterThanOrEqual( 300 - TIMER_SLACK_MS );

		const unauthorized = await timed( () =>
			sb.api( 'GET', `orders/${ order.id }`, undefined, {
				apiKey: 'wrong',
			} )
		);
		expect( unauthorized.value.status ).toBe( 401 );
		expect( unauthorized.ms ).toBeGreaterThanOrEqual(
			300 - TIMER_SLACK_MS
		);

		const unknown = await timed( () => sb.api( 'GET', 'nowhere' ) );
		expect( unknown.value.status ).toBe( 404 );
		expect( unknown.ms ).toBeGreaterThanOrEqual( 300 - TIMER_SLACK_MS );

		const control = await timed( () => sb.control.getOrder( order.id ) );
		expect( control.ms ).toBeLessThan( 250 );
	} );

	test( '20 parallel DEBITs with a 300 ms latency are served concurrently: together they take about 300 ms, not 6 s', async () => {
		const orders = await Promise.all(
			Array.from( { length: 20 }, () => sb.order( { amount: 1000 } ) )
		);
		await sb.control.setLatency( 300 );

		const started = Date.now();
		const answers = await Promise.all(
			orders.map( async ( o ) => {
				const res = await sb.transaction( o.id, {
					type: 'DEBIT',
					amount: 1000,
				} );
				return { status: res.status, ms: Date.now() - started };
			} )
		);
		const total = Date.now() - started;

		expect( answers.map( ( a ) => a.status ) ).toEqual(
			Array( 20 ).fill( 201 )
		);
		for ( const a of answers ) {
			expect( a.ms ).toBeGreaterThanOrEqual( 300 - TIMER_SLACK_MS );
		}
		// One after another would take 20 × 300 ms = 6 s. Generous bound for a busy machine.
		expect( total ).toBeLessThan( 1500 );
		for ( const o of orders ) {
			expect( ( await sb.control.getOrder( o.id ) ).debitedAmount ).toBe(
				1000
			);
		}
	} );

	test( 'the latency comes before the request is carried out: the order is untouched while the client waits', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.setLatency( 600 );
		const pending = sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		await sleep( 200 );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
		const log = await sb.control.requests();
		expect( log[ log.length - 1 ] ).toMatchObject( {
			method: 'POST',
			status: null,
		} );
		expect( ( await pending ).status ).toBe( 201 );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			1000
		);
	} );

	test( 'a delayMs fault adds on top of the latency: carried out after the latency, answered after both', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.setLatency( 300 );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { delayMs: 600 },
		} );
		const started = Date.now();
		const pending = sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		await sleep( 100 );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
		await waitFor(
			async () =>
				( await sb.control.getOrder( order.id ) ).debitedAmount === 1000
		);
		const res = await pending;
		expect( res.status ).toBe( 201 );
		expect( Date.now() - started ).toBeGreaterThanOrEqual(
			900 - TIMER_SLACK_MS
		);
	} );

	test( 'latencyJitterMs adds a random 0..N ms per request on top of latencyMs', async () => {
		const order = await sb.order();
		await sb.control.setLatency( 100, 400 );
		const times = await Promise.all(
			Array.from( { length: 12 }, () =>
				timed( () => sb.api( 'GET', `orders/${ order.id }` ) )
			)
		);
		for ( const t of times ) {
			expect( t.value.status ).toBe( 200 );
			expect( t.ms ).toBeGreaterThanOrEqual( 100 - TIMER_SLACK_MS );
			expect( t.ms ).toBeLessThan( 100 + 400 + 600 );
		}
		const ms = times.map( ( t ) => t.ms );
		// Twelve draws from 0..400 all within 30 ms of each other: practically impossible.
		expect( Math.max( ...ms ) - Math.min( ...ms ) ).toBeGreaterThan( 30 );
	} );

	test.each( [
		[ 'a negative latencyMs', { latencyMs: -1 }, 'latencyMs' ],
		[ 'latencyMs over two minutes', { latencyMs: 120001 }, 'latencyMs' ],
		[ 'a fractional latencyMs', { latencyMs: 1.5 }, 'latencyMs' ],
		[ 'latencyMs given as text', { latencyMs: '300' }, 'latencyMs' ],
		[ 'latencyMs null', { latencyMs: null }, 'latencyMs' ],
		[
			'a negative latencyJitterMs',
			{ latencyMs: 300, latencyJitterMs: -5 },
			'latencyJitterMs',
		],
		[
			'latencyJitterMs over two minutes',
			{ latencyJitterMs: 120001 },
			'latencyJitterMs',
		],
	] )(
		'POST /sandbox/config with %s answers 400 naming the field and changes nothing',
		async ( _label, body, field ) => {
			const res = await sb.raw( 'POST', '/sandbox/config', body );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 9004 );
			expect( res.body.message ).toContain(
				`${ field } must be an integer from 0 to 120000`
			);
			expect( await sb.control.config() ).toMatchObject( {
				latencyMs: 0,
				latencyJitterMs: 0,
			} );
		}
	);

	test( 'latencyMs 120000 (two minutes) is the largest accepted value', async () => {
		expect(
			await sb.control.config( {
				latencyMs: 120000,
				latencyJitterMs: 120000,
			} )
		).toMatchObject( { latencyMs: 120000, latencyJitterMs: 120000 } );
	} );
} );

describe( 'latency set at start', () => {
	test( 'a latency given to startSandbox applies from the first request; reset keeps it; DELETE /sandbox/config restores it', async () => {
		const sb = await startTestSandbox( { config: { latencyMs: 200 } } );
		try {
			const order = await sb.order();
			const first = await timed( () =>
				sb.api( 'GET', `orders/${ order.id }` )
			);
			expect( first.ms ).toBeGreaterThanOrEqual( 200 - TIMER_SLACK_MS );

			await sb.control.setLatency( 0 );
			const fast = await timed( () =>
				sb.api( 'GET', `orders/${ order.id }` )
			);
			expect( fast.ms ).toBeLessThan( 150 );

			await sb.control.setLatency( 50 );
			await sb.control.reset();
			expect( ( await sb.control.config() ).latencyMs ).toBe( 50 );
			expect( ( await sb.control.resetConfig() ).latencyMs ).toBe( 200 );
		} finally {
			await sb.close();
		}
	} );

	test( 'closing the sandbox while a request waits out its latency drops it without carrying it out', async () => {
		const { dir, cleanup } = tempDir();
		const statePath = path.join( dir, 'state.json' );
		const sb = await startTestSandbox( {
			statePath,
			config: { latencyMs: 60000 },
		} );
		const order = await sb.order( { amount: 1000 } );
		const pending = sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		const settled = pending.then(
			() => 'answered',
			() => 'failed'
		);
		await waitFor( async () => ( await sb.control.requests() ).length > 0 );
		const closing = Date.now();
		await sb.close();
		expect( Date.now() - closing ).toBeLessThan( 5000 );
		expect( await settled ).toBe( 'failed' );
		try {
			const saved = JSON.parse( readFileSync( statePath, 'utf8' ) );
			expect(
				saved.orders.find( ( o: { id: string } ) => o.id === order.id )
			).toMatchObject( { debitedAmount: 0, status: 'READY' } );
		} finally {
			cleanup();
		}
	} );
} );

describe( 'ECSTER_SANDBOX_LATENCY_MS (npm run sandbox)', () => {
	const root = path.resolve( __dirname, '..', '..' );
	let child: ChildProcess | null = null;

	const start = (
		env: Record< string, string >
	): { out: string[]; exited: Promise< number | null > } => {
		const out: string[] = [];
		child = spawn(
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
					ECSTER_SANDBOX_STATE: 'off',
					ECSTER_SANDBOX_QUIET: '1',
					...env,
				},
				stdio: [ 'ignore', 'pipe', 'pipe' ],
			}
		);
		child.stdout!.on( 'data', ( d ) => out.push( d.toString() ) );
		child.stderr!.on( 'data', ( d ) => out.push( d.toString() ) );
		const exited = new Promise< number | null >( ( resolve ) =>
			child!.on( 'exit', ( code ) => resolve( code ) )
		);
		return { out, exited };
	};

	afterEach( () => {
		if ( child && child.exitCode === null ) {
			child.kill( 'SIGKILL' );
		}
		child = null;
	} );

	test( 'the environment sets the latency and jitter at start', async () => {
		const { out, exited } = start( {
			ECSTER_SANDBOX_LATENCY_MS: '250',
			ECSTER_SANDBOX_LATENCY_JITTER_MS: '10',
		} );
		const url = await waitFor(
			() =>
				/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(
					out.join( '' )
				)?.[ 1 ],
			20000
		);
		const config = await (
			await fetch( `${ url }/sandbox/config` )
		).json();
		expect( config ).toMatchObject( {
			latencyMs: 250,
			latencyJitterMs: 10,
		} );
		expect( out.join( '' ) ).toContain(
			'Latency: 250 ms + 0..10 ms jitter'
		);
		const got = await timed( () =>
			fetch( `${ url }/rest/public/v1/orders/`, {
				headers: {
					'x-api-key': 'sandbox-api-key',
					'x-merchant-key': 'sandbox-merchant',
				},
			} )
		);
		expect( got.value.status ).toBe( 200 );
		expect( got.ms ).toBeGreaterThanOrEqual( 250 - TIMER_SLACK_MS );
		child!.kill( 'SIGTERM' );
		expect( await exited ).toBe( 0 );
	}, 30000 );

	test( 'an out-of-range ECSTER_SANDBOX_LATENCY_MS stops the start with a clear message', async () => {
		const { out, exited } = start( {
			ECSTER_SANDBOX_LATENCY_MS: '120001',
		} );
		expect( await exited ).toBe( 2 );
		expect( out.join( '' ) ).toContain(
			'ECSTER_SANDBOX_LATENCY_MS must be an integer from 0 to 120000, got "120001".'
		);
	}, 30000 );
} );
