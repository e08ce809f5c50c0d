/**
 * Entry of the Ecster Pay settings screen (WooCommerce → Settings → Payments → Ecster Pay).
 * PHP prints the root element in the gateway's section and the initial data as
 * `window.ecsterOmSettings`; the script runs in the footer.
 */
import { dispatch } from '@wordpress/data';
import { createRoot } from '@wordpress/element';

import { isSavedSettings } from './api';
import { SettingsScreen } from './components/SettingsScreen';
import { store } from './store';
import type { ScreenData } from './types';
import './settings.scss';

export const ROOT_ID = 'ecster-om-settings-root';

declare global {
	interface Window {
		ecsterOmSettings?: unknown;
	}
}

/**
 * The data PHP printed, or null when it is missing or malformed.
 *
 * @param value `window.ecsterOmSettings`.
 */
export function readScreenData( value: unknown ): ScreenData | null {
	if ( 'object' !== typeof value || null === value ) {
		return null;
	}
	const data = value as Record< string, unknown >;
	if (
		! isSavedSettings( data.settings ) ||
		'string' !== typeof data.logsUrl
	) {
		return null;
	}
	return {
		settings: data.settings,
		logsUrl: data.logsUrl,
		paymentsUrl:
			'string' === typeof data.paymentsUrl ? data.paymentsUrl : '',
	};
}

/**
 * Mounts the screen. WooCommerce prints gateway sections inside its own settings form: the root
 * moves out of it, so that Enter and WooCommerce's change tracking (its own "leave page?" prompt
 * and Save button) do not act on this screen, which saves through the REST API.
 *
 * @param element The root element.
 */
export function mount( element: HTMLElement ): boolean {
	const data = readScreenData( window.ecsterOmSettings );
	if ( ! data ) {
		return false;
	}
	const wcForm = element.closest( 'form' );
	if ( wcForm ) {
		wcForm.after( element );
	}
	dispatch( store ).initialize( data.settings );
	element.replaceChildren();
	createRoot( element ).render( <SettingsScreen logsUrl={ data.logsUrl } /> );
	return true;
}

function start(): void {
	const element = document.getElementById( ROOT_ID );
	if ( element ) {
		mount( element );
	}
}

if ( 'loading' === document.readyState ) {
	document.addEventListener( 'DOMContentLoaded', start );
} else {
	start();
}
