/**
 * Preloaded (NODE_OPTIONS=--require) into the Playground server that wp-env starts, to give it
 * more than one PHP worker. wp-env passes no --workers, and Playground then uses
 * min(6, cpus - 1) = 1 worker on a 2-core machine: requests would never overlap, so
 * concurrency bugs (double debits) could not show up in tests. ECSTER_OM_WORKERS (default 2)
 * sets the number. Only the `wp-playground.js server` process is touched.
 */
const script = process.argv[ 1 ] || '';
if (
	script.endsWith( 'wp-playground.js' ) &&
	process.argv[ 2 ] === 'server' &&
	! process.argv.some(
		( arg ) => arg === '--workers' || arg.startsWith( '--workers=' )
	)
) {
	const workers = process.env.ECSTER_OM_WORKERS || '2';
	if ( /^[1-9][0-9]?$/.test( workers ) ) {
		process.argv.push( '--workers', workers );
	}
}
