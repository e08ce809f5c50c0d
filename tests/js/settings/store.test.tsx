/**
 * The `ecster-om/settings` store: editing, dirty tracking, save and connection check.
 */
import { dispatch, select } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';

import {
	buildConnectionRequest,
	buildSaveRequest,
	INITIAL_STATE,
	NOTICE_CONTEXT,
	reducer,
	store,
} from '../../../src/settings/store';
import {
	callOptions,
	mockedApiFetch,
	resetStores,
	restError,
	saved,
} from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

function notices() {
	return select( noticesStore ).getNotices( NOTICE_CONTEXT );
}

beforeEach( () => {
	mockedApiFetch.mockReset();
	resetStores();
} );

describe( 'editing', () => {
	it( 'starts from the stored settings with no new API key and nothing unsaved', () => {
		resetStores(
			saved( {
				merchantKey: 'm-1',
				apiKeySet: true,
				apiKeyLast4: '7f3a',
			} )
		);
		expect( select( store ).getForm() ).toEqual( {
			manageOrders: false,
			environment: 'test',
			apiKey: '',
			merchantKey: 'm-1',
			logging: false,
			failedDebitStatus: 'on-hold',
			bulkConcurrency: '10',
		} );
		expect( select( store ).isDirty() ).toBe( false );
		expect( select( store ).showsApiKeyInput() ).toBe( false );
	} );

	it( 'is dirty after a change and clean again when the change is undone', () => {
		dispatch( store ).setField( 'logging', true );
		expect( select( store ).isDirty() ).toBe( true );
		dispatch( store ).setField( 'logging', false );
		expect( select( store ).isDirty() ).toBe( false );
	} );

	it( 'clears a field’s error when the field is edited, and keeps the others', () => {
		const state = reducer(
			{
				...INITIAL_STATE,
				fieldErrors: {
					apiKey: 'Enter it',
					merchantKey: 'Enter it too',
				},
			},
			{ type: 'SET_FIELD', field: 'apiKey', value: 'k' }
		);
		expect( state.fieldErrors ).toEqual( { merchantKey: 'Enter it too' } );
	} );

	it( 'forgets an earlier connection result when a key or the environment changes', () => {
		const checked = reducer( INITIAL_STATE, {
			type: 'CONNECTION_CHECKED',
			check: {
				result: 'accepted',
				message: 'ok',
				environment: 'test',
				apiUrl: 'u',
			},
		} );
		expect(
			reducer( checked, {
				type: 'SET_FIELD',
				field: 'logging',
				value: true,
			} ).connection.status
		).toBe( 'done' );
		expect(
			reducer( checked, {
				type: 'SET_FIELD',
				field: 'merchantKey',
				value: 'x',
			} ).connection.status
		).toBe( 'idle' );
	} );

	it( 'throws away a typed replacement key on cancel', () => {
		resetStores( saved( { apiKeySet: true, apiKeyLast4: '7f3a' } ) );
		dispatch( store ).startReplacingApiKey();
		dispatch( store ).setField( 'apiKey', 'new-key' );
		expect( select( store ).isDirty() ).toBe( true );
		dispatch( store ).cancelReplacingApiKey();
		expect( select( store ).getForm().apiKey ).toBe( '' );
		expect( select( store ).isDirty() ).toBe( false );
		expect( select( store ).showsApiKeyInput() ).toBe( false );
	} );
} );

describe( 'request bodies', () => {
	it( 'sends the API key only when a new one was typed, trimmed', () => {
		const base = { ...INITIAL_STATE, saved: saved( { apiKeySet: true } ) };
		expect( buildSaveRequest( base ).request ).not.toHaveProperty(
			'apiKey'
		);
		const typed = {
			...base,
			replacingApiKey: true,
			form: { ...base.form, apiKey: '  new-key \n', merchantKey: ' m ' },
		};
		expect( buildSaveRequest( typed ).request ).toEqual( {
			manageOrders: false,
			environment: 'test',
			apiKey: 'new-key',
			merchantKey: 'm',
			logging: false,
			failedDebitStatus: 'on-hold',
			bulkConcurrency: 10,
		} );
	} );

	it( 'refuses to save an empty replacement key instead of silently keeping the old one', () => {
		const state = {
			...INITIAL_STATE,
			saved: saved( { apiKeySet: true } ),
			replacingApiKey: true,
		};
		const built = buildSaveRequest( state );
		expect( built.request ).toBeNull();
		expect( built.errors?.apiKey ).toMatch( /new API key/ );
	} );

	it( 'sends the bulk concurrency level as a number and refuses anything but a whole number from 1 to 50', () => {
		const withLevel = ( bulkConcurrency: string ) =>
			buildSaveRequest( {
				...INITIAL_STATE,
				form: { ...INITIAL_STATE.form, bulkConcurrency },
			} );
		expect( withLevel( ' 25 ' ).request?.bulkConcurrency ).toBe( 25 );
		for ( const wrong of [ '0', '51', '2.5', '', 'ten', '-3' ] ) {
			const built = withLevel( wrong );
			expect( built.request ).toBeNull();
			expect( built.errors?.bulkConcurrency ).toBe(
				'Enter a whole number from 1 to 50.'
			);
		}
	} );

	it( 'checks the connection with the typed key, or without one to use the stored key', () => {
		const state = {
			...INITIAL_STATE,
			form: {
				...INITIAL_STATE.form,
				environment: 'live' as const,
				merchantKey: 'm',
			},
		};
		expect( buildConnectionRequest( state ) ).toEqual( {
			environment: 'live',
			merchantKey: 'm',
		} );
		expect(
			buildConnectionRequest( {
				...state,
				form: { ...state.form, apiKey: 'typed' },
			} )
		).toEqual( { environment: 'live', merchantKey: 'm', apiKey: 'typed' } );
	} );
} );

describe( 'save', () => {
	it( 'posts the form, takes the answer as the new stored state and shows a snackbar', async () => {
		dispatch( store ).setField( 'manageOrders', true );
		dispatch( store ).setField( 'apiKey', 'sandbox-api-key' );
		dispatch( store ).setField( 'merchantKey', 'sandbox-merchant' );
		const answer = saved( {
			manageOrders: true,
			apiKeySet: true,
			apiKeyLast4: '-key',
			merchantKey: 'sandbox-merchant',
		} );
		mockedApiFetch.mockResolvedValueOnce( answer );

		await expect( dispatch( store ).save() ).resolves.toBe( true );

		expect( callOptions() ).toEqual( {
			path: '/ecster-om/v1/settings',
			method: 'POST',
			data: {
				manageOrders: true,
				environment: 'test',
				apiKey: 'sandbox-api-key',
				merchantKey: 'sandbox-merchant',
				logging: false,
				failedDebitStatus: 'on-hold',
				bulkConcurrency: 10,
			},
		} );
		expect( select( store ).getSaved() ).toEqual( answer );
		expect( select( store ).getForm().apiKey ).toBe( '' );
		expect( select( store ).isDirty() ).toBe( false );
		expect( select( store ).isSaving() ).toBe( false );
		expect( notices() ).toEqual( [
			expect.objectContaining( {
				type: 'snackbar',
				status: 'success',
				content: 'Settings saved.',
			} ),
		] );
	} );

	it( 'keeps the edits and shows the server’s field messages when validation fails', async () => {
		dispatch( store ).setField( 'manageOrders', true );
		mockedApiFetch.mockRejectedValueOnce(
			restError(
				'ecster_om_invalid_settings',
				'Nothing was saved: correct the highlighted settings.',
				400,
				{
					fields: {
						apiKey: 'Enter the API key: Manage orders needs it.',
						merchantKey: 7,
					},
				}
			)
		);

		await expect( dispatch( store ).save() ).resolves.toBe( false );

		expect( select( store ).getFieldErrors() ).toEqual( {
			apiKey: 'Enter the API key: Manage orders needs it.',
		} );
		expect( select( store ).getForm().manageOrders ).toBe( true );
		expect( select( store ).isDirty() ).toBe( true );
		expect( select( store ).getSaved().manageOrders ).toBe( false );
		expect( notices() ).toEqual( [
			expect.objectContaining( {
				status: 'error',
				content: 'Nothing was saved: correct the highlighted settings.',
			} ),
		] );
	} );

	it( 'reports an answer it does not understand as an error, not as saved', async () => {
		dispatch( store ).setField( 'logging', true );
		mockedApiFetch.mockResolvedValueOnce( { ok: true } );
		await expect( dispatch( store ).save() ).resolves.toBe( false );
		expect( select( store ).getSaved().logging ).toBe( false );
		expect( notices()[ 0 ] ).toEqual(
			expect.objectContaining( { status: 'error' } )
		);
	} );

	it( 'replaces an earlier error notice instead of piling them up', async () => {
		mockedApiFetch.mockRejectedValue(
			restError( 'rest_forbidden', 'Sorry, you are not allowed.', 403 )
		);
		await dispatch( store ).save();
		await dispatch( store ).save();
		expect( notices() ).toHaveLength( 1 );
	} );
} );

describe( 'check connection', () => {
	it( 'stores Ecster’s verdict', async () => {
		const check = {
			result: 'rejected' as const,
			message: 'Ecster rejected the API key or merchant key.',
			environment: 'test' as const,
			apiUrl: 'http://127.0.0.1:8811/rest/public/',
		};
		mockedApiFetch.mockResolvedValueOnce( check );
		dispatch( store ).setField( 'merchantKey', 'm' );
		await dispatch( store ).checkConnection();
		expect( callOptions() ).toEqual( {
			path: '/ecster-om/v1/settings/check-connection',
			method: 'POST',
			data: { environment: 'test', merchantKey: 'm' },
		} );
		expect( select( store ).getConnection() ).toEqual( {
			status: 'done',
			check,
			error: null,
		} );
	} );

	it( 'shows why the check could not be made, with field messages', async () => {
		mockedApiFetch.mockRejectedValueOnce(
			restError(
				'ecster_om_invalid_settings',
				'The connection was not checked.',
				400,
				{
					fields: {
						merchantKey:
							'Enter the merchant key to check the connection.',
					},
				}
			)
		);
		await dispatch( store ).checkConnection();
		expect( select( store ).getConnection() ).toEqual( {
			status: 'failed',
			check: null,
			error: 'The connection was not checked.',
		} );
		expect( select( store ).getFieldError( 'merchantKey' ) ).toMatch(
			/merchant key/
		);
	} );
} );
