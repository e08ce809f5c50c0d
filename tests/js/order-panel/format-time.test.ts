/**
 * Transaction times are shown in the site's time zone and formats (Settings → General), whatever
 * the browser's time zone.
 */
import { getSettings, setSettings } from '@wordpress/date';

import { formatTime } from '../../../src/order-panel/labels';

const original = getSettings();

afterEach( () => setSettings( original ) );

function site( offset: number, date: string, time: string ): void {
	setSettings( {
		...original,
		formats: { ...original.formats, date, time },
		timezone: {
			offset,
			offsetFormatted: String( offset ),
			string: '',
			abbr: '',
		},
	} );
}

it( 'converts Ecster’s time to the site’s time zone and formats it as the site does', () => {
	site( 5.5, 'Y-m-d', 'H:i' );
	expect( formatTime( '2026-03-10T12:00:00.000Z' ) ).toBe(
		'2026-03-10 17:30'
	);
	// Ecster writes its own offset; the site's zone still decides what is shown.
	expect( formatTime( '2026-03-10T13:00:00.000+0100' ) ).toBe(
		'2026-03-10 17:30'
	);
} );

it( 'follows the site’s date and time format', () => {
	site( 1, 'j F Y', 'H:i' );
	expect( formatTime( '2026-12-01T09:05:00Z' ) ).toBe(
		'1 December 2026 10:05'
	);
} );

it( 'leaves a value that is not a time as it is', () => {
	expect( formatTime( '' ) ).toBe( '' );
	expect( formatTime( 'yesterday' ) ).toBe( 'yesterday' );
} );
