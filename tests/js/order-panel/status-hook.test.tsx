/**
 * Save Order hook: the panel intercepts the order form's submission when the new status
 * debits or annuls in Ecster, runs the REST call first, and then lets WooCommerce save.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';

import {
	byId,
	chooseStatus,
	cleanupScreen,
	debitedState,
	installFakeJQuery,
	LEGACY_FIXTURE,
	orderState,
	recordSubmissions,
	renderScreen,
} from './helpers';
import type { Submission } from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const updateButton = () => byId< HTMLButtonElement >( 'button.save_order' );
const form = () => byId< HTMLFormElement >( 'form#order' );
const statusSelect = () => byId< HTMLSelectElement >( '#order_status' );
const firstName = () => byId< HTMLInputElement >( '#_billing_first_name' );

let submissions: Submission[];
let stopRecording: () => void;

function deferred< T >() {
	let resolve!: ( value: T ) => void;
	let reject!: ( reason: unknown ) => void;
	const promise = new Promise< T >( ( res, rej ) => {
		resolve = res;
		reject = rej;
	} );
	return { promise, resolve, reject };
}

beforeEach( () => {
	mockedApiFetch.mockReset();
	( { submissions, stop: stopRecording } = recordSubmissions() );
} );

afterEach( () => {
	stopRecording();
	cleanupScreen();
} );

describe( 'which saves are intercepted', () => {
	it( 'intercepts Processing → Completed on a managed order and explains the debit', async () => {
		renderScreen();
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );

		const dialog = await screen.findByRole( 'dialog' );
		expect(
			within( dialog ).getByText( 'Debit 998,00 kr in Ecster' )
		).toBeInTheDocument();
		expect( submissions ).toHaveLength( 0 );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );

	it( 'intercepts Processing → Cancelled on a managed order and explains the annulment', async () => {
		renderScreen();
		chooseStatus( 'wc-cancelled' );
		await userEvent.click( updateButton() );

		const dialog = await screen.findByRole( 'dialog' );
		expect(
			within( dialog ).getByText( 'Annul the Ecster reservation' )
		).toBeInTheDocument();
		expect( dialog ).toHaveTextContent( '998,00 kr' );
		expect( submissions ).toHaveLength( 0 );
	} );

	it( 'intercepts a submission by Enter in a field (form submit event, no button click)', async () => {
		renderScreen();
		chooseStatus( 'wc-completed' );
		act( () => form().requestSubmit() );

		expect( await screen.findByRole( 'dialog' ) ).toBeInTheDocument();
		expect( submissions ).toHaveLength( 0 );
	} );

	it.each( [ 'wc-on-hold', 'wc-pending', 'wc-refunded', 'wc-failed' ] )(
		'does not intercept a change to %s: WooCommerce saves as usual',
		async ( status ) => {
			renderScreen();
			chooseStatus( status );
			await userEvent.click( updateButton() );

			expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
			expect( submissions ).toHaveLength( 1 );
			expect( submissions[ 0 ].prevented ).toBe( false );
			expect( submissions[ 0 ].data.get( 'order_status' ) ).toBe(
				status
			);
		}
	);

	it( 'does not intercept edits of other fields when the status stays Processing', async () => {
		renderScreen();
		await userEvent.type( firstName(), 'X' );
		await userEvent.click( updateButton() );

		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
		expect( submissions ).toHaveLength( 1 );
		expect( submissions[ 0 ].prevented ).toBe( false );
		expect( submissions[ 0 ].data.get( '_billing_first_name' ) ).toBe(
			'TestX'
		);
	} );

	it( 'does not intercept orders that are not managed', async () => {
		renderScreen(
			orderState( {
				managed: false,
				unmanagedReason: 'manage_orders_off',
				actions: {
					debit: { allowed: false },
					annul: { allowed: false },
				},
			} )
		);
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );

		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
		expect( submissions.map( ( s ) => s.prevented ) ).toEqual( [ false ] );
	} );

	it( 'does not intercept an already debited order going to Completed', async () => {
		renderScreen( debitedState() );
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );

		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
		expect( submissions.map( ( s ) => s.prevented ) ).toEqual( [ false ] );
	} );
} );

describe( 'confirm, cancel and failure', () => {
	it( 'on confirm debits first, then submits the form with save=Update and every other edit', async () => {
		const debited = debitedState( { wcStatus: 'processing' } );
		mockedApiFetch.mockResolvedValue( {
			result: 'debited',
			message: 'Debited 998,00 kr in Ecster.',
			transactionId: 'T-DEBIT-1',
			state: debited,
		} );
		renderScreen();
		await userEvent.type( firstName(), 'X' );
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Debit and save' } )
		);

		await waitFor( () => expect( submissions ).toHaveLength( 1 ) );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
		expect( mockedApiFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/ecster-om/v1/orders/11/debit',
				method: 'POST',
				headers: { 'X-Ecster-OM-Client': 'panel' },
			} )
		);
		const [ submission ] = submissions;
		expect( submission.prevented ).toBe( false );
		expect( submission.submitter ).toBe( updateButton() );
		expect( submission.data.get( 'save' ) ).toBe( 'Update' );
		expect( submission.data.get( 'order_status' ) ).toBe( 'wc-completed' );
		expect( submission.data.get( '_billing_first_name' ) ).toBe( 'TestX' );
		expect( submission.data.get( 'original_post_status' ) ).toBe(
			'wc-processing'
		);
		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
		// The panel shows the new Ecster state.
		expect( screen.getByText( 'FULLY_DELIVERED' ) ).toBeInTheDocument();
	} );

	it( 'works the same on the legacy order screen (post.php, form#post)', async () => {
		mockedApiFetch.mockResolvedValue( {
			result: 'debited',
			message: 'Debited 998,00 kr in Ecster.',
			transactionId: 'T-DEBIT-1',
			state: debitedState( { wcStatus: 'processing' } ),
		} );
		renderScreen( orderState(), LEGACY_FIXTURE );
		expect( document.querySelector( 'form#order' ) ).toBeNull();
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		expect( submissions ).toHaveLength( 0 );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Debit and save' } )
		);

		await waitFor( () => expect( submissions ).toHaveLength( 1 ) );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
		const [ submission ] = submissions;
		expect( submission.prevented ).toBe( false );
		expect( submission.submitter ).toBe( updateButton() );
		expect( submission.data.get( 'order_status' ) ).toBe( 'wc-completed' );
		expect(
			byId< HTMLFormElement >( 'form#post' ).contains( updateButton() )
		).toBe( true );
	} );

	it( 'on confirm of a cancellation annuls first, then submits', async () => {
		mockedApiFetch.mockResolvedValue( {
			result: 'annulled',
			message: '',
			transactionId: 'T-ANNUL-1',
			state: orderState( {
				ecsterStatus: 'ANNULLED',
				actions: {
					debit: { allowed: false },
					annul: { allowed: false },
				},
			} ),
		} );
		renderScreen();
		chooseStatus( 'wc-cancelled' );
		await userEvent.click( updateButton() );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Annul and save' } )
		);

		await waitFor( () => expect( submissions ).toHaveLength( 1 ) );
		expect( mockedApiFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/ecster-om/v1/orders/11/annul',
				method: 'POST',
			} )
		);
		expect( submissions[ 0 ].data.get( 'order_status' ) ).toBe(
			'wc-cancelled'
		);
		expect( submissions[ 0 ].data.get( 'save' ) ).toBe( 'Update' );
	} );

	it( 'on cancel submits nothing and changes nothing', async () => {
		renderScreen();
		await userEvent.type( firstName(), 'X' );
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Cancel' } )
		);

		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
		expect( submissions ).toHaveLength( 0 );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
		expect( statusSelect().value ).toBe( 'wc-completed' );
		expect( firstName().value ).toBe( 'TestX' );
	} );

	it( 'closes on Escape without submitting', async () => {
		renderScreen();
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		const dialog = await screen.findByRole( 'dialog' );
		await waitFor( () =>
			expect(
				dialog.contains( dialog.ownerDocument.activeElement )
			).toBe( true )
		);
		await userEvent.keyboard( '{Escape}' );

		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument()
		);
		expect( submissions ).toHaveLength( 0 );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );

	it( 'moves focus into the dialog and labels it with its title', async () => {
		renderScreen();
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		const dialog = await screen.findByRole( 'dialog', {
			name: 'Debit the order in Ecster?',
		} );
		await waitFor( () =>
			expect(
				dialog.contains( dialog.ownerDocument.activeElement )
			).toBe( true )
		);
	} );

	it( 'on failure submits nothing, restores the status (select2 too) and shows the Ecster error', async () => {
		const jq = installFakeJQuery();
		mockedApiFetch.mockImplementation( ( options: { path: string } ) =>
			options.path.endsWith( '/debit' )
				? Promise.reject( {
						code: 'ecster_om_ecster_error',
						message:
							'Ecster declined the debit: the reservation has expired.',
						data: { status: 502 },
					} )
				: Promise.resolve( orderState() )
		);
		try {
			renderScreen();
			await userEvent.type( firstName(), 'X' );
			chooseStatus( 'wc-completed' );
			await userEvent.click( updateButton() );
			await userEvent.click(
				await screen.findByRole( 'button', { name: 'Debit and save' } )
			);

			const message =
				'Ecster declined the debit: the reservation has expired.';
			await waitFor( () =>
				expect(
					document.querySelector( '.ecster-om-panel__message' )
				).toHaveTextContent( message )
			);
			expect( submissions ).toHaveLength( 0 );
			expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
			expect( statusSelect().value ).toBe( 'wc-processing' );
			expect( jq.calls ).toEqual(
				expect.arrayContaining( [
					[ 'val', statusSelect(), 'wc-processing' ],
					[ 'trigger', statusSelect(), 'change' ],
				] )
			);
			// A WordPress admin notice at the top of the page.
			const notice = document.querySelector(
				'.wrap > .notice.notice-error'
			);
			expect( notice ).toHaveTextContent( message );
			expect( notice?.previousElementSibling ).toHaveClass(
				'wp-header-end'
			);
			// Other edits survive.
			expect( firstName().value ).toBe( 'TestX' );
		} finally {
			jq.remove();
		}
	} );

	it( 'blocks a double submit while the debit runs', async () => {
		const pending = deferred< unknown >();
		mockedApiFetch.mockReturnValue( pending.promise );
		renderScreen();
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		const confirmButton = await screen.findByRole( 'button', {
			name: 'Debit and save',
		} );
		await userEvent.click( confirmButton );

		// While Ecster works: buttons disabled, progress shown, more clicks and submits do nothing.
		expect( confirmButton ).toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			screen.getByRole( 'button', { name: 'Cancel' } )
		).toBeDisabled();
		expect( screen.getByText( 'Debiting in Ecster…' ) ).toBeInTheDocument();
		await userEvent.click( confirmButton );
		act( () => form().requestSubmit( updateButton() ) );
		await userEvent.keyboard( '{Escape}' );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
		expect( submissions ).toHaveLength( 0 );
		expect( screen.getByRole( 'dialog' ) ).toBeInTheDocument();

		await act( async () => {
			pending.resolve( {
				result: 'debited',
				message: '',
				transactionId: 'T1',
				state: debitedState(),
			} );
		} );
		await waitFor( () => expect( submissions ).toHaveLength( 1 ) );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'a slow refresh that answers after the debit does not bring back the old state', async () => {
		const slowRefresh = deferred< unknown >();
		mockedApiFetch.mockImplementation( ( options: { path: string } ) =>
			options.path.endsWith( '/debit' )
				? Promise.resolve( {
						result: 'debited',
						message: '',
						transactionId: 'T1',
						state: debitedState(),
					} )
				: slowRefresh.promise
		);
		renderScreen();
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Refresh' } )
		);
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Debit and save' } )
		);
		await waitFor( () => expect( submissions ).toHaveLength( 1 ) );

		await act( async () => slowRefresh.resolve( orderState() ) );
		expect( screen.getByText( 'FULLY_DELIVERED' ) ).toBeInTheDocument();
		expect( screen.queryByText( 'READY' ) ).not.toBeInTheDocument();
	} );
} );

describe( 'double click on Update', () => {
	/** The dialog's close animation lasts at most 240 ms (Modal: 200 ms × 1.2). */
	const CLOSE_ANIMATION_MS = 300;
	const debitAnswer = {
		result: 'debited',
		message: '',
		transactionId: 'T-DEBIT-1',
		state: debitedState(),
	};

	/**
	 * Double-clicks Update the way a browser reports it: the first click submits the form and
	 * opens the dialog, which then covers the page, so the second click (click count 2) lands
	 * on whatever part of the dialog is under the pointer.
	 *
	 * @param secondTarget Where the second click lands, looked up once the dialog is open.
	 */
	async function doubleClickUpdate(
		secondTarget: () => Element
	): Promise< void > {
		const user = userEvent.setup();
		await user.pointer( [
			{ keys: '[MouseLeft]', target: updateButton() },
			{
				get target() {
					return secondTarget();
				},
			},
			{ keys: '[MouseLeft]' },
		] );
		// Let a dismissal (which waits for the close animation) happen if it is going to.
		await act(
			() =>
				new Promise( ( resolve ) =>
					setTimeout( resolve, CLOSE_ANIMATION_MS )
				)
		);
	}

	const landsOn: Array< [ string, () => Element ] > = [
		[
			'the dialog overlay',
			() => byId( '.components-modal__screen-overlay' ),
		],
		[ 'Cancel', () => screen.getByRole( 'button', { name: 'Cancel' } ) ],
		[
			'the close button',
			() => screen.getByRole( 'button', { name: 'Close' } ),
		],
		[
			'Debit and save',
			() => screen.getByRole( 'button', { name: 'Debit and save' } ),
		],
	];

	it.each( landsOn )(
		'a double click whose second click lands on %s gives one confirmation, then one debit and one save',
		async ( _where, secondTarget ) => {
			mockedApiFetch.mockResolvedValue( debitAnswer );
			renderScreen();
			chooseStatus( 'wc-completed' );

			await doubleClickUpdate( secondTarget );

			// The second click neither dismissed nor answered the confirmation.
			expect( screen.getAllByRole( 'dialog' ) ).toHaveLength( 1 );
			expect( mockedApiFetch ).not.toHaveBeenCalled();
			expect( submissions ).toHaveLength( 0 );

			await userEvent.click(
				screen.getByRole( 'button', { name: 'Debit and save' } )
			);
			await waitFor( () => expect( submissions ).toHaveLength( 1 ) );
			expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
			expect( submissions[ 0 ].prevented ).toBe( false );
			expect( submissions[ 0 ].data.get( 'save' ) ).toBe( 'Update' );
			expect( submissions[ 0 ].data.get( 'order_status' ) ).toBe(
				'wc-completed'
			);
		}
	);

	it( 'a double click whose second click still reaches Update gives one confirmation and one save', async () => {
		mockedApiFetch.mockResolvedValue( debitAnswer );
		renderScreen();
		chooseStatus( 'wc-completed' );

		await doubleClickUpdate( () => updateButton() );

		expect( screen.getAllByRole( 'dialog' ) ).toHaveLength( 1 );
		expect( submissions ).toHaveLength( 0 );
		await userEvent.click(
			screen.getByRole( 'button', { name: 'Debit and save' } )
		);
		await waitFor( () => expect( submissions ).toHaveLength( 1 ) );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'a single later click on the overlay still cancels the dialog', async () => {
		renderScreen();
		chooseStatus( 'wc-completed' );
		await userEvent.click( updateButton() );
		await screen.findByRole( 'dialog' );

		await userEvent.click( byId( '.components-modal__screen-overlay' ) );

		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument()
		);
		expect( submissions ).toHaveLength( 0 );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );
} );
