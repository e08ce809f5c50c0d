/**
 * The notice's `@wordpress/data` store, `ecster-om/bulk`: the batches shown, and per batch whether
 * a Retry or Dismiss is running and the last error. Side effects (REST calls, polling, the list's
 * rows) live in controller.ts; this store only holds state.
 */
import { createReduxStore, register } from '@wordpress/data';

import type { BatchView } from './types';

export const STORE_NAME = 'ecster-om/bulk';

export type BusyAction = 'retry' | 'dismiss';

export interface BulkState {
	batches: BatchView[];
	busy: Record< string, BusyAction >;
	errors: Record< string, string >;
}

export const INITIAL_STATE: BulkState = { batches: [], busy: {}, errors: {} };

function without< T >(
	record: Record< string, T >,
	key: string
): Record< string, T > {
	const copy = { ...record };
	delete copy[ key ];
	return copy;
}

export const actions = {
	receiveBatches( batches: BatchView[] ) {
		return { type: 'RECEIVE_BATCHES' as const, batches };
	},
	receiveBatch( batch: BatchView ) {
		return { type: 'RECEIVE_BATCH' as const, batch };
	},
	removeBatch( id: string ) {
		return { type: 'REMOVE_BATCH' as const, id };
	},
	setBusy( id: string, action: BusyAction | null ) {
		return { type: 'SET_BUSY' as const, id, action };
	},
	setError( id: string, error: string | null ) {
		return { type: 'SET_ERROR' as const, id, error };
	},
};

type Action = ReturnType< ( typeof actions )[ keyof typeof actions ] >;

export function reducer(
	state: BulkState = INITIAL_STATE,
	action: Action
): BulkState {
	switch ( action.type ) {
		case 'RECEIVE_BATCHES':
			return { ...state, batches: action.batches };
		case 'RECEIVE_BATCH': {
			const known = state.batches.some(
				( batch ) => batch.id === action.batch.id
			);
			return {
				...state,
				batches: known
					? state.batches.map( ( batch ) =>
							batch.id === action.batch.id ? action.batch : batch
						)
					: [ action.batch, ...state.batches ],
			};
		}
		case 'REMOVE_BATCH':
			return {
				batches: state.batches.filter(
					( batch ) => batch.id !== action.id
				),
				busy: without( state.busy, action.id ),
				errors: without( state.errors, action.id ),
			};
		case 'SET_BUSY':
			return {
				...state,
				busy: action.action
					? { ...state.busy, [ action.id ]: action.action }
					: without( state.busy, action.id ),
			};
		case 'SET_ERROR':
			return {
				...state,
				errors: action.error
					? { ...state.errors, [ action.id ]: action.error }
					: without( state.errors, action.id ),
			};
		default:
			return state;
	}
}

export const selectors = {
	getBatches: ( state: BulkState ): BatchView[] => state.batches,
	getBusy: ( state: BulkState, id: string ): BusyAction | null =>
		state.busy[ id ] ?? null,
	getError: ( state: BulkState, id: string ): string | null =>
		state.errors[ id ] ?? null,
	/** True while any batch still has orders waiting. */
	isRunning: ( state: BulkState ): boolean =>
		state.batches.some( ( batch ) => ! batch.finished ),
};

export const store = createReduxStore( STORE_NAME, {
	reducer,
	actions,
	selectors,
} );

register( store );
