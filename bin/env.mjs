#!/usr/bin/env node
/**
 * The local environment: WordPress + WooCommerce + this plugin + the Ecster sandbox.
 *
 *   npm run env:start    start (or say it is already running)
 *   npm run env:stop     stop (or say it was not running)
 *   npm run env:reset    stop and forget the site's database and the sandbox's orders
 *   npm run env:status   what runs where
 *
 * With Docker (online), `wp-env start` runs as usual from .wp-env.json (WordPress and
 * WooCommerce from wordpress.org). Without Docker (offline, CI, this project's machines) the
 * same command uses wp-env's Playground runtime (PHP in WebAssembly, SQLite) with a local
 * WordPress core and WooCommerce taken from folders named by environment variables:
 *
 *   ECSTER_OM_HOME      default ~/.cache/ecster-om (XDG_CACHE_HOME respected)
 *   ECSTER_OM_WP_CORE   default $ECSTER_OM_HOME/wordpress    (prepared by `npm run setup`)
 *   ECSTER_OM_WC_DIR    default $ECSTER_OM_HOME/woocommerce  (the woocommerce plugin folder)
 *   ECSTER_OM_ENV       name of the instance, default "dev" (tests use their own)
 *   WP_ENV_PORT         WordPress port, default 8888
 *   ECSTER_SANDBOX_PORT Ecster sandbox port, default 8790
 *   ECSTER_OM_RUNTIME   "playground" or "docker" to force a runtime (default: docker when it answers)
 *   ECSTER_OM_DEMO_ORDERS  0 to start without the three demo orders
 *   ECSTER_OM_WORKERS   PHP workers of the Playground server, default 2 (bin/lib/playground-workers.cjs)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const home =
	process.env.ECSTER_OM_HOME ||
	path.join(
		process.env.XDG_CACHE_HOME || path.join( os.homedir(), '.cache' ),
		'ecster-om'
	);
const coreDir = process.env.ECSTER_OM_WP_CORE || path.join( home, 'wordpress' );
const wcDir = process.env.ECSTER_OM_WC_DIR || path.join( home, 'woocommerce' );
const envName = process.env.ECSTER_OM_ENV || 'dev';
if ( ! /^[a-z0-9][a-z0-9-]{0,30}$/.test( envName ) ) {
	fail(
		`ECSTER_OM_ENV must be lower-case letters, digits and dashes, got "${ envName }".`
	);
}
const port = intFromEnv( 'WP_ENV_PORT', 8888 );
const sandboxPort = intFromEnv( 'ECSTER_SANDBOX_PORT', 8790 );
const instanceDir = path.join( home, 'instances', envName );
const siteDir = path.join( instanceDir, 'wordpress' );
const wpEnvHome = path.join( instanceDir, 'wp-env-home' );
const configPath = path.join( instanceDir, '.wp-env.json' );
const pluginLink = path.join( instanceDir, 'ecster-order-management' );
const sandboxPidFile = path.join( instanceDir, 'sandbox.pid' );
const sandboxLog = path.join( instanceDir, 'sandbox.log' );
const siteUrl = `http://localhost:${ port }`;
const sandboxUrl = `http://127.0.0.1:${ sandboxPort }`;
const wpEnvBin = path.join(
	root,
	'node_modules',
	'@wordpress',
	'env',
	'bin',
	'wp-env'
);

function intFromEnv( name, fallback ) {
	const raw = process.env[ name ];
	if ( raw === undefined || raw === '' ) {
		return fallback;
	}
	const value = Number( raw );
	if ( ! Number.isInteger( value ) || value < 1024 || value > 65535 ) {
		fail(
			`${ name } must be a port number between 1024 and 65535, got "${ raw }".`
		);
	}
	return value;
}

function fail( message, code = 1 ) {
	process.stderr.write( `env: ${ message }\n` );
	process.exit( code );
}

function say( message ) {
	process.stdout.write( `${ message }\n` );
}

const sleep = ( ms ) => new Promise( ( resolve ) => setTimeout( resolve, ms ) );

function readVersion( file, pattern ) {
	try {
		const match = fs.readFileSync( file, 'utf8' ).match( pattern );
		return match ? match[ 1 ] : null;
	} catch {
		return null;
	}
}

const wpVersion = ( dir ) =>
	readVersion(
		path.join( dir, 'wp-includes', 'version.php' ),
		/\$wp_version = '([^']+)'/
	);
const wcVersion = ( dir ) =>
	readVersion(
		path.join( dir, 'woocommerce.php' ),
		/^\s*\*\s*Version:\s*([0-9.]+)/m
	);

function isAlive( pid ) {
	if ( ! pid ) {
		return false;
	}
	try {
		process.kill( pid, 0 );
		return true;
	} catch {
		return false;
	}
}

function readPid( file ) {
	try {
		const pid = parseInt( fs.readFileSync( file, 'utf8' ).trim(), 10 );
		return Number.isInteger( pid ) ? pid : null;
	} catch {
		return null;
	}
}

function portInUse( p ) {
	return new Promise( ( resolve ) => {
		const socket = net.connect( { host: '127.0.0.1', port: p } );
		socket.once( 'connect', () => {
			socket.destroy();
			resolve( true );
		} );
		socket.once( 'error', () => resolve( false ) );
		socket.setTimeout( 2000, () => {
			socket.destroy();
			resolve( true );
		} );
	} );
}

async function httpStatus( url, timeoutMs = 60000 ) {
	try {
		const response = await fetch( url, {
			redirect: 'manual',
			// Playground's --login answers a first visit with a 302 that logs the visitor in;
			// this cookie says that already happened, so the page itself answers.
			headers: { cookie: 'playground_auto_login_already_happened=1' },
			signal: AbortSignal.timeout( timeoutMs ),
		} );
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

async function waitFor( what, check, timeoutMs, intervalMs = 500 ) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if ( await check() ) {
			return;
		}
		if ( Date.now() > deadline ) {
			throw new Error(
				`timed out after ${ Math.round( timeoutMs / 1000 ) } s waiting for ${ what }`
			);
		}
		await sleep( intervalMs );
	}
}

function dockerAvailable() {
	if ( process.env.ECSTER_OM_RUNTIME === 'playground' ) {
		return false;
	}
	if ( process.env.ECSTER_OM_RUNTIME === 'docker' ) {
		return true;
	}
	const result = spawnSync( 'docker', [ 'info' ], {
		stdio: 'ignore',
		timeout: 10000,
	} );
	return result.status === 0;
}

/** wp-env keeps its state in WP_ENV_HOME/md5(config path). */
function wpEnvWorkDir() {
	const md5 = createHash( 'md5' ).update( configPath ).digest( 'hex' );
	return path.join( wpEnvHome, md5 );
}

function playgroundPid() {
	return readPid( path.join( wpEnvWorkDir(), 'playground.pid' ) );
}

function runWpEnv( args, extraEnv = {} ) {
	return spawnSync( process.execPath, [ wpEnvBin, ...args ], {
		cwd: root,
		stdio: 'inherit',
		env: {
			...process.env,
			WP_ENV_HOME: wpEnvHome,
			// More than one PHP worker, so that requests really overlap (see the file).
			NODE_OPTIONS: [
				process.env.NODE_OPTIONS,
				`--require=${ path.join( root, 'bin', 'lib', 'playground-workers.cjs' ) }`,
			]
				.filter( Boolean )
				.join( ' ' ),
			...extraEnv,
		},
	} );
}

function writeConfig() {
	fs.mkdirSync( instanceDir, { recursive: true } );
	// The folder name becomes the plugin's slug inside WordPress.
	try {
		if ( fs.readlinkSync( pluginLink ) !== path.join( root, 'plugin' ) ) {
			fs.unlinkSync( pluginLink );
		}
	} catch {
		// No link yet.
	}
	if ( ! fs.existsSync( pluginLink ) ) {
		fs.symlinkSync( path.join( root, 'plugin' ), pluginLink, 'dir' );
	}
	const config = {
		core: siteDir,
		phpVersion: process.env.ECSTER_OM_PHP_VERSION || '8.2',
		port,
		testsEnvironment: false,
		plugins: [ wcDir, pluginLink ],
		mappings: {
			'wp-content/mu-plugins': path.join(
				root,
				'tests',
				'env',
				'mu-plugins'
			),
		},
		config: {
			WP_ENVIRONMENT_TYPE: 'local',
			ECSTER_OM_API_URL: `${ sandboxUrl }/rest/public/`,
			ECSTER_OM_SANDBOX_URL: sandboxUrl,
			ECSTER_OM_DEV_STORE: true,
			WP_DEBUG: true,
			WP_DEBUG_LOG: true,
			WP_DEBUG_DISPLAY: false,
			SCRIPT_DEBUG: false,
		},
	};
	fs.writeFileSync( configPath, JSON.stringify( config, null, '\t' ) + '\n' );
	// Seed wp-env's cache so it never asks the network for the latest WordPress version.
	fs.mkdirSync( wpEnvWorkDir(), { recursive: true } );
	fs.writeFileSync(
		path.join( wpEnvWorkDir(), 'wp-env-cache.json' ),
		JSON.stringify( { latestWordPressVersion: wpVersion( coreDir ) } )
	);
}

async function sandboxHealthy() {
	return (
		( await httpStatus( `${ sandboxUrl }/sandbox/health`, 3000 ) ) === 200
	);
}

async function startSandbox( extraEnv = {} ) {
	if ( await sandboxHealthy() ) {
		say( `Ecster sandbox already answers at ${ sandboxUrl }` );
		return;
	}
	if ( await portInUse( sandboxPort ) ) {
		fail(
			`port ${ sandboxPort } (ECSTER_SANDBOX_PORT) is used by something that is not the Ecster sandbox.`
		);
	}
	const out = fs.openSync( sandboxLog, 'a' );
	const child = spawn(
		process.execPath,
		[
			path.join( root, 'node_modules', 'tsx', 'dist', 'cli.mjs' ),
			path.join( root, 'ecster-sandbox', 'src', 'cli.ts' ),
		],
		{
			cwd: root,
			detached: true,
			stdio: [ 'ignore', out, out ],
			env: {
				...process.env,
				ECSTER_SANDBOX_PORT: String( sandboxPort ),
				ECSTER_SANDBOX_STATE: path.join(
					instanceDir,
					'sandbox-state.json'
				),
				...extraEnv,
			},
		}
	);
	child.unref();
	fs.writeFileSync( sandboxPidFile, String( child.pid ) );
	try {
		await waitFor( 'the Ecster sandbox', sandboxHealthy, 60000, 250 );
	} catch ( error ) {
		fail( `${ error.message }; see ${ sandboxLog }` );
	}
	say( `Ecster sandbox started at ${ sandboxUrl } (log: ${ sandboxLog })` );
}

function stopSandbox() {
	const pid = readPid( sandboxPidFile );
	if ( ! isAlive( pid ) ) {
		fs.rmSync( sandboxPidFile, { force: true } );
		return false;
	}
	try {
		process.kill( -pid, 'SIGTERM' );
	} catch {
		process.kill( pid, 'SIGTERM' );
	}
	fs.rmSync( sandboxPidFile, { force: true } );
	return true;
}

async function waitForWordPress() {
	const log = path.join( wpEnvWorkDir(), 'playground.log' );
	await waitFor(
		'Playground to print "Ready!"',
		async () => {
			const pid = playgroundPid();
			if ( pid && ! isAlive( pid ) ) {
				throw new Error( `Playground exited; see ${ log }` );
			}
			try {
				return fs.readFileSync( log, 'utf8' ).includes( 'Ready!' );
			} catch {
				return false;
			}
		},
		300000
	);
	// The first requests after "Ready!" can answer 302 while the install settles.
	await waitFor(
		`${ siteUrl }/wp-login.php to answer 200`,
		async () =>
			( await httpStatus( `${ siteUrl }/wp-login.php`, 120000 ) ) === 200,
		300000,
		1000
	);
	const setupFile = path.join(
		siteDir,
		'wp-content',
		'ecster-om-test-env.json'
	);
	await waitFor(
		'the store set-up (tests/env/mu-plugins/ecster-om-test-env.php)',
		async () => {
			if ( fs.existsSync( setupFile ) ) {
				return true;
			}
			await httpStatus( `${ siteUrl }/wp-login.php`, 120000 );
			return fs.existsSync( setupFile );
		},
		180000,
		1000
	);
	const setup = JSON.parse( fs.readFileSync( setupFile, 'utf8' ) );
	if ( ! setup.ok ) {
		throw new Error( `store set-up failed: ${ JSON.stringify( setup ) }` );
	}
	return setup;
}

/**
 * A ready-to-use store has a few Ecster orders waiting in Processing (only when it has none yet).
 * ECSTER_OM_DEMO_ORDERS=0 skips this (the browser tests make their own orders).
 */
function createDemoOrders() {
	if ( process.env.ECSTER_OM_DEMO_ORDERS === '0' ) {
		return;
	}
	const result = spawnSync(
		process.execPath,
		[ path.join( root, 'bin', 'demo.mjs' ), '--count', '3', '--if-none' ],
		{
			cwd: root,
			stdio: 'inherit',
			env: {
				...process.env,
				ECSTER_OM_ENV: envName,
				WP_ENV_PORT: String( port ),
			},
		}
	);
	if ( result.status !== 0 ) {
		process.stderr.write(
			'env: the demo orders could not be created (see above); the store works without them. Try npm run demo.\n'
		);
	}
}

async function startPlayground() {
	const wp = wpVersion( coreDir );
	if ( ! wp ) {
		fail(
			`no WordPress core at ${ coreDir }.\n` +
				'  Run `npm run setup` (it prepares one), or point ECSTER_OM_WP_CORE at a WordPress folder.'
		);
	}
	const wc = wcVersion( wcDir );
	if ( ! wc ) {
		fail(
			`no WooCommerce at ${ wcDir }.\n` +
				'  WooCommerce is in no package registry reachable offline. Copy the woocommerce plugin folder\n' +
				`  (the one that holds woocommerce.php) to ${ wcDir }, or set ECSTER_OM_WC_DIR to it.\n` +
				'  With internet and Docker, plain `npx wp-env start` installs it from wordpress.org instead.'
		);
	}
	if (
		! fs.existsSync(
			path.join( root, 'plugin', 'build', 'order-panel.asset.php' )
		)
	) {
		say( 'Building the admin scripts (npm run build)…' );
		const build = spawnSync( 'npm', [ 'run', '--silent', 'build' ], {
			cwd: root,
			stdio: 'inherit',
		} );
		if ( build.status !== 0 ) {
			fail( 'npm run build failed.' );
		}
	}

	const pid = playgroundPid();
	if ( isAlive( pid ) ) {
		if ( ( await httpStatus( `${ siteUrl }/wp-login.php`, 30000 ) ) > 0 ) {
			await startSandbox();
			say(
				`Already running: ${ siteUrl } (instance "${ envName }", pid ${ pid }). Nothing to do.`
			);
			return;
		}
		fail(
			`instance "${ envName }" has a process (pid ${ pid }) but ${ siteUrl } does not answer; run npm run env:stop first.`
		);
	}
	if ( await portInUse( port ) ) {
		fail(
			`port ${ port } is already in use by another program; set WP_ENV_PORT to a free port.`
		);
	}

	if (
		! fs.existsSync( path.join( siteDir, 'wp-includes', 'version.php' ) )
	) {
		say(
			`Creating the site ${ siteDir } from WordPress ${ wp } at ${ coreDir }`
		);
		fs.rmSync( siteDir, { recursive: true, force: true } );
		fs.mkdirSync( path.dirname( siteDir ), { recursive: true } );
		fs.cpSync( coreDir, siteDir, {
			recursive: true,
			verbatimSymlinks: true,
		} );
		fs.rmSync( path.join( siteDir, 'wp-config.php' ), { force: true } );
	}
	writeConfig();
	await startSandbox();

	say(
		`Starting WordPress ${ wp } + WooCommerce ${ wc } (Playground runtime, instance "${ envName }") on ${ siteUrl }…`
	);
	let lastError = null;
	for ( let attempt = 1; attempt <= 3; attempt++ ) {
		const started = runWpEnv( [
			'start',
			'--runtime=playground',
			'--config',
			configPath,
		] );
		if ( started.status === 0 ) {
			try {
				const setup = await waitForWordPress();
				createDemoOrders();
				say( '' );
				say(
					`WordPress ${ setup.wp } + WooCommerce ${ setup.wc } (PHP ${ setup.php }, HPOS ${ setup.hpos ? 'on' : 'off' }) is ready.`
				);
				say( `  Site:     ${ siteUrl }` );
				say( `  Admin:    ${ siteUrl }/wp-admin/  (admin / password)` );
				say(
					`  Sandbox:  ${ sandboxUrl }  (keys sandbox-api-key / sandbox-merchant)`
				);
				say(
					`  Settings: ${ siteUrl }/wp-admin/admin.php?page=wc-settings&tab=checkout&section=ecster`
				);
				say( '  Stop with npm run env:stop' );
				return;
			} catch ( error ) {
				lastError = error;
			}
		} else {
			lastError = new Error(
				`wp-env start exited with ${ started.status }`
			);
		}
		process.stderr.write(
			`env: start attempt ${ attempt } failed: ${ lastError.message }\n`
		);
		runWpEnv( [ 'stop', '--runtime=playground', '--config', configPath ] );
		await sleep( 2000 );
	}
	stopSandbox();
	fail(
		`could not start WordPress: ${ lastError?.message }. Log: ${ path.join( wpEnvWorkDir(), 'playground.log' ) }`
	);
}

async function start() {
	if ( dockerAvailable() ) {
		say(
			'Docker answers: starting wp-env with .wp-env.json (WordPress and WooCommerce from wordpress.org).'
		);
		fs.mkdirSync( instanceDir, { recursive: true } );
		// The WordPress container reaches the sandbox through host.docker.internal, not loopback.
		await startSandbox( {
			ECSTER_SANDBOX_HOST: '0.0.0.0',
			ECSTER_SANDBOX_ALLOW_REMOTE_CONTROL: '1',
		} );
		const result = spawnSync( process.execPath, [ wpEnvBin, 'start' ], {
			cwd: root,
			stdio: 'inherit',
		} );
		process.exit( result.status ?? 1 );
	}
	await startPlayground();
}

async function stop() {
	let stopped = false;
	if ( fs.existsSync( configPath ) && isAlive( playgroundPid() ) ) {
		const result = runWpEnv( [
			'stop',
			'--runtime=playground',
			'--config',
			configPath,
		] );
		if ( result.status !== 0 ) {
			fail( 'wp-env stop failed.' );
		}
		stopped = true;
	}
	if ( stopSandbox() ) {
		stopped = true;
	}
	say(
		stopped
			? `Stopped instance "${ envName }".`
			: `Instance "${ envName }" is not running; nothing to stop.`
	);
}

async function reset() {
	await stop();
	fs.rmSync( instanceDir, { recursive: true, force: true } );
	say(
		`Reset instance "${ envName }": its database, site copy and sandbox orders are gone. npm run env:start makes a fresh store.`
	);
}

async function status() {
	const wpRunning = isAlive( playgroundPid() );
	say( `instance:  ${ envName } (${ instanceDir })` );
	say(
		`WordPress: ${ wpRunning ? `running at ${ siteUrl }` : 'not running' }`
	);
	say(
		`sandbox:   ${ ( await sandboxHealthy() ) ? `running at ${ sandboxUrl }` : 'not running' }`
	);
	say(
		`core:      ${ wpVersion( coreDir ) ? `WordPress ${ wpVersion( coreDir ) } at ${ coreDir }` : `missing (${ coreDir })` }`
	);
	say(
		`woo:       ${ wcVersion( wcDir ) ? `WooCommerce ${ wcVersion( wcDir ) } at ${ wcDir }` : `missing (${ wcDir })` }`
	);
}

const commands = { start, stop, reset, status };
const command = process.argv[ 2 ];
if ( ! commands[ command ] ) {
	fail(
		`usage: node bin/env.mjs ${ Object.keys( commands ).join( '|' ) }`,
		2
	);
}
commands[ command ]().catch( ( error ) =>
	fail( error.stack || String( error ) )
);
