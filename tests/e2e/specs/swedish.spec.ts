/**
 * A Swedish store (site language sv_SE): the settings screen, the Ecster Pay box on the order
 * screen and the order note of a debit are in Swedish. The language, the settings and the debit
 * are set up over REST; the browser only shows what is proved. The site language is put back to
 * English afterwards (the other specs read English).
 */
import { test, expect } from '../fixtures';
import {
	orderEditUrl,
	orderNotesOnPage,
	setEcsterSettings,
} from '../utils/woo';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';

async function siteLanguage(
	requestUtils: RequestUtils,
	language: string
): Promise< void > {
	const saved = await requestUtils.rest< { language: string } >( {
		method: 'POST',
		path: '/wp/v2/settings',
		data: { language },
	} );
	// WordPress stores English as "" (its own settings form sends that) and reads it as en_US.
	expect( saved.language || 'en_US' ).toBe( language || 'en_US' );
}

test.describe( 'Swedish store', () => {
	test.beforeAll( async ( { requestUtils } ) => {
		await siteLanguage( requestUtils, 'sv_SE' );
	} );

	test.beforeEach( async ( { requestUtils, sandbox } ) => {
		await sandbox.waitUntilReady();
		await setEcsterSettings( requestUtils, {
			manage_ecster_orders: 'yes',
		} );
	} );

	test.afterAll( async ( { requestUtils } ) => {
		await siteLanguage( requestUtils, '' );
	} );

	test( 'the settings screen is in Swedish', async ( { page } ) => {
		await page.goto(
			'/wp-admin/admin.php?page=wc-settings&tab=checkout&section=ecster'
		);
		const root = page.locator( '#ecster-om-settings-root' );
		await expect(
			root.getByRole( 'checkbox', { name: 'Hantera ordrar' } )
		).toBeChecked();
		await expect(
			root.getByText( 'Anslutning till Ecster' )
		).toBeVisible();
		// The store points at the sandbox (ECSTER_OM_API_URL): the environment is explained, not chosen.
		await expect( root.getByText( 'Miljö:' ) ).toBeVisible();
		await expect(
			root.getByRole( 'textbox', { name: 'Handlarnyckel' } )
		).toHaveValue( 'sandbox-merchant' );
		await expect(
			root.getByRole( 'button', { name: 'Spara ändringar' } )
		).toBeVisible();
		await expect(
			root.getByRole( 'button', { name: 'Testa anslutningen' } )
		).toBeVisible();
	} );

	test( 'the Ecster Pay box and the debit note are in Swedish', async ( {
		page,
		store,
		requestUtils,
	} ) => {
		const { order, ecster } = await store.createManagedOrder();

		await page.goto( orderEditUrl( order.id ) );
		const panel = page.locator( '#ecster-om-order-panel' );
		for ( const text of [
			'Status hos Ecster',
			'Betalsätt',
			'Faktura',
			'Reserverat',
		] ) {
			await expect( panel ).toContainText( text );
		}
		await expect(
			panel.getByRole( 'button', { name: 'Uppdatera' } )
		).toBeVisible();

		// The debit, as any trigger makes it; its note is written in the site's language.
		await requestUtils.rest( {
			method: 'POST',
			path: `/ecster-om/v1/orders/${ order.id }/debit`,
		} );
		await page.goto( orderEditUrl( order.id ) );
		const [ debit ] = (
			await store.transactionRequests( ecster.id )
		).filter( ( request ) => request.status === 201 );
		expect( debit ).toBeDefined();
		const note = orderNotesOnPage( page ).filter( {
			hasText: 'Ecster-betalningen debiterad',
		} );
		await expect( note ).toHaveCount( 1 );
		await expect( note ).toHaveText(
			/^\s*Ecster-betalningen debiterad: 998,00\s+kr \(transaktion \S+\)\.\s*$/
		);
		// The panel lists the DEBIT transaction under its Swedish name.
		await expect( panel ).toContainText( 'Debitering' );
	} );
} );
