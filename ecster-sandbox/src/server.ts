/**
 * The Ecster sandbox HTTP server: Ecster's order-management surface under /rest/public/v1/ and the
 * control API under /sandbox/. Node built-ins only.
 *
 * Library use (jest, scripts):
 *
 *   const sandbox = await startSandbox( { port: 0 } );
 *   // … sandbox.url …
 *   await sandbox.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

import { mergeConfig } from './config';
import { Engine } from './engine';
import { ApiError, ERROR_TYPES, SandboxCode } from './errors';
import { faultMatches, faultView, parseFault } from './faults';
import { OenSender } from './oen';
import { creditInvoicePdf } from './pdf';
import * as policy from './policy';
import { Store } from './store';
import type { Fault, RequestLogEntry, SandboxConfig } from './types';
import { isLoopback, isoWithOffset } from './util';

export const DEFAULT_PORT = 8790;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_API_KEY = 'sandbox-api-key';
export const DEFAULT_MERCHANT_ID = 'sandbox-merchant';

export interface KeyPair {
	apiKey: string;
	merchantId: string;
}

export interface SandboxOptions {
	/** TCP port; 0 picks a free one. Default 8790. */
	port?: number;
	/** Interface to listen on. Default 127.0.0.1. */
	host?: string;
	/** JSON state file; null or undefined keeps state in memory only. */
	statePath?: string | null;
	/** Extra key pairs, added to the default sandbox-api-key / sandbox-merchant pair. */
	keys?: KeyPair[];
	/** Leave out the default key pair. */
	noDefaultKey?: boolean;
	/** merchantId of orders created without one. Default sandbox-merchant. */
	defaultMerchantId?: string;
	/** Initial tunables; anything left out uses DEFAULT_CONFIG from ./policy. */
	config?: Partial< SandboxConfig >;
	/** Base of billPdfUrl links. Default http://<host>:<port>. */
	publicUrl?: string;
	/** One line per request and warnings; silent when not given. */
	log?: ( line: string ) => void;
	/** Debounce of state-file writes in ms. Default 200. */
	persistDebounceMs?: number;
	/** Accept control-API calls from non-loopback addresses (e.g. from a Docker container). Default false. */
	allowRemoteControl?: boolean;
}

export interface SandboxHandle {
	/** Base URL, e.g. http://127.0.0.1:8790 (no trailing slash). */
	url: string;
	port: number;
	host: string;
	/** Writes pending state to disk now. */
	flush: () => Promise< void >;
	/** Stops listening, drops open connections, cancels timers and flushes state. */
	close: () => Promise< void >;
}

interface Answer {
	status: number;
	body?: unknown;
	/** Sent as-is instead of JSON. */
	raw?: { contentType: string; data: string | Buffer };
	headers?: Record< string, string >;
}

interface EcsterContext {
	merchantId: string;
	params: string[];
	query: URLSearchParams;
	body: () => unknown;
}

interface ControlContext {
	params: string[];
	query: URLSearchParams;
	body: () => unknown;
}

type Handler< C > = ( ctx: C ) => Answer;

interface Route< C > {
	pattern: RegExp;
	methods: Partial< Record< string, Handler< C > > >;
}

/** Token bucket per API key (rule 3): burst and rate both equal the configured requests per second. */
class RateLimiter {
	private readonly buckets = new Map<
		string,
		{ tokens: number; last: number }
	>();

	allow( key: string, perSecond: number ): boolean {
		const now = performance.now();
		let b = this.buckets.get( key );
		if ( ! b ) {
			b = { tokens: perSecond, last: now };
			this.buckets.set( key, b );
		}
		b.tokens = Math.min(
			perSecond,
			b.tokens + ( ( now - b.last ) * perSecond ) / 1000
		);
		b.last = now;
		if ( b.tokens < 1 ) {
			return false;
		}
		b.tokens -= 1;
		return true;
	}

	clear(): void {
		this.buckets.clear();
	}
}

class BodyTooLarge extends Error {}

function readBody(
	req: http.IncomingMessage,
	limit: number
): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		const declared = Number( req.headers[ 'content-length' ] );
		if ( Number.isFinite( declared ) && declared > limit ) {
			req.resume();
			reject( new BodyTooLarge() );
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let failed = false;
		req.on( 'data', ( chunk: Buffer ) => {
			if ( failed ) {
				return;
			}
			size += chunk.length;
			if ( size > limit ) {
				failed = true;
				reject( new BodyTooLarge() );
				return;
			}
			chunks.push( chunk );
		} );
		req.on( 'end', () => {
			if ( ! failed ) {
				resolve(
					chunks.length === 1
						? chunks[ 0 ].toString( 'utf8' )
						: Buffer.concat( chunks ).toString( 'utf8' )
				);
			}
		} );
		req.on( 'error', ( e ) => {
			if ( ! failed ) {
				failed = true;
				reject( e );
			}
		} );
	} );
}

/**
 * JSON body parsed lazily by handlers; invalid JSON answers 400 with code 9003.
 * @param text Raw body text.
 */
function bodyParser( text: string ): {
	parsed: unknown;
	ok: boolean;
	get: () => unknown;
} {
	let parsed: unknown = null;
	let ok = true;
	let message = '';
	if ( text.trim() === '' ) {
		ok = false;
		message = 'The request body is empty; a JSON object is required.';
	} else {
		try {
			parsed = JSON.parse( text );
		} catch ( e ) {
			ok = false;
			parsed = text;
			message = `The request body is not valid JSON: ${ ( e as Error ).message }`;
		}
	}
	return {
		parsed,
		ok,
		get: () => {
			if ( ! ok ) {
				throw new ApiError( 400, SandboxCode.INVALID_JSON, message );
			}
			return parsed;
		},
	};
}

function errorAnswer( e: ApiError ): Answer {
	return { status: e.httpStatus, body: e.body(), headers: e.headers };
}

function decodeParam( value: string ): string {
	try {
		return decodeURIComponent( value );
	} catch {
		return value;
	}
}

/**
 * Path without query values (they can hold personal data such as nationalId).
 * @param pathname Path without query.
 * @param search   Query string without "?".
 */
function redactedPath( pathname: string, search: string ): string {
	if ( ! search ) {
		return pathname;
	}
	const names = [ ...new URLSearchParams( search ).keys() ];
	return `${ pathname }?${ names.map( ( n ) => `${ n }=…` ).join( '&' ) }`;
}

export async function startSandbox(
	options: SandboxOptions = {}
): Promise< SandboxHandle > {
	const host = options.host ?? DEFAULT_HOST;
	const log = options.log;
	const initialConfig: SandboxConfig = mergeConfig(
		policy.DEFAULT_CONFIG,
		options.config ?? {}
	);
	let config: SandboxConfig = initialConfig;
	const getConfig = (): SandboxConfig => config;

	const keys = new Map< string, Set< string > >();
	const addKey = ( apiKey: string, merchantId: string ): void => {
		if ( ! keys.has( apiKey ) ) {
			keys.set( apiKey, new Set() );
		}
		keys.get( apiKey )!.add( merchantId );
	};
	if ( ! options.noDefaultKey ) {
		addKey( DEFAULT_API_KEY, DEFAULT_MERCHANT_ID );
	}
	for ( const k of options.keys ?? [] ) {
		addKey( k.apiKey, k.merchantId );
	}

	const store = new Store( {
		statePath: options.statePath ?? null,
		debounceMs: options.persistDebounceMs,
		onWarning: ( m ) => log?.( `WARNING ${ m }` ),
	} );
	store.load();

	let publicUrl = options.publicUrl ?? '';
	const oen = new OenSender( getConfig, ( line ) => log?.( line ) );
	const engine = new Engine( {
		store,
		config: getConfig,
		publicUrl: () => publicUrl,
		notifier: oen,
		defaultMerchantId: options.defaultMerchantId ?? DEFAULT_MERCHANT_ID,
	} );

	let requestLog: RequestLogEntry[] = [];
	const limiter = new RateLimiter();
	const timers = new Set< NodeJS.Timeout >();
	const waiting = new Set< () => void >();
	/** Set by close(): requests still waiting out their latency are then dropped, not carried out. */
	let closing = false;

	/**
	 * A timer that close() cancels.
	 * @param ms Delay in milliseconds.
	 * @param fn Callback.
	 */
	const later = ( ms: number, fn: () => void ): void => {
		const t = setTimeout( () => {
			timers.delete( t );
			fn();
		}, ms );
		timers.add( t );
	};
	/**
	 * A delay that close() ends early.
	 * @param ms Delay in milliseconds.
	 */
	const pause = ( ms: number ): Promise< void > =>
		new Promise( ( resolve ) => {
			const done = (): void => {
				waiting.delete( done );
				resolve();
			};
			waiting.add( done );
			later( ms, done );
		} );

	/** Refund ids whose completion (REFUND event) is already scheduled. */
	const refundTimers = new Map< string, NodeJS.Timeout >();
	const scheduleRefundAnnouncements = (): void => {
		for ( const { order, refund } of engine.pendingRefundCompletions() ) {
			if ( refundTimers.has( refund.id ) ) {
				continue;
			}
			const t = setTimeout(
				() => {
					refundTimers.delete( refund.id );
					engine.announceRefund( order, refund );
				},
				Math.max( 0, refund.completesAt - Date.now() )
			);
			refundTimers.set( refund.id, t );
		}
	};
	const cancelRefundAnnouncements = (): void => {
		for ( const t of refundTimers.values() ) {
			clearTimeout( t );
		}
		refundTimers.clear();
	};

	// ---- Ecster surface ------------------------------------------------------------------------

	const ecsterRoutes: Route< EcsterContext >[] = [
		{
			pattern: /^\/rest\/public\/v1\/orders\/?$/,
			methods: {
				GET: ( c ) => ( {
					status: 200,
					body: engine.search( c.merchantId, c.query ),
				} ),
			},
		},
		{
			pattern: /^\/rest\/public\/v1\/orders\/([^/]+)$/,
			methods: {
				GET: ( c ) => ( {
					status: 200,
					body: engine.view(
						engine.orderFor( c.merchantId, c.params[ 0 ] )
					),
				} ),
			},
		},
		{
			pattern: /^\/rest\/public\/v1\/orders\/([^/]+)\/transactions$/,
			methods: {
				POST: ( c ) => {
					const order = engine.orderFor(
						c.merchantId,
						c.params[ 0 ]
					);
					return {
						status: 201,
						body: engine.createTransaction( order, c.body() ),
					};
				},
			},
		},
		{
			pattern: /^\/rest\/public\/v1\/orders\/([^/]+)\/orderReference$/,
			methods: {
				PUT: ( c ) => {
					const order = engine.orderFor(
						c.merchantId,
						c.params[ 0 ]
					);
					return {
						status: policy.HTTP_ORDER_REFERENCE_UPDATED,
						body: engine.view(
							engine.updateOrderReference( order, c.body() )
						),
					};
				},
			},
		},
		{
			pattern: /^\/rest\/public\/v1\/orders\/([^/]+)\/refunds$/,
			methods: {
				POST: ( c ) => {
					const order = engine.orderFor(
						c.merchantId,
						c.params[ 0 ]
					);
					const body = engine.createRefund( order, c.body() );
					scheduleRefundAnnouncements();
					return { status: policy.HTTP_REFUND_CREATED, body };
				},
			},
		},
		{
			pattern:
				/^\/rest\/public\/v1\/orders\/([^/]+)\/refunds\/latest\/status$/,
			methods: {
				GET: ( c ) => ( {
					status: 200,
					body: engine.latestRefund(
						engine.orderFor( c.merchantId, c.params[ 0 ] )
					),
				} ),
			},
		},
	];

	// ---- control API ---------------------------------------------------------------------------

	const controlRoutes: Route< ControlContext >[] = [
		{
			pattern: /^\/sandbox\/health$/,
			methods: {
				GET: () => ( {
					status: 200,
					body: { ok: true, orders: store.orders.size },
				} ),
			},
		},
		{
			pattern: /^\/sandbox\/config$/,
			methods: {
				GET: () => ( { status: 200, body: config } ),
				POST: ( c ) => {
					config = mergeConfig( config, c.body() );
					return { status: 200, body: config };
				},
				DELETE: () => {
					config = initialConfig;
					limiter.clear();
					return { status: 200, body: config };
				},
			},
		},
		{
			pattern: /^\/sandbox\/orders$/,
			methods: {
				GET: () => ( {
					status: 200,
					body: [ ...store.orders.values() ].map( ( o ) =>
						engine.sandboxView( o )
					),
				} ),
				POST: ( c ) => ( {
					status: 201,
					body: engine.sandboxView( engine.createOrder( c.body() ) ),
				} ),
			},
		},
		{
			pattern: /^\/sandbox\/orders\/([^/]+)$/,
			methods: {
				GET: ( c ) => ( {
					status: 200,
					body: engine.sandboxView(
						engine.anyOrder( c.params[ 0 ] )
					),
				} ),
			},
		},
		{
			pattern: /^\/sandbox\/orders\/([^/]+)\/status$/,
			methods: {
				POST: ( c ) => ( {
					status: 200,
					body: engine.sandboxView(
						engine.setStatus(
							engine.anyOrder( c.params[ 0 ] ),
							c.body()
						)
					),
				} ),
			},
		},
		{
			pattern: /^\/sandbox\/faults$/,
			methods: {
				GET: () => ( {
					status: 200,
					body: store.faults.map( faultView ),
				} ),
				POST: ( c ) => {
					const fault = parseFault( c.body() );
					store.faults.push( fault );
					store.faultsChanged();
					return { status: 201, body: faultView( fault ) };
				},
				DELETE: () => {
					const removed = store.faults.length;
					store.faults = [];
					store.faultsChanged();
					return { status: 200, body: { removed } };
				},
			},
		},
		{
			pattern: /^\/sandbox\/faults\/([^/]+)$/,
			methods: {
				DELETE: ( c ) => {
					const before = store.faults.length;
					store.faults = store.faults.filter(
						( f ) => f.id !== c.params[ 0 ]
					);
					if ( store.faults.length === before ) {
						throw new ApiError(
							404,
							SandboxCode.ROUTE_NOT_FOUND,
							`No fault with id ${ c.params[ 0 ] }.`
						);
					}
					store.faultsChanged();
					return { status: 200, body: { removed: 1 } };
				},
			},
		},
		{
			pattern: /^\/sandbox\/requests$/,
			methods: {
				GET: () => ( { status: 200, body: requestLog } ),
				DELETE: () => {
					const removed = requestLog.length;
					requestLog = [];
					return { status: 200, body: { removed } };
				},
			},
		},
		{
			pattern: /^\/sandbox\/notifications$/,
			methods: {
				GET: () => ( { status: 200, body: oen.attempts } ),
				DELETE: () => {
					const removed = oen.attempts.length;
					oen.attempts.length = 0;
					return { status: 200, body: { removed } };
				},
			},
		},
		{
			pattern: /^\/sandbox\/reset$/,
			methods: {
				POST: () => {
					store.clear();
					requestLog = [];
					limiter.clear();
					oen.cancelAll();
					cancelRefundAnnouncements();
					return { status: 200, body: { ok: true } };
				},
			},
		},
		{
			pattern: /^\/sandbox\/invoices\/([^/]+)\.pdf$/,
			methods: {
				GET: ( c ) => {
					const found = engine.findCredit( c.params[ 0 ] );
					if ( ! found ) {
						throw new ApiError(
							404,
							SandboxCode.ROUTE_NOT_FOUND,
							`No credit invoice ${ c.params[ 0 ] }.`
						);
					}
					const { order, transaction } = found;
					const pdf = creditInvoicePdf( [
						'Ecster sandbox - credit invoice (not a real document)',
						`Credit transaction: ${ transaction.id }`,
						`Order: ${ order.id }  Reference: ${ order.orderReference }`,
						`Amount: ${ ( transaction.amount / 100 ).toFixed( 2 ) } ${ order.currency }`,
						`Date: ${ transaction.created }`,
					] );
					return {
						status: 200,
						raw: { contentType: 'application/pdf', data: pdf },
					};
				},
			},
		},
	];

	// ---- plumbing ------------------------------------------------------------------------------

	const send = ( res: http.ServerResponse, answer: Answer ): void => {
		if ( res.headersSent || res.destroyed ) {
			return;
		}
		let data: string | Buffer;
		let contentType: string;
		if ( answer.raw ) {
			data = answer.raw.data;
			contentType = answer.raw.contentType;
		} else if ( answer.body === undefined ) {
			data = '';
			contentType = 'application/json; charset=utf-8';
		} else {
			data = JSON.stringify( answer.body );
			contentType = 'application/json; charset=utf-8';
		}
		res.writeHead( answer.status, {
			'content-type': contentType,
			'content-length': Buffer.byteLength( data ),
			...( answer.headers ?? {} ),
		} );
		res.end( data );
	};

	function match< C >(
		routes: Route< C >[],
		pathname: string,
		method: string
	): { handler: Handler< C >; params: string[] } {
		for ( const route of routes ) {
			const m = route.pattern.exec( pathname );
			if ( ! m ) {
				continue;
			}
			const handler = route.methods[ method ];
			if ( ! handler ) {
				const allow = Object.keys( route.methods ).join( ', ' );
				throw new ApiError(
					405,
					SandboxCode.METHOD_NOT_ALLOWED,
					`${ method } is not allowed on ${ pathname }; use ${ allow }.`,
					{ allow }
				);
			}
			return { handler, params: m.slice( 1 ).map( decodeParam ) };
		}
		throw new ApiError(
			404,
			SandboxCode.ROUTE_NOT_FOUND,
			`No route ${ method } ${ pathname }.`
		);
	}

	const run = ( fn: () => Answer ): Answer => {
		try {
			return fn();
		} catch ( e ) {
			if ( e instanceof ApiError ) {
				return errorAnswer( e );
			}
			log?.( `ERROR ${ ( e as Error ).stack ?? String( e ) }` );
			return errorAnswer(
				new ApiError(
					500,
					SandboxCode.INTERNAL_ERROR,
					'Internal error in the sandbox.'
				)
			);
		}
	};

	const takeFault = (
		method: string,
		path: string,
		type: string | undefined
	): Fault | null => {
		const i = store.faults.findIndex( ( f ) =>
			faultMatches( f, method, path, type )
		);
		if ( i < 0 ) {
			return null;
		}
		const fault = store.faults[ i ];
		fault.remaining -= 1;
		if ( fault.remaining <= 0 ) {
			store.faults.splice( i, 1 );
		}
		store.faultsChanged();
		return fault;
	};

	const recordRequest = ( entry: RequestLogEntry ): void => {
		const limit = config.requestLogLimit;
		if ( limit === 0 ) {
			return;
		}
		requestLog.push( entry );
		// Trim in batches so the hot path does not shift the array on every request.
		if (
			requestLog.length >
			limit + Math.max( 100, Math.floor( limit / 8 ) )
		) {
			requestLog = requestLog.slice( requestLog.length - limit );
		}
	};

	async function handleEcster(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		method: string,
		pathname: string,
		rawPath: string,
		search: string
	): Promise< { status: number | null; fault?: string } > {
		const entry: RequestLogEntry = {
			method,
			path: rawPath,
			body: null,
			status: null,
			time: isoWithOffset( Date.now() ),
		};
		const merchantHeader = req.headers[ 'x-merchant-key' ];
		if ( typeof merchantHeader === 'string' ) {
			entry.merchantKey = merchantHeader;
		}
		recordRequest( entry );
		const finish = ( answer: Answer ): { status: number } => {
			entry.status = answer.status;
			send( res, answer );
			return { status: answer.status };
		};

		let text = '';
		let tooLarge = false;
		const maxBodyBytes = config.maxBodyBytes;
		try {
			text = await readBody( req, maxBodyBytes );
		} catch ( e ) {
			if ( ! ( e instanceof BodyTooLarge ) ) {
				throw e;
			}
			tooLarge = true;
		}

		// A slow network or a slow Ecster: every request waits before anything is checked or carried
		// out. A timer, not a queue, so concurrent requests wait side by side.
		const latency =
			config.latencyMs +
			( config.latencyJitterMs > 0
				? Math.floor( Math.random() * ( config.latencyJitterMs + 1 ) )
				: 0 );
		if ( latency > 0 ) {
			await pause( latency );
			if ( closing ) {
				// The sandbox is shutting down: carry out nothing more.
				req.socket.destroy();
				return { status: null };
			}
		}

		if ( tooLarge ) {
			res.setHeader( 'connection', 'close' );
			return finish(
				errorAnswer(
					new ApiError(
						413,
						SandboxCode.PAYLOAD_TOO_LARGE,
						`The request body is larger than ${ maxBodyBytes } bytes.`
					)
				)
			);
		}
		const parsed = bodyParser( text );
		if ( text !== '' ) {
			entry.body = parsed.parsed;
		}

		let route: { handler: Handler< EcsterContext >; params: string[] };
		try {
			route = match( ecsterRoutes, pathname, method );
		} catch ( e ) {
			return finish( errorAnswer( e as ApiError ) );
		}

		// Rule 1.
		const apiKey = req.headers[ 'x-api-key' ];
		const merchantId = req.headers[ 'x-merchant-key' ];
		if (
			typeof apiKey !== 'string' ||
			typeof merchantId !== 'string' ||
			! keys.get( apiKey )?.has( merchantId )
		) {
			return finish(
				errorAnswer(
					new ApiError(
						policy.HTTP_UNAUTHORIZED,
						SandboxCode.AUTHENTICATION_FAILED,
						apiKey === undefined || merchantId === undefined
							? 'Missing x-api-key or x-merchant-key header.'
							: 'Invalid x-api-key / x-merchant-key pair.'
					)
				)
			);
		}
		// Rule 3.
		if (
			config.rateLimitPerSecond > 0 &&
			! limiter.allow( apiKey, config.rateLimitPerSecond )
		) {
			return finish(
				errorAnswer(
					new ApiError(
						429,
						SandboxCode.RATE_LIMITED,
						`Too many requests: more than ${ config.rateLimitPerSecond } per second for this API key.`,
						{
							'retry-after': '1',
						}
					)
				)
			);
		}

		const ctx: EcsterContext = {
			merchantId,
			params: route.params,
			query: new URLSearchParams( search ),
			body: parsed.get,
		};
		const type =
			parsed.ok &&
			method === 'POST' &&
			typeof ( parsed.parsed as { type?: unknown } | null )?.type ===
				'string'
				? ( parsed.parsed as { type: string } ).type
				: undefined;
		const fault =
			store.faults.length > 0 ? takeFault( method, rawPath, type ) : null;
		if ( ! fault ) {
			return finish( run( () => route.handler( ctx ) ) );
		}
		const r = fault.response;
		entry.fault = r.kind;
		switch ( r.kind ) {
			case 'status':
				if ( r.apply ) {
					// "Ecster stored it but failed to answer": carried out, then the error status.
					run( () => route.handler( ctx ) );
				}
				return finish( {
					status: r.status,
					...( typeof r.body === 'string'
						? {
								raw: {
									contentType: 'text/plain; charset=utf-8',
									data: r.body,
								},
							}
						: {
								body: r.body ?? {
									code: SandboxCode.INJECTED_FAULT,
									message: `Injected fault: HTTP ${ r.status }.`,
									type: ERROR_TYPES[
										SandboxCode.INJECTED_FAULT
									],
								},
							} ),
					headers: r.headers,
				} );
			case 'ecster':
				return finish( {
					status: r.status,
					body: {
						code: r.ecsterCode,
						message: r.message,
						type: ERROR_TYPES[ r.ecsterCode ] ?? 'INJECTED',
					},
				} );
			case 'delay': {
				// The request is carried out at once; only the answer is late.
				const answer = run( () => route.handler( ctx ) );
				entry.status = answer.status;
				await pause( r.delayMs );
				send( res, answer );
				return { status: answer.status, fault: r.kind };
			}
			case 'drop':
				if ( r.apply ) {
					run( () => route.handler( ctx ) );
				}
				entry.status = null;
				req.socket.destroy();
				return { status: null, fault: r.kind };
			case 'malformed':
				if ( r.apply ) {
					run( () => route.handler( ctx ) );
				}
				return {
					...finish( {
						status: 200,
						raw: {
							contentType: 'application/json; charset=utf-8',
							data: r.body,
						},
					} ),
					fault: r.kind,
				};
		}
		return { status: null };
	}

	async function handleControl(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		method: string,
		pathname: string,
		search: string
	): Promise< number > {
		let answer: Answer;
		const isInvoice = pathname.startsWith( '/sandbox/invoices/' );
		if (
			! isInvoice &&
			! options.allowRemoteControl &&
			! isLoopback( req.socket.remoteAddress )
		) {
			req.resume();
			answer = errorAnswer(
				new ApiError(
					403,
					SandboxCode.FORBIDDEN,
					'The sandbox control API only answers loopback clients.'
				)
			);
		} else {
			let text = '';
			try {
				text = await readBody( req, config.maxBodyBytes );
			} catch ( e ) {
				if ( ! ( e instanceof BodyTooLarge ) ) {
					throw e;
				}
				res.setHeader( 'connection', 'close' );
				answer = errorAnswer(
					new ApiError(
						413,
						SandboxCode.PAYLOAD_TOO_LARGE,
						`The request body is larger than ${ config.maxBodyBytes } bytes.`
					)
				);
				send( res, answer );
				return answer.status;
			}
			const parsed = bodyParser( text );
			answer = run( () => {
				const route = match( controlRoutes, pathname, method );
				return route.handler( {
					params: route.params,
					query: new URLSearchParams( search ),
					body: parsed.get,
				} );
			} );
		}
		send( res, answer );
		return answer.status;
	}

	const server = http.createServer( ( req, res ) => {
		const started = performance.now();
		const method = ( req.method ?? 'GET' ).toUpperCase();
		const rawPath = req.url ?? '/';
		const q = rawPath.indexOf( '?' );
		const pathname = q < 0 ? rawPath : rawPath.slice( 0, q );
		const search = q < 0 ? '' : rawPath.slice( q + 1 );

		let work: Promise< { status: number | null; fault?: string } >;
		if (
			pathname === '/rest/public' ||
			pathname.startsWith( '/rest/public/' )
		) {
			work = handleEcster( req, res, method, pathname, rawPath, search );
		} else if (
			pathname === '/sandbox' ||
			pathname.startsWith( '/sandbox/' )
		) {
			work = handleControl( req, res, method, pathname, search ).then(
				( status ) => ( { status } )
			);
		} else {
			req.resume();
			const answer = errorAnswer(
				new ApiError(
					404,
					SandboxCode.ROUTE_NOT_FOUND,
					`No route ${ method } ${ pathname }. The Ecster API is under /rest/public/v1/, the control API under /sandbox/.`
				)
			);
			send( res, answer );
			work = Promise.resolve( { status: answer.status } );
		}
		work.then(
			( { status, fault } ) => {
				if ( log ) {
					const ms = ( performance.now() - started ).toFixed( 1 );
					log(
						`${ new Date().toISOString() } ${ method } ${ redactedPath( pathname, search ) } ${ status ?? 'dropped' } ${ ms }ms${ fault ? ` fault=${ fault }` : '' }`
					);
				}
			},
			( e: unknown ) => {
				log?.(
					`ERROR ${ method } ${ pathname }: ${ ( e as Error ).message }`
				);
				if ( ! res.headersSent && ! res.destroyed ) {
					send(
						res,
						errorAnswer(
							new ApiError(
								500,
								SandboxCode.INTERNAL_ERROR,
								'Internal error in the sandbox.'
							)
						)
					);
				}
			}
		);
	} );
	server.keepAliveTimeout = 30_000;
	server.on( 'clientError', ( _err, socket ) => {
		if ( socket.writable ) {
			socket.end(
				'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'
			);
		} else {
			socket.destroy();
		}
	} );

	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( options.port ?? DEFAULT_PORT, host, () => {
			server.off( 'error', reject );
			resolve();
		} );
	} );
	const port = ( server.address() as AddressInfo ).port;
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	const url = `http://${ urlHost.includes( ':' ) ? `[${ urlHost }]` : urlHost }:${ port }`;
	if ( ! publicUrl ) {
		publicUrl = url;
	}
	publicUrl = publicUrl.replace( /\/+$/, '' );
	scheduleRefundAnnouncements();

	let closed: Promise< void > | null = null;
	return {
		url,
		port,
		host,
		flush: () => store.flush(),
		close: () => {
			if ( closed ) {
				return closed;
			}
			closing = true;
			closed = ( async () => {
				const stopped = new Promise< void >( ( resolve ) =>
					server.close( () => resolve() )
				);
				server.closeAllConnections();
				for ( const t of timers ) {
					clearTimeout( t );
				}
				timers.clear();
				cancelRefundAnnouncements();
				for ( const done of [ ...waiting ] ) {
					done();
				}
				oen.stop();
				await stopped;
				await store.close();
			} )();
			return closed;
		},
	};
}
