/**
 * Refund hook: "Refund … via Ecster Pay" is checked and confirmed in our dialog before
 * WooCommerce's own refund code runs; manual refunds are left alone.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';

import {
	byId,
	cleanupScreen,
	debitedState,
	installFakeJQuery,
	orderState,
	renderScreen,
} from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
const mockedApiFetch = apiFetch as unknown as jest.Mock;

const apiRefundButton = () =>
	byId< HTMLButtonElement >( 'button.do-api-refund' );
const manualRefundButton = () =>
	byId< HTMLButtonElement >( 'button.do-manual-refund' );

/**
 * Stands in for WooCommerce's refund handler: a delegated (bubbling) click handler on the items
 * box that asks window.confirm() and then would send the AJAX request.
 */
function installWooCommerceRefundHandler() {
	const calls: Array< { api: boolean; confirmed: boolean } > = [];
	byId( '#woocommerce-order-items' ).addEventListener( 'click', ( event ) => {
		const button = ( event.target as Element ).closest(
			'button.do-api-refund, button.do-manual-refund'
		);
		if ( ! button ) {
			return;
		}
		// eslint-disable-next-line no-alert -- WooCommerce asks exactly like this.
		const confirmed = window.confirm(
			'Are you sure you wish to process this refund? This action cannot be undone.'
		);
		calls.push( { api: button.matches( '.do-api-refund' ), confirmed } );
	} );
	return calls;
}

/**
 * Fills the refund inputs of the order line (item id 1) and the amount, as WooCommerce's
 * screen does after the merchant typed a quantity.
 *
 * @param qty    Quantity.
 * @param total  Line amount as typed.
 * @param amount Refund amount as typed.
 */
function fillRefund( qty: string, total: string, amount: string ): void {
	byId< HTMLInputElement >( 'input[name="refund_order_item_qty[1]"]' ).value =
		qty;
	byId< HTMLInputElement >( 'input[name="refund_line_total[1]"]' ).value =
		total;
	byId< HTMLInputElement >( '#refund_amount' ).value = amount;
}

const originalConfirm = window.confirm;
let confirmMock: jest.Mock;

beforeEach( () => {
	mockedApiFetch.mockReset();
	confirmMock = jest.fn( () => false );
	window.confirm = confirmMock;
	(
		window as unknown as {
			woocommerce_admin: { mon_decimal_point: string };
		}
	 ).woocommerce_admin = { mon_decimal_point: ',' };
} );

afterEach( () => {
	cleanupScreen();
	window.confirm = originalConfirm;
	delete ( window as unknown as { woocommerce_admin?: unknown } )
		.woocommerce_admin;
} );

it( 'refuses a refund of an order that has not been debited, before WooCommerce runs', async () => {
	renderScreen( orderState() );
	const wooCommerce = installWooCommerceRefundHandler();
	fillRefund( '1', '499,00', '499,00' );
	await userEvent.click( apiRefundButton() );

	const dialog = await screen.findByRole( 'dialog', {
		name: 'Refund via Ecster Pay',
	} );
	expect( dialog ).toHaveTextContent(
		'The order has not been debited in Ecster yet.'
	);
	expect(
		within( dialog ).queryByRole( 'button', { name: 'Credit and refund' } )
	).not.toBeInTheDocument();
	expect( wooCommerce ).toHaveLength( 0 );
	expect( confirmMock ).not.toHaveBeenCalled();

	await userEvent.click(
		within( dialog ).getByRole( 'button', { name: 'OK' } )
	);
	expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
	expect( wooCommerce ).toHaveLength( 0 );
	expect( mockedApiFetch ).not.toHaveBeenCalled();
} );

it( 'refuses an amount above what can still be credited', async () => {
	renderScreen(
		debitedState( {
			amounts: { credited: 49900, creditable: 49900 },
			actions: { refund: { allowed: true, maxAmount: 49900 } },
		} )
	);
	const wooCommerce = installWooCommerceRefundHandler();
	fillRefund( '2', '998,00', '998,00' );
	await userEvent.click( apiRefundButton() );

	const dialog = await screen.findByRole( 'dialog' );
	expect( dialog ).toHaveTextContent(
		'998,00 kr is more than can still be credited in Ecster (499,00 kr).'
	);
	expect(
		within( dialog ).queryByRole( 'button', { name: 'Credit and refund' } )
	).not.toBeInTheDocument();
	expect( wooCommerce ).toHaveLength( 0 );
	expect( mockedApiFetch ).not.toHaveBeenCalled();
} );

it( 'refuses an empty amount', async () => {
	renderScreen( debitedState() );
	const wooCommerce = installWooCommerceRefundHandler();
	await userEvent.click( apiRefundButton() );

	const dialog = await screen.findByRole( 'dialog' );
	expect( dialog ).toHaveTextContent(
		'Enter a refund amount greater than zero.'
	);
	expect( wooCommerce ).toHaveLength( 0 );
} );

it( 'shows the amount and the lines, and on confirm lets WooCommerce refund with its confirm() answered once', async () => {
	renderScreen( debitedState() );
	const wooCommerce = installWooCommerceRefundHandler();
	fillRefund( '1', '499,00', '499,00' );
	byId< HTMLInputElement >( '#refund_reason' ).value = 'Damaged';
	await userEvent.click( apiRefundButton() );

	const dialog = await screen.findByRole( 'dialog' );
	expect(
		within( dialog ).getByText( 'Credit 499,00 kr in Ecster' )
	).toBeInTheDocument();
	const line = within( dialog ).getByRole( 'row', { name: /Testprodukt/ } );
	expect( line ).toHaveTextContent( '× 1' );
	expect( line ).toHaveTextContent( '499,00 kr' );
	expect( dialog ).toHaveTextContent( 'Reason: Damaged' );
	expect( wooCommerce ).toHaveLength( 0 );

	await userEvent.click(
		within( dialog ).getByRole( 'button', { name: 'Credit and refund' } )
	);

	expect( wooCommerce ).toEqual( [ { api: true, confirmed: true } ] );
	// WooCommerce's own confirm() was answered by our dialog, not shown, and is restored.
	expect( confirmMock ).not.toHaveBeenCalled();
	expect( window.confirm ).toBe( confirmMock );
	await waitFor( () =>
		expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument()
	);
	expect(
		document.querySelector( '.ecster-om-panel__message' )
	).toHaveTextContent( 'Crediting 499,00 kr in Ecster…' );
	// No request of our own: the refund goes through WooCommerce's AJAX and the gateway.
	expect( mockedApiFetch ).not.toHaveBeenCalled();
} );

it( 'on cancel WooCommerce does not refund', async () => {
	renderScreen( debitedState() );
	const wooCommerce = installWooCommerceRefundHandler();
	fillRefund( '1', '499,00', '499,00' );
	await userEvent.click( apiRefundButton() );
	await userEvent.click(
		await screen.findByRole( 'button', { name: 'Cancel' } )
	);

	expect( wooCommerce ).toHaveLength( 0 );
	expect( confirmMock ).not.toHaveBeenCalled();
	expect( window.confirm ).toBe( confirmMock );
} );

it( 'leaves manual refunds to WooCommerce untouched', async () => {
	renderScreen( debitedState() );
	const wooCommerce = installWooCommerceRefundHandler();
	fillRefund( '1', '499,00', '499,00' );
	await userEvent.click( manualRefundButton() );

	expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
	expect( confirmMock ).toHaveBeenCalledTimes( 1 );
	expect( wooCommerce ).toEqual( [ { api: false, confirmed: false } ] );
} );

it( 'leaves refunds of orders that are not managed to WooCommerce', async () => {
	renderScreen(
		orderState( { managed: false, unmanagedReason: 'manage_orders_off' } )
	);
	const wooCommerce = installWooCommerceRefundHandler();
	fillRefund( '1', '499,00', '499,00' );
	await userEvent.click( apiRefundButton() );

	expect( screen.queryByRole( 'dialog' ) ).not.toBeInTheDocument();
	expect( wooCommerce ).toEqual( [ { api: true, confirmed: false } ] );
} );

it( 'shows the result of WooCommerce refund request in the panel: Ecster error', async () => {
	const jq = installFakeJQuery();
	mockedApiFetch.mockResolvedValue( debitedState() );
	try {
		renderScreen( debitedState() );
		installWooCommerceRefundHandler();
		fillRefund( '1', '499,00', '499,00' );
		await userEvent.click( apiRefundButton() );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Credit and refund' } )
		);
		act( () =>
			jq.completeAjax(
				{
					action: 'woocommerce_refund_line_items',
					api_refund: 'true',
					refund_amount: '499,00',
				},
				{
					success: false,
					data: {
						error: 'Ecster declined the credit: amount too high.',
					},
				}
			)
		);

		const expected =
			'The refund was not credited in Ecster and WooCommerce recorded no refund: Ecster declined the credit: amount too high.';
		expect(
			document.querySelector( '.ecster-om-panel__message' )
		).toHaveTextContent( expected );
		expect(
			document.querySelector( '.wrap > .notice-error' )
		).toHaveTextContent( expected );
		await waitFor( () =>
			expect( mockedApiFetch ).toHaveBeenCalledWith(
				expect.objectContaining( {
					path: '/ecster-om/v1/orders/11',
					method: 'GET',
				} )
			)
		);
	} finally {
		jq.remove();
	}
} );

it( 'shows the result of WooCommerce refund request in the panel: credited', async () => {
	const jq = installFakeJQuery();
	const credited = debitedState( {
		amounts: { credited: 49900, creditable: 49900 },
		transactions: [
			{
				id: 'T-CREDIT-1',
				type: 'CREDIT',
				created: '2026-11-27T16:00:00Z',
				amount: 49900,
				reference: '',
				billPdfUrl: 'https://labs.ecster.se/bill/credit-1.pdf',
			},
		],
	} );
	mockedApiFetch.mockResolvedValue( credited );
	try {
		renderScreen( debitedState() );
		installWooCommerceRefundHandler();
		fillRefund( '1', '499,00', '499,00' );
		await userEvent.click( apiRefundButton() );
		await userEvent.click(
			await screen.findByRole( 'button', { name: 'Credit and refund' } )
		);
		act( () =>
			jq.completeAjax(
				{ action: 'woocommerce_refund_line_items', api_refund: 'true' },
				{ success: true, data: [] }
			)
		);

		expect(
			document.querySelector( '.ecster-om-panel__message' )
		).toHaveTextContent( 'The refund was credited in Ecster.' );
		expect(
			await screen.findByRole( 'link', { name: 'Credit invoice' } )
		).toHaveAttribute( 'href', 'https://labs.ecster.se/bill/credit-1.pdf' );
		expect( screen.getByText( 'T-CREDIT-1' ) ).toBeInTheDocument();
	} finally {
		jq.remove();
	}
} );

it( 'lists refunds and says which were not credited in Ecster (manual refunds)', () => {
	renderScreen(
		debitedState( {
			refunds: [
				{
					refundId: 55,
					amount: 10000,
					reason: '',
					ecsterTransactionId: null,
					creditedInEcster: false,
					invoiceUrl: '',
					swishStatus: null,
				},
				{
					refundId: 56,
					amount: 5000,
					reason: '',
					ecsterTransactionId: 'T-C',
					creditedInEcster: true,
					invoiceUrl: 'https://labs.ecster.se/bill/c.pdf',
					swishStatus: null,
				},
			],
			warnings: [
				{
					code: 'refund_not_credited',
					message:
						'Refund #55 (100,00 kr) was recorded in WooCommerce only.',
				},
			],
		} )
	);
	const manual = screen.getByText( /Refund #55/ ).closest( 'li' );
	expect( manual ).toHaveTextContent( 'Refund #55: 100,00 kr' );
	expect( manual ).toHaveTextContent(
		'Not credited in Ecster (refunded manually)'
	);
	const credited = screen.getByText( /Refund #56/ ).closest( 'li' );
	expect( credited ).toHaveTextContent( 'Credited in Ecster (T-C)' );
	// The server's per-refund warning is not repeated above the list.
	expect(
		document.querySelectorAll( '.ecster-om-panel__warning' )
	).toHaveLength( 0 );
} );
