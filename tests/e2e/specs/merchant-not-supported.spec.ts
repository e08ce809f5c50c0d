/**
 * Merchant procedure 6 — what Ecster does not support is said, not done: a debit above the
 * reservation (partial capture), an annul after the debit and a refund before the debit each end
 * with a clear message and NO Ecster transaction request.
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
	waitForEcsterPanel,
} from '../utils/woo';

test.beforeEach( async ( { requestUtils, sandbox } ) => {
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, {
		manage_ecster_orders: 'yes',
		failed_debit_status: 'on-hold',
	} );
} );

test( 'completing an order whose total is above the reservation debits nothing and says why', async ( {
	page,
	store,
	sandbox,
} ) => {
	// Ecster reserved 898 kr; the order total is 998 kr.
	const { order, ecster } = await store.createManagedOrder( {
		reserved: 89800,
	} );
	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	await expect(
		page.locator( '#ecster-om-order-panel .ecster-om-panel__warning' )
	).toContainText(
		/The order total 998,00\s+kr exceeds the amount Ecster reserved \(898,00\s+kr\)/
	);

	await chooseOrderStatus( page, 'wc-completed' );
	const saved = nextPageLoad( page );
	await page.getByRole( 'button', { name: 'Update' } ).click();
	await saved;

	await expect(
		orderNotesOnPage( page ).filter( {
			hasText:
				/Ecster debit not sent: the order total 998,00\s+kr exceeds the amount Ecster reserved \(898,00\s+kr\)/,
		} )
	).toHaveCount( 1 );
	await expect(
		orderNotesOnPage( page ).filter( {
			hasText:
				'The Ecster payment was not debited, so the order was moved to On hold',
		} )
	).toHaveCount( 1 );
	await expect( page.locator( '#order_status' ) ).toHaveValue( 'wc-on-hold' );

	expect( await store.transactionRequests( ecster.id ) ).toHaveLength( 0 );
	const inEcster = await sandbox.getOrder( ecster.id );
	expect( inEcster.status ).toBe( 'READY' );
	expect( inEcster.debitedAmount ).toBe( 0 );
} );

test( 'cancelling a debited order annuls nothing and says to refund instead', async ( {
	page,
	store,
	sandbox,
	requestUtils,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	await requestUtils.rest( {
		method: 'POST',
		path: `/ecster-om/v1/orders/${ order.id }/debit`,
	} );
	const debit = ( await sandbox.getOrder( ecster.id ) ).transactions.find(
		( t ) => t.type === 'DEBIT'
	);
	expect( debit ).toBeDefined();

	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	await chooseOrderStatus( page, 'wc-cancelled' );
	const saved = nextPageLoad( page );
	await page.getByRole( 'button', { name: 'Update' } ).click();
	await saved;

	await expect(
		orderNotesOnPage( page ).filter( {
			hasText: `Ecster annul not possible: the payment was already debited (transaction ${ debit?.id })`,
		} )
	).toContainText( 'Refund the order instead' );

	// Only the DEBIT made before; no ANNUL.
	const requests = await store.transactionRequests( ecster.id );
	expect(
		requests.map( ( r ) => ( r.body as { type: string } ).type )
	).toEqual( [ 'DEBIT' ] );
	const inEcster = await sandbox.getOrder( ecster.id );
	expect( inEcster.status ).toBe( 'FULLY_DELIVERED' );
	expect( inEcster.debitedAmount ).toBe( 99800 );
} );

test( 'a refund before the debit is refused in the dialog and nothing is sent', async ( {
	page,
	store,
	requestUtils,
} ) => {
	const { order, ecster } = await store.createManagedOrder();
	await openOrderFromList( page, order );
	await waitForEcsterPanel( page );
	const refundAjax: string[] = [];
	page.on( 'request', ( request ) => {
		if (
			request.url().includes( 'admin-ajax.php' ) &&
			( request.postData() ?? '' ).includes(
				'woocommerce_refund_line_items'
			)
		) {
			refundAjax.push( request.url() );
		}
	} );

	await enterRefundQuantity( page, PHYSICAL_ITEM.name, 1 );
	await expect( page.locator( '#refund_amount' ) ).toHaveValue( '499,00' );
	await page.locator( 'button.do-api-refund' ).click();

	const dialog = page.getByRole( 'dialog', {
		name: 'Refund via Ecster Pay',
	} );
	await expect( dialog ).toContainText(
		'The order has not been debited in Ecster yet.'
	);
	await expect(
		dialog.getByRole( 'button', { name: 'Credit and refund' } )
	).toHaveCount( 0 );
	await dialog.getByRole( 'button', { name: 'OK' } ).click();
	await expect( dialog ).toHaveCount( 0 );

	expect( refundAjax ).toHaveLength( 0 );
	expect( await store.transactionRequests( ecster.id ) ).toHaveLength( 0 );
	const refunds = await requestUtils.rest< unknown[] >( {
		path: `/wc/v3/orders/${ order.id }/refunds`,
	} );
	expect( refunds ).toHaveLength( 0 );
	expect( ( await store.order( order.id ) ).status ).toBe( 'processing' );
} );
