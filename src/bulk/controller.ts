/**
 * Connects the notice with the bulk REST routes (api.ts), the store and the list's rows: follows
 * the batches live (every ACTIVE_MS while one runs, IDLE_MS otherwise, so a batch started from
 * WP-CLI or the REST API shows up too), and runs Retry failed and Dismiss.
 */
import { dispatch, select } from '@wordpress/data';

import { toApiError } from '../shared/api-error';
import { dismissBatch, fetchBatches, retryBatch } from './api';
import { markQueuedRows } from './rows';
import { store } from './store';
import type { NoticeConfig } from './types';

export const ACTIVE_MS = 2000;
export const IDLE_MS = 30000;

export interface Controller {
	/** Starts following the batches; returns a function that stops. */
	start: () => () => void;
	/** Reads the batches now. */
	refresh: () => Promise< void >;
	retry: ( id: string ) => Promise< void >;
	dismiss: ( id: string ) => Promise< void >;
}

export function createController(
	screen: NoticeConfig[ 'screen' ],
	timing: { activeMs: number; idleMs: number } = {
		activeMs: ACTIVE_MS,
		idleMs: IDLE_MS,
	}
): Controller {
	const actions = dispatch( store );
	const state = () => select( store );
	let timer: ReturnType< typeof setTimeout > | null = null;
	let stopped = true;
	/** Counts answers, so that a slow poll never overwrites a newer state. */
	let generation = 0;

	function show(): void {
		markQueuedRows( screen, state().getBatches() );
	}

	function schedule(): void {
		if ( stopped ) {
			return;
		}
		if ( timer ) {
			clearTimeout( timer );
		}
		timer = setTimeout(
			() => void refresh(),
			state().isRunning() ? timing.activeMs : timing.idleMs
		);
	}

	async function refresh(): Promise< void > {
		const asked = ++generation;
		try {
			const batches = await fetchBatches();
			if ( asked === generation ) {
				actions.receiveBatches( batches );
				show();
			}
		} catch {
			// A failed poll (the site busy, the network away) is tried again at the next tick.
		} finally {
			if ( asked === generation ) {
				schedule();
			}
		}
	}

	return {
		start() {
			stopped = false;
			show();
			schedule();
			return () => {
				stopped = true;
				if ( timer ) {
					clearTimeout( timer );
				}
			};
		},
		refresh,
		async retry( id ) {
			if ( state().getBusy( id ) ) {
				return; // Already running (double click).
			}
			actions.setBusy( id, 'retry' );
			actions.setError( id, null );
			try {
				++generation;
				actions.receiveBatch( await retryBatch( id ) );
				show();
			} catch ( error ) {
				actions.setError( id, toApiError( error ).message );
			} finally {
				actions.setBusy( id, null );
				schedule();
			}
		},
		async dismiss( id ) {
			if ( state().getBusy( id ) ) {
				return;
			}
			actions.setBusy( id, 'dismiss' );
			actions.setError( id, null );
			try {
				++generation;
				await dismissBatch( id );
				actions.removeBatch( id );
				show();
			} catch ( error ) {
				actions.setError( id, toApiError( error ).message );
				actions.setBusy( id, null );
			} finally {
				schedule();
			}
		},
	};
}
