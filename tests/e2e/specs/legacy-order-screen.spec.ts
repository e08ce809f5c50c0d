/**
 * The legacy order screen (`post.php?post=<id>&action=edit`) of a store with HPOS off: the
 * merchant sets Completed and clicks Update, confirms the debit in the Ecster Pay panel, and
 * the order is saved Completed with the debit note; the panel shows the debited state.
 *
 * `npm run test:legacy-screen` (bin/test-legacy-screen.sh) starts a store of its own with legacy
 * posts storage (instance "legacy", ECSTER_OM_ORDER_STORAGE=posts) and runs this spec there; in the
 * ordinary e2e run (HPOS) it is skipped.
 */
import { test, expect } from '../fixtures';
import {
	chooseOrderStatus,
	nextPageLoad,
	orderNotesOnPage,
	setEcsterSettings,
	skipAdminBackgroundRequests,
	waitForEcsterPanel,
} from '../utils/woo';

// eslint-disable-next-line playwright/no-skipped-test -- runs only on a store with legacy storage.
test.skip(
	process.env.ECSTER_OM_ORDER_STORAGE !== 'posts',
	'runs on a store with legacy order storage: npm run test:legacy-screen'
);

test( 'Completed + Update on post.php debits the order once, notes it and the panel shows it', async ( {
	page,
	requestUtils,
	store,
	sandbox,
} ) => {
	await sandbox.waitUntilReady();
	await setEcsterSettings( requestUtils, { manage_ecster_orders: 'yes' } );
	const { order, ecster } = await store.createManagedOrder();
	const total = Math.round( Number( order.total ) * 100 );
	expect( order.status ).toBe( 'processing' );

	// The order is a post: WooCommerce opens it on post.php and stays there.
	await skipAdminBackgroundRequests( page );
	await page.goto( `/wp-admin/post.php?post=${ order.id }&action=edit` );
	await expect( page ).toHaveURL(
		new RegExp( `/wp-admin/post\\.php\\?post=${ order.id }&action=edit` )
	);
	await expect( page.locator( 'form#post' ) ).toBeAttached();
	await expect( page.locator( 'form#order' ) ).toHaveCount( 0 );
	await expect( page.locator( '#woocommerce-order-items' ) ).toBeVisible();
	await waitForEcsterPanel( page );
	const panel = page.locator( '#ecster-om-order-panel' );
	await expect( panel ).toContainText( 'READY' );

	await chooseOrderStatus( page, 'wc-completed' );
	await page.getByRole( 'button', { name: 'Update' } ).click();
	const dialog = page.getByRole( 'dialog', {
		name: 'Debit the order in Ecster?',
	} );
	await expect( dialog ).toContainText( /Debit 998,00\s+kr in Ecster/ );
	expect( await store.transactionRequests( ecster.id ) ).toHaveLength( 0 );

	const saved = nextPageLoad( page );
	await dialog.getByRole( 'button', { name: 'Debit and save' } ).click();
	await saved;

	await expect( page ).toHaveURL(
		/\/wp-admin\/post\.php\?post=\d+&action=edit/
	);
	await expect( page.locator( '#message' ) ).toContainText( 'Order updated' );
	await expect( page.locator( '#order_status' ) ).toHaveValue(
		'wc-completed'
	);

	const inEcster = await sandbox.getOrder( ecster.id );
	expect( inEcster.status ).toBe( 'FULLY_DELIVERED' );
	const debits = inEcster.transactions.filter( ( t ) => t.type === 'DEBIT' );
	expect( debits ).toHaveLength( 1 );
	expect( debits[ 0 ].amount ).toBe( total );

	const debitNote = orderNotesOnPage( page ).filter( {
		hasText: 'Ecster payment debited',
	} );
	await expect( debitNote ).toHaveCount( 1 );
	await expect( debitNote ).toContainText(
		`(transaction ${ debits[ 0 ].id })`
	);

	// The panel of the saved page asks Ecster again and shows the debit.
	await waitForEcsterPanel( page );
	await expect( panel ).toContainText( 'FULLY_DELIVERED' );
	await expect( panel ).toContainText( debits[ 0 ].id );

	const requests = await store.transactionRequests( ecster.id );
	expect( requests ).toHaveLength( 1 );
	expect( requests[ 0 ].body ).toMatchObject( {
		type: 'DEBIT',
		amount: total,
		transactionReference: String( order.id ),
	} );
	const saved2 = await store.order( order.id );
	expect( saved2.status ).toBe( 'completed' );
	expect(
		saved2.meta_data.find( ( m ) => m.key === '_ecster_order_captured_id' )
			?.value
	).toBe( debits[ 0 ].id );
} );
