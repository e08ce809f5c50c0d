#!/usr/bin/env node
/**
 * Reads a test report and prints "passed failed skipped" (three integers) for bin/test.sh.
 *   node bin/lib/results.mjs jest REPORT.json
 *   node bin/lib/results.mjs junit REPORT.xml
 *   node bin/lib/results.mjs playwright REPORT.json
 * Prints "0 0 0" when the report is missing or unreadable (the stage's exit code then decides).
 */
import fs from 'node:fs';

const [ kind, file ] = process.argv.slice( 2 );

function jest( text ) {
	const r = JSON.parse( text );
	return [
		r.numPassedTests,
		r.numFailedTests + ( r.numRuntimeErrorTestSuites || 0 ),
		r.numPendingTests + ( r.numTodoTests || 0 ),
	];
}

function junit( text ) {
	// PHPUnit writes one top-level <testsuite> whose attributes hold the totals.
	const attrs = ( name ) => {
		const m = text.match(
			new RegExp( `<testsuite[^>]*\\s${ name }="(\\d+)"` )
		);
		return m ? Number( m[ 1 ] ) : 0;
	};
	const tests = attrs( 'tests' );
	const failed = attrs( 'failures' ) + attrs( 'errors' );
	const skipped = attrs( 'skipped' );
	return [ tests - failed - skipped, failed, skipped ];
}

function playwright( text ) {
	const s = JSON.parse( text ).stats || {};
	// A test that only passed on a retry counts as failed: flaky is failing.
	return [
		s.expected || 0,
		( s.unexpected || 0 ) + ( s.flaky || 0 ),
		s.skipped || 0,
	];
}

let counts = [ 0, 0, 0 ];
try {
	const text = fs.readFileSync( file, 'utf8' );
	counts = { jest, junit, playwright }[ kind ]( text );
} catch {
	counts = [ 0, 0, 0 ];
}
process.stdout.write( counts.join( ' ' ) + '\n' );
