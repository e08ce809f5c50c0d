/**
 * Merchant procedure 5 — a digital-only order is debited at purchase.
 *
 * WooCommerce completes digital-only orders when they are paid; the plugin debits them then. The
 * order is made by the plugin's QA kit (POST ecster-om/v1/demo/orders, digital items, a fixed
 * amount) exactly as a checkout leaves it; the merchant finds it Completed with the debit note.
 */
import { test, expect } from '../fixtures';
import {
	openOrderFromList,
	orderNotesOnPage,
	setEcsterSettings,
	waitForEcsterPanel,
} from '../utils/woo';

test.beforeEach( async ( { requestUtils, sandbox } ) => {
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
} );

test( 'a digital-only order is Completed and debited when it is paid', async ( {
	page,
	store,
	sandbox,
} ) => {
	const [ demo ] = await store.createDemoOrders( {
		digital: true,
		method: 'CARD',
		amount: '1234.50',
	} );
	expect( demo ).toMatchObject( {
		status: 'completed',
		total: '1234.50',
		currency: 'SEK',
		method: 'CARD',
		digital: true,
	} );

	await openOrderFromList( page, demo );
	await expect( page.locator( '#order_status' ) ).toHaveValue(
		'wc-completed'
	);
	await waitForEcsterPanel( page );

	const inEcster = await sandbox.getOrder( demo.ecsterOrderId );
	expect( inEcster.status ).toBe( 'FULLY_DELIVERED' );
	expect( inEcster.amount ).toBe( 123450 );
	expect( inEcster.orderReference ).toBe( demo.number );
	const debits = inEcster.transactions.filter( ( t ) => t.type === 'DEBIT' );
	expect( debits ).toHaveLength( 1 );
	expect( debits[ 0 ].amount ).toBe( 123450 );

	const debitNote = orderNotesOnPage( page ).filter( {
		hasText: 'Ecster payment debited',
	} );
	await expect( debitNote ).toHaveCount( 1 );
	await expect( debitNote ).toHaveText(
		new RegExp(
			`^\\s*Ecster payment debited: 1\\s234,50\\s+kr \\(transaction ${ debits[ 0 ].id }\\)\\.\\s*$`
		)
	);

	// The request log: the order reference set to the WooCommerce number, then one DEBIT.
	const requests = (
		await store.ecsterRequests( demo.ecsterOrderId )
	).filter( ( r ) => r.method !== 'GET' );
	expect(
		requests.map( ( r ) => [
			r.method,
			r.path.split( '/' ).pop(),
			r.status,
		] )
	).toEqual( [
		[ 'PUT', 'orderReference', 200 ],
		[ 'POST', 'transactions', 201 ],
	] );
	expect( requests[ 0 ].body ).toEqual( { orderReference: demo.number } );
	expect( requests[ 1 ].body ).toMatchObject( {
		type: 'DEBIT',
		amount: 123450,
		transactionReference: String( demo.id ),
	} );
} );
