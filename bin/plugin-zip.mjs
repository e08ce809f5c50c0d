#!/usr/bin/env node
/**
 * The installable plugin: `npm run plugin-zip` writes artifacts/ecster-order-management.zip with
 * one folder, ecster-order-management/, holding exactly what a store runs:
 *
 *   ecster-order-management.php, uninstall.php, readme.txt, changelog.txt, LICENSE,
 *   src/**\/*.php, build/*.{js,css,asset.php} (no source maps), languages/*.{pot,po,mo,json}
 *
 * and nothing else: no TypeScript sources, tests, sandbox, demo/QA kit (a dev-only mu-plugin in
 * tests/env/mu-plugins), Composer or npm files. Files of plugin/ that fit none of these are named
 * and refused, so nothing is left out or slipped in by accident.
 *
 * Before zipping: runs `npm run build` when plugin/build is missing or older than src/, and
 * checks that the version agrees in the plugin header, ECSTER_OM_VERSION, readme.txt's Stable
 * tag, changelog.txt and package.json, and that readme.txt names the header's requirements.
 *
 *   node bin/plugin-zip.mjs [--out <file.zip>] [--no-build]
 *
 * --no-build zips plugin/build as it is (it must exist), for quick checks of the archive's layout.
 *
 * Prints the zip's path, size and file count; exit 1 with the reason when something is wrong.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const PLUGIN = path.join( ROOT, 'plugin' );
const SLUG = 'ecster-order-management';

/** What ships, by path inside the plugin folder. */
const SHIPPED = [
	/^ecster-order-management\.php$/,
	/^uninstall\.php$/,
	/^readme\.txt$/,
	/^changelog\.txt$/,
	/^LICENSE$/,
	/^src\/(?:[A-Za-z0-9_]+\/)*[A-Za-z0-9_]+\.php$/,
	/^build\/[a-z0-9-]+(?:\.asset\.php|\.js|(?:-rtl)?\.css)$/,
	/^languages\/ecster-order-management(?:-[a-z]{2,3}(?:_[A-Z]{2})?(?:-[0-9a-f]{32})?)?\.(?:pot|po|mo|json)$/,
];
/** Files in plugin/ that are produced there but never ship. */
const NOT_SHIPPED = [ /^build\/.*\.map$/, /^build\/.*\.LICENSE\.txt$/ ];
const REQUIRED = [
	'ecster-order-management.php',
	'uninstall.php',
	'readme.txt',
	'changelog.txt',
	'LICENSE',
	'src/autoload.php',
	'src/Plugin.php',
];

function fail( message ) {
	console.error( `plugin-zip: ${ message }` );
	process.exit( 1 );
}

function args() {
	const argv = process.argv.slice( 2 );
	const options = {
		out: path.join( ROOT, 'artifacts', `${ SLUG }.zip` ),
		build: true,
	};
	for ( let i = 0; i < argv.length; i++ ) {
		if ( '--no-build' === argv[ i ] ) {
			options.build = false;
		} else if ( '--out' === argv[ i ] && argv[ i + 1 ] ) {
			options.out = path.resolve( argv[ ++i ] );
		} else {
			fail(
				`unknown argument "${ argv[ i ] }" (use --out <file.zip>, --no-build)`
			);
		}
	}
	if ( ! options.out.endsWith( '.zip' ) ) {
		fail( `--out must name a .zip file, got ${ options.out }` );
	}
	return options;
}

function files( dir, base = dir ) {
	const out = [];
	for ( const entry of fs.readdirSync( dir, { withFileTypes: true } ) ) {
		const full = path.join( dir, entry.name );
		if ( entry.isDirectory() ) {
			out.push( ...files( full, base ) );
		} else if ( entry.isFile() ) {
			out.push(
				path.relative( base, full ).split( path.sep ).join( '/' )
			);
		}
	}
	return out.sort();
}

function newest( dir ) {
	return files( dir ).reduce(
		( max, f ) =>
			Math.max( max, fs.statSync( path.join( dir, f ) ).mtimeMs ),
		0
	);
}

/** The entry names the build makes (package.json's "build" script: name=./src/…). */
function entries() {
	const pkg = JSON.parse(
		fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
	);
	return [
		...String( pkg.scripts?.build ?? '' ).matchAll( /([\w-]+)=\.\/\S+/g ),
	].map( ( m ) => m[ 1 ] );
}

function ensureBuild( build ) {
	const dir = path.join( PLUGIN, 'build' );
	const wanted = entries().flatMap( ( name ) => [
		`${ name }.js`,
		`${ name }.asset.php`,
	] );
	const missing = wanted.filter(
		( f ) => ! fs.existsSync( path.join( dir, f ) )
	);
	const oldest = missing.length
		? 0
		: Math.min(
				...wanted.map(
					( f ) => fs.statSync( path.join( dir, f ) ).mtimeMs
				)
			);
	const stale =
		missing.length > 0 || newest( path.join( ROOT, 'src' ) ) > oldest;
	if ( ! stale ) {
		return;
	}
	if ( ! build ) {
		if ( missing.length ) {
			fail(
				`plugin/build lacks ${ missing.join( ', ' ) }: run npm run build (or drop --no-build)`
			);
		}
		console.log(
			'plugin-zip: plugin/build is older than src/ (zipped as it is: --no-build)'
		);
		return;
	}
	console.log(
		`plugin-zip: ${ missing.length ? 'no build yet' : 'build older than src/' }, running npm run build`
	);
	execFileSync( 'npm', [ 'run', '--silent', 'build' ], {
		cwd: ROOT,
		stdio: [ 'ignore', 'ignore', 'inherit' ],
	} );
}

function checkVersions() {
	const mainFile = fs.readFileSync(
		path.join( PLUGIN, `${ SLUG }.php` ),
		'utf8'
	);
	const readme = fs.readFileSync( path.join( PLUGIN, 'readme.txt' ), 'utf8' );
	const changelog = fs.readFileSync(
		path.join( PLUGIN, 'changelog.txt' ),
		'utf8'
	);
	const pkg = JSON.parse(
		fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
	);
	const header = ( text, name ) =>
		new RegExp( `^[ \\t/*]*${ name }:[ \\t]*(.+?)[ \\t]*$`, 'mi' ).exec(
			text
		)?.[ 1 ] ?? '';
	const version = header( mainFile, 'Version' );
	const found = {
		'plugin header Version': version,
		ECSTER_OM_VERSION:
			/define\(\s*'ECSTER_OM_VERSION',\s*'([^']+)'/.exec(
				mainFile
			)?.[ 1 ] ?? '',
		'readme.txt Stable tag': header( readme, 'Stable tag' ),
		'changelog.txt newest entry':
			/^= ([0-9][^ ]*) /m.exec( changelog )?.[ 1 ] ?? '',
		'readme.txt newest changelog entry':
			/== Changelog ==\s+= ([0-9][^ ]*) /.exec( readme )?.[ 1 ] ?? '',
		'package.json version': pkg.version,
	};
	const wrong = Object.entries( found ).filter(
		( [ , v ] ) => v !== version
	);
	if ( '' === version || wrong.length ) {
		fail(
			`the version must agree everywhere: ${ Object.entries( found )
				.map( ( [ k, v ] ) => `${ k } = "${ v }"` )
				.join( ', ' ) }`
		);
	}
	for ( const name of [
		'Requires at least',
		'Tested up to',
		'Requires PHP',
		'WC requires at least',
		'WC tested up to',
	] ) {
		if ( header( mainFile, name ) !== header( readme, name ) ) {
			fail(
				`"${ name }" is "${ header( mainFile, name ) }" in ${ SLUG }.php but "${ header( readme, name ) }" in readme.txt`
			);
		}
	}
	return version;
}

function main() {
	const options = args();
	ensureBuild( options.build );
	const version = checkVersions();

	const all = files( PLUGIN );
	const shipped = all.filter( ( f ) =>
		SHIPPED.some( ( re ) => re.test( f ) )
	);
	const unknown = all.filter(
		( f ) =>
			! shipped.includes( f ) &&
			! NOT_SHIPPED.some( ( re ) => re.test( f ) )
	);
	if ( unknown.length ) {
		fail(
			`plugin/ holds files that are neither shipped nor known build leftovers: ${ unknown.join( ', ' ) } (add them to SHIPPED in bin/plugin-zip.mjs, or move them out of plugin/)`
		);
	}
	const missing = REQUIRED.filter( ( f ) => ! shipped.includes( f ) );
	if ( missing.length ) {
		fail( `missing from plugin/: ${ missing.join( ', ' ) }` );
	}
	const stage = fs.mkdtempSync( path.join( os.tmpdir(), 'ecster-om-zip-' ) );
	try {
		for ( const f of shipped ) {
			const target = path.join( stage, SLUG, f );
			fs.mkdirSync( path.dirname( target ), { recursive: true } );
			fs.copyFileSync( path.join( PLUGIN, f ), target );
		}
		fs.mkdirSync( path.dirname( options.out ), { recursive: true } );
		fs.rmSync( options.out, { force: true } );
		// -X: no extra file attributes (owner ids, extended times).
		execFileSync( 'zip', [ '-q', '-r', '-X', '-9', options.out, SLUG ], {
			cwd: stage,
		} );
	} finally {
		fs.rmSync( stage, { recursive: true, force: true } );
	}
	const size = fs.statSync( options.out ).size;
	const shown = path.relative( process.cwd(), options.out ) || options.out;
	console.log(
		`plugin-zip: ${ shown }: version ${ version }, ${ shipped.length } files, ${ size } bytes (${ ( size / 1024 ).toFixed( 1 ) } KB)`
	);
}

main();
