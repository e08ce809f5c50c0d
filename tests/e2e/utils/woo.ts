/**
 * WooCommerce helpers for specs, over the REST API with the admin's cookies and nonce.
 */
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
