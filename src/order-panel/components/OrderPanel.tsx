/**
 * The content of the "Ecster Pay" meta box.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';

import type { PriceFormat } from '../../shared/money';
import { formatMinor } from '../../shared/money';
import {
	formatTime,
	paymentMethodLabel,
	transactionTypeLabel,
} from '../labels';
import { store } from '../store';
import type { OrderState } from '../types';
import { Activity } from './Activity';

interface Props {
	onRefresh: () => void;
	/** "Check with Ecster now". */
	onReconcile?: () => void;
}

function Amounts( {
	order,
	format,
}: {
	order: OrderState;
	format: PriceFormat;
} ) {
	const rows: Array< [ string, number | null ] > = [
		[ __( 'Reserved', 'ecster-order-management' ), order.amounts.reserved ],
		[ __( 'Debited', 'ecster-order-management' ), order.amounts.debited ],
		[ __( 'Credited', 'ecster-order-management' ), order.amounts.credited ],
	];
	return (
		<table className="ecster-om-panel__amounts">
			<tbody>
				{ rows.map( ( [ label, amount ] ) => (
					<tr key={ label }>
						<th scope="row">{ label }</th>
						<td>
							{ null === amount
								? __( 'Unknown', 'ecster-order-management' )
								: formatMinor( amount, format ) }
						</td>
					</tr>
				) ) }
			</tbody>
		</table>
	);
}

function Transactions( {
	order,
	format,
}: {
	order: OrderState;
	format: PriceFormat;
} ) {
	if ( 0 === order.transactions.length ) {
		return (
			<p className="ecster-om-panel__empty">
				{ __( 'No transactions yet.', 'ecster-order-management' ) }
			</p>
		);
	}
	return (
		<table className="ecster-om-panel__transactions widefat striped">
			<caption className="screen-reader-text">
				{ __( 'Ecster transactions', 'ecster-order-management' ) }
			</caption>
			<thead>
				<tr>
					<th scope="col">
						{ __( 'Type', 'ecster-order-management' ) }
					</th>
					<th scope="col">
						{ __( 'Amount', 'ecster-order-management' ) }
					</th>
					<th scope="col">
						{ __( 'Time', 'ecster-order-management' ) }
					</th>
				</tr>
			</thead>
			<tbody>
				{ order.transactions.map( ( transaction ) => (
					<tr key={ `${ transaction.type }-${ transaction.id }` }>
						<td>
							{ transactionTypeLabel( transaction.type ) }
							<br />
							<code className="ecster-om-panel__id">
								{ transaction.id }
							</code>
							{ transaction.billPdfUrl && (
								<>
									<br />
									<a
										href={ transaction.billPdfUrl }
										target="_blank"
										rel="noreferrer noopener"
									>
										{ __(
											'Credit invoice',
											'ecster-order-management'
										) }
									</a>
								</>
							) }
						</td>
						<td>{ formatMinor( transaction.amount, format ) }</td>
						<td>{ formatTime( transaction.created ) }</td>
					</tr>
				) ) }
			</tbody>
		</table>
	);
}

function Refunds( {
	order,
	format,
}: {
	order: OrderState;
	format: PriceFormat;
} ) {
	if ( 0 === order.refunds.length ) {
		return null;
	}
	return (
		<>
			<h4 className="ecster-om-panel__heading">
				{ __( 'Refunds', 'ecster-order-management' ) }
			</h4>
			<ul className="ecster-om-panel__refunds">
				{ order.refunds.map( ( refund ) => (
					<li
						key={ refund.refundId }
						className={
							refund.creditedInEcster
								? 'ecster-om-panel__refund is-credited'
								: 'ecster-om-panel__refund is-not-credited'
						}
					>
						{ sprintf(
							/* translators: 1: refund id, 2: amount */
							__(
								'Refund #%1$d: %2$s',
								'ecster-order-management'
							),
							refund.refundId,
							formatMinor( refund.amount, format )
						) }
						<br />
						{ refund.creditedInEcster ? (
							<>
								{ refund.ecsterTransactionId
									? sprintf(
											/* translators: %s: Ecster transaction id */
											__(
												'Credited in Ecster (%s)',
												'ecster-order-management'
											),
											refund.ecsterTransactionId
										)
									: __(
											'Credited in Ecster',
											'ecster-order-management'
										) }
								{ refund.invoiceUrl && (
									<>
										{ ' ' }
										<a
											href={ refund.invoiceUrl }
											target="_blank"
											rel="noreferrer noopener"
										>
											{ __(
												'Credit invoice',
												'ecster-order-management'
											) }
										</a>
									</>
								) }
							</>
						) : (
							<strong>
								{ refund.swishStatus
									? sprintf(
											/* translators: %s: Swish refund status */
											__(
												'Swish refund: %s',
												'ecster-order-management'
											),
											refund.swishStatus
										)
									: __(
											'Not credited in Ecster (refunded manually)',
											'ecster-order-management'
										) }
							</strong>
						) }
					</li>
				) ) }
			</ul>
		</>
	);
}

/** Shown in the refund list instead (one line per refund). */
const WARNINGS_SHOWN_ELSEWHERE = new Set( [ 'refund_not_credited' ] );

function ecsterStatusText( order: OrderState ): string {
	if ( order.ecsterStatus ) {
		return order.ecsterStatus;
	}
	if ( null === order.ecsterReachable ) {
		return __( 'Not checked yet', 'ecster-order-management' );
	}
	return order.ecsterError
		? sprintf(
				/* translators: %s: error message */
				__( 'Unknown (%s)', 'ecster-order-management' ),
				order.ecsterError.message
			)
		: __( 'Unknown', 'ecster-order-management' );
}

export function OrderPanel( {
	onRefresh,
	onReconcile = () => undefined,
}: Props ) {
	const { order, format, loading, loadError, busy, reconciling, message } =
		useSelect( ( select ) => {
			const panel = select( store );
			return {
				order: panel.getOrder(),
				format: panel.getPriceFormat(),
				loading: panel.isLoading(),
				loadError: panel.getLoadError(),
				busy: panel.isBusy(),
				reconciling: panel.isReconciling(),
				message: panel.getMessage(),
			};
		}, [] );

	if ( ! order ) {
		return loading ? <Spinner /> : null;
	}

	return (
		<div
			className="ecster-om-panel"
			aria-busy={ loading || busy || reconciling }
		>
			{ message && (
				<Notice
					status={ message.type }
					isDismissible={ false }
					className="ecster-om-panel__message"
				>
					{ message.text }
				</Notice>
			) }
			{ loadError && (
				<Notice status="error" isDismissible={ false }>
					{ sprintf(
						/* translators: %s: error message */
						__(
							'Could not load the Ecster status: %s',
							'ecster-order-management'
						),
						loadError
					) }
				</Notice>
			) }
			{ order.warnings
				.filter(
					( warning ) =>
						! WARNINGS_SHOWN_ELSEWHERE.has( warning.code )
				)
				.map( ( warning, index ) => (
					<Notice
						key={ `${ warning.code }-${ index }` }
						status="warning"
						isDismissible={ false }
						className="ecster-om-panel__warning"
					>
						{ warning.message }
					</Notice>
				) ) }
			<table className="ecster-om-panel__facts">
				<tbody>
					<tr>
						<th scope="row">
							{ __( 'Ecster order', 'ecster-order-management' ) }
						</th>
						<td>
							<code>{ order.ecsterOrderId }</code>
						</td>
					</tr>
					<tr>
						<th scope="row">
							{ __(
								'Payment method',
								'ecster-order-management'
							) }
						</th>
						<td>{ paymentMethodLabel( order.paymentMethod ) }</td>
					</tr>
					<tr>
						<th scope="row">
							{ __( 'Ecster status', 'ecster-order-management' ) }
						</th>
						<td className="ecster-om-panel__status">
							{ ecsterStatusText( order ) }
						</td>
					</tr>
				</tbody>
			</table>
			<Amounts order={ order } format={ format } />
			<h4 className="ecster-om-panel__heading">
				{ __( 'Transactions', 'ecster-order-management' ) }
			</h4>
			<Transactions order={ order } format={ format } />
			<Refunds order={ order } format={ format } />
			<Activity
				order={ order }
				format={ format }
				reconciling={ reconciling }
				disabled={ loading || busy }
				onReconcile={ onReconcile }
			/>
			<div className="ecster-om-panel__footer">
				<Button
					variant="secondary"
					size="compact"
					onClick={ onRefresh }
					disabled={ loading || busy || reconciling }
					isBusy={ loading }
				>
					{ __( 'Refresh', 'ecster-order-management' ) }
				</Button>
				{ loading && (
					<span className="ecster-om-panel__loading" role="status">
						<Spinner />
						{ __( 'Checking Ecster…', 'ecster-order-management' ) }
					</span>
				) }
			</div>
		</div>
	);
}
