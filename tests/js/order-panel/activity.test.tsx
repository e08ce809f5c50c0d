/**
 * "Ecster activity": the operation journal in the panel, times in the site's time zone, and
 * "Check with Ecster now" (POST /orders/{id}/reconcile).
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { getSettings, setSettings } from '@wordpress/date';
import type { DateSettings } from '@wordpress/date';
// WordPress's wp-date script ships moment-timezone's zone data; the npm package of
// @wordpress/date does not. Loading it here gives the tests what the admin page has.
// eslint-disable-next-line import/no-extraneous-dependencies
import 'moment-timezone';

import type { ActivityEntry, OrderState } from '../../../src/order-panel/types';
import {
	activityEntry,
	cleanupScreen,
	debitedState,
	orderState,
	renderScreen,
} from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const WORDPRESS_DEFAULTS: DateSettings = getSettings();

/**
 * Date settings as WordPress prints them for a Swedish shop: Settings → General → Timezone
 * "Stockholm", date format Y-m-d, time format H:i.
 */
const STOCKHOLM: DateSettings = {
	...WORDPRESS_DEFAULTS,
	formats: {
		...WORDPRESS_DEFAULTS.formats,
		date: 'Y-m-d',
		time: 'H:i',
	},
	timezone: {
		offset: 1,
		offsetFormatted: '+1',
		string: 'Europe/Stockholm',
		abbr: 'CET',
	},
};

function deferred< T >() {
	let resolve!: ( value: T ) => void;
	let reject!: ( reason: unknown ) => void;
	const promise = new Promise< T >( ( res, rej ) => {
		resolve = res;
		reject = rej;
	} );
	return { promise, resolve, reject };
}

/** The panel's "Ecster activity" section. */
function activitySection(): HTMLElement {
	const section = document.querySelector< HTMLElement >(
		'.ecster-om-activity'
	);
	if ( ! section ) {
		throw new Error( 'No Ecster activity section' );
	}
	return section;
}

function rows(): HTMLElement[] {
	return Array.from(
		activitySection().querySelectorAll< HTMLElement >(
			'.ecster-om-activity__entry'
		)
	);
}

/**
 * The order after a debit whose answer was lost: one unknown entry, checked automatically.
 *
 * @param entry Fields of the open entry.
 */
function unknownDebitState( entry: Partial< ActivityEntry > = {} ): OrderState {
	return orderState( {
		openQuestions: 1,
		actions: { reconcile: { allowed: true, reason: null } },
		activity: [
			activityEntry( {
				state: 'unknown',
				checking: true,
				transactionId: null,
				message:
					'Ecster did not answer in time. It is not known whether the order was debited.',
				nextCheck: '2026-12-01T10:20:00+00:00',
				...entry,
			} ),
		],
	} );
}

beforeEach( () => {
	mockedApiFetch.mockReset();
	setSettings( STOCKHOLM );
} );

afterEach( () => {
	cleanupScreen();
	setSettings( WORDPRESS_DEFAULTS );
} );

describe( 'Ecster activity', () => {
	it.each( [
		[ 'confirmed', false, 'Confirmed' ],
		[ 'refused', false, 'Refused by Ecster' ],
		[ 'unknown', false, 'Outcome unknown' ],
		[ 'unknown', true, 'Being checked with Ecster' ],
		[ 'pending', true, 'Being checked with Ecster' ],
		[ 'not_applied', false, 'Did not happen' ],
		[ 'pending', false, 'Waiting' ],
	] as Array< [ ActivityEntry[ 'state' ], boolean, string ] > )(
		'shows a %s entry (checking: %s) as "%s"',
		( state, checking, label ) => {
			renderScreen(
				orderState( {
					activity: [ activityEntry( { state, checking } ) ],
				} )
			);
			const [ row ] = rows();
			expect(
				row.querySelector( '.ecster-om-activity__state' )
			).toHaveTextContent( new RegExp( `^${ label }$` ) );
			expect( row ).toHaveClass( `is-${ state }` );
		}
	);

	it( 'shows the operation, amount, who started it, Ecster’s transaction id and the message', async () => {
		renderScreen(
			debitedState( {
				activity: [
					activityEntry( {
						id: 14,
						operation: 'credit',
						amount: 10000,
						refundId: 55,
						trigger: 'gateway',
						user: 'Anna Admin',
						transactionId: 'T-CREDIT-1',
						message: 'Ecster credited 100,00 kr.',
					} ),
					activityEntry(),
				],
			} )
		);
		const [ credit, debit ] = rows();
		expect( credit ).toHaveTextContent(
			'Confirmed: Credit for refund #55 100,00 kr'
		);
		expect( debit ).toHaveTextContent( 'Confirmed: Debit 998,00 kr' );
		// Settled entries are collapsed; their summary opens the details.
		const transaction = within( credit ).getByText( 'T-CREDIT-1' );
		expect( transaction ).not.toBeVisible();
		await userEvent.click(
			within( credit ).getByText( 'Credit for refund #55 100,00 kr' )
		);
		expect( transaction ).toBeVisible();
		expect( transaction.tagName ).toBe( 'CODE' );
		expect( credit ).toHaveTextContent(
			'Started byAnna Admin, WooCommerce refund'
		);
		expect( credit ).toHaveTextContent( 'Ecster credited 100,00 kr.' );
		expect( debit ).toHaveTextContent( 'admin, order screen' );
	} );

	it( 'shows Ecster’s code of a refused operation, and the system as starter', () => {
		renderScreen(
			orderState( {
				activity: [
					activityEntry( {
						state: 'refused',
						operation: 'annul',
						amount: null,
						trigger: 'cli',
						user: null,
						transactionId: null,
						ecsterCode: '4424',
						message: 'Ecster refused the annulment.',
					} ),
				],
			} )
		);
		const [ row ] = rows();
		expect( row ).toHaveTextContent( 'Refused by Ecster: Annulment' );
		expect( row ).not.toHaveTextContent( 'kr' );
		expect( within( row ).getByText( '4424' ).tagName ).toBe( 'CODE' );
		expect( row ).toHaveTextContent( 'System, WP-CLI' );
	} );

	it( 'shows times in the site’s time zone and formats (Europe/Stockholm: 10:15Z is 11:15, in summer 12:15)', () => {
		renderScreen(
			orderState( {
				activity: [
					activityEntry( {
						id: 2,
						created: '2026-07-01T10:15:02+00:00',
						updated: '2026-07-01T10:15:02+00:00',
					} ),
					activityEntry( { id: 1 } ),
				],
			} )
		);
		const [ summer, winter ] = rows();
		expect(
			summer.querySelector( '.ecster-om-activity__time' )
		).toHaveTextContent( /^2026-07-01 12:15$/ );
		const time = winter.querySelector( '.ecster-om-activity__time' );
		expect( time ).toHaveTextContent( /^2026-12-01 11:15$/ );
		expect( time ).toHaveAttribute(
			'datetime',
			'2026-12-01T10:15:02+00:00'
		);
	} );

	it( 'uses a manual UTC offset when the site has no time zone name', () => {
		setSettings( {
			...STOCKHOLM,
			timezone: {
				offset: -5,
				offsetFormatted: '-5',
				string: '',
				abbr: '',
			},
		} );
		renderScreen( orderState( { activity: [ activityEntry() ] } ) );
		expect(
			rows()[ 0 ].querySelector( '.ecster-om-activity__time' )
		).toHaveTextContent( /^2026-12-01 05:15$/ );
	} );

	it( 'makes an open outcome stand out, expanded, with the next automatic check', () => {
		renderScreen( unknownDebitState() );
		const [ row ] = rows();
		expect( row ).toHaveClass( 'is-open' );
		expect( row.querySelector( 'details' ) ).toHaveAttribute( 'open' );
		expect( row ).toHaveTextContent(
			'Being checked with Ecster: Debit 998,00 kr'
		);
		expect(
			row.querySelector( '.ecster-om-activity__note' )
		).toHaveTextContent( 'Next automatic check: 2026-12-01 11:20' );
		expect( row ).toHaveTextContent(
			'It is not known whether the order was debited.'
		);
		expect( activitySection() ).toHaveTextContent(
			'1 operation has no confirmed outcome yet.'
		);
	} );

	it( 'says so when the automatic checks gave up', () => {
		renderScreen(
			unknownDebitState( {
				checking: false,
				gaveUp: true,
				nextCheck: null,
			} )
		);
		const [ row ] = rows();
		expect( row ).toHaveTextContent( 'Outcome unknown: Debit' );
		expect(
			row.querySelector( '.ecster-om-activity__note' )
		).toHaveTextContent( 'Automatic checks have stopped.' );
	} );

	it( 'shows the newest five and every open one; "Show all" shows the rest', async () => {
		const activity = Array.from( { length: 8 }, ( _, index ) =>
			activityEntry( {
				id: 100 - index,
				transactionId: `T-${ 100 - index }`,
				// The oldest entry is still open.
				...( 7 === index ? { state: 'unknown' as const } : {} ),
			} )
		);
		renderScreen( orderState( { activity, openQuestions: 1 } ) );

		expect( rows() ).toHaveLength( 6 );
		expect( rows()[ 5 ] ).toHaveClass( 'is-open' );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Show all (8)' } )
		);
		expect( rows() ).toHaveLength( 8 );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Show fewer' } )
		);
		expect( rows() ).toHaveLength( 6 );
	} );

	it( 'is not shown for an order without activity', () => {
		renderScreen();
		expect(
			document.querySelector( '.ecster-om-activity' )
		).not.toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Check with Ecster now' } )
		).not.toBeInTheDocument();
	} );
} );

describe( 'Check with Ecster now', () => {
	const checkButton = () =>
		screen.getByRole( 'button', { name: 'Check with Ecster now' } );

	function settledState(): OrderState {
		return debitedState( {
			wcStatus: 'completed',
			openQuestions: 0,
			activity: [
				activityEntry( {
					message:
						'Ecster has the debit: found when checking with Ecster.',
				} ),
			],
		} );
	}

	it( 'is offered only while outcomes are open and the site allows it', () => {
		renderScreen( unknownDebitState() );
		expect( checkButton() ).toBeEnabled();
		cleanupScreen();

		const notAllowed = unknownDebitState();
		notAllowed.actions.reconcile = {
			allowed: false,
			reason: 'Manage orders is off.',
		};
		renderScreen( notAllowed );
		expect(
			screen.queryByRole( 'button', { name: 'Check with Ecster now' } )
		).not.toBeInTheDocument();
		cleanupScreen();

		renderScreen(
			orderState( { activity: [ activityEntry() ], openQuestions: 0 } )
		);
		expect(
			screen.queryByRole( 'button', { name: 'Check with Ecster now' } )
		).not.toBeInTheDocument();
		cleanupScreen();

		// A Swish refund still running in Ecster: nothing unknown, but worth checking now.
		renderScreen(
			orderState( {
				activity: [ activityEntry( { operation: 'swish_refund' } ) ],
				openQuestions: 0,
				actions: { reconcile: { allowed: true, reason: null } },
			} )
		);
		expect( checkButton() ).toBeEnabled();
	} );

	it( 'sends one request on a double click, is busy meanwhile, then shows the new state and the message', async () => {
		const pending = deferred< unknown >();
		mockedApiFetch.mockReturnValue( pending.promise );
		renderScreen( unknownDebitState() );

		await userEvent.dblClick( checkButton() );

		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/ecster-om/v1/orders/11/reconcile',
			method: 'POST',
			// The journal records the order screen as the trigger.
			headers: { 'X-Ecster-OM-Client': 'panel' },
			data: {},
		} );
		expect( checkButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( checkButton() ).toHaveClass( 'is-busy' );
		expect(
			screen.getByRole( 'button', { name: 'Refresh' } )
		).toBeDisabled();
		await userEvent.click( checkButton() );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );

		await act( async () =>
			pending.resolve( {
				result: 'reconciled',
				message: 'Ecster has the debit. The order is completed.',
				resolved: 1,
				open: 0,
				state: settledState(),
			} )
		);

		expect(
			document.querySelector( '.ecster-om-panel__message' )
		).toHaveTextContent( 'Ecster has the debit. The order is completed.' );
		expect( rows()[ 0 ] ).toHaveTextContent( 'Confirmed: Debit' );
		expect( rows()[ 0 ] ).not.toHaveClass( 'is-open' );
		expect(
			screen.queryByRole( 'button', { name: 'Check with Ecster now' } )
		).not.toBeInTheDocument();
		expect( screen.getByText( 'FULLY_DELIVERED' ) ).toBeInTheDocument();
	} );

	it( 'shows "still unknown" as a warning and keeps the button', async () => {
		mockedApiFetch.mockResolvedValue( {
			result: 'still_unknown',
			message: 'Ecster could not be reached. The debit is still open.',
			resolved: 0,
			open: 1,
			state: unknownDebitState( {
				nextCheck: '2026-12-01T10:30:00+00:00',
			} ),
		} );
		renderScreen( unknownDebitState() );

		await userEvent.click( checkButton() );

		const message = await waitFor( () => {
			const notice = document.querySelector(
				'.ecster-om-panel__message'
			);
			expect( notice ).toHaveTextContent(
				'Ecster could not be reached. The debit is still open.'
			);
			return notice;
		} );
		expect( message ).toHaveClass( 'is-warning' );
		expect( rows()[ 0 ] ).toHaveTextContent(
			'Next automatic check: 2026-12-01 11:30'
		);
		expect( checkButton() ).toBeEnabled();
	} );

	it( 'shows the error and keeps the state when the check fails', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'ecster_om_locked',
			message: 'Another request is already processing this order.',
			data: { status: 409 },
		} );
		renderScreen( unknownDebitState() );

		await userEvent.click( checkButton() );

		await waitFor( () =>
			expect(
				document.querySelector( '.ecster-om-panel__message' )
			).toHaveTextContent(
				'Could not check with Ecster: Another request is already processing this order.'
			)
		);
		expect(
			document.querySelector( '.ecster-om-panel__message' )
		).toHaveClass( 'is-error' );
		expect( rows()[ 0 ] ).toHaveClass( 'is-open' );
		expect( checkButton() ).toBeEnabled();
	} );
} );
