/** @jest-environment node */
/**
 * One test per rule of §7 of /work/shared/ecster-api.md ("Rules an emulator must enforce").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startTestSandbox, waitFor, sleep, type TestSandbox } from './helpers';

let sb: TestSandbox;

beforeAll( async () => {
	sb = await startTestSandbox( {
		keys: [
			{ apiKey: 'key-b', merchantId: 'merchant-b' },
			{ apiKey: 'multi-key', merchantId: 'shop-1' },
			{ apiKey: 'multi-key', merchantId: 'shop-2' },
		],
	} );
} );

afterAll( async () => {
	await sb.close();
} );

afterEach( async () => {
	await sb.control.resetConfig();
} );

const ID_PATTERN = /^[A-Za-z0-9]{20}$/;

async function debitedOrder( amount = 32900 ) {
	const order = await sb.order( { amount } );
	const res = await sb.transaction( order.id, { type: 'DEBIT', amount } );
	expect( res.status ).toBe( 201 );
	return { order, debitId: res.body.transaction.id as string };
}

describe( 'Section 7 rules', () => {
	test( 'rule 1: requests without a valid x-api-key + x-merchant-key pair are rejected with 401', async () => {
		const order = await sb.order();
		const path = `orders/${ order.id }`;
		const cases = [
			{ apiKey: null, merchant: null },
			{ apiKey: null },
			{ merchant: null },
			{ apiKey: 'wrong-key' },
			{ merchant: 'not-my-merchant' },
			{ apiKey: 'key-b' }, // valid key, but not for sandbox-merchant
		];
		for ( const opts of cases ) {
			const res = await sb.api( 'GET', path, undefined, opts );
			expect( res.status ).toBe( 401 );
			expect( res.body ).toEqual( {
				code: 9001,
				message: expect.any( String ),
				type: 'SANDBOX_AUTHENTICATION_FAILED',
			} );
		}
		const post = await sb.transaction(
			order.id,
			{ type: 'DEBIT', amount: 100 },
			{ apiKey: 'wrong-key' }
		);
		expect( post.status ).toBe( 401 );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
		expect( ( await sb.api( 'GET', path ) ).status ).toBe( 200 );
	} );

	test( "rule 2: another merchant's order is answered exactly like an unknown order (404, nothing leaked)", async () => {
		const theirs = await sb.order( {
			merchantId: 'merchant-b',
			orderReference: 'secret-ref',
		} );
		const unknown = await sb.api( 'GET', 'orders/AAAAAAAAAAAAAAAAAAAA' );
		const foreign = await sb.api( 'GET', `orders/${ theirs.id }` );
		expect( foreign.status ).toBe( 404 );
		expect( unknown.status ).toBe( 404 );
		expect( foreign.body.code ).toBe( unknown.body.code );
		expect( foreign.body.type ).toBe( unknown.body.type );
		expect( foreign.text ).not.toContain( 'merchant-b' );
		expect( foreign.text ).not.toContain( 'secret-ref' );

		const debit = await sb.transaction( theirs.id, {
			type: 'DEBIT',
			amount: 100,
		} );
		expect( debit.status ).toBe( 404 );
		const ref = await sb.api(
			'PUT',
			`orders/${ theirs.id }/orderReference`,
			{ orderReference: 'x' }
		);
		expect( ref.status ).toBe( 404 );
		const search = await sb.api( 'GET', 'orders/?merchantId=merchant-b' );
		expect( search.status ).toBe( 200 );
		expect( search.body ).toEqual( [] );
		expect( ( await sb.control.getOrder( theirs.id ) ).debitedAmount ).toBe(
			0
		);

		// Their own key sees it.
		const own = await sb.api( 'GET', `orders/${ theirs.id }`, undefined, {
			apiKey: 'key-b',
			merchant: 'merchant-b',
		} );
		expect( own.status ).toBe( 200 );

		// One key serving two merchants: the merchant key selects, and each sees only its own orders.
		const o1 = await sb.order( { merchantId: 'shop-1' } );
		const asShop1 = await sb.api( 'GET', `orders/${ o1.id }`, undefined, {
			apiKey: 'multi-key',
			merchant: 'shop-1',
		} );
		const asShop2 = await sb.api( 'GET', `orders/${ o1.id }`, undefined, {
			apiKey: 'multi-key',
			merchant: 'shop-2',
		} );
		expect( asShop1.status ).toBe( 200 );
		expect( asShop2.status ).toBe( 404 );
	} );

	test( 'rule 3: over the configured request rate the API answers 429, per API key, and recovers', async () => {
		const order = await sb.order();
		await sb.control.config( { rateLimitPerSecond: 3 } );
		const statuses: number[] = [];
		let limited;
		for ( let i = 0; i < 8; i++ ) {
			const res = await sb.api( 'GET', `orders/${ order.id }` );
			statuses.push( res.status );
			if ( res.status === 429 ) {
				limited = res;
			}
		}
		expect(
			statuses.filter( ( s ) => s === 200 ).length
		).toBeGreaterThanOrEqual( 3 );
		expect(
			statuses.filter( ( s ) => s === 429 ).length
		).toBeGreaterThanOrEqual( 3 );
		expect( limited!.body.code ).toBe( 9009 );
		expect( limited!.headers.get( 'retry-after' ) ).toBe( '1' );
		// Another key has its own budget.
		const other = await sb.api( 'GET', 'orders/', undefined, {
			apiKey: 'key-b',
			merchant: 'merchant-b',
		} );
		expect( other.status ).toBe( 200 );
		await sleep( 1100 );
		expect( ( await sb.api( 'GET', `orders/${ order.id }` ) ).status ).toBe(
			200
		);
		// Off (0) by default: a burst is not throttled.
		await sb.control.resetConfig();
		const burst = await Promise.all(
			Array.from( { length: 50 }, () =>
				sb.api( 'GET', `orders/${ order.id }` )
			)
		);
		expect( burst.every( ( r ) => r.status === 200 ) ).toBe( true );
	} );

	test( 'rule 4: amounts are integers in minor units; integral floats like 6250.0 are accepted, fractions and strings are not', async () => {
		const order = await sb.order( { amount: 20000 } );
		const accepted = await sb.transaction(
			order.id,
			{},
			{
				raw: '{"type":"DEBIT","amount":6250.0,"rows":[{"name":"Shipping","quantity":1,"unitAmount":6250.0,"vatRate":2500.0}]}',
			}
		);
		expect( accepted.status ).toBe( 201 );
		expect( accepted.body.transaction.amount ).toBe( 6250 );
		expect( accepted.text ).toContain( '"amount":6250,' );

		for ( const amount of [
			6250.5,
			'6250',
			-100,
			null,
			true,
			[ 100 ],
			{ v: 1 },
			1e300,
		] ) {
			const res = await sb.transaction( order.id, {
				type: 'DEBIT',
				amount,
			} );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 9004 );
			expect( res.body.message ).toContain( 'amount' );
		}
		const badRow = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 100,
			rows: [
				{ name: 'x', quantity: 1, unitAmount: 99.5, vatRate: 2500 },
			],
		} );
		expect( badRow.status ).toBe( 400 );
		expect( badRow.body.message ).toContain( 'rows[0].unitAmount' );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			6250
		);
	} );

	test( 'rule 5: a transaction type other than DEBIT, CREDIT or ANNUL is rejected with 400', async () => {
		const order = await sb.order();
		for ( const type of [
			'CAPTURE',
			'debit',
			'ANNULL',
			'',
			7,
			undefined,
		] ) {
			const res = await sb.transaction( order.id, { type, amount: 100 } );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 9004 );
			expect( res.body.message ).toMatch( /type/ );
		}
		expect(
			( await sb.control.getOrder( order.id ) ).transactions
		).toHaveLength( 1 );
	} );

	test( 'rule 6: DEBIT is only possible in READY or PARTIALLY_DELIVERED; other states and Swish answer 4424', async () => {
		const annulled = await sb.order( { status: 'ANNULLED' } );
		const full = await sb.order( {
			status: 'FULLY_DELIVERED',
			method: 'CARD',
		} );
		const swish = await sb.order( { method: 'SWISH' } );
		const blocked = [ annulled, full, swish ];
		for ( const status of [
			'PENDING_SIGNATURE',
			'PENDING_PAYMENT',
			'DENIED',
			'EXPIRED',
			'FAILED',
			'BLOCKED',
			'STOPPED',
			'ABORTED',
		] as const ) {
			blocked.push( await sb.order( { status } ) );
		}
		for ( const order of blocked ) {
			const res = await sb.transaction( order.id, {
				type: 'DEBIT',
				amount: 100,
			} );
			expect( [ order.status, res.status, res.body.code ] ).toEqual( [
				order.status,
				400,
				4424,
			] );
		}
		const ready = await sb.order( { amount: 1000 } );
		expect(
			( await sb.transaction( ready.id, { type: 'DEBIT', amount: 400 } ) )
				.status
		).toBe( 201 );
		const partial = await sb.transaction( ready.id, {
			type: 'DEBIT',
			amount: 400,
		} );
		expect( partial.status ).toBe( 201 );
		expect( partial.body.orderStatus ).toBe( 'PARTIALLY_DELIVERED' );
	} );

	test( 'rule 7: DEBIT amount must be above 0 and at most the residual; a too-large debit changes nothing', async () => {
		const order = await sb.order( { amount: 10000 } );
		const zero = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 0,
		} );
		expect( zero.status ).toBe( 400 );
		expect( zero.body.code ).toBe( 9004 );
		const missing = await sb.transaction( order.id, { type: 'DEBIT' } );
		expect( missing.status ).toBe( 400 );
		expect(
			(
				await sb.transaction( order.id, {
					type: 'DEBIT',
					amount: 4000,
				} )
			).status
		).toBe( 201 );
		const tooMuch = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 6001,
		} );
		expect( tooMuch.status ).toBe( 400 );
		expect( tooMuch.body.code ).toBe( 9005 );
		expect( tooMuch.body.message ).toContain( '6000' );
		const after = await sb.control.getOrder( order.id );
		expect( after.debitedAmount ).toBe( 4000 );
		expect( after.transactions ).toHaveLength( 2 );
	} );

	test( 'rule 8: a DEBIT of the whole residual gives FULLY_DELIVERED, a smaller one PARTIALLY_DELIVERED; debitedAmount adds up', async () => {
		const order = await sb.order( { amount: 10000 } );
		const first = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 2500,
		} );
		expect( first.body.orderStatus ).toBe( 'PARTIALLY_DELIVERED' );
		const second = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 2500,
		} );
		expect( second.body.orderStatus ).toBe( 'PARTIALLY_DELIVERED' );
		const last = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 5000,
		} );
		expect( last.body.orderStatus ).toBe( 'FULLY_DELIVERED' );
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect( got.body.status ).toBe( 'FULLY_DELIVERED' );
		expect( got.body.debitedAmount ).toBe( 10000 );
		const whole = await sb.order( { amount: 777 } );
		const once = await sb.transaction( whole.id, {
			type: 'DEBIT',
			amount: 777,
		} );
		expect( once.body.orderStatus ).toBe( 'FULLY_DELIVERED' );
	} );

	test( 'rule 9: a second DEBIT on a fully debited order answers 4424 ("already activated")', async () => {
		const { order } = await debitedOrder( 5000 );
		const again = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 5000,
		} );
		expect( again.status ).toBe( 400 );
		expect( again.body.code ).toBe( 4424 );
		expect( again.body.message ).toMatch( /fully debited/ );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			5000
		);
	} );

	test( 'rule 10: closeDebit on a partial DEBIT keeps PARTIALLY_DELIVERED, sets debitClosed, blocks DEBITs but not CREDITs', async () => {
		const order = await sb.order( { amount: 10000 } );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 3000,
			closeDebit: true,
		} );
		expect( res.status ).toBe( 201 );
		expect( res.body.orderStatus ).toBe( 'PARTIALLY_DELIVERED' );
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect( got.body.debitClosed ).toBe( true );
		expect( got.body.status ).toBe( 'PARTIALLY_DELIVERED' );
		const more = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( more.body.code ).toBe( 4424 );
		const credit = await sb.transaction( order.id, {
			type: 'CREDIT',
			amount: 1000,
			debitTransaction: res.body.transaction.id,
		} );
		expect( credit.status ).toBe( 201 );
		// closeDebit on a full debit changes nothing beyond FULLY_DELIVERED.
		const other = await sb.order( { amount: 500 } );
		const full = await sb.transaction( other.id, {
			type: 'DEBIT',
			amount: 500,
			closeDebit: true,
		} );
		expect( full.body.orderStatus ).toBe( 'FULLY_DELIVERED' );
		const bad = await sb.transaction( other.id, {
			type: 'DEBIT',
			amount: 1,
			closeDebit: 'yes',
		} );
		expect( bad.body.code ).toBe( 9004 );
	} );

	test( 'rule 11: ANNUL on a READY order answers 201, sets ANNULLED and adds an ANNUL transaction of amount 0', async () => {
		const order = await sb.order( { amount: 15000 } );
		const res = await sb.transaction( order.id, {
			type: 'ANNUL',
			transactionReference: 'transRef100',
		} );
		expect( res.status ).toBe( 201 );
		expect( res.body.orderStatus ).toBe( 'ANNULLED' );
		expect( res.body.transaction ).toMatchObject( {
			type: 'ANNUL',
			amount: 0,
			transactionReference: 'transRef100',
		} );
		expect( res.body.transaction.id ).toMatch( ID_PATTERN );
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect( got.body.status ).toBe( 'ANNULLED' );
		expect(
			got.body.transactions.map( ( t: { type: string } ) => t.type )
		).toEqual( [ 'ORIGINAL', 'ANNUL' ] );
	} );

	test( 'rule 12: ANNUL after any DEBIT, or on an already annulled order, answers 4424', async () => {
		const partial = await sb.order( { amount: 10000 } );
		await sb.transaction( partial.id, { type: 'DEBIT', amount: 100 } );
		const { order: full } = await debitedOrder( 2000 );
		const annulled = await sb.order();
		expect(
			( await sb.transaction( annulled.id, { type: 'ANNUL' } ) ).status
		).toBe( 201 );
		for ( const id of [ partial.id, full.id, annulled.id ] ) {
			const res = await sb.transaction( id, { type: 'ANNUL' } );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 4424 );
		}
		// Debited money is never silently annulled, even if the status is forced back to READY.
		await sb.control.setStatus( partial.id, 'READY' );
		expect(
			( await sb.transaction( partial.id, { type: 'ANNUL' } ) ).body.code
		).toBe( 4424 );
	} );

	test( 'rule 13: a CREDIT without debitTransaction (missing or empty) answers 400', async () => {
		const { order } = await debitedOrder();
		for ( const body of [
			{ type: 'CREDIT', amount: 100 },
			{ type: 'CREDIT', amount: 100, debitTransaction: '' },
		] ) {
			const res = await sb.transaction( order.id, body );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 9004 );
			expect( res.body.message ).toContain( 'debitTransaction' );
		}
		// As [K] sends it for a never-debited order: still 400, not 4424.
		const ready = await sb.order();
		const res = await sb.transaction( ready.id, {
			type: 'CREDIT',
			amount: 100,
			debitTransaction: '',
		} );
		expect( res.status ).toBe( 400 );
		expect( res.body.code ).toBe( 9004 );
	} );

	test( 'rule 14: debitTransaction must be a DEBIT transaction of the same order', async () => {
		const { order } = await debitedOrder();
		const { debitId: otherDebit } = await debitedOrder();
		const original = order.transactions[ 0 ].id;
		for ( const debitTransaction of [ otherDebit, original, 'nope' ] ) {
			const res = await sb.transaction( order.id, {
				type: 'CREDIT',
				amount: 100,
				debitTransaction,
			} );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 9013 );
		}
		expect( ( await sb.control.getOrder( order.id ) ).creditedAmount ).toBe(
			0
		);
	} );

	test( "rule 15: a CREDIT must be above 0 and at most that DEBIT's amount minus earlier credits on it", async () => {
		const order = await sb.order( { amount: 10000 } );
		const d1 = (
			await sb.transaction( order.id, { type: 'DEBIT', amount: 6000 } )
		).body.transaction.id;
		const d2 = (
			await sb.transaction( order.id, { type: 'DEBIT', amount: 4000 } )
		).body.transaction.id;
		expect(
			(
				await sb.transaction( order.id, {
					type: 'CREDIT',
					amount: 0,
					debitTransaction: d1,
				} )
			).body.code
		).toBe( 9004 );
		expect(
			(
				await sb.transaction( order.id, {
					type: 'CREDIT',
					amount: 4001,
					debitTransaction: d2,
				} )
			).body.code
		).toBe( 9005 );
		expect(
			(
				await sb.transaction( order.id, {
					type: 'CREDIT',
					amount: 5000,
					debitTransaction: d1,
				} )
			).status
		).toBe( 201 );
		const over = await sb.transaction( order.id, {
			type: 'CREDIT',
			amount: 1001,
			debitTransaction: d1,
		} );
		expect( over.status ).toBe( 400 );
		expect( over.body.code ).toBe( 9005 );
		expect(
			(
				await sb.transaction( order.id, {
					type: 'CREDIT',
					amount: 1000,
					debitTransaction: d1,
				} )
			).status
		).toBe( 201 );
		expect(
			(
				await sb.transaction( order.id, {
					type: 'CREDIT',
					amount: 4000,
					debitTransaction: d2,
				} )
			).status
		).toBe( 201 );
		const got = await sb.control.getOrder( order.id );
		expect( got.creditedAmount ).toBe( 10000 );
		expect( got.creditedAmount ).toBeLessThanOrEqual( got.debitedAmount );
		expect(
			(
				await sb.transaction( order.id, {
					type: 'CREDIT',
					amount: 1,
					debitTransaction: d1,
				} )
			).body.code
		).toBe( 9005 );
	} );

	test( 'rule 16: a CREDIT keeps the order status and raises creditedAmount; on READY it answers 4424', async () => {
		const { order, debitId } = await debitedOrder( 10000 );
		const res = await sb.transaction( order.id, {
			type: 'CREDIT',
			amount: 10000,
			debitTransaction: debitId,
		} );
		expect( res.status ).toBe( 201 );
		expect( res.body.orderStatus ).toBe( 'FULLY_DELIVERED' );
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect( got.body.status ).toBe( 'FULLY_DELIVERED' );
		expect( got.body.creditedAmount ).toBe( 10000 );

		const partial = await sb.order( { amount: 10000 } );
		const d = (
			await sb.transaction( partial.id, { type: 'DEBIT', amount: 3000 } )
		).body.transaction.id;
		const c = await sb.transaction( partial.id, {
			type: 'CREDIT',
			amount: 1000,
			debitTransaction: d,
		} );
		expect( c.body.orderStatus ).toBe( 'PARTIALLY_DELIVERED' );

		const ready = await sb.order();
		const onReady = await sb.transaction( ready.id, {
			type: 'CREDIT',
			amount: 100,
			debitTransaction: 'AAAAAAAAAAAAAAAAAAAA',
		} );
		expect( onReady.body.code ).toBe( 4424 );
	} );

	test( 'rule 17: a CREDIT response carries billPdfUrl, a stable link to a PDF served by the sandbox', async () => {
		const { order, debitId } = await debitedOrder( 10000 );
		const res = await sb.transaction( order.id, {
			type: 'CREDIT',
			amount: 2500,
			debitTransaction: debitId,
		} );
		const url: string = res.body.transaction.billPdfUrl;
		expect( url ).toBe(
			`${ sb.url }/sandbox/invoices/${ res.body.transaction.id }.pdf`
		);
		const pdf = await fetch( url );
		expect( pdf.status ).toBe( 200 );
		expect( pdf.headers.get( 'content-type' ) ).toBe( 'application/pdf' );
		const bytes = Buffer.from( await pdf.arrayBuffer() ).toString(
			'latin1'
		);
		expect( bytes.startsWith( '%PDF-1.4' ) ).toBe( true );
		expect( bytes.trimEnd().endsWith( '%%EOF' ) ).toBe( true );
		expect( bytes ).toContain( '25.00 SEK' );
		// The xref offsets point at the objects (a valid PDF, not just a header).
		const startxref = Number( /startxref\n(\d+)/.exec( bytes )![ 1 ] );
		expect( bytes.slice( startxref, startxref + 4 ) ).toBe( 'xref' );
		// Same URL in GET order.
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect(
			got.body.transactions.find(
				( t: { type: string } ) => t.type === 'CREDIT'
			).billPdfUrl
		).toBe( url );
		expect(
			( await fetch( `${ sb.url }/sandbox/invoices/${ debitId }.pdf` ) )
				.status
		).toBe( 404 );
	} );

	test( 'rule 18: transactionReference is echoed back unchanged, in the answer and in GET order', async () => {
		const order = await sb.order( { amount: 10000 } );
		const debit = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 5000,
			transactionReference: 'transRefTest1 ÅÄÖ',
		} );
		expect( debit.body.transaction.transactionReference ).toBe(
			'transRefTest1 ÅÄÖ'
		);
		// [K] sends the WooCommerce refund id, which may be a JSON number.
		const credit = await sb.transaction( order.id, {
			type: 'CREDIT',
			amount: 100,
			debitTransaction: debit.body.transaction.id,
			transactionReference: 55,
		} );
		expect( credit.body.transaction.transactionReference ).toBe( 55 );
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		const refs = got.body.transactions.map(
			( t: { transactionReference?: unknown } ) => t.transactionReference
		);
		expect( refs ).toEqual( [ undefined, 'transRefTest1 ÅÄÖ', 55 ] );
	} );

	test( 'rule 19: every transaction gets a unique id and is appended; the order starts with an ORIGINAL transaction of the order amount', async () => {
		const order = await sb.order( { amount: 9000 } );
		expect( order.id ).toMatch( ID_PATTERN );
		expect( order.transactions ).toHaveLength( 1 );
		expect( order.transactions[ 0 ] ).toMatchObject( {
			type: 'ORIGINAL',
			amount: 9000,
		} );
		const ids = new Set( [ order.id, order.transactions[ 0 ].id ] );
		for ( let i = 0; i < 3; i++ ) {
			const res = await sb.transaction( order.id, {
				type: 'DEBIT',
				amount: 1000,
			} );
			ids.add( res.body.transaction.id );
		}
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect(
			got.body.transactions.map( ( t: { type: string } ) => t.type )
		).toEqual( [ 'ORIGINAL', 'DEBIT', 'DEBIT', 'DEBIT' ] );
		expect( ids.size ).toBe( 5 );
		for ( const t of got.body.transactions ) {
			expect( t.id ).toMatch( ID_PATTERN );
			expect( t.created ).toMatch(
				/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/
			);
		}
	} );

	test( 'rule 20: creating a transaction answers 201 with {orderStatus, transaction, merchantId}; GET answers 200', async () => {
		const order = await sb.order( { amount: 5000 } );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 5000,
			message: 'Thanks',
		} );
		expect( res.status ).toBe( 201 );
		expect( res.headers.get( 'content-type' ) ).toContain(
			'application/json'
		);
		expect( res.body ).toEqual( {
			orderStatus: 'FULLY_DELIVERED',
			transaction: expect.objectContaining( {
				id: expect.any( String ),
				type: 'DEBIT',
				amount: 5000,
			} ),
			merchantId: 'sandbox-merchant',
			message: 'Thanks',
		} );
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect( got.status ).toBe( 200 );
		expect( got.body ).toMatchObject( {
			id: order.id,
			merchantId: 'sandbox-merchant',
			status: 'FULLY_DELIVERED',
		} );
	} );

	test( 'rule 21: errors are {code: integer, message, type} and every state violation uses code 4424', async () => {
		const annulled = await sb.order( { status: 'ANNULLED' } );
		const res = await sb.transaction( annulled.id, {
			type: 'DEBIT',
			amount: 1,
		} );
		expect( res.status ).toBe( 400 );
		expect( res.text ).toMatch( /"code":4424[,}]/ );
		expect( Object.keys( res.body ).sort() ).toEqual( [
			'code',
			'message',
			'type',
		] );
		expect( Number.isInteger( res.body.code ) ).toBe( true );
		expect( typeof res.body.message ).toBe( 'string' );
		const denied = await sb.order( { status: 'DENIED' } );
		const swish = await sb.order( { method: 'SWISH' } );
		const violations = [
			await sb.transaction( denied.id, { type: 'ANNUL' } ),
			await sb.transaction( swish.id, { type: 'ANNUL' } ),
			await sb.transaction( denied.id, {
				type: 'CREDIT',
				amount: 1,
				debitTransaction: 'x',
			} ),
		];
		for ( const v of violations ) {
			expect( v.body.code ).toBe( 4424 );
		}
		// Non-state errors use our own 9xxx codes, never 4424.
		const notFound = await sb.api( 'GET', 'orders/unknown' );
		expect( notFound.body.code ).toBeGreaterThanOrEqual( 9000 );
		expect( notFound.body.code ).toBeLessThan( 10000 );
	} );

	test( 'rule 22: the row-sum check (Σ unitAmount×quantity = amount) is off by default and enforced when switched on', async () => {
		const order = await sb.order( { amount: 100000 } );
		const rows = [
			{ name: 'A', quantity: 2, unitAmount: 1000, vatRate: 2500 },
		];
		expect(
			(
				await sb.transaction( order.id, {
					type: 'DEBIT',
					amount: 5000,
					rows,
				} )
			).status
		).toBe( 201 );
		await sb.control.config( { rowSumCheck: true } );
		const mismatch = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 5000,
			rows,
		} );
		expect( mismatch.status ).toBe( 400 );
		expect( mismatch.body.code ).toBe( 9012 );
		expect( mismatch.body.message ).toContain( '2000' );
		const ok = await sb.transaction(
			order.id,
			{},
			{
				raw: '{"type":"DEBIT","amount":8750,"rows":[{"name":"A","quantity":2,"unitAmount":1250,"vatRate":2500},{"name":"Shipping","quantity":1,"unitAmount":6250.0,"vatRate":2500},{"name":"rounding-fee","quantity":1,"unitAmount":0,"vatRate":0}]}',
			}
		);
		expect( ok.status ).toBe( 201 );
		// Without rows there is nothing to check.
		expect(
			( await sb.transaction( order.id, { type: 'DEBIT', amount: 100 } ) )
				.status
		).toBe( 201 );
	} );

	test( 'rule 23: PUT orderReference works in any status and any number of times, up to 64 characters', async () => {
		const orders = [
			await sb.order(),
			await sb.order( { status: 'ANNULLED' } ),
			await sb.order( { status: 'DENIED' } ),
			( await debitedOrder() ).order,
		];
		for ( const order of orders ) {
			for ( const ref of [ '10042', '10043', 'x'.repeat( 64 ) ] ) {
				const res = await sb.api(
					'PUT',
					`orders/${ order.id }/orderReference`,
					{ orderReference: ref }
				);
				expect( res.status ).toBe( 200 );
				expect( res.body.orderReference ).toBe( ref );
			}
			const got = await sb.api( 'GET', `orders/${ order.id }` );
			expect( got.body.orderReference ).toBe( 'x'.repeat( 64 ) );
		}
		const tooLong = await sb.api(
			'PUT',
			`orders/${ orders[ 0 ].id }/orderReference`,
			{ orderReference: 'y'.repeat( 65 ) }
		);
		expect( tooLong.status ).toBe( 400 );
		expect( tooLong.body.code ).toBe( 9004 );
		// The order itself (amount, rows) cannot be changed through this call.
		const sneaky = await sb.api(
			'PUT',
			`orders/${ orders[ 0 ].id }/orderReference`,
			{ orderReference: 'z', amount: 1 }
		);
		expect( sneaky.status ).toBe( 400 );
		expect( ( await sb.control.getOrder( orders[ 0 ].id ) ).amount ).toBe(
			32900
		);
	} );

	describe( 'rule 24: Swish', () => {
		test( 'rule 24: a Swish order starts FULLY_DELIVERED with one DEBIT; DEBIT and ANNUL answer 4424', async () => {
			const swish = await sb.order( { method: 'SWISH', amount: 12000 } );
			expect( swish.status ).toBe( 'FULLY_DELIVERED' );
			expect( swish.debitedAmount ).toBe( 12000 );
			expect( swish.transactions.map( ( t ) => t.type ) ).toEqual( [
				'ORIGINAL',
				'DEBIT',
			] );
			expect(
				(
					await sb.transaction( swish.id, {
						type: 'DEBIT',
						amount: 1,
					} )
				).body.code
			).toBe( 4424 );
			expect(
				( await sb.transaction( swish.id, { type: 'ANNUL' } ) ).body
					.code
			).toBe( 4424 );
			// Refunds belong to /refunds, not to CREDIT.
			const credit = await sb.transaction( swish.id, {
				type: 'CREDIT',
				amount: 100,
				debitTransaction: swish.transactions[ 1 ].id,
			} );
			expect( credit.body.code ).toBe( 4424 );
		} );

		test( 'rule 24: a Swish refund answers ONGOING first and latest/status turns SUCCESS after the configured delay', async () => {
			await sb.control.config( { swishRefundDelayMs: 1500 } );
			const swish = await sb.order( { method: 'SWISH', amount: 12000 } );
			const debitTransaction = swish.transactions[ 1 ].id;
			const started = Date.now();
			const res = await sb.api( 'POST', `orders/${ swish.id }/refunds`, {
				amount: 5000,
				debitTransaction,
				message: 'Returned',
			} );
			expect( res.status ).toBe( 201 );
			expect( res.body ).toMatchObject( {
				status: 'ONGOING',
				amount: 5000,
				debitTransaction,
			} );
			const first = await sb.api(
				'GET',
				`orders/${ swish.id }/refunds/latest/status`
			);
			expect( first.status ).toBe( 200 );
			expect( first.body.status ).toBe( 'ONGOING' );
			await waitFor(
				async () =>
					(
						await sb.api(
							'GET',
							`orders/${ swish.id }/refunds/latest/status`
						)
					).body.status === 'SUCCESS',
				3000
			);
			expect( Date.now() - started ).toBeGreaterThanOrEqual( 1490 );
			const got = await sb.api( 'GET', `orders/${ swish.id }` );
			expect( got.body.creditedAmount ).toBe( 5000 );
			expect( got.body.status ).toBe( 'FULLY_DELIVERED' );
		} );

		test( 'rule 24: a Swish refund may not exceed the debited amount minus what was already refunded', async () => {
			await sb.control.config( { swishRefundDelayMs: 60000 } );
			const swish = await sb.order( { method: 'SWISH', amount: 10000 } );
			const debitTransaction = swish.transactions[ 1 ].id;
			const refund = ( amount: number ) =>
				sb.api( 'POST', `orders/${ swish.id }/refunds`, {
					amount,
					debitTransaction,
				} );
			expect( ( await refund( 6000 ) ).status ).toBe( 201 );
			const over = await refund( 4001 );
			expect( over.status ).toBe( 400 );
			expect( over.body.code ).toBe( 9005 );
			expect( ( await refund( 4000 ) ).status ).toBe( 201 );
			expect( ( await refund( 1 ) ).body.code ).toBe( 9005 );
			expect( ( await refund( 0 ) ).body.code ).toBe( 9004 );
			const noDebit = await sb.api(
				'POST',
				`orders/${ swish.id }/refunds`,
				{ amount: 1 }
			);
			expect( noDebit.status ).toBe( 400 );
			const wrongDebit = await sb.api(
				'POST',
				`orders/${ swish.id }/refunds`,
				{ amount: 1, debitTransaction: swish.transactions[ 0 ].id }
			);
			expect( wrongDebit.body.code ).toBe( 9013 );
			// Not a Swish order: 4424. No refund yet: 404.
			const invoice = await sb.order();
			expect(
				(
					await sb.api( 'POST', `orders/${ invoice.id }/refunds`, {
						amount: 1,
						debitTransaction: 'x',
					} )
				).body.code
			).toBe( 4424 );
			const none = await sb.api(
				'GET',
				`orders/${ invoice.id }/refunds/latest/status`
			);
			expect( none.status ).toBe( 404 );
			expect( none.body.code ).toBe( 9014 );
		} );
	} );

	test( 'rule 25: events are POSTed to the notificationUrl and retried until the receiver answers 200', async () => {
		const received: Array< Record< string, unknown > > = [];
		let answers = [ 500, 503 ];
		const receiver = http.createServer( ( req, res ) => {
			let text = '';
			req.on( 'data', ( c ) => ( text += c ) );
			req.on( 'end', () => {
				received.push( JSON.parse( text ) );
				res.statusCode = answers.shift() ?? 200;
				res.end( 'ok' );
			} );
		} );
		await new Promise< void >( ( r ) =>
			receiver.listen( 0, '127.0.0.1', r )
		);
		try {
			const port = ( receiver.address() as AddressInfo ).port;
			await sb.control.config( {
				oenInitialDelayMs: 0,
				oenRetryDelaysMs: [ 30, 30, 30 ],
			} );
			const order = await sb.order( {
				amount: 5000,
				orderReference: 'wc-77',
				notificationUrl: `http://127.0.0.1:${ port }/wc-api/WC_Gateway_Ecster/?etoid=1`,
			} );
			// CREATED: 500, 503, then 200 → three attempts.
			await waitFor( () => received.length >= 3 );
			expect( received.map( ( b ) => b.event ) ).toEqual( [
				'CREATED',
				'CREATED',
				'CREATED',
			] );
			expect( received[ 0 ] ).toEqual( {
				orderId: order.id,
				orderReference: 'wc-77',
				status: 'READY',
				time: expect.stringMatching(
					/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
				),
				event: 'CREATED',
			} );
			const debit = await sb.transaction( order.id, {
				type: 'DEBIT',
				amount: 5000,
			} );
			await waitFor( () => received.length >= 4 );
			expect( received[ 3 ] ).toMatchObject( {
				event: 'FULL_DEBIT',
				status: 'FULLY_DELIVERED',
				transactionId: debit.body.transaction.id,
			} );
			const attempts = await sb.control.notifications();
			expect(
				attempts
					.filter( ( a ) => a.orderId === order.id )
					.map( ( a ) => a.status )
			).toEqual( [ 500, 503, 200, 200 ] );

			// The retries stop when the schedule is used up.
			answers = [ 500, 500, 500, 500, 500 ];
			await sb.control.config( { oenRetryDelaysMs: [ 20 ] } );
			await sb.control.setStatus( order.id, 'BLOCKED' );
			await waitFor( () => received.length >= 6 );
			await sleep( 150 );
			expect( received.length ).toBe( 6 );
			expect( received[ 5 ] ).toMatchObject( {
				event: 'STATUS_CHANGED',
				status: 'BLOCKED',
			} );
		} finally {
			await new Promise( ( r ) => receiver.close( r ) );
		}
		// Orders without a notificationUrl send nothing.
		await sb.control.clearRequests();
		const before = ( await sb.control.notifications() ).length;
		const quiet = await sb.order();
		await sb.transaction( quiet.id, { type: 'ANNUL' } );
		await sleep( 100 );
		expect( ( await sb.control.notifications() ).length ).toBe( before );
	} );

	test( 'rule 26: only the sandbox hook puts orders into Ecster-only states like DENIED; such orders refuse every transaction', async () => {
		const order = await sb.order();
		for ( const status of [
			'DENIED',
			'EXPIRED',
			'FAILED',
			'ABORTED',
			'BLOCKED',
			'STOPPED',
			'PENDING_SIGNATURE',
		] as const ) {
			const updated = await sb.control.setStatus( order.id, status );
			expect( updated.status ).toBe( status );
			const got = await sb.api( 'GET', `orders/${ order.id }` );
			expect( got.body.status ).toBe( status );
			for ( const body of [
				{ type: 'DEBIT', amount: 100 },
				{ type: 'ANNUL' },
			] ) {
				expect(
					( await sb.transaction( order.id, body ) ).body.code
				).toBe( 4424 );
			}
		}
		const bad = await sb.raw(
			'POST',
			`/sandbox/orders/${ order.id }/status`,
			{ status: 'SHIPPED' }
		);
		expect( bad.status ).toBe( 400 );
		expect( bad.body.message ).toContain( 'DENIED' );
		// The Ecster surface has no way to set a status.
		const put = await sb.api( 'PUT', `orders/${ order.id }/status`, {
			status: 'READY',
		} );
		expect( put.status ).toBe( 404 );
	} );
} );
