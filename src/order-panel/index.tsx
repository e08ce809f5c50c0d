/**
 * Entry of the "Ecster Pay" panel on the WooCommerce order edit screen (HPOS and legacy).
 * The script is printed in the footer, after the meta box's root element.
 */
import { mount, ROOT_ID } from './mount';
import './order-panel.scss';

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
