/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const CACHE_DIR = join(REPO_ROOT, '.cache');
export const INSTALL_SCRIPT = join(REPO_ROOT, 'test/n8n/install-n8n.sh');
/** Where the packed package is written once per test run. */
export const PACK_DIR = join(CACHE_DIR, 'e2e-pack');
export const PACKAGE_NAME = 'n8n-nodes-sitoo-klaviyo';
