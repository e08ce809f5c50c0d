/**
 * Shapes of the settings screen's data: what the REST route `ecster-om/v1/settings` returns and
 * accepts (see docs/architecture.md). The stored API key never reaches the browser: only
 * whether one is stored and its last four characters.
 */

export type Environment = 'test' | 'live';

export type FailedDebitStatus = 'on-hold' | 'processing';

/** GET/POST /settings answer. */
export interface SavedSettings {
	manageOrders: boolean;
	environment: Environment;
	apiKeySet: boolean;
	/** Last four characters of the stored key ('' when none, or when the key is very short). */
	apiKeyLast4: string;
	merchantKey: string;
	logging: boolean;
	failedDebitStatus: FailedDebitStatus;
	/** Ecster requests a bulk action sends at once per queue runner (1–50). */
	bulkConcurrency: number;
	/** URL of the ECSTER_OM_API_URL constant, when set (developer / QA sandbox). */
	apiUrlOverride: string | null;
}

/** What the merchant edits on the screen. */
export interface SettingsForm {
	manageOrders: boolean;
	environment: Environment;
	/** A new API key being typed ('' = keep the stored one). */
	apiKey: string;
	merchantKey: string;
	logging: boolean;
	failedDebitStatus: FailedDebitStatus;
	/** As typed ("10"); sent as a number. */
	bulkConcurrency: string;
}

export type FieldName = keyof SettingsForm;

/** POST /settings body. `apiKey` is only sent when a new key was typed. */
export interface SaveRequest {
	manageOrders: boolean;
	environment: Environment;
	apiKey?: string;
	merchantKey: string;
	logging: boolean;
	failedDebitStatus: FailedDebitStatus;
	bulkConcurrency: number;
}

/** POST /settings/check-connection body: the keys on the screen (no apiKey = the stored one). */
export interface ConnectionRequest {
	environment: Environment;
	apiKey?: string;
	merchantKey: string;
}

export type ConnectionResult = 'accepted' | 'rejected' | 'unreachable';

/** POST /settings/check-connection answer. */
export interface ConnectionCheck {
	result: ConnectionResult;
	message: string;
	environment: Environment;
	apiUrl: string;
}

/** Field → message, from the server (`data.fields`) or from the screen's own checks. */
export type FieldErrors = Partial< Record< string, string > >;

/** Data PHP prints for the screen (`window.ecsterOmSettings`). */
export interface ScreenData {
	settings: SavedSettings;
	logsUrl: string;
	paymentsUrl: string;
}
