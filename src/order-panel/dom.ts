/**
 * Everything the panel knows about WooCommerce's order edit screen (WooCommerce 9.9, HPOS and
 * legacy): selectors, globals, how the form is submitted and how the refund buttons work.
 * No other module touches WooCommerce's markup; when WooCommerce changes its screen, only this
 * file changes.
 */
import { parseAmount } from '../shared/money';

export const SELECTORS = {
	/** The order form that "Update" submits: `form#order` (HPOS), `form#post` (legacy post.php). */
	form: 'form#order, form#post',
	/** The status select (select2-enhanced, values `wc-…`). */
	statusSelect: '#order_status',
	/** Hidden field with the status the page was loaded with (`wc-processing`). */
	originalPostStatus: '#original_post_status',
	/** Hidden field with the loaded status without prefix (`processing`), fallback. */
	originalOrderStatus: '#original_order_status',
	/** The "Items" meta box, which holds the refund UI. */
	orderItemsBox: '#woocommerce-order-items',
	/** "Refund … via <gateway>". */
	apiRefundButton: 'button.do-api-refund',
	/** Refund inputs. */
	refundAmount: '#refund_amount',
	refundReason: '#refund_reason',
	/** A row of the items table (products, fees, shipping) with its WooCommerce item id. */
	itemRow: 'tr[data-order_item_id]',
	refundQty: '.refund input.refund_order_item_qty',
	refundLineTotal: '.refund input.refund_line_total',
	refundLineTax: '.refund input.refund_line_tax',
	itemName: '.wc-order-item-name, td.name .view, td.name',
	/** Where WordPress places admin notices. */
	headerEnd: 'hr.wp-header-end',
	noticeFallbackContainer: '#wpbody-content',
} as const;

/** AJAX action WooCommerce posts for both refund buttons. */
export const REFUND_AJAX_ACTION = 'woocommerce_refund_line_items';

/* ------------------------------------------------------------------ */
/* Globals of the page                                                 */
/* ------------------------------------------------------------------ */

/** The part of jQuery this module uses. */
interface JQueryLike {
	( target: Element | Document ): JQueryCollection;
}
interface JQueryCollection {
	val: ( value: string ) => JQueryCollection;
	trigger: ( event: string ) => JQueryCollection;
	on: ( event: string, handler: JQueryAjaxHandler ) => JQueryCollection;
	off: ( event: string, handler: JQueryAjaxHandler ) => JQueryCollection;
}
type JQueryAjaxHandler = (
	event: unknown,
	xhr: { responseJSON?: unknown; responseText?: string; status?: number },
	settings: { data?: unknown; url?: string }
) => void;

interface PageGlobals {
	jQuery?: JQueryLike;
	woocommerce_admin?: { mon_decimal_point?: string };
}

function globals(): PageGlobals {
	return window as unknown as PageGlobals;
}

function jQuery(): JQueryLike | null {
	const jq = globals().jQuery;
	return 'function' === typeof jq ? jq : null;
}

/** The decimal point merchants type amounts with (`woocommerce_admin.mon_decimal_point`). */
export function getDecimalPoint(): string {
	return globals().woocommerce_admin?.mon_decimal_point || '.';
}

/* ------------------------------------------------------------------ */
/* Form and status                                                     */
/* ------------------------------------------------------------------ */

export function getOrderForm(): HTMLFormElement | null {
	return document.querySelector< HTMLFormElement >( SELECTORS.form );
}

function getStatusSelect(): HTMLSelectElement | null {
	return document.querySelector< HTMLSelectElement >(
		SELECTORS.statusSelect
	);
}

/** The status chosen in the select (`wc-completed`), or '' when there is none. */
export function getSelectedStatus(): string {
	return getStatusSelect()?.value ?? '';
}

/**
 * Visible label of a status option ("Completed").
 * @param value
 */
export function getStatusLabel( value: string ): string {
	const option = Array.from( getStatusSelect()?.options ?? [] ).find(
		( candidate ) => candidate.value === value
	);
	return option?.text.trim() ?? value.replace( /^wc-/, '' );
}

/** The status the page was loaded with (`wc-processing`). */
export function getOriginalStatus(): string {
	const post = document.querySelector< HTMLInputElement >(
		SELECTORS.originalPostStatus
	);
	if ( post?.value ) {
		return post.value;
	}
	const order = document.querySelector< HTMLInputElement >(
		SELECTORS.originalOrderStatus
	);
	return order?.value ? `wc-${ order.value.replace( /^wc-/, '' ) }` : '';
}

/**
 * Sets the status select, and select2's visible copy of it when jQuery is on the page.
 *
 * @param value Status value (`wc-processing`).
 */
export function setStatus( value: string ): void {
	const select = getStatusSelect();
	if ( ! select ) {
		return;
	}
	const jq = jQuery();
	if ( jq ) {
		jq( select ).val( value ).trigger( 'change' );
		return;
	}
	select.value = value;
	select.dispatchEvent( new Event( 'change', { bubbles: true } ) );
}

let letNextSubmitPass = false;

/**
 * Calls `handler` for every submission of the order form, before WooCommerce's and the
 * browser's handling (capture phase on document). The handler decides whether to call
 * `event.preventDefault()`. Submissions made by `resubmitOrderForm()` are not reported.
 *
 * @param handler Called with the event and the button that submitted the form (if any).
 * @return Function that removes the listener.
 */
export function onOrderFormSubmit(
	handler: ( event: SubmitEvent, submitter: HTMLElement | null ) => void
): () => void {
	const listener = ( event: Event ): void => {
		const form = getOrderForm();
		if ( ! form || event.target !== form ) {
			return;
		}
		if ( letNextSubmitPass ) {
			letNextSubmitPass = false;
			return;
		}
		const submitEvent = event as SubmitEvent;
		handler( submitEvent, submitEvent.submitter ?? null );
	};
	document.addEventListener( 'submit', listener, true );
	return () => document.removeEventListener( 'submit', listener, true );
}

/**
 * Submits the order form again as the merchant did (same submit button, so `save=Update` is
 * sent), letting it pass the listener of `onOrderFormSubmit()` once. Nothing in the form is reset.
 *
 * @param submitter The button that submitted the form the first time, if any.
 * @return False when the submission did not go ahead (another script cancelled it).
 */
export function resubmitOrderForm( submitter: HTMLElement | null ): boolean {
	const form = getOrderForm();
	if ( ! form ) {
		return false;
	}
	const button =
		submitter instanceof HTMLButtonElement && submitter.form === form
			? submitter
			: undefined;
	if ( 'function' !== typeof form.requestSubmit ) {
		if ( button ) {
			letNextSubmitPass = true;
			button.click();
			letNextSubmitPass = false;
		} else {
			form.submit(); // Fires no submit event.
		}
		return true;
	}
	let proceeds = false;
	// Registered last on window, so it sees what every other submit handler decided.
	const watch = ( event: Event ): void => {
		if ( event.target === form ) {
			proceeds = ! event.defaultPrevented;
		}
	};
	window.addEventListener( 'submit', watch );
	letNextSubmitPass = true;
	try {
		form.requestSubmit( button );
	} finally {
		// requestSubmit() fires `submit` synchronously; if validation stopped it, the flag must
		// not let a later submission through unchecked.
		letNextSubmitPass = false;
		window.removeEventListener( 'submit', watch );
	}
	return proceeds;
}

/* ------------------------------------------------------------------ */
/* Refunds                                                             */
/* ------------------------------------------------------------------ */

let letNextRefundClickPass = false;

/**
 * Calls `handler` when "Refund … via <gateway>" is clicked, before WooCommerce's own handler
 * (jQuery delegation on the items box) can run: capture phase on document. The handler stops
 * the event to keep WooCommerce's handler from running. Clicks made by
 * `clickApiRefundConfirmed()` are not reported.
 *
 * @param handler Called with the event and the button.
 * @return Function that removes the listener.
 */
export function onApiRefundClick(
	handler: ( event: MouseEvent, button: HTMLButtonElement ) => void
): () => void {
	const listener = ( event: MouseEvent ): void => {
		const target = event.target instanceof Element ? event.target : null;
		const button = target?.closest< HTMLButtonElement >(
			SELECTORS.apiRefundButton
		);
		if ( ! button || ! button.closest( SELECTORS.orderItemsBox ) ) {
			return;
		}
		if ( letNextRefundClickPass ) {
			letNextRefundClickPass = false;
			return;
		}
		handler( event, button );
	};
	document.addEventListener( 'click', listener, true );
	return () => document.removeEventListener( 'click', listener, true );
}

/**
 * Stops an event before it reaches WooCommerce's handlers and the browser's default action.
 *
 * @param event The event.
 */
export function stopEvent( event: Event ): void {
	event.preventDefault();
	event.stopImmediatePropagation();
}

/**
 * Clicks the refund button again so that WooCommerce's own refund code runs (refund record,
 * restocking, emails), answering its `window.confirm()` with `true`: the merchant already
 * confirmed in our dialog. The override is one-shot and is restored at once.
 *
 * @param button The "Refund … via …" button.
 */
export function clickApiRefundConfirmed( button: HTMLButtonElement ): void {
	const original = window.confirm;
	let restored = false;
	const restore = (): void => {
		if ( ! restored ) {
			restored = true;
			window.confirm = original;
		}
	};
	window.confirm = (): boolean => {
		restore();
		return true;
	};
	letNextRefundClickPass = true;
	try {
		button.click();
	} finally {
		letNextRefundClickPass = false;
		restore();
	}
}

export interface RefundFormLine {
	itemId: string;
	name: string;
	quantity: number;
	/** Line total + taxes in major units. */
	total: number;
}

export interface RefundForm {
	/** Raw text of the amount field. */
	amountText: string;
	/** Parsed amount in major units, or null. */
	amount: number | null;
	reason: string;
	lines: RefundFormLine[];
}

function inputValue( root: ParentNode, selector: string ): string {
	return root.querySelector< HTMLInputElement >( selector )?.value ?? '';
}

/** Reads the refund panel: amount, reason and the lines with a quantity or an amount. */
export function readRefundForm(): RefundForm {
	const decimalPoint = getDecimalPoint();
	const box = document.querySelector( SELECTORS.orderItemsBox ) ?? document;
	const amountText = inputValue( box, SELECTORS.refundAmount );
	const lines: RefundFormLine[] = [];
	box.querySelectorAll< HTMLTableRowElement >( SELECTORS.itemRow ).forEach(
		( row ) => {
			const itemId = row.dataset.order_item_id ?? '';
			const qtyText = inputValue( row, SELECTORS.refundQty );
			const quantity = qtyText ? Number.parseInt( qtyText, 10 ) || 0 : 0;
			let total =
				parseAmount(
					inputValue( row, SELECTORS.refundLineTotal ),
					decimalPoint
				) ?? 0;
			row.querySelectorAll< HTMLInputElement >(
				SELECTORS.refundLineTax
			).forEach( ( tax ) => {
				total += parseAmount( tax.value, decimalPoint ) ?? 0;
			} );
			if ( quantity <= 0 && total === 0 ) {
				return;
			}
			const nameElement = row.querySelector( SELECTORS.itemName );
			const name = ( nameElement?.textContent ?? '' )
				.trim()
				.split( '\n' )[ 0 ]
				.trim();
			lines.push( {
				itemId,
				name: name || `#${ itemId }`,
				quantity,
				total,
			} );
		}
	);
	return {
		amountText,
		amount: parseAmount( amountText, decimalPoint ),
		reason: inputValue( box, SELECTORS.refundReason ).trim(),
		lines,
	};
}

export interface RefundAjaxResult {
	/** True for "via <gateway>", false for manual refunds. */
	apiRefund: boolean;
	success: boolean;
	/** WooCommerce's error text when it failed. */
	error: string | null;
}

function parseResponse( xhr: {
	responseJSON?: unknown;
	responseText?: string;
} ): unknown {
	if ( undefined !== xhr.responseJSON ) {
		return xhr.responseJSON;
	}
	try {
		return JSON.parse( xhr.responseText ?? '' );
	} catch {
		return null;
	}
}

/**
 * Reports the end of WooCommerce's refund AJAX call (`woocommerce_refund_line_items`).
 * Needs jQuery (WooCommerce's refund code uses it); without it nothing is reported.
 *
 * @param handler Called with the outcome.
 * @return Function that removes the listener.
 */
export function onRefundAjaxComplete(
	handler: ( result: RefundAjaxResult ) => void
): () => void {
	const jq = jQuery();
	if ( ! jq ) {
		return () => undefined;
	}
	const listener: JQueryAjaxHandler = ( _event, xhr, settings ) => {
		const data =
			'string' === typeof settings?.data
				? new URLSearchParams( settings.data )
				: null;
		if ( ! data || REFUND_AJAX_ACTION !== data.get( 'action' ) ) {
			return;
		}
		const body = parseResponse( xhr ) as {
			success?: unknown;
			data?: { error?: unknown };
		} | null;
		const success = true === body?.success;
		const error =
			! success && 'string' === typeof body?.data?.error
				? body.data.error
				: null;
		handler( {
			apiRefund: 'true' === data.get( 'api_refund' ),
			success,
			error,
		} );
	};
	jq( document ).on( 'ajaxComplete', listener );
	return () => {
		jq( document ).off( 'ajaxComplete', listener );
	};
}

/* ------------------------------------------------------------------ */
/* Admin notices                                                       */
/* ------------------------------------------------------------------ */

const NOTICE_ID = 'ecster-om-order-notice';

/**
 * Shows a WordPress admin notice at the top of the page (replacing our previous one).
 *
 * @param message      Plain text.
 * @param type         Notice type.
 * @param dismissLabel Screen-reader label of the dismiss button.
 */
export function showAdminNotice(
	message: string,
	type: 'error' | 'success' | 'warning',
	dismissLabel: string
): HTMLElement {
	document.getElementById( NOTICE_ID )?.remove();
	const notice = document.createElement( 'div' );
	notice.id = NOTICE_ID;
	notice.className = `notice notice-${ type } is-dismissible`;
	notice.setAttribute( 'role', 'error' === type ? 'alert' : 'status' );
	const paragraph = document.createElement( 'p' );
	paragraph.textContent = message;
	const dismiss = document.createElement( 'button' );
	dismiss.type = 'button';
	dismiss.className = 'notice-dismiss';
	const label = document.createElement( 'span' );
	label.className = 'screen-reader-text';
	label.textContent = dismissLabel;
	dismiss.appendChild( label );
	dismiss.addEventListener( 'click', () => notice.remove() );
	notice.append( paragraph, dismiss );

	const headerEnd = document.querySelector( SELECTORS.headerEnd );
	if ( headerEnd?.parentNode ) {
		headerEnd.parentNode.insertBefore( notice, headerEnd.nextSibling );
	} else {
		(
			document.querySelector( SELECTORS.noticeFallbackContainer ) ??
			document.body
		).prepend( notice );
	}
	return notice;
}

export function removeAdminNotice(): void {
	document.getElementById( NOTICE_ID )?.remove();
}
