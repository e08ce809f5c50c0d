/**
 * Entry of the bulk-action notice on WooCommerce's orders list (HPOS and legacy). The script is
 * printed in the footer, after the notice's root element.
 */
import { mount, ROOT_ID } from './mount';
import './bulk.scss';

function start(): void {
	const element = document.getElementById( ROOT_ID );
	if ( element ) {
		mount( element );
	}
}

if ( 'loading' === document.readyState ) {
	document.addEventListener( 'DOMContentLoaded', start );
} else {
	start();
}
