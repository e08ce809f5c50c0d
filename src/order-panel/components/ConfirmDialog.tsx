/**
 * The confirmation dialog for Ecster actions started from WooCommerce's screen: Save with a
 * new status (debit / annul) and "Refund … via Ecster Pay".
 */
import { Button, Modal, Notice, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useEffect, useLayoutEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { RefObject } from 'react';

import type { PriceFormat } from '../../shared/money';
import { formatMinor } from '../../shared/money';
import type { ConfirmRequest } from '../store';
import { store } from '../store';

interface Props {
	onConfirm: () => void;
	onCancel: () => void;
}

interface Texts {
	title: string;
	headline: string;
	explanation: string;
	confirmLabel: string;
	progress: string;
}

function texts( request: ConfirmRequest, format: PriceFormat ): Texts {
	if ( 'status' === request.kind ) {
		const amount = formatMinor( request.amount, format );
		if ( 'debit' === request.action ) {
			return {
				title: __(
					'Debit the order in Ecster?',
					'ecster-order-management'
				),
				headline: sprintf(
					/* translators: %s: amount */
					__( 'Debit %s in Ecster', 'ecster-order-management' ),
					amount
				),
				explanation: sprintf(
					/* translators: %s: status name, e.g. Completed */
					__(
						'Saving the order as %s charges the customer: Ecster debits the reservation. The order is saved only if the debit succeeds.',
						'ecster-order-management'
					),
					request.statusLabel
				),
				confirmLabel: __( 'Debit and save', 'ecster-order-management' ),
				progress: __(
					'Debiting in Ecster…',
					'ecster-order-management'
				),
			};
		}
		return {
			title: __(
				'Annul the reservation in Ecster?',
				'ecster-order-management'
			),
			headline: __(
				'Annul the Ecster reservation',
				'ecster-order-management'
			),
			explanation: sprintf(
				/* translators: 1: status name, e.g. Cancelled, 2: amount */
				__(
					'Saving the order as %1$s releases the reservation of %2$s; the customer is not charged. This cannot be undone. The order is saved only if Ecster accepts.',
					'ecster-order-management'
				),
				request.statusLabel,
				amount
			),
			confirmLabel: __( 'Annul and save', 'ecster-order-management' ),
			progress: __( 'Annulling in Ecster…', 'ecster-order-management' ),
		};
	}
	return {
		title: __( 'Refund via Ecster Pay', 'ecster-order-management' ),
		headline:
			null === request.amount
				? __( 'No refund amount entered', 'ecster-order-management' )
				: sprintf(
						/* translators: %s: amount */
						__( 'Credit %s in Ecster', 'ecster-order-management' ),
						formatMinor( request.amount, format )
					),
		explanation: __(
			'WooCommerce records the refund only if Ecster credits the amount. This cannot be undone.',
			'ecster-order-management'
		),
		confirmLabel: __( 'Credit and refund', 'ecster-order-management' ),
		progress: '',
	};
}

function RefundLines( {
	request,
	format,
}: {
	request: Extract< ConfirmRequest, { kind: 'refund' } >;
	format: PriceFormat;
} ) {
	if ( 0 === request.lines.length ) {
		return (
			<p>
				{ __(
					'No order lines are selected: the amount is refunded without restocking any item.',
					'ecster-order-management'
				) }
			</p>
		);
	}
	return (
		<table className="ecster-om-confirm__lines widefat striped">
			<caption>
				{ __( 'Lines being refunded', 'ecster-order-management' ) }
			</caption>
			<thead>
				<tr>
					<th scope="col">
						{ __( 'Item', 'ecster-order-management' ) }
					</th>
					<th scope="col">
						{ __( 'Qty', 'ecster-order-management' ) }
					</th>
					<th scope="col">
						{ __( 'Amount', 'ecster-order-management' ) }
					</th>
				</tr>
			</thead>
			<tbody>
				{ request.lines.map( ( line ) => (
					<tr key={ line.itemId }>
						<td>{ line.name }</td>
						<td>
							{ line.quantity > 0 ? `× ${ line.quantity }` : '–' }
						</td>
						<td>{ formatMinor( line.total, format ) }</td>
					</tr>
				) ) }
			</tbody>
		</table>
	);
}

/**
 * True for the second (third, …) click of a multi-click. A double click on "Update" opens the
 * dialog with its first click; the dialog then covers the page, so the second click lands on
 * the dialog (its overlay, or a button under the pointer). That click was aimed at "Update"
 * and must neither dismiss nor answer the confirmation. Keyboard events have detail 0.
 *
 * @param event The click, mousedown or close request (may be missing).
 */
function isRepeatClick( event?: unknown ): boolean {
	const detail =
		'object' === typeof event && null !== event && 'detail' in event
			? event.detail
			: 0;
	return 'number' === typeof detail && detail > 1;
}

/**
 * "Click outside to cancel" on the dialog's overlay, for fresh presses only. It replaces the
 * Modal's own handling (`shouldCloseOnClickOutside`), which reacts to the second click of the
 * double click that opened the dialog. Like the Modal, a press that starts inside the dialog
 * and ends on the overlay does not count.
 *
 * @param overlayRef The Modal's ref (its overlay element).
 * @param enabled    False while an Ecster call runs.
 * @param onDismiss  Called on a fresh press and release on the overlay.
 */
function useOverlayDismiss(
	overlayRef: RefObject< HTMLDivElement | null >,
	enabled: boolean,
	onDismiss: () => void
): void {
	const latest = useRef( onDismiss );
	useLayoutEffect( () => {
		latest.current = onDismiss;
	} );
	useEffect( () => {
		const overlay = overlayRef.current;
		if ( ! overlay || ! enabled ) {
			return undefined;
		}
		let pressed = false;
		const down = ( event: MouseEvent ): void => {
			if ( event.target !== overlay ) {
				pressed = false;
				return;
			}
			event.preventDefault(); // Keeps the focus in the dialog.
			pressed = 0 === event.button && ! isRepeatClick( event );
		};
		const up = ( event: MouseEvent ): void => {
			const armed = pressed;
			pressed = false;
			if ( armed && event.target === overlay && 0 === event.button ) {
				latest.current();
			}
		};
		overlay.addEventListener( 'mousedown', down );
		overlay.addEventListener( 'mouseup', up );
		return () => {
			overlay.removeEventListener( 'mousedown', down );
			overlay.removeEventListener( 'mouseup', up );
		};
	}, [ overlayRef, enabled ] );
}

export function ConfirmDialog( { onConfirm, onCancel }: Props ) {
	const { request, format, busy } = useSelect( ( select ) => {
		const panel = select( store );
		return {
			request: panel.getConfirm(),
			format: panel.getPriceFormat(),
			busy: panel.isBusy(),
		};
	}, [] );

	if ( ! request ) {
		return null;
	}
	return (
		<ConfirmModal
			request={ request }
			format={ format }
			busy={ busy }
			onConfirm={ onConfirm }
			onCancel={ onCancel }
		/>
	);
}

function ConfirmModal( {
	request,
	format,
	busy,
	onConfirm,
	onCancel,
}: Props & {
	request: ConfirmRequest;
	format: PriceFormat;
	busy: boolean;
} ) {
	const overlayRef = useRef< HTMLDivElement | null >( null );
	useOverlayDismiss( overlayRef, ! busy, onCancel );

	const text = texts( request, format );
	const blocked = 'refund' === request.kind ? request.blocked : null;
	/**
	 * Runs `action` unless the click repeats the one that opened the dialog.
	 *
	 * @param action The answer.
	 */
	const answer =
		( action: () => void ) =>
		( event?: unknown ): void => {
			if ( ! isRepeatClick( event ) ) {
				action();
			}
		};

	return (
		<Modal
			ref={ overlayRef }
			title={ text.title }
			onRequestClose={ answer( onCancel ) }
			isDismissible={ ! busy }
			shouldCloseOnEsc={ ! busy }
			shouldCloseOnClickOutside={ false }
			className="ecster-om-confirm"
			size="medium"
		>
			<p className="ecster-om-confirm__headline">
				<strong>{ text.headline }</strong>
			</p>
			{ blocked ? (
				<Notice status="error" isDismissible={ false }>
					{ blocked }
				</Notice>
			) : (
				<p>{ text.explanation }</p>
			) }
			{ 'refund' === request.kind && (
				<>
					<RefundLines request={ request } format={ format } />
					{ request.reason && (
						<p>
							{ sprintf(
								/* translators: %s: refund reason */
								__( 'Reason: %s', 'ecster-order-management' ),
								request.reason
							) }
						</p>
					) }
				</>
			) }
			{ busy && (
				<p className="ecster-om-confirm__progress" role="status">
					<Spinner />
					{ text.progress }
				</p>
			) }
			<div className="ecster-om-confirm__buttons">
				<Button
					variant="tertiary"
					onClick={ answer( onCancel ) }
					disabled={ busy }
				>
					{ blocked
						? __( 'OK', 'ecster-order-management' )
						: __( 'Cancel', 'ecster-order-management' ) }
				</Button>
				{ ! blocked && (
					<Button
						variant="primary"
						onClick={ answer( onConfirm ) }
						disabled={ busy }
						isBusy={ busy }
						accessibleWhenDisabled
					>
						{ text.confirmLabel }
					</Button>
				) }
			</div>
		</Modal>
	);
}
