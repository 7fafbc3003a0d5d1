/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * The templates as a retailer sees them: headless Chromium (Debian's, driven by playwright-core) logs
 * into a real n8n 2.41 editor, opens every template and checks each node is drawn as its real type,
 * with our icons, and never as n8n's "node not installed" placeholder. Screenshots go to the
 * git-ignored `.cache/artifacts/editor/` for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPath, openBrowser, signIn, type OpenBrowser } from './harness/browser';
import { N8nInstance, OWNER } from './harness/n8n-instance';
import { CACHE_DIR } from './harness/paths';
import {
	spiLogin,
	startSimulators,
	STATUS_PAGE_LOGIN,
	type Simulators,
} from './harness/simulators';
import { bindCredentials, loadTemplates, type WorkflowTemplate } from '../demo/templates';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const ARTIFACTS = join(CACHE_DIR, 'artifacts', 'editor');
const SPI_CREDENTIAL = spiLogin({
	id: 'spiLoginEdit001',
	login: { user: 'sitoo-editor', password: 'editor-e2e-login-0123456789' },
});
/** What n8n's editor says instead of a node it does not know (n8n-editor-ui 2.41 strings). */
const NOT_INSTALLED = /not currently installed|Install this node|Install node/i;

describe('templates in the n8n editor (headless Chromium)', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let browser: OpenBrowser;
	let page: Page;
	let templates: WorkflowTemplate[];

	beforeAll(async () => {
		chromiumPath();
		mkdirSync(ARTIFACTS, { recursive: true });
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([
			sims.credentials.sitoo,
			sims.credentials.klaviyo,
			SPI_CREDENTIAL,
			STATUS_PAGE_LOGIN,
		]);
		templates = loadTemplates();
		for (const t of templates)
			await n8n.importWorkflow(
				bindCredentials(t, {
					sitooApi: sims.credentials.sitoo,
					klaviyoApi: sims.credentials.klaviyo,
					sitooSpiAuthApi: SPI_CREDENTIAL,
					httpBasicAuth: STATUS_PAGE_LOGIN,
				}),
			);
		browser = await openBrowser();
		page = browser.page;
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.dispose();
		await sims?.close();
	});

	it('logs in with the owner account through the sign-in page', async () => {
		await signIn(page, n8n.baseUrl, OWNER);
		await page.screenshot({ path: join(ARTIFACTS, '0-after-login.png') });
	});

	it.each([
		'storeSalesToKlaviyo',
		'storeSalesRealTime',
		'refundsToKlaviyo',
		'consentAtTheTill',
		'backfillHistory',
		'errorHandlerLedger',
	])('opens template %s with every node drawn as its own type', async (id) => {
		const template = templates.find((t) => t.id === id)!;
		const working = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		await page.goto(`${n8n.baseUrl}/workflow/${id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 30_000 });
		// Every node is on the canvas under its name and type.
		const drawn = await page.locator('[data-test-id="canvas-node"]').evaluateAll((elements) =>
			elements.map((e) => ({
				name: e.getAttribute('data-node-name'),
				type: e.getAttribute('data-node-type'),
			})),
		);
		expect(
			drawn
				.filter((d) => d.type !== 'n8n-nodes-base.stickyNote')
				.sort((a, b) => String(a.name).localeCompare(String(b.name))),
		).toEqual(
			working
				.map((n) => ({ name: n.name, type: n.type }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		);
		await page.screenshot({ path: join(ARTIFACTS, `${id}.png`), fullPage: true });
		expect(await page.locator('body').innerText()).not.toMatch(NOT_INSTALLED);

		// Our nodes carry our icon (served from the installed package), not the placeholder.
		for (const node of working.filter((n) => n.type.startsWith(`${PACKAGE}.`))) {
			const element = page.locator(
				`[data-test-id="canvas-node"][data-node-name="${node.name.replace(/"/g, '\\"')}"]`,
			);
			const icon = element.locator('img');
			await icon.first().waitFor({ timeout: 10_000 });
			expect(await icon.first().getAttribute('src')).toMatch(
				/icons\/n8n-nodes-sitoo-klaviyo\/|sitoo|klaviyo/i,
			);

			// Opening it shows its parameters, not "This node is not currently installed".
			await element.dblclick();
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor({ timeout: 15_000 });
			await page
				.locator(
					'[data-test-id="ndv"] [data-test-id="node-parameters"], [data-test-id="ndv"] .parameter-item',
				)
				.first()
				.waitFor({ timeout: 15_000 });
			expect(await panel.innerText()).not.toMatch(NOT_INSTALLED);
			await page.screenshot({
				path: join(ARTIFACTS, `${id}--${node.name.replace(/[^A-Za-z0-9]+/g, '-')}.png`),
			});
			await page.keyboard.press('Escape');
			await panel.waitFor({ state: 'hidden', timeout: 10_000 });
		}
	});
});
