/**
 * Mounts the notice into the root element the orders list prints.
 */
import { dispatch } from '@wordpress/data';
import { createRoot, useEffect } from '@wordpress/element';

import { isBatchView } from './api';
import { BulkNotices } from './components/BulkNotices';
import { createController, type Controller } from './controller';
import { store } from './store';
import type { NoticeConfig } from './types';

export const ROOT_ID = 'ecster-om-bulk-root';

/**
 * Reads the config PHP printed into `data-config`; null when it is missing or broken.
 *
 * @param element The root element.
 */
export function readConfig( element: HTMLElement ): NoticeConfig | null {
	try {
		const config = JSON.parse( element.dataset.config ?? '' ) as unknown;
		if (
			'object' !== typeof config ||
			null === config ||
			! Array.isArray( ( config as NoticeConfig ).batches )
		) {
			return null;
		}
		const { batches, screen } = config as NoticeConfig;
		return {
			batches: batches.filter( isBatchView ),
			screen: 'legacy' === screen ? 'legacy' : 'hpos',
		};
	} catch {
		return null;
	}
}

/**
 * Moves the root below the list's heading, inside `.wrap`. The list prints it with the admin notices,
 * above `.wrap`, where WooCommerce's admin header (on its own pages, the HPOS list) gathers what it
 * finds into its hidden "WordPress notices" panel.
 *
 * @param element The root element.
 */
export function placeInPage( element: HTMLElement ): void {
	const anchor =
		document.querySelector( '.wrap .wp-header-end' ) ??
		document.querySelector( '.wrap h1' );
	if ( anchor && ! anchor.parentElement?.contains( element ) ) {
		anchor.after( element );
	}
}

function App( { controller }: { controller: Controller } ) {
	useEffect( () => controller.start(), [ controller ] );
	return (
		<BulkNotices
			onRetry={ ( id ) => void controller.retry( id ) }
			onDismiss={ ( id ) => void controller.dismiss( id ) }
		/>
	);
}

/**
 * Renders the notice and starts following the batches.
 *
 * @param element    The root element.
 * @param controller The controller (tests pass one with short timings).
 * @return Function that unmounts the notice, or null without a valid config.
 */
export function mount(
	element: HTMLElement,
	controller?: Controller
): ( () => void ) | null {
	const config = readConfig( element );
	if ( ! config ) {
		return null;
	}
	placeInPage( element );
	dispatch( store ).receiveBatches( config.batches );
	const root = createRoot( element );
	root.render(
		<App controller={ controller ?? createController( config.screen ) } />
	);
	return () => root.unmount();
}
