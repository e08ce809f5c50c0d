/**
 * Test helpers: the captured order screen, order states and a panel mounted on it.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { act } from '@testing-library/react';

import type { PriceFormat } from '../../../src/shared/money';
import { mount, ROOT_ID } from '../../../src/order-panel/mount';
import type {
	ActivityEntry,
	OrderState,
	PanelConfig,
} from '../../../src/order-panel/types';

export const FIXTURE = readFileSync(
	join( __dirname, '../fixtures/order-edit.html' ),
	'utf8'
);

/** Swedish store settings: "998,00 kr". */
export const SWEDISH: PriceFormat = {
	symbol: 'kr',
	decimals: 2,
	decimalSeparator: ',',
	thousandSeparator: ' ',
	position: 'right_space',
	minorUnitDigits: 2,
};

type DeepPartial< T > = {
	[ K in keyof T ]?: T[ K ] extends object ? DeepPartial< T[ K ] > : T[ K ];
};

/**
 * A managed, reserved, not yet debited order #11 (2 × 499 SEK), as GET /orders/11 describes it.
 *
 * @param overrides Fields to change.
 */
export function orderState(
	overrides: DeepPartial< OrderState > = {}
): OrderState {
	const base: OrderState = {
		orderId: 11,
		orderNumber: '11',
		wcStatus: 'processing',
		currency: 'SEK',
		orderTotal: 99800,
		managed: true,
		unmanagedReason: null,
		unmanagedMessage: null,
		settingsUrl:
			'http://example.test/wp-admin/admin.php?page=wc-settings&tab=checkout&section=ecster',
		ecsterOrderId: 'EC-TEST-1',
		paymentMethod: 'INVOICE',
		ecsterStatus: 'READY',
		ecsterReachable: true,
		ecsterError: null,
		locked: false,
		amounts: { reserved: 99800, debited: 0, credited: 0, creditable: 0 },
		transactions: [],
		actions: {
			debit: { allowed: true, amount: 99800, reason: null },
			annul: { allowed: true, reason: null },
			refund: {
				allowed: false,
				maxAmount: 0,
				reason: 'The order has not been debited in Ecster yet.',
			},
			// As the server answers when nothing waits for Ecster.
			reconcile: {
				allowed: false,
				reason: 'Nothing is waiting for Ecster: every operation has a known outcome.',
			},
		},
		warnings: [],
		refunds: [],
		activity: [],
		openQuestions: 0,
	};
	return {
		...base,
		...overrides,
		amounts: { ...base.amounts, ...overrides.amounts },
		actions: {
			debit: { ...base.actions.debit, ...overrides.actions?.debit },
			annul: { ...base.actions.annul, ...overrides.actions?.annul },
			refund: { ...base.actions.refund, ...overrides.actions?.refund },
			reconcile: {
				...base.actions.reconcile,
				...overrides.actions?.reconcile,
			},
		},
		transactions: ( overrides.transactions ??
			base.transactions ) as OrderState[ 'transactions' ],
		warnings: ( overrides.warnings ??
			base.warnings ) as OrderState[ 'warnings' ],
		refunds: ( overrides.refunds ??
			base.refunds ) as OrderState[ 'refunds' ],
		activity: ( overrides.activity ??
			base.activity ) as OrderState[ 'activity' ],
	};
}

/**
 * A journal entry: the panel's debit of order #11 (998,00 kr), confirmed by Ecster at
 * 2026-12-01 10:15:03 UTC.
 *
 * @param overrides Fields to change.
 */
export function activityEntry(
	overrides: Partial< ActivityEntry > = {}
): ActivityEntry {
	return {
		id: 12,
		operation: 'debit',
		state: 'confirmed',
		checking: false,
		gaveUp: false,
		amount: 99800,
		currency: 'SEK',
		refundId: null,
		trigger: 'panel',
		user: 'admin',
		created: '2026-12-01T10:15:02+00:00',
		updated: '2026-12-01T10:15:03+00:00',
		transactionId: 'WVJAGSdOx6AlQEbByU9N',
		ecsterCode: null,
		message: 'Ecster debited 998,00 kr.',
		nextCheck: null,
		...overrides,
	};
}

/**
 * The same order after a full debit of 998,00 kr.
 * @param overrides
 */
export function debitedState(
	overrides: DeepPartial< OrderState > = {}
): OrderState {
	return orderState( {
		ecsterStatus: 'FULLY_DELIVERED',
		transactions: [
			{
				id: 'T-DEBIT-1',
				type: 'DEBIT',
				created: '2026-11-27T15:00:00Z',
				amount: 99800,
				reference: '',
				billPdfUrl: '',
			},
		],
		...overrides,
		amounts: { debited: 99800, creditable: 99800, ...overrides.amounts },
		actions: {
			debit: {
				allowed: false,
				amount: 0,
				reason: 'Already debited.',
				...overrides.actions?.debit,
			},
			annul: {
				allowed: false,
				reason: 'Already debited.',
				...overrides.actions?.annul,
			},
			refund: {
				allowed: true,
				maxAmount: 99800,
				reason: null,
				...overrides.actions?.refund,
			},
		},
	} );
}

let unmount: ( () => void ) | null = null;

/**
 * The same screen as the legacy order store renders it (post.php): WordPress's `form#post`.
 */
export const LEGACY_FIXTURE = FIXTURE.replace(
	/<form name="order" action="[^"]*" method="post" id="order">/,
	'<form name="post" action="http://127.0.0.1:9400/wp-admin/post.php" method="post" id="post">'
);

/**
 * Loads the captured order screen, puts the meta box root where WordPress renders it and
 * mounts the panel.
 *
 * @param state Initial state.
 * @param html  The screen (default: the HPOS screen).
 */
export function renderScreen(
	state: OrderState = orderState(),
	html: string = FIXTURE
): void {
	document.body.innerHTML = html;
	const box = document.createElement( 'div' );
	box.id = 'ecster-om-order-panel';
	box.className = 'postbox';
	const root = document.createElement( 'div' );
	root.id = ROOT_ID;
	const config: PanelConfig = { orderId: 11, state, priceFormat: SWEDISH };
	root.dataset.config = JSON.stringify( config );
	box.appendChild( root );
	document.querySelector( '#side-sortables' )!.prepend( box );
	act( () => {
		unmount = mount( root, false );
	} );
}

export function cleanupScreen(): void {
	if ( unmount ) {
		act( () => unmount!() );
		unmount = null;
	}
	document.body.innerHTML = '';
}

export function byId< T extends HTMLElement >( selector: string ): T {
	const element = document.querySelector< T >( selector );
	if ( ! element ) {
		throw new Error( `Missing ${ selector } in the fixture` );
	}
	return element;
}

export interface Submission {
	prevented: boolean;
	submitter: HTMLElement | null;
	data: FormData;
}

/**
 * Records every submission of form#order that reaches the end of the event path (what the
 * browser would send), and stops jsdom from trying to navigate.
 */
export function recordSubmissions(): {
	submissions: Submission[];
	stop: () => void;
} {
	const submissions: Submission[] = [];
	const listener = ( event: Event ): void => {
		const submitEvent = event as SubmitEvent;
		const form = event.target as HTMLFormElement;
		submissions.push( {
			prevented: event.defaultPrevented,
			submitter: submitEvent.submitter,
			data: new FormData( form, submitEvent.submitter ),
		} );
		event.preventDefault();
	};
	window.addEventListener( 'submit', listener );
	return {
		submissions,
		stop: () => window.removeEventListener( 'submit', listener ),
	};
}

/**
 * Selects a status the way a test can (the real page's select2 writes the same value).
 *
 * @param value Status value.
 */
export function chooseStatus( value: string ): void {
	const select = byId< HTMLSelectElement >( '#order_status' );
	select.value = value;
	select.dispatchEvent( new Event( 'change', { bubbles: true } ) );
}

/** A minimal stand-in for the jQuery the page has: val/trigger and global AJAX events. */
export function installFakeJQuery() {
	const calls: Array< [ string, ...unknown[] ] > = [];
	const ajaxHandlers = new Set< ( ...args: unknown[] ) => void >();
	const jq = ( target: Element | Document ) => {
		const api = {
			val( value: string ) {
				calls.push( [ 'val', target, value ] );
				( target as HTMLSelectElement ).value = value;
				return api;
			},
			trigger( event: string ) {
				calls.push( [ 'trigger', target, event ] );
				return api;
			},
			on( event: string, handler: ( ...args: unknown[] ) => void ) {
				if ( 'ajaxComplete' === event && target === document ) {
					ajaxHandlers.add( handler );
				}
				return api;
			},
			off( event: string, handler: ( ...args: unknown[] ) => void ) {
				ajaxHandlers.delete( handler );
				return api;
			},
		};
		return api;
	};
	( window as unknown as { jQuery: unknown } ).jQuery = jq;
	return {
		calls,
		/**
		 * Fires jQuery's global ajaxComplete as WooCommerce's refund request would.
		 *
		 * @param data     The POSTed fields.
		 * @param response The JSON answer.
		 */
		completeAjax( data: Record< string, string >, response: unknown ) {
			const settings = {
				url: '/wp-admin/admin-ajax.php',
				data: new URLSearchParams( data ).toString(),
			};
			const xhr = { responseJSON: response, status: 200 };
			ajaxHandlers.forEach( ( handler ) => handler( {}, xhr, settings ) );
		},
		remove() {
			delete ( window as unknown as { jQuery?: unknown } ).jQuery;
		},
	};
}
