/**
 * Connects WooCommerce's order screen (dom.ts) with the Ecster REST routes (api.ts) and the
 * panel's store: refreshes the state, intercepts Save when it would debit or annul, and checks
 * "Refund … via Ecster Pay" before WooCommerce's own refund code runs.
 */
import { dispatch, select } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';

import { toApiError } from '../shared/api-error';
import { formatMinor, majorToMinor } from '../shared/money';
import { fetchOrderState, reconcileOrder, runOrderAction } from './api';
import {
	refundProblem,
	statusActionAmount,
	statusActionFor,
} from './decisions';
import {
	clickApiRefundConfirmed,
	getOriginalStatus,
	getSelectedStatus,
	getStatusLabel,
	onApiRefundClick,
	onOrderFormSubmit,
	onRefundAjaxComplete,
	readRefundForm,
	removeAdminNotice,
	resubmitOrderForm,
	setStatus,
	showAdminNotice,
	stopEvent,
} from './dom';
import { store } from './store';
import type { PanelMessage } from './store';
import type { OrderState, ReconcileResponse } from './types';

export interface Controller {
	/** Installs the DOM listeners; returns a function that removes them. */
	attach: () => () => void;
	/** Reloads the state from the site (which asks Ecster). */
	refresh: () => Promise< void >;
	/** The merchant confirmed the open dialog. */
	confirm: () => Promise< void >;
	/** The merchant cancelled the open dialog (button, Escape, click outside). */
	cancel: () => void;
	/** "Check with Ecster now": resolves open operations; one request at a time. */
	reconcile: () => Promise< void >;
}

const DISMISS = (): string =>
	__( 'Dismiss this notice.', 'ecster-order-management' );

/**
 * The panel message for the answer of "Check with Ecster now".
 *
 * @param response The answer.
 */
function reconcileMessage( response: ReconcileResponse ): PanelMessage {
	switch ( response.result ) {
		case 'reconciled':
			return {
				type: 'success',
				text:
					response.message ||
					__(
						'Ecster answered: the open operations are settled.',
						'ecster-order-management'
					),
			};
		case 'nothing_to_check':
			return {
				type: 'info',
				text:
					response.message ||
					__(
						'There was nothing to check with Ecster.',
						'ecster-order-management'
					),
			};
		default:
			return {
				type: 'warning',
				text:
					response.message ||
					__(
						'Ecster could not settle every open operation yet.',
						'ecster-order-management'
					),
			};
	}
}

export function createController(): Controller {
	const actions = dispatch( store );
	const state = () => select( store );

	/** The button that submitted the intercepted form. */
	let pendingSubmitter: HTMLElement | null = null;
	/** The refund button whose click was intercepted. */
	let pendingRefundButton: HTMLButtonElement | null = null;
	/** A refund that went to WooCommerce after our confirmation. */
	let refundInFlight = false;
	/** Counts received states, so that a slow refresh never overwrites a newer action answer. */
	let received = 0;

	function receive( order: OrderState ): void {
		received++;
		actions.receiveOrder( order );
	}

	async function refresh(): Promise< void > {
		const orderId = state().getOrderId();
		const startedAt = received;
		actions.startLoading();
		try {
			const order = await fetchOrderState( orderId );
			if ( startedAt === received ) {
				receive( order );
			} else {
				actions.loadFailed( '' ); // Only ends the loading state; the newer state stays.
			}
		} catch ( error ) {
			actions.loadFailed( toApiError( error ).message );
		}
	}

	async function reconcile(): Promise< void > {
		const current = state();
		// Already running (double click), or a debit/annul/credit is running.
		if ( current.isReconciling() || current.isBusy() ) {
			return;
		}
		actions.setReconciling( true );
		actions.setMessage( null );
		try {
			const response = await reconcileOrder( current.getOrderId() );
			receive( response.state );
			actions.setMessage( reconcileMessage( response ) );
		} catch ( error ) {
			actions.setMessage( {
				type: 'error',
				text: sprintf(
					/* translators: %s: the error message from Ecster or the site */
					__(
						'Could not check with Ecster: %s',
						'ecster-order-management'
					),
					toApiError( error ).message
				),
			} );
		} finally {
			actions.setReconciling( false );
		}
	}

	function handleSubmit(
		event: SubmitEvent,
		submitter: HTMLElement | null
	): void {
		const current = state();
		// A dialog is open or an Ecster call is running: the first submission is still being
		// handled, a second one must not go out (double submit).
		if ( current.getConfirm() || current.isBusy() ) {
			stopEvent( event );
			return;
		}
		const order = current.getOrder();
		const next = getSelectedStatus();
		const action = statusActionFor( order, getOriginalStatus(), next );
		if ( ! order || ! action ) {
			return; // Not an Ecster action: WooCommerce saves as usual.
		}
		stopEvent( event );
		pendingSubmitter = submitter;
		actions.setMessage( null );
		actions.openConfirm( {
			kind: 'status',
			action,
			amount: statusActionAmount( order, action ),
			statusLabel: getStatusLabel( next ),
		} );
	}

	function handleRefundClick(
		event: MouseEvent,
		button: HTMLButtonElement
	): void {
		const current = state();
		const order = current.getOrder();
		if ( ! order || ! order.managed ) {
			return; // Not ours: WooCommerce's refund runs as usual.
		}
		stopEvent( event );
		if ( current.getConfirm() || current.isBusy() || refundInFlight ) {
			return;
		}
		const format = current.getPriceFormat();
		const form = readRefundForm();
		const amount =
			null === form.amount ? null : majorToMinor( form.amount, format );
		pendingRefundButton = button;
		actions.setMessage( null );
		actions.openConfirm( {
			kind: 'refund',
			amount,
			reason: form.reason,
			lines: form.lines.map( ( line ) => ( {
				itemId: line.itemId,
				name: line.name,
				quantity: line.quantity,
				total: majorToMinor( line.total, format ),
			} ) ),
			blocked: refundProblem( order, amount, format ),
		} );
	}

	async function confirmStatus( action: 'debit' | 'annul' ): Promise< void > {
		const orderId = state().getOrderId();
		actions.setBusy( true );
		try {
			const response = await runOrderAction( orderId, action );
			receive( response.state );
			actions.setMessage( {
				type: 'success',
				text:
					response.message ||
					( 'debit' === action
						? __(
								'Debited in Ecster. Saving the order…',
								'ecster-order-management'
							)
						: __(
								'Annulled in Ecster. Saving the order…',
								'ecster-order-management'
							) ),
			} );
			removeAdminNotice();
			actions.closeConfirm();
			const submitter = pendingSubmitter;
			pendingSubmitter = null;
			// Stay busy while the browser submits: the form must not be submitted twice.
			actions.setBusy( true );
			if ( ! resubmitOrderForm( submitter ) ) {
				actions.setBusy( false );
			}
		} catch ( error ) {
			const apiError = toApiError( error );
			const text =
				'debit' === action
					? sprintf(
							/* translators: %s: the error message from Ecster or the site */
							__(
								'The order was not debited in Ecster and was not saved: %s',
								'ecster-order-management'
							),
							apiError.message
						)
					: sprintf(
							/* translators: %s: the error message from Ecster or the site */
							__(
								'The Ecster reservation was not annulled and the order was not saved: %s',
								'ecster-order-management'
							),
							apiError.message
						);
			pendingSubmitter = null;
			actions.closeConfirm();
			setStatus( getOriginalStatus() );
			actions.setMessage( { type: 'error', text } );
			showAdminNotice( text, 'error', DISMISS() );
			// The failure may have changed the Ecster side (or our view of it).
			void refresh();
		}
	}

	function confirmRefund(): void {
		const button = pendingRefundButton;
		const request = state().getConfirm();
		pendingRefundButton = null;
		actions.closeConfirm();
		if (
			! button ||
			! request ||
			'refund' !== request.kind ||
			request.blocked
		) {
			return;
		}
		refundInFlight = true;
		actions.setBusy( true );
		actions.setMessage( {
			type: 'info',
			text: sprintf(
				/* translators: %s: refund amount */
				__( 'Crediting %s in Ecster…', 'ecster-order-management' ),
				formatMinor( request.amount ?? 0, state().getPriceFormat() )
			),
		} );
		clickApiRefundConfirmed( button );
	}

	function handleRefundResult( result: {
		apiRefund: boolean;
		success: boolean;
		error: string | null;
	} ): void {
		if ( ! refundInFlight && ! result.apiRefund ) {
			// A manual refund: refresh so the panel lists it as not credited in Ecster.
			void refresh();
			return;
		}
		refundInFlight = false;
		actions.setBusy( false );
		if ( result.success ) {
			actions.setMessage( {
				type: 'success',
				text: __(
					'The refund was credited in Ecster. WooCommerce reloads the page.',
					'ecster-order-management'
				),
			} );
		} else {
			const text = sprintf(
				/* translators: %s: the error message */
				__(
					'The refund was not credited in Ecster and WooCommerce recorded no refund: %s',
					'ecster-order-management'
				),
				result.error || __( 'unknown error', 'ecster-order-management' )
			);
			actions.setMessage( { type: 'error', text } );
			showAdminNotice( text, 'error', DISMISS() );
		}
		void refresh();
	}

	return {
		attach() {
			const detach = [
				onOrderFormSubmit( handleSubmit ),
				onApiRefundClick( handleRefundClick ),
				onRefundAjaxComplete( handleRefundResult ),
			];
			return () => detach.forEach( ( remove ) => remove() );
		},
		refresh,
		reconcile,
		async confirm() {
			const request = state().getConfirm();
			if ( ! request || state().isBusy() ) {
				return; // Nothing open, or already running: never twice.
			}
			if ( 'status' === request.kind ) {
				await confirmStatus( request.action );
			} else {
				confirmRefund();
			}
		},
		cancel() {
			if ( state().isBusy() ) {
				return; // An Ecster call is running; its result decides.
			}
			pendingSubmitter = null;
			pendingRefundButton = null;
			actions.closeConfirm();
		},
	};
}
