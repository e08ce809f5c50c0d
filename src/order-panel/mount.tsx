/**
 * Mounts the panel into the meta box's root element.
 */
import { dispatch } from '@wordpress/data';
import { createRoot } from '@wordpress/element';

import { App } from './App';
import { createController } from './controller';
import { store } from './store';
import type { PanelConfig } from './types';

export const ROOT_ID = 'ecster-om-order-panel-root';

/**
 * Reads the config PHP printed into `data-config`; null when it is missing or broken.
 *
 * @param element The root element.
 */
export function readConfig( element: HTMLElement ): PanelConfig | null {
	try {
		const config = JSON.parse(
			element.dataset.config ?? ''
		) as PanelConfig;
		return config && 'number' === typeof config.orderId && config.state
			? config
			: null;
	} catch {
		return null;
	}
}

/**
 * Renders the panel and installs the hooks on WooCommerce's screen.
 *
 * @param element        The root element.
 * @param refreshOnMount Ask for the live state right away.
 * @return Function that unmounts the panel and removes the hooks.
 */
export function mount(
	element: HTMLElement,
	refreshOnMount = true
): ( () => void ) | null {
	const config = readConfig( element );
	if ( ! config ) {
		return null;
	}
	dispatch( store ).initialize( config );
	const controller = createController();
	const root = createRoot( element );
	root.render(
		<App controller={ controller } refreshOnMount={ refreshOnMount } />
	);
	return () => root.unmount();
}
