/**
 * @jest-environment node
 *
 * `npm run setup` with internet: bin/lib/fetch-wordpress.mjs downloads WordPress and WooCommerce
 * and puts them in place only when they match wordpress.org's published checksums; unreachable
 * means "fall back" (exit 2), a mismatch means "refuse" (exit 1, nothing changed). A local server
 * stands in for wordpress.org, api.wordpress.org and downloads.wordpress.org.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '../../..' );
const SCRIPT = path.join( ROOT, 'bin/lib/fetch-wordpress.mjs' );

let tmp = '';
let server: http.Server;
let base = '';
const routes = new Map< string, Buffer >();

const md5 = ( data: Buffer | string ) =>
	createHash( 'md5' ).update( data ).digest( 'hex' );
const sha256 = ( data: Buffer | string ) =>
	createHash( 'sha256' ).update( data ).digest( 'hex' );

/**
 * Zips `files` (path → content) under `folder` and returns the zip.
 */
function zipOf( folder: string, files: Record< string, string > ): Buffer {
	const dir = fs.mkdtempSync( path.join( tmp, 'src-' ) );
	for ( const [ name, content ] of Object.entries( files ) ) {
		const full = path.join( dir, folder, name );
		fs.mkdirSync( path.dirname( full ), { recursive: true } );
		fs.writeFileSync( full, content );
	}
	const zip = path.join( dir, 'out.zip' );
	execFileSync( 'zip', [ '-q', '-r', zip, folder ], { cwd: dir } );
	return fs.readFileSync( zip );
}

const CORE: Record< string, string > = {
	'index.php': '<?php // WordPress',
	'wp-includes/version.php': "<?php\n$wp_version = '6.9';\n",
};
const WC: Record< string, string > = {
	'woocommerce.php':
		'<?php\n/**\n * Plugin Name: WooCommerce\n * Version: 9.9.5\n */\n',
	'includes/class-woocommerce.php': '<?php // WooCommerce',
};

function publish(
	core: Record< string, string >,
	wc: Record< string, string >
): void {
	routes.clear();
	const coreZip = zipOf( 'wordpress', core );
	routes.set( '/wordpress-6.9.zip', coreZip );
	routes.set(
		'/wordpress-6.9.zip.sha1',
		Buffer.from( createHash( 'sha1' ).update( coreZip ).digest( 'hex' ) )
	);
	routes.set(
		'/core/checksums/1.0/?version=6.9&locale=en_US',
		Buffer.from(
			JSON.stringify( {
				checksums: Object.fromEntries(
					Object.entries( CORE ).map( ( [ f, c ] ) => [
						f,
						md5( c ),
					] )
				),
			} )
		)
	);
	routes.set( '/plugin/woocommerce.9.9.5.zip', zipOf( 'woocommerce', wc ) );
	routes.set(
		'/plugin-checksums/woocommerce/9.9.5.json',
		Buffer.from(
			JSON.stringify( {
				plugin: 'woocommerce',
				version: '9.9.5',
				files: Object.fromEntries(
					Object.entries( WC ).map( ( [ f, c ] ) => [
						f,
						{ md5: md5( c ), sha256: sha256( c ) },
					] )
				),
			} )
		)
	);
}

function fetchWordPress(
	what: string,
	dest: string,
	url = base
): Promise< { code: number; output: string } > {
	return new Promise( ( resolve ) => {
		execFile(
			'node',
			[ SCRIPT, what, dest ],
			{
				env: {
					...process.env,
					ECSTER_OM_WPORG_DOWNLOADS: url,
					ECSTER_OM_WPORG_API: url,
					ECSTER_OM_WPORG_PLUGINS: url,
				},
			},
			( error, stdout, stderr ) =>
				resolve( {
					code: error ? Number( error.code ) : 0,
					output: stdout + stderr,
				} )
		);
	} );
}

beforeAll( async () => {
	tmp = fs.mkdtempSync( path.join( os.tmpdir(), 'ecster-om-fetch-test-' ) );
	server = http.createServer( ( request, response ) => {
		const body = routes.get( request.url ?? '' );
		response.writeHead( body ? 200 : 404 );
		response.end( body ?? 'not found' );
	} );
	await new Promise< void >( ( resolve ) =>
		server.listen( 0, '127.0.0.1', resolve )
	);
	base = `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`;
} );

afterAll( async () => {
	await new Promise( ( resolve ) => server.close( resolve ) );
	fs.rmSync( tmp, { recursive: true, force: true } );
} );

it( 'puts WordPress and WooCommerce in place when every file matches the published checksums', async () => {
	publish( CORE, WC );
	const core = path.join( tmp, 'ok', 'wordpress' );
	const wc = path.join( tmp, 'ok', 'woocommerce' );

	const coreRun = await fetchWordPress( 'core', core );
	expect( coreRun ).toMatchObject( { code: 0 } );
	expect( coreRun.output ).toContain( 'WordPress 6.9' );
	expect(
		fs.readFileSync( path.join( core, 'wp-includes/version.php' ), 'utf8' )
	).toContain( "'6.9'" );

	const wcRun = await fetchWordPress( 'woocommerce', wc );
	expect( wcRun ).toMatchObject( { code: 0 } );
	expect( wcRun.output ).toContain( 'WooCommerce 9.9.5' );
	expect( fs.existsSync( path.join( wc, 'woocommerce.php' ) ) ).toBe( true );
}, 60_000 );

it( 'refuses a download that differs from the checksums and leaves the folder as it was', async () => {
	publish(
		{ ...CORE, 'index.php': '<?php // changed on the way' },
		{ ...WC, 'includes/class-woocommerce.php': '<?php // changed' }
	);
	const core = path.join( tmp, 'bad', 'wordpress' );
	const wc = path.join( tmp, 'bad', 'woocommerce' );
	fs.mkdirSync( wc, { recursive: true } );
	fs.writeFileSync( path.join( wc, 'keep.txt' ), 'the folder as it was' );

	const coreRun = await fetchWordPress( 'core', core );
	expect( coreRun.code ).toBe( 1 );
	expect( coreRun.output ).toMatch(
		/differ from api\.wordpress\.org's checksums, e\.g\. index\.php/
	);
	expect( fs.existsSync( core ) ).toBe( false );

	const wcRun = await fetchWordPress( 'woocommerce', wc );
	expect( wcRun.code ).toBe( 1 );
	expect( wcRun.output ).toContain( 'includes/class-woocommerce.php' );
	expect( fs.readdirSync( wc ) ).toEqual( [ 'keep.txt' ] );
}, 60_000 );

it( 'says wordpress.org is not reachable (exit 2) so that set-up falls back to its offline sources', async () => {
	const run = await fetchWordPress(
		'core',
		path.join( tmp, 'offline' ),
		'http://127.0.0.1:9'
	);
	expect( run.code ).toBe( 2 );
	expect( run.output ).toContain( 'not reachable' );
}, 60_000 );
