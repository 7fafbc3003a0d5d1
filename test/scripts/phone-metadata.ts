/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	no-console
	-- a command-line script: what it prints is its output */
/**
 * Writes nodes/core/identity/phone-metadata.ts from libphonenumber's metadata (the libphonenumber-js
 * dev dependency): the numbering plan of every region, only the fields the phone reader needs.
 * Runtime dependencies are not allowed in n8n community nodes, so the data is generated and
 * committed; a unit test checks the committed file still matches.
 *
 *   npx tsx test/scripts/phone-metadata.ts          # rewrite the file
 *   npx tsx test/scripts/phone-metadata.ts --check  # exit 1 if it is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { phoneMetadataSource } from './phone-metadata-source';

const target = resolve(__dirname, '../../nodes/core/identity/phone-metadata.ts');
const source = phoneMetadataSource();
if (process.argv.includes('--check')) {
	if (readFileSync(target, 'utf8') !== source) {
		console.error(
			'nodes/core/identity/phone-metadata.ts is out of date: run npx tsx test/scripts/phone-metadata.ts',
		);
		process.exit(1);
	}
} else {
	writeFileSync(target, source);
}
