/**
 * Bulk debit from the orders list: the merchant selects orders, chooses "Change status to
 * completed" and Apply; the request answers at once, a notice follows the batch live (no reload)
 * while the queue debits the orders in Ecster and completes them; one order Ecster refuses is listed
 * with Ecster's reason, and "Retry failed" debits it.
 *
 * The queue is worked by Action Scheduler as on any store (its async runner, started by the admin
 * request and nudged while the notice follows a running batch); the spec only waits for what the
 * merchant sees.
 */
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { test, expect } from '../fixtures';
import {
	ORDERS_LIST_URL,
	ROUND_TRIP_TIMEOUT,
	setEcsterSettings,
	skipAdminBackgroundRequests,
} from '../utils/woo';

interface Batch {
	id: string;
	finished: boolean;
}

/** Earlier specs' batches out of the way: every finished batch is dismissed. */
async function dismissFinishedBatches( requestUtils: RequestUtils ) {
	const { batches } = await requestUtils.rest< { batches: Batch[] } >( {
		path: '/ecster-om/v1/bulk/batches',
	} );
	for ( const batch of batches.filter( ( b ) => b.finished ) ) {
		await requestUtils.rest( {
			method: 'POST',
			path: `/ecster-om/v1/bulk/batches/${ batch.id }/dismiss`,
		} );
	}
}

test.beforeEach( async ( { requestUtils, sandbox } ) => {
	await sandbox.waitUntilReady();
	await sandbox.clearFaults();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
	await dismissFinishedBatches( requestUtils );
} );

test( 'completing orders in bulk debits them in the background, shows the progress live and retries the one Ecster refused', async ( {
	page,
	store,
	sandbox,
} ) => {
	const orders = [
		await store.createManagedOrder(),
		await store.createManagedOrder(),
		await store.createManagedOrder(),
	];
	const refused = orders[ 1 ];
	// Ecster refuses this order's first debit ("not in a valid state"); a retry goes through.
	await sandbox.addFault( {
		match: { path: refused.ecster.id, type: 'DEBIT' },
		times: 1,
		response: { ecsterCode: 4424 },
	} );

	await skipAdminBackgroundRequests( page );
	await page.goto( ORDERS_LIST_URL );
	for ( const { order } of orders ) {
		await page.locator( `#cb-select-${ order.id }` ).check();
	}
	await page
		.locator( '#bulk-action-selector-top' )
		.selectOption( 'mark_completed' );
	await page.locator( '#doaction' ).click();
	await page.waitForURL( /page=wc-orders/ );

	const notice = page.locator( '.ecster-om-bulk__notice' ).first();
	await expect( notice ).toContainText(
		'Ecster debit of 3 orders, started from the orders list'
	);
	const batchId = await notice.getAttribute( 'data-batch' );

	// The notice reaches the end on its own: two debited, one refused with Ecster's reason.
	await expect( notice.locator( '.ecster-om-bulk__summary' ) ).toHaveText(
		'Finished: 2 done, 1 failed, 0 unknown.',
		{ timeout: ROUND_TRIP_TIMEOUT }
	);
	const problem = notice.locator( '.ecster-om-bulk__problems li' );
	await expect( problem ).toHaveCount( 1 );
	await expect(
		problem.getByRole( 'link', {
			name: `Order #${ refused.order.number }`,
		} )
	).toHaveAttribute( 'href', new RegExp( `id=${ refused.order.id }\\b` ) );
	await expect( problem ).toContainText( 'Failed' );
	await expect( problem ).toContainText( '4424' );
	expect( ( await store.order( refused.order.id ) ).status ).toBe(
		'processing'
	);

	await notice.getByRole( 'button', { name: 'Retry failed' } ).click();
	await expect( notice.locator( '.ecster-om-bulk__summary' ) ).toHaveText(
		'Done: all 3 orders debited in Ecster and completed.',
		{ timeout: ROUND_TRIP_TIMEOUT }
	);
	await expect( problem ).toHaveCount( 0 );

	for ( const { order, ecster } of orders ) {
		expect( ( await store.order( order.id ) ).status ).toBe( 'completed' );
		const inEcster = await sandbox.getOrder( ecster.id );
		expect( inEcster.status ).toBe( 'FULLY_DELIVERED' );
		expect(
			inEcster.transactions.filter( ( t ) => t.type === 'DEBIT' )
		).toHaveLength( 1 );
	}

	await notice.getByRole( 'button', { name: 'Dismiss' } ).click();
	await expect( page.locator( `[data-batch="${ batchId }"]` ) ).toHaveCount(
		0
	);
} );
