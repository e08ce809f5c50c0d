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
	// One WordPress (PHP in WebAssembly, 2 cores): specs run one after another.
	workers: 1,
	fullyParallel: false,
	// A flaky test is a failing test: never retried.
	retries: 0,
	// An admin page in Playground takes seconds; a whole merchant procedure takes minutes.
	timeout: 6 * 60 * 1000,
	// The whole suite stops (and fails) rather than outlive CI's time limit.
	globalTimeout: 50 * 60 * 1000,
	expect: { timeout: 60 * 1000 },
	reporter: reporters as never,
	globalSetup: require.resolve( './global-setup.ts' ),
	use: {
		baseURL,
		storageState: process.env.STORAGE_STATE_PATH,
		browserName: 'chromium',
		headless: true,
		locale: 'en-US',
		viewport: { width: 1400, height: 1000 },
		// A click that submits a form waits for the next page, which can take minutes here.
		actionTimeout: 3 * 60 * 1000,
		navigationTimeout: 3 * 60 * 1000,
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
