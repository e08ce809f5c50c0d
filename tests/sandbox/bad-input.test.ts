/** @jest-environment node */
/**
 * Bad requests get Ecster-style JSON errors, never a crash: a matrix of wrong bodies, types, ids,
 * routes and methods, and a check that the server is still healthy afterwards.
 */
import net from 'node:net';

import { startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;
let orderId: string;

beforeAll( async () => {
	sb = await startTestSandbox( { config: { maxBodyBytes: 4096 } } );
} );

afterAll( async () => {
	await sb.close();
} );

beforeEach( async () => {
	await sb.control.reset();
	orderId = ( await sb.order( { amount: 10000 } ) ).id;
} );

const expectErrorShape = ( body: {
	code: unknown;
	message: unknown;
	type: unknown;
} ) => {
	expect( Number.isInteger( body.code ) ).toBe( true );
	expect( typeof body.message ).toBe( 'string' );
	expect( typeof body.type ).toBe( 'string' );
};

describe( 'transaction bodies', () => {
	test.each( [
		[ 'invalid JSON', '{"type":"DEBIT",', 9003 ],
		[ 'an empty body', '', 9003 ],
		[ 'a JSON array', '[{"type":"DEBIT","amount":1}]', 9004 ],
		[ 'JSON null', 'null', 9004 ],
		[ 'a JSON string', '"DEBIT"', 9004 ],
		[ 'an amount as text', '{"type":"DEBIT","amount":"100"}', 9004 ],
		[ 'a fractional amount', '{"type":"DEBIT","amount":6250.5}', 9004 ],
		[ 'an amount of 1e21', '{"type":"DEBIT","amount":1e21}', 9004 ],
		[
			'a boolean closeDebit as text',
			'{"type":"DEBIT","amount":1,"closeDebit":"true"}',
			9004,
		],
		[
			'an object transactionReference',
			'{"type":"DEBIT","amount":1,"transactionReference":{}}',
			9004,
		],
		[
			'rows that are not an array',
			'{"type":"DEBIT","amount":1,"rows":"x"}',
			9004,
		],
		[
			'a row that is not an object',
			'{"type":"DEBIT","amount":1,"rows":[5]}',
			9004,
		],
		[
			'a row vatRate above 10000',
			'{"type":"DEBIT","amount":1,"rows":[{"vatRate":12500}]}',
			9004,
		],
		[
			'a row partNumber over 32 characters',
			`{"type":"DEBIT","amount":1,"rows":[{"partNumber":"${ 'p'.repeat( 33 ) }"}]}`,
			9004,
		],
		[
			'a row with a negative quantity',
			'{"type":"DEBIT","amount":1,"rows":[{"quantity":-1}]}',
			9004,
		],
		[ 'an unknown field', '{"type":"DEBIT","amount":1,"amountt":1}', 9004 ],
		[
			'a message that is not text',
			'{"type":"DEBIT","amount":1,"message":5}',
			9004,
		],
	] )(
		'a DEBIT with %s answers 400 and changes nothing',
		async ( _label, raw, code ) => {
			const res = await sb.transaction( orderId, {}, { raw } );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( code );
			expectErrorShape( res.body );
			const order = await sb.control.getOrder( orderId );
			expect( order.transactions ).toHaveLength( 1 );
			expect( order.debitedAmount ).toBe( 0 );
		}
	);

	test( 'a negative row unitAmount (rounding or discount row) is accepted', async () => {
		const res = await sb.transaction( orderId, {
			type: 'DEBIT',
			amount: 999,
			rows: [
				{ name: 'Item', quantity: 1, unitAmount: 1000, vatRate: 2500 },
				{
					name: 'rounding-fee',
					quantity: 1,
					unitAmount: -1,
					vatRate: 0,
				},
			],
		} );
		expect( res.status ).toBe( 201 );
	} );

	test( 'an over-large body answers 413 without reading it all', async () => {
		const res = await sb.transaction( orderId, {
			type: 'DEBIT',
			amount: 1,
			message: 'x'.repeat( 5000 ),
		} );
		expect( res.status ).toBe( 413 );
		expect( res.body.code ).toBe( 9008 );
		expect( ( await sb.control.getOrder( orderId ) ).debitedAmount ).toBe(
			0
		);
		const control = await sb.raw( 'POST', '/sandbox/orders', {
			amount: 1,
			orderReference: 'x'.repeat( 5000 ),
		} );
		expect( control.status ).toBe( 413 );
	} );

	test( 'a PUT orderReference with a wrong type or no value answers 400', async () => {
		for ( const body of [
			{},
			{ orderReference: null },
			{ orderReference: [ 'a' ] },
			{ orderReference: 1.5 },
		] ) {
			const res = await sb.api(
				'PUT',
				`orders/${ orderId }/orderReference`,
				body
			);
			expect( res.status ).toBe( 400 );
			expectErrorShape( res.body );
		}
		// A whole number is stored as text, like the WooCommerce order number it usually is.
		const num = await sb.api( 'PUT', `orders/${ orderId }/orderReference`, {
			orderReference: 10042,
		} );
		expect( num.body.orderReference ).toBe( '10042' );
	} );
} );

describe( 'ids, routes and methods', () => {
	test.each( [
		[ 'an unknown order id', 'orders/AAAAAAAAAAAAAAAAAAAA' ],
		[ 'a badly escaped id', 'orders/%E0%A4%A' ],
		[ 'an id with odd characters', 'orders/%3Cscript%3E' ],
	] )( 'GET with %s answers 404 with code 9002', async ( _label, p ) => {
		const res = await sb.api( 'GET', p );
		expect( res.status ).toBe( 404 );
		expect( res.body.code ).toBe( 9002 );
	} );

	test( 'a transaction, refund or reference update on an unknown order answers 404', async () => {
		expect(
			( await sb.transaction( 'missing', { type: 'DEBIT', amount: 1 } ) )
				.status
		).toBe( 404 );
		expect(
			(
				await sb.api( 'POST', 'orders/missing/refunds', {
					amount: 1,
					debitTransaction: 'x',
				} )
			).status
		).toBe( 404 );
		expect(
			( await sb.api( 'GET', 'orders/missing/refunds/latest/status' ) )
				.status
		).toBe( 404 );
		expect(
			(
				await sb.api( 'PUT', 'orders/missing/orderReference', {
					orderReference: 'x',
				} )
			).status
		).toBe( 404 );
	} );

	test.each( [
		'/rest/public/v2/orders/x',
		'/rest/public/v1/orders/x/y/z',
		'/rest/public/v1/orders//transactions',
		'/rest/public',
		'/',
		'/favicon.ico',
		'/sandbox/unknown',
	] )( 'the unknown route %s answers 404 JSON', async ( p ) => {
		const res = await sb.raw( 'GET', p );
		expect( res.status ).toBe( 404 );
		expect( res.headers.get( 'content-type' ) ).toContain(
			'application/json'
		);
		expect( res.body.code ).toBe( 9006 );
	} );

	test.each( [
		[ 'DELETE', `orders/{id}` ],
		[ 'POST', `orders/{id}` ],
		[ 'GET', `orders/{id}/transactions` ],
		[ 'POST', `orders/{id}/orderReference` ],
		[ 'PATCH', 'orders/' ],
	] )( '%s %s answers 405 with an Allow header', async ( method, p ) => {
		const res = await sb.api(
			method,
			p.replace( '{id}', orderId ),
			method === 'GET' ? undefined : {}
		);
		expect( res.status ).toBe( 405 );
		expect( res.body.code ).toBe( 9007 );
		expect( res.headers.get( 'allow' ) ).toBeTruthy();
	} );

	test( 'a control route with the wrong method answers 405', async () => {
		const res = await sb.raw( 'PUT', '/sandbox/reset', {} );
		expect( res.status ).toBe( 405 );
		expect( res.headers.get( 'allow' ) ).toBe( 'POST' );
	} );
} );

test( 'garbage that is not HTTP gets a 400 and the server keeps serving', async () => {
	const { port } = sb.handle;
	const answer = await new Promise< string >( ( resolve, reject ) => {
		const socket = net.connect( port, '127.0.0.1', () =>
			socket.write( 'HELLO\r\n\r\n' )
		);
		let text = '';
		socket.on( 'data', ( d ) => ( text += d.toString() ) );
		socket.on( 'end', () => resolve( text ) );
		socket.on( 'error', reject );
	} );
	expect( answer ).toMatch( /^HTTP\/1\.1 400/ );
	expect( ( await sb.control.health() ).ok ).toBe( true );
	expect( ( await sb.api( 'GET', `orders/${ orderId }` ) ).status ).toBe(
		200
	);
} );
