/**
 * Helpers of the settings screen tests: stored settings, a mocked api-fetch and the rendered screen.
 */
import apiFetch from '@wordpress/api-fetch';
import { dispatch, select } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';
import { render, within } from '@testing-library/react';

import { SettingsScreen } from '../../../src/settings/components/SettingsScreen';
import { NOTICE_CONTEXT, store } from '../../../src/settings/store';
import type { SavedSettings } from '../../../src/settings/types';

export const LOGS_URL =
	'http://example.test/wp-admin/admin.php?page=wc-status&tab=logs&source=ecster-order-management';

/**
 * Stored settings as GET /settings returns them.
 *
 * @param overrides Fields to change.
 */
export function saved(
	overrides: Partial< SavedSettings > = {}
): SavedSettings {
	return {
		manageOrders: false,
		environment: 'test',
		apiKeySet: false,
		apiKeyLast4: '',
		merchantKey: '',
		logging: false,
		failedDebitStatus: 'on-hold',
		bulkConcurrency: 10,
		apiUrlOverride: null,
		...overrides,
	};
}

export const mockedApiFetch = apiFetch as unknown as jest.Mock;

/**
 * A REST error as api-fetch rejects with it.
 * @param code
 * @param message
 * @param status
 * @param data
 */
export function restError(
	code: string,
	message: string,
	status: number,
	data: Record< string, unknown > = {}
) {
	return { code, message, data: { status, ...data } };
}

/**
 * Resets the stores to the given stored settings.
 *
 * @param settings Stored settings.
 */
export function resetStores( settings: SavedSettings = saved() ): void {
	dispatch( store ).initialize( settings );
	for ( const notice of select( noticesStore ).getNotices(
		NOTICE_CONTEXT
	) ) {
		dispatch( noticesStore ).removeNotice( notice.id, NOTICE_CONTEXT );
	}
}

/**
 * Renders the screen on the given stored settings. Returns queries bound to the screen, so the
 * screen-reader live regions of wp.a11y (outside it) do not count twice.
 *
 * @param settings Stored settings.
 */
export function renderScreen( settings: SavedSettings = saved() ) {
	resetStores( settings );
	const { container } = render( <SettingsScreen logsUrl={ LOGS_URL } /> );
	return within( container );
}

/**
 * The body of the n-th api-fetch call.
 * @param index
 */
export function callOptions( index = 0 ): {
	path: string;
	method: string;
	data?: Record< string, unknown >;
} {
	return mockedApiFetch.mock.calls[ index ][ 0 ];
}
