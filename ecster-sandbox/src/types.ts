/**
 * Data model of the Ecster sandbox. Field names follow Ecster's JSON (see /work/shared/ecster-api.md §3).
 * Amounts are integers in minor units (öre).
 */

export type OrderStatus =
	| 'PENDING_PAYMENT'
	| 'PENDING_DECISION'
	| 'PENDING_SIGNATURE'
	| 'AWAITING_CONTRACT'
	| 'PENDING_PROCESSING'
	| 'READY'
	| 'PARTIALLY_DELIVERED'
	| 'FULLY_DELIVERED'
	| 'ANNULLED'
	| 'DENIED'
	| 'FAILED'
	| 'ABORTED'
	| 'EXPIRED'
	| 'BLOCKED'
	| 'STOPPED';

export type PaymentMethod =
	'INVOICE' | 'CARD' | 'PARTPAYMENT' | 'SWISH' | 'ACCOUNT';

export type TransactionType = 'ORIGINAL' | 'DEBIT' | 'CREDIT' | 'ANNUL';

/** A row as sent by the merchant; unknown fields are kept and echoed back. */
export type Row = Record< string, unknown >;

export interface Transaction {
	id: string;
	type: TransactionType;
	created: string;
	amount: number;
	/** The merchant's value, echoed back unchanged (string or number, as sent). */
	transactionReference?: string | number;
	rows: Row[];
	/** CREDIT only: link to the credit invoice PDF served by the sandbox. */
	billPdfUrl?: string;
	/** CREDIT only: the DEBIT transaction this credit belongs to. */
	debitTransaction?: string;
	/** Message to the consumer, when sent. */
	message?: string;
}

export interface SwishRefund {
	id: string;
	created: string;
	/** Epoch ms when the refund leaves ONGOING. */
	completesAt: number;
	/** Status the refund takes once completed (SUCCESS unless configured otherwise). */
	finalStatus: string;
	amount: number;
	debitTransaction: string;
	message?: string;
	/** Whether the completion event (OEN) has been emitted. */
	completionNotified?: boolean;
}

export interface Consumer {
	nationalId?: string;
	name?: { firstName?: string; lastName?: string };
	address?: Record< string, unknown >;
	contactInfo?: Record< string, unknown >;
	[ key: string ]: unknown;
}

export interface Order {
	id: string;
	merchantId: string;
	status: OrderStatus;
	properties: { method: PaymentMethod; [ key: string ]: unknown };
	created: string;
	/** Epoch ms of `created`, for the from/to search filters. */
	createdMs: number;
	amount: number;
	currency: string;
	debitedAmount: number;
	/** Sum of CREDIT transactions (Swish refunds are counted separately, see `refunds`). */
	creditedAmount: number;
	orderReference: string;
	consumer: Consumer;
	transactions: Transaction[];
	/** Set by a partial DEBIT with closeDebit:true; no further DEBIT is allowed. */
	debitClosed: boolean;
	/** OEN target given when the order was created (sandbox control API). */
	notificationUrl?: string;
	/** Swish refunds, oldest first. */
	refunds: SwishRefund[];
}

export interface SandboxConfig {
	/** Requests per second per API key on the Ecster surface; 0 = no limit (rule 3). */
	rateLimitPerSecond: number;
	/** How long a Swish refund stays ONGOING (rule 24). */
	swishRefundDelayMs: number;
	/** Status a Swish refund takes after the delay (SUCCESS, or e.g. FAILED to test the failure path). */
	swishRefundFinalStatus: string;
	/** Enforce Σ(unitAmount×quantity) = amount when rows are sent (rule 22). */
	rowSumCheck: boolean;
	/** Delay before the first OEN delivery attempt. */
	oenInitialDelayMs: number;
	/** Delays between OEN retries while the receiver does not answer 200 (stand-in for Ecster's 2 h × 24). */
	oenRetryDelaysMs: number[];
	/** Timeout of one OEN delivery attempt. */
	oenTimeoutMs: number;
	/** Max entries kept in the request log (oldest are dropped). */
	requestLogLimit: number;
	/** Max request body size in bytes. */
	maxBodyBytes: number;
	/**
	 * Fixed wait before every Ecster API request (/rest/public/…) is carried out, as a slow network or a
	 * slow Ecster would add; 0 = none. Requests wait side by side, not one after another.
	 */
	latencyMs: number;
	/** Extra random wait of 0..latencyJitterMs ms, drawn per request, added to latencyMs; 0 = none. */
	latencyJitterMs: number;
}

export type FaultResponse =
	| {
			kind: 'status';
			status: number;
			body?: unknown;
			headers?: Record< string, string >;
			/** Carry out the request before answering the status ("Ecster stored it but failed to answer"). */
			apply: boolean;
	  }
	| { kind: 'ecster'; ecsterCode: number; status: number; message: string }
	| { kind: 'delay'; delayMs: number }
	| { kind: 'drop'; apply: boolean }
	| { kind: 'malformed'; apply: boolean; body: string };

export interface FaultMatch {
	method?: string;
	path?: string;
	type?: 'DEBIT' | 'ANNUL' | 'CREDIT';
}

export interface Fault {
	id: string;
	match: FaultMatch;
	/** How many more requests this fault will hit. */
	remaining: number;
	response: FaultResponse;
	/** The response as it was given (for listing). */
	spec: Record< string, unknown >;
	created: string;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	/** Parsed JSON, or the raw text when it is not JSON, or null when empty. */
	body: unknown;
	/** HTTP status sent, or null when the connection was dropped / no answer yet. */
	status: number | null;
	time: string;
	merchantKey?: string;
	/** Kind of injected fault, when one hit this request. */
	fault?: string;
	durationMs?: number;
}

export interface NotificationAttempt {
	orderId: string;
	url: string;
	event: string;
	body: Record< string, unknown >;
	attempt: number;
	time: string;
	/** HTTP status of the receiver, or null when it could not be reached. */
	status: number | null;
	error?: string;
}
