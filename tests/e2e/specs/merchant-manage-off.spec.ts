/**
 * Merchant procedure 7 — Manage orders off: status changes and refunds make no Ecster call, and
 * the Ecster Pay box on the order says why (WooCommerce then offers only the manual refund).
 */
import { test, expect } from '../fixtures';
import { PHYSICAL_ITEM } from '../utils/store';
import {
	chooseOrderStatus,
	enterRefundQuantity,
	nextPageLoad,
	openOrderFromList,
	orderNotesOnPage,
	setEcsterSettings,
} from '../utils/woo';

const OFF_TEXT =
	'Order management is off: this plugin does not debit, annul or credit Ecster orders.';

test.beforeEach( async ( { requestUtils, sandbox } ) => {
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'no' } );
} );

test.afterEach( async ( { requestUtils } ) => {
	// Leave the store as the other specs expect it.
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
} );

test( 'Processing → Completed saves the order without any Ecster call', async ( {
	page,
	store,
	sandbox,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	await openOrderFromList( page, order );
	await expect( page.locator( '#ecster-om-order-panel' ) ).toContainText(
		OFF_TEXT
	);
	await expect(
		page
			.locator( '#ecster-om-order-panel' )
			.getByRole( 'link', { name: 'Ecster Pay settings' } )
	).toHaveAttribute( 'href', /section=ecster/ );

	await chooseOrderStatus( page, 'wc-completed' );
	const saved = nextPageLoad( page );
	await page.getByRole( 'button', { name: 'Update' } ).click();
	await saved;

	await expect( page.locator( '#message' ) ).toContainText( 'Order updated' );
	await expect( page.locator( '#order_status' ) ).toHaveValue(
		'wc-completed'
	);
	await expect( page.locator( '#ecster-om-order-panel' ) ).toContainText(
		OFF_TEXT
	);
	await expect(
		orderNotesOnPage( page ).filter( { hasText: 'Ecster' } )
	).toHaveCount( 0 );
	expect( await store.ecsterRequests( ecster.id ) ).toHaveLength( 0 );
	expect( ( await sandbox.getOrder( ecster.id ) ).status ).toBe( 'READY' );
} );

test( 'a refund is offered only manually and makes no Ecster call', async ( {
	page,
	store,
	requestUtils,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	await openOrderFromList( page, order );
	await expect( page.locator( '#ecster-om-order-panel' ) ).toContainText(
		OFF_TEXT
	);
	const confirms: string[] = [];
	page.on( 'dialog', ( dialog ) => {
		// WooCommerce's own "Are you sure you wish to process this refund?" confirm.
		confirms.push( dialog.message() );
		void dialog.accept();
	} );

	await enterRefundQuantity( page, PHYSICAL_ITEM.name, 1 );
	await expect( page.locator( '#refund_amount' ) ).toHaveValue( '499,00' );
	// Not managed: WooCommerce offers no "Refund … via Ecster Pay", only the manual refund.
	await expect( page.locator( 'button.do-api-refund' ) ).toHaveCount( 0 );
	const manual = page.locator( 'button.do-manual-refund' );
	await expect( manual ).toContainText( /Refund 499,00\s+kr manually/ );
	const reloaded = nextPageLoad( page );
	await manual.click();
	await reloaded;

	expect( confirms ).toHaveLength( 1 );
	await expect( page.locator( '#ecster-om-order-panel' ) ).toContainText(
		OFF_TEXT
	);
	await expect(
		orderNotesOnPage( page ).filter( { hasText: 'Ecster' } )
	).toHaveCount( 0 );
	expect( await store.ecsterRequests( ecster.id ) ).toHaveLength( 0 );
	const refunds = await requestUtils.rest< Array< { amount: string } > >( {
		path: `/wc/v3/orders/${ order.id }/refunds`,
	} );
	expect( refunds.map( ( r ) => r.amount ) ).toEqual( [ '499.00' ] );
} );
