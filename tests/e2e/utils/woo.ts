/**
 * WooCommerce helpers for specs, over the REST API with the admin's cookies and nonce.
 */
import { expect, type Page } from '@playwright/test';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';

export interface EcsterSettings {
	manage_ecster_orders?: 'yes' | 'no';
	api_key?: string;
	merchant_key?: string;
	testmode?: 'yes' | 'no';
	logging?: 'yes' | 'no';
	failed_debit_status?: 'on-hold' | 'processing';
}

export interface WooOrder {
	id: number;
	number: string;
	status: string;
	total: string;
	currency: string;
	line_items: Array< {
		id: number;
		name: string;
		quantity: number;
		total: string;
		total_tax: string;
	} >;
	meta_data: Array< { key: string; value: unknown } >;
}

export interface OrderNote {
	id: number;
	note: string;
	customer_note: boolean;
}

interface WooProduct {
	id: number;
	sku: string;
}

/**
 * A published simple product, created once per SKU.
 * @param requestUtils
 * @param product
 * @param product.sku
 * @param product.name
 * @param product.price
 * @param product.taxClass
 * @param product.digital
 */
export async function ensureProduct(
	requestUtils: RequestUtils,
	product: {
		sku: string;
		name: string;
		price: string;
		taxClass?: string;
		digital?: boolean;
	}
): Promise< number > {
	const found = await requestUtils.rest< WooProduct[] >( {
		path: '/wc/v3/products',
		params: { sku: product.sku },
	} );
	if ( found.length > 0 ) {
		return found[ 0 ].id;
	}
	const created = await requestUtils.rest< WooProduct >( {
		method: 'POST',
		path: '/wc/v3/products',
		data: {
			name: product.name,
			sku: product.sku,
			type: 'simple',
			status: 'publish',
			regular_price: product.price,
			tax_class: product.taxClass ?? '',
			virtual: Boolean( product.digital ),
			downloadable: Boolean( product.digital ),
		},
	} );
	return created.id;
}

export async function getOrder(
	requestUtils: RequestUtils,
	id: number
): Promise< WooOrder > {
	return requestUtils.rest< WooOrder >( { path: `/wc/v3/orders/${ id }` } );
}

/**
 * The order's notes, newest first.
 * @param requestUtils
 * @param id
 */
export async function orderNotes(
	requestUtils: RequestUtils,
	id: number
): Promise< string[] > {
	const notes = await requestUtils.rest< OrderNote[] >( {
		path: `/wc/v3/orders/${ id }/notes`,
	} );
	return notes.map( ( note ) => note.note.replace( /<[^>]+>/g, '' ) );
}

/**
 * Writes the Ecster Pay settings the way the settings screen stores them.
 * @param requestUtils
 * @param settings
 */
export async function setEcsterSettings(
	requestUtils: RequestUtils,
	settings: EcsterSettings
): Promise< void > {
	await requestUtils.rest( {
		method: 'POST',
		path: '/ecster-om/v1/settings',
		data: {
			manageOrders: settings.manage_ecster_orders !== 'no',
			environment: settings.testmode === 'no' ? 'live' : 'test',
			apiKey: settings.api_key ?? 'sandbox-api-key',
			merchantKey: settings.merchant_key ?? 'sandbox-merchant',
			logging: settings.logging === 'yes',
			failedDebitStatus: settings.failed_debit_status ?? 'on-hold',
		},
	} );
}

export function orderEditUrl( id: number ): string {
	return `/wp-admin/admin.php?page=wc-orders&action=edit&id=${ id }`;
}

// ---------------------------------------------------------------------------------------------
// The order screens as the merchant uses them (merchant-*.spec.ts).
// ---------------------------------------------------------------------------------------------

/** WooCommerce's orders list (HPOS). */
export const ORDERS_LIST_URL = '/wp-admin/admin.php?page=wc-orders';

/**
 * How long one Save/Refund round trip may take on a busy machine: native PHP answers in seconds,
 * Playground (PHP in WebAssembly) in up to minutes.
 */
export const ROUND_TRIP_TIMEOUT =
	process.env.ECSTER_OM_RUNTIME_IN_USE === 'playground'
		? 3 * 60 * 1000
		: 60 * 1000;

/**
 * WooCommerce Admin's header and activity panel load background data on every admin page
 * (wc-admin options and onboarding tasks, wc-analytics counts, the current user, notes) and
 * WordPress runs the heartbeat and a compression test. With few PHP workers (two in Playground,
 * where PHP in WebAssembly made the merchant's steps wait minutes; four natively) these requests
 * queue in front of the page's own. None of them takes part in an order procedure: the browser
 * drops them. Everything the order screen, the Ecster panel and the refund use still goes through.
 *
 * @param page Page.
 */
export async function skipAdminBackgroundRequests(
	page: Page
): Promise< void > {
	const background =
		/\/wp-json\/(wc-admin|wc-analytics)\/|rest_route=%2F(wc-admin|wc-analytics)%2F|\/wp-json\/wp\/v2\/users\/me|action=wp-compression-test/;
	await page.route(
		( url ) => background.test( url.href ),
		( route ) => route.abort( 'blockedbyclient' )
	);
	await page.route( '**/wp-admin/admin-ajax.php', ( route ) => {
		const body = route.request().postData() ?? '';
		if ( /(^|&)action=heartbeat(&|$)/.test( body ) ) {
			return route.abort( 'blockedbyclient' );
		}
		return route.continue();
	} );
}

/**
 * Opens the orders list and clicks the order's number, as the merchant does.
 *
 * @param page         Page.
 * @param order        The order (id and number).
 * @param order.id
 * @param order.number
 */
export async function openOrderFromList(
	page: Page,
	order: { id: number; number: string }
): Promise< void > {
	await skipAdminBackgroundRequests( page );
	await page.goto( ORDERS_LIST_URL );
	const link = page.locator( 'a.order-view', {
		hasText: new RegExp( `^\\s*#${ order.number }\\b` ),
	} );
	await expect( link ).toHaveCount( 1 );
	await link.click();
	await page.waitForURL( new RegExp( `action=edit&id=${ order.id }(&|$)` ) );
	await expect( page.locator( '#woocommerce-order-items' ) ).toBeVisible();
	await expect( page.locator( '#order_status' ) ).toBeAttached();
}

/**
 * Waits until the Ecster panel has asked Ecster for the live state (managed orders).
 *
 * @param page Page.
 */
export async function waitForEcsterPanel( page: Page ): Promise< void > {
	const panel = page.locator( '#ecster-om-order-panel' );
	// The panel asks the site, which asks Ecster: one more request after the page.
	const timeout = ROUND_TRIP_TIMEOUT;
	await expect( panel.locator( '.ecster-om-panel' ) ).toBeVisible( {
		timeout,
	} );
	await expect( panel.locator( '.ecster-om-panel__status' ) ).not.toHaveText(
		'Not checked yet',
		{ timeout }
	);
	await expect( panel.getByText( 'Checking Ecster…' ) ).toHaveCount( 0, {
		timeout,
	} );
}

/**
 * Chooses a status in WooCommerce's select2-enhanced status select (the documented way:
 * the select itself is hidden).
 *
 * @param page   Page.
 * @param status Value such as wc-completed.
 */
export async function chooseOrderStatus(
	page: Page,
	status: string
): Promise< void > {
	await page.evaluate( ( value ) => {
		const jq = (
			window as unknown as {
				jQuery: ( selector: string ) => {
					val: ( v: string ) => { trigger: ( e: string ) => void };
				};
			}
		 ).jQuery;
		jq( '#order_status' ).val( value ).trigger( 'change' );
	}, status );
	await expect( page.locator( '#order_status' ) ).toHaveValue( status );
}

/**
 * Resolves at the next full page load (form submit + redirect, or WooCommerce's reload after a
 * refund). Create it before the click that navigates.
 *
 * @param page Page.
 */
export function nextPageLoad( page: Page ): Promise< unknown > {
	return page.waitForEvent( 'load', { timeout: ROUND_TRIP_TIMEOUT } );
}

/**
 * Opens WooCommerce's refund panel (when it is closed) and enters a refund quantity for one line;
 * WooCommerce fills the line's refund total and tax and the refund amount itself. (With taxes on,
 * as in this Swedish store, WooCommerce makes the refund amount read-only: refunds go by line.)
 *
 * @param page     Page.
 * @param itemName Product name of the line.
 * @param quantity Quantity to refund.
 */
export async function enterRefundQuantity(
	page: Page,
	itemName: string,
	quantity: number
): Promise< void > {
	const panel = page.locator( 'div.wc-order-refund-items' );
	if ( ! ( await panel.isVisible() ) ) {
		await page
			.getByRole( 'button', { name: 'Refund', exact: true } )
			.click();
		await expect( panel ).toBeVisible();
	}
	const row = page.locator( '#order_line_items tr.item', {
		hasText: itemName,
	} );
	const input = row.locator( 'input.refund_order_item_qty' );
	await input.fill( String( quantity ) );
	await input.dispatchEvent( 'change' );
}

/**
 * The order notes shown on the order screen (newest first), without markup.
 *
 * @param page Page.
 */
export function orderNotesOnPage( page: Page ) {
	return page.locator(
		'#woocommerce-order-notes ul.order_notes li .note_content'
	);
}
