/**
 * Concurrency: many simultaneous requests for one order end in exactly one Ecster DEBIT.
 *
 * Runs against a web server with several PHP workers (natively PHP's built-in server with four
 * workers and MariaDB; in Playground two, bin/lib/playground-workers.cjs), so the requests really
 * overlap and only the per-order lock (an atomic INSERT into wp_options) stands between them and a
 * double debit.
 */
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import { test, expect } from '../fixtures';
import { setEcsterSettings } from '../utils/woo';
import type { Store } from '../utils/store';

interface Answer {
	status: number;
	body: { code?: string; result?: string; message?: string };
}

/**
 * A request with the admin's cookies and REST nonce that never throws on 4xx/5xx.
 */
async function call(
	requestUtils: RequestUtils,
	path: string,
	data?: unknown,
	method = 'POST'
): Promise< Answer > {
	const { rootURL, nonce } = requestUtils.storageState as {
		rootURL: string;
		nonce: string;
	};
	const response = await requestUtils.request.fetch(
		rootURL + path.replace( /^\//, '' ),
		{
			method,
			failOnStatusCode: false,
			headers: {
				'X-WP-Nonce': nonce,
				'Content-Type': 'application/json',
			},
			data: data === undefined ? undefined : JSON.stringify( data ),
			timeout: 5 * 60 * 1000,
		}
	);
	let body: Answer[ 'body' ] = {};
	try {
		body = await response.json();
	} catch {
		body = { message: await response.text() };
	}
	return { status: response.status(), body };
}

/** DEBITs the sandbox was asked for, and DEBITs it holds, for one Ecster order. */
async function debitsFor( store: Store, ecsterId: string ) {
	const requested = ( await store.transactionRequests( ecsterId, 'DEBIT' ) )
		.length;
	const order = await store.sandbox.getOrder( ecsterId );
	const stored = order.transactions.filter(
		( t ) => t.type === 'DEBIT'
	).length;
	return { requested, stored };
}

const isDebited = ( a: Answer ) =>
	a.status === 200 && a.body.result === 'debited';
const isLocked = ( a: Answer ) =>
	a.status === 409 && a.body.code === 'ecster_om_locked';
const isAlreadyDebited = ( a: Answer ) =>
	a.status === 200 && a.body.result === 'already_debited';

test.describe( 'Concurrent requests for one order', () => {
	test.beforeEach( async ( { requestUtils } ) => {
		await setEcsterSettings( requestUtils, {
			manage_ecster_orders: 'yes',
		} );
	} );

	test( '20 simultaneous REST debits produce exactly one DEBIT in Ecster', async ( {
		requestUtils,
		store,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();

		const answers = await Promise.all(
			Array.from( { length: 20 }, () =>
				call( requestUtils, `/ecster-om/v1/orders/${ order.id }/debit` )
			)
		);

		expect(
			answers.filter( isDebited ),
			JSON.stringify( answers )
		).toHaveLength( 1 );
		// Every other answer was refused while the winner held the lock, or told afterwards
		// that the order is already debited.
		const others = answers.filter( ( a ) => ! isDebited( a ) );
		expect(
			others.filter( ( a ) => isLocked( a ) || isAlreadyDebited( a ) ),
			JSON.stringify( others )
		).toHaveLength( others.length );
		expect(
			others
				.filter( isLocked )
				.every( ( a ) =>
					String( a.body.message ).includes(
						'Another request is already processing this order'
					)
				)
		).toBe( true );
		expect( await debitsFor( store, ecster.id ) ).toEqual( {
			requested: 1,
			stored: 1,
		} );
		expect( ( await store.order( order.id ) ).status ).toBe( 'completed' );
		const notes = await store.notes( order.id );
		expect(
			notes.filter( ( n ) => n.includes( 'Ecster payment debited' ) )
		).toHaveLength( 1 );
	} );

	test( 'REST debits racing status changes to Completed debit once', async ( {
		requestUtils,
		store,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();

		const [ rest, wooApi, rest2, wooApi2 ] = await Promise.all( [
			call( requestUtils, `/ecster-om/v1/orders/${ order.id }/debit` ),
			call(
				requestUtils,
				`/wc/v3/orders/${ order.id }`,
				{ status: 'completed' },
				'PUT'
			),
			call( requestUtils, `/ecster-om/v1/orders/${ order.id }/debit` ),
			call(
				requestUtils,
				`/wc/v3/orders/${ order.id }`,
				{ status: 'completed' },
				'PUT'
			),
		] );

		expect(
			[ rest, rest2 ].filter(
				( a ) => a.status === 200 || isLocked( a )
			),
			JSON.stringify( [ rest, rest2 ] )
		).toHaveLength( 2 );
		expect( wooApi.status, JSON.stringify( wooApi.body ) ).toBe( 200 );
		expect( wooApi2.status, JSON.stringify( wooApi2.body ) ).toBe( 200 );
		expect( await debitsFor( store, ecster.id ) ).toEqual( {
			requested: 1,
			stored: 1,
		} );
		const saved = await store.order( order.id );
		expect( saved.status ).toBe( 'completed' );
		expect(
			saved.meta_data.find(
				( m ) => m.key === '_ecster_order_captured_id'
			)?.value
		).toBeTruthy();
	} );
} );
