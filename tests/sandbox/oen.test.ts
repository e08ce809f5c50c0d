/** @jest-environment node */
/**
 * Order Event Notifications in detail: which events are sent, with which fields, and when.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startTestSandbox, waitFor, type TestSandbox } from './helpers';

let sb: TestSandbox;
let receiver: http.Server;
let notifyUrl: string;
const received: Array< Record< string, unknown > > = [];

beforeAll( async () => {
	sb = await startTestSandbox( {
		config: { oenInitialDelayMs: 0, oenRetryDelaysMs: [] },
	} );
	receiver = http.createServer( ( req, res ) => {
		let text = '';
		req.on( 'data', ( c ) => ( text += c ) );
		req.on( 'end', () => {
			received.push( {
				...JSON.parse( text ),
				contentType: req.headers[ 'content-type' ],
				method: req.method,
			} );
			res.end();
		} );
	} );
	await new Promise< void >( ( r ) => receiver.listen( 0, '127.0.0.1', r ) );
	notifyUrl = `http://127.0.0.1:${ ( receiver.address() as AddressInfo ).port }/oen`;
} );

afterAll( async () => {
	await sb.close();
	await new Promise( ( r ) => receiver.close( r ) );
} );

beforeEach( async () => {
	await sb.control.reset();
	received.length = 0;
} );

test( 'partial debit, credit, reference update and annul each send their event with the transaction id', async () => {
	const order = await sb.order( {
		amount: 10000,
		notificationUrl: notifyUrl,
	} );
	const debit = await sb.transaction( order.id, {
		type: 'DEBIT',
		amount: 4000,
	} );
	await waitFor( () => received.length >= 2 );
	const credit = await sb.transaction( order.id, {
		type: 'CREDIT',
		amount: 1000,
		debitTransaction: debit.body.transaction.id,
	} );
	await waitFor( () => received.length >= 3 );
	await sb.api( 'PUT', `orders/${ order.id }/orderReference`, {
		orderReference: 'wc-9',
	} );
	await waitFor( () => received.length >= 4 );
	const other = await sb.order( { amount: 500, notificationUrl: notifyUrl } );
	await waitFor( () => received.length >= 5 );
	const annul = await sb.transaction( other.id, { type: 'ANNUL' } );
	await waitFor( () => received.length >= 6 );

	expect(
		received.map( ( r ) => [ r.event, r.status, r.transactionId ?? null ] )
	).toEqual( [
		[ 'CREATED', 'READY', null ],
		[ 'PART_DEBIT', 'PARTIALLY_DELIVERED', debit.body.transaction.id ],
		[ 'CREDIT', 'PARTIALLY_DELIVERED', credit.body.transaction.id ],
		[ 'ORDER_REFERENCE_UPDATED', 'PARTIALLY_DELIVERED', null ],
		[ 'CREATED', 'READY', null ],
		[ 'ANNUL', 'ANNULLED', annul.body.transaction.id ],
	] );
	expect( received[ 3 ].orderReference ).toBe( 'wc-9' );
	expect( received[ 0 ] ).toMatchObject( {
		method: 'POST',
		contentType: 'application/json',
	} );
} );

test( 'a Swish refund sends a REFUND event when it completes, not when it is requested', async () => {
	await sb.control.config( { swishRefundDelayMs: 400 } );
	const swish = await sb.order( {
		method: 'SWISH',
		amount: 3000,
		notificationUrl: notifyUrl,
	} );
	await waitFor( () => received.length >= 1 );
	expect( received[ 0 ] ).toMatchObject( {
		event: 'CREATED',
		status: 'FULLY_DELIVERED',
	} );
	const started = Date.now();
	await sb.api( 'POST', `orders/${ swish.id }/refunds`, {
		amount: 3000,
		debitTransaction: swish.transactions[ 1 ].id,
	} );
	await waitFor( () => received.length >= 2, 3000 );
	expect( Date.now() - started ).toBeGreaterThanOrEqual( 390 );
	expect( received[ 1 ] ).toMatchObject( {
		event: 'REFUND',
		orderId: swish.id,
	} );
	const status = await sb.api(
		'GET',
		`orders/${ swish.id }/refunds/latest/status`
	);
	expect( status.body.status ).toBe( 'SUCCESS' );
	await sb.control.resetConfig();
	await sb.control.config( { oenInitialDelayMs: 0, oenRetryDelaysMs: [] } );
} );

test( 'an unreachable notificationUrl is recorded as a failed attempt and does not disturb the API', async () => {
	const order = await sb.order( {
		notificationUrl: 'http://127.0.0.1:1/nothing-listens-here',
	} );
	const debit = await sb.transaction( order.id, {
		type: 'DEBIT',
		amount: 32900,
	} );
	expect( debit.status ).toBe( 201 );
	const attempts = await waitFor( async () => {
		const list = await sb.control.notifications();
		return list.length >= 2 ? list : null;
	} );
	expect( attempts.map( ( a ) => [ a.event, a.status ] ) ).toEqual( [
		[ 'CREATED', null ],
		[ 'FULL_DEBIT', null ],
	] );
	expect( attempts[ 0 ].error ).toBeTruthy();
} );
