/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * Reliability under faults: the shipped templates (store sales and refunds by polling in one
 * workflow, consent at the till) in a real n8n, while both simulators inject 20 % server errors, 429 bursts,
 * latency spikes and dropped connections, and n8n is killed (SIGKILL) and restarted twice mid-run.
 * Afterwards Klaviyo holds every expected event exactly once, no refund arrived before its sale,
 * every consent change is applied, and the Sync Monitor reports a clean window. Runs a kill cuts off
 * are handed on again by the trigger after the restart (its bookmark moves only once a run has
 * succeeded), not left to the monitor.
 *
 * Deterministic: the simulators' faults are seeded, the rounds are fixed, and n8n polls only when the
 * test publishes a trigger again (n8n polls once whenever a poller starts) or restarts n8n.
 */
import { N8nInstance, type Execution } from './harness/n8n-instance';
import {
	admin,
	listKlaviyoEvents,
	spiLogin,
	startSimulators,
	SITOO,
	type Simulators,
} from './harness/simulators';
import { startRetryProxy, type RetryProxy } from './harness/retry-proxy';
import { sleep, waitFor } from './harness/wait';
import type { AdminEvent } from '../simulators/klaviyo/admin';
import type { DeliveryReport } from '../simulators/sitoo/push';
import {
	bindCredentials,
	ERROR_HANDLER_ID,
	loadTemplates,
	pollNow,
	setPublished,
	type WorkflowTemplate,
} from '../demo/templates';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const SPI_LOGIN = { user: 'sitoo-reliability', password: 'e2e-Reliability-login-0123456789' };
const SPI_CREDENTIAL = spiLogin({
	id: 'spiLoginRel0001',
	name: 'Sitoo webhook login (reliability)',
	login: SPI_LOGIN,
});
const ID = {
	sales: 'storeSalesToKlaviyo',
	consent: 'consentAtTheTill',
	errors: ERROR_HANDLER_ID,
	realTime: 'storeSalesRealTime',
};
const MONITOR_ID = 'reliabilityMon01';
const MONITOR = 'Check Sync';

interface SimOrder {
	orderid: number;
}

/** One set of faults per round, on both simulators; rounds 2 and 4 also kill n8n mid-poll. */
const ROUNDS: Array<{ faults: Record<string, number>; kill: boolean }> = [
	{ faults: { serverErrorRate: 0.2 }, kill: false },
	// A burst shorter than the transport's six attempts: it must be ridden out, not end the poll.
	{ faults: { throttleNext: 4, throttleRetryAfterSeconds: 1 }, kill: false },
	{ faults: { latencyMs: 400, serverErrorRate: 0.2 }, kill: true },
	{ faults: { dropConnectionRate: 0.15 }, kill: false },
	{ faults: { serverErrorRate: 0.2, dropConnectionRate: 0.1, throttleNext: 2 }, kill: true },
	{ faults: { serverErrorRate: 0.2, latencyMs: 150 }, kill: false },
];
const SALES_PER_ROUND = 3;

function monitorWorkflow(sims: Simulators) {
	const credentials = {
		sitooApi: { id: sims.credentials.sitoo.id, name: sims.credentials.sitoo.name },
		klaviyoApi: { id: sims.credentials.klaviyo.id, name: sims.credentials.klaviyo.name },
	};
	return {
		id: MONITOR_ID,
		name: 'Reliability sync check',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'm1',
				name: 'Check now',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'm2',
				name: MONITOR,
				type: `${PACKAGE}.syncMonitor`,
				typeVersion: 1,
				position: [240, 0],
				// Lag is not what this suite measures (the polls are driven by hand), so its alert is off.
				parameters: {
					operation: 'check',
					windowHours: 24,
					graceMinutes: 0.25,
					lagThresholdMinutes: 10_080,
					options: {},
				},
				credentials,
			},
			// As in the Sync monitor template: orphans found by the check go straight back to Klaviyo.
			{
				id: 'm3',
				name: 'Re-send missing sales',
				type: `${PACKAGE}.klaviyo`,
				typeVersion: 1,
				position: [480, 0],
				parameters: {
					resource: 'order',
					operation: 'trackPlaced',
					orderInput: 'normalized',
					options: {},
				},
				credentials: { klaviyoApi: credentials.klaviyoApi },
			},
			{
				id: 'm4',
				name: 'Re-send missing refunds',
				type: `${PACKAGE}.klaviyo`,
				typeVersion: 1,
				position: [480, 200],
				parameters: {
					resource: 'order',
					operation: 'trackRefunded',
					orderInput: 'normalized',
					options: {},
				},
				credentials: { klaviyoApi: credentials.klaviyoApi },
			},
		],
		connections: {
			'Check now': { main: [[{ node: MONITOR, type: 'main', index: 0 }]] },
			[MONITOR]: {
				main: [
					[],
					[{ node: 'Re-send missing sales', type: 'main', index: 0 }],
					[{ node: 'Re-send missing refunds', type: 'main', index: 0 }],
					[],
				],
			},
		},
	};
}

describe('reliability: faults on both APIs and n8n killed twice', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let templates: WorkflowTemplate[];
	let proxy: RetryProxy | undefined;
	const sales: number[] = [];
	const refunds: Array<{ refund: number; sale: number }> = [];
	const signUps: string[] = [];
	const sitooAdmin = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(sims.sitooServer, method, `/__admin${path}`, body);
	const klaviyoEvents = (metric: string) => listKlaviyoEvents(sims.klaviyoServer, metric);
	const placedId = (orderId: number) => `sitoo:${SITOO.accountId}:${orderId}`;
	const createOrder = async (body: Record<string, unknown>) =>
		(await sitooAdmin<{ order: SimOrder }>('POST', '/orders', body)).order.orderid;

	async function faults(settings: Record<string, number> | undefined): Promise<void> {
		for (const server of [sims.sitooServer, sims.klaviyoServer]) {
			await admin(server, 'DELETE', '/__admin/faults');
			if (settings) await admin(server, 'PUT', '/__admin/faults', settings);
		}
	}

	const settled = (workflowId: string): Promise<Execution[]> =>
		n8n.settledExecutions(workflowId, 120_000);

	/** A till retries a sign-up until the CRM answers (Sitoo's CRM SPI is synchronous, docs/reference/sitoo-spi.md). */
	async function signUp(email: string): Promise<void> {
		const webhookId = templates
			.find((t) => t.id === ID.consent)!
			.nodes.find((n) => n.type === `${PACKAGE}.sitooCrmTrigger`)!.webhookId as string;
		const call = () =>
			sitooAdmin<{ status: number | null }>('POST', '/crm/calls', {
				baseUrl: `${n8n.baseUrl}/webhook/${webhookId}`,
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				call: 'add',
				storeId: 1,
				customer: { email, name_first: 'Reliable', accepts_communication: ['email'] },
			});
		await waitFor(
			`the CRM to answer the till's sign-up of ${email}`,
			call,
			(answer) => answer.status === 200,
			{ timeoutMs: 60_000, intervalMs: 300 },
		);
	}

	beforeAll(async () => {
		sims = await startSimulators();
		// n8n 2.41 publishes through an outbox whose records a killed process keeps leased for 2 minutes
		// (N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS): until then no trigger is re-activated after a
		// restart. 40 s here keeps the run short, yet leaves a first poll under faults (product look-ups
		// included) the 28 s n8n allows a publication (70 % of the lease). Production keeps the default
		// (see the README).
		n8n = await N8nInstance.launch({
			env: { N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS: '40' },
		});
		await n8n.importCredentials([sims.credentials.sitoo, sims.credentials.klaviyo, SPI_CREDENTIAL]);
		templates = loadTemplates();
		const credentials = {
			sitooApi: sims.credentials.sitoo,
			klaviyoApi: sims.credentials.klaviyo,
			sitooSpiAuthApi: SPI_CREDENTIAL,
		};
		for (const id of Object.values(ID))
			await n8n.importWorkflow(
				bindCredentials(
					templates.find((t) => t.id === id)!,
					credentials,
				),
			);
		await n8n.importWorkflow(monitorWorkflow(sims));
		// The error handler first: n8n refuses to publish a workflow whose sub-workflow is not published.
		for (const id of [ID.errors, ID.sales, ID.consent]) await setPublished(n8n, id, true);
		// The polling template starts from "now": its first (empty) poll marks where it begins.
		await waitFor(
			'first poll',
			async () => (await n8n.executions(ID.sales)).length,
			(n) => n >= 1,
		);
	});

	afterAll(async () => {
		await proxy?.close();
		await n8n?.dispose();
		await sims?.close();
	});

	it('streams sales, refunds and consent changes through six rounds of faults and two kills', async () => {
		let kills = 0;
		for (const [index, round] of ROUNDS.entries()) {
			await faults(round.faults);
			const fresh: number[] = [];
			for (let i = 0; i < SALES_PER_ROUND; i++)
				fresh.push(
					await createOrder({
						kind: 'sale',
						customer: 'member',
						storeId: 1 + ((index + i) % 3),
						payment: 'card',
					}),
				);
			// A refund of a sale from the round before: its sale may still be on its way.
			if (index > 0) {
				const sale = sales[sales.length - SALES_PER_ROUND];
				refunds.push({
					refund: await createOrder({ kind: 'refund', originalOrderId: sale }),
					sale,
				});
			}
			sales.push(...fresh);
			const email = `reliable.${index}@example.com`;
			signUps.push(email);
			await signUp(email);
			const before = (await n8n.executions(ID.sales)).length;
			await pollNow(n8n, ID.sales);
			if (round.kill) {
				// Kill while the poll's execution is in flight (latency and faults keep it busy).
				// n8n re-activates a trigger whose first poll failed only after a while: publish again until it runs.
				let lastPublish = Date.now();
				await waitFor(
					'a poll in flight or done',
					async () => {
						if (Date.now() - lastPublish > 15_000) {
							await pollNow(n8n, ID.sales);
							lastPublish = Date.now();
						}
						return (await n8n.executions(ID.sales)).length;
					},
					(n) => n > before,
					{ timeoutMs: 90_000, detail: () => n8n.log.slice(-6000) },
				);
				await n8n.kill();
				kills++;
				await n8n.start();
				// A restart polls every published trigger once.
			}
			await settled(ID.sales);
		}
		expect(kills).toBe(2);
		expect(n8n.log.match(/Editor is now accessible/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
	});

	/** Sales and refunds the polling templates delivered themselves, before any repair by the monitor. */
	const deliveredBySync = { sales: new Set<string>(), refunds: new Set<string>() };

	it('after the faults stop, quiet polls deliver every sale and refund, each event once, with no refund before its sale', async () => {
		await faults(undefined);
		// After a kill, n8n re-activates triggers once the publication lease (15 s) has run out: poll
		// until that time has passed and two rounds in a row bring nothing new.
		const quietSince = Date.now();
		let previous = -1;
		let unchanged = 0;
		while (Date.now() - quietSince < 20_000 || unchanged < 2) {
			await pollNow(n8n, ID.sales);
			await settled(ID.sales);
			const count =
				(await klaviyoEvents('Placed Order')).length +
				(await klaviyoEvents('Refunded Order')).length;
			unchanged = count === previous ? unchanged + 1 : 0;
			previous = count;
			// The lease runs out with time, which nothing here can observe: space the rounds out.
			await sleep(1000);
		}
		const placed = await klaviyoEvents('Placed Order');
		const refunded = await klaviyoEvents('Refunded Order');
		for (const e of placed) if (e.uniqueId) deliveredBySync.sales.add(e.uniqueId);
		for (const e of refunded) deliveredBySync.refunds.add(String(e.properties.RefundOrderId));
		// Never twice, whatever was retried, re-polled or re-run after a crash.
		for (const sale of sales)
			expect(placed.filter((e) => e.uniqueId === placedId(sale)).length).toBeLessThanOrEqual(1);
		for (const { refund } of refunds)
			expect(
				refunded.filter((e) => e.properties.RefundOrderId === String(refund)).length,
			).toBeLessThanOrEqual(1);
		// Every execution finished, was cut off by a kill, or failed only on what was injected: a
		// request Klaviyo kept refusing with a server error, a throttle or a dropped connection through
		// all the node's attempts (at a 20 % error rate, six in a row happen about once in 16,000
		// requests). The trigger hands such a run's orders on again, which the checks below hold.
		const injected = /(HTTP (5\d\d|429)\b|could not be reached).*after \d+ attempts\)/i;
		const runs = await n8n.executions(ID.sales);
		expect({
			failed: runs
				.filter((e) => !['success', 'crashed'].includes(e.status))
				.map((e) => `${e.id} ${e.status} ${e.data?.resultData.error?.message ?? ''}`)
				.filter((failure) => !injected.test(failure)),
		}).toEqual({ failed: [] });
		// The kills cut runs off (crashed executions), and the replay after each restart finished them.
		expect(sales.filter((s) => !deliveredBySync.sales.has(placedId(s)))).toEqual([]);
		expect(
			refunds.filter((r) => !deliveredBySync.refunds.has(String(r.refund))).map((r) => r.refund),
		).toEqual([]);
		// Invariant 2: every refund reached Klaviyo after its sale.
		const receivedAt = (e: AdminEvent | undefined) => e?.receivedAtMs ?? NaN;
		const refundsBeforeSale = refunds.filter(({ refund, sale }) => {
			const placedAt = receivedAt(placed.find((e) => e.uniqueId === placedId(sale)));
			return (
				receivedAt(refunded.find((e) => e.properties.RefundOrderId === String(refund))) < placedAt
			);
		});
		expect(refundsBeforeSale).toEqual([]);
		const replays = runs.filter((e) =>
			Object.values(e.data?.resultData.runData ?? {}).some((r) =>
				r[0]?.data?.main[0]?.some((i) => i.json.resentAfterRestart === true),
			),
		);
		// eslint-disable-next-line no-console -- a measurement worth reading in the test log
		console.log(
			`reliability: ${sales.length} sales and ${refunds.length} refunds; ${runs.filter((e) => e.status === 'crashed').length} runs cut off by kills, ${replays.length} replay run(s)`,
		);
	});

	it('Klaviyo holds every event exactly once, with the right ids, and the Sync Monitor reports a clean window', async () => {
		// The monitor ignores orders younger than its grace period (15 s here).
		await sleep(16_000);
		// Its first check finds the simulator's history from before the sync started (the template
		// starts from "now") and re-sends it; none of the orders rung up during the faults is missing.
		const repair = await n8n.runManually(MONITOR_ID, 'Check now');
		expect({ status: repair.status, error: repair.data?.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		const [, resentSales, resentRefunds] = (
			repair.data!.resultData.runData[MONITOR]![0]!.data!.main ?? []
		).map((items) =>
			(items ?? []).map((i) => (i.json as { ids?: { orderId?: number } }).ids?.orderId),
		);
		expect((resentSales ?? []).filter((id) => sales.includes(id as number))).toEqual([]);
		expect((resentRefunds ?? []).filter((id) => refunds.some((r) => r.refund === id))).toEqual([]);
		const placed = await waitFor(
			'every sale in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => sales.every((s) => list.some((e) => e.uniqueId === placedId(s))),
			30_000,
		);
		const refunded = await waitFor(
			'every refund in Klaviyo',
			() => klaviyoEvents('Refunded Order'),
			(list) =>
				refunds.every((r) => list.some((e) => e.properties.RefundOrderId === String(r.refund))),
			30_000,
		);
		for (const sale of sales)
			expect({ sale, count: placed.filter((e) => e.uniqueId === placedId(sale)).length }).toEqual({
				sale,
				count: 1,
			});
		expect(placed.filter((e) => sales.some((s) => e.uniqueId === placedId(s)))).toHaveLength(
			sales.length,
		);
		for (const { refund, sale } of refunds) {
			const events = refunded.filter((e) => e.properties.RefundOrderId === String(refund));
			expect({ refund, count: events.length, uniqueId: events[0]?.uniqueId }).toEqual({
				refund,
				count: 1,
				uniqueId: placedId(sale),
			});
		}

		const execution = await n8n.runManually(MONITOR_ID, 'Check now');
		expect({ status: execution.status, error: execution.data?.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		const [report, missingSales, missingRefunds] = (
			execution.data!.resultData.runData[MONITOR]![0]!.data!.main ?? []
		).map((items) => (items ?? []).map((i) => i.json));
		expect(report).toHaveLength(1);
		expect(report![0]).toMatchObject({ orphans: 0, pending: 0 });
		expect(report![0]!.expectedEvents).toBe(report![0]!.presentEvents);
		expect(report![0]!.expectedEvents as number).toBeGreaterThanOrEqual(
			sales.length + refunds.length,
		);
		expect(missingSales).toEqual([]);
		expect(missingRefunds).toEqual([]);
	});

	it('when the next poll comes while a slow run is still sending, the trigger waits for it: the refund goes out after its sale', async () => {
		await faults(undefined);
		// A slow Klaviyo keeps a run of ten sales busy for seconds; the refund of its last sale comes
		// with the next poll, whose run has only that refund to send.
		await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', { latencyMs: 300 });
		const batch: number[] = [];
		for (let i = 0; i < 10; i++)
			batch.push(
				await createOrder({
					kind: 'sale',
					customer: 'member',
					storeId: 1 + (i % 3),
					payment: 'card',
				}),
			);
		const known = new Set((await n8n.executions(ID.sales)).map((e) => e.id));
		await pollNow(n8n, ID.sales);
		// The sales run is sending (its first sale is in) when the refund is rung up and polled.
		await waitFor(
			'the first sale of the run in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => list.some((e) => e.uniqueId === placedId(batch[0]!)),
			60_000,
		);
		const sale = batch[batch.length - 1]!;
		const refund = await createOrder({ kind: 'refund', originalOrderId: sale });
		await pollNow(n8n, ID.sales);
		const refunded = await waitFor(
			'the refund in Klaviyo',
			() => klaviyoEvents('Refunded Order'),
			(list) => list.some((e) => e.properties.RefundOrderId === String(refund)),
			120_000,
		);
		const placed = await waitFor(
			'the sale in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => list.some((e) => e.uniqueId === placedId(sale)),
			120_000,
		);
		await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
		type Timed = Execution & { startedAt: string; stoppedAt: string };
		const sent = (e: Execution, node: string, orderId: number) =>
			JSON.stringify(e.data?.resultData.runData[node] ?? []).includes(`"orderId":${orderId}`);
		// n8n's API lists an execution once it has finished.
		const runs = (await waitFor(
			'both runs finished',
			async () => (await n8n.executions(ID.sales)).filter((e) => !known.has(e.id)),
			(list) =>
				list.some((e) => sent(e, 'Send to Klaviyo as Placed Order', sale)) &&
				list.some((e) => sent(e, 'Send to Klaviyo as Refunded Order', refund)),
			120_000,
		)) as Timed[];
		const saleRun = runs.find((e) => sent(e, 'Send to Klaviyo as Placed Order', sale));
		const refundRun = runs.find((e) => sent(e, 'Send to Klaviyo as Refunded Order', refund));
		// The refund was polled while the sale's run was sending; its run started only after that one ended.
		expect(saleRun && refundRun && saleRun.id !== refundRun.id).toBe(true);
		expect(Date.parse(refundRun!.startedAt)).toBeGreaterThanOrEqual(Date.parse(saleRun!.stoppedAt));
		const refundAt = refunded.find(
			(e) => e.properties.RefundOrderId === String(refund),
		)!.receivedAtMs;
		const saleAt = placed.find((e) => e.uniqueId === placedId(sale))!.receivedAtMs;
		expect(refundAt).toBeGreaterThan(saleAt);
	});

	it('every consent change from the till is applied once', async () => {
		for (const email of signUps) {
			const profiles = await admin<
				Array<{ email: string; subscriptions: { email: { marketing: { consent: string } } } }>
			>(sims.klaviyoServer, 'GET', `/__admin/profiles?email=${encodeURIComponent(email)}`);
			expect({
				email,
				profiles: profiles.length,
				consent: profiles[0]?.subscriptions.email.marketing.consent,
			}).toEqual({ email, profiles: 1, consent: 'SUBSCRIBED' });
		}
	});
	it('real time: n8n killed while a batch is being sent; Sitoo has no answer, sends the batch again, and after the restart (behind the recommended proxy) every sale arrives once', async () => {
		await faults(undefined);
		// Only the real-time template sends these sales: the polling one would deliver them too.
		await setPublished(n8n, ID.sales, false);
		await setPublished(n8n, ID.realTime, true);
		const webhookId = templates
			.find((t) => t.id === ID.realTime)!
			.nodes.find((n) => n.type === `${PACKAGE}.sitooEventsTrigger`)!.webhookId as string;
		// Publishing lands asynchronously: Sitoo must not meet n8n's 404 for a webhook not yet registered.
		// After the restart n8n answers 404 until the workflow is active again: the proxy the README
		// recommends turns that into 503, which Sitoo retries.
		proxy = await startRetryProxy(n8n.baseUrl);
		const url = `${proxy.url}/webhook/${webhookId}`;
		const registered = async () =>
			(await fetch(`${url}/events`, { method: 'POST', body: '[]' }).catch(() => undefined))
				?.status ?? 0;
		await waitFor(
			'the real-time webhook',
			registered,
			(status) => status !== 404 && status !== 0,
			30_000,
		);
		const batch: number[] = [];
		for (let i = 0; i < 3; i++)
			batch.push(
				await createOrder({ kind: 'sale', customer: 'member', storeId: 1 + i, payment: 'card' }),
			);
		// A slow Klaviyo keeps the run sending when n8n is killed.
		await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', { latencyMs: 1500 });
		const delivery = sitooAdmin<DeliveryReport>('POST', '/events-spi/deliveries', {
			url,
			username: SPI_LOGIN.user,
			password: SPI_LOGIN.password,
			orderIds: batch,
			retry: { initialDelayMs: 2_000, maxDelayMs: 5_000, maxAttempts: 80, timeoutMs: 15_000 },
		});
		await waitFor(
			'the run sending the batch',
			() => klaviyoEvents('Placed Order'),
			(list) => list.some((e) => e.uniqueId === placedId(batch[0]!)),
			60_000,
		);
		await n8n.kill();
		await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
		await n8n.start();
		const report = await delivery;
		expect(report.dropped).toEqual([]);
		expect(report.attempts[report.attempts.length - 1]).toMatchObject({ status: 200 });
		const placed = await waitFor(
			'every sale of the batch in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => batch.every((id) => list.some((e) => e.uniqueId === placedId(id))),
			60_000,
		);
		for (const id of batch)
			expect({ id, count: placed.filter((e) => e.uniqueId === placedId(id)).length }).toEqual({
				id,
				count: 1,
			});
		// eslint-disable-next-line no-console -- a measurement worth reading in the test log
		console.log(
			`reliability, real time: Sitoo's attempts answered ${report.attempts.map((a) => a.status ?? 'no answer').join(', ')}`,
		);
		// While n8n was down or starting, Sitoo heard 503 (from the proxy) and kept the batch.
		expect(report.attempts.length).toBeGreaterThan(1);
		expect(report.attempts.slice(0, -1).every((a) => a.status === 503)).toBe(true);
	});
});
