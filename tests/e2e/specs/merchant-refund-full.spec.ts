/**
 * Merchant procedure 3 — refund a whole order: Completed → Refund the order total "via Ecster Pay".
 *
 * The merchant opens the debited order from the orders list, clicks Refund, enters the order
 * total and a reason, clicks "Refund … via Ecster Pay" and confirms in the Ecster dialog;
 * WooCommerce reloads the page with the note holding the credit's Ecster transaction and credit
 * invoice, and Ecster has one CREDIT of the total against the DEBIT.
 */
import { test, expect } from '../fixtures';
import { PHYSICAL_ITEM } from '../utils/store';
import {
	enterRefundQuantity,
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

test( 'refunding the order total via Ecster Pay credits it in Ecster', async ( {
	page,
	store,
	sandbox,
	requestUtils,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	const total = Math.round( Number( order.total ) * 100 );
	await requestUtils.rest( {
		method: 'POST',
		path: `/ecster-om/v1/orders/${ order.id }/debit`,
	} );
	expect( ( await store.order( order.id ) ).status ).toBe( 'completed' );
	const debit = ( await sandbox.getOrder( ecster.id ) ).transactions.find(
		( t ) => t.type === 'DEBIT'
	);
	expect( debit?.amount ).toBe( total );

	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	// Every line in full: WooCommerce adds up the refund amount (read-only with taxes on).
	await enterRefundQuantity( page, PHYSICAL_ITEM.name, 2 );
	await expect( page.locator( '#refund_amount' ) ).toHaveValue( '998,00' );
	await page.locator( '#refund_reason' ).fill( 'Returned by the customer' );
	await page.locator( 'button.do-api-refund' ).click();

	const dialog = page.getByRole( 'dialog', {
		name: 'Refund via Ecster Pay',
	} );
	await expect( dialog ).toContainText( /Credit 998,00\s+kr in Ecster/ );
	await expect( dialog ).toContainText( 'Reason: Returned by the customer' );
	expect(
		await store.transactionRequests( ecster.id, 'CREDIT' )
	).toHaveLength( 0 );
	const reloaded = nextPageLoad( page );
	await dialog.getByRole( 'button', { name: 'Credit and refund' } ).click();
	await reloaded;

	const inEcster = await sandbox.getOrder( ecster.id );
	const credits = inEcster.transactions.filter(
		( t ) => t.type === 'CREDIT'
	);
	expect( credits ).toHaveLength( 1 );
	expect( credits[ 0 ].amount ).toBe( total );
	expect( credits[ 0 ].debitTransaction ).toBe( debit?.id );
	expect( inEcster.creditedAmount ).toBe( total );

	// The note with the refund's Ecster information: amount, transaction and credit invoice.
	const creditNote = orderNotesOnPage( page ).filter( {
		hasText: 'Ecster order credited',
	} );
	await expect( creditNote ).toHaveCount( 1 );
	await expect( creditNote ).toHaveText(
		new RegExp(
			`^\\s*Ecster order credited with 998,00\\s+kr\\. Ecster transaction ${ credits[ 0 ].id }\\. Credit invoice\\.\\s*$`
		)
	);
	await expect(
		creditNote.getByRole( 'link', { name: 'Credit invoice' } )
	).toHaveAttribute(
		'href',
		credits[ 0 ].billPdfUrl ?? 'missing billPdfUrl'
	);

	// The request log: one CREDIT, for the total, against the DEBIT, with the reason.
	const requests = await store.transactionRequests( ecster.id, 'CREDIT' );
	expect( requests ).toHaveLength( 1 );
	expect( requests[ 0 ].status ).toBe( 201 );
	expect( requests[ 0 ].body ).toMatchObject( {
		type: 'CREDIT',
		amount: total,
		debitTransaction: debit?.id,
		message: 'Returned by the customer',
	} );

	// WooCommerce recorded the refund (a full refund makes the order Refunded).
	const refunds = await requestUtils.rest< Array< { amount: string } > >( {
		path: `/wc/v3/orders/${ order.id }/refunds`,
	} );
	expect( refunds.map( ( r ) => r.amount ) ).toEqual( [ '998.00' ] );
	expect( ( await store.order( order.id ) ).status ).toBe( 'refunded' );
} );
