/**
 * Marks the orders list's rows of queued orders ("Debit queued" next to the status), and removes
 * the mark once the order is no longer queued. Rows are `tr#order-<id>` on WooCommerce's HPOS list
 * and `tr#post-<id>` on the legacy posts list; the status cell is `td.order_status` on both.
 */
import { __ } from '@wordpress/i18n';

import type { BatchOperation, BatchView, NoticeConfig } from './types';

export const MARK_CLASS = 'ecster-om-bulk-queued';

/**
 * The row of an order on the list, or null when it is not on this page.
 *
 * @param screen  Which list.
 * @param orderId Order id.
 */
export function orderRow(
	screen: NoticeConfig[ 'screen' ],
	orderId: number
): HTMLElement | null {
	return document.getElementById(
		( 'hpos' === screen ? 'order-' : 'post-' ) + orderId
	);
}

function label( operation: BatchOperation ): string {
	return 'debit' === operation
		? __( 'Debit queued', 'ecster-order-management' )
		: __( 'Annul queued', 'ecster-order-management' );
}

/**
 * Puts the mark on every queued order's row and takes it off the others.
 *
 * @param screen  Which list.
 * @param batches The batches shown.
 */
export function markQueuedRows(
	screen: NoticeConfig[ 'screen' ],
	batches: BatchView[]
): void {
	const queued = new Map< number, BatchOperation >();
	for ( const batch of batches ) {
		for ( const id of batch.queuedOrderIds ) {
			queued.set( id, batch.operation );
		}
	}
	document
		.querySelectorAll< HTMLElement >( `.${ MARK_CLASS }` )
		.forEach( ( mark ) => {
			if ( ! queued.has( Number( mark.dataset.orderId ) ) ) {
				mark.remove();
			}
		} );
	queued.forEach( ( operation, id ) => {
		const cell = orderRow( screen, id )?.querySelector( 'td.order_status' );
		if ( ! cell || cell.querySelector( `.${ MARK_CLASS }` ) ) {
			return;
		}
		const mark = document.createElement( 'mark' );
		mark.className = `order-status ${ MARK_CLASS }`;
		mark.dataset.orderId = String( id );
		const text = document.createElement( 'span' );
		text.textContent = label( operation );
		mark.append( text );
		cell.append( ' ', mark );
	} );
}
