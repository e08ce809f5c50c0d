/**
 * One batch on the orders list: progress, counts, the orders that failed (with Ecster's reason),
 * "Retry failed" and, once finished, "Dismiss". An `inline` notice: WordPress's common.js moves
 * every other notice of the page to the top when it loads, which would take this one out of the
 * element React renders it in.
 */
import { useSelect } from '@wordpress/data';
import { __, _n, sprintf } from '@wordpress/i18n';

import { store } from '../store';
import type { BatchProblem, BatchView } from '../types';

interface Props {
	batch: BatchView;
	onRetry: ( id: string ) => void;
	onDismiss: ( id: string ) => void;
}

export function title( batch: BatchView ): string {
	const what =
		'debit' === batch.operation
			? sprintf(
					/* translators: %d: number of orders */
					_n(
						'Ecster debit of %d order',
						'Ecster debit of %d orders',
						batch.total,
						'ecster-order-management'
					),
					batch.total
				)
			: sprintf(
					/* translators: %d: number of orders */
					_n(
						'Ecster annul of %d order',
						'Ecster annul of %d orders',
						batch.total,
						'ecster-order-management'
					),
					batch.total
				);
	let origin: string = __(
		'from the orders list',
		'ecster-order-management'
	);
	if ( 'cli' === batch.trigger ) {
		origin = __( 'from WP-CLI', 'ecster-order-management' );
	} else if ( 'rest' === batch.trigger ) {
		origin = __( 'through the REST API', 'ecster-order-management' );
	}
	return batch.user
		? sprintf(
				/* translators: 1: "Ecster debit of 12 orders", 2: "from the orders list", 3: user name */
				__( '%1$s, started %2$s by %3$s', 'ecster-order-management' ),
				what,
				origin,
				batch.user
			)
		: sprintf(
				/* translators: 1: "Ecster debit of 12 orders", 2: "from the orders list" */
				__( '%1$s, started %2$s', 'ecster-order-management' ),
				what,
				origin
			);
}

export function summary( batch: BatchView ): string {
	const { queued, done, failed, unknown } = batch.counts;
	if ( ! batch.finished ) {
		return sprintf(
			/* translators: 1: orders queued, 2: done, 3: failed, 4: unknown */
			__(
				'Queued: %1$d · Done: %2$d · Failed: %3$d · Unknown: %4$d',
				'ecster-order-management'
			),
			queued,
			done,
			failed,
			unknown
		);
	}
	if ( 0 === failed && 0 === unknown ) {
		return 'debit' === batch.operation
			? sprintf(
					/* translators: %d: number of orders */
					_n(
						'Done: %d order debited in Ecster and completed.',
						'Done: all %d orders debited in Ecster and completed.',
						done,
						'ecster-order-management'
					),
					done
				)
			: sprintf(
					/* translators: %d: number of orders */
					_n(
						'Done: %d order annulled in Ecster and cancelled.',
						'Done: all %d orders annulled in Ecster and cancelled.',
						done,
						'ecster-order-management'
					),
					done
				);
	}
	return sprintf(
		/* translators: 1: orders done, 2: failed, 3: unknown */
		__(
			'Finished: %1$d done, %2$d failed, %3$d unknown.',
			'ecster-order-management'
		),
		done,
		failed,
		unknown
	);
}

function problemState( problem: BatchProblem ): string {
	return 'unknown' === problem.state
		? __(
				'Unknown (checked with Ecster automatically)',
				'ecster-order-management'
			)
		: __( 'Failed', 'ecster-order-management' );
}

function noticeClass( batch: BatchView ): string {
	if ( ! batch.finished ) {
		return 'notice-info';
	}
	if ( batch.counts.failed > 0 ) {
		return 'notice-error';
	}
	return batch.counts.unknown > 0 ? 'notice-warning' : 'notice-success';
}

export function BatchNotice( { batch, onRetry, onDismiss }: Props ) {
	const { busy, error } = useSelect(
		( select ) => ( {
			busy: select( store ).getBusy( batch.id ),
			error: select( store ).getError( batch.id ),
		} ),
		[ batch.id ]
	);
	const settled = batch.total - batch.counts.queued;
	const more = batch.problemsTotal - batch.problems.length;

	return (
		<div
			className={ `notice inline ${ noticeClass(
				batch
			) } ecster-om-bulk__notice` }
			data-batch={ batch.id }
		>
			<p>
				<strong>{ title( batch ) }</strong>
			</p>
			<p className="ecster-om-bulk__progress">
				<progress max={ batch.total } value={ settled } />
				<span
					className="ecster-om-bulk__summary"
					role="status"
					aria-live="polite"
				>
					{ summary( batch ) }
				</span>
			</p>
			{ batch.problems.length > 0 ? (
				<ul className="ecster-om-bulk__problems">
					{ batch.problems.map( ( problem ) => (
						<li
							key={ problem.orderId }
							data-order={ problem.orderId }
						>
							{ problem.editUrl ? (
								<a href={ problem.editUrl }>
									{ sprintf(
										/* translators: %s: order number */
										__(
											'Order #%s',
											'ecster-order-management'
										),
										problem.orderNumber
									) }
								</a>
							) : (
								sprintf(
									/* translators: %s: order number */
									__(
										'Order #%s',
										'ecster-order-management'
									),
									problem.orderNumber
								)
							) }{ ' ' }
							<span className="ecster-om-bulk__state">
								{ problemState( problem ) }
							</span>
							{ ': ' }
							<span className="ecster-om-bulk__reason">
								{ problem.message }
							</span>
						</li>
					) ) }
					{ more > 0 ? (
						<li>
							{ sprintf(
								/* translators: %d: number of orders */
								_n(
									'… and %d more order.',
									'… and %d more orders.',
									more,
									'ecster-order-management'
								),
								more
							) }
						</li>
					) : null }
				</ul>
			) : null }
			{ error ? (
				<p className="ecster-om-bulk__error" role="alert">
					{ error }
				</p>
			) : null }
			<p className="ecster-om-bulk__actions">
				{ batch.problemsTotal > 0 ? (
					<button
						type="button"
						className="button"
						disabled={ null !== busy }
						onClick={ () => onRetry( batch.id ) }
					>
						{ 'retry' === busy
							? __( 'Retrying…', 'ecster-order-management' )
							: __( 'Retry failed', 'ecster-order-management' ) }
					</button>
				) : null }
				{ batch.finished ? (
					<>
						<a
							className="button-link"
							href={ window.location.href }
						>
							{ __(
								'Reload the list to see the new statuses',
								'ecster-order-management'
							) }
						</a>
						<button
							type="button"
							className="button button-link ecster-om-bulk__dismiss"
							disabled={ null !== busy }
							onClick={ () => onDismiss( batch.id ) }
						>
							{ __( 'Dismiss', 'ecster-order-management' ) }
						</button>
					</>
				) : null }
			</p>
		</div>
	);
}
