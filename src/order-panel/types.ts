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
}

/** Answer of `POST /orders/{id}/debit` and `/annul`. */
export interface ActionResponse {
	result: string;
	message: string;
	transactionId: string | null;
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
