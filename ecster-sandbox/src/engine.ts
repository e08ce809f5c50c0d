/**
 * The order-management rules (/work/shared/ecster-api.md §7). Pure state transitions over the Store;
 * no HTTP here. Inferred choices are constants in ./policy.
 */
import {
	ApiError,
	ECSTER_INVALID_STATE,
	SandboxCode,
	validationError,
} from './errors';
import * as policy from './policy';
import type { Store } from './store';
import type {
	Order,
	OrderStatus,
	PaymentMethod,
	Row,
	SandboxConfig,
	SwishRefund,
	Transaction,
} from './types';
import { validatingSearchDate } from './search';
import { isoWithOffset, isPlainObject, newId, parseAmount } from './util';
import {
	optionalBoolean,
	optionalString,
	parseOrderReference,
	parseRows,
	rejectUnknownFields,
	requireObject,
	rowSum,
} from './validate';

export interface Notifier {
	notify: (
		order: Order,
		event: string,
		extra?: { transactionId?: string }
	) => void;
}

export interface EngineDeps {
	store: Store;
	config: () => SandboxConfig;
	/** Absolute base URL of the sandbox, for billPdfUrl. */
	publicUrl: () => string;
	notifier: Notifier;
	defaultMerchantId: string;
	now?: () => number;
}

export interface TransactionAnswer {
	orderStatus: OrderStatus;
	transaction: Transaction;
	merchantId: string;
	message?: string;
}

/**
 * Rule 6/9/11/12/16/24: a state violation — always Ecster's 4424.
 * @param message Human-readable explanation.
 */
function stateError( message: string ): ApiError {
	return new ApiError(
		policy.HTTP_BUSINESS_ERROR,
		ECSTER_INVALID_STATE,
		message
	);
}

/**
 * Rule 7/15/24: an amount above what the order allows.
 * @param message Human-readable explanation.
 */
function amountError( message: string ): ApiError {
	return policy.AMOUNT_OVER_LIMIT_IS_STATE_ERROR
		? stateError( message )
		: new ApiError(
				policy.HTTP_BUSINESS_ERROR,
				SandboxCode.AMOUNT_NOT_ALLOWED,
				message
			);
}

/**
 * `created` is shown with second precision; filter on the same precision.
 * @param order The order.
 */
function createdSecond( order: Order ): number {
	return Math.floor( order.createdMs / 1000 ) * 1000;
}

export function orderNotFound( id: string ): ApiError {
	return new ApiError(
		policy.HTTP_ORDER_NOT_FOUND,
		SandboxCode.ORDER_NOT_FOUND,
		`Order ${ id } not found.`
	);
}

const TRANSACTION_FIELDS = [
	'type',
	'amount',
	'transactionReference',
	'debitTransaction',
	'closeDebit',
	'rows',
	'message',
] as const;

const CREATE_ORDER_FIELDS = [
	'amount',
	'currency',
	'orderReference',
	'method',
	'status',
	'rows',
	'merchantId',
	'notificationUrl',
	'consumer',
	'properties',
] as const;

const DEFAULT_CONSUMER = {
	nationalId: 'SE480502-4876',
	name: { firstName: 'Test', lastName: 'Testsson' },
	address: { line1: 'Testgatan 1', city: 'Teststad', zip: '29513' },
	contactInfo: {
		email: 'test@example.com',
		cellular: { number: '0707333444' },
		phone: {},
	},
};

export class Engine {
	private readonly store: Store;
	private readonly config: () => SandboxConfig;
	private readonly publicUrl: () => string;
	private readonly notifier: Notifier;
	private readonly defaultMerchantId: string;
	private readonly now: () => number;

	constructor( deps: EngineDeps ) {
		this.store = deps.store;
		this.config = deps.config;
		this.publicUrl = deps.publicUrl;
		this.notifier = deps.notifier;
		this.defaultMerchantId = deps.defaultMerchantId;
		this.now = deps.now ?? Date.now;
	}

	// ---- lookups and views -------------------------------------------------------------------

	/**
	 * Rule 2: an order is only visible to its own merchant; otherwise it does not exist.
	 * @param merchantId Merchant of the authenticated request (x-merchant-key).
	 * @param id         Ecster order id.
	 */
	orderFor( merchantId: string, id: string ): Order {
		const order = this.store.get( id );
		if ( ! order || order.merchantId !== merchantId ) {
			throw orderNotFound( id );
		}
		return order;
	}

	anyOrder( id: string ): Order {
		const order = this.store.get( id );
		if ( ! order ) {
			throw orderNotFound( id );
		}
		return order;
	}

	refundStatus( refund: SwishRefund ): string {
		return this.now() >= refund.completesAt
			? refund.finalStatus
			: 'ONGOING';
	}

	/**
	 * Amount refunded or being refunded through Swish refunds (failed ones do not count).
	 * @param order The order.
	 */
	private refundsInUse( order: Order ): number {
		let sum = 0;
		for ( const r of order.refunds ) {
			const status = this.refundStatus( r );
			if ( status === 'ONGOING' || status === 'SUCCESS' ) {
				sum += r.amount;
			}
		}
		return sum;
	}

	private creditedForView( order: Order ): number {
		if ( ! policy.SWISH_REFUND_COUNTS_AS_CREDITED ) {
			return order.creditedAmount;
		}
		let sum = order.creditedAmount;
		for ( const r of order.refunds ) {
			if ( this.refundStatus( r ) === 'SUCCESS' ) {
				sum += r.amount;
			}
		}
		return sum;
	}

	/**
	 * GET order on the Ecster surface (§3.1), plus `debitClosed`.
	 * @param order The order.
	 */
	view( order: Order ): Record< string, unknown > {
		return {
			id: order.id,
			merchantId: order.merchantId,
			status: order.status,
			properties: order.properties,
			created: order.created,
			amount: order.amount,
			currency: order.currency,
			debitedAmount: order.debitedAmount,
			creditedAmount: this.creditedForView( order ),
			orderReference: order.orderReference,
			consumer: order.consumer,
			debitClosed: order.debitClosed,
			transactions: order.transactions,
		};
	}

	/**
	 * §5.2: search summary, without transactions.
	 * @param order The order.
	 */
	summary( order: Order ): Record< string, unknown > {
		return {
			id: order.id,
			merchantId: order.merchantId,
			status: order.status,
			properties: { method: order.properties.method },
			created: order.created,
			amount: order.amount,
			currency: order.currency,
			debitedAmount: order.debitedAmount,
			creditedAmount: this.creditedForView( order ),
			orderReference: order.orderReference,
			consumer: {
				nationalId: order.consumer.nationalId,
				name: order.consumer.name,
			},
		};
	}

	/**
	 * Control API view: everything, including refunds and the notification URL.
	 * @param order The order.
	 */
	sandboxView( order: Order ): Record< string, unknown > {
		return {
			...this.view( order ),
			notificationUrl: order.notificationUrl ?? null,
			refunds: order.refunds.map( ( r ) => this.refundView( r ) ),
		};
	}

	private refundView( r: SwishRefund ): Record< string, unknown > {
		return {
			id: r.id,
			status: this.refundStatus( r ),
			amount: r.amount,
			debitTransaction: r.debitTransaction,
			created: r.created,
			...( r.message !== undefined ? { message: r.message } : {} ),
		};
	}

	// ---- search (§5.2) -------------------------------------------------------------------------

	search(
		merchantId: string,
		query: URLSearchParams
	): Record< string, unknown >[] {
		const ref = query.get( 'orderReference' );
		if ( ref !== null && ref.length > policy.ORDER_REFERENCE_MAX_LENGTH ) {
			throw validationError(
				`orderReference must be at most ${ policy.ORDER_REFERENCE_MAX_LENGTH } characters, got ${ ref.length }.`
			);
		}
		const from = validatingSearchDate( query.get( 'from' ), 'from', false );
		const to = validatingSearchDate( query.get( 'to' ), 'to', true );
		const merchantFilter = query.get( 'merchantId' );
		const nationalId = query.get( 'nationalId' );
		const method = query.get( 'paymentMethod' );
		const status = query.get( 'status' );
		const out: Record< string, unknown >[] = [];
		for ( const order of this.store.orders.values() ) {
			if (
				// Rule 2: another merchant's orders are never listed, even when asked for by merchantId.
				order.merchantId !== merchantId ||
				( merchantFilter && order.merchantId !== merchantFilter ) ||
				( ref && order.orderReference !== ref ) ||
				( nationalId && order.consumer.nationalId !== nationalId ) ||
				( method && order.properties.method !== method ) ||
				( status && order.status !== status ) ||
				( from !== null && createdSecond( order ) < from ) ||
				( to !== null && createdSecond( order ) > to )
			) {
				continue;
			}
			out.push( this.summary( order ) );
		}
		return out;
	}

	// ---- transactions (§5.3) -------------------------------------------------------------------

	createTransaction( order: Order, rawBody: unknown ): TransactionAnswer {
		const body = requireObject( rawBody );
		if ( policy.REJECT_UNKNOWN_FIELDS ) {
			rejectUnknownFields(
				body,
				TRANSACTION_FIELDS,
				'a transaction request'
			);
		}

		// Rule 5.
		const type = body.type;
		if ( type !== 'DEBIT' && type !== 'CREDIT' && type !== 'ANNUL' ) {
			throw validationError(
				type === undefined
					? 'type is required: DEBIT, CREDIT or ANNUL.'
					: `type must be DEBIT, CREDIT or ANNUL, got ${ JSON.stringify( type ) }.`
			);
		}
		// Rule 4.
		const amount =
			body.amount === undefined
				? undefined
				: parseAmount( body.amount, 'amount' );
		const ref = body.transactionReference;
		if (
			ref !== undefined &&
			typeof ref !== 'string' &&
			! ( typeof ref === 'number' && Number.isFinite( ref ) )
		) {
			throw validationError(
				'transactionReference must be a string (or a number).'
			);
		}
		const debitTransaction = optionalString( body, 'debitTransaction' );
		const closeDebit = optionalBoolean( body, 'closeDebit' ) ?? false;
		const message = optionalString( body, 'message' );
		const rows =
			body.rows === undefined ? undefined : parseRows( body.rows );

		if (
			type !== 'ANNUL' &&
			policy.AMOUNT_REQUIRED_FOR_DEBIT_AND_CREDIT &&
			amount === undefined
		) {
			throw validationError( `amount is required for ${ type }.` );
		}
		// Rule 13: checked before the state so a client learns that the field is mandatory.
		if (
			type === 'CREDIT' &&
			( debitTransaction === undefined || debitTransaction === '' )
		) {
			throw validationError(
				'debitTransaction is required for CREDIT: the id of the DEBIT transaction being credited.'
			);
		}
		// Rule 22 (optional).
		if (
			this.config().rowSumCheck &&
			rows &&
			rows.length > 0 &&
			type !== 'ANNUL' &&
			amount !== undefined
		) {
			const sum = rowSum( rows );
			if ( sum !== amount ) {
				throw new ApiError(
					policy.HTTP_BUSINESS_ERROR,
					SandboxCode.ROW_SUM_MISMATCH,
					`The rows add up to ${ sum } but amount is ${ amount } (Σ unitAmount × quantity must equal amount).`
				);
			}
		}

		const common = {
			created: isoWithOffset( this.now() ),
			...( ref !== undefined ? { transactionReference: ref } : {} ),
			...( message !== undefined ? { message } : {} ),
		};
		let answer: TransactionAnswer;
		if ( type === 'DEBIT' ) {
			answer = this.debit(
				order,
				amount as number,
				closeDebit,
				rows ?? [],
				common
			);
		} else if ( type === 'ANNUL' ) {
			answer = this.annul( order, rows, common );
		} else {
			answer = this.credit(
				order,
				amount as number,
				debitTransaction as string,
				rows ?? [],
				common
			);
		}
		if ( message !== undefined ) {
			answer.message = message;
		}
		return answer;
	}

	private debit(
		order: Order,
		amount: number,
		closeDebit: boolean,
		rows: Row[],
		common: Partial< Transaction > & { created: string }
	): TransactionAnswer {
		// Rule 24: Swish is charged at purchase; there is nothing to debit.
		if ( order.properties.method === 'SWISH' ) {
			throw stateError(
				'Order is not in a valid state: Swish orders are charged at purchase and cannot be debited.'
			);
		}
		// Rule 6 / 9.
		if ( ! policy.DEBITABLE_STATUSES.has( order.status ) ) {
			throw stateError(
				order.status === 'FULLY_DELIVERED'
					? 'Order is not in a valid state: it is already fully debited (FULLY_DELIVERED).'
					: `Order is not in a valid state for DEBIT (status ${ order.status }).`
			);
		}
		// Rule 10.
		if ( order.debitClosed ) {
			throw stateError(
				'Order is not in a valid state: debiting was closed by an earlier DEBIT with closeDebit.'
			);
		}
		// Rule 7.
		if ( amount <= 0 ) {
			throw validationError( 'amount must be greater than 0 for DEBIT.' );
		}
		const residual = order.amount - order.debitedAmount;
		if ( amount > residual ) {
			throw amountError(
				`DEBIT amount ${ amount } exceeds the residual order amount ${ residual }.`
			);
		}
		// Rule 8.
		const full = amount === residual;
		const tx: Transaction = {
			id: newId(),
			type: 'DEBIT',
			amount,
			rows,
			...common,
		};
		order.debitedAmount += amount;
		order.status = full ? 'FULLY_DELIVERED' : 'PARTIALLY_DELIVERED';
		if ( ! full && closeDebit ) {
			order.status = policy.CLOSE_DEBIT_STATUS;
			order.debitClosed = true;
		}
		order.transactions.push( tx );
		this.store.touch( order );
		this.notifier.notify(
			order,
			full ? policy.OenEvent.FULL_DEBIT : policy.OenEvent.PART_DEBIT,
			{
				transactionId: tx.id,
			}
		);
		return {
			orderStatus: order.status,
			transaction: tx,
			merchantId: order.merchantId,
		};
	}

	private annul(
		order: Order,
		rows: Row[] | undefined,
		common: Partial< Transaction > & { created: string }
	): TransactionAnswer {
		if ( order.properties.method === 'SWISH' ) {
			throw stateError(
				'Order is not in a valid state: Swish orders cannot be annulled in Ecster; refund them instead.'
			);
		}
		// Rule 11 / 12.
		if ( order.status === 'ANNULLED' ) {
			throw stateError(
				'Order is not in a valid state: it is already annulled.'
			);
		}
		if (
			! policy.ANNULLABLE_STATUSES.has( order.status ) ||
			order.debitedAmount > 0
		) {
			throw stateError(
				order.debitedAmount > 0
					? `Order is not in a valid state for ANNUL: ${ order.debitedAmount } has already been debited.`
					: `Order is not in a valid state for ANNUL (status ${ order.status }).`
			);
		}
		const original = order.transactions.find(
			( t ) => t.type === 'ORIGINAL'
		);
		const tx: Transaction = {
			id: newId(),
			type: 'ANNUL',
			amount: policy.ANNUL_TRANSACTION_AMOUNT,
			rows: rows ?? ( original ? original.rows : [] ),
			...common,
		};
		order.status = 'ANNULLED';
		order.transactions.push( tx );
		this.store.touch( order );
		this.notifier.notify( order, policy.OenEvent.ANNUL, {
			transactionId: tx.id,
		} );
		return {
			orderStatus: order.status,
			transaction: tx,
			merchantId: order.merchantId,
		};
	}

	private credit(
		order: Order,
		amount: number,
		debitTransaction: string,
		rows: Row[],
		common: Partial< Transaction > & { created: string }
	): TransactionAnswer {
		if (
			order.properties.method === 'SWISH' &&
			! policy.SWISH_ACCEPTS_CREDIT_TRANSACTION
		) {
			throw stateError(
				'Order is not in a valid state for CREDIT: Swish orders are refunded through /refunds.'
			);
		}
		// Rule 16.
		if ( ! policy.CREDITABLE_STATUSES.has( order.status ) ) {
			throw stateError(
				`Order is not in a valid state for CREDIT (status ${ order.status }).`
			);
		}
		// Rule 14.
		const debit = order.transactions.find(
			( t ) => t.id === debitTransaction && t.type === 'DEBIT'
		);
		if ( ! debit ) {
			throw new ApiError(
				policy.HTTP_BUSINESS_ERROR,
				SandboxCode.UNKNOWN_DEBIT_TRANSACTION,
				`debitTransaction ${ debitTransaction } is not a DEBIT transaction of order ${ order.id }.`
			);
		}
		// Rule 15.
		if ( amount <= 0 ) {
			throw validationError(
				'amount must be greater than 0 for CREDIT.'
			);
		}
		const creditedOnDebit = order.transactions
			.filter(
				( t ) => t.type === 'CREDIT' && t.debitTransaction === debit.id
			)
			.reduce( ( sum, t ) => sum + t.amount, 0 );
		const leftOnDebit = debit.amount - creditedOnDebit;
		if ( amount > leftOnDebit ) {
			throw amountError(
				`CREDIT amount ${ amount } exceeds what is left to credit on DEBIT ${ debit.id } (${ leftOnDebit }).`
			);
		}
		const leftOnOrder =
			order.debitedAmount -
			order.creditedAmount -
			this.refundsInUse( order );
		if ( amount > leftOnOrder ) {
			throw amountError(
				`CREDIT amount ${ amount } exceeds what is left to credit on the order (${ leftOnOrder }).`
			);
		}
		const id = newId();
		const tx: Transaction = {
			id,
			type: 'CREDIT',
			amount,
			rows,
			debitTransaction: debit.id,
			billPdfUrl: this.publicUrl() + policy.billPdfPath( id ),
			...common,
		};
		order.creditedAmount += amount;
		order.transactions.push( tx );
		this.store.touch( order );
		this.notifier.notify( order, policy.OenEvent.CREDIT, {
			transactionId: tx.id,
		} );
		return {
			orderStatus: order.status,
			transaction: tx,
			merchantId: order.merchantId,
		};
	}

	/**
	 * Finds a CREDIT transaction by id (for the invoice PDF).
	 * @param transactionId CREDIT transaction id.
	 */
	findCredit(
		transactionId: string
	): { order: Order; transaction: Transaction } | null {
		for ( const order of this.store.orders.values() ) {
			const transaction = order.transactions.find(
				( t ) => t.id === transactionId && t.type === 'CREDIT'
			);
			if ( transaction ) {
				return { order, transaction };
			}
		}
		return null;
	}

	// ---- order reference (§5.4, rule 23) -------------------------------------------------------

	updateOrderReference( order: Order, rawBody: unknown ): Order {
		const body = requireObject( rawBody );
		if ( policy.REJECT_UNKNOWN_FIELDS ) {
			rejectUnknownFields(
				body,
				[ 'orderReference' ],
				'an orderReference update'
			);
		}
		if ( body.orderReference === undefined ) {
			throw validationError( 'orderReference is required.' );
		}
		order.orderReference = parseOrderReference( body.orderReference );
		this.store.touch( order );
		this.notifier.notify( order, policy.OenEvent.ORDER_REFERENCE_UPDATED );
		return order;
	}

	// ---- Swish refunds (§5.5, rule 24) ---------------------------------------------------------

	createRefund( order: Order, rawBody: unknown ): Record< string, unknown > {
		const body = requireObject( rawBody );
		if ( policy.REJECT_UNKNOWN_FIELDS ) {
			rejectUnknownFields(
				body,
				[ 'amount', 'debitTransaction', 'message' ],
				'a refund request'
			);
		}
		if ( body.amount === undefined ) {
			throw validationError( 'amount is required.' );
		}
		const amount = parseAmount( body.amount, 'amount' );
		const debitTransaction = optionalString( body, 'debitTransaction' );
		const message = optionalString( body, 'message' );
		if (
			policy.SWISH_REFUND_REQUIRES_DEBIT_TRANSACTION &&
			! debitTransaction
		) {
			throw validationError(
				"debitTransaction is required: the id of the Swish order's DEBIT transaction."
			);
		}
		if (
			policy.REFUNDS_ONLY_FOR_SWISH &&
			order.properties.method !== 'SWISH'
		) {
			throw stateError(
				`Order is not in a valid state for a refund: /refunds is for Swish orders, this is ${ order.properties.method }; use a CREDIT transaction.`
			);
		}
		if ( ! policy.SWISH_REFUNDABLE_STATUSES.has( order.status ) ) {
			throw stateError(
				`Order is not in a valid state for a refund (status ${ order.status }).`
			);
		}
		const debit = debitTransaction
			? order.transactions.find(
					( t ) => t.id === debitTransaction && t.type === 'DEBIT'
				)
			: order.transactions.find( ( t ) => t.type === 'DEBIT' );
		if ( ! debit ) {
			throw new ApiError(
				policy.HTTP_BUSINESS_ERROR,
				SandboxCode.UNKNOWN_DEBIT_TRANSACTION,
				`debitTransaction ${ debitTransaction ?? '' } is not a DEBIT transaction of order ${ order.id }.`
			);
		}
		if ( amount <= 0 ) {
			throw validationError( 'amount must be greater than 0.' );
		}
		const refundable =
			order.debitedAmount -
			order.creditedAmount -
			this.refundsInUse( order );
		if ( amount > refundable ) {
			throw amountError(
				`Refund amount ${ amount } exceeds the refundable amount ${ refundable }.`
			);
		}
		const now = this.now();
		const cfg = this.config();
		const refund: SwishRefund = {
			id: newId(),
			created: isoWithOffset( now ),
			completesAt: now + cfg.swishRefundDelayMs,
			finalStatus: cfg.swishRefundFinalStatus,
			amount,
			debitTransaction: debit.id,
			...( message !== undefined ? { message } : {} ),
		};
		order.refunds.push( refund );
		this.store.touch( order );
		// The POST answer is always ONGOING, even with a zero delay (rule 24: "ONGOING first").
		return { ...this.refundView( refund ), status: 'ONGOING' };
	}

	latestRefund( order: Order ): Record< string, unknown > {
		const last = order.refunds[ order.refunds.length - 1 ];
		if ( ! last ) {
			throw new ApiError(
				404,
				SandboxCode.REFUND_NOT_FOUND,
				`Order ${ order.id } has no refund.`
			);
		}
		return this.refundView( last );
	}

	/** Refunds whose completion has not been announced yet (for the OEN timer). */
	pendingRefundCompletions(): Array< { order: Order; refund: SwishRefund } > {
		const out: Array< { order: Order; refund: SwishRefund } > = [];
		for ( const order of this.store.orders.values() ) {
			for ( const refund of order.refunds ) {
				if ( ! refund.completionNotified ) {
					out.push( { order, refund } );
				}
			}
		}
		return out;
	}

	/**
	 * Marks a refund's completion as announced and emits the REFUND event.
	 * @param order  The order.
	 * @param refund The refund.
	 */
	announceRefund( order: Order, refund: SwishRefund ): void {
		if ( refund.completionNotified || this.now() < refund.completesAt ) {
			return;
		}
		refund.completionNotified = true;
		this.store.touch( order );
		this.notifier.notify( order, policy.OenEvent.REFUND );
	}

	// ---- control API -----------------------------------------------------------------------------

	createOrder( rawBody: unknown ): Order {
		const body = requireObject( rawBody );
		rejectUnknownFields(
			body,
			CREATE_ORDER_FIELDS,
			'POST /sandbox/orders'
		);
		if ( body.amount === undefined ) {
			throw validationError(
				'amount is required (integer, minor units, e.g. 32900 for 329.00 SEK).'
			);
		}
		const amount = parseAmount( body.amount, 'amount' );
		if ( amount <= 0 ) {
			throw validationError( 'amount must be greater than 0.' );
		}
		const currency = optionalString( body, 'currency' ) ?? 'SEK';
		if ( ! /^[A-Z]{3}$/.test( currency ) ) {
			throw validationError(
				`currency must be a 3-letter ISO code such as SEK, got ${ JSON.stringify( currency ) }.`
			);
		}
		const orderReference =
			body.orderReference === undefined
				? ''
				: parseOrderReference( body.orderReference );
		const methodRaw = body.method ?? 'INVOICE';
		if ( ! policy.METHODS.includes( methodRaw as PaymentMethod ) ) {
			throw validationError(
				`method must be one of ${ policy.METHODS.join( ', ' ) }, got ${ JSON.stringify( methodRaw ) }.`
			);
		}
		const method = methodRaw as PaymentMethod;
		const statusRaw =
			body.status ??
			( method === 'SWISH' ? policy.SWISH_INITIAL_STATUS : 'READY' );
		if ( ! policy.STATUSES.includes( statusRaw as OrderStatus ) ) {
			throw validationError(
				`status must be one of ${ policy.STATUSES.join( ', ' ) }, got ${ JSON.stringify( statusRaw ) }.`
			);
		}
		const status = statusRaw as OrderStatus;
		if ( status === 'PARTIALLY_DELIVERED' ) {
			throw validationError(
				'status PARTIALLY_DELIVERED cannot be created directly: create a READY order and DEBIT part of it.'
			);
		}
		const rows =
			body.rows === undefined
				? [
						{
							name: 'Sandbox item',
							partNumber: 'SBX-1',
							quantity: 1,
							unitAmount: amount,
							vatRate: 2500,
						},
					]
				: parseRows( body.rows );
		const merchantId =
			optionalString( body, 'merchantId' ) ?? this.defaultMerchantId;
		if ( merchantId === '' ) {
			throw validationError( 'merchantId must not be empty.' );
		}
		const notificationUrl = optionalString( body, 'notificationUrl' );
		if ( notificationUrl !== undefined ) {
			let ok = false;
			try {
				const u = new URL( notificationUrl );
				ok = u.protocol === 'http:' || u.protocol === 'https:';
			} catch {
				ok = false;
			}
			if ( ! ok ) {
				throw validationError(
					`notificationUrl must be an http(s) URL, got ${ JSON.stringify( notificationUrl ) }.`
				);
			}
		}
		if ( body.consumer !== undefined && ! isPlainObject( body.consumer ) ) {
			throw validationError( 'consumer must be an object.' );
		}
		if (
			body.properties !== undefined &&
			! isPlainObject( body.properties )
		) {
			throw validationError(
				'properties must be an object (e.g. {"invoiceFee": 2900}).'
			);
		}
		const extraProps = ( body.properties ?? {} ) as Record<
			string,
			unknown
		>;
		if ( 'method' in extraProps ) {
			throw validationError(
				'Set the payment method with "method", not properties.method.'
			);
		}

		const nowMs = this.now();
		const created = isoWithOffset( nowMs );
		const order: Order = {
			id: newId(),
			merchantId,
			status,
			properties: { method, ...extraProps },
			created,
			createdMs: nowMs,
			amount,
			currency,
			debitedAmount: 0,
			creditedAmount: 0,
			orderReference,
			consumer:
				( body.consumer as Order[ 'consumer' ] ) ??
				structuredClone( DEFAULT_CONSUMER ),
			transactions: [
				{ id: newId(), type: 'ORIGINAL', created, amount, rows },
			],
			debitClosed: false,
			refunds: [],
			...( notificationUrl !== undefined ? { notificationUrl } : {} ),
		};
		if ( status === 'FULLY_DELIVERED' ) {
			// Swish (rule 24) and card orders can be charged at purchase: one DEBIT for everything.
			order.transactions.push( {
				id: newId(),
				type: 'DEBIT',
				created,
				amount,
				rows,
			} );
			order.debitedAmount = amount;
		} else if ( status === 'ANNULLED' ) {
			order.transactions.push( {
				id: newId(),
				type: 'ANNUL',
				created,
				amount: 0,
				rows,
			} );
		}
		this.store.add( order );
		this.notifier.notify( order, policy.OenEvent.CREATED );
		return order;
	}

	/**
	 * Rule 26: the test hook that lets "Ecster" move an order into any status.
	 * @param order   The order.
	 * @param rawBody Parsed request body.
	 */
	setStatus( order: Order, rawBody: unknown ): Order {
		const body = requireObject( rawBody );
		rejectUnknownFields(
			body,
			[ 'status' ],
			'POST /sandbox/orders/{id}/status'
		);
		if ( ! policy.STATUSES.includes( body.status as OrderStatus ) ) {
			throw validationError(
				`status must be one of ${ policy.STATUSES.join( ', ' ) }, got ${ JSON.stringify( body.status ) }.`
			);
		}
		order.status = body.status as OrderStatus;
		this.store.touch( order );
		this.notifier.notify( order, policy.OenEvent.STATUS_CHANGED );
		return order;
	}
}
