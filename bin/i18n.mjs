#!/usr/bin/env node
/**
 * Translations of the plugin (text domain `ecster-order-management`, folder plugin/languages/).
 *
 * References name files without line numbers, so that moving code does not change the .pot.
 *
 *   npm run i18n             regenerate everything from the sources:
 *     1. ecster-order-management.pot: PHP strings (gettext's xgettext with WordPress's keywords and
 *        "translators:" comments), the plugin header's name, description and author, and the
 *        JS/TS strings of src/ (@wordpress/i18n's __, _x, _n, _nx, read with TypeScript's parser);
 *     2. every ecster-order-management-<locale>.po merged with the new .pot (msgmerge keeps the
 *        existing translations; changed strings come back fuzzy, new ones untranslated);
 *     3. the .mo files (msgfmt --check);
 *     4. the JSON files WordPress loads for wp_set_script_translations():
 *        ecster-order-management-<locale>-<md5 of "build/<entry>.js">.json (Jed 1.x), one per
 *        built script, holding the strings of the sources that script is built from.
 *   npm run i18n -- --check  change nothing; exit 1 when the .pot, a .po, .mo or JSON file is not
 *                            what the sources give, or a .po has untranslated or fuzzy entries, or
 *                            a translation's placeholders differ from the English ones. Prints a
 *                            JSON report (strings, translated, problems) on stdout.
 *
 * The built scripts (entry name → source) are read from package.json's "build" script, so a new
 * entry is picked up without changing this file.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const PLUGIN = path.join( ROOT, 'plugin' );
const LANGUAGES = path.join( PLUGIN, 'languages' );
const DOMAIN = 'ecster-order-management';
const POT = path.join( LANGUAGES, `${ DOMAIN }.pot` );
const MAIN_FILE = `${ DOMAIN }.php`;
const JS_FUNCTIONS = {
	// name: [ index of msgid, index of plural, index of context, index of domain ]
	__: [ 0, -1, -1, 1 ],
	_x: [ 0, -1, 1, 2 ],
	_n: [ 0, 1, -1, 3 ],
	_nx: [ 0, 1, 3, 4 ],
};
const PHP_KEYWORDS = [
	'__',
	'_e',
	'_x:1,2c',
	'_ex:1,2c',
	'_n:1,2',
	'_nx:1,2,4c',
	'_n_noop:1,2',
	'_nx_noop:1,2,3c',
	'esc_html__',
	'esc_html_e',
	'esc_html_x:1,2c',
	'esc_attr__',
	'esc_attr_e',
	'esc_attr_x:1,2c',
];
const PLACEHOLDER = /%(?:\d+\$)?[-+ 0#']*\d*(?:\.\d+)?[bcdeEfFgGosuxX]/g;

const check = process.argv.includes( '--check' );
const problems = [];

function run( command, args, options = {} ) {
	return execFileSync( command, args, {
		encoding: 'utf8',
		stdio: [ 'ignore', 'pipe', 'pipe' ],
		...options,
	} );
}

function walk( dir, accept, skip = () => false ) {
	const out = [];
	for ( const entry of fs.readdirSync( dir, { withFileTypes: true } ) ) {
		const full = path.join( dir, entry.name );
		if ( skip( full ) ) {
			continue;
		}
		if ( entry.isDirectory() ) {
			out.push( ...walk( full, accept, skip ) );
		} else if ( accept( full ) ) {
			out.push( full );
		}
	}
	return out.sort();
}

const posix = ( file ) => file.split( path.sep ).join( '/' );

/* ---------------------------------------------------------------- PO files */

function escapePo( text ) {
	return text
		.replace( /\\/g, '\\\\' )
		.replace( /"/g, '\\"' )
		.replace( /\n/g, '\\n' )
		.replace( /\t/g, '\\t' );
}

function unescapePo( text ) {
	return text.replace(
		/\\(.)/g,
		( _, c ) =>
			( { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' } )[ c ] ?? c
	);
}

/**
 * A small PO reader: the entries msgmerge/msgcat write (obsolete #~ entries are skipped).
 *
 * @param {string} text PO file content.
 */
export function parsePo( text ) {
	const entries = [];
	let entry = null;
	let field = null;
	const flush = () => {
		if ( entry && 'msgid' in entry ) {
			entries.push( entry );
		}
		entry = null;
		field = null;
	};
	for ( const line of text.split( '\n' ) ) {
		if ( '' === line.trim() ) {
			flush();
			continue;
		}
		if ( line.startsWith( '#~' ) ) {
			continue;
		}
		entry ??= { flags: [], references: [], comments: [], msgstr: [] };
		if ( line.startsWith( '#,' ) ) {
			entry.flags.push(
				...line
					.slice( 2 )
					.split( ',' )
					.map( ( f ) => f.trim() )
			);
		} else if ( line.startsWith( '#:' ) ) {
			entry.references.push( ...line.slice( 2 ).trim().split( /\s+/ ) );
		} else if ( line.startsWith( '#.' ) ) {
			entry.comments.push( line.slice( 2 ).trim() );
		} else if ( line.startsWith( '#' ) ) {
			continue;
		} else {
			const match =
				/^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$/.exec(
					line
				);
			if ( match ) {
				field = match[ 1 ].startsWith( 'msgstr' )
					? [ 'msgstr', Number( match[ 2 ] ?? 0 ) ]
					: [ match[ 1 ] ];
				const value = unescapePo( match[ 3 ] );
				if ( 'msgstr' === field[ 0 ] ) {
					entry.msgstr[ field[ 1 ] ] = value;
				} else {
					entry[ field[ 0 ] ] = value;
				}
			} else if ( field && /^"(.*)"$/.test( line ) ) {
				const value = unescapePo( line.slice( 1, -1 ) );
				if ( 'msgstr' === field[ 0 ] ) {
					entry.msgstr[ field[ 1 ] ] += value;
				} else {
					entry[ field[ 0 ] ] += value;
				}
			}
		}
	}
	flush();
	return entries;
}

function headerFields( entries ) {
	const header = entries.find(
		( e ) => '' === e.msgid && undefined === e.msgctxt
	);
	const fields = {};
	for ( const line of ( header?.msgstr[ 0 ] ?? '' ).split( '\n' ) ) {
		const at = line.indexOf( ':' );
		if ( at > 0 ) {
			fields[ line.slice( 0, at ).trim() ] = line.slice( at + 1 ).trim();
		}
	}
	return fields;
}

const isHeader = ( e ) => '' === e.msgid && undefined === e.msgctxt;
const isTranslated = ( e ) =>
	! e.flags.includes( 'fuzzy' ) &&
	e.msgstr.length > 0 &&
	e.msgstr.every( ( s ) => '' !== s );

/* ------------------------------------------------------- JS/TS extraction */

/**
 * The built scripts: entry name → source file, from package.json's "build" script
 * (`wp-scripts build settings=./src/settings/index.tsx …`).
 */
export function bundles() {
	const pkg = JSON.parse(
		fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
	);
	const found = [
		...String( pkg.scripts?.build ?? '' ).matchAll( /([\w-]+)=\.\/(\S+)/g ),
	];
	if ( 0 === found.length ) {
		throw new Error(
			'package.json\'s "build" script names no entries (name=./src/…)'
		);
	}
	return found.map( ( [ , name, entry ] ) => ( {
		name,
		entry: path.join( ROOT, entry ),
		script: `build/${ name }.js`,
	} ) );
}

function resolveImport( from, spec ) {
	if ( ! spec.startsWith( '.' ) ) {
		return null;
	}
	const base = path.resolve( path.dirname( from ), spec );
	for ( const candidate of [
		base,
		`${ base }.ts`,
		`${ base }.tsx`,
		`${ base }.js`,
		path.join( base, 'index.ts' ),
		path.join( base, 'index.tsx' ),
	] ) {
		if ( fs.existsSync( candidate ) && fs.statSync( candidate ).isFile() ) {
			return candidate;
		}
	}
	return null;
}

/**
 * Source files each built script is made of (relative imports from its entry).
 */
function bundleSources() {
	const map = new Map(); // file → Set of script paths
	for ( const bundle of bundles() ) {
		const seen = new Set();
		const queue = [ bundle.entry ];
		while ( queue.length ) {
			const file = queue.pop();
			if ( seen.has( file ) ) {
				continue;
			}
			seen.add( file );
			const info = ts.preProcessFile(
				fs.readFileSync( file, 'utf8' ),
				true,
				true
			);
			for ( const ref of info.importedFiles ) {
				const target = resolveImport( file, ref.fileName );
				if ( target && /\.[jt]sx?$/.test( target ) ) {
					queue.push( target );
				}
			}
		}
		for ( const file of seen ) {
			if ( ! map.has( file ) ) {
				map.set( file, new Set() );
			}
			map.get( file ).add( bundle.script );
		}
	}
	return map;
}

function translatorComment( node, text ) {
	for (
		let current = node, depth = 0;
		current && depth < 6;
		current = current.parent, depth++
	) {
		const ranges = ts.getLeadingCommentRanges( text, current.pos ) ?? [];
		for ( const range of ranges.reverse() ) {
			const raw = text.slice( range.pos, range.end );
			const body = raw
				.replace( /^\/\*+|\*+\/$/g, '' )
				.replace( /^\/\/+/, '' )
				.split( '\n' )
				.map( ( l ) => l.replace( /^\s*\*?\s?/, '' ).trim() )
				.filter( Boolean )
				.join( ' ' );
			if ( /^translators:/i.test( body ) ) {
				return body;
			}
		}
		if ( ts.isStatement( current ) ) {
			break;
		}
	}
	return null;
}

/**
 * Every @wordpress/i18n call with a literal string in src/ (TypeScript and TSX).
 */
function extractJs() {
	const messages = new Map();
	const files = walk(
		path.join( ROOT, 'src' ),
		( f ) => /\.(ts|tsx|js|jsx)$/.test( f ) && ! /\.d\.ts$/.test( f )
	);
	for ( const file of files ) {
		const text = fs.readFileSync( file, 'utf8' );
		const source = ts.createSourceFile(
			file,
			text,
			ts.ScriptTarget.Latest,
			true,
			file.endsWith( 'x' ) ? ts.ScriptKind.TSX : ts.ScriptKind.TS
		);
		const visit = ( node ) => {
			if (
				ts.isCallExpression( node ) &&
				ts.isIdentifier( node.expression ) &&
				node.expression.text in JS_FUNCTIONS
			) {
				const [ id, plural, context, domain ] =
					JS_FUNCTIONS[ node.expression.text ];
				const literal = ( i ) => {
					const arg = node.arguments[ i ];
					return arg &&
						( ts.isStringLiteral( arg ) ||
							ts.isNoSubstitutionTemplateLiteral( arg ) )
						? arg.text
						: null;
				};
				const line =
					source.getLineAndCharacterOfPosition( node.getStart() )
						.line + 1;
				const where = `${ posix( path.relative( ROOT, file ) ) }:${ line }`;
				const reference = posix( path.relative( ROOT, file ) );
				if ( literal( domain ) !== DOMAIN ) {
					problems.push(
						`${ where }: ${ node.expression.text }() without the text domain "${ DOMAIN }" is not extracted`
					);
				} else if (
					null === literal( id ) ||
					( plural >= 0 && null === literal( plural ) ) ||
					( context >= 0 && null === literal( context ) )
				) {
					problems.push(
						`${ where }: ${ node.expression.text }() needs literal strings to be translated`
					);
				} else {
					const msgctxt =
						context >= 0 ? literal( context ) : undefined;
					const key = `${ msgctxt ?? '' }\u0004${ literal( id ) }`;
					const message = messages.get( key ) ?? {
						msgctxt,
						msgid: literal( id ),
						msgidPlural:
							plural >= 0 ? literal( plural ) : undefined,
						references: [],
						comments: [],
					};
					if ( ! message.references.includes( reference ) ) {
						message.references.push( reference );
					}
					const comment = translatorComment( node, text );
					if ( comment && ! message.comments.includes( comment ) ) {
						message.comments.push( comment );
					}
					messages.set( key, message );
				}
			}
			ts.forEachChild( node, visit );
		};
		visit( source );
	}
	return [ ...messages.values() ];
}

function poEntry( { msgctxt, msgid, msgidPlural, references, comments } ) {
	const lines = [];
	for ( const comment of comments ) {
		lines.push( `#. ${ comment }` );
	}
	if ( references.length ) {
		lines.push( `#: ${ references.join( ' ' ) }` );
	}
	if ( undefined !== msgctxt ) {
		lines.push( `msgctxt "${ escapePo( msgctxt ) }"` );
	}
	lines.push( `msgid "${ escapePo( msgid ) }"` );
	if ( undefined !== msgidPlural ) {
		lines.push(
			`msgid_plural "${ escapePo( msgidPlural ) }"`,
			'msgstr[0] ""',
			'msgstr[1] ""'
		);
	} else {
		lines.push( 'msgstr ""' );
	}
	return lines.join( '\n' );
}

/* ---------------------------------------------------------------- the .pot */

function pluginHeader() {
	const text = fs.readFileSync( path.join( PLUGIN, MAIN_FILE ), 'utf8' );
	const field = ( name ) =>
		new RegExp( `^[ \\t/*#@]*${ name }:(.*)$`, 'mi' )
			.exec( text )?.[ 1 ]
			.trim() ?? '';
	return {
		name: field( 'Plugin Name' ),
		description: field( 'Description' ),
		author: field( 'Author' ),
		pluginUri: field( 'Plugin URI' ),
		version: field( 'Version' ),
	};
}

function headerPo( header, creationDate ) {
	const year = creationDate.slice( 0, 4 );
	return [
		`# Copyright (C) ${ year } ${ header.author }`,
		'# This file is distributed under the GPL-2.0-or-later.',
		'msgid ""',
		'msgstr ""',
		`"Project-Id-Version: ${ header.name } ${ header.version }\\n"`,
		`"Report-Msgid-Bugs-To: ${ header.pluginUri }/issues\\n"`,
		`"POT-Creation-Date: ${ creationDate }\\n"`,
		'"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
		'"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
		'"Language-Team: LANGUAGE <LL@li.org>\\n"',
		'"MIME-Version: 1.0\\n"',
		'"Content-Type: text/plain; charset=UTF-8\\n"',
		'"Content-Transfer-Encoding: 8bit\\n"',
		`"X-Domain: ${ DOMAIN }\\n"`,
		'',
	].join( '\n' );
}

/**
 * xgettext takes every __() call; WordPress translates only those naming our text domain. Strings
 * the plugin passes without it (WordPress's own messages, repeated as WordPress gives them) are
 * taken out of the PHP .pot, unless the same string is also used with our domain.
 *
 * @param {string}   phpPot   The PHP strings' .pot, rewritten in place.
 * @param {string[]} phpFiles PHP files, relative to plugin/.
 * @param {string}   tmp      Scratch folder.
 */
function dropOtherDomains( phpPot, phpFiles, tmp ) {
	const calls = JSON.parse(
		run(
			'php',
			[ path.join( ROOT, 'bin/lib/i18n-php-domains.php' ), ...phpFiles ],
			{
				cwd: PLUGIN,
				maxBuffer: 64 * 1024 * 1024,
			}
		)
	);
	const key = ( call ) => `${ call.context ?? '' }\u0004${ call.msgid }`;
	const ours = new Set(
		calls.filter( ( c ) => DOMAIN === c.domain ).map( key )
	);
	const foreign = [
		...new Set(
			calls
				.filter(
					( c ) => DOMAIN !== c.domain && ! ours.has( key( c ) )
				)
				.map( ( c ) => c.msgid )
		),
	];
	if ( 0 === foreign.length ) {
		return;
	}
	const filtered = path.join( tmp, 'php-ours.pot' );
	const ere = ( text ) => text.replace( /[.[\]()*+?{}|^$\\]/g, '\\$&' );
	run( 'msggrep', [
		'--invert-match',
		'--no-wrap',
		'--force-po',
		'-K',
		'-E',
		...foreign.flatMap( ( msgid ) => [ '-e', `^${ ere( msgid ) }$` ] ),
		'-o',
		filtered,
		phpPot,
	] );
	fs.copyFileSync( filtered, phpPot );
}

const withoutCreationDate = ( text ) =>
	text.replace( /^"POT-Creation-Date: [^"]*"$/m, '' );

/**
 * Writes the .pot for the current sources to `out`. Keeps the creation date of `previous` when
 * nothing else changed, so that running this twice changes no file.
 *
 * @param {string}      tmp      Scratch folder.
 * @param {string}      out      The .pot to write.
 * @param {string|null} previous A copy of the current .pot, if any.
 */
function makePot( tmp, out, previous ) {
	const header = pluginHeader();
	const phpFiles = walk(
		PLUGIN,
		( f ) => f.endsWith( '.php' ),
		( f ) =>
			[ 'build', 'languages', 'vendor', 'node_modules' ].includes(
				path.relative( PLUGIN, f )
			)
	).map( ( f ) => posix( path.relative( PLUGIN, f ) ) );
	const phpPot = path.join( tmp, 'php.pot' );
	run(
		'xgettext',
		[
			'--language=PHP',
			'--from-code=UTF-8',
			'--add-comments=translators:',
			'--force-po',
			'--no-wrap',
			'--add-location=file',
			'-k',
			...PHP_KEYWORDS.map( ( k ) => `--keyword=${ k }` ),
			'-o',
			phpPot,
			...phpFiles,
		],
		{ cwd: PLUGIN }
	);
	fs.writeFileSync(
		phpPot,
		fs
			.readFileSync( phpPot, 'utf8' )
			.replace( 'charset=CHARSET', 'charset=UTF-8' )
	);
	dropOtherDomains( phpPot, phpFiles, tmp );

	const headerEntries = [
		{ comments: [ 'Plugin Name of the plugin' ], msgid: header.name },
		{
			comments: [ 'Description of the plugin' ],
			msgid: header.description,
		},
		{ comments: [ 'Author of the plugin' ], msgid: header.author },
	].map( ( e ) => poEntry( { ...e, references: [ MAIN_FILE ] } ) );
	const js = extractJs();
	const jsPot = path.join( tmp, 'js.pot' );
	fs.writeFileSync(
		jsPot,
		[
			headerPo( header, 'now' ),
			...headerEntries,
			...js.map( poEntry ),
		].join( '\n\n' ) + '\n'
	);

	const previousDate =
		previous && fs.existsSync( previous )
			? /^"POT-Creation-Date: ([^"\\]*)\\n"$/m.exec(
					fs.readFileSync( previous, 'utf8' )
				)?.[ 1 ]
			: null;
	const now = new Date()
		.toISOString()
		.replace( 'T', ' ' )
		.replace( /:\d\d\.\d+Z$/, '+0000' );
	const headerFile = path.join( tmp, 'header.pot' );
	fs.writeFileSync( headerFile, headerPo( header, now ) + '\n' );
	run( 'msgcat', [
		'--use-first',
		'--no-wrap',
		'--add-location=file',
		'-o',
		out,
		headerFile,
		jsPot,
		phpPot,
	] );
	// msgcat puts the header first and then the entries in the order of the input files: the
	// plugin header, the scripts, then the PHP. Keep the old date when only the date differs.
	if ( previousDate ) {
		const candidate = fs
			.readFileSync( out, 'utf8' )
			.replace( now, previousDate );
		if (
			withoutCreationDate( candidate ) ===
			withoutCreationDate( fs.readFileSync( previous, 'utf8' ) )
		) {
			fs.writeFileSync( out, candidate );
		}
	}
	return parsePo( fs.readFileSync( out, 'utf8' ) ).filter(
		( e ) => ! isHeader( e )
	);
}

/* ------------------------------------------------------------ JSON for JS */

function byKey( a, b ) {
	if ( a === b ) {
		return 0;
	}
	return a < b ? -1 : 1;
}

/**
 * Jed 1.x JSON per built script, as WordPress's load_script_textdomain() reads it.
 *
 * @param {string}                   poText  The locale's .po.
 * @param {string}                   locale  The locale (sv_SE).
 * @param {Map<string, Set<string>>} sources Source file → the built scripts made from it.
 */
function makeJson( poText, locale, sources ) {
	const entries = parsePo( poText );
	const fields = headerFields( entries );
	const byScript = new Map();
	for ( const entry of entries ) {
		if ( isHeader( entry ) || ! isTranslated( entry ) ) {
			continue;
		}
		const scripts = new Set();
		for ( const ref of entry.references ) {
			const file = path.join( ROOT, ref.replace( /:\d+$/, '' ) );
			for ( const script of sources.get( file ) ?? [] ) {
				scripts.add( script );
			}
		}
		const key =
			undefined !== entry.msgctxt
				? `${ entry.msgctxt }\u0004${ entry.msgid }`
				: entry.msgid;
		for ( const script of scripts ) {
			if ( ! byScript.has( script ) ) {
				byScript.set( script, {} );
			}
			byScript.get( script )[ key ] = entry.msgstr;
		}
	}
	const files = new Map();
	for ( const [ script, messages ] of [ ...byScript ].sort() ) {
		const sorted = Object.fromEntries(
			Object.entries( messages ).sort( ( a, b ) =>
				byKey( a[ 0 ], b[ 0 ] )
			)
		);
		const json = {
			'translation-revision-date': fields[ 'PO-Revision-Date' ] ?? '',
			generator: 'ecster-order-management bin/i18n.mjs',
			source: script,
			domain: 'messages',
			locale_data: {
				messages: {
					'': {
						domain: 'messages',
						lang: fields.Language ?? locale,
						'plural-forms':
							fields[ 'Plural-Forms' ] ??
							'nplurals=2; plural=(n != 1);',
					},
					...sorted,
				},
			},
		};
		const name = `${ DOMAIN }-${ locale }-${ createHash( 'md5' ).update( script ).digest( 'hex' ) }.json`;
		files.set( name, JSON.stringify( json ) + '\n' );
	}
	return files;
}

/* ----------------------------------------------------------------- checks */

function placeholders( text ) {
	return ( text.match( PLACEHOLDER ) ?? [] )
		.map( ( p ) => p.replace( /^%\d+\$/, '%' ) )
		.sort()
		.join( ' ' );
}

function checkTranslations( locale, entries ) {
	let translated = 0;
	const untranslated = [];
	const fuzzy = [];
	for ( const entry of entries ) {
		if ( isHeader( entry ) ) {
			continue;
		}
		if ( entry.flags.includes( 'fuzzy' ) ) {
			fuzzy.push( entry.msgid );
		} else if ( ! isTranslated( entry ) ) {
			untranslated.push( entry.msgid );
		} else {
			translated++;
			const sources = [ entry.msgid, entry.msgid_plural ?? entry.msgid ];
			entry.msgstr.forEach( ( text, i ) => {
				const english = sources[ Math.min( i, 1 ) ];
				// A singular may leave out the number ("one item"); every other form keeps the placeholders.
				if (
					placeholders( text ) !== placeholders( english ) &&
					! ( 0 === i && undefined !== entry.msgid_plural )
				) {
					problems.push(
						`${ locale }: placeholders differ in "${ entry.msgid }": "${ text }"`
					);
				}
			} );
		}
	}
	for ( const msgid of untranslated ) {
		problems.push( `${ locale }: untranslated: "${ msgid }"` );
	}
	for ( const msgid of fuzzy ) {
		problems.push(
			`${ locale }: fuzzy (check and remove the fuzzy flag): "${ msgid }"`
		);
	}
	return {
		translated,
		untranslated: untranslated.length,
		fuzzy: fuzzy.length,
	};
}

/* ------------------------------------------------------------------- main */

function main() {
	fs.mkdirSync( LANGUAGES, { recursive: true } );
	const tmp = fs.mkdtempSync( path.join( os.tmpdir(), 'ecster-om-i18n-' ) );
	const report = { check, strings: 0, locales: {}, problems };
	try {
		const potOut = check ? path.join( tmp, `${ DOMAIN }.pot` ) : POT;
		const previous = fs.existsSync( POT )
			? path.join( tmp, 'previous.pot' )
			: null;
		if ( previous ) {
			fs.copyFileSync( POT, previous );
		}
		const potEntries = makePot( tmp, potOut, previous );
		report.strings = potEntries.length;
		if (
			check &&
			fs.readFileSync( potOut, 'utf8' ) !==
				( previous ? fs.readFileSync( previous, 'utf8' ) : '' )
		) {
			problems.push(
				`${ posix( path.relative( ROOT, POT ) ) } is not what the sources give: run npm run i18n`
			);
		}

		const sources = bundleSources();
		const poFiles = fs
			.readdirSync( LANGUAGES )
			.filter(
				( f ) => f.startsWith( `${ DOMAIN }-` ) && f.endsWith( '.po' )
			)
			.sort();
		for ( const poName of poFiles ) {
			const locale = poName.slice( DOMAIN.length + 1, -3 );
			const po = path.join( LANGUAGES, poName );
			const merged = check ? path.join( tmp, poName ) : po;
			if ( check ) {
				fs.copyFileSync( po, merged );
			}
			run( 'msgmerge', [
				'--quiet',
				'--update',
				'--backup=none',
				'--previous',
				'--no-wrap',
				'--add-location=file',
				merged,
				potOut,
			] );
			const poText = fs.readFileSync( merged, 'utf8' );
			if ( check && poText !== fs.readFileSync( po, 'utf8' ) ) {
				problems.push(
					`${ poName } is not merged with the current strings: run npm run i18n`
				);
			}
			const stats = checkTranslations( locale, parsePo( poText ) );
			report.locales[ locale ] = stats;

			const moName = poName.replace( /\.po$/, '.mo' );
			const mo = check
				? path.join( tmp, moName )
				: path.join( LANGUAGES, moName );
			run( 'msgfmt', [ '--check', '-o', mo, merged ] );
			if (
				check &&
				( ! fs.existsSync( path.join( LANGUAGES, moName ) ) ||
					! fs
						.readFileSync( mo )
						.equals(
							fs.readFileSync( path.join( LANGUAGES, moName ) )
						) )
			) {
				problems.push(
					`${ moName } is not compiled from ${ poName }: run npm run i18n`
				);
			}

			const json = makeJson( poText, locale, sources );
			const existing = fs
				.readdirSync( LANGUAGES )
				.filter(
					( f ) =>
						f.startsWith( `${ DOMAIN }-${ locale }-` ) &&
						f.endsWith( '.json' )
				);
			for ( const name of existing ) {
				if ( ! json.has( name ) ) {
					if ( check ) {
						problems.push(
							`${ name } belongs to no built script: run npm run i18n`
						);
					} else {
						fs.rmSync( path.join( LANGUAGES, name ) );
					}
				}
			}
			for ( const [ name, content ] of json ) {
				const file = path.join( LANGUAGES, name );
				if ( check ) {
					if (
						! fs.existsSync( file ) ||
						fs.readFileSync( file, 'utf8' ) !== content
					) {
						problems.push(
							`${ name } is not what ${ poName } gives: run npm run i18n`
						);
					}
				} else {
					fs.writeFileSync( file, content );
				}
			}
			stats.json = [ ...json.keys() ];
		}
	} finally {
		fs.rmSync( tmp, { recursive: true, force: true } );
	}
	return report;
}

const report = main();
if ( check ) {
	process.stdout.write( JSON.stringify( report, null, 2 ) + '\n' );
} else {
	console.log(
		`i18n: ${ report.strings } strings in ${ posix( path.relative( ROOT, POT ) ) }`
	);
	for ( const [ locale, stats ] of Object.entries( report.locales ) ) {
		console.log(
			`i18n: ${ locale }: ${ stats.translated } translated, ${ stats.fuzzy } fuzzy, ${ stats.untranslated } untranslated; JSON: ${ stats.json.join( ', ' ) || 'none' }`
		);
	}
	for ( const problem of problems.filter(
		( p ) => ! /untranslated:|fuzzy/.test( p )
	) ) {
		console.log( `i18n: ${ problem }` );
	}
}
process.exitCode = check && problems.length ? 1 : 0;
