/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * The shipped workflow templates (`workflows/`) in a real n8n 2.41, as a retailer imports them:
 * `n8n import:workflow`, credentials bound by name, published through the public API, fed by the
 * Sitoo simulator and read back from the Klaviyo simulator and the exception ledger (a Data Table).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { N8nInstance, type Execution } from './harness/n8n-instance';
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
import { sleep, waitFor } from './harness/wait';
import type { AdminEvent } from '../simulators/klaviyo/admin';
import type { DeliveryReport } from '../simulators/sitoo/push';
import { klaviyoTime } from '../simulators/klaviyo/world';
import {
	bindCredentials,
	dataTableId,
	ERROR_HANDLER_ID,
	LEDGER_TABLE,
	loadTemplates,
	pollNow,
	readDataTable,
	readLedger,
	setPublished,
	WORKFLOWS_DIR,
	type LedgerRow,
	type WorkflowTemplate,
} from '../demo/templates';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const SPI_LOGIN = { user: 'sitoo-templates', password: 'e2e-Templates-login-0123456789' };
const SPI_CREDENTIAL = spiLogin({
	id: 'spiLoginTmpl001',
	name: 'Sitoo webhook login (simulator)',
	login: SPI_LOGIN,
});
const ID = {
	sales: 'storeSalesToKlaviyo',
	realTime: 'storeSalesRealTime',
	refunds: 'refundsToKlaviyo',
	consent: 'consentAtTheTill',
	backfill: 'backfillHistory',
	errors: ERROR_HANDLER_ID,
};

interface SimOrder {
	orderid: number;
	orderdate: number;
	eshopid: number;
	orderstateid: number;
	paymentstateid: number;
	ordertypeid: number;
	moneytotal_gross_all: string;
	registerid: string | null;
	email?: string;
}

/** What Sitoo says is a completed order (docs/reference/sitoo-api.md §2.2): closed and paid, not a parked shell. */
function completedInSitoo(order: SimOrder): boolean {
	if (order.orderstateid !== 10 || order.ordertypeid === 110 || order.registerid === null)
		return false;
	return (
		order.paymentstateid === 20 ||
		(order.paymentstateid === 0 && Number(order.moneytotal_gross_all) === 0)
	);
}

function templateFiles(): Array<{ file: string; workflow: WorkflowTemplate }> {
	return readdirSync(WORKFLOWS_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowTemplate,
		}));
}

describe('workflow templates in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let templates: WorkflowTemplate[];
	const credentials = () => ({
		sitooApi: sims.credentials.sitoo,
		klaviyoApi: sims.credentials.klaviyo,
		sitooSpiAuthApi: SPI_CREDENTIAL,
		httpBasicAuth: STATUS_PAGE_LOGIN,
	});
	const template = (id: string) => templates.find((t) => t.id === id)!;
	const sitooAdmin = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(sims.sitooServer, method, `/__admin${path}`, body);
	const klaviyoEvents = (metric?: string) => listKlaviyoEvents(sims.klaviyoServer, metric);
	const createOrder = async (body: Record<string, unknown>) =>
		(await sitooAdmin<{ order: SimOrder; related: SimOrder[] }>('POST', '/orders', body)).order;
	const placedId = (orderId: number) => `sitoo:${SITOO.accountId}:${orderId}`;

	const settled = (workflowId: string): Promise<Execution[]> =>
		n8n.settledExecutions(workflowId, 60_000);

	async function ledger(): Promise<LedgerRow[]> {
		return readLedger(n8n);
	}

	const klaviyoCounters = () =>
		admin<{ byRoute: Record<string, number> }>(sims.klaviyoServer, 'GET', '/__admin/counters');

	const BACKFILL_PROGRESS = 'Sitoo backfill progress';
	const backfillProgress = () =>
		readDataTable<{ days: string; resumeAfterOrderId: number }>(n8n, BACKFILL_PROGRESS);

	/** As a retailer starts a range again from the start: the table goes, the next run makes it anew. */
	async function forgetBackfillProgress(): Promise<void> {
		const id = await dataTableId(n8n, BACKFILL_PROGRESS);
		if (id) await n8n.api('DELETE', `/data-tables/${id}`);
	}

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([
			sims.credentials.sitoo,
			sims.credentials.klaviyo,
			SPI_CREDENTIAL,
			STATUS_PAGE_LOGIN,
		]);
		templates = loadTemplates();
		for (const t of templates) await n8n.importWorkflow(bindCredentials(t, credentials()));
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('ships the six templates with stable ids, the error handler as error workflow, and credential placeholders only', () => {
		const files = templateFiles();
		expect(files.map((f) => f.workflow.id)).toEqual(expect.arrayContaining(Object.values(ID)));
		for (const { file, workflow } of files.filter((f) =>
			Object.values(ID).includes(f.workflow.id),
		)) {
			expect({
				file,
				idLength: workflow.id.length <= 21,
				errorWorkflow: workflow.settings?.errorWorkflow,
			}).toEqual({ file, idLength: true, errorWorkflow: ERROR_HANDLER_ID });
			for (const node of workflow.nodes) {
				for (const [type, credential] of Object.entries(node.credentials ?? {})) {
					expect({ file, node: node.name, type, credential }).toEqual({
						file,
						node: node.name,
						type,
						credential: { name: expect.any(String) },
					});
				}
			}
			// Every part is explained in a sticky note; none of the working nodes keeps a default name.
			expect(
				workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length,
			).toBeGreaterThanOrEqual(3);
			for (const node of workflow.nodes)
				expect({ file, name: node.name }).not.toEqual({
					file,
					name: expect.stringMatching(
						/^(Klaviyo|Sitoo|If|Switch|Filter|Merge|Edit Fields|Data table|Execute Workflow)\d*$/,
					),
				});
			// Nothing depends on ids that an import through the editor replaces: no other workflow is
			// called by id, and the package's webhook triggers carry no fixed webhook id (n8n gives each
			// import its own, so a second import never clashes).
			for (const node of workflow.nodes) {
				if (node.type === 'n8n-nodes-base.executeWorkflow')
					expect({
						file,
						node: node.name,
						calls: (node.parameters as { workflowId?: { value?: unknown } } | undefined)?.workflowId
							?.value,
					}).toEqual({
						file,
						node: node.name,
						calls: '={{ $workflow.id }}',
					});
				if (node.type.startsWith(`${PACKAGE}.`))
					expect({ file, node: node.name, webhookId: node.webhookId }).toEqual({
						file,
						node: node.name,
						webhookId: undefined,
					});
			}
			const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
			expect(text).not.toMatch(/\/work\/|\/home\/|\/tmp\//);
		}
	});

	it('imports every template cleanly, with every node type known to n8n', async () => {
		const known = new Set(
			(await n8n.rest<Array<{ name: string }>>('GET', '/types/nodes.json')).map((t) => t.name),
		);
		for (const t of templates) {
			const stored = await n8n.api<{
				id: string;
				name: string;
				nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string }> }>;
				settings: { errorWorkflow?: string };
			}>('GET', `/workflows/${t.id}`);
			expect(stored.name).toBe(t.name);
			expect(stored.settings.errorWorkflow).toBe(ERROR_HANDLER_ID);
			expect(stored.nodes.filter((n) => !known.has(n.type)).map((n) => n.type)).toEqual([]);
			// The placeholders were bound to this instance's credentials.
			for (const node of stored.nodes)
				for (const credential of Object.values(node.credentials ?? {}))
					expect(Object.values(credentials()).map((c) => c.id)).toContain(credential.id);
		}
		expect(n8n.log).not.toMatch(/Failed to load package/);
	});

	it('publishes the error handler and every template that starts by itself', async () => {
		for (const id of [ID.errors, ID.sales, ID.refunds, ID.consent, ID.realTime])
			await setPublished(n8n, id, true);
		const active = await Promise.all(
			[ID.errors, ID.sales, ID.refunds, ID.consent, ID.realTime].map(
				async (id) => (await n8n.api<{ active: boolean }>('GET', `/workflows/${id}`)).active,
			),
		);
		expect(active).toEqual([true, true, true, true, true]);
		// The polling templates record where they start with one empty run each.
		await waitFor(
			'first polls',
			async () => [
				(await n8n.executions(ID.sales)).length,
				(await n8n.executions(ID.refunds)).length,
			],
			([a, b]) => a >= 1 && b >= 1,
		);
	});

	let sales: SimOrder[] = [];

	it('Store sales → Klaviyo: each completed sale arrives as one Placed Order; a sale without e-mail lands in the ledger', async () => {
		sales = [];
		for (let i = 0; i < 3; i++)
			sales.push(await createOrder({ kind: 'sale', customer: 'member', storeId: 1 + i }));
		const noEmail = await createOrder({ kind: 'sale', customer: 'noemail', storeId: 1 });
		const parked = await createOrder({ kind: 'parked', customer: 'member', storeId: 2 });
		await pollNow(n8n, ID.sales);
		const placed = await waitFor(
			'Placed Orders',
			() => klaviyoEvents('Placed Order'),
			(events) => sales.every((s) => events.some((e) => e.uniqueId === placedId(s.orderid))),
		);
		const rows = await waitFor('ledger row for the sale without e-mail', ledger, (r) =>
			r.some((row) => row.orderId === String(noEmail.orderid)),
		);
		expect(rows.find((row) => row.orderId === String(noEmail.orderid))).toMatchObject({
			kind: 'Unattributed sale',
			workflow: template(ID.sales).name,
			reason: expect.stringContaining('email'),
		});
		expect(placed.filter((e) => e.uniqueId === placedId(parked.orderid))).toEqual([]);

		// Polling again sends nothing twice.
		await pollNow(n8n, ID.sales);
		await settled(ID.sales);
		const again = await klaviyoEvents('Placed Order');
		for (const sale of sales)
			expect(again.filter((e) => e.uniqueId === placedId(sale.orderid))).toHaveLength(1);
		expect(placed.find((e) => e.uniqueId === placedId(sales[0].orderid))).toMatchObject({
			backfill: false,
			properties: expect.objectContaining({ 'Source Name': 'POS' }),
		});
		// The same workflow sends refunds, after their sales.
		const refund = await createOrder({ kind: 'refund', originalOrderId: sales[1].orderid });
		await pollNow(n8n, ID.sales);
		const refunded = await waitFor(
			'Refunded Order from the sales template',
			() => klaviyoEvents('Refunded Order'),
			(events) => events.some((e) => e.properties.RefundOrderId === String(refund.orderid)),
		);
		const refundEvent = refunded.find(
			(e) => e.properties.RefundOrderId === String(refund.orderid),
		)!;
		expect(refundEvent.uniqueId).toBe(placedId(sales[1].orderid));
		expect(Date.parse(refundEvent.receivedAt)).toBeGreaterThanOrEqual(
			Date.parse(again.find((e) => e.uniqueId === placedId(sales[1].orderid))!.receivedAt),
		);
		await settled(ID.sales);
		const executions = await n8n.executions(ID.sales);
		expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
		const sentIds = executions
			.flatMap((e) =>
				(e.data?.resultData.runData['Send to Klaviyo as Placed Order'] ?? []).flatMap(
					(run) => run.data?.main[0] ?? [],
				),
			)
			.map((i) => i.json.orderId);
		expect(sentIds.filter((id) => sales.some((s) => s.orderid === id)).sort()).toEqual(
			sales.map((s) => s.orderid).sort(),
		);
	});

	it('Store sales → Klaviyo: a guest sale whose receipt is e-mailed later is sent then, once, at its till time, and its ledger row is resolved', async () => {
		const sale = await createOrder({ kind: 'sale', customer: 'guest', storeId: 2 });
		await pollNow(n8n, ID.sales);
		const listed = (rows: LedgerRow[]) =>
			rows.filter((r) => r.kind === 'Unattributed sale' && r.orderId === String(sale.orderid));
		await waitFor('the guest sale in the ledger', ledger, (rows) => listed(rows).length === 1);
		const mine = (list: AdminEvent[]) => list.filter((e) => e.uniqueId === placedId(sale.orderid));
		expect(mine(await klaviyoEvents('Placed Order'))).toEqual([]);

		await sitooAdmin('POST', `/orders/${sale.orderid}/email-receipt`, {
			email: 'Polled.Receipt@Example.com',
		});
		await pollNow(n8n, ID.sales);
		const placed = await waitFor(
			'the e-mailed sale in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => mine(list).length > 0,
		);
		expect(mine(placed)).toEqual([
			expect.objectContaining({
				email: 'polled.receipt@example.com',
				datetime: klaviyoTime(sale.orderdate * 1000),
			}),
		]);
		await waitFor(
			'its ledger row resolved',
			ledger,
			(rows) => listed(rows).length === 1 && listed(rows)[0]!.status === 'resolved',
		);
		expect(listed(await ledger())[0]!.note).toMatch(
			/^Sent to Klaviyo on .*Z once its receipt was e-mailed$/,
		);
		await pollNow(n8n, ID.sales);
		await settled(ID.sales);
		expect(mine(await klaviyoEvents('Placed Order'))).toHaveLength(1);
	});

	it('Store sales → Klaviyo on a bad day: Klaviyo down for 3 minutes, then a 60 s storm of 429s; every sale arrives once after recovery, in till order, with no monitor', async () => {
		const klaviyoFaults = (faults: Record<string, number>) =>
			admin(sims.klaviyoServer, 'PUT', '/__admin/faults', faults);
		const failedRuns = async () =>
			(await n8n.executions(ID.sales)).filter((e) => e.status === 'error').length;
		/** One poll whose run fails: the Klaviyo node gives up, the trigger keeps the bookmark. */
		const pollAndFail = async () => {
			const before = await failedRuns();
			await pollNow(n8n, ID.sales);
			await waitFor('a failed run', failedRuns, (n) => n > before, 90_000);
		};
		const sale = (storeId: number) => createOrder({ kind: 'sale', customer: 'member', storeId });

		// Only this workflow polls meanwhile: the refunds template's failed runs are not this test's.
		await setPublished(n8n, ID.refunds, false);
		try {
			const outageStarted = Date.now();
			await klaviyoFaults({ serverErrorRate: 1, serverErrorStatus: 500 });
			const first = await sale(1);
			const refund = await createOrder({ kind: 'refund', originalOrderId: first.orderid });
			const second = await sale(2);
			await pollAndFail();
			const third = await sale(3);
			// n8n's poll comes once a minute; each finds the run before it failed and hands on again.
			while (Date.now() - outageStarted < 180_000) {
				await pollAndFail();
				await sleep(Math.min(20_000, Math.max(0, 180_000 - (Date.now() - outageStarted))));
			}
			expect(
				(await klaviyoEvents('Placed Order')).filter((e) =>
					[first, second, third].some((s) => e.uniqueId === placedId(s.orderid)),
				),
			).toEqual([]);

			await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
			await pollNow(n8n, ID.sales);
			const placed = await waitFor(
				'the sales of the outage in Klaviyo',
				() => klaviyoEvents('Placed Order'),
				(events) =>
					[first, second, third].every((s) =>
						events.some((e) => e.uniqueId === placedId(s.orderid)),
					),
			);
			const refunded = await waitFor(
				'the refund of the outage in Klaviyo',
				() => klaviyoEvents('Refunded Order'),
				(events) => events.some((e) => e.properties.RefundOrderId === String(refund.orderid)),
			);
			for (const s of [first, second, third])
				expect(placed.filter((e) => e.uniqueId === placedId(s.orderid))).toHaveLength(1);
			const receivedAt = (uniqueId: string, events: typeof placed) =>
				Date.parse(events.find((e) => e.uniqueId === uniqueId)!.receivedAt);
			expect(
				receivedAt(placedId(first.orderid), refunded) - receivedAt(placedId(first.orderid), placed),
			).toBeGreaterThanOrEqual(0);
			const delivered = await settled(ID.sales);
			const lastRun = delivered.sort((a, b) => Number(b.id) - Number(a.id))[0]!;
			expect(lastRun.status).toBe('success');
			const handedOn = (
				lastRun.data?.resultData.runData['New sales and refunds']?.[0]?.data?.main[0] ?? []
			).map((i) => i.json as { ids: { orderId: number }; resentAfterFailedRun?: boolean });
			// Till order, and the orders of the failed runs marked as handed on again.
			expect(handedOn.map((i) => i.ids.orderId)).toEqual(
				[first, refund, second, third].map((o) => o.orderid),
			);
			expect(handedOn.every((i) => i.resentAfterFailedRun === true)).toBe(true);

			// A storm of 429s longer than the Klaviyo node's six tries (Retry-After 10 s).
			await klaviyoFaults({ throttleForSeconds: 60, throttleRetryAfterSeconds: 10 });
			const stormStarted = Date.now();
			const duringStorm = await sale(2);
			await pollAndFail();
			await sleep(Math.max(0, 61_000 - (Date.now() - stormStarted)));
			await pollNow(n8n, ID.sales);
			const afterStorm = await waitFor(
				'the sale of the storm in Klaviyo',
				() => klaviyoEvents('Placed Order'),
				(events) => events.some((e) => e.uniqueId === placedId(duringStorm.orderid)),
			);
			expect(afterStorm.filter((e) => e.uniqueId === placedId(duringStorm.orderid))).toHaveLength(
				1,
			);
		} finally {
			await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
			await settled(ID.sales);
			await setPublished(n8n, ID.refunds, true);
		}
	}, 480_000);

	it('Refunds and returns → Klaviyo: the first refund is linked to its sale, a return without receipt is still recorded', async () => {
		const refund = await createOrder({ kind: 'refund', originalOrderId: sales[0].orderid });
		const manual = await createOrder({ kind: 'manualReturn', customer: 'member', storeId: 1 });
		await pollNow(n8n, ID.refunds);
		const refunds = await waitFor(
			'Refunded Orders',
			() => klaviyoEvents('Refunded Order'),
			(events) =>
				events.some((e) => e.properties.RefundOrderId === String(refund.orderid)) &&
				events.some((e) => e.properties.RefundOrderId === String(manual.orderid)),
		);
		const linked = refunds.find((e) => e.properties.RefundOrderId === String(refund.orderid))!;
		expect(linked.uniqueId).toBe(placedId(sales[0].orderid));
		expect(linked.properties).toMatchObject({ OriginalOrderId: String(sales[0].orderid) });
		expect(
			refunds.find((e) => e.properties.RefundOrderId === String(manual.orderid)),
		).toMatchObject({
			uniqueId: `sitoo:${SITOO.accountId}:refund:${manual.orderid}`,
			properties: expect.objectContaining({ ManualReturn: true }),
		});
		expect((await settled(ID.refunds)).filter((e) => e.status !== 'success')).toEqual([]);
	});

	it('Store sales → Klaviyo, real time: orders Sitoo reports become Placed and Refunded Orders within seconds', async () => {
		// A retailer runs one of the two sales templates; stop the polling ones so only real time sends.
		await setPublished(n8n, ID.sales, false);
		await setPublished(n8n, ID.refunds, false);
		const sale = await createOrder({ kind: 'sale', customer: 'member', storeId: 2 });
		const refund = await createOrder({ kind: 'refund', originalOrderId: sale.orderid });
		const webhookId = template(ID.realTime).nodes.find(
			(n) => n.type === `${PACKAGE}.sitooEventsTrigger`,
		)!.webhookId as string;
		const report = await sitooAdmin<{ delivered: string[]; dropped: string[] }>(
			'POST',
			'/events-spi/deliveries',
			{
				url: `${n8n.baseUrl}/webhook/${webhookId}`,
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				orderIds: [sale.orderid, refund.orderid],
				retry: { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 20, timeoutMs: 15_000 },
			},
		);
		expect(report.dropped).toEqual([]);
		const events = await waitFor(
			'real-time events',
			() => klaviyoEvents(),
			(list) =>
				list.some((e) => e.metric === 'Placed Order' && e.uniqueId === placedId(sale.orderid)) &&
				list.some(
					(e) =>
						e.metric === 'Refunded Order' && e.properties.RefundOrderId === String(refund.orderid),
				),
			30_000,
		);
		expect(
			events.filter((e) => e.metric === 'Placed Order' && e.uniqueId === placedId(sale.orderid)),
		).toHaveLength(1);
		expect(
			events.find(
				(e) =>
					e.metric === 'Refunded Order' && e.properties.RefundOrderId === String(refund.orderid),
			)?.uniqueId,
		).toBe(placedId(sale.orderid));
		// n8n's API lists an execution once it has finished, which can be after its events are in Klaviyo.
		const executions = await waitFor(
			'the real-time execution listed',
			() => n8n.executions(ID.realTime),
			(list) => list.length >= 1,
		);
		expect(executions.length).toBeGreaterThanOrEqual(1);
		expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
	});

	it('Store sales → Klaviyo, real time: a guest sale whose receipt is e-mailed later reaches Klaviyo then, once, at its till time', async () => {
		const webhookId = template(ID.realTime).nodes.find(
			(n) => n.type === `${PACKAGE}.sitooEventsTrigger`,
		)!.webhookId as string;
		const sale = await createOrder({ kind: 'sale', customer: 'guest', storeId: 1 });
		const deliver = () =>
			sitooAdmin<{ delivered: string[]; dropped: string[] }>('POST', '/events-spi/deliveries', {
				url: `${n8n.baseUrl}/webhook/${webhookId}`,
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				orderIds: [sale.orderid],
				retry: { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 20, timeoutMs: 15_000 },
			});
		const ranBefore = (await n8n.executions(ID.realTime)).length;
		expect((await deliver()).dropped).toEqual([]);
		// Without an address the sale goes to Unattributed (and the ledger): nothing in Klaviyo yet.
		await waitFor(
			'the guest sale run listed',
			() => n8n.executions(ID.realTime),
			(list) => list.length > ranBefore,
		);
		const mine = (list: AdminEvent[]) => list.filter((e) => e.uniqueId === placedId(sale.orderid));
		expect(mine(await klaviyoEvents('Placed Order'))).toEqual([]);
		const listed = (rows: LedgerRow[]) =>
			rows.filter((r) => r.kind === 'Unattributed sale' && r.orderId === String(sale.orderid));
		await waitFor('the guest sale in the ledger', ledger, (rows) => listed(rows).length === 1);

		await sitooAdmin('POST', `/orders/${sale.orderid}/email-receipt`, {
			email: 'Receipt.Guest@Example.com',
		});
		expect((await deliver()).dropped).toEqual([]);
		const placed = await waitFor(
			'the e-mailed sale in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => mine(list).length > 0,
			30_000,
		);
		expect(mine(placed)).toEqual([
			expect.objectContaining({
				email: 'receipt.guest@example.com',
				datetime: klaviyoTime(sale.orderdate * 1000),
			}),
		]);
		const products = (await klaviyoEvents('Ordered Product')).filter((e) =>
			e.uniqueId.startsWith(`${placedId(sale.orderid)}:`),
		);
		expect(products.length).toBeGreaterThan(0);
		// Sent now, so its row on the exception ledger is resolved.
		await waitFor(
			'its ledger row resolved',
			ledger,
			(rows) => listed(rows).length === 1 && listed(rows)[0]!.status === 'resolved',
		);
	});

	it('Store sales → Klaviyo, real time, on a bad day: Klaviyo down behind a batch; Sitoo (which retries only 429, 503 and 504) keeps it, and every sale arrives once after recovery, with no human step', async () => {
		const webhookId = template(ID.realTime).nodes.find(
			(n) => n.type === `${PACKAGE}.sitooEventsTrigger`,
		)!.webhookId as string;
		const sales = [
			await createOrder({ kind: 'sale', customer: 'member', storeId: 1 }),
			await createOrder({ kind: 'sale', customer: 'member', storeId: 3 }),
		];
		const failedBefore = (await n8n.executions(ID.realTime)).filter(
			(e) => e.status === 'error',
		).length;
		await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', {
			serverErrorRate: 1,
			serverErrorStatus: 500,
		});
		const recovered = () => admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
		// Sitoo's own rules (the simulator's default): a 500 or any code but 429/503/504 drops the batch.
		const delivery = sitooAdmin<DeliveryReport>('POST', '/events-spi/deliveries', {
			url: `${n8n.baseUrl}/webhook/${webhookId}`,
			username: SPI_LOGIN.user,
			password: SPI_LOGIN.password,
			orderIds: sales.map((s) => s.orderid),
			retry: { initialDelayMs: 2_000, maxDelayMs: 5_000, maxAttempts: 60, timeoutMs: 15_000 },
		});
		await waitFor(
			'a run that failed on Klaviyo',
			async () => (await n8n.executions(ID.realTime)).filter((e) => e.status === 'error').length,
			(n) => n > failedBefore,
			90_000,
		).finally(recovered);
		const report = await delivery;
		expect(report.dropped).toEqual([]);
		// The batch was answered 503 while Klaviyo was down, then 200 once a run had sent it.
		expect(report.attempts.map((a) => a.status)).toContain(503);
		expect(report.attempts.filter((a) => a.status !== 503 && a.status !== 200)).toEqual([]);
		expect(report.attempts[report.attempts.length - 1]).toMatchObject({
			status: 200,
			outcome: 'delivered',
		});
		const placed = await waitFor(
			'the sales of the batch in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => sales.every((s) => list.some((e) => e.uniqueId === placedId(s.orderid))),
			30_000,
		);
		for (const sale of sales)
			expect(placed.filter((e) => e.uniqueId === placedId(sale.orderid))).toHaveLength(1);

		// Sitoo sends the confirmed batch once more (docs/reference/sitoo-spi.md §5.5): 200, and nothing is handed on.
		const ranBefore = (await settled(ID.realTime)).length;
		const again = await sitooAdmin<DeliveryReport>('POST', '/events-spi/deliveries', {
			url: `${n8n.baseUrl}/webhook/${webhookId}`,
			username: SPI_LOGIN.user,
			password: SPI_LOGIN.password,
			orderIds: sales.map((s) => s.orderid),
		});
		expect(again.attempts.map((a) => a.status)).toEqual([200]);
		await sleep(2_000);
		expect((await settled(ID.realTime)).length).toBe(ranBefore);
	});

	describe('Consent at the till', () => {
		const webhookUrl = () =>
			`${n8n.baseUrl}/webhook/${template(ID.consent).nodes.find((n) => n.type === `${PACKAGE}.sitooCrmTrigger`)!.webhookId as string}`;
		const till = (body: Record<string, unknown>) =>
			sitooAdmin<{ status: number | null; body: unknown; error?: string }>('POST', '/crm/calls', {
				baseUrl: webhookUrl(),
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				...body,
			});
		const profile = async (email: string) =>
			(
				await admin<
					Array<{
						id: string;
						email: string;
						first_name: string | null;
						subscriptions: { email: { marketing: { consent: string } } };
					}>
				>(sims.klaviyoServer, 'GET', `/__admin/profiles?email=${encodeURIComponent(email)}`)
			)[0];

		it('a sign-up with e-mail consent creates the Klaviyo profile, subscribes it, and answers the till with the Klaviyo id', async () => {
			const before = (await n8n.executions(ID.consent)).length;
			const created = await till({
				call: 'add',
				storeId: 1,
				staffId: '1043',
				customer: {
					email: 'signup.till@example.com',
					name_first: 'Sigrid',
					name_last: 'Lund',
					mobile: '+46701112233',
					accepts_communication: ['email'],
				},
			});
			expect(created.status).toBe(200);
			await waitFor(
				'execution',
				() => n8n.executions(ID.consent),
				(l) => l.length > before && l.every((e) => e.finished || e.status === 'error'),
			);
			const stored = await waitFor(
				'subscribed profile',
				() => profile('signup.till@example.com'),
				(p) => p?.subscriptions.email.marketing.consent === 'SUBSCRIBED',
				20_000,
			);
			expect(stored.first_name).toBe('Sigrid');
			expect(created.body).toMatchObject({
				customer_id: stored.id,
				email: 'signup.till@example.com',
				name_first: 'Sigrid',
				accepts_communication: ['email'],
			});
		});

		it('a look-up is answered from Klaviyo: one customer with the consent Klaviyo holds, or an empty list', async () => {
			const found = await till({
				call: 'search',
				keyType: 'email',
				key: 'signup.till@example.com',
			});
			const stored = await profile('signup.till@example.com');
			expect(found).toMatchObject({
				status: 200,
				body: [
					expect.objectContaining({
						customer_id: stored.id,
						email: 'signup.till@example.com',
						name_first: 'Sigrid',
						accepts_communication: ['email'],
					}),
				],
			});
			const missing = await till({
				call: 'search',
				keyType: 'email',
				key: 'nobody.here@example.com',
			});
			expect(missing).toMatchObject({ status: 200, body: [] });
		});

		it('a mobile typed in local format finds the customer saved with it', async () => {
			// Saved as +46701112233 by the sign-up above; staff type it as printed on a receipt.
			const found = await till({ call: 'search', keyType: 'mobile', key: '070-111 22 33' });
			expect(found).toMatchObject({
				status: 200,
				body: [expect.objectContaining({ email: 'signup.till@example.com' })],
			});
		});

		it('a sign-up with an e-mail Klaviyo cannot take tells the till it was not saved, lands in the ledger, and stores nothing', async () => {
			const failedBefore = (await n8n.executions(ID.consent)).filter(
				(e) => e.status === 'error',
			).length;
			const answer = await till({
				call: 'add',
				storeId: 1,
				customer: {
					email: 'noemail@example.com',
					name_first: 'Nils',
					accepts_communication: ['email'],
				},
			});
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({
				error: 'not_saved',
				message: expect.stringContaining('Not saved in Klaviyo'),
			});
			expect(answer.body).not.toHaveProperty('status');
			await waitFor(
				'the run marked as a problem',
				async () => (await n8n.executions(ID.consent)).filter((e) => e.status === 'error').length,
				(n) => n > failedBefore,
			);
			await waitFor('the ledger row', ledger, (rows) =>
				rows.some(
					(r) =>
						r.kind === 'Failed execution' &&
						r.workflow === template(ID.consent).name &&
						r.reason.includes('not done in Klaviyo'),
				),
			);
			expect(await profile('noemail@example.com')).toBeUndefined();
		});

		it('during a 429 storm every answer reaches a till that gives up after 10 s: "try again", and the run is listed', async () => {
			await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', {
				throttleForSeconds: 60,
				throttleRetryAfterSeconds: 20,
			});
			try {
				const lookup = await till({
					call: 'search',
					keyType: 'email',
					key: 'signup.till@example.com',
					timeoutMs: 10_000,
				});
				const signUp = await till({
					call: 'add',
					storeId: 2,
					customer: { email: 'storm.signup@example.com', accepts_communication: ['email'] },
					timeoutMs: 10_000,
				});
				for (const answer of [lookup, signUp])
					expect(answer).toMatchObject({
						status: 503,
						body: { error: 'try_again', message: expect.stringContaining('try again') },
					});
			} finally {
				await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
			}
			await waitFor('the ledger rows', ledger, (rows) =>
				rows.some(
					(r) =>
						r.kind === 'Failed execution' &&
						r.workflow === template(ID.consent).name &&
						r.reason.includes('not done in Klaviyo'),
				),
			);
			// Asked again once Klaviyo is back, the sign-up is saved.
			const again = await till({
				call: 'add',
				storeId: 2,
				customer: { email: 'storm.signup@example.com', accepts_communication: ['email'] },
			});
			expect(again.status).toBe(200);
		});

		it('an edit that sends only the changed field updates that profile and answers with the customer as stored', async () => {
			const stored = await profile('signup.till@example.com');
			const answer = await till({
				call: 'update',
				customerId: stored.id,
				customer: { name_last: 'Berg' },
			});
			expect(answer).toMatchObject({
				status: 200,
				body: {
					customer_id: stored.id,
					email: 'signup.till@example.com',
					name_first: 'Sigrid',
					name_last: 'Berg',
					mobile: '+46701112233',
				},
			});
			const after = await admin<Array<{ id: string; first_name: string; last_name: string }>>(
				sims.klaviyoServer,
				'GET',
				`/__admin/profiles?email=${encodeURIComponent('signup.till@example.com')}`,
			);
			expect(after).toEqual([
				expect.objectContaining({ id: stored.id, first_name: 'Sigrid', last_name: 'Berg' }),
			]);
		});

		it('a get of an unknown customer id is answered 404, not with a made-up customer', async () => {
			const answer = await till({ call: 'get', customerId: 'no-such-profile' });
			expect(answer).toMatchObject({ status: 404, body: { error: 'not_found' } });
		});

		it("a sign-up with another customer's mobile leaves that customer's profile untouched", async () => {
			const owner = await profile('signup.till@example.com');
			const answer = await till({
				call: 'add',
				storeId: 1,
				customer: {
					email: 'someone.else@example.com',
					name_first: 'Sven',
					mobile: '070-111 22 33',
					accepts_communication: ['email'],
				},
			});
			expect(answer.status).toBe(200);
			const created = await waitFor(
				'the new profile',
				() => profile('someone.else@example.com'),
				(p) => p !== undefined,
				20_000,
			);
			expect(created.id).not.toBe(owner.id);
			expect(await profile('signup.till@example.com')).toMatchObject({
				id: owner.id,
				email: 'signup.till@example.com',
				first_name: 'Sigrid',
			});
			const stored = await admin<Array<{ phone_number: string | null }>>(
				sims.klaviyoServer,
				'GET',
				`/__admin/profiles?email=${encodeURIComponent('someone.else@example.com')}`,
			);
			expect(stored[0]?.phone_number ?? null).toBeNull();
		});

		it('SMS consent from the till: a yes subscribes the mobile number, a later edit without SMS unsubscribes it', async () => {
			const email = 'sms.till@example.com';
			const smsConsent = async () =>
				(
					await admin<
						Array<{
							phone_number: string | null;
							subscriptions: { sms: { marketing: { consent: string } } };
						}>
					>(sims.klaviyoServer, 'GET', `/__admin/profiles?email=${encodeURIComponent(email)}`)
				)[0];
			const added = await till({
				call: 'add',
				storeId: 1,
				customer: {
					email,
					name_first: 'Sanna',
					mobile: '+46701239876',
					accepts_communication: ['email', 'sms'],
				},
			});
			expect(added.status).toBe(200);
			const subscribed = await waitFor(
				'SMS subscribed',
				smsConsent,
				(p) => p?.subscriptions.sms.marketing.consent === 'SUBSCRIBED',
				20_000,
			);
			expect(subscribed.phone_number).toBe('+46701239876');
			const customerId = (added.body as { customer_id: string }).customer_id;
			expect(customerId).toBeTruthy();
			// Staff edit the customer: SMS is no longer ticked.
			const updated = await till({
				call: 'update',
				customerId,
				customer: { email, mobile: '+46701239876', accepts_communication: ['email'] },
			});
			expect(updated.status).toBe(200);
			await waitFor(
				'SMS unsubscribed',
				smsConsent,
				(p) => p?.subscriptions.sms.marketing.consent === 'UNSUBSCRIBED',
				20_000,
			);
		});

		it('with the guard on, an opt-in at the till does not overwrite a later unsubscribe in Klaviyo', async () => {
			const email = 'unsubscribed.later@example.com';
			// The customer unsubscribed from an e-mail link after the moment at the till.
			await admin(sims.klaviyoServer, 'POST', '/__admin/consent', {
				email,
				consent: 'UNSUBSCRIBED',
				timestamp: new Date(Date.now() + 60_000).toISOString(),
			});
			const answer = await till({
				call: 'add',
				customer: { email, name_first: 'Ulla', accepts_communication: ['email'] },
			});
			expect(answer.status).toBe(200);
			// The till has its answer before n8n has stored the execution, and earlier look-ups may be
			// stored later still: wait for the run that decided this customer's consent.
			const decisionFor = (execution: Execution) =>
				execution.data?.resultData.runData['Subscribe to e-mail marketing']?.[0]?.data?.main[0]?.[0]
					?.json as { email?: string } | undefined;
			const executions = await waitFor(
				'execution',
				() => n8n.executions(ID.consent),
				(l) => l.some((e) => decisionFor(e)?.email === email),
			);
			const decision = executions.map(decisionFor).find((d) => d?.email === email);
			expect(decision).toMatchObject({ status: 'skipped', email });
			expect((await profile(email)).subscriptions.email.marketing.consent).toBe('UNSUBSCRIBED');
			const lookedUp = await till({ call: 'search', keyType: 'email', key: email });
			expect(lookedUp.body).toEqual([
				expect.objectContaining({ email, accepts_communication: [] }),
			]);
		});
	});

	describe('Backfill history', () => {
		const DAY = 86_400_000;
		const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		const range = { first: day(Date.now() - 12 * DAY), last: day(Date.now() - 4 * DAY) };

		/** The template as a retailer edits it: dates, resume point and batch size in "Choose what to copy". */
		async function importWith(values: {
			firstDay: string;
			lastDay: string;
			startAfterOrderId: number;
			maxOrdersPerRun: number;
			ordersPerBatch?: number;
		}): Promise<void> {
			const bound = bindCredentials(template(ID.backfill), credentials());
			const nodes = bound.nodes.map((node) => {
				if (node.name !== 'Choose what to copy') return node;
				const parameters = node.parameters as {
					assignments: { assignments: Array<{ name: string; value: unknown }> };
				};
				const assignments = parameters.assignments.assignments.map((a) =>
					a.name in values ? { ...a, value: values[a.name as keyof typeof values] } : a,
				);
				return { ...node, parameters: { ...parameters, assignments: { assignments } } };
			});
			await n8n.importWorkflow({ ...bound, nodes });
		}

		async function run(): Promise<{
			resume: {
				ordersRead: number;
				salesSent: number;
				resumeAfterOrderId: number;
				moreToCopy: boolean;
			};
			execution: Execution;
		}> {
			const execution = await n8n.runManually(ID.backfill, 'Start the backfill');
			expect({
				status: execution.status,
				error: execution.data?.resultData.error?.message,
			}).toEqual({ status: 'success', error: undefined });
			const finished = execution.data!.resultData.runData['Backfill finished'];
			const resume = finished[finished.length - 1]!.data!.main[0]![0]!.json as {
				ordersRead: number;
				salesSent: number;
				resumeAfterOrderId: number;
				moreToCopy: boolean;
			};
			return { resume, execution };
		}

		it('copies past sales as backfill events in bulk, resumes where a run stopped, and never doubles an event', async () => {
			const from = Date.parse(`${range.first}T00:00:00Z`) / 1000;
			const to = Date.parse(`${range.last}T00:00:00Z`) / 1000 + 86_400;
			const all = (
				await sitooAdmin<{ items: Array<{ kind: string; order: SimOrder }> }>('GET', '/orders')
			).items;
			// The Sitoo node reads the site of the credential (site 1 here; docs/reference/sitoo-api.md §1: one site per call).
			const expected = all
				.filter(
					(i) =>
						['sale', 'offline'].includes(i.kind) &&
						i.order.eshopid === 1 &&
						completedInSitoo(i.order) &&
						i.order.orderdate >= from &&
						i.order.orderdate < to,
				)
				.map((i) => i.order.orderid);
			expect(expected.length).toBeGreaterThan(20);
			const before = new Set((await klaviyoEvents('Placed Order')).map((e) => e.uniqueId));
			const ledgerBefore = (await ledger()).length;

			// A range without sales still says where things stand: nothing read, nothing left.
			const future = day(Date.now() + 400 * DAY);
			await importWith({
				firstDay: future,
				lastDay: future,
				startAfterOrderId: 0,
				maxOrdersPerRun: 25,
			});
			expect((await run()).resume).toMatchObject({
				ordersRead: 0,
				salesSent: 0,
				moreToCopy: false,
			});

			// A first run stops after 25 orders and says where to resume.
			await importWith({
				firstDay: range.first,
				lastDay: range.last,
				startAfterOrderId: 0,
				maxOrdersPerRun: 25,
			});
			const first = await run();
			expect(first.resume).toMatchObject({ ordersRead: 25, moreToCopy: true });
			// The second run goes on from there to the end, in batches of 10 (one sub-execution each).
			await importWith({
				firstDay: range.first,
				lastDay: range.last,
				startAfterOrderId: first.resume.resumeAfterOrderId,
				maxOrdersPerRun: 5000,
				ordersPerBatch: 10,
			});
			const second = await run();
			expect(second.resume.moreToCopy).toBe(false);
			expect(second.execution.data!.resultData.runData['Copy one batch']!.length).toBeGreaterThan(
				2,
			);
			expect(second.resume.ordersRead).toBeGreaterThan(20);

			const rows = (await ledger()).slice(ledgerBefore);
			// Sent: the sales Klaviyo accepted; the guests among the orders read went to the ledger.
			const sent = first.resume.salesSent + second.resume.salesSent;
			// Klaviyo works through bulk jobs in the background: wait until every accepted event is in.
			const events = await waitFor(
				'backfill events',
				() => klaviyoEvents('Placed Order'),
				(list) => list.filter((e) => !before.has(e.uniqueId)).length >= sent,
			);
			const added = events.filter((e) => !before.has(e.uniqueId));
			expect(added.length).toBe(sent);
			expect(added.every((e) => e.backfill === true)).toBe(true);
			// Each sale's lines come along as Ordered Product events, with the live workflow's ids.
			const products = await waitFor(
				'Ordered Products of the backfill',
				() => klaviyoEvents('Ordered Product'),
				(list) =>
					added.every((sale) =>
						list.some((e) => String(e.uniqueId).startsWith(`${sale.uniqueId}:`)),
					),
			);
			const backfilled = products.filter((e) =>
				added.some((sale) => String(e.uniqueId).startsWith(`${sale.uniqueId}:`)),
			);
			expect(backfilled.length).toBeGreaterThanOrEqual(added.length);
			expect(backfilled.every((e) => e.backfill === true)).toBe(true);
			// Every completed sale of the range is in Klaviyo once, or in the ledger with the reason.
			const accounted = new Set([
				...added.map((e) => Number(String(e.uniqueId).split(':')[2])),
				...rows.map((r) => Number(r.orderId || NaN)),
			]);
			const missing = expected.filter((id) => !accounted.has(id) && !before.has(placedId(id)));
			expect(missing).toEqual([]);
			expect(new Set(added.map((e) => e.uniqueId)).size).toBe(added.length);

			// Running the whole range again from the start changes nothing in Klaviyo.
			await forgetBackfillProgress();
			await importWith({
				firstDay: range.first,
				lastDay: range.last,
				startAfterOrderId: 0,
				maxOrdersPerRun: 5000,
			});
			const rerun = await run();
			expect(rerun.resume.ordersRead).toBe(first.resume.ordersRead + second.resume.ordersRead);
			const again = await klaviyoEvents('Placed Order');
			expect(again.length).toBe(events.length);
		});

		it('goes on where it stopped after n8n is killed mid-run, and sends nothing twice', async () => {
			const older = { first: day(Date.now() - 29 * DAY), last: day(Date.now() - 14 * DAY) };
			const from = Date.parse(`${older.first}T00:00:00Z`) / 1000;
			const to = Date.parse(`${older.last}T00:00:00Z`) / 1000 + 86_400;
			const inRange = (
				await sitooAdmin<{ items: Array<{ kind: string; order: SimOrder }> }>('GET', '/orders')
			).items.filter(
				(i) =>
					i.order.eshopid === 1 &&
					i.order.orderstateid === 10 &&
					i.order.orderdate >= from &&
					i.order.orderdate < to,
			);
			const sales = inRange
				.filter((i) => ['sale', 'offline'].includes(i.kind) && completedInSitoo(i.order))
				.map((i) => i.order.orderid);
			expect(sales.length).toBeGreaterThan(20);
			const rangeKey = `${older.first}..${older.last}`;
			const savedPoint = async () =>
				(await backfillProgress()).find((row) => row.days === rangeKey)?.resumeAfterOrderId ?? 0;
			await importWith({
				firstDay: older.first,
				lastDay: older.last,
				startAfterOrderId: 0,
				maxOrdersPerRun: 5000,
				ordersPerBatch: 5,
			});
			const jobsBefore = (await klaviyoCounters()).byRoute['POST /api/event-bulk-create-jobs'] ?? 0;
			// Slow bulk jobs keep the run busy long enough to be killed between two batches' sends.
			await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', { latencyMs: 1500 });
			let killedAt: number;
			try {
				await n8n.startManually(ID.backfill, 'Start the backfill');
				killedAt = await waitFor('two batches copied', savedPoint, (point) => point > 0, {
					timeoutMs: 120_000,
				});
				await waitFor(
					'a third batch under way',
					klaviyoCounters,
					(c) => (c.byRoute['POST /api/event-bulk-create-jobs'] ?? 0) > jobsBefore + 2,
				);
				await n8n.kill();
			} finally {
				await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
			}
			await n8n.start();
			killedAt = await savedPoint();
			const notYetCopied = inRange.filter((i) => i.order.orderid > killedAt).length;
			expect(notYetCopied).toBeGreaterThan(0);

			// Run again as it was: it starts after the saved point, not at the start of the range.
			const after = await run();
			const started =
				after.execution.data!.resultData.runData['Start where it stopped']![0]!.data!.main[0]![0]!
					.json.startAfterOrderId;
			expect(started).toBe(killedAt);
			expect(after.resume.moreToCopy).toBe(false);
			expect(after.resume.ordersRead).toBe(notYetCopied);

			// Every completed sale of the range is in Klaviyo once, or on the ledger once.
			const rows = (await ledger()).filter((r) => r.kind === 'Unattributed sale (backfill)');
			const listed = rows.map((r) => Number(r.orderId));
			expect(new Set(listed).size).toBe(listed.length);
			const placed = await waitFor(
				'the whole range in Klaviyo',
				() => klaviyoEvents('Placed Order'),
				(list) =>
					sales.every((id) => listed.includes(id) || list.some((e) => e.uniqueId === placedId(id))),
			);
			for (const id of sales)
				expect(
					placed.filter((e) => e.uniqueId === placedId(id)).length + (listed.includes(id) ? 1 : 0),
				).toBe(1);
		});
	});

	it('a failing workflow lands in the exception ledger with its reason, through the error handler', async () => {
		const badKlaviyo: CredentialRecord = {
			...sims.credentials.klaviyo,
			id: 'klaviyoBadKey01',
			name: 'Klaviyo (wrong key)',
			data: { ...sims.credentials.klaviyo.data, apiKey: 'pk_wrong_0000000000000000000000000000' },
		};
		await n8n.importCredentials([badKlaviyo]);
		const broken = bindCredentials(
			{ ...template(ID.sales), id: 'brokenSalesE2e01', name: 'Store sales → Klaviyo (wrong key)' },
			{ ...credentials(), klaviyoApi: badKlaviyo },
		);
		await n8n.importWorkflow(broken);
		await setPublished(n8n, broken.id, true);
		await waitFor(
			'first poll of the broken copy',
			() => n8n.executions(broken.id),
			(list) => list.length >= 1,
		);
		const failedSale = await createOrder({ kind: 'sale', customer: 'member', storeId: 3 });
		await pollNow(n8n, broken.id);
		const failed = await waitFor(
			'failed execution',
			() => n8n.executions(broken.id),
			(list) => list.some((e) => e.status === 'error'),
		);
		const failure = failed.find((e) => e.status === 'error')!;
		const rows = await waitFor('ledger row for the failure', ledger, (list) =>
			list.some((r) => r.kind === 'Failed execution' && r.workflow === broken.name),
		);
		const row = rows.find((r) => r.kind === 'Failed execution' && r.workflow === broken.name)!;
		expect(row.reason).toMatch(/401|key|auth/i);
		expect(row.details).toContain('Send to Klaviyo as Placed Order');
		// The sale that failed is named, and listed once however often its runs fail.
		expect(row.orderId).toBe(String(failedSale.orderid));
		expect(row.receiptId).not.toBe('');
		const errors = (await n8n.executions(broken.id)).filter((e) => e.status === 'error');
		expect(errors.some((e) => row.execution.includes(String(e.id)))).toBe(true);
		expect(failure.status).toBe('error');
		await setPublished(n8n, broken.id, false);
		expect(
			(await n8n.executions(ID.errors)).some((e) => e.mode === 'error' && e.status === 'success'),
		).toBe(true);
		const tables = await n8n.api<{ data: Array<{ name: string }> }>(
			'GET',
			'/data-tables?limit=250',
		);
		expect(tables.data.filter((t) => t.name === LEDGER_TABLE)).toHaveLength(1);
	});

	it('the ledger lists an order once per workflow and problem, however often it is recorded (replays after a restart)', async () => {
		// The sales template's own ledger nodes, fed the same unattributed sale twice.
		const sales = template(ID.sales);
		const fromTemplate = (name: string) => {
			const node = sales.nodes.find((n) => n.name === name);
			if (!node) throw new Error(`the sales template has no node "${name}"`);
			return node;
		};
		const recorder = {
			id: 'ledgerTwiceE2e01',
			name: 'Ledger e2e',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'r1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{ ...fromTemplate('Make sure the ledger exists'), position: [240, -200] },
				{
					id: 'r2',
					name: 'An unattributed sale',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [240, 0],
					parameters: {
						mode: 'raw',
						jsonOutput: JSON.stringify({
							kind: 'sale',
							orderId: 990001,
							receiptId: 'R-1',
							reason: 'no e-mail',
						}),
						options: {},
					},
				},
				{ ...fromTemplate('Skip orders already listed'), position: [480, 0] },
				{ ...fromTemplate('Record unattributed order'), position: [720, 0] },
			],
			connections: {
				Start: {
					main: [
						[
							{ node: 'Make sure the ledger exists', type: 'main', index: 0 },
							{ node: 'An unattributed sale', type: 'main', index: 0 },
						],
					],
				},
				'An unattributed sale': {
					main: [[{ node: 'Skip orders already listed', type: 'main', index: 0 }]],
				},
				'Skip orders already listed': {
					main: [[{ node: 'Record unattributed order', type: 'main', index: 0 }]],
				},
			},
		};
		await n8n.importWorkflow(recorder);
		for (let run = 0; run < 2; run++) {
			const execution = await n8n.runManually(recorder.id, 'Start');
			expect({
				status: execution.status,
				error: execution.data?.resultData.error?.message,
			}).toEqual({ status: 'success', error: undefined });
		}
		const rows = (await ledger()).filter((r) => r.workflow === 'Ledger e2e');
		expect(rows.map((r) => [r.kind, r.orderId])).toEqual([['Unattributed sale', '990001']]);
		// The broken copy above failed on every poll; its sale is listed once.
		expect(
			(await ledger()).filter((r) => r.kind === 'Failed execution').length,
		).toBeGreaterThanOrEqual(1);
	});
});
