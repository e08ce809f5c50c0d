#!/usr/bin/env node
/**
 * Downloads the tested WordPress core or WooCommerce from wordpress.org and checks it before it
 * is put in place (used by bin/setup-wordpress.sh when the internet is reachable).
 *
 *   node bin/lib/fetch-wordpress.mjs core        <dest-folder> [version, default 6.9]
 *   node bin/lib/fetch-wordpress.mjs woocommerce <dest-folder> [version, default 9.9.5]
 *
 * WordPress: https://wordpress.org/wordpress-<version>.zip; the zip's SHA-1 against the published
 * wordpress-<version>.zip.sha1, then every file's MD5 against api.wordpress.org's
 * core/checksums/1.0/?version=<version>&locale=en_US (what `wp core verify-checksums` uses), and
 * wp-includes/version.php must name the version.
 * WooCommerce: https://downloads.wordpress.org/plugin/woocommerce.<version>.zip; its layout (one
 * folder woocommerce/ with woocommerce.php naming the version), then every file's SHA-256 against
 * downloads.wordpress.org/plugin-checksums/woocommerce/<version>.json (what
 * `wp plugin verify-checksums` uses), no file missing.
 *
 * The destination is replaced only after every check passed. Downloads use curl (proxies from the
 * environment are honoured). Exit codes: 0 done, 2 wordpress.org not reachable (the caller falls
 * back to its offline sources), 1 reached but the download or a check failed (nothing changed).
 *
 * Test hooks: ECSTER_OM_WPORG_DOWNLOADS (default https://wordpress.org), ECSTER_OM_WPORG_API
 * (https://api.wordpress.org), ECSTER_OM_WPORG_PLUGINS (https://downloads.wordpress.org).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TESTED = { core: '6.9', woocommerce: '9.9.5' };
const DOWNLOADS = (
	process.env.ECSTER_OM_WPORG_DOWNLOADS || 'https://wordpress.org'
).replace( /\/$/, '' );
const API = (
	process.env.ECSTER_OM_WPORG_API || 'https://api.wordpress.org'
).replace( /\/$/, '' );
const PLUGINS = (
	process.env.ECSTER_OM_WPORG_PLUGINS || 'https://downloads.wordpress.org'
).replace( /\/$/, '' );

const OFFLINE = 2;
const FAILED = 1;

class Stop extends Error {
	constructor( code, message ) {
		super( message );
		this.code = code;
	}
}

const say = ( message ) => console.log( `[fetch-wordpress] ${ message }` );

/**
 * curl's exit codes for "could not get there": no DNS, no connection, timeout, proxy/TLS failure.
 */
const UNREACHABLE_CURL = new Set( [ 5, 6, 7, 28, 35, 52, 56 ] );

/**
 * Downloads `url` to `file`; null when the server answered 404.
 *
 * @param {string} url  Address.
 * @param {string} file Where to write.
 */
function download( url, file ) {
	const result = spawnSync(
		'curl',
		[
			'-sS',
			'-L',
			'--fail',
			'--connect-timeout',
			'10',
			'--max-time',
			'600',
			'-o',
			file,
			'-w',
			'%{http_code}',
			url,
		],
		{ encoding: 'utf8' }
	);
	if ( 0 === result.status ) {
		return file;
	}
	if ( UNREACHABLE_CURL.has( result.status ) ) {
		throw new Stop(
			OFFLINE,
			`${ url } is not reachable (${ ( result.stderr || '' ).trim() || `curl exit ${ result.status }` })`
		);
	}
	if ( '404' === ( result.stdout || '' ).trim() ) {
		return null;
	}
	throw new Stop(
		FAILED,
		`downloading ${ url } failed: ${ ( result.stderr || '' ).trim() || `curl exit ${ result.status }` }`
	);
}

function json( url, tmp ) {
	const file = download(
		url,
		path.join(
			tmp,
			`${ createHash( 'md5' ).update( url ).digest( 'hex' ) }.json`
		)
	);
	if ( null === file ) {
		return null;
	}
	try {
		return JSON.parse( fs.readFileSync( file, 'utf8' ) );
	} catch {
		throw new Stop( FAILED, `${ url } did not answer JSON` );
	}
}

const hash = ( algorithm, file ) =>
	createHash( algorithm ).update( fs.readFileSync( file ) ).digest( 'hex' );

function unzip( zip, into ) {
	fs.mkdirSync( into, { recursive: true } );
	const tool =
		spawnSync( 'unzip', [ '-v' ], { stdio: 'ignore' } ).status === 0
			? [ 'unzip', [ '-q', zip, '-d', into ] ]
			: [ 'python3', [ '-m', 'zipfile', '-e', zip, into ] ];
	try {
		execFileSync( tool[ 0 ], tool[ 1 ], {
			stdio: [ 'ignore', 'ignore', 'pipe' ],
		} );
	} catch ( error ) {
		throw new Stop(
			FAILED,
			`${ path.basename( zip ) } could not be unzipped: ${ String( error.stderr || error.message ).trim() }`
		);
	}
}

function files( dir, base = dir ) {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const full = path.join( dir, entry.name );
			if ( entry.isDirectory() ) {
				return files( full, base );
			}
			return entry.isFile()
				? [ path.relative( base, full ).split( path.sep ).join( '/' ) ]
				: [];
		} );
}

function replace( from, dest ) {
	fs.mkdirSync( path.dirname( path.resolve( dest ) ), { recursive: true } );
	const old = `${ dest }.old-${ process.pid }`;
	if ( fs.existsSync( dest ) ) {
		fs.renameSync( dest, old );
	}
	try {
		fs.renameSync( from, dest );
	} catch {
		fs.cpSync( from, dest, { recursive: true } );
	}
	fs.rmSync( old, { recursive: true, force: true } );
}

function core( dest, version, tmp ) {
	const checksumsUrl = `${ API }/core/checksums/1.0/?version=${ encodeURIComponent( version ) }&locale=en_US`;
	const answer = json( checksumsUrl, tmp );
	const checksums = answer?.checksums?.[ version ] ?? answer?.checksums;
	if (
		! checksums ||
		'object' !== typeof checksums ||
		0 === Object.keys( checksums ).length
	) {
		throw new Stop(
			FAILED,
			`api.wordpress.org has no checksums for WordPress ${ version } (${ checksumsUrl })`
		);
	}
	const zipUrl = `${ DOWNLOADS }/wordpress-${ version }.zip`;
	say( `downloading ${ zipUrl }` );
	const zip = download( zipUrl, path.join( tmp, 'wordpress.zip' ) );
	if ( null === zip ) {
		throw new Stop( FAILED, `${ zipUrl } does not exist` );
	}
	const sha1File = download(
		`${ zipUrl }.sha1`,
		path.join( tmp, 'wordpress.zip.sha1' )
	);
	if ( null !== sha1File ) {
		const published = fs
			.readFileSync( sha1File, 'utf8' )
			.trim()
			.split( /\s+/ )[ 0 ];
		if ( published !== hash( 'sha1', zip ) ) {
			throw new Stop(
				FAILED,
				`wordpress-${ version }.zip does not match its published SHA-1 (${ published })`
			);
		}
	}
	unzip( zip, path.join( tmp, 'core' ) );
	const root = path.join( tmp, 'core', 'wordpress' );
	if ( ! fs.existsSync( path.join( root, 'wp-includes', 'version.php' ) ) ) {
		throw new Stop(
			FAILED,
			`wordpress-${ version }.zip has no wordpress/wp-includes/version.php`
		);
	}
	const bad = Object.entries( checksums ).filter( ( [ file, md5 ] ) => {
		const full = path.join( root, file );
		return ! fs.existsSync( full ) || hash( 'md5', full ) !== md5;
	} );
	if ( bad.length ) {
		throw new Stop(
			FAILED,
			`${ bad.length } file(s) of WordPress ${ version } differ from api.wordpress.org's checksums, e.g. ${ bad
				.slice( 0, 3 )
				.map( ( [ f ] ) => f )
				.join( ', ' ) }`
		);
	}
	const found = /\$wp_version = '([^']+)'/.exec(
		fs.readFileSync(
			path.join( root, 'wp-includes', 'version.php' ),
			'utf8'
		)
	)?.[ 1 ];
	if ( found !== version ) {
		throw new Stop(
			FAILED,
			`wordpress-${ version }.zip holds WordPress ${ found }`
		);
	}
	replace( root, dest );
	say(
		`WordPress ${ version } from ${ DOWNLOADS } at ${ dest } (zip SHA-1 ${ null === sha1File ? 'not published, skipped' : 'ok' }; ${ Object.keys( checksums ).length } files match api.wordpress.org's MD5 checksums)`
	);
}

function woocommerce( dest, version, tmp ) {
	const zipUrl = `${ PLUGINS }/plugin/woocommerce.${ version }.zip`;
	say( `downloading ${ zipUrl }` );
	const zip = download( zipUrl, path.join( tmp, 'woocommerce.zip' ) );
	if ( null === zip ) {
		throw new Stop( FAILED, `${ zipUrl } does not exist` );
	}
	unzip( zip, path.join( tmp, 'wc' ) );
	const top = fs.readdirSync( path.join( tmp, 'wc' ) );
	if ( 1 !== top.length || 'woocommerce' !== top[ 0 ] ) {
		throw new Stop(
			FAILED,
			`woocommerce.${ version }.zip should hold the one folder woocommerce/, holds ${ top.join( ', ' ) }`
		);
	}
	const root = path.join( tmp, 'wc', 'woocommerce' );
	const mainFile = path.join( root, 'woocommerce.php' );
	const found = fs.existsSync( mainFile )
		? /^ \* Version:\s*([0-9.]+)/m.exec(
				fs.readFileSync( mainFile, 'utf8' )
			)?.[ 1 ]
		: null;
	if ( found !== version ) {
		throw new Stop(
			FAILED,
			`woocommerce.${ version }.zip holds ${ found ? `WooCommerce ${ found }` : 'no woocommerce/woocommerce.php' }`
		);
	}
	const checksums = json(
		`${ PLUGINS }/plugin-checksums/woocommerce/${ version }.json`,
		tmp
	);
	const listed =
		checksums?.files && 'object' === typeof checksums.files
			? checksums.files
			: null;
	if ( ! listed ) {
		throw new Stop(
			FAILED,
			`downloads.wordpress.org has no checksums for WooCommerce ${ version }`
		);
	}
	const bad = Object.entries( listed ).filter( ( [ file, sums ] ) => {
		const full = path.join( root, file );
		if ( ! fs.existsSync( full ) ) {
			return true;
		}
		const expected = [ sums?.sha256 ].flat().filter( Boolean );
		return expected.length
			? ! expected.includes( hash( 'sha256', full ) )
			: ! [ sums?.md5 ].flat().includes( hash( 'md5', full ) );
	} );
	if ( bad.length ) {
		throw new Stop(
			FAILED,
			`${ bad.length } file(s) of WooCommerce ${ version } differ from wordpress.org's checksums, e.g. ${ bad
				.slice( 0, 3 )
				.map( ( [ f ] ) => f )
				.join( ', ' ) }`
		);
	}
	const extra = files( root ).filter( ( f ) => ! ( f in listed ) );
	replace( root, dest );
	say(
		`WooCommerce ${ version } from ${ PLUGINS } at ${ dest } (${ Object.keys( listed ).length } files match wordpress.org's SHA-256 checksums${ extra.length ? `; ${ extra.length } unlisted file(s) kept` : '' })`
	);
}

function main() {
	const args = process.argv.slice( 2 );
	const [ what, dest ] = args;
	if ( ! [ 'core', 'woocommerce' ].includes( what ) || ! dest ) {
		console.error(
			'usage: node bin/lib/fetch-wordpress.mjs core|woocommerce <dest-folder> [version]'
		);
		return FAILED;
	}
	const wanted = args[ 2 ] || TESTED[ what ];
	if ( ! /^\d+\.\d+(\.\d+)?$/.test( wanted ) ) {
		console.error(
			`[fetch-wordpress] "${ wanted }" is not a version like ${ TESTED[ what ] }`
		);
		return FAILED;
	}
	const tmp = fs.mkdtempSync( path.join( os.tmpdir(), 'ecster-om-fetch-' ) );
	try {
		( 'core' === what ? core : woocommerce )(
			path.resolve( dest ),
			wanted,
			tmp
		);
		return 0;
	} catch ( error ) {
		if ( error instanceof Stop ) {
			say( error.message );
			return error.code;
		}
		throw error;
	} finally {
		fs.rmSync( tmp, { recursive: true, force: true } );
	}
}

process.exitCode = main();
