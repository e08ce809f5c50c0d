/**
 * Money formatting like WooCommerce's wc_price() and parsing like its admin scripts.
 */
import {
	formatMajor,
	formatMinor,
	majorToMinor,
	numberFormat,
	parseAmount,
} from '../../../src/shared/money';
import type { PriceFormat } from '../../../src/shared/money';
import { SWEDISH } from './helpers';

const NBSP = '\u00a0';

const US: PriceFormat = {
	symbol: '$',
	decimals: 2,
	decimalSeparator: '.',
	thousandSeparator: ',',
	position: 'left',
	minorUnitDigits: 2,
};

describe( 'formatMinor', () => {
	it( 'formats Swedish settings as "998,00 kr" with a non-breaking space, like wc_price()', () => {
		expect( formatMinor( 99800, SWEDISH ) ).toBe( `998,00${ NBSP }kr` );
	} );

	it( 'groups thousands with the store separator', () => {
		expect( formatMinor( 123456750, SWEDISH ) ).toBe(
			`1 234 567,50${ NBSP }kr`
		);
		expect( formatMinor( 123456750, US ) ).toBe( '$1,234,567.50' );
	} );

	it( 'honours every currency position', () => {
		expect( formatMinor( 1050, { ...US, position: 'left' } ) ).toBe(
			'$10.50'
		);
		expect( formatMinor( 1050, { ...US, position: 'right' } ) ).toBe(
			'10.50$'
		);
		expect( formatMinor( 1050, { ...US, position: 'left_space' } ) ).toBe(
			`$${ NBSP }10.50`
		);
		expect( formatMinor( 1050, { ...US, position: 'right_space' } ) ).toBe(
			`10.50${ NBSP }$`
		);
	} );

	it( 'puts the minus sign in front, as wc_price() does', () => {
		expect( formatMinor( -1050, US ) ).toBe( '-$10.50' );
		expect( formatMinor( -1050, SWEDISH ) ).toBe( `-10,50${ NBSP }kr` );
	} );

	it( 'rounds to the store decimals half away from zero', () => {
		expect( formatMinor( 99850, { ...SWEDISH, decimals: 0 } ) ).toBe(
			`999${ NBSP }kr`
		);
		expect( formatMinor( 99849, { ...SWEDISH, decimals: 0 } ) ).toBe(
			`998${ NBSP }kr`
		);
		expect( formatMajor( 1.005, US ) ).toBe( '$1.01' );
		expect( formatMinor( 0, SWEDISH ) ).toBe( `0,00${ NBSP }kr` );
	} );

	it( 'shows three decimals when the store uses three', () => {
		expect( formatMinor( 1, { ...US, decimals: 3 } ) ).toBe( '$0.010' );
	} );
} );

describe( 'numberFormat', () => {
	it( 'works like PHP number_format', () => {
		expect( numberFormat( 1234.5, 2, '.', ',' ) ).toBe( '1,234.50' );
		expect( numberFormat( 999.995, 2, ',', '' ) ).toBe( '1000,00' );
		expect( numberFormat( 12, 0, ',', '.' ) ).toBe( '12' );
	} );
} );

describe( 'parseAmount and majorToMinor', () => {
	it( 'reads amounts typed with the admin decimal point', () => {
		expect( parseAmount( '499,50', ',' ) ).toBe( 499.5 );
		expect( parseAmount( '1 234,50', ',' ) ).toBe( 1234.5 );
		expect( parseAmount( '1,234.50', '.' ) ).toBe( 1234.5 );
		expect( parseAmount( ' 12 ', '.' ) ).toBe( 12 );
	} );

	it( 'returns null when there is no number', () => {
		expect( parseAmount( '', ',' ) ).toBeNull();
		expect( parseAmount( 'abc', '.' ) ).toBeNull();
		expect( parseAmount( ',', ',' ) ).toBeNull();
	} );

	it( 'converts to integer minor units without float errors', () => {
		expect( majorToMinor( 0.29, SWEDISH ) ).toBe( 29 );
		expect( majorToMinor( 1.005, SWEDISH ) ).toBe( 101 );
		expect( majorToMinor( 998, SWEDISH ) ).toBe( 99800 );
		expect( majorToMinor( -10.5, SWEDISH ) ).toBe( -1050 );
	} );
} );
