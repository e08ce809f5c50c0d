/**
 * Mounting on WooCommerce's settings page: the root leaves WooCommerce's form, and broken
 * initial data mounts nothing.
 */
import { act, screen } from '@testing-library/react';
import { select } from '@wordpress/data';

import { mount, readScreenData, ROOT_ID } from '../../../src/settings/index';
import { store } from '../../../src/settings/store';
import { LOGS_URL, saved } from './helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

function wooCommercePage(): HTMLElement {
	document.body.innerHTML = `
		<div class="wrap woocommerce">
			<form method="post" id="mainform">
				<h2>Ecster Pay</h2>
				<div id="${ ROOT_ID }" class="ecster-om-settings"><p>Loading…</p></div>
				<input type="hidden" name="_wpnonce" value="x" />
			</form>
		</div>`;
	return document.getElementById( ROOT_ID ) as HTMLElement;
}

afterEach( () => {
	delete window.ecsterOmSettings;
	document.body.innerHTML = '';
} );

it( 'moves out of WooCommerce’s settings form and renders the stored settings', async () => {
	const root = wooCommercePage();
	window.ecsterOmSettings = {
		settings: saved( {
			manageOrders: true,
			merchantKey: 'm-1',
			apiKeySet: true,
			apiKeyLast4: '7f3a',
		} ),
		logsUrl: LOGS_URL,
		paymentsUrl:
			'http://example.test/wp-admin/admin.php?page=wc-settings&tab=checkout',
	};

	let mounted = false;
	await act( async () => {
		mounted = mount( root );
	} );

	expect( mounted ).toBe( true );
	expect( root.closest( 'form#mainform' ) ).toBeNull();
	expect( document.getElementById( 'mainform' )?.nextElementSibling ).toBe(
		root
	);
	expect(
		screen.getByRole( 'checkbox', { name: 'Manage orders' } )
	).toBeChecked();
	expect( screen.queryByText( 'Loading…' ) ).not.toBeInTheDocument();
	expect( select( store ).getSaved().apiKeyLast4 ).toBe( '7f3a' );
	// The screen is no form of its own: nothing nests in WooCommerce's form, wherever it sits.
	expect( root.querySelector( 'form' ) ).toBeNull();
	expect( document.querySelectorAll( 'form form' ) ).toHaveLength( 0 );
	expect( document.querySelectorAll( 'form' ) ).toHaveLength( 1 );
} );

it( 'mounts nothing when the initial data is missing or malformed', () => {
	const root = wooCommercePage();
	window.ecsterOmSettings = {
		settings: { manageOrders: 'yes' },
		logsUrl: LOGS_URL,
	};
	expect( mount( root ) ).toBe( false );
	expect( root.textContent ).toContain( 'Loading…' );
} );

it( 'accepts only well-formed initial data', () => {
	expect( readScreenData( undefined ) ).toBeNull();
	expect( readScreenData( { settings: saved() } ) ).toBeNull();
	expect(
		readScreenData( { settings: saved(), logsUrl: LOGS_URL } )
	).toEqual( {
		settings: saved(),
		logsUrl: LOGS_URL,
		paymentsUrl: '',
	} );
} );
