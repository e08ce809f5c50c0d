/**
 * @jest-environment node
 *
 * README.md's "Hooks" section lists every hook and constant the plugin offers or honours: each
 * `ecster_…` hook plugin/src fires (apply_filters, apply_filters_deprecated, do_action) or listens
 * to as a job (add_action with a literal or a class constant), and each constant it reads from
 * wp-config.php without defining it itself.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '../../..' );
const PLUGIN = path.join( ROOT, 'plugin' );

function phpFiles( dir: string ): string[] {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const full = path.join( dir, entry.name );
			if ( entry.isDirectory() ) {
				return 'build' === entry.name ? [] : phpFiles( full );
			}
			return entry.name.endsWith( '.php' ) ? [ full ] : [];
		} );
}

/** PHP without its block comments and whole-line `//` comments (examples in docs are no code). */
const code = ( php: string ) =>
	php.replace( /\/\*[\s\S]*?\*\//g, '' ).replace( /^\s*\/\/.*$/gm, '' );

const sources = new Map(
	phpFiles( PLUGIN ).map( ( file ) => [
		file,
		code( fs.readFileSync( file, 'utf8' ) ),
	] )
);
const all = [ ...sources.values() ].join( '\n' );

/** `Class::CONSTANT` → value, for the string constants of every class (named like its file). */
const classConstants = new Map< string, string >();
for ( const [ file, source ] of sources ) {
	const cls = path.basename( file, '.php' );
	for ( const [ , name, value ] of source.matchAll(
		/const\s+(\w+)\s*=\s*'([^']*)'/g
	) ) {
		classConstants.set( `${ cls }::${ name }`, value );
	}
}

/** Hooks the plugin fires, and the jobs it listens to. */
function hooks(): string[] {
	const found = new Set< string >();
	for ( const [ , name ] of all.matchAll(
		/\b(?:apply_filters(?:_deprecated)?|do_action(?:_deprecated)?)\(\s*'(ecster_\w+)'/g
	) ) {
		found.add( name );
	}
	for ( const [ , name ] of all.matchAll(
		/\badd_(?:action|filter)\(\s*'(ecster_\w+)'/g
	) ) {
		found.add( name );
	}
	for ( const [ , reference ] of all.matchAll(
		/\badd_(?:action|filter)\(\s*(\w+::\w+)/g
	) ) {
		const value = classConstants.get( reference );
		if ( value?.startsWith( 'ecster_' ) ) {
			found.add( value );
		}
	}
	return [ ...found ].sort();
}

/** Constants read with defined()/constant() that the plugin does not define itself. */
function constants(): string[] {
	const defined = new Set(
		[ ...all.matchAll( /\bdefine\(\s*'(\w+)'/g ) ].map( ( [ , n ] ) => n )
	);
	// WordPress's and WP-CLI's own, and the checkout plugin's (read only to detect it is active).
	const platform = new Set( [ 'ABSPATH', 'WP_CLI', 'WP_UNINSTALL_PLUGIN' ] );
	const read = new Set< string >();
	for ( const [ , name ] of all.matchAll(
		/\b(?:defined|constant)\(\s*'([A-Z][A-Z0-9_]+)'/g
	) ) {
		if (
			! defined.has( name ) &&
			! platform.has( name ) &&
			! name.startsWith( 'WC_ECSTER_' )
		) {
			read.add( name );
		}
	}
	return [ ...read ].sort();
}

function hooksSection(): string {
	const readme = fs.readFileSync( path.join( ROOT, 'README.md' ), 'utf8' );
	const match = /^## Hooks\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec( readme );
	if ( ! match ) {
		throw new Error( 'README.md has no "## Hooks" section' );
	}
	return match[ 1 ];
}

describe( 'README.md "Hooks"', () => {
	const section = hooksSection();
	const named = new Set(
		[ ...section.matchAll( /`([A-Za-z_][\w]*)`/g ) ].map( ( [ , n ] ) => n )
	);

	it( 'finds the hooks and constants in the sources', () => {
		expect( hooks() ).toEqual(
			expect.arrayContaining( [
				'ecster_om_debited',
				'ecster_om_transaction_body',
				'ecster_failed_capture_status',
				'ecster_request_args',
				'ecster_poll_swish_refund',
			] )
		);
		expect( constants() ).toEqual(
			expect.arrayContaining( [
				'ECSTER_OM_API_URL',
				'WC_REMOVE_ALL_DATA',
			] )
		);
	} );

	it( 'lists every hook of plugin/src', () => {
		expect( hooks().filter( ( hook ) => ! named.has( hook ) ) ).toEqual(
			[]
		);
	} );

	it( 'lists every constant the plugin reads from wp-config.php', () => {
		expect(
			constants().filter( ( constant ) => ! named.has( constant ) )
		).toEqual( [] );
	} );

	it( 'says which hook is for tests only', () => {
		expect( section ).toMatch(
			/`ecster_om_after_ecster_answer`[^\n]*\*\*for tests only\*\*/
		);
	} );

	it( 'names no hook the plugin does not have', () => {
		const known = new Set( [ ...hooks(), ...constants() ] );
		const stale = [ ...named ].filter(
			( name ) =>
				/^(ecster_\w+|ECSTER_OM_\w+)$/.test( name ) &&
				! known.has( name )
		);
		expect( stale ).toEqual( [] );
	} );
} );
