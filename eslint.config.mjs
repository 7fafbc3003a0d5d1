import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tsParser from '@typescript-eslint/parser';

/** The rules n8n applies to community and verified community packages, over what we ship. */
export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.cache/**',
			'test/**',
			'workflows/**',
			'*.js',
			'*.mjs',
		],
	},
	{
		// package.json is parsed as a JSON expression, which is what both plugins' package rules expect.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { sourceType: 'module', extraFileExtensions: ['.json'] },
		},
	},
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Applies to n8n's own repository only (its docs slugs); a community credential links a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.node.ts', 'nodes/**/actions/**/*.ts', 'nodes/**/descriptions/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Superseded: n8n's newer rule (node-connection-type-literal) asks for NodeConnectionTypes instead.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		// The pure core imports nothing from n8n by design; n8n's rules still apply to it in full (its
		// errors never leave a catch block raw; the shells turn them into NodeApiError, see
		// nodes/clients/node-error.ts).
		files: ['nodes/core/**/*.ts'],
		rules: {
			// The core is plain TypeScript: no n8n, and nothing from the node shells around it.
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(n8n-|@n8n/)',
							message:
								'nodes/core must not import n8n: pass plain data in, let the node shell talk to n8n.',
						},
						{
							regex: '^\\.\\./\\.\\./',
							message: 'nodes/core must not import from the node shells around it.',
						},
					],
				},
			],
		},
	},
];
