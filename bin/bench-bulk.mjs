#!/usr/bin/env node
/**
 * Benchmark of bulk debits (`npm run bench:bulk`): the orders list's "Change status to completed"
 * on managed orders against the Ecster sandbox answering every request after 300 ms, compared with
 * the same debits one after another.
 *
 *   npm run bench:bulk
 *   npm run bench:bulk -- --orders 100 --workers 2 --concurrency 10 --latency 300 --keep
 *
 * 1. Starts (or reuses) a native store of its own: instance "bench-bulk" on ports 8897 / 8797
 *    (ECSTER_OM_ENV, WP_ENV_PORT, ECSTER_SANDBOX_PORT), and stops it at the end if it started it
 *    (--keep leaves it running).
 * 2. Logs in as admin, sets "Ecster requests at once" (--concurrency, default 10) and makes 2 × N
 *    managed demo orders (POST ecster-om/v1/demo/orders) while the sandbox still answers at once.
 * 3. Sets the sandbox's latency (--latency ms, default 300) and clears its request log.
 * 4. Parallel: the bulk action as the browser sends it (the orders list's GET form with its
 *    bulk-orders nonce, action=mark_completed and N ids), timed on its own ("bulk request"), then
 *    the queue is worked the way a store with WP-CLI workers runs it: --workers (default 2)
 *    `wp action-scheduler run --group=ecster-order-management --batch-size=1 --force` processes
 *    side by side, next to Action Scheduler's own async request runner that the admin request starts.
 *    Wall time = from the click to the batch reading finished (polled every 250 ms over REST).
 * 5. Serial baseline: the other N orders with `wp ecster-om debit <ids…> --concurrency=1`, one
 *    process debiting one order after another (same store, same latency; the time includes
 *    WP-CLI's start-up, about half a second).
 * 6. Checks and prints: Ecster requests per order (the sandbox's log), duplicates (an Ecster order
 *    with more than one DEBIT), lost or left unknown (not completed, or not done in the batch).
 *
 * The last line reads:
 *   bulk: <n> orders, parallel <s> s, serial <s> s, ratio <r>x, duplicates <n>, lost <n>, bulk request <s> s
 * Exit code 0 when every goal is met (ratio ≥ 5, no duplicates, nothing lost, bulk request < 2 s), else 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);

const { values: args } = parseArgs( {
	options: {
		orders: { type: 'string', default: '100' },
		workers: { type: 'string', default: '2' },
		concurrency: { type: 'string', default: '10' },
		latency: { type: 'string', default: '300' },
		keep: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h' },
	},
	strict: true,
} );
if ( args.help ) {
	process.stdout.write(
		'Usage: npm run bench:bulk -- [--orders 100] [--workers 2] [--concurrency 10] [--latency 300] [--keep]\n'
	);
	process.exit( 0 );
}
function whole( name, min, max ) {
	const value = Number( args[ name ] );
	if ( ! Number.isInteger( value ) || value < min || value > max ) {
		process.stderr.write(
			`bench-bulk: --${ name } must be a whole number from ${ min } to ${ max }.\n`
		);
		process.exit( 2 );
	}
	return value;
}
const ORDERS = whole( 'orders', 1, 1000 );
const WORKERS = whole( 'workers', 0, 16 );
const CONCURRENCY = whole( 'concurrency', 1, 50 );
const LATENCY = whole( 'latency', 0, 120000 );

const envName = process.env.ECSTER_OM_ENV || 'bench-bulk';
const port = process.env.WP_ENV_PORT || '8897';
const sandboxPort = process.env.ECSTER_SANDBOX_PORT || '8797';
const baseUrl = `http://localhost:${ port }`;
const sandboxUrl = `http://127.0.0.1:${ sandboxPort }`;
const childEnv = {
	...process.env,
	ECSTER_OM_ENV: envName,
	WP_ENV_PORT: port,
	ECSTER_SANDBOX_PORT: sandboxPort,
	ECSTER_OM_DEMO_ORDERS: '0',
};

const say = ( line ) => process.stdout.write( `${ line }\n` );
const seconds = ( ms ) => ( ms / 1000 ).toFixed( 1 );
const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

function fail( message ) {
	process.stderr.write( `bench-bulk: ${ message }\n` );
	process.exit( 1 );
}

/* ------------------------------------------------------------------- HTTP */

const cookies = new Map( [ [ 'wordpress_test_cookie', 'WP Cookie check' ] ] );

function keepCookies( response ) {
	for ( const header of response.headers.getSetCookie() ) {
		const [ pair ] = header.split( ';' );
		const index = pair.indexOf( '=' );
		if ( index > 0 ) {
			cookies.set(
				pair.slice( 0, index ).trim(),
				pair.slice( index + 1 ).trim()
			);
		}
	}
}

async function site( pathAndQuery, init = {} ) {
	const response = await fetch( `${ baseUrl }${ pathAndQuery }`, {
		...init,
		redirect: 'manual',
		headers: {
			...( init.headers || {} ),
			cookie: [ ...cookies ]
				.map( ( [ name, value ] ) => `${ name }=${ value }` )
				.join( '; ' ),
		},
		signal: AbortSignal.timeout( 10 * 60 * 1000 ),
	} );
	keepCookies( response );
	return response;
}

let nonce = '';
async function rest( route, method = 'GET', body = undefined, params = {} ) {
	const query = new URLSearchParams( { rest_route: route, ...params } );
	const response = await site( `/?${ query }`, {
		method,
		headers: {
			'x-wp-nonce': nonce,
			...( body === undefined
				? {}
				: { 'content-type': 'application/json' } ),
		},
		body: body === undefined ? undefined : JSON.stringify( body ),
	} );
	const text = await response.text();
	let json;
	try {
		json = JSON.parse( text );
	} catch {
		fail(
			`${ method } ${ route } answered HTTP ${ response.status }: ${ text.slice( 0, 300 ) }`
		);
	}
	if ( response.status >= 400 ) {
		fail(
			`${ method } ${ route } answered HTTP ${ response.status }: ${ text.slice( 0, 300 ) }`
		);
	}
	return json;
}

async function sandbox( pathAndQuery, method = 'GET', body = undefined ) {
	const response = await fetch( `${ sandboxUrl }${ pathAndQuery }`, {
		method,
		headers:
			body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify( body ),
	} );
	const text = await response.text();
	if ( response.status >= 400 ) {
		fail(
			`sandbox ${ method } ${ pathAndQuery }: HTTP ${ response.status } ${ text }`
		);
	}
	return text ? JSON.parse( text ) : null;
}

async function logIn() {
	await site( '/wp-login.php' );
	const response = await site( '/wp-login.php', {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams( {
			log: 'admin',
			pwd: 'password',
			'wp-submit': 'Log In',
			redirect_to: `${ baseUrl }/wp-admin/`,
			testcookie: '1',
		} ).toString(),
	} );
	await response.arrayBuffer();
	if (
		! [ ...cookies.keys() ].some( ( n ) =>
			n.startsWith( 'wordpress_logged_in_' )
		)
	) {
		fail(
			`could not log in to ${ baseUrl } as admin (HTTP ${ response.status }).`
		);
	}
	const answer = await site( '/wp-admin/admin-ajax.php?action=rest-nonce' );
	nonce = ( await answer.text() ).trim();
}

/* -------------------------------------------------------------- processes */

function wp( wpArgs ) {
	return new Promise( ( resolve ) => {
		const started = Date.now();
		const child = spawn(
			'bash',
			[ path.join( root, 'bin', 'wp' ), ...wpArgs ],
			{
				cwd: root,
				env: childEnv,
				stdio: [ 'ignore', 'pipe', 'pipe' ],
			}
		);
		let out = '';
		child.stdout.on( 'data', ( chunk ) => ( out += chunk ) );
		child.stderr.on( 'data', ( chunk ) => ( out += chunk ) );
		child.on( 'close', ( code ) =>
			resolve( { code, out, ms: Date.now() - started } )
		);
	} );
}

async function instanceRunning() {
	try {
		const response = await fetch( `${ baseUrl }/wp-login.php`, {
			redirect: 'manual',
			signal: AbortSignal.timeout( 5000 ),
		} );
		await response.arrayBuffer();
		return response.status > 0;
	} catch {
		return false;
	}
}

function env( command ) {
	const result = spawnSync(
		process.execPath,
		[ path.join( root, 'bin', 'env.mjs' ), command ],
		{
			cwd: root,
			env: childEnv,
			stdio: [ 'ignore', 'pipe', 'inherit' ],
			encoding: 'utf8',
		}
	);
	if ( result.status !== 0 ) {
		fail( `node bin/env.mjs ${ command } failed:\n${ result.stdout }` );
	}
	return result.stdout;
}

/* ------------------------------------------------------------------ steps */

async function createOrders( count ) {
	const ids = [];
	while ( ids.length < count ) {
		const answer = await rest( '/ecster-om/v1/demo/orders', 'POST', {
			count: Math.min( 20, count - ids.length ),
		} );
		ids.push( ...answer.orders.map( ( order ) => order.id ) );
	}
	return ids;
}

async function bulkNonce() {
	const page = await site( '/wp-admin/admin.php?page=wc-orders' );
	const html = await page.text();
	const form = html.slice( html.indexOf( 'id="wc-orders-filter"' ) );
	const match = form.match( /name="_wpnonce" value="([a-f0-9]+)"/ );
	if ( ! match ) {
		fail( 'the orders list has no bulk-action nonce (is HPOS on?).' );
	}
	return match[ 1 ];
}

async function waitForBatch( id, startedAt, timeoutMs ) {
	for (;;) {
		const { batches } = await rest( '/ecster-om/v1/bulk/batches' );
		const batch = batches.find( ( b ) => b.id === id );
		if ( batch?.finished ) {
			return { batch, at: Date.now() };
		}
		if ( Date.now() - startedAt > timeoutMs ) {
			fail(
				`the batch did not finish within ${ seconds( timeoutMs ) } s: ${ JSON.stringify( batch?.counts ) }`
			);
		}
		await sleep( 250 );
	}
}

async function main() {
	const started = ! ( await instanceRunning() );
	say(
		started
			? `Starting store "${ envName }" on ${ baseUrl }…`
			: `Reusing store "${ envName }" on ${ baseUrl }.`
	);
	if ( started ) {
		env( 'start' );
	}
	try {
		await run();
	} finally {
		await fetch( `${ sandboxUrl }/sandbox/config`, {
			method: 'DELETE',
		} ).catch( () => null );
		if ( started && ! args.keep ) {
			env( 'stop' );
		}
	}
}

async function run() {
	await logIn();
	await rest( '/ecster-om/v1/settings', 'POST', {
		manageOrders: true,
		bulkConcurrency: CONCURRENCY,
	} );
	await sandbox( '/sandbox/config', 'DELETE' );
	say( `Creating ${ 2 * ORDERS } managed orders…` );
	const parallelIds = await createOrders( ORDERS );
	const serialIds = await createOrders( ORDERS );
	const nonceForList = await bulkNonce();

	await sandbox( '/sandbox/config', 'POST', { latencyMs: LATENCY } );
	await sandbox( '/sandbox/requests', 'DELETE' );
	const before = new Set(
		( await rest( '/ecster-om/v1/bulk/batches' ) ).batches.map(
			( b ) => b.id
		)
	);

	// Parallel: the bulk action exactly as the list's form sends it.
	say(
		`Bulk "Change status to completed" on ${ ORDERS } orders (sandbox latency ${ LATENCY } ms, ${ CONCURRENCY } requests at once, ${ WORKERS } WP-CLI workers)…`
	);
	const query = new URLSearchParams( {
		page: 'wc-orders',
		_wpnonce: nonceForList,
		_wp_http_referer: '/wp-admin/admin.php?page=wc-orders',
		action: 'mark_completed',
		action2: '-1',
	} );
	for ( const id of parallelIds ) {
		query.append( 'id[]', String( id ) );
	}
	const clickAt = Date.now();
	const bulk = await site( `/wp-admin/admin.php?${ query }` );
	await bulk.arrayBuffer();
	const bulkMs = Date.now() - clickAt;
	if ( bulk.status !== 302 ) {
		fail(
			`the bulk action answered HTTP ${ bulk.status } instead of redirecting back to the list.`
		);
	}
	const workers = [];
	for ( let i = 0; i < WORKERS; i++ ) {
		workers.push(
			wp( [
				'action-scheduler',
				'run',
				'--group=ecster-order-management',
				'--batch-size=1',
				'--force',
				'--quiet',
			] )
		);
	}
	const created = ( await rest( '/ecster-om/v1/bulk/batches' ) ).batches.find(
		( b ) => ! before.has( b.id )
	);
	if ( ! created ) {
		fail( 'the bulk action started no batch.' );
	}
	// Retries are scheduled with backoff: workers exit when nothing is due, so start them again.
	let done = null;
	const poll = waitForBatch( created.id, clickAt, 10 * 60 * 1000 ).then(
		( result ) => ( done = result )
	);
	while ( ! done ) {
		await Promise.race( [ Promise.all( workers ), poll ] );
		if ( ! done ) {
			workers.length = 0;
			for ( let i = 0; i < Math.max( 1, WORKERS ); i++ ) {
				workers.push(
					wp( [
						'action-scheduler',
						'run',
						'--group=ecster-order-management',
						'--batch-size=1',
						'--force',
						'--quiet',
					] )
				);
			}
			await sleep( 500 );
		}
	}
	const parallelMs = done.at - clickAt;
	await Promise.all( workers );
	const parallelLog = ( await sandbox( '/sandbox/requests' ) ).filter(
		( r ) => r.path.startsWith( '/rest/public/' )
	);

	// Serial baseline: the same debits, one after another, in one process.
	say(
		`Serial baseline: ${ ORDERS } debits one after another (wp ecster-om debit … --concurrency=1)…`
	);
	const serial = await wp( [
		'ecster-om',
		'debit',
		...serialIds.map( String ),
		'--concurrency=1',
	] );
	if ( serial.code !== 0 ) {
		process.stderr.write( serial.out.slice( -2000 ) );
	}

	// Checks.
	const { items } = await rest(
		`/ecster-om/v1/bulk/batches/${ created.id }`
	);
	const wcOrders = [];
	for ( let page = 0; page * 100 < parallelIds.length; page++ ) {
		wcOrders.push(
			...( await rest( '/wc/v3/orders', 'GET', undefined, {
				include: parallelIds
					.slice( page * 100, page * 100 + 100 )
					.join( ',' ),
				per_page: '100',
			} ) )
		);
	}
	const ecsterOrders = await sandbox( '/sandbox/orders' );
	const byReference = new Map( ecsterOrders.map( ( o ) => [ o.id, o ] ) );
	let duplicates = 0;
	for ( const order of wcOrders ) {
		const reference = order.meta_data.find(
			( m ) => m.key === '_wc_ecster_internal_reference'
		)?.value;
		const debits = (
			byReference.get( reference )?.transactions || []
		).filter( ( t ) => t.type === 'DEBIT' ).length;
		if ( debits > 1 ) {
			duplicates++;
		}
	}
	const notDone = new Set(
		items
			.filter( ( item ) => item.state !== 'done' )
			.map( ( item ) => item.orderId )
	);
	for ( const order of wcOrders ) {
		if ( order.status !== 'completed' ) {
			notDone.add( order.id );
		}
	}
	const lost = notDone.size;
	const perOrder = parallelLog.length / ORDERS;
	const debitPosts = parallelLog.filter(
		( r ) => r.method === 'POST'
	).length;
	const ratio = serial.ms / parallelMs;

	say( '' );
	say(
		`wall time, click → last confirmed debit:  ${ seconds( parallelMs ) } s (${ WORKERS } WP-CLI workers + Action Scheduler's async runner, ${ CONCURRENCY } Ecster requests at once per runner)`
	);
	say(
		`serial baseline (same ${ ORDERS } debits, one after another): ${ seconds( serial.ms ) } s${ serial.code === 0 ? '' : ` (exit ${ serial.code })` }`
	);
	say( `ratio:                                   ${ ratio.toFixed( 1 ) }x` );
	say(
		`Ecster requests per order:               ${ perOrder.toFixed( 2 ) } (${ parallelLog.length } requests, ${ debitPosts } debit POSTs)`
	);
	say( `duplicates:                              ${ duplicates }` );
	say( `lost or left unknown:                    ${ lost }` );
	say(
		`bulk request:                            ${ seconds( bulkMs ) } s (HTTP ${ bulk.status })`
	);
	say(
		`bulk: ${ ORDERS } orders, parallel ${ seconds( parallelMs ) } s, serial ${ seconds( serial.ms ) } s, ratio ${ ratio.toFixed( 1 ) }x, duplicates ${ duplicates }, lost ${ lost }, bulk request ${ seconds( bulkMs ) } s`
	);
	process.exitCode =
		ratio >= 5 && duplicates === 0 && lost === 0 && bulkMs < 2000 ? 0 : 1;
}

main().catch( ( error ) => fail( error.stack || String( error ) ) );
