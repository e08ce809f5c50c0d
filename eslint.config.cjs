/**
 * ESLint: wp-scripts' defaults, plus what a TypeScript project needs.
 */
const defaults = require( '@wordpress/scripts/config/eslint.config.cjs' );
const wpPlugin = require( '@wordpress/eslint-plugin' );

module.exports = [
	...defaults,
	{
		ignores: [ 'plugin/build/**', 'artifacts/**', 'tools/**' ],
	},
	// Jest tests (components, stores, sandbox) written in TypeScript.
	...wpPlugin.configs[ 'test-unit' ].map( ( config ) => ( {
		...config,
		files: [ 'tests/js/**/*.{ts,tsx}', 'tests/sandbox/**/*.ts' ],
	} ) ),
	{
		files: [ 'tests/js/**/*.{ts,tsx}', 'tests/sandbox/**/*.ts' ],
		rules: {
			// Jest's per-file docblock `@jest-environment node`.
			'jsdoc/check-tag-names': [
				'error',
				{ definedTags: [ 'jest-environment' ] },
			],
		},
	},
	// Playwright end-to-end specs and their fixtures.
	...wpPlugin.configs[ 'test-playwright' ].map( ( config ) => ( {
		...config,
		files: [ 'tests/e2e/**/*.ts' ],
	} ) ),
	{
		files: [ 'tests/e2e/**/*.ts' ],
		rules: {
			// Playwright fixtures receive a `use` callback that is not a React hook.
			'react-hooks/rules-of-hooks': 'off',
		},
	},
	{
		files: [ '**/*.{ts,tsx}' ],
		rules: {
			// Types document parameters and return values; JSDoc need not repeat them.
			'jsdoc/require-param': 'off',
			'jsdoc/require-param-type': 'off',
			'jsdoc/require-returns': 'off',
			'jsdoc/require-returns-type': 'off',
		},
	},
	{
		// Node scripts (sandbox, benchmarks, e2e set-up) print to the console on purpose.
		files: [ 'ecster-sandbox/**', 'tests/e2e/**', 'bin/**' ],
		rules: {
			'no-console': 'off',
		},
	},
];
