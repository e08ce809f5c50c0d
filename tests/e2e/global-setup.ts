/**
 * Logs in as admin once and stores the cookies and the REST nonce for every spec.
 *
 * Logging in is part of bringing the environment up, so it is retried (a site on a busy machine
 * can answer its first requests slowly, Playground's PHP in WebAssembly most of all); assertions
 * are never retried.
 */
import { request, type FullConfig } from '@playwright/test';
import { RequestUtils } from '@wordpress/e2e-test-utils-playwright';

const ATTEMPTS = 3;

async function globalSetup( config: FullConfig ): Promise< void > {
	const { baseURL, storageState } = config.projects[ 0 ].use;
	const storageStatePath =
		typeof storageState === 'string' ? storageState : undefined;
	let lastError: unknown;
	for ( let attempt = 1; attempt <= ATTEMPTS; attempt++ ) {
		const requestContext = await request.newContext( {
			baseURL,
			timeout:
				process.env.ECSTER_OM_RUNTIME_IN_USE === 'playground'
					? 3 * 60 * 1000
					: 60 * 1000,
		} );
		try {
			const requestUtils = new RequestUtils( requestContext, {
				storageStatePath,
			} );
			await requestUtils.setupRest();
			return;
		} catch ( error ) {
			lastError = error;
			process.stderr.write(
				`e2e global setup: logging in failed (attempt ${ attempt } of ${ ATTEMPTS }): ${ String( error ) }\n`
			);
		} finally {
			await requestContext.dispose();
		}
	}
	throw lastError;
}

export default globalSetup;
