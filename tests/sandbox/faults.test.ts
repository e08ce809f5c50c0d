/** @jest-environment node */
/**
 * Fault injection (POST /sandbox/faults): every response type, matching, counting and validation.
 */
import { SandboxControlClient } from '../../ecster-sandbox/src/control-client';
import { startTestSandbox, sleep, type TestSandbox } from './helpers';

let sb: TestSandbox;

beforeAll( async () => {
	sb = await startTestSandbox();
} );

afterAll( async () => {
	await sb.close();
} );

beforeEach( async () => {
	await sb.control.reset();
} );

describe( 'fault responses', () => {
	test( 'a status fault answers that status with an injected-fault body and does not carry out the request', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { status: 500 },
		} );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( res.status ).toBe( 500 );
		expect( res.body ).toEqual( {
			code: 9010,
			message: 'Injected fault: HTTP 500.',
			type: 'SANDBOX_INJECTED_FAULT',
		} );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
		// times defaults to 1: the retry goes through.
		const retry = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( retry.status ).toBe( 201 );
		expect( await sb.control.faults() ).toEqual( [] );
	} );

	test( 'a status fault with apply:true carries out the request, then answers the status (Ecster stored it but failed to answer)', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { status: 500, apply: true },
		} );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( res.status ).toBe( 500 );
		expect( res.body ).toEqual( {
			code: 9010,
			message: 'Injected fault: HTTP 500.',
			type: 'SANDBOX_INJECTED_FAULT',
		} );
		const after = await sb.control.getOrder( order.id );
		expect( after.debitedAmount ).toBe( 1000 );
		expect( after.status ).toBe( 'FULLY_DELIVERED' );
		const log = await sb.control.requests();
		expect( log[ log.length - 1 ] ).toMatchObject( {
			method: 'POST',
			status: 500,
			fault: 'status',
		} );
		// A blind retry of the same DEBIT now meets the already-debited order.
		const retry = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( retry.status ).toBe( 400 );
		expect( retry.body.code ).toBe( 4424 );
	} );

	test( 'a status fault with apply:false (the default) answers the status without carrying out the request', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { status: 503, apply: false },
		} );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( res.status ).toBe( 503 );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
		expect( ( await sb.control.faults() ).length ).toBe( 0 );
	} );

	test( 'a status fault with apply:true keeps a custom body and headers', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			response: {
				status: 502,
				apply: true,
				body: 'upstream timed out',
				headers: { 'Retry-After': '3' },
			},
		} );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 400,
		} );
		expect( res.status ).toBe( 502 );
		expect( res.text ).toBe( 'upstream timed out' );
		expect( res.headers.get( 'retry-after' ) ).toBe( '3' );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			400
		);
	} );

	test( 'a status fault can carry a custom JSON body, a plain-text body and headers', async () => {
		const order = await sb.order();
		await sb.control.addFault( {
			response: {
				status: 503,
				body: { error: 'maintenance', message: 'Back soon' },
			},
		} );
		await sb.control.addFault( {
			response: { status: 502, body: 'upstream went away' },
		} );
		const json = await sb.api( 'GET', `orders/${ order.id }` );
		expect( json.status ).toBe( 503 );
		expect( json.body ).toEqual( {
			error: 'maintenance',
			message: 'Back soon',
		} );
		const text = await sb.api( 'GET', `orders/${ order.id }` );
		expect( text.status ).toBe( 502 );
		expect( text.text ).toBe( 'upstream went away' );
		expect( text.headers.get( 'content-type' ) ).toContain( 'text/plain' );
	} );

	test( 'a 429 fault answers Too Many Requests (with an optional Retry-After header)', async () => {
		const order = await sb.order();
		await sb.control.addFault( {
			response: { status: 429, headers: { 'Retry-After': '7' } },
		} );
		const res = await sb.api( 'GET', `orders/${ order.id }` );
		expect( res.status ).toBe( 429 );
		expect( res.headers.get( 'retry-after' ) ).toBe( '7' );
		expect( res.body.code ).toBe( 9010 );
	} );

	test( 'an ecsterCode fault answers an Ecster error body, 400 by default, without carrying out the request', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { ecsterCode: 4424 },
		} );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: {
				ecsterCode: 4711,
				status: 409,
				message: 'Other problem',
			},
		} );
		const first = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( first.status ).toBe( 400 );
		expect( first.body ).toEqual( {
			code: 4424,
			message: 'Order is not in a valid state.',
			type: 'INVALID_STATE',
		} );
		expect( first.text ).toContain( '"code":4424' );
		const second = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( second.status ).toBe( 409 );
		expect( second.body ).toMatchObject( {
			code: 4711,
			message: 'Other problem',
		} );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
	} );

	test( 'a delay fault carries out the request at once and answers normally after the delay', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { delayMs: 600 },
		} );
		const started = Date.now();
		const pending = sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		await sleep( 200 );
		// Already debited while the client is still waiting (the "timeout, unknown outcome" case).
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			1000
		);
		const res = await pending;
		expect( Date.now() - started ).toBeGreaterThanOrEqual( 590 );
		expect( res.status ).toBe( 201 );
		expect( res.body.orderStatus ).toBe( 'FULLY_DELIVERED' );
	} );

	test( 'a delay fault simulates a client timeout after Ecster applied the change: the client gives up, the order is debited', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { delayMs: 2000 },
		} );
		await expect(
			fetch(
				`${ sb.url }/rest/public/v1/orders/${ order.id }/transactions`,
				{
					method: 'POST',
					headers: SandboxControlClient.ecsterHeaders(),
					body: JSON.stringify( { type: 'DEBIT', amount: 1000 } ),
					signal: AbortSignal.timeout( 300 ),
				}
			)
		).rejects.toThrow();
		const after = await sb.control.getOrder( order.id );
		expect( after.debitedAmount ).toBe( 1000 );
		expect( after.status ).toBe( 'FULLY_DELIVERED' );
		const log = await sb.control.requests();
		expect( log[ log.length - 1 ] ).toMatchObject( {
			method: 'POST',
			status: 201,
			fault: 'delay',
		} );
	} );

	test( 'a drop fault closes the connection without an answer and, by default, carries out the request', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { drop: true },
		} );
		await expect(
			sb.transaction( order.id, { type: 'DEBIT', amount: 1000 } )
		).rejects.toThrow();
		const after = await sb.control.getOrder( order.id );
		expect( after.debitedAmount ).toBe( 1000 );
		expect( after.status ).toBe( 'FULLY_DELIVERED' );
		const log = await sb.control.requests();
		expect( log[ log.length - 1 ] ).toMatchObject( {
			method: 'POST',
			status: null,
			fault: 'drop',
		} );
	} );

	test( 'a drop fault with apply:false closes the connection and leaves the order untouched', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { drop: true, apply: false },
		} );
		await expect(
			sb.transaction( order.id, { type: 'DEBIT', amount: 1000 } )
		).rejects.toThrow();
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
	} );

	test( 'a malformed fault answers 200 with a body that is not JSON and, by default, carries out the request', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			match: { type: 'DEBIT' },
			response: { malformed: true },
		} );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( res.status ).toBe( 200 );
		expect( () => JSON.parse( res.text ) ).toThrow();
		expect( res.text ).toContain( 'Bad Gateway' );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			1000
		);
	} );

	test( 'a malformed fault with apply:false and a custom body does not carry out the request', async () => {
		const order = await sb.order( { amount: 1000 } );
		await sb.control.addFault( {
			response: {
				malformed: true,
				apply: false,
				body: '{"orderStatus":"FULLY_DEL',
			},
		} );
		const res = await sb.transaction( order.id, {
			type: 'DEBIT',
			amount: 1000,
		} );
		expect( res.status ).toBe( 200 );
		expect( res.text ).toBe( '{"orderStatus":"FULLY_DEL' );
		expect( ( await sb.control.getOrder( order.id ) ).debitedAmount ).toBe(
			0
		);
	} );
} );

describe( 'fault matching', () => {
	test( 'faults match by method, path substring and transaction type; others pass through', async () => {
		const a = await sb.order( { amount: 5000 } );
		const b = await sb.order( { amount: 5000 } );
		await sb.control.addFault( {
			match: { method: 'get', path: a.id },
			response: { status: 500 },
		} );
		expect( ( await sb.api( 'GET', `orders/${ b.id }` ) ).status ).toBe(
			200
		);
		expect(
			( await sb.transaction( a.id, { type: 'DEBIT', amount: 100 } ) )
				.status
		).toBe( 201 );
		expect( ( await sb.api( 'GET', `orders/${ a.id }` ) ).status ).toBe(
			500
		);

		await sb.control.addFault( {
			match: { type: 'CREDIT' },
			response: { status: 500 },
		} );
		expect(
			( await sb.transaction( a.id, { type: 'DEBIT', amount: 100 } ) )
				.status
		).toBe( 201 );
		expect( ( await sb.api( 'GET', `orders/${ a.id }` ) ).status ).toBe(
			200
		);
		const debitId = ( await sb.control.getOrder( a.id ) ).transactions[ 1 ]
			.id;
		expect(
			(
				await sb.transaction( a.id, {
					type: 'CREDIT',
					amount: 100,
					debitTransaction: debitId,
				} )
			).status
		).toBe( 500 );
	} );

	test( 'a fault with times:N hits N requests, the oldest matching fault first', async () => {
		const order = await sb.order();
		await sb.control.addFault( { times: 2, response: { status: 500 } } );
		await sb.control.addFault( { response: { status: 503 } } );
		const statuses = [];
		for ( let i = 0; i < 4; i++ ) {
			statuses.push(
				( await sb.api( 'GET', `orders/${ order.id }` ) ).status
			);
		}
		expect( statuses ).toEqual( [ 500, 500, 503, 200 ] );
	} );

	test( 'faults only hit the Ecster API, never the control API, and never unauthenticated requests', async () => {
		const order = await sb.order();
		await sb.control.addFault( { response: { status: 500 } } );
		expect( ( await sb.control.health() ).ok ).toBe( true );
		expect( ( await sb.control.getOrder( order.id ) ).id ).toBe( order.id );
		expect(
			(
				await sb.api( 'GET', `orders/${ order.id }`, undefined, {
					apiKey: 'bad',
				} )
			).status
		).toBe( 401 );
		expect( ( await sb.control.faults() )[ 0 ].remaining ).toBe( 1 );
		expect( ( await sb.api( 'GET', `orders/${ order.id }` ) ).status ).toBe(
			500
		);
	} );

	test( 'GET /sandbox/faults lists queued faults with what is left; DELETE clears all or one', async () => {
		const one = await sb.control.addFault( {
			match: { type: 'ANNUL' },
			times: 3,
			response: { ecsterCode: 4424 },
		} );
		await sb.control.addFault( { response: { delayMs: 10 } } );
		const list = await sb.control.faults();
		expect( list ).toHaveLength( 2 );
		expect( list[ 0 ] ).toMatchObject( {
			id: one.id,
			match: { type: 'ANNUL' },
			remaining: 3,
			response: { ecsterCode: 4424 },
		} );
		const del = await sb.raw( 'DELETE', `/sandbox/faults/${ one.id }` );
		expect( del.status ).toBe( 200 );
		expect(
			( await sb.raw( 'DELETE', `/sandbox/faults/${ one.id }` ) ).status
		).toBe( 404 );
		expect( await sb.control.faults() ).toHaveLength( 1 );
		expect( await sb.control.clearFaults() ).toEqual( { removed: 1 } );
		expect( await sb.control.faults() ).toEqual( [] );
	} );
} );

describe( 'fault validation', () => {
	test.each( [
		[ 'no response', { match: {} }, 'response is required' ],
		[
			'an unknown response kind',
			{ response: { explode: true } },
			'response must be one of',
		],
		[
			'a status below 200',
			{ response: { status: 99 } },
			'response.status',
		],
		[
			'a status given as text',
			{ response: { status: '500' } },
			'response.status',
		],
		[ 'times 0', { times: 0, response: { status: 500 } }, 'times' ],
		[
			'fractional times',
			{ times: 1.5, response: { status: 500 } },
			'times',
		],
		[
			'an unknown match.type',
			{ match: { type: 'REFUND' }, response: { status: 500 } },
			'match.type',
		],
		[
			'an empty match.path',
			{ match: { path: '' }, response: { status: 500 } },
			'match.path',
		],
		[
			'an unknown match field',
			{ match: { url: '/x' }, response: { status: 500 } },
			'Unknown field "url"',
		],
		[
			'two kinds at once',
			{ response: { drop: true, delayMs: 5 } },
			'only one of',
		],
		[
			'a delay over two minutes',
			{ response: { delayMs: 120001 } },
			'delayMs',
		],
		[ 'drop:false', { response: { drop: false } }, 'drop must be true' ],
		[
			'a non-boolean apply',
			{ response: { drop: true, apply: 'no' } },
			'apply',
		],
		[
			'a non-boolean apply on a status fault',
			{ response: { status: 500, apply: 1 } },
			'response.apply must be true or false',
		],
		[
			'apply on an ecsterCode fault',
			{ response: { ecsterCode: 4424, apply: true } },
			'Unknown field "apply"',
		],
		[
			'a text ecsterCode',
			{ response: { ecsterCode: '4424' } },
			'ecsterCode',
		],
		[
			'an unknown top-level field',
			{ response: { status: 500 }, when: 'now' },
			'Unknown field "when"',
		],
		[ 'an array body', [ { response: { status: 500 } } ], 'JSON object' ],
	] )(
		'POST /sandbox/faults with %s answers 400 and queues nothing',
		async ( _label, body, message ) => {
			const res = await sb.raw( 'POST', '/sandbox/faults', body );
			expect( res.status ).toBe( 400 );
			expect( res.body.code ).toBe( 9004 );
			expect( res.body.message ).toContain( message );
			expect( await sb.control.faults() ).toEqual( [] );
		}
	);

	test( 'POST /sandbox/faults with invalid JSON answers 400', async () => {
		const res = await sb.raw( 'POST', '/sandbox/faults', undefined, {
			raw: '{"response":',
		} );
		expect( res.status ).toBe( 400 );
		expect( res.body.code ).toBe( 9003 );
	} );
} );
