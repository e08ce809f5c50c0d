/**
 * The Ecster Pay settings screen (WooCommerce → Settings → Payments → Ecster Pay) in a real
 * browser: saving, reloading, validation, the connection check against the sandbox, and the
 * API key that never reaches the browser.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';
import type { Page, Response } from '@playwright/test';

const API_KEY = 'sandbox-api-key';
const MERCHANT_KEY = 'sandbox-merchant';
const SCREEN = [
	'admin.php',
	'page=wc-settings&tab=checkout&section=ecster',
] as const;

/**
 * Collects the body of every answer of our REST routes (and of the screen's page itself).
 */
class AnswerLog {
	private readonly pending: Array< Promise< string > > = [];

	constructor( page: Page ) {
		page.on( 'response', ( response: Response ) => {
			const url = response.url();
			if (
				url.includes( 'ecster-om' ) ||
				url.includes( 'section=ecster' )
			) {
				this.pending.push(
					response.text().then(
						( text ) => `${ url }\n${ text }`,
						() => ''
					)
				);
			}
		} );
	}

	async bodies(): Promise< string[] > {
		return ( await Promise.all( this.pending ) ).filter( Boolean );
	}
}

async function resetSettings( requestUtils: RequestUtils ): Promise< void > {
	await requestUtils.rest( {
		method: 'POST',
		path: '/ecster-om/v1/settings',
		data: {
			manageOrders: false,
			environment: 'test',
			apiKey: '',
			merchantKey: '',
			logging: false,
			failedDebitStatus: 'on-hold',
		},
	} );
}

async function storedSettings( requestUtils: RequestUtils ) {
	return requestUtils.rest< {
		manageOrders: boolean;
		apiKeySet: boolean;
		apiKeyLast4: string;
		merchantKey: string;
	} >( { path: '/ecster-om/v1/settings' } );
}

test.describe( 'Ecster Pay settings screen', () => {
	test.beforeEach( async ( { requestUtils } ) => {
		await resetSettings( requestUtils );
	} );

	test.afterAll( async ( { requestUtils } ) => {
		// Leave the shop as other specs expect it: managed with the sandbox keys.
		await requestUtils.rest( {
			method: 'POST',
			path: '/ecster-om/v1/settings',
			data: {
				manageOrders: true,
				apiKey: API_KEY,
				merchantKey: MERCHANT_KEY,
			},
		} );
	} );

	test( 'turning Manage orders on with keys is saved and survives a reload; the key never reaches the browser', async ( {
		admin,
		page,
		requestUtils,
	} ) => {
		const answers = new AnswerLog( page );
		await admin.visitAdminPage( ...SCREEN );
		const root = page.locator( '#ecster-om-settings-root' );

		const manage = root.getByRole( 'checkbox', { name: 'Manage orders' } );
		await expect( manage ).not.toBeChecked();
		// The test site points the plugin at the sandbox with ECSTER_OM_API_URL.
		await expect(
			root.getByText(
				/every Ecster call goes to http:\/\/127\.0\.0\.1:\d+\/rest\/public\//
			)
		).toBeVisible();
		await expect(
			page.locator( '#mainform .woocommerce-save-button' )
		).toHaveCount( 0 );

		await manage.check();
		await root.getByLabel( 'API key', { exact: true } ).fill( API_KEY );
		await page
			.getByRole( 'textbox', { name: 'Merchant key' } )
			.fill( MERCHANT_KEY );
		await root.getByRole( 'button', { name: 'Save changes' } ).click();

		await expect( root.getByText( 'Settings saved.' ) ).toBeVisible();
		await expect(
			root.getByText( 'An API key is stored, ending in -key.' )
		).toBeVisible();
		await expect(
			root.getByLabel( 'API key', { exact: true } )
		).toHaveCount( 0 );

		await page.reload();
		await expect(
			root.getByRole( 'checkbox', { name: 'Manage orders' } )
		).toBeChecked();
		await expect(
			root.getByText( 'An API key is stored, ending in -key.' )
		).toBeVisible();
		await expect(
			root.getByRole( 'button', { name: 'Replace key' } )
		).toBeVisible();
		await expect(
			root.getByRole( 'textbox', { name: 'Merchant key' } )
		).toHaveValue( MERCHANT_KEY );
		expect( await page.content() ).not.toContain( API_KEY );

		const stored = await storedSettings( requestUtils );
		expect( stored ).toMatchObject( {
			manageOrders: true,
			apiKeySet: true,
			apiKeyLast4: '-key',
		} );

		const bodies = await answers.bodies();
		expect(
			bodies.some( ( body ) => body.includes( '/ecster-om/v1/settings' ) )
		).toBe( true );
		for ( const body of bodies ) {
			expect( body ).not.toContain( API_KEY );
		}
	} );

	test( 'a validation error is shown next to the field and nothing is saved', async ( {
		admin,
		page,
		requestUtils,
	} ) => {
		await admin.visitAdminPage( ...SCREEN );
		const root = page.locator( '#ecster-om-settings-root' );
		await root.getByRole( 'checkbox', { name: 'Manage orders' } ).check();
		await page
			.getByRole( 'textbox', { name: 'Merchant key' } )
			.fill( 'sandbox merchant' );
		await root.getByRole( 'checkbox', { name: 'Logging' } ).check();
		await root.getByRole( 'button', { name: 'Save changes' } ).click();

		await expect(
			page
				.locator( '.components-notice.is-error' )
				.getByText(
					'Nothing was saved: correct the highlighted settings.'
				)
		).toBeVisible();
		await expect(
			root.getByLabel( 'API key', { exact: true } )
		).toHaveAccessibleDescription(
			/Enter the API key: Manage orders needs it\./
		);
		await expect(
			root.getByRole( 'textbox', { name: 'Merchant key' } )
		).toHaveAccessibleDescription( /no spaces/ );
		await expect(
			root.getByLabel( 'API key', { exact: true } )
		).toBeFocused();

		const stored = await storedSettings( requestUtils );
		expect( stored ).toMatchObject( {
			manageOrders: false,
			apiKeySet: false,
			merchantKey: '',
		} );

		// Leaving now asks first: the changes are not saved.
		const dialogs: string[] = [];
		page.on( 'dialog', ( dialog ) => {
			dialogs.push( dialog.type() );
			void dialog.accept();
		} );
		await page.reload();
		expect( dialogs ).toEqual( [ 'beforeunload' ] );
		await expect(
			root.getByRole( 'checkbox', { name: 'Manage orders' } )
		).not.toBeChecked();
		await expect(
			root.getByRole( 'checkbox', { name: 'Logging' } )
		).not.toBeChecked();
	} );

	test( 'Check connection reports accepted sandbox keys and rejected wrong keys, before saving', async ( {
		admin,
		page,
		requestUtils,
	} ) => {
		const answers = new AnswerLog( page );
		await admin.visitAdminPage( ...SCREEN );
		const root = page.locator( '#ecster-om-settings-root' );

		await root.getByLabel( 'API key', { exact: true } ).fill( API_KEY );
		await page
			.getByRole( 'textbox', { name: 'Merchant key' } )
			.fill( MERCHANT_KEY );
		await root.getByRole( 'button', { name: 'Check connection' } ).click();
		await expect( root.getByText( 'Credentials accepted.' ) ).toBeVisible();
		await expect(
			root.locator( '.ecster-om-connection__accepted' )
		).toContainText( 'Ecster accepted the API key and merchant key' );

		await page
			.getByLabel( 'API key', { exact: true } )
			.fill( 'wrong-api-key' );
		await expect( root.getByText( 'Credentials accepted.' ) ).toHaveCount(
			0
		);
		await root.getByRole( 'button', { name: 'Check connection' } ).click();
		await expect( root.getByText( 'Credentials rejected.' ) ).toBeVisible();
		await expect(
			root.locator( '.ecster-om-connection__rejected' )
		).toContainText( 'Ecster rejected the API key or merchant key' );

		// Checking saved nothing.
		expect( await storedSettings( requestUtils ) ).toMatchObject( {
			apiKeySet: false,
			merchantKey: '',
		} );
		for ( const body of await answers.bodies() ) {
			expect( body ).not.toContain( API_KEY );
			expect( body ).not.toContain( 'wrong-api-key' );
		}
	} );

	test( 'WooCommerce’s Payments settings list the gateway with a link to this screen', async ( {
		admin,
		page,
	} ) => {
		await admin.visitAdminPage(
			'admin.php',
			'page=wc-settings&tab=checkout'
		);
		const item = page
			.locator( '.woocommerce-list__item', { hasText: 'Ecster Pay' } )
			.first();
		await expect( item ).toBeVisible();
		// Manage orders is off: WooCommerce shows "Action needed" and its setup button leads here.
		await expect( item.getByText( 'Action needed' ) ).toBeVisible();
		await item.getByText( 'Complete setup' ).click();
		await expect( page ).toHaveURL( /section=ecster/ );
		await expect(
			page.getByRole( 'checkbox', { name: 'Manage orders' } )
		).toBeVisible();
	} );

	test( 'the Payments list row is order management: Enable and Disable turn Manage orders on and off', async ( {
		admin,
		page,
		requestUtils,
	} ) => {
		// Keys stored, Manage orders off: "Inactive" with WooCommerce's Enable button.
		await requestUtils.rest( {
			method: 'POST',
			path: '/ecster-om/v1/settings',
			data: { apiKey: API_KEY, merchantKey: MERCHANT_KEY },
		} );
		await admin.visitAdminPage(
			'admin.php',
			'page=wc-settings&tab=checkout'
		);
		const item = page
			.locator( '.woocommerce-list__item', { hasText: 'Ecster Pay' } )
			.first();
		await expect(
			item.getByText( 'Order management for Ecster Pay orders' )
		).toBeVisible();
		await expect( item.getByText( 'Inactive' ) ).toBeVisible();

		// WooCommerce renders Enable as a link to the settings that it handles with its toggle request.
		await item.getByText( 'Enable', { exact: true } ).click();
		// The sandbox URL counts as a test environment: WooCommerce says "Test mode".
		await expect( item.getByText( 'Test mode' ) ).toBeVisible();
		expect( await storedSettings( requestUtils ) ).toMatchObject( {
			manageOrders: true,
		} );

		await item
			.getByRole( 'button', { name: 'Payment Provider Options' } )
			.click();
		await page.getByRole( 'button', { name: 'Disable' } ).click();
		await expect( item.getByText( 'Inactive' ) ).toBeVisible();
		expect( await storedSettings( requestUtils ) ).toMatchObject( {
			manageOrders: false,
		} );
	} );
} );
