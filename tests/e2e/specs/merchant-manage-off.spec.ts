/**
 * Merchant procedure 7 — Manage orders off: status changes and refunds make no Ecster call, and
 * the Ecster Pay box on the order says why.
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

test( '"Refund via Ecster Pay" is refused with the reason and sends nothing', async ( {
	page,
	store,
	requestUtils,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	await openOrderFromList( page, order );
	await expect( page.locator( '#ecster-om-order-panel' ) ).toContainText(
		OFF_TEXT
	);
	const alerts: string[] = [];
	page.on( 'dialog', ( dialog ) => {
		// WooCommerce's own "Are you sure…?" confirm, then its alert with the gateway's error.
		if ( dialog.type() === 'alert' ) {
			alerts.push( dialog.message() );
		}
		void dialog.accept();
	} );

	await enterRefundQuantity( page, PHYSICAL_ITEM.name, 1 );
	await expect( page.locator( '#refund_amount' ) ).toHaveValue( '499,00' );
	await page.locator( 'button.do-api-refund' ).click();

	await expect.poll( () => alerts, { timeout: 180_000 } ).toHaveLength( 1 );
	expect( alerts[ 0 ] ).toContain(
		'Manage orders is turned off in the Ecster Pay settings'
	);
	expect( alerts[ 0 ] ).toContain( 'Refund manually' );

	expect( await store.ecsterRequests( ecster.id ) ).toHaveLength( 0 );
	const refunds = await requestUtils.rest< unknown[] >( {
		path: `/wc/v3/orders/${ order.id }/refunds`,
	} );
	expect( refunds ).toHaveLength( 0 );
} );
