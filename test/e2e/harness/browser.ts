/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-dangerous-functions,
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
/** Debian's Chromium for the editor and status-page tests (test/scripts/ensure-browser.sh installs it). */
import { execFileSync } from 'node:child_process';

/** The browser on PATH; a clear error when it is missing. */
export function chromiumPath(): string {
	try {
		return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error('chromium is missing: run test/scripts/ensure-browser.sh');
	}
}

/** Headless, sandbox-free (CI runs as root), and without any call home. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
