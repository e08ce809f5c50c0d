/**
 * The ecster-om/order store and the panel rendering its state.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { dispatch, select } from '@wordpress/data';

import { OrderPanel } from '../../../src/order-panel/components/OrderPanel';
import { createController } from '../../../src/order-panel/controller';
import { STORE_NAME, store } from '../../../src/order-panel/store';
import { statusActionFor } from '../../../src/order-panel/decisions';
import { debitedState, orderState, SWEDISH } from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

beforeEach( () => {
	mockedApiFetch.mockReset();
	act( () => {
		dispatch( store ).initialize( {
			orderId: 11,
			state: orderState(),
			priceFormat: SWEDISH,
		} );
	} );
} );

describe( 'store', () => {
	it( 'is registered as ecster-om/order and starts from the initial data', () => {
		expect( STORE_NAME ).toBe( 'ecster-om/order' );
		expect( select( store ).getOrderId() ).toBe( 11 );
		expect( select( store ).getOrder()?.ecsterOrderId ).toBe( 'EC-TEST-1' );
		expect( select( store ).getPriceFormat() ).toEqual( SWEDISH );
		expect( select( store ).isLoading() ).toBe( false );
		expect( select( store ).getConfirm() ).toBeNull();
	} );

	it( 'tracks loading, received states and load errors', () => {
		dispatch( store ).startLoading();
		expect( select( store ).isLoading() ).toBe( true );
		dispatch( store ).receiveOrder( debitedState() );
		expect( select( store ).isLoading() ).toBe( false );
		expect( select( store ).getOrder()?.amounts.debited ).toBe( 99800 );
		dispatch( store ).startLoading();
		dispatch( store ).loadFailed( 'offline' );
		expect( select( store ).getLoadError() ).toBe( 'offline' );
		// The last known state stays visible.
		expect( select( store ).getOrder()?.amounts.debited ).toBe( 99800 );
	} );

	it( 'closing the dialog also ends the busy state', () => {
		dispatch( store ).openConfirm( {
			kind: 'status',
			action: 'debit',
			amount: 99800,
			statusLabel: 'Completed',
		} );
		dispatch( store ).setBusy( true );
		dispatch( store ).closeConfirm();
		expect( select( store ).getConfirm() ).toBeNull();
		expect( select( store ).isBusy() ).toBe( false );
	} );

	it( 'initialize resets everything', () => {
		dispatch( store ).setMessage( { type: 'error', text: 'x' } );
		dispatch( store ).initialize( {
			orderId: 12,
			state: orderState( { orderId: 12 } ),
			priceFormat: SWEDISH,
		} );
		expect( select( store ).getMessage() ).toBeNull();
		expect( select( store ).getOrderId() ).toBe( 12 );
	} );
} );

describe( 'statusActionFor', () => {
	it( 'debits on Completed and annuls on Cancelled only when Ecster allows it', () => {
		expect(
			statusActionFor( orderState(), 'wc-processing', 'wc-completed' )
		).toBe( 'debit' );
		expect(
			statusActionFor( orderState(), 'wc-processing', 'wc-cancelled' )
		).toBe( 'annul' );
		expect(
			statusActionFor( orderState(), 'wc-processing', 'wc-on-hold' )
		).toBeNull();
		expect(
			statusActionFor( orderState(), 'wc-completed', 'wc-completed' )
		).toBeNull();
		expect(
			statusActionFor( debitedState(), 'wc-processing', 'wc-completed' )
		).toBeNull();
		expect(
			statusActionFor( debitedState(), 'wc-processing', 'wc-cancelled' )
		).toBeNull();
		expect(
			statusActionFor(
				orderState( { managed: false } ),
				'wc-processing',
				'wc-completed'
			)
		).toBeNull();
		expect(
			statusActionFor( null, 'wc-processing', 'wc-completed' )
		).toBeNull();
	} );
} );

describe( 'panel', () => {
	it( 'shows the Ecster order, method, status, amounts, history and warnings', () => {
		act( () => {
			dispatch( store ).receiveOrder(
				debitedState( {
					amounts: { credited: 10000 },
					transactions: [
						{
							id: 'T-DEBIT-1',
							type: 'DEBIT',
							created: '2026-11-27T15:00:00Z',
							amount: 99800,
							reference: '',
							billPdfUrl: '',
						},
						{
							id: 'T-CREDIT-1',
							type: 'CREDIT',
							created: '2026-11-27T16:00:00Z',
							amount: 10000,
							reference: '55',
							billPdfUrl: 'https://labs.ecster.se/bill/1.pdf',
						},
					],
					warnings: [
						{
							code: 'total_mismatch',
							message:
								'The order total differs from the reservation.',
						},
					],
				} )
			);
		} );
		const { container } = render(
			<OrderPanel onRefresh={ () => undefined } />
		);

		expect(
			screen.getByRole( 'row', { name: /Ecster order/ } )
		).toHaveTextContent( 'EC-TEST-1' );
		expect(
			screen.getByRole( 'row', { name: /Payment method/ } )
		).toHaveTextContent( 'Invoice' );
		expect(
			screen.getByRole( 'row', { name: /Ecster status/ } )
		).toHaveTextContent( 'FULLY_DELIVERED' );
		expect(
			screen.getByRole( 'row', { name: /Reserved/ } )
		).toHaveTextContent( '998,00 kr' );
		expect(
			screen.getByRole( 'row', { name: /^Debited/ } )
		).toHaveTextContent( '998,00 kr' );
		expect(
			screen.getByRole( 'row', { name: /^Credited/ } )
		).toHaveTextContent( '100,00 kr' );
		const credit = screen.getByRole( 'row', { name: /T-CREDIT-1/ } );
		expect( credit ).toHaveTextContent( 'Credit' );
		expect( credit ).toHaveTextContent( '100,00 kr' );
		expect(
			screen.getByRole( 'link', { name: 'Credit invoice' } )
		).toHaveAttribute( 'href', 'https://labs.ecster.se/bill/1.pdf' );
		expect(
			within( container ).getByText(
				'The order total differs from the reservation.'
			)
		).toBeInTheDocument();
	} );

	it( 'Refresh reloads the live state and shows loading, then the new state', async () => {
		let resolve!: ( value: unknown ) => void;
		mockedApiFetch.mockReturnValue(
			new Promise( ( r ) => ( resolve = r ) )
		);
		const controller = createController();
		render( <OrderPanel onRefresh={ () => void controller.refresh() } /> );
		expect( screen.getByText( 'READY' ) ).toBeInTheDocument();

		await userEvent.click(
			screen.getByRole( 'button', { name: 'Refresh' } )
		);
		expect( screen.getByText( 'Checking Ecster…' ) ).toBeInTheDocument();
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/ecster-om/v1/orders/11',
			method: 'GET',
		} );
		await act( async () => resolve( debitedState() ) );
		expect(
			screen.queryByText( 'Checking Ecster…' )
		).not.toBeInTheDocument();
		expect( screen.getByText( 'FULLY_DELIVERED' ) ).toBeInTheDocument();
	} );

	it( 'shows a load error and keeps the last state', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'ecster_om_forbidden',
			message: 'You are not allowed to edit this order.',
			data: { status: 403 },
		} );
		const controller = createController();
		const { container } = render(
			<OrderPanel onRefresh={ () => void controller.refresh() } />
		);
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Refresh' } )
		);

		expect(
			await within( container ).findByText(
				'Could not load the Ecster status: You are not allowed to edit this order.'
			)
		).toBeInTheDocument();
		expect( screen.getByText( 'READY' ) ).toBeInTheDocument();
	} );

	it( 'says so when Ecster cannot be reached', () => {
		act( () => {
			dispatch( store ).receiveOrder(
				orderState( {
					ecsterReachable: false,
					ecsterError: {
						kind: 'timeout',
						httpStatus: 0,
						code: '',
						message: 'Ecster did not answer in time.',
					},
					ecsterStatus: null,
					warnings: [
						{
							code: 'ecster_unreachable',
							message:
								'Ecster could not be asked for the order right now.',
						},
					],
				} )
			);
		} );
		const { container } = render(
			<OrderPanel onRefresh={ () => undefined } />
		);
		expect(
			within( container ).getByText(
				'Ecster could not be asked for the order right now.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'row', { name: /Ecster status/ } )
		).toHaveTextContent( 'Unknown (Ecster did not answer in time.)' );
	} );

	it( 'says the status is not checked yet before Ecster was asked', () => {
		act( () => {
			dispatch( store ).receiveOrder(
				orderState( {
					ecsterReachable: null,
					ecsterStatus: null,
					amounts: { reserved: null },
				} )
			);
		} );
		render( <OrderPanel onRefresh={ () => undefined } /> );
		expect(
			screen.getByRole( 'row', { name: /Ecster status/ } )
		).toHaveTextContent( 'Not checked yet' );
		expect(
			screen.getByRole( 'row', { name: /Reserved/ } )
		).toHaveTextContent( 'Unknown' );
	} );
} );
