/**
 * @jest-environment node
 *
 * The installable zip (npm run plugin-zip) holds exactly the plugin a store runs: one folder
 * ecster-order-management/ with the PHP, build/, languages/, readme.txt, changelog.txt, LICENSE
 * and uninstall.php, and nothing of the development kit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '../../..' );
const PLUGIN = path.join( ROOT, 'plugin' );
const FOLDER = 'ecster-order-management/';
const out = path.join(
	os.tmpdir(),
	`ecster-om-plugin-zip-test-${ process.pid }.zip`
);

let listing: string[] = [];
let printed = '';

function filesUnder( dir: string ): string[] {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const full = path.join( dir, entry.name );
			return entry.isDirectory() ? filesUnder( full ) : [ full ];
		} );
}

const pluginPath = ( full: string ) =>
	path.relative( PLUGIN, full ).split( path.sep ).join( '/' );

function read( name: string ): string {
	return execFileSync( 'unzip', [ '-p', out, FOLDER + name ], {
		encoding: 'utf8',
	} );
}

beforeAll( () => {
	// A build in place is zipped as it is (quick); without one the script builds first.
	const entries = [
		...String(
			JSON.parse(
				fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
			).scripts.build
		).matchAll( /([\w-]+)=\.\//g ),
	].map( ( match ) => match[ 1 ] );
	const built = entries.every(
		( name ) =>
			fs.existsSync( path.join( PLUGIN, 'build', `${ name }.js` ) ) &&
			fs.existsSync( path.join( PLUGIN, 'build', `${ name }.asset.php` ) )
	);
	printed = execFileSync(
		'node',
		[
			'bin/plugin-zip.mjs',
			'--out',
			out,
			...( built ? [ '--no-build' ] : [] ),
		],
		{ cwd: ROOT, encoding: 'utf8' }
	);
	listing = execFileSync( 'unzip', [ '-Z1', out ], { encoding: 'utf8' } )
		.split( '\n' )
		.filter( Boolean );
}, 300_000 );

afterAll( () => fs.rmSync( out, { force: true } ) );

const files = () => listing.filter( ( entry ) => ! entry.endsWith( '/' ) );
const inside = () => files().map( ( entry ) => entry.slice( FOLDER.length ) );

it( 'holds one folder, ecster-order-management/', () => {
	expect( listing.length ).toBeGreaterThan( 0 );
	for ( const entry of listing ) {
		expect( entry.startsWith( FOLDER ) ).toBe( true );
	}
} );

it( 'has the main file, uninstall.php, readme.txt, changelog.txt, LICENSE, the built scripts and the translations', () => {
	expect( inside() ).toEqual(
		expect.arrayContaining( [
			'ecster-order-management.php',
			'uninstall.php',
			'readme.txt',
			'changelog.txt',
			'LICENSE',
			'src/autoload.php',
			'src/Plugin.php',
			'src/Lifecycle.php',
			'build/settings.js',
			'build/settings.asset.php',
			'build/order-panel.js',
			'build/order-panel.asset.php',
			'languages/ecster-order-management.pot',
		] )
	);
} );

it( 'has every PHP file of plugin/src and every translation file of plugin/languages', () => {
	const expected = filesUnder( PLUGIN )
		.map( pluginPath )
		.filter(
			( f ) =>
				( f.startsWith( 'src/' ) && f.endsWith( '.php' ) ) ||
				f.startsWith( 'languages/' )
		);
	expect( expected.length ).toBeGreaterThan( 10 );
	expect( inside() ).toEqual( expect.arrayContaining( expected ) );
} );

it( 'leaves out sources, tests, the sandbox, the demo kit and development files', () => {
	const forbidden = [
		/\.tsx?$/,
		/\.scss$/,
		/\.map$/,
		/(^|\/)tests?\//,
		/(^|\/)Demo\//,
		/node_modules/,
		/ecster-sandbox/,
		/(^|\/)(package(-lock)?\.json|composer\.(json|lock)|phpunit\.xml|phpstan|phpcs|\.wp-env)/,
		/(^|\/)\./,
		/(^|\/)vendor\//,
	];
	const found = inside().filter( ( entry ) =>
		forbidden.some( ( pattern ) => pattern.test( entry ) )
	);
	expect( found ).toEqual( [] );
	// Only PHP in src/, only built assets in build/.
	const stray = inside().filter(
		( entry ) =>
			( entry.startsWith( 'src/' ) && ! entry.endsWith( '.php' ) ) ||
			( entry.startsWith( 'build/' ) &&
				! /\.(js|css|asset\.php)$/.test( entry ) )
	);
	expect( stray ).toEqual( [] );
} );

it( 'says what it made: its size and file count', () => {
	const match =
		/version (\S+), (\d+) files, (\d+) bytes/.exec( printed ) ?? [];
	expect( Number( match[ 2 ] ) ).toBe( files().length );
	expect( Number( match[ 3 ] ) ).toBe( fs.statSync( out ).size );
} );

it( 'ships the GPL-2.0 text and a wordpress.org readme that agrees with the plugin header', () => {
	expect( read( 'LICENSE' ) ).toContain( 'GNU GENERAL PUBLIC LICENSE' );
	expect( read( 'LICENSE' ) ).toContain( 'Version 2, June 1991' );
	const readme = read( 'readme.txt' );
	const header = read( 'ecster-order-management.php' );
	const field = ( text: string, name: string ) =>
		new RegExp( `^[ \\t/*]*${ name }:[ \\t]*(.+?)[ \\t]*$`, 'mi' ).exec(
			text
		)?.[ 1 ];
	expect( readme ).toMatch(
		/^=== Ecster Order Management for WooCommerce ===$/m
	);
	expect( field( readme, 'Stable tag' ) ).toBe( field( header, 'Version' ) );
	for ( const name of [
		'Requires at least',
		'Tested up to',
		'Requires PHP',
		'WC requires at least',
		'WC tested up to',
	] ) {
		expect( field( readme, name ) ).toBe( field( header, name ) );
	}
	for ( const section of [
		'Description',
		'Installation',
		'Frequently Asked Questions',
		'Changelog',
	] ) {
		expect( readme ).toContain( `== ${ section } ==` );
	}
	expect( readme ).toContain(
		'= Ecster closed in 2023: what is this plugin for now? ='
	);
	expect( read( 'changelog.txt' ) ).toContain(
		`= ${ field( header, 'Version' ) } - `
	);
} );
