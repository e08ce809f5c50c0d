#!/usr/bin/env node
/**
 * The local environment: WordPress + WooCommerce + this plugin + the Ecster sandbox.
 *
 *   npm run env:start    start (or say it is already running)
 *   npm run env:stop     stop (or say it was not running)
 *   npm run env:reset    stop and forget the site's database and the sandbox's orders
 *   npm run env:status   what runs where, and on which runtime
 *
 * The runtime, chosen at start (ECSTER_OM_RUNTIME=docker|native|playground forces one):
 *   1. docker      when `docker info` answers: `wp-env start` with .wp-env.json (WordPress and
 *                  WooCommerce from wordpress.org), as online users start;
 *   2. native      when MariaDB's mysqld and PHP with mysqli are installed (`npm run setup` installs
 *                  them): the machine's PHP (built-in server, PHP_CLI_SERVER_WORKERS) and a MariaDB
 *                  of the instance's own, see bin/lib/native.mjs;
 *   3. playground  otherwise: wp-env's Playground runtime (PHP in WebAssembly, SQLite).
 * Native and Playground use a local WordPress core and WooCommerce named by these variables:
 *
 *   ECSTER_OM_HOME      default ~/.cache/ecster-om (XDG_CACHE_HOME respected)
 *   ECSTER_OM_WP_CORE   default $ECSTER_OM_HOME/wordpress    (prepared by `npm run setup`)
 *   ECSTER_OM_WC_DIR    default $ECSTER_OM_HOME/woocommerce  (the woocommerce plugin folder)
 *   ECSTER_OM_PLUGIN_DIR  the plugin folder to run, default plugin/ of this checkout (e.g. an
 *                       unzipped release: .../ecster-order-management)
 *   ECSTER_OM_ENV       name of the instance, default "dev" (tests use their own)
 *   WP_ENV_PORT         WordPress port, default 8888
 *   ECSTER_SANDBOX_PORT Ecster sandbox port, default 8790
 *   ECSTER_OM_DB_PORT   MariaDB port of a native instance, default WP_ENV_PORT + 10000
 *   ECSTER_OM_PHP_WORKERS  PHP workers of the native web server, default 4
 *   ECSTER_OM_DEMO_ORDERS  0 to start without the three demo orders
 *   ECSTER_OM_DEV_STORE 0 for a plain test site: the API points at the sandbox, but no
 *                       ECSTER_OM_SANDBOX_URL / ECSTER_OM_DEV_STORE (no demo orders, Manage orders off)
 *   ECSTER_OM_ORDER_STORAGE  how a new store keeps orders: hpos (default), posts (legacy, HPOS
 *                       off) or hpos-sync (HPOS with compatibility mode); written to wp-config.php
 *   ECSTER_OM_WORKERS   PHP workers of the Playground server, default 2 (bin/lib/playground-workers.cjs)
 *
 * `node bin/env.mjs site` (used by bin/test-php-integration.sh) prepares a native instance without
 * its web server and sandbox: MariaDB running and the store installed, ready for PHP in-process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	NativeSite,
	childrenOf,
	httpStatus as nativeHttpStatus,
	isAlive,
	isOurs,
	nativeSupport,
	portInUse,
	readPid,
	sleep,
	tail,
	waitFor,
} from './lib/native.mjs';

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
const pluginDir = path.resolve(
	process.env.ECSTER_OM_PLUGIN_DIR || path.join( root, 'plugin' )
);
const envName = process.env.ECSTER_OM_ENV || 'dev';
if ( ! /^[a-z0-9][a-z0-9-]{0,30}$/.test( envName ) ) {
	fail(
		`ECSTER_OM_ENV must be lower-case letters, digits and dashes, got "${ envName }".`
	);
}
const RUNTIMES = [ 'docker', 'native', 'playground' ];
const forcedRuntime = process.env.ECSTER_OM_RUNTIME || '';
if ( forcedRuntime && ! RUNTIMES.includes( forcedRuntime ) ) {
	fail(
		`ECSTER_OM_RUNTIME must be one of ${ RUNTIMES.join(
			', '
		) }, got "${ forcedRuntime }".`
	);
}
const devStore = process.env.ECSTER_OM_DEV_STORE !== '0';
const STORAGES = [ 'hpos', 'posts', 'hpos-sync' ];
const orderStorage = process.env.ECSTER_OM_ORDER_STORAGE || '';
if ( orderStorage && ! STORAGES.includes( orderStorage ) ) {
	fail(
		`ECSTER_OM_ORDER_STORAGE must be one of ${ STORAGES.join(
			', '
		) }, got "${ orderStorage }".`
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

// `npm run env:status | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on( 'error', ( error ) => {
	if ( error.code === 'EPIPE' ) {
		process.exit( 0 );
	}
	throw error;
} );

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
const pluginVersion = ( dir ) =>
	readVersion(
		path.join( dir, 'ecster-order-management.php' ),
		/^\s*\*\s*Version:\s*([0-9A-Za-z.-]+)/m
	);

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

/** wp-config.php constants of the instance's site (every runtime but Docker). */
function siteConstants() {
	const constants = {
		WP_ENVIRONMENT_TYPE: 'local',
		ECSTER_OM_API_URL: `${ sandboxUrl }/rest/public/`,
	};
	if ( devStore ) {
		constants.ECSTER_OM_SANDBOX_URL = sandboxUrl;
		constants.ECSTER_OM_DEV_STORE = true;
	}
	if ( orderStorage ) {
		// Read by tests/env/mu-plugins/ecster-om-test-env.php when it sets the store up.
		constants.ECSTER_OM_ORDER_STORAGE = orderStorage;
	}
	return {
		...constants,
		WP_DEBUG: true,
		WP_DEBUG_LOG: true,
		WP_DEBUG_DISPLAY: false,
		SCRIPT_DEBUG: false,
	};
}

let nativeSiteCache = null;
function nativeSite() {
	nativeSiteCache ||= new NativeSite( {
		instanceDir,
		siteDir,
		port,
		coreDir,
		wcDir,
		pluginDir,
		muPluginsDir: path.join( root, 'tests', 'env', 'mu-plugins' ),
		constants: siteConstants(),
		say,
	} );
	return nativeSiteCache;
}

/** The runtime an existing instance was made with, or null for a new instance. */
function instanceRuntime() {
	try {
		return JSON.parse(
			fs.readFileSync( path.join( instanceDir, 'runtime.json' ), 'utf8' )
		).runtime;
	} catch {
		return fs.existsSync( configPath ) ? 'playground' : null;
	}
}

function dockerAnswers() {
	const result = spawnSync( 'docker', [ 'info' ], {
		stdio: 'ignore',
		timeout: 10000,
	} );
	return result.status === 0;
}

/** [runtime, why]: ECSTER_OM_RUNTIME, else Docker when it answers, else native when installed, else Playground. */
function chooseRuntime() {
	if ( forcedRuntime ) {
		return [ forcedRuntime, 'ECSTER_OM_RUNTIME' ];
	}
	if ( dockerAnswers() ) {
		return [ 'docker', '`docker info` answers' ];
	}
	const support = nativeSupport();
	if ( support.ok ) {
		return [ 'native', 'MariaDB and PHP with mysqli are installed' ];
	}
	return [
		'playground',
		`no Docker, and the native runtime needs ${ support.missing.join(
			' '
		) } (npm run setup installs them)`,
	];
}

/** WordPress core, WooCommerce and the plugin (built) are there; returns their versions. */
function preflight() {
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
	if ( ! pluginVersion( pluginDir ) ) {
		fail(
			`no ecster-order-management.php in ${ pluginDir } (ECSTER_OM_PLUGIN_DIR names the plugin folder).`
		);
	}
	if (
		pluginDir === path.join( root, 'plugin' ) &&
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
	return { wp, wc };
}

/**
 * An instance keeps the runtime it was made with; another one needs env:reset first.
 * @param {string} runtime the runtime about to start
 */
function checkInstanceRuntime( runtime ) {
	const existing = instanceRuntime();
	if ( existing && existing !== runtime ) {
		fail(
			`instance "${ envName }" holds a ${ existing } store (${ instanceDir }); the ${ runtime } runtime cannot use it.\n` +
				`  npm run env:reset replaces it with a fresh ${ runtime } store, or ECSTER_OM_RUNTIME=${ existing } keeps using it.`
		);
	}
}

/* ------------------------------------------------------------------ sandbox */

async function sandboxHealthy() {
	return (
		( await httpStatus( `${ sandboxUrl }/sandbox/health`, 3000 ) ) === 200
	);
}

function sandboxPid() {
	const pid = readPid( sandboxPidFile );
	return isOurs( pid, 'ecster-sandbox' ) ? pid : null;
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
	fs.mkdirSync( instanceDir, { recursive: true } );
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
	fs.closeSync( out );
	fs.writeFileSync( sandboxPidFile, String( child.pid ) );
	try {
		await waitFor(
			'the Ecster sandbox',
			async () => {
				if ( ! isAlive( child.pid ) ) {
					throw new Error(
						`the sandbox exited:\n${ tail( sandboxLog ) }`
					);
				}
				return sandboxHealthy();
			},
			60000,
			250
		);
	} catch ( error ) {
		await stopSandbox();
		fail( `${ error.message }; see ${ sandboxLog }` );
	}
	say(
		`Ecster sandbox started at ${ sandboxUrl } (pid ${ child.pid }, log: ${ sandboxLog })`
	);
}

const groupAlive = ( pgid ) => {
	try {
		process.kill( -pgid, 0 );
		return true;
	} catch {
		return false;
	}
};

/** Stops the sandbox (tsx and the node process it runs: one process group); returns its pid. */
async function stopSandbox() {
	const pid = sandboxPid();
	if ( ! pid ) {
		fs.rmSync( sandboxPidFile, { force: true } );
		return null;
	}
	const kill = ( signal ) => {
		try {
			process.kill( -pid, signal );
		} catch {
			try {
				process.kill( pid, signal );
			} catch {
				// Gone.
			}
		}
	};
	kill( 'SIGTERM' );
	try {
		await waitFor(
			`the sandbox (pid ${ pid }) to exit`,
			() => ! groupAlive( pid ) && ! isAlive( pid ),
			10000,
			100
		);
	} catch {
		kill( 'SIGKILL' );
		await waitFor(
			`the sandbox (pid ${ pid }) to exit after SIGKILL`,
			() => ! groupAlive( pid ) && ! isAlive( pid ),
			10000,
			100
		);
	}
	fs.rmSync( sandboxPidFile, { force: true } );
	return pid;
}

/* --------------------------------------------------------------- demo orders */

/**
 * A ready-to-use store has a few Ecster orders waiting in Processing (only when it has none yet).
 * ECSTER_OM_DEMO_ORDERS=0 skips this (the browser tests make their own orders).
 */
function createDemoOrders() {
	if ( process.env.ECSTER_OM_DEMO_ORDERS === '0' || ! devStore ) {
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

function sayReady( setup, runtimeText ) {
	say( '' );
	say(
		`WordPress ${ setup.wp } + WooCommerce ${ setup.wc } (${ runtimeText }, HPOS ${
			setup.hpos ? 'on' : 'off'
		}${ setup.sync ? ', sync on' : '' }) is ready.`
	);
	say( `  Site:     ${ siteUrl }` );
	say( `  Admin:    ${ siteUrl }/wp-admin/  (admin / password)` );
	say(
		`  Orders:   ${ siteUrl }/wp-admin/${
			setup.hpos === false
				? 'edit.php?post_type=shop_order'
				: 'admin.php?page=wc-orders'
		}`
	);
	say(
		`  Sandbox:  ${ sandboxUrl }  (keys sandbox-api-key / sandbox-merchant)`
	);
	say(
		`  Settings: ${ siteUrl }/wp-admin/admin.php?page=wc-settings&tab=checkout&section=ecster`
	);
	say( '  Stop with npm run env:stop' );
}

/* -------------------------------------------------------------------- native */

function readSetupFile() {
	try {
		return JSON.parse(
			fs.readFileSync(
				path.join( siteDir, 'wp-content', 'ecster-om-test-env.json' ),
				'utf8'
			)
		);
	} catch {
		return null;
	}
}

/**
 * MariaDB running and the store installed (three attempts: start-up is retried, nothing else).
 * @param {boolean} withWeb also start the PHP web server
 */
async function bringUpNative( withWeb ) {
	const site = nativeSite();
	site.updateState( {
		runtime: 'native',
		port,
		sandboxPort,
		pluginDir,
		devStore,
	} );
	let lastError = null;
	for ( let attempt = 1; attempt <= 3; attempt++ ) {
		try {
			const installed = await site.startSite();
			if ( installed ) {
				say(
					`Installed WordPress, WooCommerce and the plugin in MariaDB (pid ${ site.dbPid() }, port ${ site.dbPort }).`
				);
			}
			if ( withWeb && ! site.webPid() ) {
				await site.startWeb();
			}
			return installed;
		} catch ( error ) {
			lastError = error;
			process.stderr.write(
				`env: start attempt ${ attempt } failed: ${ error.message }\n`
			);
			await site.stop();
		}
	}
	throw lastError;
}

async function startNative() {
	const site = nativeSite();
	const { support } = site;
	if ( ! support.ok ) {
		fail(
			`the native runtime needs ${ support.missing.join(
				' '
			) }: run npm run setup (as root it installs them), or apt-get install them.`
		);
	}
	checkInstanceRuntime( 'native' );
	const { wp, wc } = preflight();
	const webPid = site.webPid();
	const dbPid = site.dbPid();
	if ( webPid && dbPid ) {
		if ( ( await nativeHttpStatus( `${ siteUrl }/wp-login.php` ) ) > 0 ) {
			await startSandbox();
			say(
				`Already running: ${ siteUrl } (instance "${ envName }", native runtime: PHP server pid ${ webPid }, MariaDB pid ${ dbPid }). Nothing to do.`
			);
			return;
		}
		fail(
			`instance "${ envName }" has its processes (PHP server pid ${ webPid }, MariaDB pid ${ dbPid }) but ${ siteUrl } does not answer; run npm run env:stop first.`
		);
	}
	if ( ! webPid && ( await portInUse( port ) ) ) {
		fail(
			`port ${ port } is already in use by another program; set WP_ENV_PORT to a free port.`
		);
	}
	await startSandbox();
	const runtimeText = `native runtime: PHP ${ support.php } + MariaDB ${ support.mariadb }`;
	say(
		`Starting WordPress ${ wp } + WooCommerce ${ wc } (${ runtimeText }, instance "${ envName }") on ${ siteUrl }…`
	);
	try {
		await bringUpNative( true );
	} catch ( error ) {
		await site.stop();
		await stopSandbox();
		fail( `could not start WordPress: ${ error.message }` );
	}
	createDemoOrders();
	const setup = readSetupFile() || { wp, wc, hpos: true };
	sayReady(
		{ ...setup, wp, wc },
		`${ runtimeText }, ${ site.workers } PHP workers`
	);
}

/** `node bin/env.mjs site`: MariaDB + the installed store, no web server, no sandbox (integration tests). */
async function siteOnly() {
	const site = nativeSite();
	if ( ! site.support.ok ) {
		fail(
			`the native runtime needs ${ site.support.missing.join( ' ' ) }.`
		);
	}
	checkInstanceRuntime( 'native' );
	preflight();
	try {
		await bringUpNative( false );
	} catch ( error ) {
		await site.stop();
		fail( `could not prepare the site: ${ error.message }` );
	}
	say(
		`Site ${ siteDir } ready (MariaDB pid ${ site.dbPid() }, port ${ site.dbPort }, socket ${ site.socket }).`
	);
}

/* ---------------------------------------------------------------- playground */

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
				`--require=${ path.join(
					root,
					'bin',
					'lib',
					'playground-workers.cjs'
				) }`,
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
		if ( fs.readlinkSync( pluginLink ) !== pluginDir ) {
			fs.unlinkSync( pluginLink );
		}
	} catch {
		// No link yet.
	}
	if ( ! fs.existsSync( pluginLink ) ) {
		fs.symlinkSync( pluginDir, pluginLink, 'dir' );
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
		config: siteConstants(),
	};
	fs.writeFileSync( configPath, JSON.stringify( config, null, '\t' ) + '\n' );
	// Seed wp-env's cache so it never asks the network for the latest WordPress version.
	fs.mkdirSync( wpEnvWorkDir(), { recursive: true } );
	fs.writeFileSync(
		path.join( wpEnvWorkDir(), 'wp-env-cache.json' ),
		JSON.stringify( { latestWordPressVersion: wpVersion( coreDir ) } )
	);
}

async function waitForPlayground() {
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
		300000,
		500
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

async function startPlayground() {
	checkInstanceRuntime( 'playground' );
	const { wp, wc } = preflight();

	const pid = playgroundPid();
	if ( isAlive( pid ) ) {
		if ( ( await httpStatus( `${ siteUrl }/wp-login.php`, 30000 ) ) > 0 ) {
			await startSandbox();
			say(
				`Already running: ${ siteUrl } (instance "${ envName }", Playground runtime, pid ${ pid }). Nothing to do.`
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
		`Starting WordPress ${ wp } + WooCommerce ${ wc } (Playground runtime: PHP in WebAssembly + SQLite, instance "${ envName }") on ${ siteUrl }…`
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
				const setup = await waitForPlayground();
				createDemoOrders();
				sayReady(
					setup,
					`Playground runtime: PHP ${ setup.php } in WebAssembly + SQLite`
				);
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
	await stopSandbox();
	fail(
		`could not start WordPress: ${ lastError?.message }. Log: ${ path.join(
			wpEnvWorkDir(),
			'playground.log'
		) }`
	);
}

/* ------------------------------------------------------------------ commands */

async function start() {
	const [ runtime, why ] = chooseRuntime();
	say( `Runtime: ${ runtime } (${ why }).` );
	if ( runtime === 'docker' ) {
		say(
			'Starting wp-env with .wp-env.json (WordPress and WooCommerce from wordpress.org).'
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
	if ( runtime === 'native' ) {
		await startNative();
		return;
	}
	await startPlayground();
}

async function stop() {
	const stopped = [];
	const site = nativeSite();
	const webPid = site.webPid();
	if ( webPid ) {
		const workers = childrenOf( webPid );
		await site.stopWeb();
		stopped.push(
			`PHP web server (pid ${ webPid }${
				workers.length ? `, workers ${ workers.join( ' ' ) }` : ''
			})`
		);
	}
	const dbPid = site.dbPid();
	if ( dbPid ) {
		await site.stopDatabase();
		stopped.push( `MariaDB (pid ${ dbPid })` );
	}
	const pgPid = playgroundPid();
	if ( fs.existsSync( configPath ) && isAlive( pgPid ) ) {
		const result = runWpEnv( [
			'stop',
			'--runtime=playground',
			'--config',
			configPath,
		] );
		if ( result.status !== 0 ) {
			fail( 'wp-env stop failed.' );
		}
		stopped.push( `Playground (pid ${ pgPid })` );
	}
	const sbPid = await stopSandbox();
	if ( sbPid ) {
		stopped.push( `Ecster sandbox (pid ${ sbPid })` );
	}
	say(
		stopped.length
			? `Stopped instance "${ envName }": ${ stopped.join( ', ' ) }.`
			: `Instance "${ envName }" is not running; nothing to stop.`
	);
}

async function reset() {
	await stop();
	fs.rmSync( instanceDir, { recursive: true, force: true } );
	// A socket outside the instance folder (long ECSTER_OM_HOME) goes too.
	fs.rmSync( nativeSite().socket, { force: true } );
	say(
		`Reset instance "${ envName }": its database, site copy and sandbox orders are gone. npm run env:start makes a fresh store.`
	);
}

async function status() {
	const existing = instanceRuntime();
	say( `instance:  ${ envName } (${ instanceDir })` );
	if ( existing ) {
		say( `runtime:   ${ existing }` );
	} else {
		const [ runtime, why ] = chooseRuntime();
		say(
			`runtime:   none yet (env:start would use ${ runtime }: ${ why })`
		);
	}
	const site = nativeSite();
	const webPid = site.webPid();
	const pgPid = isAlive( playgroundPid() ) ? playgroundPid() : null;
	if ( webPid ) {
		const workers = childrenOf( webPid );
		say(
			`WordPress: running at ${ siteUrl } (PHP built-in server pid ${ webPid }, workers ${
				workers.join( ' ' ) || 'none'
			})`
		);
	} else if ( pgPid ) {
		say( `WordPress: running at ${ siteUrl } (Playground pid ${ pgPid })` );
	} else {
		say( 'WordPress: not running' );
	}
	if ( existing === 'native' || site.dbPid() ) {
		const dbPid = site.dbPid();
		say(
			`database:  ${
				dbPid
					? `MariaDB running (pid ${ dbPid }, 127.0.0.1:${ site.dbPort }, socket ${ site.socket })`
					: 'MariaDB not running'
			}`
		);
	}
	const sbPid = sandboxPid();
	say(
		`sandbox:   ${
			( await sandboxHealthy() )
				? `running at ${ sandboxUrl }${
						sbPid
							? ` (pid ${ sbPid })`
							: ' (not started by this instance)'
					}`
				: 'not running'
		}`
	);
	say(
		`core:      ${
			wpVersion( coreDir )
				? `WordPress ${ wpVersion( coreDir ) } at ${ coreDir }`
				: `missing (${ coreDir })`
		}`
	);
	say(
		`woo:       ${
			wcVersion( wcDir )
				? `WooCommerce ${ wcVersion( wcDir ) } at ${ wcDir }`
				: `missing (${ wcDir })`
		}`
	);
	say(
		`plugin:    ${
			pluginVersion( pluginDir )
				? `Ecster Order Management ${ pluginVersion(
						pluginDir
					) } at ${ pluginDir }`
				: `missing (${ pluginDir })`
		}`
	);
}

const commands = { start, stop, reset, status, site: siteOnly };
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
