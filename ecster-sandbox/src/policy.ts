/**
 * Inferred behaviour of the emulator, in one place.
 *
 * /work/shared/ecster-api.md marks many rules as *inferred* (or the facts as NOT FOUND): Ecster's live
 * API is gone, so nobody can check them any more. Every such choice the sandbox makes lives in this
 * file with a comment saying why, so it is easy to find and change. Rule numbers refer to §7 of the
 * reference. Documented behaviour (e.g. 201 for a created transaction) is not repeated here.
 */
import type { OrderStatus, PaymentMethod, SandboxConfig } from './types';

/** Rule 1 (inferred status): missing or invalid credentials answer 401. */
export const HTTP_UNAUTHORIZED = 401;

/**
 * Rule 2 / §5.1 (inferred): an unknown order, and another merchant's order, answer 404 with the same
 * body, so a client cannot learn that an id exists for another merchant.
 */
export const HTTP_ORDER_NOT_FOUND = 404;

/**
 * Rule 21 / §6 (inferred): business-rule errors (including 4424) pair with HTTP 400. Change to 409 here
 * if you want to test a client against that variant.
 */
export const HTTP_BUSINESS_ERROR = 400;

/**
 * Rule 6 (inferred): the only statuses in which a DEBIT is accepted (and only when `debitClosed` is
 * false and the order is not SWISH).
 */
export const DEBITABLE_STATUSES: ReadonlySet< OrderStatus > = new Set( [
	'READY',
	'PARTIALLY_DELIVERED',
] );

/** Rule 11 (inferred precondition): ANNUL only on READY, i.e. nothing debited yet. */
export const ANNULLABLE_STATUSES: ReadonlySet< OrderStatus > = new Set( [
	'READY',
] );

/**
 * Rule 16 (inferred): CREDIT is allowed in these statuses, also after closeDebit. A CREDIT never
 * changes the status (no "fully credited" status was found anywhere).
 */
export const CREDITABLE_STATUSES: ReadonlySet< OrderStatus > = new Set( [
	'PARTIALLY_DELIVERED',
	'FULLY_DELIVERED',
] );

/** Rule 24 (inferred from [K]): Swish refunds are possible in these statuses only. */
export const SWISH_REFUNDABLE_STATUSES: ReadonlySet< OrderStatus > = new Set( [
	'FULLY_DELIVERED',
] );

/**
 * Rule 24 (inferred): Swish orders are refunded through `/refunds`, never through a CREDIT
 * transaction ([K] never sends one for Swish). A CREDIT on a Swish order answers 4424. Set to true
 * to accept CREDIT on Swish orders (they then share the same creditable amount with refunds).
 */
export const SWISH_ACCEPTS_CREDIT_TRANSACTION = false;

/**
 * Rule 24 (inferred): `/refunds` only exists for Swish orders; on any other method it answers 4424.
 */
export const REFUNDS_ONLY_FOR_SWISH = true;

/**
 * Rule 24 (inferred): a Swish refund must name the order's DEBIT transaction (as [K] does). When
 * false, a missing debitTransaction is accepted and the order's first DEBIT is used.
 */
export const SWISH_REFUND_REQUIRES_DEBIT_TRANSACTION = true;

/**
 * §5.5 (inferred): the POST /refunds answer status. [K] accepts any 2xx and reads `status`.
 */
export const HTTP_REFUND_CREATED = 201;

/**
 * Rule 11 (inferred): an ANNUL always annuls the whole reservation and its transaction has amount 0
 * (as in Ecster's example). Whether a partial ANNUL existed is NOT FOUND; an `amount` sent with an
 * ANNUL is validated like any amount (rule 4) and then ignored.
 */
export const ANNUL_TRANSACTION_AMOUNT = 0;

/**
 * Rule 7/15 (inferred): an amount above the residual / creditable / refundable amount is a
 * validation problem, not a state violation, so it gets our own code 9005 with HTTP 400, not 4424.
 * (A client that treats 4424 as "already debited" would otherwise draw the wrong conclusion.)
 * Set to true to answer 4424 instead.
 */
export const AMOUNT_OVER_LIMIT_IS_STATE_ERROR = false;

/**
 * Rule 10 (inferred): after a partial DEBIT with closeDebit:true the status stays
 * PARTIALLY_DELIVERED and `debitClosed` becomes true. closeDebit on a DEBIT that uses up the residual
 * has no extra effect (the order is FULLY_DELIVERED and closed implicitly) and leaves `debitClosed` false.
 */
export const CLOSE_DEBIT_STATUS: OrderStatus = 'PARTIALLY_DELIVERED';

/**
 * §5.3 (inferred): DEBIT and CREDIT need an `amount` (both clients always send one). Whether Ecster
 * defaulted a missing DEBIT amount to the residual is NOT FOUND.
 */
export const AMOUNT_REQUIRED_FOR_DEBIT_AND_CREDIT = true;

/**
 * §5.3–5.5 (inferred): request bodies on the Ecster surface may only hold the documented fields; a
 * misspelt or extra field answers 400 (9004) so a client bug shows up in tests. Whether Ecster
 * ignored unknown fields is NOT FOUND; set to false to ignore them instead. (The control API is
 * always strict.)
 */
export const REJECT_UNKNOWN_FIELDS = true;

/** §5.2 / rule 23 (documented): orderReference is at most 64 characters. */
export const ORDER_REFERENCE_MAX_LENGTH = 64;

/** §3.2 (inferred from [K], which cuts partNumber to 32 characters): longer partNumbers are rejected. */
export const PART_NUMBER_MAX_LENGTH = 32;

/**
 * Rule 4 / §3.2 (inferred): row `unitAmount` may be negative (discount and rounding rows — [K]'s
 * rounding row can be below zero), but must be integral like every amount.
 */
export const ROW_UNIT_AMOUNT_MAY_BE_NEGATIVE = true;

/**
 * §5.4 (inferred, response NOT FOUND): PUT orderReference answers 200 with the updated order.
 */
export const HTTP_ORDER_REFERENCE_UPDATED = 200;

/**
 * §5.2 (inferred): the search result is a plain array ordered by creation time, oldest first, with
 * no paging (the paging parameters are NOT FOUND).
 */
export const SEARCH_ORDER = 'created-asc';

/** Rule 24 (inferred from [K]/[M]): Swish orders start FULLY_DELIVERED with one DEBIT transaction. */
export const SWISH_INITIAL_STATUS: OrderStatus = 'FULLY_DELIVERED';

/**
 * Swish refunds (inferred): a successful refund increases the order's `creditedAmount` in GET order,
 * like a CREDIT would. ONGOING refunds already count against the refundable amount.
 */
export const SWISH_REFUND_COUNTS_AS_CREDITED = true;

/**
 * Rule 17 (client [K]): CREDIT transactions carry `billPdfUrl`. The sandbox serves a small PDF at
 * this path (relative to its public URL). Whether DEBIT transactions had one is NOT FOUND: they don't.
 * @param transactionId CREDIT transaction id.
 */
export function billPdfPath( transactionId: string ): string {
	return `/sandbox/invoices/${ transactionId }.pdf`;
}

/** Methods accepted when creating an order through the control API. */
export const METHODS: readonly PaymentMethod[] = [
	'INVOICE',
	'CARD',
	'PARTPAYMENT',
	'SWISH',
	'ACCOUNT',
];

/** Every status the sandbox knows (§4). The list is not complete in the reference; extend it here. */
export const STATUSES: readonly OrderStatus[] = [
	'PENDING_PAYMENT',
	'PENDING_DECISION',
	'PENDING_SIGNATURE',
	'AWAITING_CONTRACT',
	'PENDING_PROCESSING',
	'READY',
	'PARTIALLY_DELIVERED',
	'FULLY_DELIVERED',
	'ANNULLED',
	'DENIED',
	'FAILED',
	'ABORTED',
	'EXPIRED',
	'BLOCKED',
	'STOPPED',
];

/**
 * OEN event names (rule 25). CREATED and FULL_DEBIT are seen in sources ([S6], [M]); the rest are
 * inferred — the full list is NOT FOUND.
 */
export const OenEvent = {
	CREATED: 'CREATED',
	PART_DEBIT: 'PART_DEBIT',
	FULL_DEBIT: 'FULL_DEBIT',
	ANNUL: 'ANNUL',
	CREDIT: 'CREDIT',
	REFUND: 'REFUND',
	ORDER_REFERENCE_UPDATED: 'ORDER_REFERENCE_UPDATED',
	/** Sent when the sandbox control API changes the status (Ecster setting e.g. DENIED itself). */
	STATUS_CHANGED: 'STATUS_CHANGED',
} as const;

/**
 * Rule 25: an OEN delivery counts as received only on HTTP 200 (documented); anything else is retried.
 */
export const OEN_SUCCESS_STATUS = 200;

/** Defaults of the tunables (GET/POST /sandbox/config). */
export const DEFAULT_CONFIG: SandboxConfig = {
	// Rule 3: the real threshold is NOT FOUND; off by default so tests and benchmarks are not throttled.
	rateLimitPerSecond: 0,
	// Rule 24: how long a Swish refund stays ONGOING. [K] polls every 180 s; 2 s keeps tests quick.
	swishRefundDelayMs: 2000,
	// Rule 24: failure values are NOT FOUND; set e.g. "FAILED" to exercise a client's failure path.
	swishRefundFinalStatus: 'SUCCESS',
	// Rule 22: off by default (inferred rule).
	rowSumCheck: false,
	// Rule 25: OEN is asynchronous; Ecster retried every 2 h up to 24 times. Short stand-ins here.
	oenInitialDelayMs: 100,
	oenRetryDelaysMs: [ 1000, 5000, 30000, 120000 ],
	oenTimeoutMs: 10000,
	requestLogLimit: 10000,
	maxBodyBytes: 1024 * 1024,
	// No added latency: the sandbox answers as fast as it can. Set it to benchmark a client against a slow Ecster.
	latencyMs: 0,
	latencyJitterMs: 0,
};
