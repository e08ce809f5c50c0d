/**
 * Merchant procedure 2 — activate (debit) an order: Processing → Completed.
 *
 * The merchant opens the order from the orders list, chooses Completed, clicks Update and
 * confirms the debit; the order is saved Completed with the note "Ecster payment debited … (transaction …)"
 * and Ecster has one DEBIT of the order total.
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

test( 'Processing → Completed debits the order total in Ecster', async ( {
	page,
	store,
	sandbox,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	const total = Math.round( Number( order.total ) * 100 );
	expect( order.status ).toBe( 'processing' );

	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	await chooseOrderStatus( page, 'wc-completed' );
	await page.getByRole( 'button', { name: 'Update' } ).click();

	const dialog = page.getByRole( 'dialog', {
		name: 'Debit the order in Ecster?',
	} );
	await expect( dialog ).toContainText( /Debit 998,00\s+kr in Ecster/ );
	expect( await store.transactionRequests( ecster.id ) ).toHaveLength( 0 );

	const saved = nextPageLoad( page );
	await dialog.getByRole( 'button', { name: 'Debit and save' } ).click();
	await saved;

	await expect( page.locator( '#message' ) ).toContainText( 'Order updated' );
	await expect( page.locator( '#order_status' ) ).toHaveValue(
		'wc-completed'
	);

	const inEcster = await sandbox.getOrder( ecster.id );
	expect( inEcster.status ).toBe( 'FULLY_DELIVERED' );
	const debits = inEcster.transactions.filter( ( t ) => t.type === 'DEBIT' );
	expect( debits ).toHaveLength( 1 );
	expect( debits[ 0 ].amount ).toBe( total );
	expect( inEcster.debitedAmount ).toBe( total );

	// "Ecster payment debited" followed by the transaction number Ecster gave.
	const debitNote = orderNotesOnPage( page ).filter( {
		hasText: 'Ecster payment debited',
	} );
	await expect( debitNote ).toHaveCount( 1 );
	await expect( debitNote ).toHaveText(
		new RegExp(
			`^\\s*Ecster payment debited: 998,00\\s+kr \\(transaction ${ debits[ 0 ].id }\\)\\.\\s*$`
		)
	);

	const requests = await store.transactionRequests( ecster.id );
	expect( requests ).toHaveLength( 1 );
	expect( requests[ 0 ].status ).toBe( 201 );
	expect( requests[ 0 ].body ).toMatchObject( {
		type: 'DEBIT',
		amount: total,
		transactionReference: String( order.id ),
	} );
	expect( ( await store.order( order.id ) ).status ).toBe( 'completed' );
} );
