/**
 * Shared helpers for the sandbox tests: start an in-process sandbox on a free port and call it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	SandboxControlClient,
	type CreateOrderInput,
	type SandboxOrder,
} from '../../ecster-sandbox/src/control-client';
import {
	startSandbox,
	type SandboxHandle,
	type SandboxOptions,
} from '../../ecster-sandbox/src/server';

export const API_KEY = 'sandbox-api-key';
export const MERCHANT = 'sandbox-merchant';

export interface ApiAnswer {
	status: number;
	/** Parsed JSON, or null when the body is not JSON. */
	body: any;
	text: string;
	headers: Headers;
}

export interface CallOptions {
	apiKey?: string | null;
	merchant?: string | null;
	/** Send this exact text as the body instead of JSON.stringify( body ). */
	raw?: string;
	headers?: Record< string, string >;
}

export interface TestSandbox {
	handle: SandboxHandle;
	url: string;
	control: SandboxControlClient;
	/** Calls the Ecster surface; `path` is relative to /rest/public/v1/. */
	api: (
		method: string,
		path: string,
		body?: unknown,
		opts?: CallOptions
	) => Promise< ApiAnswer >;
	/** Calls any path (control API, unknown routes) without Ecster headers. */
	raw: (
		method: string,
		path: string,
		body?: unknown,
		opts?: CallOptions
	) => Promise< ApiAnswer >;
	order: ( input?: Partial< CreateOrderInput > ) => Promise< SandboxOrder >;
	transaction: (
		orderId: string,
		body: Record< string, unknown >,
		opts?: CallOptions
	) => Promise< ApiAnswer >;
	close: () => Promise< void >;
}

async function call(
	base: string,
	method: string,
	url: string,
	body: unknown,
	headers: Record< string, string >,
	opts: CallOptions
): Promise< ApiAnswer > {
	let payload: string | undefined;
	if ( opts.raw !== undefined ) {
		payload = opts.raw;
	} else if ( body !== undefined ) {
		payload = JSON.stringify( body );
	}
	const res = await fetch( base + url, {
		method,
		headers: {
			...headers,
			...( payload !== undefined
				? { 'content-type': 'application/json' }
				: {} ),
			...( opts.headers ?? {} ),
		},
		body: payload,
	} );
	const text = await res.text();
	let parsed: unknown = null;
	try {
		parsed = JSON.parse( text );
	} catch {
		parsed = null;
	}
	return { status: res.status, body: parsed, text, headers: res.headers };
}

export async function startTestSandbox(
	options: SandboxOptions = {}
): Promise< TestSandbox > {
	const handle = await startSandbox( { port: 0, ...options } );
	const control = new SandboxControlClient( handle.url );
	const ecsterHeaders = ( opts: CallOptions ): Record< string, string > => {
		const h: Record< string, string > = {};
		const apiKey = opts.apiKey === undefined ? API_KEY : opts.apiKey;
		const merchant = opts.merchant === undefined ? MERCHANT : opts.merchant;
		if ( apiKey !== null ) {
			h[ 'x-api-key' ] = apiKey;
		}
		if ( merchant !== null ) {
			h[ 'x-merchant-key' ] = merchant;
		}
		return h;
	};
	const api: TestSandbox[ 'api' ] = ( method, p, body, opts = {} ) =>
		call(
			handle.url,
			method,
			`/rest/public/v1/${ p }`,
			body,
			ecsterHeaders( opts ),
			opts
		);
	return {
		handle,
		url: handle.url,
		control,
		api,
		raw: ( method, p, body, opts = {} ) =>
			call( handle.url, method, p, body, {}, opts ),
		order: ( input = {} ) =>
			control.createOrder( { amount: 32900, ...input } ),
		transaction: ( orderId, body, opts ) =>
			api( 'POST', `orders/${ orderId }/transactions`, body, opts ),
		close: () => handle.close(),
	};
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(): { dir: string; cleanup: () => void } {
	const dir = mkdtempSync( path.join( tmpdir(), 'ecster-sandbox-test-' ) );
	return {
		dir,
		cleanup: () => rmSync( dir, { recursive: true, force: true } ),
	};
}

export function sleep( ms: number ): Promise< void > {
	return new Promise( ( resolve ) => setTimeout( resolve, ms ) );
}

/**
 * Polls `fn` until it returns a truthy value or the timeout passes.
 *
 * @param fn        Probe.
 * @param timeoutMs Give up after this long.
 */
export async function waitFor< T >(
	fn: () => Promise< T > | T,
	timeoutMs = 5000
): Promise< NonNullable< T > > {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if ( value ) {
			return value as NonNullable< T >;
		}
		if ( Date.now() > until ) {
			throw new Error( `Condition not met within ${ timeoutMs } ms` );
		}
		await sleep( 25 );
	}
}
