/**
 * A WooCommerce store with Ecster orders, driven over its REST API and the sandbox's control API.
 */
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import type {
	CreateOrderInput,
	SandboxControlClient,
	SandboxOrder,
} from '../../../ecster-sandbox/src/control-client';
import { ensureProduct, getOrder, orderNotes, type WooOrder } from './woo';

export interface ManagedOrderItem {
	sku: string;
	name: string;
	price: string;
	quantity?: number;
	taxClass?: string;
	digital?: boolean;
}

export interface ManagedOrderOptions {
	items?: ManagedOrderItem[];
	method?: CreateOrderInput[ 'method' ];
	/** Amount reserved in Ecster (minor units); defaults to the order total. */
	reserved?: number;
	/** Attach the Ecster reference (default true). */
	withReference?: boolean;
}

/** Options of POST ecster-om/v1/demo/orders (see docs/qa.md). */
export interface DemoOrderOptions {
	count?: number;
	digital?: boolean;
	method?: 'INVOICE' | 'CARD' | 'PARTPAYMENT' | 'SWISH';
	/** Order total in SEK, e.g. "1234.50". */
	amount?: string;
	ifNone?: boolean;
}

/** One order as the demo route answers it. */
export interface DemoOrder {
	id: number;
	number: string;
	status: string;
	total: string;
	currency: string;
	method: string;
	digital: boolean;
	ecsterOrderId: string;
	editUrl: string;
}

export interface ManagedOrder {
	order: WooOrder;
	ecster: SandboxOrder;
}

export const PHYSICAL_ITEM: ManagedOrderItem = {
	sku: 'E2E-KAFFEBRYGGARE',
	name: 'Kaffebryggare',
	price: '499',
	quantity: 2,
};

export const DIGITAL_ITEM: ManagedOrderItem = {
	sku: 'E2E-EBOK',
	name: 'E-bok: Svensk husmanskost',
	price: '149',
	quantity: 1,
	taxClass: 'super-reduced-rate',
	digital: true,
};

const CUSTOMER = {
	first_name: 'Test',
	last_name: 'Kund',
	address_1: 'Storgatan 1',
	city: 'Stockholm',
	postcode: '111 22',
	country: 'SE',
	email: 'test.kund@example.com',
	phone: '+46701234567',
};

export class Store {
	constructor(
		readonly requestUtils: RequestUtils,
		readonly sandbox: SandboxControlClient
	) {}

	/**
	 * An order as a customer paying with Ecster Pay leaves it: the order in the sandbox and the
	 * WooCommerce order (paid, Processing — or Completed for digital-only items, as WooCommerce does).
	 */
	async createManagedOrder(
		options: ManagedOrderOptions = {}
	): Promise< ManagedOrder > {
		const items = options.items ?? [ PHYSICAL_ITEM ];
		const lineItems = [];
		for ( const item of items ) {
			lineItems.push( {
				product_id: await ensureProduct( this.requestUtils, item ),
				quantity: item.quantity ?? 1,
			} );
		}
		const draft = await this.requestUtils.rest< WooOrder >( {
			method: 'POST',
			path: '/wc/v3/orders',
			data: {
				status: 'pending',
				currency: 'SEK',
				payment_method: 'ecster',
				payment_method_title: 'Ecster Pay',
				billing: CUSTOMER,
				shipping: { ...CUSTOMER, email: undefined, phone: undefined },
				line_items: lineItems,
			},
		} );
		const method = options.method ?? 'INVOICE';
		const ecster = await this.sandbox.createOrder( {
			amount:
				options.reserved ?? Math.round( Number( draft.total ) * 100 ),
			currency: 'SEK',
			orderReference: draft.number,
			method,
		} );
		const meta: Array< { key: string; value: string } > = [
			{ key: '_wc_ecster_payment_method', value: method },
		];
		if ( options.withReference !== false ) {
			meta.push( {
				key: '_wc_ecster_internal_reference',
				value: ecster.id,
			} );
		}
		const swishDebit = ecster.transactions.find(
			( t ) => t.type === 'DEBIT'
		);
		if ( method === 'SWISH' && swishDebit ) {
			meta.push( { key: '_wc_ecster_swish_id', value: swishDebit.id } );
		}
		await this.requestUtils.rest( {
			method: 'PUT',
			path: `/wc/v3/orders/${ draft.id }`,
			data: {
				meta_data: meta,
				transaction_id: ecster.id,
				set_paid: true,
			},
		} );
		return {
			order: await getOrder( this.requestUtils, draft.id ),
			ecster: await this.sandbox.getOrder( ecster.id ),
		};
	}

	/**
	 * Demo orders made by the plugin's QA kit (POST ecster-om/v1/demo/orders): the sandbox order
	 * and the paid WooCommerce order, as after a real checkout.
	 * @param options
	 */
	async createDemoOrders(
		options: DemoOrderOptions = {}
	): Promise< DemoOrder[] > {
		const answer = await this.requestUtils.rest< {
			orders: DemoOrder[];
			existing: number;
			skipped: boolean;
		} >( {
			method: 'POST',
			path: '/ecster-om/v1/demo/orders',
			data: options,
		} );
		return answer.orders;
	}

	order( id: number ): Promise< WooOrder > {
		return getOrder( this.requestUtils, id );
	}

	notes( id: number ): Promise< string[] > {
		return orderNotes( this.requestUtils, id );
	}

	/** Ecster transaction requests (POST …/transactions) the sandbox received for one order. */
	async transactionRequests(
		ecsterId: string,
		type?: 'DEBIT' | 'ANNUL' | 'CREDIT'
	) {
		const requests = await this.sandbox.requests();
		return requests.filter( ( r ) => {
			const body = r.body as { type?: string } | null;
			return (
				r.method === 'POST' &&
				r.path.includes( `/orders/${ ecsterId }/transactions` ) &&
				( type === undefined || body?.type === type )
			);
		} );
	}

	/** Every Ecster API request the sandbox received for one order. */
	async ecsterRequests( ecsterId: string ) {
		return ( await this.sandbox.requests() ).filter( ( r ) =>
			r.path.includes( ecsterId )
		);
	}
}
