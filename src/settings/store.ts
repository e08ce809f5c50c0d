/**
 * The settings screen's `@wordpress/data` store, `ecster-om/settings`: the stored settings, the
 * form being edited, field errors, saving and the connection check. Saving and checking are
 * thunks that call the typed REST client and report through the `core/notices` store.
 */
import { createReduxStore, register } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';

import { toApiError } from '../shared/api-error';
import * as api from './api';
import type {
	ConnectionCheck,
	ConnectionRequest,
	FieldErrors,
	FieldName,
	SaveRequest,
	SavedSettings,
	SettingsForm,
} from './types';

export const STORE_NAME = 'ecster-om/settings';

/** Notices of this screen live in their own context of the core/notices store. */
export const NOTICE_CONTEXT = 'ecster-om/settings';
export const NOTICE_SAVED = 'ecster-om-settings-saved';
export const NOTICE_ERROR = 'ecster-om-settings-error';

export interface ConnectionState {
	status: 'idle' | 'checking' | 'done' | 'failed';
	check: ConnectionCheck | null;
	/** Why the check could not be made (site unreachable, invalid keys, …). */
	error: string | null;
}

export interface SettingsState {
	saved: SavedSettings;
	form: SettingsForm;
	/** The merchant chose "Replace key" for a stored API key. */
	replacingApiKey: boolean;
	fieldErrors: FieldErrors;
	saving: boolean;
	connection: ConnectionState;
}

export const DEFAULT_SETTINGS: SavedSettings = {
	manageOrders: false,
	environment: 'test',
	apiKeySet: false,
	apiKeyLast4: '',
	merchantKey: '',
	logging: false,
	failedDebitStatus: 'on-hold',
	bulkConcurrency: 10,
	apiUrlOverride: null,
};

/** Bounds of "Ecster requests at once" (Settings::BULK_CONCURRENCY_MIN/MAX). */
export const BULK_CONCURRENCY_MIN = 1;
export const BULK_CONCURRENCY_MAX = 50;

const IDLE_CONNECTION: ConnectionState = {
	status: 'idle',
	check: null,
	error: null,
};

/**
 * The form as it is when the stored settings are shown.
 *
 * @param saved Stored settings.
 */
export function formFromSaved( saved: SavedSettings ): SettingsForm {
	return {
		manageOrders: saved.manageOrders,
		environment: saved.environment,
		apiKey: '',
		merchantKey: saved.merchantKey,
		logging: saved.logging,
		failedDebitStatus: saved.failedDebitStatus,
		bulkConcurrency: String( saved.bulkConcurrency ),
	};
}

function stateFor( saved: SavedSettings ): SettingsState {
	return {
		saved,
		form: formFromSaved( saved ),
		replacingApiKey: false,
		fieldErrors: {},
		saving: false,
		connection: IDLE_CONNECTION,
	};
}

export const INITIAL_STATE: SettingsState = stateFor( DEFAULT_SETTINGS );

/**
 * Whether the API key input is shown (no key stored yet, or "Replace key" chosen).
 *
 * @param state Store state.
 */
function showsApiKeyInput( state: SettingsState ): boolean {
	return ! state.saved.apiKeySet || state.replacingApiKey;
}

const plainActions = {
	initialize( saved: SavedSettings ) {
		return { type: 'INITIALIZE' as const, saved };
	},
	setField< K extends FieldName >( field: K, value: SettingsForm[ K ] ) {
		return {
			type: 'SET_FIELD' as const,
			field,
			value: value as SettingsForm[ FieldName ],
		};
	},
	startReplacingApiKey() {
		return { type: 'START_REPLACING_API_KEY' as const };
	},
	cancelReplacingApiKey() {
		return { type: 'CANCEL_REPLACING_API_KEY' as const };
	},
	saveStarted() {
		return { type: 'SAVE_STARTED' as const };
	},
	saveSucceeded( saved: SavedSettings ) {
		return { type: 'SAVE_SUCCEEDED' as const, saved };
	},
	saveFailed( fieldErrors: FieldErrors ) {
		return { type: 'SAVE_FAILED' as const, fieldErrors };
	},
	connectionStarted() {
		return { type: 'CONNECTION_STARTED' as const };
	},
	connectionChecked( check: ConnectionCheck ) {
		return { type: 'CONNECTION_CHECKED' as const, check };
	},
	connectionFailed( error: string, fieldErrors: FieldErrors ) {
		return { type: 'CONNECTION_FAILED' as const, error, fieldErrors };
	},
};

type Action = ReturnType<
	( typeof plainActions )[ keyof typeof plainActions ]
>;

/** Changing these makes an earlier connection result stale. */
const CONNECTION_FIELDS: FieldName[] = [
	'environment',
	'apiKey',
	'merchantKey',
];

export function reducer(
	state: SettingsState = INITIAL_STATE,
	action: Action
): SettingsState {
	switch ( action.type ) {
		case 'INITIALIZE':
			return stateFor( action.saved );
		case 'SET_FIELD': {
			const fieldErrors = { ...state.fieldErrors };
			delete fieldErrors[ action.field ];
			return {
				...state,
				form: { ...state.form, [ action.field ]: action.value },
				fieldErrors,
				connection: CONNECTION_FIELDS.includes( action.field )
					? IDLE_CONNECTION
					: state.connection,
			};
		}
		case 'START_REPLACING_API_KEY':
			return { ...state, replacingApiKey: true };
		case 'CANCEL_REPLACING_API_KEY': {
			const fieldErrors = { ...state.fieldErrors };
			delete fieldErrors.apiKey;
			return {
				...state,
				replacingApiKey: false,
				form: { ...state.form, apiKey: '' },
				fieldErrors,
				connection: IDLE_CONNECTION,
			};
		}
		case 'SAVE_STARTED':
			return { ...state, saving: true };
		case 'SAVE_SUCCEEDED':
			return {
				...stateFor( action.saved ),
				connection: state.connection,
			};
		case 'SAVE_FAILED':
			return { ...state, saving: false, fieldErrors: action.fieldErrors };
		case 'CONNECTION_STARTED':
			return {
				...state,
				connection: { status: 'checking', check: null, error: null },
			};
		case 'CONNECTION_CHECKED':
			return {
				...state,
				connection: {
					status: 'done',
					check: action.check,
					error: null,
				},
			};
		case 'CONNECTION_FAILED':
			return {
				...state,
				connection: {
					status: 'failed',
					check: null,
					error: action.error,
				},
				fieldErrors: { ...state.fieldErrors, ...action.fieldErrors },
			};
		default:
			return state;
	}
}

function isDirty( state: SettingsState ): boolean {
	const initial = formFromSaved( state.saved );
	const form = state.form;
	return (
		form.manageOrders !== initial.manageOrders ||
		form.environment !== initial.environment ||
		form.merchantKey !== initial.merchantKey ||
		form.logging !== initial.logging ||
		form.failedDebitStatus !== initial.failedDebitStatus ||
		form.bulkConcurrency.trim() !== initial.bulkConcurrency ||
		'' !== form.apiKey
	);
}

export const selectors = {
	getSaved: ( state: SettingsState ): SavedSettings => state.saved,
	getForm: ( state: SettingsState ): SettingsForm => state.form,
	getFieldErrors: ( state: SettingsState ): FieldErrors => state.fieldErrors,
	getFieldError: (
		state: SettingsState,
		field: string
	): string | undefined => state.fieldErrors[ field ],
	isReplacingApiKey: ( state: SettingsState ): boolean =>
		state.replacingApiKey,
	showsApiKeyInput,
	isDirty,
	isSaving: ( state: SettingsState ): boolean => state.saving,
	getConnection: ( state: SettingsState ): ConnectionState =>
		state.connection,
};

/**
 * The body of a save request, or field errors the screen can tell without asking the server.
 *
 * @param state Store state.
 */
export function buildSaveRequest(
	state: SettingsState
):
	| { request: SaveRequest; errors: null }
	| { request: null; errors: FieldErrors } {
	const { form } = state;
	const level = form.bulkConcurrency.trim();
	const bulkConcurrency = /^\d{1,3}$/.test( level ) ? Number( level ) : NaN;
	if (
		! ( bulkConcurrency >= BULK_CONCURRENCY_MIN ) ||
		bulkConcurrency > BULK_CONCURRENCY_MAX
	) {
		return {
			request: null,
			errors: {
				bulkConcurrency: sprintf(
					/* translators: 1: smallest value, 2: largest value */
					__(
						'Enter a whole number from %1$d to %2$d.',
						'ecster-order-management'
					),
					BULK_CONCURRENCY_MIN,
					BULK_CONCURRENCY_MAX
				),
			},
		};
	}
	const apiKey = form.apiKey.trim();
	if ( state.replacingApiKey && '' === apiKey ) {
		return {
			request: null,
			errors: {
				apiKey: __(
					'Enter the new API key, or choose Cancel to keep the stored one.',
					'ecster-order-management'
				),
			},
		};
	}
	const request: SaveRequest = {
		manageOrders: form.manageOrders,
		environment: form.environment,
		merchantKey: form.merchantKey.trim(),
		logging: form.logging,
		failedDebitStatus: form.failedDebitStatus,
		bulkConcurrency,
	};
	if ( showsApiKeyInput( state ) && '' !== apiKey ) {
		request.apiKey = apiKey;
	}
	return { request, errors: null };
}

/**
 * The body of a connection check: the keys on the screen; without a typed key the server uses
 * the stored one.
 *
 * @param state Store state.
 */
export function buildConnectionRequest(
	state: SettingsState
): ConnectionRequest {
	const request: ConnectionRequest = {
		environment: state.form.environment,
		merchantKey: state.form.merchantKey.trim(),
	};
	const apiKey = state.form.apiKey.trim();
	if ( showsApiKeyInput( state ) && '' !== apiKey ) {
		request.apiKey = apiKey;
	}
	return request;
}

interface ThunkArgs {
	select: { [ K in keyof typeof selectors ]: ( ...args: any[] ) => any };
	dispatch: { [ K in keyof typeof plainActions ]: ( ...args: any[] ) => any };
	registry: { dispatch: ( store: typeof noticesStore ) => any };
}

function getState( select: ThunkArgs[ 'select' ] ): SettingsState {
	// Read through selectors so the thunk sees the live state.
	return {
		saved: select.getSaved(),
		form: select.getForm(),
		replacingApiKey: select.isReplacingApiKey(),
		fieldErrors: select.getFieldErrors(),
		saving: select.isSaving(),
		connection: select.getConnection(),
	};
}

const thunks = {
	/**
	 * Saves the form. Resolves true when saved.
	 */
	save:
		() =>
		async ( {
			select,
			dispatch,
			registry,
		}: ThunkArgs ): Promise< boolean > => {
			const state = getState( select );
			if ( state.saving ) {
				return false;
			}
			const notices = registry.dispatch( noticesStore );
			notices.removeNotice( NOTICE_ERROR, NOTICE_CONTEXT );
			notices.removeNotice( NOTICE_SAVED, NOTICE_CONTEXT );

			const built = buildSaveRequest( state );
			if ( null === built.request ) {
				dispatch.saveFailed( built.errors );
				notices.createErrorNotice(
					__(
						'Nothing was saved: correct the highlighted settings.',
						'ecster-order-management'
					),
					{ id: NOTICE_ERROR, context: NOTICE_CONTEXT }
				);
				return false;
			}

			dispatch.saveStarted();
			try {
				const saved = await api.saveSettings( built.request );
				dispatch.saveSucceeded( saved );
				notices.createSuccessNotice(
					__( 'Settings saved.', 'ecster-order-management' ),
					{
						id: NOTICE_SAVED,
						context: NOTICE_CONTEXT,
						type: 'snackbar',
					}
				);
				return true;
			} catch ( caught ) {
				const error = toApiError( caught );
				dispatch.saveFailed( api.fieldErrorsOf( error ) );
				notices.createErrorNotice( error.message, {
					id: NOTICE_ERROR,
					context: NOTICE_CONTEXT,
				} );
				return false;
			}
		},

	/**
	 * Asks Ecster (through the server) whether the keys on the screen are accepted.
	 */
	checkConnection:
		() =>
		async ( { select, dispatch }: ThunkArgs ): Promise< void > => {
			const state = getState( select );
			if ( 'checking' === state.connection.status ) {
				return;
			}
			dispatch.connectionStarted();
			try {
				dispatch.connectionChecked(
					await api.checkConnection( buildConnectionRequest( state ) )
				);
			} catch ( caught ) {
				const error = toApiError( caught );
				dispatch.connectionFailed(
					error.message,
					api.fieldErrorsOf( error )
				);
			}
		},
};

export const actions = { ...plainActions, ...thunks };

export const store = createReduxStore( STORE_NAME, {
	reducer,
	actions,
	selectors,
} );

register( store );
