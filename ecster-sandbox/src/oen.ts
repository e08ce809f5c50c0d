/**
 * Order Event Notifications (rule 25, §5.6).
 *
 * After each event on an order that has a `notificationUrl`, the sandbox POSTs
 * `{orderId, orderReference, status, time, event, transactionId?}` to it. Anything but HTTP 200 (or no
 * answer) is retried after each delay in `oenRetryDelaysMs`, then given up. Deliveries are not
 * persisted: pending retries are lost on restart.
 */
import type { Notifier } from './engine';
import { OEN_SUCCESS_STATUS } from './policy';
import type { NotificationAttempt, Order, SandboxConfig } from './types';

/** Most recent delivery attempts kept for GET /sandbox/notifications. */
const ATTEMPT_LOG_LIMIT = 1000;

export class OenSender implements Notifier {
	readonly attempts: NotificationAttempt[] = [];
	private readonly timers = new Set< NodeJS.Timeout >();
	private readonly inFlight = new Set< AbortController >();
	private stopped = false;

	constructor(
		private readonly config: () => SandboxConfig,
		private readonly onLog: ( line: string ) => void = () => {}
	) {}

	notify(
		order: Order,
		event: string,
		extra: { transactionId?: string } = {}
	): void {
		const url = order.notificationUrl;
		if ( ! url || this.stopped ) {
			return;
		}
		const body: Record< string, unknown > = {
			orderId: order.id,
			orderReference: order.orderReference,
			status: order.status,
			time: new Date().toISOString().replace( /\.\d{3}Z$/, 'Z' ),
			event,
			...( extra.transactionId
				? { transactionId: extra.transactionId }
				: {} ),
		};
		this.schedule( this.config().oenInitialDelayMs, () =>
			this.deliver( order.id, url, event, body, 1 )
		);
	}

	private schedule( delay: number, fn: () => void ): void {
		const timer = setTimeout( () => {
			this.timers.delete( timer );
			fn();
		}, delay );
		timer.unref();
		this.timers.add( timer );
	}

	private async deliver(
		orderId: string,
		url: string,
		event: string,
		body: Record< string, unknown >,
		attempt: number
	): Promise< void > {
		if ( this.stopped ) {
			return;
		}
		const cfg = this.config();
		const controller = new AbortController();
		const timeout = setTimeout(
			() => controller.abort(),
			cfg.oenTimeoutMs
		);
		this.inFlight.add( controller );
		let status: number | null = null;
		let error: string | undefined;
		try {
			const res = await fetch( url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify( body ),
				signal: controller.signal,
			} );
			status = res.status;
			await res.arrayBuffer().catch( () => undefined );
		} catch ( e ) {
			error = ( e as Error ).message;
		} finally {
			clearTimeout( timeout );
			this.inFlight.delete( controller );
		}
		this.attempts.push( {
			orderId,
			url,
			event,
			body,
			attempt,
			time: new Date().toISOString(),
			status,
			...( error ? { error } : {} ),
		} );
		if ( this.attempts.length > ATTEMPT_LOG_LIMIT ) {
			this.attempts.splice( 0, this.attempts.length - ATTEMPT_LOG_LIMIT );
		}
		if ( status === OEN_SUCCESS_STATUS || this.stopped ) {
			return;
		}
		const retryDelay = cfg.oenRetryDelaysMs[ attempt - 1 ];
		this.onLog(
			`OEN ${ event } for ${ orderId } attempt ${ attempt } failed (${ status ?? error })${ retryDelay === undefined ? ', giving up' : `, retry in ${ retryDelay } ms` }`
		);
		if ( retryDelay !== undefined ) {
			this.schedule(
				retryDelay,
				() =>
					void this.deliver( orderId, url, event, body, attempt + 1 )
			);
		}
	}

	/** Cancels pending deliveries (reset). */
	cancelAll(): void {
		for ( const t of this.timers ) {
			clearTimeout( t );
		}
		this.timers.clear();
		for ( const c of this.inFlight ) {
			c.abort();
		}
		this.attempts.length = 0;
	}

	stop(): void {
		this.stopped = true;
		this.cancelAll();
	}
}
