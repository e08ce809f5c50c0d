#!/usr/bin/env node
/**
 * Demo Ecster orders in the running local environment (QA kit).
 *
 *   npm run demo                                            # one Invoice order, physical items
 *   npm run demo -- --count 3 --method SWISH --digital --amount 1234.50
 *   npm run demo -- --count 3 --if-none                     # only when the store has no demo orders
 *   npm run demo -- --json                                  # the REST answer as JSON
 *
 * Logs in as admin/password to the environment named by ECSTER_OM_ENV (default "dev") on
 * WP_ENV_PORT (default 8888) — or WP_BASE_URL when set — and calls
 * POST ecster-om/v1/demo/orders (registered on local/development sites only). Prints one edit
 * URL per created order. Exit codes: 0 done (or nothing to do with --if-none), 1 the site
 * refused or failed, 2 bad arguments, 3 the environment is not running.
 */
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run demo -- [--count <1-20>] [--digital] [--method INVOICE|CARD|PARTPAYMENT|SWISH]
                       [--amount <SEK, e.g. 1234.50>] [--if-none] [--json]

Creates demo Ecster orders (an order in the Ecster sandbox + the paid WooCommerce order) in the
running environment (ECSTER_OM_ENV, WP_ENV_PORT or WP_BASE_URL) and prints their edit URLs.`;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_NOT_RUNNING = 3;

const envName = process.env.ECSTER_OM_ENV || 'dev';
const port = process.env.WP_ENV_PORT || '8888';
const baseUrl = ( process.env.WP_BASE_URL || `http://localhost:${ port }` )
	.trim()
	.replace( /\/+$/, '' );
const user = process.env.ECSTER_OM_ADMIN_USER || 'admin';
const password = process.env.ECSTER_OM_ADMIN_PASSWORD || 'password';

function fail( message, code = EXIT_FAILED ) {
	process.stderr.write( `demo: ${ message }\n` );
	process.exit( code );
}

function parseCommandLine() {
	let parsed;
	try {
		parsed = parseArgs( {
			options: {
				count: { type: 'string' },
				digital: { type: 'boolean' },
				method: { type: 'string' },
				amount: { type: 'string' },
				'if-none': { type: 'boolean' },
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
			},
			allowPositionals: false,
			strict: true,
		} );
	} catch ( error ) {
		fail( `${ error.message }\n\n${ USAGE }`, EXIT_USAGE );
	}
	const { values } = parsed;
	if ( values.help ) {
		process.stdout.write( `${ USAGE }\n` );
		process.exit( 0 );
	}
	// Only what was given: the site applies the defaults and checks every value.
	const options = {};
	if ( values.count !== undefined ) {
		options.count = values.count;
	}
	if ( values.digital ) {
		options.digital = true;
	}
	if ( values.method !== undefined ) {
		options.method = values.method;
	}
	if ( values.amount !== undefined ) {
		options.amount = values.amount;
	}
	if ( values[ 'if-none' ] ) {
		options.ifNone = true;
	}
	return { options, json: Boolean( values.json ) };
}

/** A tiny cookie jar: name → value, from Set-Cookie headers. */
class CookieJar {
	constructor() {
		this.cookies = new Map( [
			// Playground's --login logs a first visitor in with a redirect; say it happened.
			[ 'playground_auto_login_already_happened', '1' ],
			[ 'wordpress_test_cookie', 'WP Cookie check' ],
		] );
	}

	store( response ) {
		for ( const header of response.headers.getSetCookie() ) {
			const [ pair ] = header.split( ';' );
			const index = pair.indexOf( '=' );
			if ( index > 0 ) {
				this.cookies.set(
					pair.slice( 0, index ).trim(),
					pair.slice( index + 1 ).trim()
				);
			}
		}
	}

	header() {
		return [ ...this.cookies ]
			.map( ( [ name, value ] ) => `${ name }=${ value }` )
			.join( '; ' );
	}
}

async function request( jar, path, init = {} ) {
	let response;
	try {
		response = await fetch( `${ baseUrl }${ path }`, {
			...init,
			redirect: 'manual',
			headers: { ...( init.headers || {} ), cookie: jar.header() },
			// Creating orders in Playground (PHP in WebAssembly) on a busy machine is slow.
			signal: AbortSignal.timeout( 10 * 60 * 1000 ),
		} );
	} catch ( error ) {
		const cause = error.cause?.code || error.message;
		fail(
			`the environment "${ envName }" does not answer at ${ baseUrl } (${ cause }).\n` +
				`  Start it with: ECSTER_OM_ENV=${ envName } WP_ENV_PORT=${ port } npm run env:start\n` +
				'  (or set WP_BASE_URL / WP_ENV_PORT to the site that runs).',
			EXIT_NOT_RUNNING
		);
	}
	jar.store( response );
	return response;
}

async function logIn( jar ) {
	await request( jar, '/wp-login.php' );
	const response = await request( jar, '/wp-login.php', {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams( {
			log: user,
			pwd: password,
			rememberme: 'forever',
			'wp-submit': 'Log In',
			redirect_to: `${ baseUrl }/wp-admin/`,
			testcookie: '1',
		} ).toString(),
	} );
	await response.arrayBuffer();
	const loggedIn = [ ...jar.cookies.keys() ].some( ( name ) =>
		name.startsWith( 'wordpress_logged_in_' )
	);
	if ( ! loggedIn ) {
		fail(
			`could not log in to ${ baseUrl } as "${ user }" (HTTP ${ response.status }). ` +
				'The environment logs in as admin / password; set ECSTER_OM_ADMIN_USER / ECSTER_OM_ADMIN_PASSWORD for another site.'
		);
	}
	const nonceResponse = await request(
		jar,
		'/wp-admin/admin-ajax.php?action=rest-nonce'
	);
	const nonce = ( await nonceResponse.text() ).trim();
	if ( nonceResponse.status !== 200 || ! /^[a-f0-9]{10}$/.test( nonce ) ) {
		fail(
			`logged in, but ${ baseUrl } gave no REST nonce (HTTP ${ nonceResponse.status }).`
		);
	}
	return nonce;
}

async function main() {
	const { options, json } = parseCommandLine();
	const jar = new CookieJar();
	const nonce = await logIn( jar );
	const response = await request(
		jar,
		`/?rest_route=${ encodeURIComponent( '/ecster-om/v1/demo/orders' ) }`,
		{
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-wp-nonce': nonce,
			},
			body: JSON.stringify( options ),
		}
	);
	const text = await response.text();
	let body;
	try {
		body = JSON.parse( text );
	} catch {
		fail(
			`${ baseUrl } answered HTTP ${ response.status } without JSON: ${ text.slice( 0, 300 ) }`
		);
	}
	if ( response.status === 404 && body?.code === 'rest_no_route' ) {
		fail(
			`${ baseUrl } has no demo route: demo orders exist only on local/development sites ` +
				'(WP_ENVIRONMENT_TYPE) with Ecster Order Management active.'
		);
	}
	if ( response.status >= 400 ) {
		const field = body?.data?.field ? ` [${ body.data.field }]` : '';
		fail(
			`${ body?.message || text } (${ body?.code || 'HTTP ' + response.status }${ field })`,
			body?.code === 'ecster_om_demo_invalid_option'
				? EXIT_USAGE
				: EXIT_FAILED
		);
	}
	if ( json ) {
		process.stdout.write( `${ JSON.stringify( body, null, 2 ) }\n` );
		return;
	}
	if ( body.skipped ) {
		process.stdout.write(
			`The store already has ${ body.existing } demo order(s); none created (--if-none).\n`
		);
		return;
	}
	for ( const order of body.orders ) {
		process.stdout.write( `${ order.editUrl }\n` );
	}
	const summary = body.orders
		.map(
			( order ) =>
				`#${ order.number } ${ order.method } ${ order.total } ${ order.currency } (${ order.status }${ order.digital ? ', digital' : '' })`
		)
		.join( ', ' );
	process.stderr.write(
		`Created ${ body.orders.length } demo Ecster order(s): ${ summary }\n`
	);
}

await main();
