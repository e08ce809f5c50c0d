/**
 * The native runtime of bin/env.mjs: WordPress + WooCommerce on the machine's own PHP and a
 * project-owned MariaDB, one of each per instance.
 *
 * Everything an instance has lives in its folder ($ECSTER_OM_HOME/instances/<name>/):
 *
 *   wordpress/           a copy of the WordPress core, with wp-config.php written here and
 *                        symlinks to WooCommerce, this plugin and tests/env/mu-plugins
 *   native/mysql/        MariaDB's data folder (never the system's: mysqld runs with --no-defaults)
 *   native/mysqld.*      its socket, pid file and log
 *   native/php-server.*  pid file and log of PHP's built-in web server (PHP_CLI_SERVER_WORKERS)
 *   runtime.json         the runtime the instance was made with, its ports and its keys
 *
 * Processes are started detached and stopped by their own pid (and the web server's workers by
 * theirs); a pid is only signalled when its command line is still the one started here.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname( fileURLToPath( import.meta.url ) );
const installScript = path.join( here, 'native-install.php' );
const DB_NAME = 'wordpress';
const DB_USER = 'wordpress';
const DB_PASSWORD = 'wordpress';
// There is no mail server: PHP's mail() hands WooCommerce's mails to a program that accepts them.
const noMail = findProgram( [ 'true' ] ) || '/bin/true';

export const sleep = ( ms ) =>
	new Promise( ( resolve ) => setTimeout( resolve, ms ) );

/**
 * Waits until check() is true; throws after timeoutMs. check() may throw to give up early.
 * @param {string}   what       what is waited for (for the error message)
 * @param {Function} check      returns (a promise of) true when done
 * @param {number}   timeoutMs  how long to wait at most
 * @param {number}   intervalMs pause between checks
 */
export async function waitFor( what, check, timeoutMs, intervalMs = 250 ) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if ( await check() ) {
			return;
		}
		if ( Date.now() > deadline ) {
			throw new Error(
				`timed out after ${ Math.round(
					timeoutMs / 1000
				) } s waiting for ${ what }`
			);
		}
		await sleep( intervalMs );
	}
}

/**
 * The full path of the first of the programs found in PATH or the sbin folders.
 * @param {string[]} names program names, preferred first
 */
export function findProgram( names ) {
	const dirs = [
		...( process.env.PATH || '' ).split( path.delimiter ),
		'/usr/local/sbin',
		'/usr/sbin',
		'/sbin',
	].filter( Boolean );
	for ( const name of names ) {
		for ( const dir of dirs ) {
			const candidate = path.join( dir, name );
			try {
				fs.accessSync( candidate, fs.constants.X_OK );
				if ( fs.statSync( candidate ).isFile() ) {
					return candidate;
				}
			} catch {
				// Not here.
			}
		}
	}
	return null;
}

/**
 * What the native runtime needs and what is missing, as Debian package names.
 *
 * @return {{ok: boolean, missing: string[], programs: Object, php: string|null, mariadb: string|null}} ok when a store can run
 */
export function nativeSupport() {
	const programs = {
		mysqld: findProgram( [ 'mariadbd', 'mysqld' ] ),
		installDb: findProgram( [ 'mariadb-install-db', 'mysql_install_db' ] ),
		mysql: findProgram( [ 'mariadb', 'mysql' ] ),
		mysqladmin: findProgram( [ 'mariadb-admin', 'mysqladmin' ] ),
		php: findProgram( [ 'php' ] ),
	};
	const missing = [];
	if (
		! programs.mysqld ||
		! programs.installDb ||
		! programs.mysql ||
		! programs.mysqladmin
	) {
		missing.push( 'mariadb-server' );
	}
	let php = null;
	if ( programs.php ) {
		const probe = spawnSync(
			programs.php,
			[
				'-r',
				'echo PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION, " ", PHP_VERSION, " ", implode( ",", get_loaded_extensions() );',
			],
			{ encoding: 'utf8', timeout: 20000 }
		);
		const [ series, version, list = '' ] = ( probe.stdout || '' ).split(
			' '
		);
		php = version || null;
		const extensions = list.toLowerCase().split( ',' );
		for ( const [ extension, suffix ] of [
			[ 'mysqli', 'mysql' ],
			[ 'curl', 'curl' ],
			[ 'gd', 'gd' ],
			[ 'zip', 'zip' ],
		] ) {
			if ( ! extensions.includes( extension ) ) {
				missing.push( `php${ series || '8.2' }-${ suffix }` );
			}
		}
	} else {
		missing.push(
			'php8.2-cli',
			'php8.2-mysql',
			'php8.2-curl',
			'php8.2-gd',
			'php8.2-zip'
		);
	}
	let mariadb = null;
	if ( programs.mysqld ) {
		const probe = spawnSync( programs.mysqld, [ '--version' ], {
			encoding: 'utf8',
			timeout: 20000,
		} );
		// "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu …" → 10.11.19
		mariadb =
			( probe.stdout || '' ).match( /Ver\s+([0-9.]+)/ )?.[ 1 ] ||
			'unknown';
	}
	// mysqld and PHP with mysqli are what a store cannot do without; curl, gd and zip are
	// installed by `npm run setup` too, but WordPress runs (with less) without them.
	const essential = missing.filter(
		( p ) => p === 'mariadb-server' || /-(cli|mysql)$/.test( p )
	);
	return {
		ok: essential.length === 0,
		missing,
		programs,
		php,
		mariadb,
	};
}

export function isAlive( pid ) {
	if ( ! pid ) {
		return false;
	}
	try {
		process.kill( pid, 0 );
	} catch ( error ) {
		return error.code === 'EPERM';
	}
	// A zombie (exited, not yet reaped) is not running.
	try {
		const stat = fs.readFileSync( `/proc/${ pid }/stat`, 'utf8' );
		return stat.slice( stat.lastIndexOf( ')' ) + 2 )[ 0 ] !== 'Z';
	} catch {
		return true;
	}
}

export function readPid( file ) {
	try {
		const pid = parseInt( fs.readFileSync( file, 'utf8' ).trim(), 10 );
		return Number.isInteger( pid ) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

/**
 * The command line of a process, or null (gone, or no /proc and no ps).
 * @param {number} pid process id
 */
export function commandLine( pid ) {
	try {
		return fs
			.readFileSync( `/proc/${ pid }/cmdline`, 'utf8' )
			.split( '\0' )
			.join( ' ' );
	} catch {
		const ps = spawnSync( 'ps', [ '-o', 'args=', '-p', String( pid ) ], {
			encoding: 'utf8',
		} );
		return ps.status === 0 ? ps.stdout.trim() : null;
	}
}

/**
 * A live process whose command line still contains marker (a pid file may outlive its process).
 * @param {number} pid    process id
 * @param {string} marker part of the command line it was started with
 */
export function isOurs( pid, marker ) {
	if ( ! isAlive( pid ) ) {
		return false;
	}
	const cmd = commandLine( pid );
	return cmd === null || cmd.includes( marker );
}

/**
 * The pids of the direct children of a process.
 * @param {number} pid process id
 */
export function childrenOf( pid ) {
	try {
		const children = [];
		for ( const entry of fs.readdirSync( '/proc' ) ) {
			if ( ! /^\d+$/.test( entry ) ) {
				continue;
			}
			try {
				const stat = fs.readFileSync( `/proc/${ entry }/stat`, 'utf8' );
				const fields = stat
					.slice( stat.lastIndexOf( ')' ) + 2 )
					.split( ' ' );
				if ( Number( fields[ 1 ] ) === pid ) {
					children.push( Number( entry ) );
				}
			} catch {
				// Gone meanwhile.
			}
		}
		return children;
	} catch {
		const pgrep = spawnSync( 'pgrep', [ '-P', String( pid ) ], {
			encoding: 'utf8',
		} );
		return ( pgrep.stdout || '' )
			.split( /\s+/ )
			.filter( Boolean )
			.map( Number );
	}
}

function signal( pid, name ) {
	try {
		process.kill( pid, name );
	} catch {
		// Already gone.
	}
}

/**
 * SIGTERM, wait until every pid is gone, SIGKILL what is left after graceMs.
 * @param {number[]} pids    processes to stop
 * @param {number}   graceMs how long they may take before SIGKILL
 */
export async function terminate( pids, graceMs ) {
	pids = pids.filter( isAlive );
	for ( const pid of pids ) {
		signal( pid, 'SIGTERM' );
	}
	try {
		await waitFor(
			`pids ${ pids.join( ', ' ) } to exit`,
			() => pids.every( ( pid ) => ! isAlive( pid ) ),
			graceMs,
			100
		);
	} catch {
		for ( const pid of pids.filter( isAlive ) ) {
			signal( pid, 'SIGKILL' );
		}
		await waitFor(
			`pids ${ pids.join( ', ' ) } to exit after SIGKILL`,
			() => pids.every( ( pid ) => ! isAlive( pid ) ),
			10000,
			100
		);
	}
}

export function portInUse( port ) {
	return new Promise( ( resolve ) => {
		const socket = net.connect( { host: '127.0.0.1', port } );
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

export function freePort() {
	return new Promise( ( resolve, reject ) => {
		const server = net.createServer();
		server.once( 'error', reject );
		server.listen( 0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close( () => resolve( port ) );
		} );
	} );
}

export function tail( file, lines = 20 ) {
	try {
		return fs
			.readFileSync( file, 'utf8' )
			.trimEnd()
			.split( '\n' )
			.slice( -lines )
			.join( '\n' );
	} catch {
		return `(no ${ file })`;
	}
}

const phpString = ( value ) =>
	`'${ String( value ).replace( /\\/g, '\\\\' ).replace( /'/g, "\\'" ) }'`;
const phpValue = ( value ) =>
	typeof value === 'boolean' || typeof value === 'number'
		? String( value )
		: phpString( value );

/** One instance of the native runtime. */
export class NativeSite {
	/**
	 * @param {Object}   options
	 * @param {string}   options.instanceDir  $ECSTER_OM_HOME/instances/<name>
	 * @param {string}   options.siteDir      the WordPress folder of the instance
	 * @param {number}   options.port         the web server's port (the site is http://localhost:port)
	 * @param {string}   options.coreDir      the WordPress core to copy
	 * @param {string}   options.wcDir        the woocommerce plugin folder
	 * @param {string}   options.pluginDir    this plugin's folder (plugin/ or an unzipped release)
	 * @param {string}   options.muPluginsDir tests/env/mu-plugins
	 * @param {Object}   options.constants    wp-config.php constants (besides the database's)
	 * @param {Function} options.say          prints one line
	 */
	constructor( options ) {
		Object.assign( this, options );
		this.dir = path.join( this.instanceDir, 'native' );
		this.dataDir = path.join( this.dir, 'mysql' );
		this.dbPidFile = path.join( this.dir, 'mysqld.pid' );
		this.dbLog = path.join( this.dir, 'mysqld.log' );
		this.webPidFile = path.join( this.dir, 'php-server.pid' );
		this.webLog = path.join( this.dir, 'php-server.log' );
		this.installLog = path.join( this.dir, 'install.log' );
		this.statePath = path.join( this.instanceDir, 'runtime.json' );
		this.support = nativeSupport();
		this.workers = process.env.ECSTER_OM_PHP_WORKERS || '4';
	}

	get siteUrl() {
		return `http://localhost:${ this.port }`;
	}

	/** A Unix socket path must stay under ~108 bytes; a long ECSTER_OM_HOME gets one in the temp folder. */
	get socket() {
		const inside = path.join( this.dir, 'mysqld.sock' );
		if ( Buffer.byteLength( inside ) < 100 ) {
			return inside;
		}
		const hash = crypto
			.createHash( 'md5' )
			.update( this.dir )
			.digest( 'hex' )
			.slice( 0, 12 );
		return path.join( os.tmpdir(), `ecster-om-mysqld-${ hash }.sock` );
	}

	readState() {
		try {
			return JSON.parse( fs.readFileSync( this.statePath, 'utf8' ) );
		} catch {
			return null;
		}
	}

	writeState( state ) {
		fs.mkdirSync( this.instanceDir, { recursive: true } );
		fs.writeFileSync(
			this.statePath,
			JSON.stringify( state, null, '\t' ) + '\n'
		);
	}

	updateState( changes ) {
		const state = { ...( this.readState() || {} ), ...changes };
		this.writeState( state );
		return state;
	}

	dbPid() {
		const pid = readPid( this.dbPidFile );
		return isOurs( pid, this.dataDir ) ? pid : null;
	}

	webPid() {
		const pid = readPid( this.webPidFile );
		return isOurs( pid, this.siteDir ) ? pid : null;
	}

	get dbPort() {
		return this.readState()?.dbPort;
	}

	/** The database port: ECSTER_OM_DB_PORT, else the one the instance had, else the web port ± 10000, else any free one. */
	async chooseDbPort() {
		if ( process.env.ECSTER_OM_DB_PORT ) {
			return Number( process.env.ECSTER_OM_DB_PORT );
		}
		const candidates = [
			this.readState()?.dbPort,
			this.port + 10000 <= 65535 ? this.port + 10000 : this.port - 10000,
		].filter( Boolean );
		for ( const candidate of candidates ) {
			if ( ! ( await portInUse( candidate ) ) ) {
				return candidate;
			}
		}
		return freePort();
	}

	mysqlArgs() {
		return [ '--no-defaults', `--socket=${ this.socket }`, '--user=root' ];
	}

	/**
	 * Runs SQL as MariaDB's root over the instance's socket.
	 * @param {string} statements SQL
	 */
	sql( statements ) {
		const result = spawnSync(
			this.support.programs.mysql,
			[ ...this.mysqlArgs(), '-e', statements ],
			{ encoding: 'utf8', timeout: 60000 }
		);
		if ( result.status !== 0 ) {
			throw new Error(
				`MariaDB refused: ${ ( result.stderr || '' ).trim() }`
			);
		}
		return result.stdout;
	}

	dbAnswers() {
		const result = spawnSync(
			this.support.programs.mysqladmin,
			[ ...this.mysqlArgs(), '--connect-timeout=2', 'ping' ],
			{ stdio: 'ignore', timeout: 10000 }
		);
		return result.status === 0;
	}

	async startDatabase() {
		const user = os.userInfo().username;
		fs.mkdirSync( this.dir, { recursive: true } );
		if ( ! fs.existsSync( path.join( this.dataDir, 'mysql' ) ) ) {
			fs.rmSync( this.dataDir, { recursive: true, force: true } );
			const init = spawnSync(
				this.support.programs.installDb,
				[
					'--no-defaults',
					`--user=${ user }`,
					`--datadir=${ this.dataDir }`,
					'--auth-root-authentication-method=normal',
					'--skip-test-db',
					'--innodb-log-file-size=32M',
				],
				{ encoding: 'utf8', timeout: 180000 }
			);
			fs.writeFileSync(
				path.join( this.dir, 'mysql-install-db.log' ),
				`${ init.stdout || '' }${ init.stderr || '' }`
			);
			if ( init.status !== 0 ) {
				fs.rmSync( this.dataDir, { recursive: true, force: true } );
				throw new Error(
					`mariadb-install-db failed; see ${ path.join(
						this.dir,
						'mysql-install-db.log'
					) }`
				);
			}
			// A new data folder holds no store yet.
			this.updateState( { installed: null } );
		}
		const dbPort = await this.chooseDbPort();
		this.updateState( { dbPort } );
		fs.rmSync( this.socket, { force: true } );
		const out = fs.openSync( this.dbLog, 'a' );
		const child = spawn(
			this.support.programs.mysqld,
			[
				'--no-defaults',
				`--user=${ user }`,
				`--datadir=${ this.dataDir }`,
				`--socket=${ this.socket }`,
				`--port=${ dbPort }`,
				'--bind-address=127.0.0.1',
				`--pid-file=${ this.dbPidFile }`,
				`--log-error=${ this.dbLog }`,
				'--skip-log-bin',
				'--skip-name-resolve',
				'--innodb-log-file-size=32M',
				'--innodb-buffer-pool-size=128M',
				// A development store: a crash may lose the last second, never a test's result.
				'--innodb-flush-log-at-trx-commit=2',
				'--character-set-server=utf8mb4',
				'--collation-server=utf8mb4_unicode_ci',
			],
			{ detached: true, stdio: [ 'ignore', out, out ] }
		);
		child.unref();
		fs.closeSync( out );
		// mysqld writes the same pid into its pid file once it runs; write it now so stop finds it.
		fs.writeFileSync( this.dbPidFile, `${ child.pid }\n` );
		await waitFor(
			`MariaDB on ${ this.socket }`,
			() => {
				if ( ! isAlive( child.pid ) ) {
					throw new Error(
						`mysqld exited; last lines of ${ this.dbLog }:\n${ tail(
							this.dbLog
						) }`
					);
				}
				return this.dbAnswers();
			},
			120000,
			200
		);
		this.sql(
			`CREATE DATABASE IF NOT EXISTS ${ DB_NAME } CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;` +
				`CREATE USER IF NOT EXISTS '${ DB_USER }'@'localhost' IDENTIFIED BY '${ DB_PASSWORD }';` +
				`CREATE USER IF NOT EXISTS '${ DB_USER }'@'127.0.0.1' IDENTIFIED BY '${ DB_PASSWORD }';` +
				`GRANT ALL ON ${ DB_NAME }.* TO '${ DB_USER }'@'localhost';` +
				`GRANT ALL ON ${ DB_NAME }.* TO '${ DB_USER }'@'127.0.0.1';`
		);
		return child.pid;
	}

	async stopDatabase() {
		const pid = this.dbPid();
		if ( pid ) {
			await terminate( [ pid ], 60000 );
		}
		fs.rmSync( this.dbPidFile, { force: true } );
		return Boolean( pid );
	}

	/** The site folder: a copy of the core, with links to WooCommerce, the plugin and the mu-plugins. */
	prepareSiteFolder() {
		if (
			! fs.existsSync(
				path.join( this.siteDir, 'wp-includes', 'version.php' )
			)
		) {
			fs.rmSync( this.siteDir, { recursive: true, force: true } );
			fs.mkdirSync( path.dirname( this.siteDir ), { recursive: true } );
			fs.cpSync( this.coreDir, this.siteDir, {
				recursive: true,
				verbatimSymlinks: true,
			} );
			fs.rmSync( path.join( this.siteDir, 'wp-config.php' ), {
				force: true,
			} );
		}
		const content = path.join( this.siteDir, 'wp-content' );
		fs.mkdirSync( path.join( content, 'plugins' ), { recursive: true } );
		link( this.wcDir, path.join( content, 'plugins', 'woocommerce' ) );
		link(
			this.pluginDir,
			path.join( content, 'plugins', 'ecster-order-management' )
		);
		link( this.muPluginsDir, path.join( content, 'mu-plugins' ) );
	}

	/** wp-config.php, written on every start (ports and URLs may change); the keys stay. */
	writeConfig() {
		let state = this.readState() || {};
		if ( ! state.salts ) {
			state = this.updateState( {
				salts: Object.fromEntries(
					[
						'AUTH_KEY',
						'SECURE_AUTH_KEY',
						'LOGGED_IN_KEY',
						'NONCE_KEY',
						'AUTH_SALT',
						'SECURE_AUTH_SALT',
						'LOGGED_IN_SALT',
						'NONCE_SALT',
					].map( ( name ) => [
						name,
						crypto.randomBytes( 48 ).toString( 'base64' ),
					] )
				),
			} );
		}
		const constants = {
			DB_NAME,
			DB_USER,
			DB_PASSWORD,
			DB_HOST: `localhost:${ this.socket }`,
			DB_CHARSET: 'utf8mb4',
			DB_COLLATE: '',
			WP_HOME: this.siteUrl,
			WP_SITEURL: this.siteUrl,
			...state.salts,
			...this.constants,
		};
		const lines = [
			'<?php',
			'/**',
			' * Written by bin/env.mjs (native runtime) on every start; edits are lost.',
			' * Instance folder: ' + this.instanceDir,
			' */',
			...Object.entries( constants ).map(
				( [ name, value ] ) =>
					`define( ${ phpString( name ) }, ${ phpValue( value ) } );`
			),
			"$table_prefix = 'wp_';",
			"if ( ! defined( 'ABSPATH' ) ) {",
			"\tdefine( 'ABSPATH', __DIR__ . '/' );",
			'}',
			"require_once ABSPATH . 'wp-settings.php';",
			'',
		];
		fs.writeFileSync(
			path.join( this.siteDir, 'wp-config.php' ),
			lines.join( '\n' )
		);
	}

	/**
	 * Runs one step of bin/lib/native-install.php; returns what it printed last (JSON).
	 * @param {string} step install, activate or setup
	 */
	runInstallStep( step ) {
		const result = spawnSync(
			this.support.programs.php,
			[
				'-d',
				`sendmail_path=${ noMail }`,
				'-d',
				'memory_limit=512M',
				installScript,
				step,
				this.siteDir,
				`localhost:${ this.port }`,
			],
			{ encoding: 'utf8', timeout: 300000 }
		);
		fs.appendFileSync(
			this.installLog,
			`--- ${ step } (exit ${ result.status })\n${ result.stdout || '' }${
				result.stderr || ''
			}\n`
		);
		const last = ( result.stdout || '' ).trim().split( '\n' ).pop() || '';
		let answer = null;
		try {
			answer = JSON.parse( last );
		} catch {
			// Not JSON: a PHP error, shown below.
		}
		if ( result.status !== 0 || ! answer?.ok ) {
			throw new Error(
				`installing the store failed at "${ step }": ${
					answer?.error ||
					( result.stdout + result.stderr ).trim().slice( -1500 )
				} (log: ${ this.installLog })`
			);
		}
		return answer;
	}

	/** WordPress installed, WooCommerce and the plugin active, the store set up (once per instance). */
	install() {
		const state = this.readState() || {};
		if ( state.installed ) {
			return null;
		}
		this.sql(
			`DROP DATABASE IF EXISTS ${ DB_NAME }; CREATE DATABASE ${ DB_NAME } CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`
		);
		fs.rmSync( this.installLog, { force: true } );
		fs.rmSync(
			path.join( this.siteDir, 'wp-content', 'ecster-om-test-env.json' ),
			{ force: true }
		);
		this.runInstallStep( 'install' );
		this.runInstallStep( 'activate' );
		const setup = this.runInstallStep( 'setup' );
		this.updateState( { installed: new Date().toISOString() } );
		return setup;
	}

	async startWeb() {
		const out = fs.openSync( this.webLog, 'a' );
		const child = spawn(
			this.support.programs.php,
			[
				// WooCommerce mails every status change; there is no mail server here.
				'-d',
				`sendmail_path=${ noMail }`,
				'-d',
				'memory_limit=512M',
				'-S',
				`127.0.0.1:${ this.port }`,
				'-t',
				this.siteDir,
			],
			{
				cwd: this.siteDir,
				detached: true,
				stdio: [ 'ignore', out, out ],
				env: {
					...process.env,
					PHP_CLI_SERVER_WORKERS: this.workers,
				},
			}
		);
		child.unref();
		fs.closeSync( out );
		fs.writeFileSync( this.webPidFile, `${ child.pid }\n` );
		await waitFor(
			`${ this.siteUrl }/wp-login.php to answer 200`,
			async () => {
				if ( ! isAlive( child.pid ) ) {
					throw new Error(
						`the PHP web server exited; last lines of ${
							this.webLog
						}:\n${ tail( this.webLog ) }`
					);
				}
				return (
					( await httpStatus( `${ this.siteUrl }/wp-login.php` ) ) ===
					200
				);
			},
			120000,
			200
		);
		return child.pid;
	}

	/** The workers (children of the master), then the master. */
	async stopWeb() {
		const pid = this.webPid();
		if ( pid ) {
			const workers = childrenOf( pid );
			await terminate( workers, 10000 );
			await terminate( [ pid ], 10000 );
		}
		fs.rmSync( this.webPidFile, { force: true } );
		return Boolean( pid );
	}

	/** Everything but the web server: MariaDB running, the site installed. */
	async startSite() {
		if ( ! this.dbPid() ) {
			await this.startDatabase();
		}
		this.prepareSiteFolder();
		this.writeConfig();
		return this.install();
	}

	async stop() {
		const web = await this.stopWeb();
		const db = await this.stopDatabase();
		return web || db;
	}
}

function link( target, where ) {
	try {
		const stat = fs.lstatSync( where );
		if ( stat.isSymbolicLink() && fs.readlinkSync( where ) === target ) {
			return;
		}
		fs.rmSync( where, { recursive: true, force: true } );
	} catch {
		// Nothing there yet.
	}
	fs.symlinkSync( target, where, 'dir' );
}

export async function httpStatus( url, timeoutMs = 30000 ) {
	try {
		const response = await fetch( url, {
			redirect: 'manual',
			signal: AbortSignal.timeout( timeoutMs ),
		} );
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}
