/**
 * @jest-environment node
 *
 * Every example command in README.md and docs/qa.md can run as written: the files it names exist,
 * `npm run <script>` names a script of package.json, a PHPUnit `--filter` matches at least one test
 * of its suite, and the local links point at files.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '../../..' );
const DOCS = [ 'README.md', 'docs/qa.md' ];
const scripts = Object.keys(
	JSON.parse( fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' ) )
		.scripts as Record< string, string >
);

/** Lines of the ```sh blocks of a Markdown file, comments removed. */
function commands( doc: string ): string[] {
	const text = fs.readFileSync( path.join( ROOT, doc ), 'utf8' );
	return [ ...text.matchAll( /```(?:sh|bash)\n([\s\S]*?)```/g ) ]
		.flatMap( ( [ , block ] ) => block.split( '\n' ) )
		.map( ( line ) => line.replace( /\s#\s.*$/, '' ).trim() )
		.filter( ( line ) => '' !== line && ! line.startsWith( '#' ) );
}

function filesUnder( dir: string ): string[] {
	return fs
		.readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const full = path.join( dir, entry.name );
			return entry.isDirectory() ? filesUnder( full ) : [ full ];
		} );
}

/** "Namespace\Class::test_method" for every test of a PHPUnit suite, as --filter sees them. */
function phpTests( suite: string ): string[] {
	return filesUnder( path.join( ROOT, suite ) )
		.filter( ( file ) => file.endsWith( 'Test.php' ) )
		.flatMap( ( file ) => {
			const source = fs.readFileSync( file, 'utf8' );
			const ns = /^namespace\s+([^;]+);/m.exec( source )?.[ 1 ] ?? '';
			// The test class is the one named like its file (a file may declare helpers first).
			const cls = [
				...source.matchAll(
					/^(?:final\s+|abstract\s+)*class\s+(\w+)/gm
				),
			]
				.map( ( [ , name ] ) => name )
				.find( ( name ) => name === path.basename( file, '.php' ) );
			if ( ! cls ) {
				return [];
			}
			return [ ...source.matchAll( /function\s+(test\w*)\s*\(/g ) ].map(
				( [ , method ] ) => `${ ns }\\${ cls }::${ method }`
			);
		} );
}

const exists = ( relative: string ) =>
	fs.existsSync( path.join( ROOT, relative ) );

describe.each( DOCS )( '%s', ( doc ) => {
	const lines = commands( doc );

	it( 'has example commands', () => {
		expect( lines.length ).toBeGreaterThan( 3 );
	} );

	it( 'names only files that exist', () => {
		const missing: string[] = [];
		for ( const line of lines ) {
			for ( const token of line.split( /\s+/ ) ) {
				const word = token.replace( /^['"]|['"]$/g, '' );
				if (
					/^(tests|bin|src|plugin|docs|ecster-sandbox)\/[\w./-]*\.\w+$/.test(
						word
					) &&
					! exists( word )
				) {
					missing.push( `${ word } (in: ${ line })` );
				}
				// Playwright arguments are relative to tests/e2e and may be a prefix of spec names.
				if ( /^specs\//.test( word ) ) {
					const specs = filesUnder(
						path.join( ROOT, 'tests/e2e/specs' )
					).map( ( file ) =>
						path.relative( path.join( ROOT, 'tests/e2e' ), file )
					);
					if ( ! specs.some( ( spec ) => spec.startsWith( word ) ) ) {
						missing.push( `tests/e2e/${ word } (in: ${ line })` );
					}
				}
			}
		}
		expect( missing ).toEqual( [] );
	} );

	it( 'runs only npm scripts that package.json has', () => {
		const unknown = lines
			.flatMap( ( line ) => [
				...line.matchAll( /npm run (?:--silent )?([\w:-]+)/g ),
			] )
			.map( ( [ , script ] ) => script )
			.filter( ( script ) => ! scripts.includes( script ) );
		expect( unknown ).toEqual( [] );
	} );

	it( 'filters PHPUnit only on names that match a test', () => {
		const unmatched: string[] = [];
		for ( const line of lines ) {
			const filter = /--filter\s+(['"]?)([^\s'"]+)\1/.exec( line )?.[ 2 ];
			if ( ! filter ) {
				continue;
			}
			const suite = line.includes( 'integration' )
				? 'tests/php/integration'
				: 'tests/php/unit';
			if (
				! phpTests( suite ).some( ( name ) =>
					new RegExp( filter ).test( name )
				)
			) {
				unmatched.push( `${ filter } in ${ suite } (in: ${ line })` );
			}
		}
		expect( unmatched ).toEqual( [] );
	} );

	it( 'links only to files that exist', () => {
		const text = fs.readFileSync( path.join( ROOT, doc ), 'utf8' );
		const broken = [ ...text.matchAll( /\]\(([^)#\s]+)(?:#[^)]*)?\)/g ) ]
			.map( ( [ , target ] ) => target )
			.filter( ( target ) => ! /^[a-z]+:/.test( target ) )
			.filter(
				( target ) =>
					! fs.existsSync(
						path.join( ROOT, path.dirname( doc ), target )
					)
			);
		expect( broken ).toEqual( [] );
	} );
} );
