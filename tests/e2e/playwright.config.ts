/**
 * Playwright: end-to-end tests in Debian's Chromium against the local environment
 * (`npm run env:start`; `npm run test:e2e` starts and stops one when none runs).
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve( __dirname, '../..' );
const baseURL = process.env.WP_BASE_URL || 'http://localhost:8889';
process.env.WP_BASE_URL = baseURL; // Read by @wordpress/e2e-test-utils-playwright.
// One login per environment instance, so runs against different instances never share cookies.
process.env.STORAGE_STATE_PATH ||= path.join(
	root,
	`artifacts/e2e/storage-states/${ process.env.ECSTER_OM_ENV || 'e2e' }-admin.json`
);
process.env.ECSTER_SANDBOX_URL ||= 'http://127.0.0.1:8791';

/*
 * Timeouts by runtime (bin/test-e2e.sh exports the one in use). Native PHP + MariaDB renders an
 * admin page in 1–3 s and a merchant procedure takes about 10 s; the limits leave room for a
 * loaded 2-core machine (five to ten times slower). Playground (PHP in WebAssembly) takes
 * seconds to minutes per page, so it keeps its old limits.
 */
const playground = process.env.ECSTER_OM_RUNTIME_IN_USE === 'playground';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

const reporters: Array< [ string ] | [ string, Record< string, unknown > ] > = [
	[ 'list' ],
	[ path.join( __dirname, 'utils/summary-reporter.ts' ) ],
];
if ( process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ) {
	reporters.push( [
		'json',
		{ outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME },
	] );
}

export default defineConfig( {
	testDir: './specs',
	outputDir: path.join( root, 'artifacts/e2e/test-results' ),
	// One WordPress on 2 cores, whose settings the specs change: specs run one after another.
	workers: 1,
	fullyParallel: false,
	// A flaky test is a failing test: never retried.
	retries: 0,
	// One test: a whole merchant procedure (several admin pages and Ecster round trips).
	timeout: playground ? 6 * MINUTE : 2 * MINUTE,
	// The whole suite stops (and fails) rather than outlive CI's time limit.
	globalTimeout: playground ? 50 * MINUTE : 20 * MINUTE,
	expect: { timeout: playground ? 1 * MINUTE : 20 * SECOND },
	reporter: reporters as never,
	globalSetup: require.resolve( './global-setup.ts' ),
	use: {
		baseURL,
		storageState: process.env.STORAGE_STATE_PATH,
		browserName: 'chromium',
		headless: true,
		locale: 'en-US',
		viewport: { width: 1400, height: 1000 },
		// A click that submits a form waits for the next page (a save that calls Ecster).
		actionTimeout: playground ? 3 * MINUTE : 1 * MINUTE,
		navigationTimeout: playground ? 3 * MINUTE : 1 * MINUTE,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-dev-shm-usage',
			],
		},
	},
} );
