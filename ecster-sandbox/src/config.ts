/**
 * Runtime tunables (GET/POST /sandbox/config). Defaults live in ./policy (DEFAULT_CONFIG).
 */
import { validationError } from './errors';
import { MAX_DELAY_MS } from './faults';
import type { SandboxConfig } from './types';
import { describe } from './util';
import { rejectUnknownFields, requireObject } from './validate';

const nonNegativeInt = (
	value: unknown,
	field: string,
	max: number
): number => {
	if (
		typeof value !== 'number' ||
		! Number.isInteger( value ) ||
		value < 0 ||
		value > max
	) {
		throw validationError(
			`${ field } must be an integer from 0 to ${ max }, got ${ describe( value ) }.`
		);
	}
	return value;
};

/**
 * Validates a partial config and returns the merged result.
 * @param current Config in force.
 * @param raw     Parsed request body (any subset of the fields).
 */
export function mergeConfig(
	current: SandboxConfig,
	raw: unknown
): SandboxConfig {
	const body = requireObject( raw );
	rejectUnknownFields( body, Object.keys( current ), 'the config' );
	const next: SandboxConfig = {
		...current,
		oenRetryDelaysMs: [ ...current.oenRetryDelaysMs ],
	};
	if ( body.rateLimitPerSecond !== undefined ) {
		next.rateLimitPerSecond = nonNegativeInt(
			body.rateLimitPerSecond,
			'rateLimitPerSecond',
			1_000_000
		);
	}
	if ( body.swishRefundDelayMs !== undefined ) {
		next.swishRefundDelayMs = nonNegativeInt(
			body.swishRefundDelayMs,
			'swishRefundDelayMs',
			86_400_000
		);
	}
	if ( body.swishRefundFinalStatus !== undefined ) {
		if (
			typeof body.swishRefundFinalStatus !== 'string' ||
			! /^[A-Z_]{2,40}$/.test( body.swishRefundFinalStatus ) ||
			body.swishRefundFinalStatus === 'ONGOING'
		) {
			throw validationError(
				`swishRefundFinalStatus must be an upper-case status such as SUCCESS or FAILED (not ONGOING), got ${ describe( body.swishRefundFinalStatus ) }.`
			);
		}
		next.swishRefundFinalStatus = body.swishRefundFinalStatus;
	}
	if ( body.rowSumCheck !== undefined ) {
		if ( typeof body.rowSumCheck !== 'boolean' ) {
			throw validationError(
				`rowSumCheck must be true or false, got ${ describe( body.rowSumCheck ) }.`
			);
		}
		next.rowSumCheck = body.rowSumCheck;
	}
	if ( body.oenInitialDelayMs !== undefined ) {
		next.oenInitialDelayMs = nonNegativeInt(
			body.oenInitialDelayMs,
			'oenInitialDelayMs',
			86_400_000
		);
	}
	if ( body.oenRetryDelaysMs !== undefined ) {
		if (
			! Array.isArray( body.oenRetryDelaysMs ) ||
			body.oenRetryDelaysMs.length > 100
		) {
			throw validationError(
				'oenRetryDelaysMs must be an array of at most 100 delays in ms.'
			);
		}
		next.oenRetryDelaysMs = body.oenRetryDelaysMs.map( ( v, i ) =>
			nonNegativeInt( v, `oenRetryDelaysMs[${ i }]`, 86_400_000 )
		);
	}
	if ( body.oenTimeoutMs !== undefined ) {
		next.oenTimeoutMs = nonNegativeInt(
			body.oenTimeoutMs,
			'oenTimeoutMs',
			600_000
		);
	}
	if ( body.requestLogLimit !== undefined ) {
		next.requestLogLimit = nonNegativeInt(
			body.requestLogLimit,
			'requestLogLimit',
			10_000_000
		);
	}
	if ( body.maxBodyBytes !== undefined ) {
		next.maxBodyBytes = nonNegativeInt(
			body.maxBodyBytes,
			'maxBodyBytes',
			100 * 1024 * 1024
		);
		if ( next.maxBodyBytes < 1024 ) {
			throw validationError( 'maxBodyBytes must be at least 1024.' );
		}
	}
	if ( body.latencyMs !== undefined ) {
		next.latencyMs = nonNegativeInt(
			body.latencyMs,
			'latencyMs',
			MAX_DELAY_MS
		);
	}
	if ( body.latencyJitterMs !== undefined ) {
		next.latencyJitterMs = nonNegativeInt(
			body.latencyJitterMs,
			'latencyJitterMs',
			MAX_DELAY_MS
		);
	}
	return next;
}
