#!/usr/bin/env node
/**
 * Prints the size of every built entry in plugin/build/*.js (raw and gzip -9) and exits
 * non-zero when an entry is above its budget. WordPress packages and React are external
 * (window.wp.*, window.React), so these sizes are our own code only.
 *
 * Budgets (gzip): order-panel 15 KB, settings 25 KB, bulk 8 KB, any other entry 25 KB.
 * Usage: npm run size (after npm run build)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const KB = 1024;
const BUDGETS_GZIP = {
	'order-panel': 15 * KB,
	settings: 25 * KB,
	// The orders-list notice of bulk debits and annuls: loaded on every view of the orders list.
	bulk: 8 * KB,
};
const DEFAULT_BUDGET_GZIP = 25 * KB;

const buildDir = join(
	dirname( fileURLToPath( import.meta.url ) ),
	'..',
	'plugin',
	'build'
);

let files;
try {
	files = readdirSync( buildDir )
		.filter( ( file ) => file.endsWith( '.js' ) )
		.sort();
} catch {
	files = [];
}
if ( 0 === files.length ) {
	console.error(
		`No built entries in ${ buildDir }. Run \`npm run build\` first.`
	);
	process.exit( 2 );
}

const format = ( bytes ) => `${ ( bytes / KB ).toFixed( 2 ) } KB`;
let failed = false;
const rows = files.map( ( file ) => {
	const entry = basename( file, '.js' );
	const content = readFileSync( join( buildDir, file ) );
	const gzip = gzipSync( content, {
		level: constants.Z_BEST_COMPRESSION,
	} ).length;
	const budget = BUDGETS_GZIP[ entry ] ?? DEFAULT_BUDGET_GZIP;
	const ok = gzip <= budget;
	failed ||= ! ok;
	return { entry, raw: content.length, gzip, budget, ok };
} );

const width = Math.max( 5, ...rows.map( ( row ) => row.entry.length ) );
console.log(
	`${ 'entry'.padEnd( width ) }  ${ 'raw'.padStart( 10 ) }  ${ 'gzip'.padStart( 10 ) }  ${ 'budget (gzip)'.padStart( 13 ) }`
);
for ( const row of rows ) {
	console.log(
		`${ row.entry.padEnd( width ) }  ${ format( row.raw ).padStart( 10 ) }  ${ format( row.gzip ).padStart( 10 ) }  ${ format( row.budget ).padStart( 13 ) }  ${ row.ok ? 'ok' : 'OVER BUDGET' }`
	);
}
if ( failed ) {
	console.error( 'At least one entry is above its gzip budget.' );
	process.exit( 1 );
}
