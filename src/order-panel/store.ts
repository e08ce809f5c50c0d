/**
 * The panel's `@wordpress/data` store, `ecster-om/order`: the order's Ecster state, loading and
 * error flags, the open confirmation and the panel's message. Side effects (REST calls, DOM)
 * live in controller.ts; this store only holds state.
 */
import { createReduxStore, register } from '@wordpress/data';

import type { PriceFormat } from '../shared/money';
import { DEFAULT_PRICE_FORMAT } from '../shared/money';
import type { OrderState, PanelConfig, StatusAction } from './types';

export const STORE_NAME = 'ecster-om/order';

/** One line of a refund, read from WooCommerce's refund inputs. */
export interface RefundLine {
	itemId: string;
	name: string;
	quantity: number;
	/** Line total plus line tax, minor units. */
	total: number;
}

export type ConfirmRequest =
	| {
			kind: 'status';
			action: StatusAction;
			/** Amount debited or released, minor units. */
			amount: number;
			/** Label of the status the merchant chose ("Completed"). */
			statusLabel: string;
	  }
	| {
			kind: 'refund';
			/** Minor units; null when the field holds no number. */
			amount: number | null;
			lines: RefundLine[];
			reason: string;
			/** Why the refund cannot go through Ecster, or null. */
			blocked: string | null;
	  };

export type MessageType = 'success' | 'error' | 'warning' | 'info';

export interface PanelMessage {
	type: MessageType;
	text: string;
}

export interface PanelState {
	orderId: number;
	order: OrderState | null;
	priceFormat: PriceFormat;
	loading: boolean;
	loadError: string | null;
	confirm: ConfirmRequest | null;
	busy: boolean;
	/** "Check with Ecster now" is running. */
	reconciling: boolean;
	message: PanelMessage | null;
}

export const INITIAL_STATE: PanelState = {
	orderId: 0,
	order: null,
	priceFormat: DEFAULT_PRICE_FORMAT,
	loading: false,
	loadError: null,
	confirm: null,
	busy: false,
	reconciling: false,
	message: null,
};

export const actions = {
	initialize( config: PanelConfig ) {
		return { type: 'INITIALIZE' as const, config };
	},
	startLoading() {
		return { type: 'START_LOADING' as const };
	},
	receiveOrder( order: OrderState ) {
		return { type: 'RECEIVE_ORDER' as const, order };
	},
	/**
	 * Ends loading with an error message ('' ends it without one).
	 *
	 * @param error Message.
	 */
	loadFailed( error: string ) {
		return { type: 'LOAD_FAILED' as const, error };
	},
	openConfirm( request: ConfirmRequest ) {
		return { type: 'OPEN_CONFIRM' as const, request };
	},
	closeConfirm() {
		return { type: 'CLOSE_CONFIRM' as const };
	},
	setBusy( busy: boolean ) {
		return { type: 'SET_BUSY' as const, busy };
	},
	setMessage( message: PanelMessage | null ) {
		return { type: 'SET_MESSAGE' as const, message };
	},
	setReconciling( reconciling: boolean ) {
		return { type: 'SET_RECONCILING' as const, reconciling };
	},
};

type Action = ReturnType< ( typeof actions )[ keyof typeof actions ] >;

export function reducer(
	state: PanelState = INITIAL_STATE,
	action: Action
): PanelState {
	switch ( action.type ) {
		case 'INITIALIZE':
			return {
				...INITIAL_STATE,
				orderId: action.config.orderId,
				order: action.config.state,
				priceFormat: action.config.priceFormat,
			};
		case 'START_LOADING':
			return { ...state, loading: true, loadError: null };
		case 'RECEIVE_ORDER':
			return {
				...state,
				loading: false,
				loadError: null,
				order: action.order,
			};
		case 'LOAD_FAILED':
			return {
				...state,
				loading: false,
				loadError: action.error || null,
			};
		case 'OPEN_CONFIRM':
			return { ...state, confirm: action.request };
		case 'CLOSE_CONFIRM':
			return { ...state, confirm: null, busy: false };
		case 'SET_BUSY':
			return { ...state, busy: action.busy };
		case 'SET_MESSAGE':
			return { ...state, message: action.message };
		case 'SET_RECONCILING':
			return { ...state, reconciling: action.reconciling };
		default:
			return state;
	}
}

export const selectors = {
	getOrderId: ( state: PanelState ): number => state.orderId,
	getOrder: ( state: PanelState ): OrderState | null => state.order,
	getPriceFormat: ( state: PanelState ): PriceFormat => state.priceFormat,
	isLoading: ( state: PanelState ): boolean => state.loading,
	getLoadError: ( state: PanelState ): string | null => state.loadError,
	getConfirm: ( state: PanelState ): ConfirmRequest | null => state.confirm,
	isBusy: ( state: PanelState ): boolean => state.busy,
	isReconciling: ( state: PanelState ): boolean => state.reconciling,
	getMessage: ( state: PanelState ): PanelMessage | null => state.message,
};

export const store = createReduxStore( STORE_NAME, {
	reducer,
	actions,
	selectors,
} );

register( store );
