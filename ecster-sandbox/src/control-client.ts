/**
 * Typed client of the sandbox control API (/sandbox/…), for Playwright specs, jest tests and scripts.
 * Uses the global fetch of Node ≥ 18; no dependencies.
 *
 *   const sandbox = new SandboxControlClient( 'http://127.0.0.1:8790' );
 *   const order = await sandbox.createOrder( { amount: 32900, orderReference: '1001' } );
 *   await sandbox.addFault( { match: { type: 'DEBIT' }, response: { status: 500 } } );
 *   await sandbox.setLatency( 300 ); // every Ecster API request now takes at least 300 ms
 */
import type {
	NotificationAttempt,
	OrderStatus,
	PaymentMethod,
	RequestLogEntry,
	Row,
	SandboxConfig,
	Transaction,
} from './types';

export type {
	NotificationAttempt,
	OrderStatus,
	PaymentMethod,
	RequestLogEntry,
	Row,
	SandboxConfig,
	Transaction,
};

/** Default key pair of the sandbox (x-api-key / x-merchant-key). */
export const SANDBOX_API_KEY = 'sandbox-api-key';
export const SANDBOX_MERCHANT_ID = 'sandbox-merchant';

export interface CreateOrderInput {
	/** Integer, minor units (32900 = 329.00 SEK). */
	amount: number;
	currency?: string;
	orderReference?: string;
	method?: 'INVOICE' | 'CARD' | 'PARTPAYMENT' | 'SWISH' | 'ACCOUNT';
	/** Initial status; default READY (FULLY_DELIVERED with a DEBIT for SWISH). */
	status?: OrderStatus;
	rows?: Row[];
	merchantId?: string;
	notificationUrl?: string;
	consumer?: Record< string, unknown >;
	/** Extra properties such as invoiceFee or startFee (öre). */
	properties?: Record< string, unknown >;
}

export interface SandboxRefund {
	id: string;
	status: string;
	amount: number;
	debitTransaction: string;
	created: string;
	message?: string;
}

/** An order as the control API shows it: the Ecster GET view plus sandbox-only fields. */
export interface SandboxOrder {
	id: string;
	merchantId: string;
	status: OrderStatus;
	properties: { method: PaymentMethod; [ key: string ]: unknown };
	created: string;
	amount: number;
	currency: string;
	debitedAmount: number;
	creditedAmount: number;
	orderReference: string;
	consumer: Record< string, unknown >;
	debitClosed: boolean;
	transactions: Transaction[];
	notificationUrl: string | null;
	refunds: SandboxRefund[];
}

export type FaultResponseSpec =
	| {
			status: number;
			body?: unknown;
			headers?: Record< string, string >;
			/** Carry out the request, then answer the status ("Ecster stored it but failed to answer"). Default false. */
			apply?: boolean;
	  }
	| { ecsterCode: number; status?: number; message?: string }
	| { delayMs: number }
	| { drop: true; apply?: boolean }
	| { malformed: true; apply?: boolean; body?: string };

export interface FaultSpec {
	match?: {
		method?: string;
		path?: string;
		type?: 'DEBIT' | 'ANNUL' | 'CREDIT';
	};
	/** How many matching requests the fault hits (default 1). */
	times?: number;
	response: FaultResponseSpec;
}

export interface FaultInfo {
	id: string;
	match: NonNullable< FaultSpec[ 'match' ] >;
	remaining: number;
	response: FaultResponseSpec;
	created: string;
}

/** A non-2xx answer of the control API. */
export class SandboxControlError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		message: string
	) {
		super( message );
		this.name = 'SandboxControlError';
	}
}

export class SandboxControlClient {
	readonly baseUrl: string;

	/**
	 * @param baseUrl Sandbox base URL; default $ECSTER_SANDBOX_URL or http://127.0.0.1:8790.
	 */
	constructor( baseUrl?: string ) {
		const fromEnv =
			typeof process !== 'undefined'
				? process.env.ECSTER_SANDBOX_URL
				: undefined;
		this.baseUrl = (
			baseUrl ??
			fromEnv ??
			'http://127.0.0.1:8790'
		).replace( /\/+$/, '' );
	}

	/**
	 * Headers for calls to the Ecster surface with the default (or given) key pair.
	 *
	 * @param apiKey     x-api-key value.
	 * @param merchantId x-merchant-key value.
	 */
	static ecsterHeaders(
		apiKey = SANDBOX_API_KEY,
		merchantId = SANDBOX_MERCHANT_ID
	): Record< string, string > {
		return {
			'x-api-key': apiKey,
			'x-merchant-key': merchantId,
			'content-type': 'application/json',
		};
	}

	/** Base URL of the Ecster API as the plugin should be configured (…/rest/public/). */
	get ecsterBaseUrl(): string {
		return `${ this.baseUrl }/rest/public/`;
	}

	private async call< T >(
		method: string,
		path: string,
		body?: unknown
	): Promise< T > {
		const res = await fetch( this.baseUrl + path, {
			method,
			headers:
				body === undefined
					? {}
					: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify( body ),
		} );
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = text === '' ? null : JSON.parse( text );
		} catch {
			// Keep the raw text.
		}
		if ( ! res.ok ) {
			const message =
				parsed && typeof parsed === 'object' && 'message' in parsed
					? String( ( parsed as { message: unknown } ).message )
					: text;
			throw new SandboxControlError(
				res.status,
				parsed,
				`Sandbox ${ method } ${ path } answered ${ res.status }: ${ message }`
			);
		}
		return parsed as T;
	}

	health(): Promise< { ok: boolean; orders: number } > {
		return this.call( 'GET', '/sandbox/health' );
	}

	/**
	 * Polls /sandbox/health until it answers (e.g. right after starting `npm run sandbox`).
	 *
	 * @param timeoutMs Give up after this long.
	 */
	async waitUntilReady( timeoutMs = 10_000 ): Promise< void > {
		const until = Date.now() + timeoutMs;
		let last: unknown;
		while ( Date.now() < until ) {
			try {
				if ( ( await this.health() ).ok ) {
					return;
				}
			} catch ( e ) {
				last = e;
			}
			await new Promise( ( r ) => setTimeout( r, 100 ) );
		}
		throw new Error(
			`Ecster sandbox at ${ this.baseUrl } not ready after ${ timeoutMs } ms: ${ String( last ) }`
		);
	}

	createOrder( input: CreateOrderInput ): Promise< SandboxOrder > {
		return this.call( 'POST', '/sandbox/orders', input );
	}

	getOrder( id: string ): Promise< SandboxOrder > {
		return this.call(
			'GET',
			`/sandbox/orders/${ encodeURIComponent( id ) }`
		);
	}

	listOrders(): Promise< SandboxOrder[] > {
		return this.call( 'GET', '/sandbox/orders' );
	}

	/**
	 * Puts an order into any status, e.g. the Ecster-only DENIED or EXPIRED (rule 26).
	 *
	 * @param id     Ecster order id.
	 * @param status New status.
	 */
	setStatus( id: string, status: OrderStatus ): Promise< SandboxOrder > {
		return this.call(
			'POST',
			`/sandbox/orders/${ encodeURIComponent( id ) }/status`,
			{ status }
		);
	}

	addFault( fault: FaultSpec ): Promise< FaultInfo > {
		return this.call( 'POST', '/sandbox/faults', fault );
	}

	faults(): Promise< FaultInfo[] > {
		return this.call( 'GET', '/sandbox/faults' );
	}

	clearFaults(): Promise< { removed: number } > {
		return this.call( 'DELETE', '/sandbox/faults' );
	}

	/** Every request the Ecster surface received, oldest first (no API keys). */
	requests(): Promise< RequestLogEntry[] > {
		return this.call( 'GET', '/sandbox/requests' );
	}

	clearRequests(): Promise< { removed: number } > {
		return this.call( 'DELETE', '/sandbox/requests' );
	}

	/** OEN delivery attempts, oldest first. */
	notifications(): Promise< NotificationAttempt[] > {
		return this.call( 'GET', '/sandbox/notifications' );
	}

	/** Clears orders, faults, the request log and pending notifications (not the config). */
	reset(): Promise< { ok: boolean } > {
		return this.call( 'POST', '/sandbox/reset' );
	}

	/**
	 * Reads the tunables, or changes some of them when `patch` is given.
	 *
	 * @param patch Fields to change.
	 */
	config( patch?: Partial< SandboxConfig > ): Promise< SandboxConfig > {
		return patch === undefined
			? this.call( 'GET', '/sandbox/config' )
			: this.call( 'POST', '/sandbox/config', patch );
	}

	/**
	 * Makes every Ecster API request wait `latencyMs` (plus a random 0..`latencyJitterMs`) before it is
	 * carried out; `setLatency( 0 )` turns it off. Shorthand for `config( { latencyMs, latencyJitterMs } )`.
	 * `reset()` keeps it; `resetConfig()` restores the start value.
	 *
	 * @param latencyMs       Fixed wait in ms, 0..120000.
	 * @param latencyJitterMs Largest extra random wait in ms, 0..120000.
	 */
	setLatency(
		latencyMs: number,
		latencyJitterMs = 0
	): Promise< SandboxConfig > {
		return this.config( { latencyMs, latencyJitterMs } );
	}

	/** Restores the tunables the sandbox was started with. */
	resetConfig(): Promise< SandboxConfig > {
		return this.call( 'DELETE', '/sandbox/config' );
	}
}
