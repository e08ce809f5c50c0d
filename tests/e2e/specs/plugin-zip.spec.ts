/**
 * The release zip in a fresh store: `npm run test:plugin-zip` unzips
 * artifacts' ecster-order-management.zip, starts a new store whose plugin folder is the unzipped
 * one (ECSTER_OM_PLUGIN_DIR) and runs this spec. The merchant deactivates and activates the plugin
 * on the Plugins screen, opens its settings from there and opens an Ecster order.
 *
 * In the ordinary e2e run (the checkout's plugin/ folder) it is skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../fixtures';
import {
	orderEditUrl,
	setEcsterSettings,
	waitForEcsterPanel,
} from '../utils/woo';

const PLUGIN_FILE = 'ecster-order-management/ecster-order-management.php';
const pluginDir = process.env.ECSTER_OM_PLUGIN_DIR ?? '';
const checkoutPlugin = path.resolve( __dirname, '../../../plugin' );

// eslint-disable-next-line playwright/no-skipped-test -- runs only on a store made from the zip.
test.skip(
	'' === pluginDir || path.resolve( pluginDir ) === checkoutPlugin,
	'runs on a store made from the zip: npm run test:plugin-zip'
);

test( 'the unzipped plugin activates in a fresh store, and its settings and an Ecster order open', async ( {
	page,
	requestUtils,
	store,
	sandbox,
} ) => {
	// The store runs the unzipped release: no development files in its folder.
	expect(
		fs.existsSync( path.join( pluginDir, 'ecster-order-management.php' ) )
	).toBe( true );
	expect( fs.existsSync( path.join( pluginDir, 'readme.txt' ) ) ).toBe(
		true
	);
	expect( fs.readdirSync( pluginDir ).sort() ).toEqual( [
		'LICENSE',
		'build',
		'changelog.txt',
		'ecster-order-management.php',
		'languages',
		'readme.txt',
		'src',
		'uninstall.php',
	] );

	// Plugins screen: deactivate, then activate as a merchant does.
	await page.goto( '/wp-admin/plugins.php' );
	const row = page.locator( `tr[data-plugin="${ PLUGIN_FILE }"]` );
	await expect( row ).toHaveClass( /\bactive\b/ );
	await expect( row ).toContainText(
		'Ecster Order Management for WooCommerce'
	);
	await expect( row ).toContainText( 'Version 1.0.0' );
	await row.getByRole( 'link', { name: /^Deactivate/ } ).click();
	await expect( page.locator( '#message' ) ).toContainText(
		'Plugin deactivated.'
	);
	await expect( row ).toHaveClass( /\binactive\b/ );

	await row.getByRole( 'link', { name: /^Activate/ } ).click();
	await expect( page.locator( '#message' ) ).toContainText(
		'Plugin activated.'
	);
	await expect( row ).toHaveClass( /\bactive\b/ );
	await expect( page.locator( '.notice-error' ) ).toHaveCount( 0 );

	// Its "Settings" link opens the settings screen (the built script runs).
	await row.getByRole( 'link', { name: 'Ecster Pay settings' } ).click();
	await expect( page ).toHaveURL( /section=ecster/ );
	await expect(
		page.getByRole( 'checkbox', { name: 'Manage orders' } )
	).toBeVisible();

	// An Ecster order: the Ecster Pay box shows what Ecster reserved.
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
	const { order } = await store.createManagedOrder();
	await page.goto( orderEditUrl( order.id ) );
	await waitForEcsterPanel( page );
	const panel = page.locator( '#ecster-om-order-panel' );
	await expect( panel ).toContainText( 'Reserved' );
	await expect( panel ).toContainText( /998,00\s+kr/ );
} );
