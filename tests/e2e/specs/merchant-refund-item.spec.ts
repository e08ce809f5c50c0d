/**
 * Merchant procedure 4 — refund one item: change the refund quantity of one line, "Refund …
 * via Ecster Pay"; only that line is credited in Ecster (amount and rows).
 */
import { test, expect } from '../fixtures';
import { PHYSICAL_ITEM, type ManagedOrderItem } from '../utils/store';
import {
	enterRefundQuantity,
	nextPageLoad,
	openOrderFromList,
	orderNotesOnPage,
	setEcsterSettings,
	waitForEcsterPanel,
} from '../utils/woo';

const FILTER: ManagedOrderItem = {
	sku: 'E2E-MERCHANT-KAFFEFILTER',
	name: 'Kaffefilter',
	price: '49',
	quantity: 1,
};

test.beforeEach( async ( { requestUtils, sandbox } ) => {
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
} );

test( 'refunding one line credits only that line in Ecster', async ( {
	page,
	store,
	sandbox,
	requestUtils,
} ) => {
	const { order, ecster } = await store.createManagedOrder( {
		items: [ PHYSICAL_ITEM, FILTER ],
	} );
	expect( order.total ).toBe( '1047.00' );
	await requestUtils.rest( {
		method: 'POST',
		path: `/ecster-om/v1/orders/${ order.id }/debit`,
	} );
	const debit = ( await sandbox.getOrder( ecster.id ) ).transactions.find(
		( t ) => t.type === 'DEBIT'
	);
	expect( debit?.amount ).toBe( 104700 );

	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	await enterRefundQuantity( page, FILTER.name, 1 );
	// WooCommerce fills the line's refund total and the refund amount itself.
	await expect( page.locator( '#refund_amount' ) ).toHaveValue( '49,00' );
	await page.locator( 'button.do-api-refund' ).click();

	const dialog = page.getByRole( 'dialog', {
		name: 'Refund via Ecster Pay',
	} );
	await expect( dialog ).toContainText( /Credit 49,00\s+kr in Ecster/ );
	const rows = dialog.locator( 'table.ecster-om-confirm__lines tbody tr' );
	await expect( rows ).toHaveCount( 1 );
	await expect( rows ).toContainText( FILTER.name );
	await expect( rows ).toContainText( '× 1' );
	const reloaded = nextPageLoad( page );
	await dialog.getByRole( 'button', { name: 'Credit and refund' } ).click();
	await reloaded;

	await expect(
		orderNotesOnPage( page ).filter( {
			hasText: /Ecster order credited with 49,00\s+kr/,
		} )
	).toHaveCount( 1 );

	const inEcster = await sandbox.getOrder( ecster.id );
	const credits = inEcster.transactions.filter(
		( t ) => t.type === 'CREDIT'
	);
	expect( credits ).toHaveLength( 1 );
	expect( credits[ 0 ].amount ).toBe( 4900 );
	expect( inEcster.creditedAmount ).toBe( 4900 );

	// The CREDIT request: the filter line only, VAT 25 %, rows adding up to the amount.
	const requests = await store.transactionRequests( ecster.id, 'CREDIT' );
	expect( requests ).toHaveLength( 1 );
	const body = requests[ 0 ].body as {
		amount: number;
		debitTransaction: string;
		rows: Array< Record< string, unknown > >;
	};
	expect( body.amount ).toBe( 4900 );
	expect( body.debitTransaction ).toBe( debit?.id );
	expect( body.rows ).toEqual( [
		{
			partNumber: FILTER.sku,
			name: FILTER.name,
			quantity: 1,
			unitAmount: 4900,
			vatRate: 2500,
		},
	] );

	// WooCommerce: a partial refund of the filter line; the order stays Completed.
	const refunds = await requestUtils.rest<
		Array< {
			amount: string;
			line_items: Array< { name: string; quantity: number } >;
		} >
	>( { path: `/wc/v3/orders/${ order.id }/refunds` } );
	expect( refunds ).toHaveLength( 1 );
	expect( refunds[ 0 ].amount ).toBe( '49.00' );
	expect(
		refunds[ 0 ].line_items.map( ( item ) => [ item.name, item.quantity ] )
	).toEqual( [ [ FILTER.name, -1 ] ] );
	expect( ( await store.order( order.id ) ).status ).toBe( 'completed' );
} );
