/**
 * The orders-list notice of bulk debits and annuls: what it shows, Retry failed, Dismiss, the
 * "queued" marks on the list's rows, and following a batch live.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { dispatch, select } from '@wordpress/data';

import { BulkNotices } from '../../../src/bulk/components/BulkNotices';
import { createController } from '../../../src/bulk/controller';
import { mount, placeInPage, readConfig } from '../../../src/bulk/mount';
import { MARK_CLASS, markQueuedRows } from '../../../src/bulk/rows';
import { STORE_NAME, store } from '../../../src/bulk/store';
import type { BatchView } from '../../../src/bulk/types';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

function batch( overrides: Partial< BatchView > = {} ): BatchView {
	return {
		id: 'a1b2c3d4e5f6',
		operation: 'debit',
		trigger: 'bulk',
		user: 'Anna Admin',
		createdAt: '2026-11-02T10:00:00Z',
		finishedAt: null,
		finished: false,
		total: 4,
		counts: { queued: 2, done: 1, failed: 1, unknown: 0 },
		problems: [
			{
				orderId: 12,
				orderNumber: '12',
				editUrl:
					'http://example.test/wp-admin/admin.php?page=wc-orders&action=edit&id=12',
				state: 'failed',
				code: 'exceeds_reservation',
				message: 'The order total exceeds the amount Ecster reserved.',
				attempts: 1,
			},
		],
		problemsTotal: 1,
		queuedOrderIds: [ 13, 14 ],
		...overrides,
	};
}

const finished = () =>
	batch( {
		finished: true,
		finishedAt: '2026-11-02T10:01:00Z',
		counts: { queued: 0, done: 3, failed: 1, unknown: 0 },
		queuedOrderIds: [],
	} );

beforeEach( () => {
	mockedApiFetch.mockReset();
	document.body.innerHTML = '';
	act( () => {
		dispatch( store ).receiveBatches( [] );
	} );
} );

describe( 'the notice', () => {
	it( 'shows the counts, each failed order with its link and Ecster’s reason, and Retry failed', async () => {
		const user = userEvent.setup();
		const controller = createController( 'hpos' );
		act( () => {
			dispatch( store ).receiveBatches( [ batch() ] );
		} );
		render(
			<BulkNotices
				onRetry={ ( id ) => void controller.retry( id ) }
				onDismiss={ ( id ) => void controller.dismiss( id ) }
			/>
		);
		expect( STORE_NAME ).toBe( 'ecster-om/bulk' );
		expect(
			screen.getByText(
				'Ecster debit of 4 orders, started from the orders list by Anna Admin'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Queued: 2 · Done: 1 · Failed: 1 · Unknown: 0' )
		).toBeInTheDocument();
		const problem = screen.getByRole( 'listitem' );
		expect(
			within( problem ).getByRole( 'link', { name: 'Order #12' } )
		).toHaveAttribute( 'href', batch().problems[ 0 ].editUrl );
		expect( problem ).toHaveTextContent(
			'Failed: The order total exceeds the amount Ecster reserved.'
		);
		expect(
			screen.queryByRole( 'button', { name: 'Dismiss' } )
		).not.toBeInTheDocument();

		const retried = batch( {
			counts: { queued: 3, done: 1, failed: 0, unknown: 0 },
			problems: [],
			problemsTotal: 0,
			queuedOrderIds: [ 12, 13, 14 ],
		} );
		mockedApiFetch.mockResolvedValueOnce( { batch: retried, requeued: 1 } );
		await user.click(
			screen.getByRole( 'button', { name: 'Retry failed' } )
		);
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/ecster-om/v1/bulk/batches/a1b2c3d4e5f6/retry',
			method: 'POST',
			data: {},
		} );
		expect(
			await screen.findByText(
				'Queued: 3 · Done: 1 · Failed: 0 · Unknown: 0'
			)
		).toBeInTheDocument();
		expect( screen.queryByRole( 'listitem' ) ).not.toBeInTheDocument();
	} );

	it( 'keeps a finished batch until it is dismissed', async () => {
		const user = userEvent.setup();
		const controller = createController( 'hpos' );
		act( () => {
			dispatch( store ).receiveBatches( [ finished() ] );
		} );
		render(
			<BulkNotices
				onRetry={ ( id ) => void controller.retry( id ) }
				onDismiss={ ( id ) => void controller.dismiss( id ) }
			/>
		);
		expect(
			screen.getByText( 'Finished: 3 done, 1 failed, 0 unknown.' )
		).toBeInTheDocument();
		mockedApiFetch.mockResolvedValueOnce( {
			dismissed: true,
			id: 'a1b2c3d4e5f6',
		} );
		await user.click( screen.getByRole( 'button', { name: 'Dismiss' } ) );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/ecster-om/v1/bulk/batches/a1b2c3d4e5f6/dismiss',
			method: 'POST',
			data: {},
		} );
		expect( select( store ).getBatches() ).toEqual( [] );
	} );

	it( 'says why a retry was refused', async () => {
		const user = userEvent.setup();
		const controller = createController( 'hpos' );
		act( () => {
			dispatch( store ).receiveBatches( [ batch() ] );
		} );
		render(
			<BulkNotices
				onRetry={ ( id ) => void controller.retry( id ) }
				onDismiss={ () => undefined }
			/>
		);
		mockedApiFetch.mockRejectedValueOnce( {
			code: 'ecster_om_nothing_to_retry',
			message: 'There is nothing to retry.',
			data: { status: 409 },
		} );
		await user.click(
			screen.getByRole( 'button', { name: 'Retry failed' } )
		);
		expect( await screen.findByRole( 'alert' ) ).toHaveTextContent(
			'There is nothing to retry.'
		);
	} );
} );

describe( 'the orders list', () => {
	function list( ids: number[], prefix: string ): void {
		document.body.innerHTML = `<table>${ ids
			.map(
				( id ) =>
					`<tr id="${ prefix }${ id }"><td class="order_status"><mark class="order-status status-processing"><span>Processing</span></mark></td></tr>`
			)
			.join( '' ) }</table>`;
	}

	it( 'marks the rows of queued orders and unmarks them when they are done', () => {
		list( [ 12, 13, 14 ], 'order-' );
		markQueuedRows( 'hpos', [ batch() ] );
		const marked = () =>
			Array.from(
				document.querySelectorAll< HTMLElement >( `.${ MARK_CLASS }` )
			).map( ( mark ) => [ mark.dataset.orderId, mark.textContent ] );
		expect( marked() ).toEqual( [
			[ '13', 'Debit queued' ],
			[ '14', 'Debit queued' ],
		] );
		markQueuedRows( 'hpos', [ batch( { queuedOrderIds: [ 14 ] } ) ] );
		expect( marked() ).toEqual( [ [ '14', 'Debit queued' ] ] );
	} );

	it( 'finds the rows of the legacy list too', () => {
		list( [ 13 ], 'post-' );
		markQueuedRows( 'legacy', [
			batch( { operation: 'annul', queuedOrderIds: [ 13 ] } ),
		] );
		expect(
			document.querySelector( `.${ MARK_CLASS }` )
		).toHaveTextContent( 'Annul queued' );
	} );
} );

describe( 'following a batch live', () => {
	afterEach( () => {
		jest.useRealTimers();
	} );

	it( 'reads the batches again while one runs, without a reload, until it is finished', async () => {
		jest.useFakeTimers();
		const root = document.createElement( 'div' );
		root.dataset.config = JSON.stringify( {
			batches: [ batch() ],
			screen: 'hpos',
		} );
		document.body.append( root );
		expect( readConfig( root )?.batches ).toHaveLength( 1 );
		const controller = createController( 'hpos', {
			activeMs: 100,
			idleMs: 10000,
		} );
		mockedApiFetch.mockResolvedValue( { batches: [ finished() ] } );
		let unmount: ( () => void ) | null = null;
		act( () => {
			unmount = mount( root, controller );
		} );
		expect(
			within( root ).getByText(
				'Queued: 2 · Done: 1 · Failed: 1 · Unknown: 0'
			)
		).toBeInTheDocument();
		await act( async () => {
			await jest.advanceTimersByTimeAsync( 150 );
		} );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/ecster-om/v1/bulk/batches',
			method: 'GET',
		} );
		expect(
			within( root ).getByText( 'Finished: 3 done, 1 failed, 0 unknown.' )
		).toBeInTheDocument();
		// Finished: the next look is the idle one.
		await act( async () => {
			await jest.advanceTimersByTimeAsync( 1000 );
		} );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
		act( () => unmount?.() );
	} );

	it( 'moves the notice below the list heading, where WooCommerce does not hide it', () => {
		document.body.innerHTML =
			'<div id="wpbody-content"><div id="ecster-om-bulk-root"></div><div class="wrap"><h1>Orders</h1><hr class="wp-header-end"><table></table></div></div>';
		const root = document.getElementById(
			'ecster-om-bulk-root'
		) as HTMLElement;
		placeInPage( root );
		expect( root.previousElementSibling ).toHaveClass( 'wp-header-end' );
		expect( root.closest( '.wrap' ) ).not.toBeNull();
	} );

	it( 'ignores a broken config', () => {
		const root = document.createElement( 'div' );
		root.dataset.config = '{"batches": 3}';
		expect( mount( root ) ).toBeNull();
	} );
} );
