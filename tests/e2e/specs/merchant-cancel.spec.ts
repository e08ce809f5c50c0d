/**
 * Merchant procedure 1 — cancel an order: Processing → Cancelled annuls the Ecster reservation.
 *
 * The merchant opens the order from the orders list, chooses Cancelled, clicks Update, confirms
 * the Ecster dialog; the order is saved Cancelled with the note, and Ecster has the ANNUL.
 */
import { test, expect } from '../fixtures';
import {
	chooseOrderStatus,
	nextPageLoad,
	openOrderFromList,
	orderNotesOnPage,
	setEcsterSettings,
	waitForEcsterPanel,
} from '../utils/woo';

test.beforeEach( async ( { requestUtils, sandbox } ) => {
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
} );

test( 'Processing → Cancelled annuls the reservation in Ecster', async ( {
	page,
	store,
	sandbox,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	expect( order.status ).toBe( 'processing' );
	expect( ecster.status ).toBe( 'READY' );

	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	await chooseOrderStatus( page, 'wc-cancelled' );
	await page.getByRole( 'button', { name: 'Update' } ).click();

	const dialog = page.getByRole( 'dialog', {
		name: 'Annul the reservation in Ecster?',
	} );
	await expect( dialog ).toContainText( 'Annul the Ecster reservation' );
	// Nothing is sent before the merchant confirms.
	expect( await store.transactionRequests( ecster.id ) ).toHaveLength( 0 );

	const saved = nextPageLoad( page );
	await dialog.getByRole( 'button', { name: 'Annul and save' } ).click();
	await saved;

	await expect( page.locator( '#message' ) ).toContainText( 'Order updated' );
	await expect( page.locator( '#order_status' ) ).toHaveValue(
		'wc-cancelled'
	);
	const annulNote = orderNotesOnPage( page ).filter( {
		hasText: 'Ecster payment was successfully cancelled',
	} );
	await expect( annulNote ).toHaveCount( 1 );

	const inEcster = await sandbox.getOrder( ecster.id );
	expect( inEcster.status ).toBe( 'ANNULLED' );
	const annul = inEcster.transactions.filter( ( t ) => t.type === 'ANNUL' );
	expect( annul ).toHaveLength( 1 );
	await expect( annulNote ).toContainText( annul[ 0 ].id );

	// The request log: exactly one transaction request, the ANNUL, answered 201.
	const requests = await store.transactionRequests( ecster.id );
	expect(
		requests.map( ( r ) => [
			( r.body as { type: string } ).type,
			r.status,
		] )
	).toEqual( [ [ 'ANNUL', 201 ] ] );
	expect( ( await store.order( order.id ) ).status ).toBe( 'cancelled' );
} );
