/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * The templates as most retailers get them: Workflows → Import from File in n8n's own editor
 * (headless Chromium on a real n8n 2.41), then saved. The import gives the workflows new ids and the
 * webhook triggers new webhook ids, and keeps no workflow settings. The only thing filled in afterwards
 * is what a template's notes ask for: the credentials (and, for failed runs, the error workflow). Each
 * template is then published and shown working against the simulators.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPath, openBrowser, signIn, type OpenBrowser } from './harness/browser';
import { N8nInstance, OWNER } from './harness/n8n-instance';
import { CACHE_DIR } from './harness/paths';
import {
	admin,
	listKlaviyoEvents,
	spiLogin,
	startSimulators,
	SITOO,
	STATUS_PAGE_LOGIN,
	type CredentialRecord,
	type Simulators,
} from './harness/simulators';
import { waitFor } from './harness/wait';
import { LEDGER_TABLE, pollNow, readLedger, setPublished, WORKFLOWS_DIR } from '../demo/templates';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const ARTIFACTS = join(CACHE_DIR, 'artifacts', 'editor-import');
const SPI_LOGIN = { user: 'sitoo-import', password: 'editor-import-login-0123456789' };
const SPI_CREDENTIAL = spiLogin({ id: 'spiLoginImport1', login: SPI_LOGIN });

interface StoredNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name: string }>;
	[key: string]: unknown;
}
interface StoredWorkflow {
	id: string;
	name: string;
	nodes: StoredNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}
interface SimOrder {
	orderid: number;
}

describe('templates imported through the editor (Workflows → Import from File)', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let browser: OpenBrowser;
	let page: Page;
	/** Template file → the id n8n gave the imported workflow. */
	const imported = new Map<string, string>();
	let secondRealTime = '';

	const credentialFor: Record<string, CredentialRecord> = {};
	const sitooAdmin = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(sims.sitooServer, method, `/__admin${path}`, body);
	const createOrder = async (body: Record<string, unknown>) =>
		(await sitooAdmin<{ order: SimOrder }>('POST', '/orders', body)).order;
	const placedOrders = async () =>
		(await listKlaviyoEvents(sims.klaviyoServer, 'Placed Order')).map((e) => e.uniqueId);
	const placedId = (orderId: number) => `sitoo:${SITOO.accountId}:${orderId}`;
	const stored = (id: string) => n8n.api<StoredWorkflow>('GET', `/workflows/${id}`);

	/** What a user does in the editor: a new workflow, ⋯ → Import from File, then Save. */
	async function importThroughEditor(file: string): Promise<string> {
		const before = new Set(
			(await n8n.api<{ data: Array<{ id: string }> }>('GET', '/workflows?limit=250')).data.map(
				(w) => w.id,
			),
		);
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await page.locator('[data-test-id="canvas-wrapper"], #canvas').first().waitFor();
		// The file input behind ⋯ → Import from File (n8n-editor-ui 2.41).
		await page
			.locator('[data-test-id="workflow-import-input"]')
			.setInputFiles(join(WORKFLOWS_DIR, file));
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.keyboard.press('Control+s');
		const id = await waitFor(
			`${file} saved`,
			async () =>
				(await n8n.api<{ data: Array<{ id: string }> }>('GET', '/workflows?limit=250')).data
					.map((w) => w.id)
					.find((candidate) => !before.has(candidate)),
			(found) => found !== undefined,
			30_000,
		);
		await page.screenshot({ path: join(ARTIFACTS, `${file}.png`) });
		return id!;
	}

	/**
	 * Picks a credential in each node that asks for one, as a user does in the coloured nodes: the editor's
	 * import drops the template's credential placeholders (they name no credential of this instance).
	 */
	async function fillCredentials(file: string, id: string) {
		const template = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as {
			nodes: StoredNode[];
		};
		const asks = new Map(template.nodes.map((node) => [node.name, node.credentials]));
		const workflow = await stored(id);
		const nodes = workflow.nodes.map((node) => {
			const wanted = asks.get(node.name);
			if (!wanted) return node;
			const picked: Record<string, { id: string; name: string }> = {};
			for (const type of Object.keys(wanted)) {
				const credential = credentialFor[type];
				if (!credential) throw new Error(`no ${type} credential for node "${node.name}"`);
				picked[type] = { id: credential.id, name: credential.name };
			}
			return { ...node, credentials: picked };
		});
		await n8n.api('PUT', `/workflows/${id}`, {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: { executionOrder: 'v1' },
		});
	}

	beforeAll(async () => {
		chromiumPath();
		mkdirSync(ARTIFACTS, { recursive: true });
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		Object.assign(credentialFor, {
			sitooApi: sims.credentials.sitoo,
			klaviyoApi: sims.credentials.klaviyo,
			sitooSpiAuthApi: SPI_CREDENTIAL,
			httpBasicAuth: STATUS_PAGE_LOGIN,
		});
		await n8n.importCredentials(Object.values(credentialFor));
		browser = await openBrowser();
		page = browser.page;
		page.setDefaultTimeout(30_000);
		await signIn(page, n8n.baseUrl, OWNER);
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.dispose();
		await sims?.close();
	});

	it.each([
		'6-error-handler-and-exception-ledger.json',
		'1-store-sales-to-klaviyo.json',
		'2-store-sales-to-klaviyo-real-time.json',
		'3-refunds-and-returns-to-klaviyo.json',
		'4-consent-at-the-till.json',
		'5-backfill-history.json',
		'7-sync-monitor.json',
	])('imports %s through the editor with every node and connection', async (file) => {
		const id = await importThroughEditor(file);
		imported.set(file, id);
		const workflow = await stored(id);
		const working = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		expect(working.length).toBeGreaterThan(1);
		expect(Object.keys(workflow.connections).length).toBeGreaterThan(0);
		// The package's webhook triggers got a webhook id of their own from the editor.
		for (const node of working.filter((n) => /\.sitoo(Events|Crm)Trigger$/.test(n.type)))
			expect({ node: node.name, webhookId: node.webhookId }).toEqual({
				node: node.name,
				webhookId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			});
	});

	it('a second import of the real-time template gets its own webhook URL, so both can be published', async () => {
		secondRealTime = await importThroughEditor('2-store-sales-to-klaviyo-real-time.json');
		const hook = async (id: string) =>
			(await stored(id)).nodes.find((n) => n.type === `${PACKAGE}.sitooEventsTrigger`)!.webhookId;
		const first = await hook(imported.get('2-store-sales-to-klaviyo-real-time.json')!);
		expect(await hook(secondRealTime)).not.toEqual(first);
	});

	it('publishes every template that starts by itself once its credentials are picked', async () => {
		for (const [file, id] of imported) {
			await fillCredentials(file, id);
			if (!/^5-/.test(file)) await setPublished(n8n, id, true);
		}
		await fillCredentials('2-store-sales-to-klaviyo-real-time.json', secondRealTime);
		await setPublished(n8n, secondRealTime, true);
		for (const file of ['1-store-sales-to-klaviyo.json', '3-refunds-and-returns-to-klaviyo.json'])
			await waitFor(
				`${file}: first poll`,
				() => n8n.executions(imported.get(file)!),
				(list) => list.length >= 1 && list.every((e) => e.finished),
				60_000,
			);
	});

	it('store sales: a member sale reaches Klaviyo once; a guest sale lands in the ledger the template makes itself', async () => {
		expect((await readLedger(n8n)).length).toBe(0);
		const member = await createOrder({ kind: 'sale', customer: 'member', storeId: 1 });
		const guest = await createOrder({ kind: 'sale', customer: 'noemail', storeId: 2 });
		const id = imported.get('1-store-sales-to-klaviyo.json')!;
		await pollNow(n8n, id);
		await waitFor('the member sale in Klaviyo', placedOrders, (ids) =>
			ids.includes(placedId(member.orderid)),
		);
		const rows = await waitFor(
			'the guest sale in the ledger',
			() => readLedger(n8n),
			(list) => list.some((r) => r.orderId === String(guest.orderid)),
		);
		expect(rows.filter((r) => r.orderId === String(guest.orderid))).toEqual([
			expect.objectContaining({ kind: 'Unattributed sale', workflow: 'Store sales → Klaviyo' }),
		]);
		const tables = await n8n.api<{ data: Array<{ name: string }> }>(
			'GET',
			'/data-tables?limit=250',
		);
		expect(tables.data.filter((t) => t.name === LEDGER_TABLE)).toHaveLength(1);
	});

	it('real time: Sitoo delivers a sale to the second import’s URL and it reaches Klaviyo', async () => {
		const sale = await createOrder({ kind: 'sale', customer: 'member', storeId: 3 });
		const webhookId = (await stored(secondRealTime)).nodes.find(
			(n) => n.type === `${PACKAGE}.sitooEventsTrigger`,
		)!.webhookId;
		const report = await sitooAdmin<{ delivered: string[]; dropped: string[] }>(
			'POST',
			'/events-spi/deliveries',
			{
				url: `${n8n.baseUrl}/webhook/${webhookId}`,
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				orderIds: [sale.orderid],
				retry: { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 20, timeoutMs: 15_000 },
			},
		);
		expect(report.dropped).toEqual([]);
		expect(report.delivered.length).toBeGreaterThan(0);
		await waitFor('the real-time sale in Klaviyo', placedOrders, (ids) =>
			ids.includes(placedId(sale.orderid)),
		);
	});

	it('consent at the till: the till’s look-up through the imported CRM URL is answered', async () => {
		const webhookId = (await stored(imported.get('4-consent-at-the-till.json')!)).nodes.find(
			(n) => n.type === `${PACKAGE}.sitooCrmTrigger`,
		)!.webhookId;
		const answer = await sitooAdmin<{ status: number | null; body: unknown; error?: string }>(
			'POST',
			'/crm/calls',
			{
				baseUrl: `${n8n.baseUrl}/webhook/${webhookId}`,
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				call: 'search',
				keyType: 'email',
				key: 'nobody.yet@example.com',
				timeoutMs: 10_000,
			},
		);
		expect({ status: answer.status, error: answer.error }).toEqual({
			status: 200,
			error: undefined,
		});
	});

	it('backfill: a run copies a range, calling itself batch by batch under its new id', async () => {
		const id = imported.get('5-backfill-history.json')!;
		const sale = await createOrder({ kind: 'sale', customer: 'member', storeId: 4 });
		// The range is the one thing its notes ask to change: today only.
		const workflow = await stored(id);
		const today = new Date().toISOString().slice(0, 10);
		const nodes = workflow.nodes.map((node) => {
			if (node.name !== 'Choose what to copy') return node;
			const assignments = (
				node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
			).assignments.map((a) =>
				a.name === 'firstDay' || a.name === 'lastDay' ? { ...a, value: today } : a,
			);
			return { ...node, parameters: { ...node.parameters, assignments: { assignments } } };
		});
		await n8n.api('PUT', `/workflows/${id}`, {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: { executionOrder: 'v1' },
		});
		const execution = await n8n.runManually(id, 'Start the backfill');
		expect({ status: execution.status, error: execution.data?.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		await waitFor('the backfilled sale in Klaviyo', placedOrders, (ids) =>
			ids.includes(placedId(sale.orderid)),
		);
	});

	it('sync monitor: the status page asks for its login', async () => {
		const page = `${n8n.baseUrl}/webhook/sync-monitor`;
		expect((await fetch(page)).status).toBe(401);
		const login = STATUS_PAGE_LOGIN.data as { user: string; password: string };
		const answer = await fetch(page, {
			headers: {
				authorization: `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}`,
			},
		});
		expect(answer.status).toBe(200);
		expect(await answer.text()).toMatch(/<html/i);
	});

	it('error handler: a failing workflow that names it as error workflow (the one setting its notes ask for) lands in the ledger', async () => {
		const errorWorkflow = imported.get('6-error-handler-and-exception-ledger.json')!;
		const failing = await n8n.api<{ id: string }>('POST', '/workflows', {
			name: 'Fails on purpose',
			nodes: [
				{
					id: 'f1',
					name: 'Called',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'b8a3c2d1-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
					parameters: { httpMethod: 'GET', path: 'fails-on-purpose', options: {} },
				},
				{
					id: 'f2',
					name: 'Fail',
					type: 'n8n-nodes-base.stopAndError',
					typeVersion: 1,
					position: [240, 0],
					parameters: { errorMessage: 'failed on purpose' },
				},
			],
			connections: { Called: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', errorWorkflow },
		});
		await setPublished(n8n, failing.id, true);
		// Publishing registers the webhook a moment after the workflow shows as published.
		const called = await waitFor(
			'the failing workflow’s webhook',
			() => fetch(`${n8n.baseUrl}/webhook/fails-on-purpose`),
			(response) => response.status !== 404,
			30_000,
		);
		expect(called.status).toBe(200);
		const failed = await waitFor(
			'the failed run',
			() => n8n.executions(failing.id),
			(list) => list.some((e) => e.status === 'error'),
		);
		expect(failed.map((e) => e.status)).toContain('error');
		await waitFor(
			'the error handler’s run',
			() => n8n.executions(errorWorkflow),
			(list) => list.some((e) => e.finished || e.status !== 'running'),
		).then(async (runs) => {
			const run = await n8n.waitForExecution(runs[0].id);
			expect({ status: run.status, error: run.data?.resultData.error?.message }).toEqual({
				status: 'success',
				error: undefined,
			});
		});
		const rows = await waitFor(
			'the failure in the ledger',
			() => readLedger(n8n),
			(list) =>
				list.some((r) => r.kind === 'Failed execution' && r.workflow === 'Fails on purpose'),
		);
		expect(rows.find((r) => r.workflow === 'Fails on purpose')).toMatchObject({
			reason: expect.stringContaining('failed on purpose'),
		});
	});
});
