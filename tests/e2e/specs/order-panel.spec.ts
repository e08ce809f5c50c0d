/**
 * The "Ecster Pay" panel on WooCommerce's order edit screen, against WordPress + WooCommerce
 * and the Ecster sandbox: live state, Save with a new status (debit / annul, also when Ecster
 * fails) and refunds through WooCommerce's own refund UI.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { PHYSICAL_ITEM } from '../utils/store';
import type { ManagedOrderItem } from '../utils/store';
import { orderEditUrl, setEcsterSettings } from '../utils/woo';

const NBSP = '\u00a0';
const FILTER_ITEM: ManagedOrderItem = {
	sku: 'E2E-PANEL-KAFFEFILTER',
	name: 'Kaffefilter',
	price: '49',
	quantity: 1,
};

/** Swedish price settings: "998,00 kr". */
const SWEDISH_PRICES = {
	woocommerce_price_decimal_sep: ',',
	woocommerce_price_thousand_sep: ' ',
	woocommerce_currency_pos: 'right_space',
	woocommerce_price_num_decimals: '2',
};

type GeneralSetting = { id: string; value: string };

const panel = ( page: Page ) => page.locator( '#ecster-om-order-panel' );
const panelRow = ( page: Page, label: string ) =>
	panel( page ).locator( 'tr', {
		has: page.locator( 'th', { hasText: label } ),
	} );

/**
 * Opens the order and waits for the panel; with `live`, also until the panel has asked Ecster
 * (through the REST API, which queues behind WooCommerce's own admin requests in Playground).
 *
 * @param page Page.
 * @param id   Order id.
 * @param live Wait for the live Ecster state.
 */
async function openOrder(
	page: Page,
	id: number,
	live = false
): Promise< void > {
	await page.goto( orderEditUrl( id ) );
	await expect( page.locator( '#woocommerce-order-items' ) ).toBeVisible();
	await expect( panel( page ).locator( '.ecster-om-panel' ) ).toBeVisible();
	if ( live ) {
		await expect( panelRow( page, 'Ecster status' ) ).not.toContainText(
			'Not checked yet',
			{ timeout: 4 * 60_000 }
		);
		await expect(
			panel( page ).getByText( 'Checking Ecster…' )
		).toHaveCount( 0, {
			timeout: 4 * 60_000,
		} );
	}
}

/**
 * The order total exactly as WooCommerce renders it on the order screen ("1 047,00 kr").
 *
 * @param page Page.
 */
function wooOrderTotal( page: Page ): Promise< string > {
	return page
		.locator( '.wc-order-totals tr', { hasText: 'Order Total' } )
		.locator( '.woocommerce-Price-amount' )
		.innerText();
}

/**
 * Chooses a status in WooCommerce's select2-enhanced select, as the merchant's click does.
 *
 * @param page   Page.
 * @param status Value such as wc-completed.
 */
async function chooseStatus( page: Page, status: string ): Promise< void > {
	await page.evaluate( ( value ) => {
		const jq = ( window as unknown as { jQuery: ( s: string ) => any } )
			.jQuery;
		jq( '#order_status' ).val( value ).trigger( 'change' );
	}, status );
}

/**
 * Opens WooCommerce's refund panel and enters a quantity for one line (WooCommerce fills the
 * line total and the refund amount itself).
 *
 * @param page     Page.
 * @param itemName Product name of the line.
 * @param quantity Quantity to refund.
 */
async function refundLine(
	page: Page,
	itemName: string,
	quantity: number
): Promise< void > {
	if ( ! ( await page.locator( 'div.wc-order-refund-items' ).isVisible() ) ) {
		await page.locator( 'button.refund-items' ).click();
	}
	const row = page.locator( '#order_line_items tr.item', {
		hasText: itemName,
	} );
	const qty = row.locator( 'input.refund_order_item_qty' );
	await qty.fill( String( quantity ) );
	await qty.dispatchEvent( 'change' );
}

test.describe( 'Ecster Pay panel on the order edit screen', () => {
	let previousPrices: GeneralSetting[] = [];

	test.beforeAll( async ( { requestUtils, sandbox } ) => {
		await sandbox.waitUntilReady();
		await setEcsterSettings( requestUtils, {
			manage_ecster_orders: 'yes',
		} );
		const general = await requestUtils.rest< GeneralSetting[] >( {
			path: '/wc/v3/settings/general',
		} );
		previousPrices = general.filter(
			( setting ) => setting.id in SWEDISH_PRICES
		);
		await requestUtils.rest( {
			method: 'POST',
			path: '/wc/v3/settings/general/batch',
			data: {
				update: Object.entries( SWEDISH_PRICES ).map(
					( [ id, value ] ) => ( {
						id,
						value,
					} )
				),
			},
		} );
	} );

	test.afterEach( async ( { sandbox } ) => {
		await sandbox.clearFaults();
	} );

	test.afterAll( async ( { requestUtils } ) => {
		if ( previousPrices.length > 0 ) {
			await requestUtils.rest( {
				method: 'POST',
				path: '/wc/v3/settings/general/batch',
				data: {
					update: previousPrices.map( ( { id, value } ) => ( {
						id,
						value,
					} ) ),
				},
			} );
		}
	} );

	test( 'shows the order state from the sandbox, formatted like WooCommerce', async ( {
		page,
		store,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();
		await openOrder( page, order.id, true );

		await expect( panelRow( page, 'Ecster order' ) ).toContainText(
			ecster.id
		);
		await expect( panelRow( page, 'Payment method' ) ).toContainText(
			'Invoice'
		);
		await expect( panelRow( page, 'Ecster status' ) ).toContainText(
			'READY'
		);
		await expect( panelRow( page, 'Reserved' ) ).toHaveText(
			`Reserved998,00${ NBSP }kr`
		);
		await expect( panelRow( page, 'Debited' ) ).toContainText(
			`0,00${ NBSP }kr`
		);
		// Exactly WooCommerce's own rendering of the same amount on the same page.
		const wooTotal = await wooOrderTotal( page );
		await expect( panelRow( page, 'Reserved' ).locator( 'td' ) ).toHaveText(
			wooTotal
		);
		await expect(
			panel( page ).getByRole( 'row', { name: /Reservation/ } )
		).toContainText( `998,00${ NBSP }kr` );

		await panel( page ).screenshot( {
			path: path.join(
				__dirname,
				'../../../artifacts/e2e/order-panel.png'
			),
		} );
		await page.screenshot( {
			path: path.join(
				__dirname,
				'../../../artifacts/e2e/order-panel-page.png'
			),
		} );
	} );

	test( 'Processing → Completed: confirm debits in Ecster, adds the note and saves the status', async ( {
		page,
		store,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();
		await openOrder( page, order.id );
		await page
			.locator( '#_billing_first_name' )
			.evaluate( ( input: HTMLInputElement ) => {
				input.value = 'Edited';
			} );
		await chooseStatus( page, 'wc-completed' );
		await page.locator( 'button.save_order' ).click();

		const dialog = page.getByRole( 'dialog', {
			name: 'Debit the order in Ecster?',
		} );
		await expect( dialog ).toContainText(
			`Debit 998,00${ NBSP }kr in Ecster`
		);
		expect(
			await store.transactionRequests( ecster.id, 'DEBIT' )
		).toHaveLength( 0 );

		await dialog.getByRole( 'button', { name: 'Debit and save' } ).click();
		// The debit runs, then the form is submitted and WordPress redirects back to the order.
		await expect( page.locator( '#message' ) ).toContainText(
			'Order updated',
			{
				timeout: 4 * 60_000,
			}
		);
		await expect(
			panel( page ).locator( '.ecster-om-panel' )
		).toBeVisible();

		const saved = await store.order( order.id );
		expect( saved.status ).toBe( 'completed' );
		const inEcster = await store.sandbox.getOrder( ecster.id );
		expect( inEcster.status ).toBe( 'FULLY_DELIVERED' );
		expect( inEcster.debitedAmount ).toBe( 99800 );
		expect(
			await store.transactionRequests( ecster.id, 'DEBIT' )
		).toHaveLength( 1 );
		const notes = await store.notes( order.id );
		expect(
			notes.filter( ( note ) =>
				note.startsWith( 'Ecster payment debited' )
			)
		).toHaveLength( 1 );
		// Other edits on the page were saved with the status.
		const billing = await store.requestUtils.rest< {
			billing: { first_name: string };
		} >( {
			path: `/wc/v3/orders/${ order.id }`,
		} );
		expect( billing.billing.first_name ).toBe( 'Edited' );

		await expect( panelRow( page, 'Debited' ) ).toContainText(
			`998,00${ NBSP }kr`
		);
	} );

	test( 'Processing → Cancelled: confirm annuls the reservation and saves the status', async ( {
		page,
		store,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();
		await openOrder( page, order.id );
		await chooseStatus( page, 'wc-cancelled' );
		await page.locator( 'button.save_order' ).click();

		const dialog = page.getByRole( 'dialog' );
		await expect( dialog ).toContainText( 'Annul the Ecster reservation' );
		await dialog.getByRole( 'button', { name: 'Annul and save' } ).click();
		await expect( page.locator( '#message' ) ).toContainText(
			'Order updated',
			{
				timeout: 4 * 60_000,
			}
		);
		await expect( page.locator( '#order_status' ) ).toHaveValue(
			'wc-cancelled'
		);

		expect( ( await store.order( order.id ) ).status ).toBe( 'cancelled' );
		expect( ( await store.sandbox.getOrder( ecster.id ) ).status ).toBe(
			'ANNULLED'
		);
		expect(
			await store.transactionRequests( ecster.id, 'ANNUL' )
		).toHaveLength( 1 );
	} );

	test( 'a failed debit shows the Ecster error, keeps the order Processing and records no DEBIT', async ( {
		page,
		store,
		sandbox,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();
		await openOrder( page, order.id );
		await sandbox.addFault( {
			match: { type: 'DEBIT' },
			times: 5,
			response: {
				ecsterCode: 4424,
				status: 400,
				message: 'Order is not in a valid state',
			},
		} );
		const orderPosts: string[] = [];
		page.on( 'request', ( request ) => {
			if (
				request.method() === 'POST' &&
				request.url().includes( 'page=wc-orders' )
			) {
				orderPosts.push( request.url() );
			}
		} );

		await chooseStatus( page, 'wc-completed' );
		await page.locator( 'button.save_order' ).click();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Debit and save' } )
			.click();

		const message = panel( page ).locator( '.ecster-om-panel__message' );
		await expect( message ).toContainText(
			'The order was not debited in Ecster and was not saved',
			{ timeout: 4 * 60_000 }
		);
		await expect(
			page.locator( '#ecster-om-order-notice.notice-error' )
		).toBeVisible();
		await expect( page.getByRole( 'dialog' ) ).toHaveCount( 0 );
		await expect( page.locator( '#order_status' ) ).toHaveValue(
			'wc-processing'
		);
		await expect(
			page.locator( '#select2-order_status-container' )
		).toHaveText( 'Processing' );
		expect( orderPosts ).toHaveLength( 0 );

		expect( ( await store.order( order.id ) ).status ).toBe( 'processing' );
		const inEcster = await sandbox.getOrder( ecster.id );
		expect( inEcster.status ).toBe( 'READY' );
		expect( inEcster.debitedAmount ).toBe( 0 );
		expect(
			inEcster.transactions.filter( ( t ) => t.type === 'DEBIT' )
		).toHaveLength( 0 );
		const saved = await store.order( order.id );
		expect( saved.meta_data.map( ( meta ) => meta.key ) ).not.toContain(
			'_ecster_order_captured_id'
		);
	} );

	test( 'refunds one line and then the rest through WooCommerce: two credits in Ecster', async ( {
		page,
		store,
		requestUtils,
		sandbox,
	} ) => {
		test.setTimeout( 20 * 60_000 ); // Four order screens and two refunds in Playground.
		const { order, ecster } = await store.createManagedOrder( {
			items: [ PHYSICAL_ITEM, FILTER_ITEM ],
		} );
		await requestUtils.rest( {
			method: 'POST',
			path: `/ecster-om/v1/orders/${ order.id }/debit`,
		} );
		await openOrder( page, order.id );
		// 2 × 499 + 49 = 1 047 kr, formatted by WooCommerce itself on the same page.
		const total = await wooOrderTotal( page );
		expect( total.replace( /\D/g, '' ) ).toBe( '104700' );
		await expect( panelRow( page, 'Debited' ).locator( 'td' ) ).toHaveText(
			total
		);

		// 1: the filter line.
		await refundLine( page, 'Kaffefilter', 1 );
		await expect( page.locator( '#refund_amount' ) ).toHaveValue( '49,00' );
		await page.locator( 'button.do-api-refund' ).click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Refund via Ecster Pay',
		} );
		await expect( dialog ).toContainText(
			`Credit 49,00${ NBSP }kr in Ecster`
		);
		const line = dialog.getByRole( 'row', { name: /Kaffefilter/ } );
		await expect( line ).toContainText( '× 1' );
		await expect( line ).toContainText( `49,00${ NBSP }kr` );
		// WooCommerce sends its refund request, the gateway credits in Ecster, and WooCommerce
		// reloads the page on success.
		await Promise.all( [
			page.waitForEvent( 'load', { timeout: 5 * 60_000 } ),
			dialog.getByRole( 'button', { name: 'Credit and refund' } ).click(),
		] );
		await expect
			.poll(
				async () =>
					( await store.transactionRequests( ecster.id, 'CREDIT' ) )
						.length,
				{
					timeout: 120_000,
				}
			)
			.toBe( 1 );
		expect( ( await sandbox.getOrder( ecster.id ) ).creditedAmount ).toBe(
			4900
		);

		// 2: the rest.
		await openOrder( page, order.id );
		await expect( panelRow( page, 'Credited' ) ).toContainText(
			`49,00${ NBSP }kr`
		);
		await refundLine( page, PHYSICAL_ITEM.name, 2 );
		await expect( page.locator( '#refund_amount' ) ).toHaveValue(
			'998,00'
		);
		await page.locator( 'button.do-api-refund' ).click();
		await expect( dialog ).toContainText(
			`Credit 998,00${ NBSP }kr in Ecster`
		);
		// WooCommerce sends its refund request, the gateway credits in Ecster, and WooCommerce
		// reloads the page on success.
		await Promise.all( [
			page.waitForEvent( 'load', { timeout: 5 * 60_000 } ),
			dialog.getByRole( 'button', { name: 'Credit and refund' } ).click(),
		] );
		await expect
			.poll(
				async () =>
					( await store.transactionRequests( ecster.id, 'CREDIT' ) )
						.length,
				{
					timeout: 120_000,
				}
			)
			.toBe( 2 );
		const inEcster = await sandbox.getOrder( ecster.id );
		expect( inEcster.creditedAmount ).toBe( 104700 );
		expect(
			inEcster.transactions.filter( ( t ) => t.type === 'CREDIT' )
		).toHaveLength( 2 );

		await openOrder( page, order.id );
		await expect( panelRow( page, 'Credited' ).locator( 'td' ) ).toHaveText(
			total
		);
		await expect(
			panel( page ).locator( '.ecster-om-panel__refund.is-credited' )
		).toHaveCount( 2 );
	} );

	test( 'a refund above what can still be credited is refused before any request', async ( {
		page,
		store,
		requestUtils,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();
		await requestUtils.rest( {
			method: 'POST',
			path: `/ecster-om/v1/orders/${ order.id }/debit`,
		} );
		await openOrder( page, order.id );
		const ajax: string[] = [];
		page.on( 'request', ( request ) => {
			if ( request.url().includes( 'admin-ajax.php' ) ) {
				ajax.push( request.postData() ?? '' );
			}
		} );

		// With taxes on, WooCommerce makes the amount field read-only and sums the line inputs;
		// a line amount typed above the line's total makes the refund exceed the remainder.
		await refundLine( page, PHYSICAL_ITEM.name, 2 );
		const lineTotal = page
			.locator( '#order_line_items tr.item' )
			.locator( 'input.refund_line_total' );
		await lineTotal.fill( '1200,00' );
		await lineTotal.dispatchEvent( 'change' );
		await expect( page.locator( '#refund_amount' ) ).not.toHaveValue(
			'998,00'
		);
		await page.locator( 'button.do-api-refund' ).click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Refund via Ecster Pay',
		} );
		await expect( dialog ).toContainText(
			/\d+,\d\d\u00a0kr is more than can still be credited in Ecster \(998,00\u00a0kr\)\./
		);
		await expect(
			dialog.getByRole( 'button', { name: 'Credit and refund' } )
		).toHaveCount( 0 );
		await dialog.getByRole( 'button', { name: 'OK' } ).click();
		await expect( dialog ).toHaveCount( 0 );

		expect(
			ajax.filter( ( body ) =>
				body.includes( 'woocommerce_refund_line_items' )
			)
		).toHaveLength( 0 );
		expect(
			await store.transactionRequests( ecster.id, 'CREDIT' )
		).toHaveLength( 0 );
		const refunds = await requestUtils.rest< unknown[] >( {
			path: `/wc/v3/orders/${ order.id }/refunds`,
		} );
		expect( refunds ).toHaveLength( 0 );
	} );
} );
