/** Unit, simulator and node tests run in-process; the real-n8n end-to-end tests have their own project. */
/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/timeouts.ts'],
		},
	],
};
