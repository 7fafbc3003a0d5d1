/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { phoneMetadataSource } from '../../scripts/phone-metadata-source';

describe('generated phone metadata', () => {
	it('is what test/scripts/phone-metadata.ts makes from the libphonenumber-js in package-lock.json', () => {
		const committed = readFileSync(
			resolve(__dirname, '../../../nodes/core/identity/phone-metadata.ts'),
			'utf8',
		);
		expect(committed === phoneMetadataSource()).toBe(true);
	});
});
