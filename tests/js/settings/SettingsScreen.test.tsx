/**
 * The settings screen as a merchant uses it: fields, the write-only API key, saving, validation
 * messages next to the fields, the connection check and the unsaved-changes warning.
 */
import { act, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import {
	callOptions,
	LOGS_URL,
	mockedApiFetch,
	renderScreen,
	restError,
	saved,
} from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

beforeAll( () => {
	// The snackbar's animation (framer-motion) scrolls; jsdom has no scrolling.
	window.scrollTo = jest.fn() as unknown as typeof window.scrollTo;
} );

beforeEach( () => {
	mockedApiFetch.mockReset();
} );

describe( 'fields', () => {
	it( 'shows Manage orders off by default with its help, and every setting with a label', () => {
		const ui = renderScreen();
		const manage = ui.getByRole( 'checkbox', {
			name: 'Manage orders',
		} );
		expect( manage ).not.toBeChecked();
		expect( manage ).toHaveAccessibleDescription(
			'Debit, annul and credit Ecster orders from WooCommerce.'
		);
		expect( ui.getByRole( 'radio', { name: 'Test' } ) ).toBeChecked();
		expect( ui.getByRole( 'radio', { name: 'Live' } ) ).not.toBeChecked();
		expect( ui.getByLabelText( 'API key' ) ).toHaveAttribute(
			'type',
			'password'
		);
		expect(
			ui.getByRole( 'textbox', { name: 'Merchant key' } )
		).toHaveValue( '' );
		expect(
			ui.getByRole( 'checkbox', { name: 'Logging' } )
		).not.toBeChecked();
		expect( ui.getByRole( 'radio', { name: 'On hold' } ) ).toBeChecked();
		expect(
			ui.getByRole( 'radio', { name: 'Leave as Processing' } )
		).not.toBeChecked();
		expect(
			ui.getByRole( 'button', { name: 'Save changes' } )
		).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'links the logging help to WooCommerce’s logs of our source', () => {
		const ui = renderScreen();
		expect(
			ui.getByRole( 'link', { name: 'View the logs' } )
		).toHaveAttribute( 'href', LOGS_URL );
	} );

	it( 'shows the developer URL instead of the Test/Live choice when ECSTER_OM_API_URL is set', () => {
		const ui = renderScreen(
			saved( { apiUrlOverride: 'http://127.0.0.1:8811/rest/public/' } )
		);
		expect(
			ui.queryByRole( 'radio', { name: 'Test' } )
		).not.toBeInTheDocument();
		expect(
			ui.getByText(
				/every Ecster call goes to http:\/\/127\.0\.0\.1:8811\/rest\/public\/, set with the ECSTER_OM_API_URL constant/
			)
		).toBeInTheDocument();
	} );
} );

describe( 'the API key is write-only', () => {
	it( 'shows only that a key is stored and its last four characters', () => {
		const ui = renderScreen(
			saved( { apiKeySet: true, apiKeyLast4: '7f3a' } )
		);
		expect(
			ui.getByText( /An API key is stored, ending in 7f3a\./ )
		).toBeInTheDocument();
		expect( ui.queryByLabelText( /API key/ ) ).not.toBeInTheDocument();
		expect(
			ui.getByRole( 'button', { name: 'Replace key' } )
		).toBeInTheDocument();
	} );

	it( 'opens an empty input on "Replace key", focused, and closes it again on cancel', async () => {
		const user = userEvent.setup();
		const ui = renderScreen(
			saved( { apiKeySet: true, apiKeyLast4: '7f3a' } )
		);

		await user.click( ui.getByRole( 'button', { name: 'Replace key' } ) );
		const input = ui.getByLabelText( 'New API key' );
		expect( input ).toHaveValue( '' );
		expect( input ).toHaveFocus();

		await user.type( input, 'abc' );
		await user.click(
			ui.getByRole( 'button', {
				name: 'Cancel, keep the stored key',
			} )
		);
		expect( ui.queryByLabelText( 'New API key' ) ).not.toBeInTheDocument();
		expect(
			ui.getByRole( 'button', { name: 'Replace key' } )
		).toHaveFocus();
		expect(
			ui.getByRole( 'button', { name: 'Save changes' } )
		).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'asks for the new key instead of saving when "Replace key" was left empty', async () => {
		const user = userEvent.setup();
		const ui = renderScreen(
			saved( { apiKeySet: true, apiKeyLast4: '7f3a', merchantKey: 'm' } )
		);
		await user.click( ui.getByRole( 'button', { name: 'Replace key' } ) );
		await user.click( ui.getByRole( 'checkbox', { name: 'Logging' } ) );
		await user.click( ui.getByRole( 'button', { name: 'Save changes' } ) );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
		expect(
			ui.getByLabelText( 'New API key' )
		).toHaveAccessibleDescription(
			/Enter the new API key, or choose Cancel to keep the stored one\./
		);
	} );
} );

describe( 'saving', () => {
	it( 'saves Manage orders with keys, then shows the key as stored and confirms with a snackbar', async () => {
		const user = userEvent.setup();
		const ui = renderScreen();
		mockedApiFetch.mockResolvedValueOnce(
			saved( {
				manageOrders: true,
				apiKeySet: true,
				apiKeyLast4: '-key',
				merchantKey: 'sandbox-merchant',
			} )
		);

		await user.click(
			ui.getByRole( 'checkbox', { name: 'Manage orders' } )
		);
		await user.type( ui.getByLabelText( 'API key' ), 'sandbox-api-key' );
		await user.type(
			ui.getByRole( 'textbox', { name: 'Merchant key' } ),
			'sandbox-merchant'
		);
		expect(
			ui.getByText( 'You have unsaved changes.' )
		).toBeInTheDocument();
		await user.click( ui.getByRole( 'button', { name: 'Save changes' } ) );

		expect( callOptions().data ).toEqual( {
			manageOrders: true,
			environment: 'test',
			apiKey: 'sandbox-api-key',
			merchantKey: 'sandbox-merchant',
			logging: false,
			failedDebitStatus: 'on-hold',
			bulkConcurrency: 10,
		} );
		expect( await ui.findByText( 'Settings saved.' ) ).toBeInTheDocument();
		expect(
			ui.getByText( /An API key is stored, ending in -key\./ )
		).toBeInTheDocument();
		expect(
			ui.queryByDisplayValue( 'sandbox-api-key' )
		).not.toBeInTheDocument();
		expect(
			ui.queryByText( 'You have unsaved changes.' )
		).not.toBeInTheDocument();
	} );

	it( 'saves with Enter in a text field', async () => {
		const user = userEvent.setup();
		const ui = renderScreen();
		mockedApiFetch.mockResolvedValueOnce( saved( { merchantKey: 'm-2' } ) );
		await user.type(
			ui.getByRole( 'textbox', { name: 'Merchant key' } ),
			'm-2{Enter}'
		);
		await waitFor( () =>
			expect( mockedApiFetch ).toHaveBeenCalledTimes( 1 )
		);
		expect( callOptions().data ).toEqual(
			expect.objectContaining( { merchantKey: 'm-2' } )
		);
	} );

	it( 'shows the server’s messages next to the fields, an error notice, and moves focus to the first wrong field', async () => {
		const user = userEvent.setup();
		const ui = renderScreen();
		mockedApiFetch.mockRejectedValueOnce(
			restError(
				'ecster_om_invalid_settings',
				'Nothing was saved: correct the highlighted settings.',
				400,
				{
					fields: {
						apiKey: 'Enter the API key: Manage orders needs it.',
						merchantKey:
							'Enter the merchant key: Manage orders needs it.',
					},
				}
			)
		);
		await user.click(
			ui.getByRole( 'checkbox', { name: 'Manage orders' } )
		);
		await user.click( ui.getByRole( 'button', { name: 'Save changes' } ) );

		const notice = await ui.findByText(
			'Nothing was saved: correct the highlighted settings.'
		);
		expect( notice.closest( '.components-notice' ) ).toHaveClass(
			'is-error'
		);
		const apiKey = ui.getByLabelText( 'API key' );
		expect( apiKey ).toHaveAccessibleDescription(
			/Enter the API key: Manage orders needs it\./
		);
		expect( apiKey ).toHaveAttribute( 'aria-invalid', 'true' );
		expect(
			ui.getByRole( 'textbox', { name: 'Merchant key' } )
		).toHaveAccessibleDescription(
			/Enter the merchant key: Manage orders needs it\./
		);
		await waitFor( () => expect( apiKey ).toHaveFocus() );
		// The edit is kept, so the merchant can fix it and save again.
		expect(
			ui.getByRole( 'checkbox', { name: 'Manage orders' } )
		).toBeChecked();

		// Typing in the field clears its message.
		await user.type( apiKey, 'k' );
		expect( apiKey ).not.toHaveAccessibleDescription(
			/Manage orders needs it/
		);
	} );
} );

describe( 'check connection', () => {
	const verdicts = [
		[ 'accepted', 'Credentials accepted.', 'is-success' ],
		[ 'rejected', 'Credentials rejected.', 'is-error' ],
		[ 'unreachable', 'Ecster unreachable.', 'is-warning' ],
	] as const;

	it.each( verdicts )(
		'reports "%s" plainly',
		async ( result, title, className ) => {
			const user = userEvent.setup();
			const ui = renderScreen(
				saved( {
					apiKeySet: true,
					apiKeyLast4: '7f3a',
					merchantKey: 'm',
				} )
			);
			mockedApiFetch.mockResolvedValueOnce( {
				result,
				message: `Message for ${ result }.`,
				environment: 'test',
				apiUrl: 'https://labs.ecster.se/rest/public/',
			} );
			await user.click(
				ui.getByRole( 'button', { name: 'Check connection' } )
			);
			const heading = await ui.findByText( title );
			const notice = heading.closest(
				'.components-notice'
			) as HTMLElement;
			expect( notice ).toHaveClass( className );
			expect(
				within( notice ).getByText( `Message for ${ result }.`, {
					exact: false,
				} )
			).toBeInTheDocument();
			// The stored key is used: none is sent from the browser.
			expect( callOptions().data ).toEqual( {
				environment: 'test',
				merchantKey: 'm',
			} );
		}
	);

	it( 'checks the keys typed on the screen before they are saved', async () => {
		const user = userEvent.setup();
		const ui = renderScreen();
		mockedApiFetch.mockResolvedValueOnce( {
			result: 'accepted',
			message: 'Connected.',
			environment: 'live',
			apiUrl: 'https://secure.ecster.se/rest/public/',
		} );
		await user.click( ui.getByRole( 'radio', { name: 'Live' } ) );
		await user.type( ui.getByLabelText( 'API key' ), 'typed-key' );
		await user.type(
			ui.getByRole( 'textbox', { name: 'Merchant key' } ),
			'typed-m'
		);
		await user.click(
			ui.getByRole( 'button', { name: 'Check connection' } )
		);
		expect( callOptions().data ).toEqual( {
			environment: 'live',
			apiKey: 'typed-key',
			merchantKey: 'typed-m',
		} );
		expect(
			await ui.findByText( 'Credentials accepted.' )
		).toBeInTheDocument();
	} );

	it( 'says why the connection could not be checked', async () => {
		const user = userEvent.setup();
		const ui = renderScreen();
		mockedApiFetch.mockRejectedValueOnce( {
			code: 'fetch_error',
			message: 'You are probably offline.',
		} );
		await user.click(
			ui.getByRole( 'button', { name: 'Check connection' } )
		);
		expect(
			await ui.findByText( 'The connection was not checked.' )
		).toBeInTheDocument();
		expect(
			ui.getByText( /You are probably offline\./ )
		).toBeInTheDocument();
	} );
} );

describe( 'leaving with unsaved changes', () => {
	function leave(): Event {
		const event = new Event( 'beforeunload', { cancelable: true } );
		act( () => {
			window.dispatchEvent( event );
		} );
		return event;
	}

	it( 'warns only while there are unsaved changes', async () => {
		const user = userEvent.setup();
		const ui = renderScreen();
		expect( leave().defaultPrevented ).toBe( false );

		await user.click( ui.getByRole( 'checkbox', { name: 'Logging' } ) );
		expect( leave().defaultPrevented ).toBe( true );

		mockedApiFetch.mockResolvedValueOnce( saved( { logging: true } ) );
		await user.click( ui.getByRole( 'button', { name: 'Save changes' } ) );
		await ui.findByText( 'Settings saved.' );
		expect( leave().defaultPrevented ).toBe( false );
	} );
} );
