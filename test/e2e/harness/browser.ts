/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-dangerous-functions,
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
/** Debian's Chromium for the editor and status-page tests (test/scripts/ensure-browser.sh installs it). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

export interface OpenBrowser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** A headless Chromium with a new, empty profile (playwright passes it as --user-data-dir). */
export async function openBrowser(): Promise<OpenBrowser> {
	const profileDir = mkdtempSync(join(tmpdir(), 'chromium-e2e-'));
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: chromiumPath(),
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1600, height: 1000 },
	});
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close();
			rmSync(profileDir, { recursive: true, force: true });
		},
	};
}

/** Signs in through n8n's own sign-in page, as a user does. */
export async function signIn(
	page: Page,
	baseUrl: string,
	login: { email: string; password: string },
): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"]')
		.first()
		.fill(login.email);
	await page.locator('input[type="password"]').first().fill(login.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}
