/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * The Sync monitor template in a real n8n against the simulators: a clean day reports nothing; then
 * with sales withheld from Klaviyo, offline receipts arriving late, a profile changed in Klaviyo and
 * a store full of guests, one run reports each of them, re-sends the orphans so the next run is
 * clean, and the status page is served (screenshot in headless Chromium under .cache/artifacts/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { orderEvents, createEventRequestBody } from '../../nodes/core/klaviyo/order-events';
import type { NormalizedOrder } from '../../nodes/core/order/types';
import { SitooOrderNormalizer } from '../../nodes/core/sitoo/normalizer';
import type { HttpRequest, HttpResponse } from '../../nodes/core/transport/http';
import { createKlaviyoSimulator, type KlaviyoSimulator } from '../simulators/klaviyo';
import { createSitooSimulator, type SitooSimulator } from '../simulators/sitoo';
import type { RunningServer } from '../simulators/shared/http';
import { chromiumPath, CHROMIUM_ARGS } from './harness/browser';
import { N8nInstance, type Execution } from './harness/n8n-instance';
import { CACHE_DIR, REPO_ROOT } from './harness/paths';
import { admin, STATUS_PAGE_LOGIN } from './harness/simulators';
import { sleep, waitFor } from './harness/wait';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, which assertions read freely
type Json = Record<string, any>;

const ACCOUNT = '90210';
const SITOO_AUTH = { apiId: '90210-1', password: 'sim-password' };
const KLAVIYO_KEY = 'pk_monitor_0000000000000000000000000';
const MONITOR = 'Check Sitoo against Klaviyo';
const GRACE_MINUTES = 0.25;

describe('the Sync monitor template in a real n8n', () => {
	let sitoo: SitooSimulator;
	let klaviyo: KlaviyoSimulator;
	let sitooServer: RunningServer;
	let klaviyoServer: RunningServer;
	let n8n: N8nInstance;
	let workflowId: string;
	let normalizer: SitooOrderNormalizer;

	/** Sitoo's REST API as the sync workflows see it (Basic auth), for normalizing the test's orders. */
	const sitooSend = async (request: HttpRequest): Promise<HttpResponse> => {
		const response = await fetch(request.url, {
			method: request.method,
			headers: {
				...request.headers,
				authorization: `Basic ${Buffer.from(`${SITOO_AUTH.apiId}:${SITOO_AUTH.password}`).toString('base64')}`,
			},
		});
		const text = await response.text();
		return {
			status: response.status,
			headers: Object.fromEntries(response.headers),
			body: text ? JSON.parse(text) : undefined,
		};
	};

	async function createOrder(body: Json): Promise<number> {
		const created = await admin<{ order: Json }>(sitooServer, 'POST', '/__admin/orders', body);
		return created.order.orderid as number;
	}

	async function normalized(orderId: number): Promise<NormalizedOrder> {
		// The order's own site: stores may sit on different sites (eshopid).
		const { order } = await admin<{ order: Json }>(
			sitooServer,
			'GET',
			`/__admin/orders/${orderId}`,
		);
		const raw = await sitooSend({
			method: 'GET',
			url: `${sitooServer.url}/v2/accounts/${ACCOUNT}/sites/${order.eshopid}/orders/${orderId}.json`,
			headers: { accept: 'application/json' },
		});
		if (raw.status !== 200) throw new Error(`order ${orderId}: ${raw.status}`);
		const result = await normalizer.normalize(raw.body);
		if (!result.ok) throw new Error(`order ${orderId}: ${result.reason}`);
		return result.order;
	}

	/** What the sync workflows do for an order: its Placed/Refunded Order events, straight to Klaviyo's API. */
	async function syncToKlaviyo(orderIds: number[]): Promise<void> {
		for (const id of orderIds) {
			const order = await normalized(id);
			const events = orderEvents(order, { now: Date.now(), includeOrderedProducts: false });
			if (!events.attributed) continue;
			for (const event of events.events) {
				const response = await fetch(`${klaviyoServer.url}/api/events`, {
					method: 'POST',
					headers: {
						authorization: `Klaviyo-API-Key ${KLAVIYO_KEY}`,
						revision: '2026-07-15',
						'content-type': 'application/vnd.api+json',
						accept: 'application/vnd.api+json',
					},
					body: JSON.stringify(createEventRequestBody(events.profile, event)),
				});
				if (response.status !== 202)
					throw new Error(`event for ${id}: ${response.status} ${await response.text()}`);
			}
		}
	}

	async function importProfile(attributes: Json): Promise<void> {
		const response = await fetch(`${klaviyoServer.url}/api/profile-import`, {
			method: 'POST',
			headers: {
				authorization: `Klaviyo-API-Key ${KLAVIYO_KEY}`,
				revision: '2026-07-15',
				'content-type': 'application/vnd.api+json',
				accept: 'application/vnd.api+json',
			},
			body: JSON.stringify({ data: { type: 'profile', attributes } }),
		});
		if (response.status >= 300)
			throw new Error(`profile import: ${response.status} ${await response.text()}`);
	}

	function outputs(execution: Execution): Json[][] {
		const runs = execution.data?.resultData.runData[MONITOR];
		if (!runs)
			throw new Error(
				`the monitor did not run: ${execution.data?.resultData.error?.message ?? 'no error'}`,
			);
		return (runs[0]!.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
	}

	async function check(): Promise<{
		row: Json;
		details: Json;
		missingSales: Json[];
		missingRefunds: Json[];
		alerts: Json[];
		execution: Execution;
	}> {
		const execution = await n8n.runManually(workflowId, 'Check now');
		expect(execution.data?.resultData.error?.message ?? null).toBeNull();
		expect(execution.status).toBe('success');
		const [report, missingSales, missingRefunds, alerts] = outputs(execution);
		expect(report).toHaveLength(1);
		// The row really went into the history table.
		expect(
			execution.data?.resultData.runData['Save to the history']?.[0]?.data?.main[0]?.[0]?.json,
		).toMatchObject({ runAt: report![0]!.runAt });
		return {
			row: report![0]!,
			details: JSON.parse(report![0]!.details as string),
			missingSales: missingSales ?? [],
			missingRefunds: missingRefunds ?? [],
			alerts: alerts ?? [],
			execution,
		};
	}

	const members: Json = {};
	const clean: number[] = [];

	beforeAll(async () => {
		sitoo = createSitooSimulator({ accountId: ACCOUNT, ...SITOO_AUTH, seed: 11, historyOrders: 0 });
		klaviyo = createKlaviyoSimulator({ apiKey: KLAVIYO_KEY });
		sitooServer = await sitoo.listen(0);
		klaviyoServer = await klaviyo.listen(0);
		normalizer = new SitooOrderNormalizer({
			send: sitooSend,
			account: { baseUrl: `${sitooServer.url}/v2`, accountId: ACCOUNT },
			siteId: 1,
		});
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([
			STATUS_PAGE_LOGIN,
			{
				id: 'sitooMonCred001',
				name: 'Sitoo account',
				type: 'sitooApi',
				data: { baseUrl: `${sitooServer.url}/v2`, accountId: ACCOUNT, ...SITOO_AUTH, siteId: 1 },
			},
			{
				id: 'klavMonCred0001',
				name: 'Klaviyo account',
				type: 'klaviyoApi',
				data: { apiKey: KLAVIYO_KEY, revision: '2026-07-15', baseUrl: klaviyoServer.url },
			},
		]);
		const template = JSON.parse(
			readFileSync(join(REPO_ROOT, 'workflows/7-sync-monitor.json'), 'utf8'),
		) as Json;
		workflowId = template.id;
		for (const node of template.nodes as Json[]) {
			if (node.credentials?.sitooApi)
				node.credentials.sitooApi = { id: 'sitooMonCred001', name: 'Sitoo account' };
			if (node.credentials?.klaviyoApi)
				node.credentials.klaviyoApi = { id: 'klavMonCred0001', name: 'Klaviyo account' };
			if (node.credentials?.httpBasicAuth)
				node.credentials.httpBasicAuth = { id: STATUS_PAGE_LOGIN.id, name: STATUS_PAGE_LOGIN.name };
			// Seconds instead of half an hour, so the test need not wait; everything else as shipped.
			if (node.name === MONITOR) node.parameters.graceMinutes = GRACE_MINUTES;
		}
		delete template.settings.errorWorkflow;
		await n8n.importWorkflow(template);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await Promise.all([sitooServer?.close(), klaviyoServer?.close()]);
	});

	it('a clean day: every sale and refund synced, one guest; the first check reports nothing', async () => {
		for (const storeId of [1, 2, 3])
			for (let i = 0; i < 3; i++)
				clean.push(
					await createOrder({ kind: 'sale', storeId, customer: 'member', payment: 'card' }),
				);
		clean.push(await createOrder({ kind: 'sale', storeId: 1, customer: 'guest' }));
		clean.push(await createOrder({ kind: 'refund', originalOrderId: clean[0] }));
		await syncToKlaviyo(clean);
		// The customers sync (template 1) gives Klaviyo their names.
		for (const id of clean) {
			const order = await normalized(id);
			const email = order.customer.email?.trim().toLowerCase();
			if (!email || !order.customer.lastName || members[email]) continue;
			members[email] = order;
			await importProfile({
				email,
				first_name: order.customer.firstName ?? null,
				last_name: order.customer.lastName,
			});
		}
		expect(Object.keys(members).length).toBeGreaterThan(1);

		const first = await check();
		expect(first.row).toMatchObject({
			orphans: 0,
			pending: 0,
			mismatches: 0,
			alertCount: 0,
			unattributedSales: 1,
			lagP95Minutes: null,
		});
		expect(first.row.expectedEvents).toBe(first.row.presentEvents);
		expect(first.row.expectedEvents).toBe(10);
		expect(first.missingSales).toEqual([]);
		expect(first.alerts).toEqual([]);
	});

	it('one check reports withheld sales, late offline receipts, a profile changed in Klaviyo and a store full of guests; it re-sends the orphans and the next check is clean', async () => {
		const withheld = [
			await createOrder({ kind: 'sale', storeId: 1, customer: 'member' }),
			await createOrder({ kind: 'sale', storeId: 1, customer: 'member' }),
		];
		const late = [
			await createOrder({
				kind: 'offline',
				storeId: 2,
				customer: 'member',
				offlineSeconds: 40 * 60,
			}),
			await createOrder({
				kind: 'offline',
				storeId: 2,
				customer: 'member',
				offlineSeconds: 45 * 60,
			}),
		];
		const prompt = [
			await createOrder({ kind: 'sale', storeId: 3, customer: 'member' }),
			await createOrder({ kind: 'sale', storeId: 3, customer: 'member' }),
		];
		const guestStore: number[] = [
			await createOrder({ kind: 'sale', storeId: 4, customer: 'member' }),
		];
		for (let i = 0; i < 8; i++)
			guestStore.push(await createOrder({ kind: 'sale', storeId: 4, customer: 'guest' }));
		await syncToKlaviyo([...late, ...prompt, ...guestStore]);
		const [changedEmail, changedCustomer] = Object.entries(members)[0]!;
		await importProfile({
			email: changedEmail,
			last_name: `${changedCustomer.customer.lastName}-Svensson`,
		});
		const withheldOrders = await Promise.all(withheld.map((id) => normalized(id)));
		// The check leaves sales younger than its grace period alone: let the withheld ones age past it.
		await sleep(GRACE_MINUTES * 60_000 + 2000);

		const run = await check();
		// Orphans: exactly the withheld sales, re-sent through the Klaviyo node.
		expect(run.row.orphans).toBe(2);
		expect(run.details.orphans.map((o: Json) => [o.orderId, o.metric, o.store.key])).toEqual(
			withheld.map((id) => [id, 'Placed Order', String(withheldOrders[0]!.store.id)]),
		);
		expect(run.missingSales.map((o) => o.ids.orderId)).toEqual(withheld);
		expect(run.missingRefunds).toEqual([]);
		expect(run.row.pending).toBe(0);
		const resent = run.execution.data!.resultData.runData[
			'Re-send missing sales'
		]![0]!.data!.main[0]!.map((item) => item.json);
		expect(resent.map((r) => [r.orderId, r.status])).toEqual(withheld.map((id) => [id, 'sent']));
		const placed = await admin<Json[]>(
			klaviyoServer,
			'GET',
			'/__admin/events?metric=Placed%20Order',
		);
		for (const id of withheld)
			expect(placed.filter((e) => e.properties.OrderId === String(id))).toHaveLength(1);

		// Lag: the late offline receipts' store is over 15 minutes; the prompt store is not.
		const lag = Object.fromEntries(run.details.lagByStore.map((l: Json) => [l.store.key, l]));
		const lateStore = String((await normalized(late[0]!)).store.id);
		const promptStore = String((await normalized(prompt[0]!)).store.id);
		expect(lag[lateStore]).toMatchObject({ count: 2 });
		expect(lag[lateStore].p95Minutes).toBeGreaterThanOrEqual(45);
		expect(lag[promptStore].count).toBe(2);
		expect(lag[promptStore].p95Minutes).toBeLessThan(5);
		expect(lag[String(withheldOrders[0]!.store.id)]).toBeUndefined();

		// The changed profile, and nothing else.
		expect(run.details.mismatches).toEqual([
			expect.objectContaining({
				kind: 'name',
				sitoo: changedCustomer.customer.lastName,
				klaviyo: `${changedCustomer.customer.lastName}-Svensson`,
			}),
		]);

		// The store full of guests is flagged; the others are not.
		const guestStoreId = String((await normalized(guestStore[0]!)).store.id);
		const flagged = run.details.attribution
			.filter((a: Json) => a.flagged)
			.map((a: Json) => a.store.key);
		expect(flagged).toEqual([guestStoreId]);

		expect(run.alerts.map((a) => a.kind).sort()).toEqual(['attribution', 'lag', 'orphans']);
		expect(run.alerts.find((a) => a.kind === 'lag')!.message).toContain(lag[lateStore].store.name);

		const next = await check();
		expect(next.row).toMatchObject({ orphans: 0, pending: 0, recovered: 2 });
		expect(next.missingSales).toEqual([]);
		expect(next.alerts.map((a) => a.kind).filter((k) => k === 'orphans' || k === 'lag')).toEqual(
			[],
		);
		expect(next.row.expectedEvents).toBe(next.row.presentEvents);
	});

	it('serves the status page from its webhook behind its login, and it renders in a browser', async () => {
		await n8n.api('POST', `/workflows/${workflowId}/activate`);
		const url = `${n8n.baseUrl}/webhook/sync-monitor`;
		const { user, password } = STATUS_PAGE_LOGIN.data as { user: string; password: string };
		const login = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
		const pageRuns = async () =>
			(await n8n.executions(workflowId)).filter((e) => e.mode === 'webhook').length;
		// Publishing lands asynchronously: 404 until the webhook is registered.
		const anonymous = await waitFor(
			'the status page webhook',
			() => fetch(url),
			(r) => r.status !== 404,
			{ timeoutMs: 10_000, intervalMs: 200, returnLastOnTimeout: true },
		);
		// Without the login n8n refuses the request before the workflow runs: no execution is stored.
		const runsBefore = await pageRuns();
		expect(anonymous.status).toBe(401);
		for (const authorization of [
			undefined,
			`Basic ${Buffer.from(`${user}:wrong`).toString('base64')}`,
		])
			expect((await fetch(url, { headers: authorization ? { authorization } : {} })).status).toBe(
				401,
			);
		const response = await fetch(url, { headers: { authorization: login } });
		expect(response.status).toBe(200);
		await waitFor('the page view listed', pageRuns, (runs) => runs === runsBefore + 1);
		expect(response.headers.get('content-type')).toContain('text/html');
		const html = await response.text();
		expect(html).toContain('Sync lag over time');
		expect(html).toMatch(/<polyline points="[^"]+"/);
		expect(html).toContain('Profile mismatches (1)');
		expect(html).toContain('Sales without a customer email or phone, per store');
		expect(html).not.toMatch(/[a-z0-9._-]+@[a-z0-9-]+\.[a-z]+<\/td>/i);

		const artifacts = join(CACHE_DIR, 'artifacts');
		mkdirSync(artifacts, { recursive: true });
		const browser = await chromium.launch({
			executablePath: chromiumPath(),
			args: CHROMIUM_ARGS,
		});
		try {
			const page = await browser.newPage({
				viewport: { width: 1280, height: 900 },
				httpCredentials: { username: user, password },
			});
			await page.goto(url);
			await expect(page.locator('h2', { hasText: 'Sync lag over time' }).count()).resolves.toBe(1);
			expect(await page.locator('svg polyline').count()).toBe(2);
			await page.screenshot({
				path: join(artifacts, 'sync-monitor-status-page.png'),
				fullPage: true,
			});
		} finally {
			await browser.close();
		}
	});
});
