/**
 * Jest: wp-scripts' preset plus the ESM transform fix for Node 20
 * (uuid and @wordpress/theme ship ESM only; .mjs must be transformed too).
 */
const defaultConfig = require( '@wordpress/scripts/config/jest-unit.config.js' );

const esmOnly = [ 'uuid', '@wordpress/theme' ];
const [ [ , transformer ] ] = Object.entries(
	defaultConfig.transform || { x: require.resolve( 'babel-jest' ) }
);

module.exports = {
	...defaultConfig,
	rootDir: __dirname,
	testMatch: [
		'<rootDir>/tests/js/**/*.test.[jt]s?(x)',
		'<rootDir>/tests/sandbox/**/*.test.ts',
	],
	testPathIgnorePatterns: [
		'/node_modules/',
		'/plugin/build/',
		'/tests/e2e/',
	],
	transform: { '\\.[cm]?[jt]sx?$': transformer },
	transformIgnorePatterns: [
		`/node_modules/(?!(${ esmOnly.join( '|' ) })/)`,
	],
	setupFilesAfterEnv: [ '<rootDir>/jest.setup.ts' ],
};
