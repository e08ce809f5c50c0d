/**
 * @jest-environment node
 *
 * Translations are current and complete: the .pot is what the PHP and TypeScript sources give,
 * every shipped .po is merged with it and fully translated (no fuzzy entries, the English
 * placeholders kept), and the .mo and the script JSON files are compiled from the .po.
 * `npm run i18n` fixes everything but a missing translation; `npm run i18n -- --check` is what
 * runs here.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '../../..' );
const LANGUAGES = path.join( ROOT, 'plugin', 'languages' );

interface Report {
	strings: number;
	locales: Record<
		string,
		{
			translated: number;
			untranslated: number;
			fuzzy: number;
			json: string[];
		}
	>;
	problems: string[];
}

let report: Report;
let exitCode = 0;

beforeAll( () => {
	let output: string;
	try {
		output = execFileSync( 'node', [ 'bin/i18n.mjs', '--check' ], {
			cwd: ROOT,
			encoding: 'utf8',
		} );
	} catch ( error ) {
		const failed = error as { status: number; stdout: string };
		exitCode = failed.status;
		output = failed.stdout;
	}
	report = JSON.parse( output ) as Report;
}, 60_000 );

it( 'finds the strings of the PHP and the scripts', () => {
	expect( report.strings ).toBeGreaterThan( 100 );
} );

it( 'has nothing stale, untranslated, fuzzy or with changed placeholders (run npm run i18n)', () => {
	expect( report.problems ).toEqual( [] );
	expect( exitCode ).toBe( 0 );
} );

it( 'ships Swedish, every string translated', () => {
	expect( report.locales.sv_SE ).toMatchObject( {
		translated: report.strings,
		untranslated: 0,
		fuzzy: 0,
	} );
	expect(
		fs.existsSync(
			path.join( LANGUAGES, 'ecster-order-management-sv_SE.mo' )
		)
	).toBe( true );
} );

it( 'names the script translations as WordPress looks them up: md5 of the built script’s path in the plugin', () => {
	const md5 = ( text: string ) =>
		createHash( 'md5' ).update( text ).digest( 'hex' );
	const entries = [
		...String(
			JSON.parse(
				fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
			).scripts.build
		).matchAll( /([\w-]+)=\.\//g ),
	].map( ( match ) => `build/${ match[ 1 ] }.js` );
	const named = ( script: string ) =>
		`ecster-order-management-sv_SE-${ md5( script ) }.json`;
	// One file per built script that has strings; the settings screen and the panel have.
	expect( entries.map( named ) ).toEqual(
		expect.arrayContaining( report.locales.sv_SE.json )
	);
	expect( report.locales.sv_SE.json ).toEqual(
		expect.arrayContaining( [
			named( 'build/settings.js' ),
			named( 'build/order-panel.js' ),
		] )
	);
	for ( const name of report.locales.sv_SE.json ) {
		const json = JSON.parse(
			fs.readFileSync( path.join( LANGUAGES, name ), 'utf8' )
		);
		const messages = json.locale_data.messages;
		expect( messages[ '' ] ).toMatchObject( {
			domain: 'messages',
			lang: 'sv_SE',
			'plural-forms': 'nplurals=2; plural=(n != 1);',
		} );
		expect( Object.keys( messages ).length ).toBeGreaterThan( 1 );
		expect( name.endsWith( `${ md5( json.source ) }.json` ) ).toBe( true );
	}
} );

it( 'puts the settings screen’s strings in its script’s file and the panel’s in the panel’s', () => {
	const file = ( script: string ) =>
		JSON.parse(
			fs.readFileSync(
				path.join(
					LANGUAGES,
					`ecster-order-management-sv_SE-${ createHash( 'md5' )
						.update( script )
						.digest( 'hex' ) }.json`
				),
				'utf8'
			)
		).locale_data.messages;
	expect( file( 'build/settings.js' )[ 'Save changes' ] ).toEqual( [
		'Spara ändringar',
	] );
	expect( file( 'build/settings.js' ) ).not.toHaveProperty(
		'Debit and save'
	);
	expect( file( 'build/order-panel.js' )[ 'Debit and save' ] ).toEqual( [
		'Debitera och spara',
	] );
} );
