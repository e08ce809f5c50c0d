/** @jest-environment node */
/**
 * State survives a restart: JSON file, written atomically and debounced, flushed on close and on
 * SIGTERM; reset clears it. Also the CLI's environment variables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	startTestSandbox,
	tempDir,
	waitFor,
	type TestSandbox,
} from './helpers';

let dir: string;
let cleanup: () => void;
let statePath: string;

beforeEach( () => {
	( { dir, cleanup } = tempDir() );
	statePath = path.join( dir, 'nested', 'state.json' );
} );

afterEach( () => {
	cleanup();
} );

const readState = () => JSON.parse( readFileSync( statePath, 'utf8' ) );

test( 'orders, transactions and queued faults survive a restart', async () => {
	let sb: TestSandbox | null = await startTestSandbox( { statePath } );
	const order = await sb.order( {
		amount: 10000,
		orderReference: 'persist-1',
	} );
	const debit = await sb.transaction( order.id, {
		type: 'DEBIT',
		amount: 4000,
		closeDebit: true,
		transactionReference: 'ref-1',
	} );
	await sb.transaction( order.id, {
		type: 'CREDIT',
		amount: 1000,
		debitTransaction: debit.body.transaction.id,
	} );
	const swish = await sb.order( { method: 'SWISH', amount: 500 } );
	await sb.api( 'POST', `orders/${ swish.id }/refunds`, {
		amount: 200,
		debitTransaction: swish.transactions[ 1 ].id,
	} );
	await sb.control.addFault( {
		match: { type: 'ANNUL' },
		times: 2,
		response: { status: 500 },
	} );
	const before = await sb.api( 'GET', `orders/${ order.id }` );
	await sb.close();
	sb = null;

	const again = await startTestSandbox( { statePath } );
	try {
		const after = await again.api( 'GET', `orders/${ order.id }` );
		expect( after.status ).toBe( 200 );
		expect( after.body ).toEqual( before.body );
		expect( after.body ).toMatchObject( {
			status: 'PARTIALLY_DELIVERED',
			debitClosed: true,
			debitedAmount: 4000,
			creditedAmount: 1000,
		} );
		expect(
			( await again.control.getOrder( swish.id ) ).refunds
		).toHaveLength( 1 );
		expect( await again.control.faults() ).toEqual( [
			expect.objectContaining( {
				remaining: 2,
				match: { type: 'ANNUL' },
			} ),
		] );
		// The rules still apply to the reloaded order.
		expect(
			(
				await again.transaction( order.id, {
					type: 'DEBIT',
					amount: 1,
				} )
			).body.code
		).toBe( 4424 );
	} finally {
		await again.close();
	}
} );

test( 'writes are debounced off the request path and land atomically, leaving no temp files', async () => {
	const sb = await startTestSandbox( { statePath, persistDebounceMs: 150 } );
	try {
		const order = await sb.order();
		// Not written synchronously with the request...
		expect(
			existsSync( statePath ) &&
				readFileSync( statePath, 'utf8' ).includes( order.id )
		).toBe( false );
		// ...but shortly after.
		await waitFor(
			() =>
				existsSync( statePath ) &&
				readFileSync( statePath, 'utf8' ).includes( order.id ),
			3000
		);
		for ( let i = 0; i < 20; i++ ) {
			await sb.transaction( order.id, { type: 'DEBIT', amount: 1 } );
		}
		await sb.handle.flush();
		expect( readState().orders[ 0 ].debitedAmount ).toBe( 20 );
		expect( readdirSync( path.dirname( statePath ) ) ).toEqual( [
			'state.json',
		] );
	} finally {
		await sb.close();
	}
} );

test( 'reset empties the state file', async () => {
	const sb = await startTestSandbox( { statePath } );
	try {
		await sb.order();
		await sb.handle.flush();
		expect( readState().orders ).toHaveLength( 1 );
		await sb.control.reset();
		await sb.handle.flush();
		expect( readState().orders ).toEqual( [] );
	} finally {
		await sb.close();
	}
	const fresh = await startTestSandbox( { statePath } );
	try {
		expect( await fresh.control.listOrders() ).toEqual( [] );
	} finally {
		await fresh.close();
	}
} );

test( 'a corrupt state file is moved aside and the sandbox starts empty', async () => {
	const file = path.join( dir, 'state.json' );
	writeFileSync( file, '{"orders":[{"id":' );
	const lines: string[] = [];
	const sb = await startTestSandbox( {
		statePath: file,
		log: ( l ) => lines.push( l ),
	} );
	try {
		expect( ( await sb.control.health() ).ok ).toBe( true );
		expect( await sb.control.listOrders() ).toEqual( [] );
		expect(
			readdirSync( dir ).some( ( f ) =>
				f.startsWith( 'state.json.corrupt-' )
			)
		).toBe( true );
		expect( lines.some( ( l ) => l.startsWith( 'WARNING' ) ) ).toBe( true );
	} finally {
		await sb.close();
	}
} );

describe( 'npm run sandbox (CLI)', () => {
	const root = path.resolve( __dirname, '..', '..' );
	let child: ChildProcess | null = null;

	afterEach( () => {
		if ( child && child.exitCode === null ) {
			child.kill( 'SIGKILL' );
		}
		child = null;
	} );

	test( 'starts from the environment, logs one line per request without secrets, and flushes state on SIGTERM', async () => {
		const out: string[] = [];
		// One process (node --import tsx, no wrapper), so SIGTERM reaches the sandbox itself.
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
					ECSTER_SANDBOX_STATE: statePath,
					ECSTER_SANDBOX_KEYS:
						'cli-secret-key:cli-shop,cli-secret-key:cli-shop-2',
				},
				stdio: [ 'ignore', 'pipe', 'pipe' ],
			}
		);
		child.stdout!.on( 'data', ( d ) => out.push( d.toString() ) );
		child.stderr!.on( 'data', ( d ) => out.push( d.toString() ) );
		const url = await waitFor(
			() =>
				/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(
					out.join( '' )
				)?.[ 1 ],
			20000
		);

		const created = await fetch( `${ url }/sandbox/orders`, {
			method: 'POST',
			body: JSON.stringify( {
				amount: 700,
				merchantId: 'cli-shop-2',
				orderReference: 'cli',
			} ),
		} );
		const order = await created.json();
		const headers = {
			'x-api-key': 'cli-secret-key',
			'x-merchant-key': 'cli-shop-2',
		};
		const got = await fetch(
			`${ url }/rest/public/v1/orders/${ order.id }`,
			{ headers }
		);
		expect( got.status ).toBe( 200 );
		const debit = await fetch(
			`${ url }/rest/public/v1/orders/${ order.id }/transactions`,
			{
				method: 'POST',
				headers,
				body: JSON.stringify( { type: 'DEBIT', amount: 700 } ),
			}
		);
		expect( debit.status ).toBe( 201 );
		// The default pair still works next to the configured ones.
		const dflt = await fetch( `${ url }/rest/public/v1/orders/`, {
			headers: {
				'x-api-key': 'sandbox-api-key',
				'x-merchant-key': 'sandbox-merchant',
			},
		} );
		expect( dflt.status ).toBe( 200 );
		await fetch(
			`${ url }/rest/public/v1/orders/?nationalId=SE480502-4876`,
			{ headers }
		);

		const exited = new Promise< number | null >( ( resolve ) =>
			child!.on( 'exit', ( code ) => resolve( code ) )
		);
		child.kill( 'SIGTERM' );
		expect( await exited ).toBe( 0 );

		const text = out.join( '' );
		expect( text ).toMatch(
			new RegExp(
				`POST /rest/public/v1/orders/${ order.id }/transactions 201`
			)
		);
		expect( text ).not.toContain( 'cli-secret-key' );
		expect( text ).not.toContain( 'SE480502-4876' );
		// Debounced write flushed on shutdown.
		const saved = readState().orders.find(
			( o: { id: string } ) => o.id === order.id
		);
		expect( saved ).toMatchObject( {
			status: 'FULLY_DELIVERED',
			debitedAmount: 700,
		} );
	}, 30000 );
} );
