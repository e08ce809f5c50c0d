/**
 * The fixtures every spec uses:
 *  - `requestUtils`: the admin's REST client (cookies + nonce from global-setup);
 *  - `sandbox`: the Ecster sandbox's control client;
 *  - `store`: WooCommerce helpers bound to both (managed orders, notes, settings).
 */
import { test as base, expect } from '@playwright/test';
import { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { SandboxControlClient } from '../../ecster-sandbox/src/control-client';
import { Store } from './utils/store';

export { expect };

export const test = base.extend<
	{ sandbox: SandboxControlClient; store: Store },
	{ requestUtils: RequestUtils }
>( {
	requestUtils: [
		async ( {}, use ) => {
			const requestUtils = await RequestUtils.setup( {
				baseURL: process.env.WP_BASE_URL,
				storageStatePath: process.env.STORAGE_STATE_PATH,
			} );
			await use( requestUtils );
			await requestUtils.request.dispose();
		},
		{ scope: 'worker' },
	],
	sandbox: async ( {}, use ) => {
		await use( new SandboxControlClient( process.env.ECSTER_SANDBOX_URL ) );
	},
	store: async ( { requestUtils, sandbox }, use ) => {
		await use( new Store( requestUtils, sandbox ) );
	},
} );
