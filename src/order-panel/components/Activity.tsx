/**
 * "Ecster activity": the order's operation journal (debits, annulments, credits, Swish
 * refunds) with each operation's state, and "Check with Ecster now" while outcomes are open.
 */
import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { PriceFormat } from '../../shared/money';
import { formatMinor } from '../../shared/money';
import {
	activityOf,
	canReconcile,
	isOpen,
	openNote,
	operationLabel,
	startedBy,
	stateLabel,
	visibleEntries,
} from '../activity';
import { formatTime } from '../labels';
import type { ActivityEntry, OrderState } from '../types';

interface Props {
	order: OrderState;
	format: PriceFormat;
	/** "Check with Ecster now" is running. */
	reconciling: boolean;
	/** Another Ecster call or a reload is running. */
	disabled: boolean;
	onReconcile: () => void;
}

function ActivityRow( {
	entry,
	format,
}: {
	entry: ActivityEntry;
	format: PriceFormat;
} ) {
	const open = isOpen( entry );
	const note = openNote( entry );
	return (
		<li
			className={ `ecster-om-activity__entry is-${ entry.state }${
				open ? ' is-open' : ''
			}` }
		>
			{ /* Open outcomes start expanded: the merchant needs to see what happens next. */ }
			<details open={ open }>
				<summary>
					<span className="ecster-om-activity__state">
						{ stateLabel( entry ) }
					</span>
					{ ': ' }
					<span className="ecster-om-activity__what">
						{ operationLabel( entry.operation, entry.refundId ) }
						{ null !== entry.amount &&
							` ${ formatMinor( entry.amount, format ) }` }
					</span>
					<br />
					<time
						className="ecster-om-activity__time"
						dateTime={ entry.created }
					>
						{ formatTime( entry.created ) }
					</time>
				</summary>
				{ note && <p className="ecster-om-activity__note">{ note }</p> }
				{ entry.message && (
					<p className="ecster-om-activity__message">
						{ entry.message }
					</p>
				) }
				<dl className="ecster-om-activity__facts">
					<dt>{ __( 'Started by', 'ecster-order-management' ) }</dt>
					<dd>{ startedBy( entry ) }</dd>
					{ entry.transactionId && (
						<>
							<dt>
								{ __(
									'Transaction',
									'ecster-order-management'
								) }
							</dt>
							<dd>
								<code>{ entry.transactionId }</code>
							</dd>
						</>
					) }
					{ entry.ecsterCode && (
						<>
							<dt>
								{ __(
									'Ecster code',
									'ecster-order-management'
								) }
							</dt>
							<dd>
								<code>{ entry.ecsterCode }</code>
							</dd>
						</>
					) }
					{ entry.updated && entry.updated !== entry.created && (
						<>
							<dt>
								{ __(
									'Last update',
									'ecster-order-management'
								) }
							</dt>
							<dd>
								<time dateTime={ entry.updated }>
									{ formatTime( entry.updated ) }
								</time>
							</dd>
						</>
					) }
				</dl>
			</details>
		</li>
	);
}

export function Activity( {
	order,
	format,
	reconciling,
	disabled,
	onReconcile,
}: Props ) {
	const [ showAll, setShowAll ] = useState( false );
	const entries = activityOf( order );
	const openQuestions = order.openQuestions ?? 0;
	if ( 0 === entries.length && 0 === openQuestions ) {
		return null;
	}
	const shown = visibleEntries( entries, showAll );
	const hidden = entries.length - shown.length;

	return (
		<div className="ecster-om-activity">
			<h4 className="ecster-om-panel__heading">
				{ __( 'Ecster activity', 'ecster-order-management' ) }
			</h4>
			{ ( openQuestions > 0 || canReconcile( order ) ) && (
				<div className="ecster-om-activity__open">
					{ openQuestions > 0 && (
						<p>
							{ sprintf(
								/* translators: %d: number of operations */
								_n(
									'%d operation has no confirmed outcome yet.',
									'%d operations have no confirmed outcome yet.',
									openQuestions,
									'ecster-order-management'
								),
								openQuestions
							) }
						</p>
					) }
					{ canReconcile( order ) && (
						<Button
							variant="secondary"
							size="compact"
							onClick={ onReconcile }
							disabled={ disabled || reconciling }
							isBusy={ reconciling }
							accessibleWhenDisabled
						>
							{ __(
								'Check with Ecster now',
								'ecster-order-management'
							) }
						</Button>
					) }
				</div>
			) }
			<ul className="ecster-om-activity__list">
				{ shown.map( ( entry ) => (
					<ActivityRow
						key={ entry.id }
						entry={ entry }
						format={ format }
					/>
				) ) }
			</ul>
			{ ( showAll || hidden > 0 ) && (
				<Button
					variant="link"
					className="ecster-om-activity__toggle"
					onClick={ () => setShowAll( ! showAll ) }
					aria-expanded={ showAll }
				>
					{ showAll
						? __( 'Show fewer', 'ecster-order-management' )
						: sprintf(
								/* translators: %d: number of operations in the journal */
								__(
									'Show all (%d)',
									'ecster-order-management'
								),
								entries.length
							) }
				</Button>
			) }
		</div>
	);
}
