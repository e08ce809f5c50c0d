/**
 * Types of the order state (contract: docs/architecture.md, `GET /ecster-om/v1/orders/{id}`)
 * and of the data PHP passes to the panel. All amounts are integer minor units.
 */
import type { PriceFormat } from '../shared/money';

export type UnmanagedReason =
	'manage_orders_off' | 'not_ecster' | 'no_reference';

/** Null when unknown (Ecster was not asked, or could not be reached). */
export interface Amounts {
	reserved: number | null;
	debited: number | null;
	credited: number | null;
	creditable: number | null;
}

export interface Transaction {
	id: string;
	type: string;
	created: string;
	amount: number;
	reference: string;
	billPdfUrl: string;
}

export interface ActionAvailability {
	allowed: boolean;
	reason: string | null;
}

export interface Actions {
	debit: ActionAvailability & { amount: number };
	annul: ActionAvailability;
	refund: ActionAvailability & { maxAmount: number };
	/** "Check with Ecster now" (`POST /orders/{id}/reconcile`). */
	reconcile: ActionAvailability;
}

export interface Warning {
	code: string;
	message: string;
}

export interface RefundRecord {
	refundId: number;
	amount: number;
	reason: string;
	ecsterTransactionId: string | null;
	creditedInEcster: boolean;
	invoiceUrl: string;
	swishStatus: string | null;
}

export interface EcsterError {
	kind: string;
	httpStatus: number;
	code: string;
	message: string;
}

/** A money operation in the order's Ecster journal. */
export type ActivityOperation = 'debit' | 'annul' | 'credit' | 'swish_refund';

/**
 * Where an operation stands: sent and waiting for Ecster's answer (`pending`), applied by
 * Ecster (`confirmed`), refused by Ecster (`refused`), no usable answer (`unknown`), or proven
 * not to have happened (`not_applied`).
 */
export type ActivityState =
	'pending' | 'confirmed' | 'refused' | 'unknown' | 'not_applied';

/** What started an operation. */
export type ActivityTrigger =
	| 'status_hook'
	| 'payment_complete'
	| 'panel'
	| 'rest'
	| 'cli'
	| 'bulk'
	| 'gateway'
	| 'reconciler';

/** One entry of `activity` (the journal), newest first. */
export interface ActivityEntry {
	/** Journal entry id. */
	id: number;
	operation: ActivityOperation;
	state: ActivityState;
	/** An automatic check with Ecster is scheduled (pending/unknown entries). */
	checking: boolean;
	/** Automatic checks stopped: the merchant must check by hand. */
	gaveUp: boolean;
	/** Minor units; null for an annulment. */
	amount: number | null;
	currency: string;
	/** WooCommerce refund id (credit, Swish refund), else null. */
	refundId: number | null;
	trigger: ActivityTrigger;
	/** Display name of the WordPress user who started it; null for the system. */
	user: string | null;
	/** ISO 8601, UTC. */
	created: string;
	/** ISO 8601, UTC. */
	updated: string;
	transactionId: string | null;
	/** Ecster's error code ("4424"), if Ecster gave one. */
	ecsterCode: string | null;
	/** Translated text: what happened, or what is known. */
	message: string;
	/** ISO 8601, UTC: the next automatic check, if one is scheduled. */
	nextCheck: string | null;
}

export interface OrderState {
	orderId: number;
	orderNumber: string;
	wcStatus: string;
	currency: string;
	orderTotal: number;
	managed: boolean;
	unmanagedReason: UnmanagedReason | null;
	unmanagedMessage: string | null;
	settingsUrl: string;
	ecsterOrderId: string | null;
	paymentMethod: string | null;
	ecsterStatus: string | null;
	/** Null when Ecster was not asked (the initial state printed with the page). */
	ecsterReachable: boolean | null;
	ecsterError: EcsterError | null;
	/** Another request is handling the order in Ecster right now. */
	locked: boolean;
	amounts: Amounts;
	transactions: Transaction[];
	actions: Actions;
	warnings: Warning[];
	refunds: RefundRecord[];
	/** The journal, newest first, at most 50 entries. */
	activity: ActivityEntry[];
	/** Entries still `pending` or `unknown`. */
	openQuestions: number;
}

/** Answer of `POST /orders/{id}/debit` and `/annul`. */
export interface ActionResponse {
	result: string;
	message: string;
	transactionId: string | null;
	state: OrderState;
}

/** Answer of `POST /orders/{id}/reconcile` ("Check with Ecster now"). */
export interface ReconcileResponse {
	result: 'reconciled' | 'nothing_to_check' | 'still_unknown';
	message: string;
	/** Entries the check resolved. */
	resolved: number;
	/** Entries still open afterwards. */
	open: number;
	state: OrderState;
}

/** Data the meta box prints into the root element's `data-config` attribute. */
export interface PanelConfig {
	orderId: number;
	state: OrderState;
	priceFormat: PriceFormat;
}

/** The Ecster action a status change asks for. */
export type StatusAction = 'debit' | 'annul';
