/**
 * Typed client of the bulk routes (`ecster-om/v1/bulk/batches` …). Cookie authentication:
 * WordPress registers api-fetch with its nonce and root-URL middlewares on admin pages.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import { ApiError, toApiError } from '../shared/api-error';
import type { BatchView } from './types';

export const BATCHES_PATH = '/ecster-om/v1/bulk/batches';

function isRecord( value: unknown ): value is Record< string, unknown > {
	return (
		'object' === typeof value && null !== value && ! Array.isArray( value )
	);
}

/**
 * Whether a value has the shape of a batch (the fields the notice reads).
 *
 * @param value Anything.
 */
export function isBatchView( value: unknown ): value is BatchView {
	if ( ! isRecord( value ) || ! isRecord( value.counts ) ) {
		return false;
	}
	const counts = value.counts;
	return (
		'string' === typeof value.id &&
		( 'debit' === value.operation || 'annul' === value.operation ) &&
		'number' === typeof value.total &&
		'boolean' === typeof value.finished &&
		[ 'queued', 'done', 'failed', 'unknown' ].every(
			( key ) => 'number' === typeof counts[ key ]
		) &&
		Array.isArray( value.problems ) &&
		Array.isArray( value.queuedOrderIds )
	);
}

function unexpected(): ApiError {
	return new ApiError(
		'ecster_om_unexpected_answer',
		__(
			'The site sent an answer the orders list does not understand. Reload the page.',
			'ecster-order-management'
		),
		0
	);
}

async function request( options: {
	path: string;
	method: 'GET' | 'POST';
	data?: object;
} ): Promise< unknown > {
	try {
		return await apiFetch( options );
	} catch ( error ) {
		throw toApiError( error );
	}
}

/**
 * Every batch not dismissed, newest first.
 */
export async function fetchBatches(): Promise< BatchView[] > {
	const answer = await request( { path: BATCHES_PATH, method: 'GET' } );
	if ( ! isRecord( answer ) || ! Array.isArray( answer.batches ) ) {
		throw unexpected();
	}
	return answer.batches.filter( isBatchView );
}

/**
 * "Retry failed": queues the batch's failed and unknown orders again.
 *
 * @param id Batch id.
 */
export async function retryBatch( id: string ): Promise< BatchView > {
	const answer = await request( {
		path: `${ BATCHES_PATH }/${ encodeURIComponent( id ) }/retry`,
		method: 'POST',
		data: {},
	} );
	if ( ! isRecord( answer ) || ! isBatchView( answer.batch ) ) {
		throw unexpected();
	}
	return answer.batch;
}

/**
 * Removes a finished batch's notice.
 *
 * @param id Batch id.
 */
export async function dismissBatch( id: string ): Promise< void > {
	const answer = await request( {
		path: `${ BATCHES_PATH }/${ encodeURIComponent( id ) }/dismiss`,
		method: 'POST',
		data: {},
	} );
	if ( ! isRecord( answer ) || true !== answer.dismissed ) {
		throw unexpected();
	}
}
