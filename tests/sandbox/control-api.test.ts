/** @jest-environment node */
/**
 * The control API under /sandbox/ (orders, status hook, request log, reset, health, config) and the
 * order search of the Ecster surface.
 */
import http from 'node:http';
import os from 'node:os';

import { SandboxControlError } from '../../ecster-sandbox/src/control-client';
import { isLoopback } from '../../ecster-sandbox/src/util';
import { startSandbox } from '../../ecster-sandbox/src/server';
import { startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;

beforeAll( async () => {
	sb = await startTestSandbox( {
		keys: [
			{
				apiKey: 'distinctive-secret-key-123',
				merchantId: 'sandbox-merchant',
			},
		],
	} );
} );

afterAll( async () => {
	await sb.close();
} );

beforeEach( async () => {
	await sb.control.reset();
	await sb.control.resetConfig();
} );

describe( 'POST /sandbox/orders', () => {
	test( 'creates a READY invoice order with a 20-character id, an ORIGINAL transaction and defaults', async () => {
		const res = await sb.raw( 'POST', '/sandbox/orders', {
			amount: 32900,
		} );
		expect( res.status ).toBe( 201 );
		const order = res.body;
		expect( order.id ).toMatch( /^[A-Za-z0-9]{20}$/ );
		expect( order ).toMatchObject( {
			merchantId: 'sandbox-merchant',
			status: 'READY',
			properties: { method: 'INVOICE' },
			amount: 32900,
			currency: 'SEK',
			debitedAmount: 0,
			creditedAmount: 0,
			orderReference: '',
			debitClosed: false,
			notificationUrl: null,
			refunds: [],
		} );
		expect( order.transactions ).toEqual( [
			expect.objectContaining( { type: 'ORIGINAL', amount: 32900 } ),
		] );
		expect( order.consumer.nationalId ).toMatch( /^SE/ );
		// Visible on the Ecster surface.
		const got = await sb.api( 'GET', `orders/${ order.id }` );
		expect( got.body.id ).toBe( order.id );
	} );

	test( 'takes method, status, rows, reference, merchant, consumer and extra properties', async () => {
		const order = await sb.control.createOrder( {
			amount: 15000,
			currency: 'NOK',
			orderReference: 'wc-1001',
			method: 'PARTPAYMENT',
			status: 'PENDING_SIGNATURE',
			rows: [
				{
					name: 'Shoe',
					quantity: 2,
					unitAmount: 7500,
					vatRate: 2500,
					partNumber: 'S-1',
				},
			],
			merchantId: 'other-merchant',
			consumer: {
				nationalId: 'SE19800101-1234',
				name: { firstName: 'Ada', lastName: 'L' },
			},
			properties: { invoiceFee: 2900, submethod: 'PP_12' },
		} );
		expect( order ).toMatchObject( {
			currency: 'NOK',
			orderReference: 'wc-1001',
			status: 'PENDING_SIGNATURE',
			merchantId: 'other-merchant',
			properties: {
				method: 'PARTPAYMENT',
				invoiceFee: 2900,
				submethod: 'PP_12',
			},
		} );
		expect( order.transactions[ 0 ].rows ).toEqual( [
			{
				name: 'Shoe',
				quantity: 2,
				unitAmount: 7500,
				vatRate: 2500,
				partNumber: 'S-1',
			},
		] );
		// A card order charged at purchase gets its DEBIT.
		const card = await sb.control.createOrder( {
			amount: 500,
			method: 'CARD',
			status: 'FULLY_DELIVERED',
		} );
		expect( card.debitedAmount ).toBe( 500 );
		expect( card.transactions.map( ( t ) => t.type ) ).toEqual( [
			'ORIGINAL',
			'DEBIT',
		] );
	} );

	test.each( [
		[ 'no amount', {}, 'amount is required' ],
		[ 'a text amount', { amount: '100' }, 'amount' ],
		[ 'a fractional amount', { amount: 12.5 }, 'fraction' ],
		[ 'amount 0', { amount: 0 }, 'greater than 0' ],
		[ 'a negative amount', { amount: -1 }, 'negative' ],
		[
			'an unknown method',
			{ amount: 1, method: 'BITCOIN' },
			'method must be one of',
		],
		[
			'an unknown status',
			{ amount: 1, status: 'SHIPPED' },
			'status must be one of',
		],
		[
			'status PARTIALLY_DELIVERED',
			{ amount: 1, status: 'PARTIALLY_DELIVERED' },
			'DEBIT part of it',
		],
		[ 'a lower-case currency', { amount: 1, currency: 'sek' }, 'currency' ],
		[
			'a 65-character orderReference',
			{ amount: 1, orderReference: 'r'.repeat( 65 ) },
			'at most 64',
		],
		[ 'a misspelt field', { amout: 1 }, 'Unknown field "amout"' ],
		[
			'a non-http notificationUrl',
			{ amount: 1, notificationUrl: 'ftp://x' },
			'notificationUrl',
		],
		[
			'rows that are not an array',
			{ amount: 1, rows: {} },
			'rows must be an array',
		],
		[
			'a row with a text quantity',
			{ amount: 1, rows: [ { quantity: '1' } ] },
			'rows[0].quantity',
		],
		[ 'an empty merchantId', { amount: 1, merchantId: '' }, 'merchantId' ],
		[
			'properties.method',
			{ amount: 1, properties: { method: 'CARD' } },
			'properties.method',
		],
		[ 'an array body', [ 1 ], 'JSON object' ],
	] )( 'rejects %s with a clear 400', async ( _label, body, message ) => {
		const res = await sb.raw( 'POST', '/sandbox/orders', body );
		expect( res.status ).toBe( 400 );
		expect( res.body.code ).toBe( 9004 );
		expect( res.body.message ).toContain( message );
		expect( await sb.control.listOrders() ).toEqual( [] );
	} );

	test( 'the control client turns a 400 into a SandboxControlError with the message', async () => {
		await expect(
			sb.control.createOrder( { amount: -5 } )
		).rejects.toThrow( SandboxControlError );
		await expect(
			sb.control.createOrder( { amount: -5 } )
		).rejects.toMatchObject( {
			status: 400,
			body: { code: 9004 },
		} );
	} );
} );

describe( 'reading and changing orders', () => {
	test( 'GET /sandbox/orders/{id} shows any merchant’s order without auth; unknown ids answer 404', async () => {
		const order = await sb.control.createOrder( {
			amount: 100,
			merchantId: 'somebody-else',
		} );
		const got = await sb.control.getOrder( order.id );
		expect( got.merchantId ).toBe( 'somebody-else' );
		const missing = await sb.raw( 'GET', '/sandbox/orders/nope' );
		expect( missing.status ).toBe( 404 );
		expect( missing.body.code ).toBe( 9002 );
	} );

	test( 'GET /sandbox/orders lists every order, oldest first', async () => {
		const a = await sb.order();
		const b = await sb.order( { merchantId: 'm2' } );
		expect(
			( await sb.control.listOrders() ).map( ( o ) => o.id )
		).toEqual( [ a.id, b.id ] );
	} );

	test( 'POST /sandbox/orders/{id}/status moves an order into an Ecster-only state and validates the body', async () => {
		const order = await sb.order();
		expect(
			( await sb.control.setStatus( order.id, 'EXPIRED' ) ).status
		).toBe( 'EXPIRED' );
		const bad = await sb.raw(
			'POST',
			`/sandbox/orders/${ order.id }/status`,
			{ state: 'DENIED' }
		);
		expect( bad.status ).toBe( 400 );
		expect(
			(
				await sb.raw( 'POST', '/sandbox/orders/nope/status', {
					status: 'DENIED',
				} )
			).status
		).toBe( 404 );
	} );
} );

describe( 'request log', () => {
	test( 'GET /sandbox/requests lists Ecster requests oldest first with method, path, body, status and time, never the API key', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.api( 'GET', `orders/${ order.id }`, undefined, {
			apiKey: 'distinctive-secret-key-123',
		} );
		await sb.transaction(
			order.id,
			{ type: 'DEBIT', amount: 600 },
			{ apiKey: 'distinctive-secret-key-123' }
		);
		await sb.transaction( order.id, {}, { raw: 'not json at all' } );
		await sb.api( 'GET', 'orders/?orderReference=abc' );
		const res = await sb.raw( 'GET', '/sandbox/requests' );
		expect( res.text ).not.toContain( 'distinctive-secret-key-123' );
		const log = res.body;
		expect( log ).toHaveLength( 4 );
		expect( log[ 0 ] ).toMatchObject( {
			method: 'GET',
			path: `/rest/public/v1/orders/${ order.id }`,
			body: null,
			status: 200,
		} );
		expect( log[ 1 ] ).toMatchObject( {
			method: 'POST',
			body: { type: 'DEBIT', amount: 600 },
			status: 201,
		} );
		expect( log[ 2 ] ).toMatchObject( {
			body: 'not json at all',
			status: 400,
		} );
		expect( log[ 3 ] ).toMatchObject( {
			path: '/rest/public/v1/orders/?orderReference=abc',
		} );
		expect( Date.parse( log[ 0 ].time ) ).not.toBeNaN();
		// Control calls are not logged.
		expect(
			log.some( ( e: { path: string } ) =>
				e.path.startsWith( '/sandbox' )
			)
		).toBe( false );
	} );

	test( 'DELETE /sandbox/requests clears the log only; POST /sandbox/reset clears orders, faults and the log', async () => {
		const order = await sb.order();
		await sb.api( 'GET', `orders/${ order.id }` );
		await sb.control.addFault( { response: { status: 500 } } );
		expect( await sb.control.clearRequests() ).toEqual( { removed: 1 } );
		expect( await sb.control.requests() ).toEqual( [] );
		expect( await sb.control.listOrders() ).toHaveLength( 1 );
		expect( await sb.control.faults() ).toHaveLength( 1 );
		await sb.api( 'GET', `orders/${ order.id }` );
		expect( await sb.control.reset() ).toEqual( { ok: true } );
		expect( await sb.control.listOrders() ).toEqual( [] );
		expect( await sb.control.faults() ).toEqual( [] );
		expect( await sb.control.requests() ).toEqual( [] );
		expect( ( await sb.api( 'GET', `orders/${ order.id }` ) ).status ).toBe(
			404
		);
	} );
} );

describe( 'health and config', () => {
	test( 'GET /sandbox/health answers 200 {ok:true}', async () => {
		const res = await sb.raw( 'GET', '/sandbox/health' );
		expect( res.status ).toBe( 200 );
		expect( res.body ).toMatchObject( { ok: true } );
	} );

	test( 'GET/POST /sandbox/config read and change the tunables; DELETE restores the start values', async () => {
		const initial = await sb.control.config();
		expect( initial ).toMatchObject( {
			rateLimitPerSecond: 0,
			swishRefundDelayMs: 2000,
			rowSumCheck: false,
		} );
		const changed = await sb.control.config( {
			swishRefundDelayMs: 50,
			rowSumCheck: true,
		} );
		expect( changed ).toMatchObject( {
			swishRefundDelayMs: 50,
			rowSumCheck: true,
			rateLimitPerSecond: 0,
		} );
		expect( await sb.control.config() ).toEqual( changed );
		for ( const bad of [
			{ rateLimitPerSecond: -1 },
			{ rowSumCheck: 'yes' },
			{ swishRefundFinalStatus: 'ONGOING' },
			{ speed: 1 },
			{ oenRetryDelaysMs: [ 'x' ] },
		] ) {
			const res = await sb.raw( 'POST', '/sandbox/config', bad );
			expect( res.status ).toBe( 400 );
		}
		expect( await sb.control.resetConfig() ).toEqual( initial );
	} );

	test( 'a configured final refund status lets a Swish refund fail instead of succeed', async () => {
		await sb.control.config( {
			swishRefundDelayMs: 0,
			swishRefundFinalStatus: 'FAILED',
		} );
		const swish = await sb.order( { method: 'SWISH', amount: 1000 } );
		const res = await sb.api( 'POST', `orders/${ swish.id }/refunds`, {
			amount: 1000,
			debitTransaction: swish.transactions[ 1 ].id,
		} );
		expect( res.body.status ).toBe( 'ONGOING' );
		const status = await sb.api(
			'GET',
			`orders/${ swish.id }/refunds/latest/status`
		);
		expect( status.body.status ).toBe( 'FAILED' );
		// A failed refund frees the amount again and is not counted as credited.
		expect(
			( await sb.api( 'GET', `orders/${ swish.id }` ) ).body
				.creditedAmount
		).toBe( 0 );
		await sb.control.config( { swishRefundFinalStatus: 'SUCCESS' } );
		const again = await sb.api( 'POST', `orders/${ swish.id }/refunds`, {
			amount: 1000,
			debitTransaction: swish.transactions[ 1 ].id,
		} );
		expect( again.status ).toBe( 201 );
	} );
} );

describe( 'order search (GET /rest/public/v1/orders/)', () => {
	test( 'answers a plain array of summaries without transactions, filtered by every documented parameter', async () => {
		const a = await sb.control.createOrder( {
			amount: 100,
			orderReference: 'A-1',
			method: 'CARD',
		} );
		const b = await sb.control.createOrder( {
			amount: 200,
			orderReference: 'B-1',
			consumer: { nationalId: 'SE19700101-0000' },
		} );
		await sb.control.createOrder( {
			amount: 300,
			orderReference: 'A-1',
			merchantId: 'someone-else',
		} );
		await sb.transaction( b.id, { type: 'DEBIT', amount: 200 } );

		const all = await sb.api( 'GET', 'orders/' );
		expect( all.status ).toBe( 200 );
		expect( all.body.map( ( o: { id: string } ) => o.id ) ).toEqual( [
			a.id,
			b.id,
		] );
		expect( all.body[ 0 ] ).not.toHaveProperty( 'transactions' );
		expect( Object.keys( all.body[ 0 ] ).sort() ).toEqual( [
			'amount',
			'consumer',
			'created',
			'creditedAmount',
			'currency',
			'debitedAmount',
			'id',
			'merchantId',
			'orderReference',
			'properties',
			'status',
		] );
		const ids = async ( query: string ) =>
			( await sb.api( 'GET', `orders/?${ query }` ) ).body.map(
				( o: { id: string } ) => o.id
			);
		expect( await ids( 'orderReference=A-1' ) ).toEqual( [ a.id ] );
		expect( await ids( 'paymentMethod=CARD' ) ).toEqual( [ a.id ] );
		expect( await ids( 'status=FULLY_DELIVERED' ) ).toEqual( [ b.id ] );
		expect( await ids( 'nationalId=SE19700101-0000' ) ).toEqual( [ b.id ] );
		expect(
			await ids( 'merchantId=sandbox-merchant&orderReference=B-1' )
		).toEqual( [ b.id ] );
		expect(
			await ids( `from=${ encodeURIComponent( a.created ) }` )
		).toEqual( [ a.id, b.id ] );
		expect( await ids( 'to=2000-01-01T00:00:00+01:00' ) ).toEqual( [] );
		expect( await ids( 'from=2999-01-01' ) ).toEqual( [] );
		// Without the path's trailing slash too.
		expect(
			( await sb.api( 'GET', 'orders?orderReference=A-1' ) ).body
		).toHaveLength( 1 );
	} );

	test( 'rejects an unparsable date and an over-long orderReference with 400', async () => {
		expect(
			( await sb.api( 'GET', 'orders/?from=yesterday' ) ).status
		).toBe( 400 );
		expect(
			(
				await sb.api(
					'GET',
					`orders/?orderReference=${ 'x'.repeat( 65 ) }`
				)
			).status
		).toBe( 400 );
	} );
} );

describe( 'loopback only', () => {
	test( 'loopback addresses are recognised (IPv4, IPv6, IPv4-mapped)', () => {
		expect( isLoopback( '127.0.0.1' ) ).toBe( true );
		expect( isLoopback( '::1' ) ).toBe( true );
		expect( isLoopback( '::ffff:127.0.0.1' ) ).toBe( true );
		expect( isLoopback( '10.0.0.5' ) ).toBe( false );
		expect( isLoopback( '::ffff:192.168.1.2' ) ).toBe( false );
		expect( isLoopback( undefined ) ).toBe( false );
	} );

	const external = Object.values( os.networkInterfaces() )
		.flat()
		.find( ( i ) => i && i.family === 'IPv4' && ! i.internal );
	test( 'the control API refuses a non-loopback client with 403 while the Ecster API answers it', async () => {
		// Needs a non-loopback interface of this machine to connect from (present on any
		// networked host or container); without one there is no remote client to simulate.
		if ( ! external ) {
			return;
		}
		const remote = await startSandbox( { port: 0, host: '0.0.0.0' } );
		try {
			const get = ( p: string, headers: Record< string, string > = {} ) =>
				new Promise< number >( ( resolve, reject ) => {
					http.get(
						{
							host: external!.address,
							port: remote.port,
							path: p,
							headers,
							localAddress: external!.address,
						},
						( res ) => {
							res.resume();
							resolve( res.statusCode ?? 0 );
						}
					).on( 'error', reject );
				} );
			expect( await get( '/sandbox/orders' ) ).toBe( 403 );
			expect(
				await get( '/rest/public/v1/orders/', {
					'x-api-key': 'sandbox-api-key',
					'x-merchant-key': 'sandbox-merchant',
				} )
			).toBe( 200 );
			// The same control call from loopback is fine.
			expect(
				( await fetch( `${ remote.url }/sandbox/orders` ) ).status
			).toBe( 200 );
		} finally {
			await remote.close();
		}
	} );
} );
