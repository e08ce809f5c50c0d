/**
 * Concurrency: many simultaneous requests for one order end in exactly one Ecster DEBIT.
 *
 * Runs against the real multi-worker Playground server (several PHP workers), so the requests
 * really overlap and only the per-order lock (an atomic INSERT into wp_options) stands between
 * them and a double debit.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { SandboxControlClient } from '../../../ecster-sandbox/src/control-client';
import { ensureProduct, getOrder, orderNotes, setEcsterSettings } from '../utils/woo';

const sandbox = new SandboxControlClient( process.env.ECSTER_SANDBOX_URL );

interface Answer {
	status: number;
	body: { code?: string; result?: string; message?: string };
}

/**
 * A processing WooCommerce order paid with Ecster Pay, and its reservation in the sandbox.
 * @param requestUtils
 */
async function createManagedOrder( requestUtils: RequestUtils ): Promise< number > {
	const productId = await ensureProduct( requestUtils, {
		sku: 'ECSTER-OM-E2E-CONCURRENCY',
		name: 'Kaffebryggare',
		price: '499',
	} );
	const created = await requestUtils.rest< { id: number; total: string } >( {
		method: 'POST',
		path: '/wc/v3/orders',
		data: {
			payment_method: 'ecster',
			payment_method_title: 'Ecster Pay',
			status: 'processing',
			set_paid: false,
			currency: 'SEK',
			billing: { first_name: 'Test', last_name: 'Kund', email: 'test.kund@example.com', country: 'SE' },
			line_items: [ { product_id: productId, quantity: 2 } ],
		},
	} );
	const amount = Math.round( parseFloat( created.total ) * 100 );
	const ecster = await sandbox.createOrder( {
		amount,
		currency: 'SEK',
		orderReference: String( created.id ),
	} as never );
	await requestUtils.rest( {
		method: 'PUT',
		path: `/wc/v3/orders/${ created.id }`,
		data: {
			meta_data: [
				{ key: '_wc_ecster_internal_reference', value: ecster.id },
				{ key: '_wc_ecster_payment_method', value: 'INVOICE' },
			],
		},
	} );
	// The order must be managed before the race starts (settings saved, reference stored).
	await expect
		.poll(
			async () => {
				const state = await call( requestUtils, `/ecster-om/v1/orders/${ created.id }`, undefined, 'GET' );
				return ( state.body as { managed?: boolean } ).managed ?? state.body;
			},
			{ timeout: 60_000, message: 'The order never became managed: are the Ecster settings saved?' }
		)
		.toBe( true );
	return created.id;
}

/**
 * A raw POST with the admin's cookies and REST nonce that never throws on 4xx/5xx.
 * @param requestUtils
 * @param path
 * @param data
 * @param method
 */
async function call(
	requestUtils: RequestUtils,
	path: string,
	data?: unknown,
	method = 'POST'
): Promise< Answer > {
	const { rootURL, nonce } = requestUtils.storageState as { rootURL: string; nonce: string };
	const response = await requestUtils.request.fetch( rootURL + path.replace( /^\//, '' ), {
		method,
		failOnStatusCode: false,
		headers: { 'X-WP-Nonce': nonce, 'Content-Type': 'application/json' },
		data: data === undefined ? undefined : JSON.stringify( data ),
		timeout: 5 * 60 * 1000,
	} );
	let body: Answer[ 'body' ] = {};
	try {
		body = await response.json();
	} catch {
		body = { message: await response.text() };
	}
	return { status: response.status(), body };
}

async function debitsFor( ecsterId: string ): Promise< { requested: number; stored: number } > {
	const requests = await sandbox.requests();
	const requested = requests.filter(
		( r ) =>
			r.method === 'POST' &&
			String( r.path ).includes( `/orders/${ ecsterId }/transactions` ) &&
			( r.body as { type?: string } | null )?.type === 'DEBIT'
	).length;
	const order = await sandbox.getOrder( ecsterId );
	const stored = order.transactions.filter( ( t ) => t.type === 'DEBIT' ).length;
	return { requested, stored };
}

async function ecsterIdOf( requestUtils: RequestUtils, orderId: number ): Promise< string > {
	const order = await getOrder( requestUtils, orderId );
	const meta = order.meta_data.find( ( m ) => m.key === '_wc_ecster_internal_reference' );
	return String( meta?.value ?? '' );
}

test.describe( 'Concurrent requests for one order', () => {
	test.beforeEach( async ( { requestUtils } ) => {
		await requestUtils.setupRest();
		await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
	} );

	test( '20 simultaneous REST debits produce exactly one DEBIT in Ecster', async ( { requestUtils } ) => {
		const orderId = await createManagedOrder( requestUtils );
		const ecsterId = await ecsterIdOf( requestUtils, orderId );

		const answers = await Promise.all(
			Array.from( { length: 20 }, () => call( requestUtils, `/ecster-om/v1/orders/${ orderId }/debit` ) )
		);

		const debited = answers.filter( ( a ) => a.status === 200 && a.body.result === 'debited' );
		const others = answers.filter( ( a ) => ! ( a.status === 200 && a.body.result === 'debited' ) );
		expect( debited, JSON.stringify( answers ) ).toHaveLength( 1 );
		for ( const answer of others ) {
			// Either refused while the winner held the lock, or told afterwards that it is already debited.
			const locked = answer.status === 409 && answer.body.code === 'ecster_om_locked';
			const already = answer.status === 200 && answer.body.result === 'already_debited';
			expect( locked || already, JSON.stringify( answer ) ).toBe( true );
			if ( locked ) {
				expect( answer.body.message ).toContain( 'Another request is already processing this order' );
			}
		}
		expect( await debitsFor( ecsterId ) ).toEqual( { requested: 1, stored: 1 } );
		const order = await getOrder( requestUtils, orderId );
		expect( order.status ).toBe( 'completed' );
		const notes = await orderNotes( requestUtils, orderId );
		expect( notes.filter( ( n ) => n.includes( 'Ecster payment debited:' ) ) ).toHaveLength( 1 );
	} );

	test( 'a REST debit racing a status change to Completed debits once', async ( { requestUtils } ) => {
		const orderId = await createManagedOrder( requestUtils );
		const ecsterId = await ecsterIdOf( requestUtils, orderId );

		const [ rest, wooApi, rest2, wooApi2 ] = await Promise.all( [
			call( requestUtils, `/ecster-om/v1/orders/${ orderId }/debit` ),
			call( requestUtils, `/wc/v3/orders/${ orderId }`, { status: 'completed' }, 'PUT' ),
			call( requestUtils, `/ecster-om/v1/orders/${ orderId }/debit` ),
			call( requestUtils, `/wc/v3/orders/${ orderId }`, { status: 'completed' }, 'PUT' ),
		] );

		for ( const answer of [ rest, rest2 ] ) {
			const ok = answer.status === 200 || ( answer.status === 409 && answer.body.code === 'ecster_om_locked' );
			expect( ok, JSON.stringify( answer ) ).toBe( true );
		}
		expect( wooApi.status, JSON.stringify( wooApi.body ) ).toBe( 200 );
		expect( wooApi2.status, JSON.stringify( wooApi2.body ) ).toBe( 200 );
		expect( await debitsFor( ecsterId ) ).toEqual( { requested: 1, stored: 1 } );
		const order = await getOrder( requestUtils, orderId );
		expect( order.status ).toBe( 'completed' );
		const captured = order.meta_data.find( ( m ) => m.key === '_ecster_order_captured_id' );
		expect( captured?.value ).toBeTruthy();
	} );
} );
