/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * Scale-out: n8n in queue mode, as docs/reference/n8n.md §5.5 describes it: one main (UI, API,
 * triggers) and two `n8n worker` processes sharing a fresh PostgreSQL database, Redis (Bull queue,
 * a prefix of its own) and one encryption key. The polling sales template runs under load beside the
 * real-time one: every sale reaches Klaviyo exactly once, the polling runs never overlap (so each
 * customer's sales arrive in till order, whichever worker runs them), Sitoo hears 200 from the
 * real-time template's Confirm Sitoo Events node on a worker, and both workers run executions (read
 * from each worker's `Worker started execution <id>` log lines).
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (trust auth, role postgres) and Redis on 127.0.0.1:6379
 * (harness/queue-stage.ts).
 */
import { randomUUID } from 'node:crypto';
import { N8nInstance, type Execution, type N8nWorker } from './harness/n8n-instance';
import { queueStage, type QueueStage } from './harness/queue-stage';
import {
	admin,
	listKlaviyoEvents,
	spiLogin,
	startSimulators,
	SITOO,
	type Simulators,
} from './harness/simulators';
import { waitFor } from './harness/wait';
import type { DeliveryReport } from '../simulators/sitoo/push';
import {
	bindCredentials,
	ERROR_HANDLER_ID,
	loadTemplates,
	pollNow,
	setPublished,
	type WorkflowTemplate,
} from '../demo/templates';

const SALES = 'storeSalesToKlaviyo';
const REAL_TIME = 'storeSalesRealTime';
/** The real-time template with Answer Sitoo set to "As Soon as the Orders Are Recorded". */
const RECORDED = 'storeSalesRealTimeRecorded';
const SPI_LOGIN = { user: 'sitoo-queue', password: 'e2e-Queue-login-0123456789abcdef' };
const SPI_CREDENTIAL = spiLogin({
	id: 'spiLoginQueue001',
	name: 'Sitoo webhook login (queue)',
	login: SPI_LOGIN,
});
const CUSTOMERS = ['queue.anna@example.com', 'queue.bo@example.com', 'queue.cleo@example.com'];
const ROUNDS = 8;
/** Jobs go through Redis to a worker: each wait here allows two minutes unless it says otherwise. */
const WAIT_MS = 120_000;

/** A copy of the real-time template that answers Sitoo as soon as the orders are recorded. */
function answeringOnceRecorded(template: WorkflowTemplate, webhookId: string): WorkflowTemplate {
	return {
		...template,
		id: RECORDED,
		name: `${template.name} (answers once recorded)`,
		nodes: template.nodes.map((node) =>
			node.type.endsWith('.sitooEventsTrigger')
				? {
						...node,
						webhookId,
						parameters: { ...(node.parameters as object), answer: 'onRecorded' },
					}
				: node,
		),
	};
}

describe('queue mode: one main, two workers, Postgres and Redis', () => {
	let stage: QueueStage;
	let sims: Simulators;
	let n8n: N8nInstance;
	let workers: N8nWorker[] = [];
	let realTimeHook = '';
	const recordedHook = randomUUID();
	const sales: Array<{ orderId: number; email: string }> = [];
	const klaviyoEvents = (metric: string) => listKlaviyoEvents(sims.klaviyoServer, metric);
	const placedId = (orderId: number) => `sitoo:${SITOO.accountId}:${orderId}`;

	const settled = (workflowId: string): Promise<Execution[]> =>
		n8n.settledExecutions(workflowId, WAIT_MS);

	beforeAll(async () => {
		stage = await queueStage('n8n_queue');
		sims = await startSimulators();
		n8n = await N8nInstance.launch({ env: stage.env });
		workers = await stage.startWorkers(n8n, 2);
		await n8n.importCredentials([sims.credentials.sitoo, sims.credentials.klaviyo, SPI_CREDENTIAL]);
		const templates = loadTemplates();
		const credentials = {
			sitooApi: sims.credentials.sitoo,
			klaviyoApi: sims.credentials.klaviyo,
			sitooSpiAuthApi: SPI_CREDENTIAL,
		};
		for (const id of [ERROR_HANDLER_ID, SALES, REAL_TIME])
			await n8n.importWorkflow(
				bindCredentials(
					templates.find((t) => t.id === id)!,
					credentials,
				),
			);
		await n8n.importWorkflow(
			bindCredentials(
				answeringOnceRecorded(
					templates.find((t) => t.id === REAL_TIME)!,
					recordedHook,
				),
				credentials,
			),
		);
		realTimeHook = templates
			.find((t) => t.id === REAL_TIME)!
			.nodes.find((n) => n.type.endsWith('.sitooEventsTrigger'))!.webhookId as string;
		for (const id of [ERROR_HANDLER_ID, SALES, REAL_TIME, RECORDED])
			await setPublished(n8n, id, true);
		await waitFor(
			'first poll',
			() => n8n.executions(SALES),
			(list) => list.length >= 1 && list.every((e) => e.finished),
			WAIT_MS,
		);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
		await stage?.remove();
	});

	it('runs as one main and two workers on Postgres', async () => {
		expect(n8n.log).toMatch(/queue/i);
		for (const worker of workers) expect(worker.log).toMatch(/n8n worker/i);
		expect(n8n.log).not.toMatch(/Failed to load package/);
	});

	async function sell(
		round: number,
		into: Array<{ orderId: number; email: string }>,
	): Promise<void> {
		for (const [index, email] of CUSTOMERS.entries()) {
			const created = await admin<{ order: { orderid: number } }>(
				sims.sitooServer,
				'POST',
				'/__admin/orders',
				{
					kind: 'sale',
					storeId: 1 + ((round + index) % 3),
					payment: 'card',
					customer: { email, namefirst: `Customer ${index}` },
				},
			);
			into.push({ orderId: created.order.orderid, email });
			sales.push({ orderId: created.order.orderid, email });
		}
	}

	it('under load (slow Klaviyo, polls while a run is going, a real-time batch beside them), every sale reaches Klaviyo exactly once, polling runs never overlap, and both workers run executions', async () => {
		// Klaviyo answers slowly, so a poll comes while the previous run is still going: the trigger
		// waits for it. A real-time batch meanwhile goes to the other worker (one job per worker).
		await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', { latencyMs: 1000 });
		const burst: Array<{ orderId: number; email: string }> = [];
		const realTime: Array<{ orderId: number; email: string }> = [];
		let delivery: Promise<DeliveryReport> | undefined;
		for (let round = 0; round < ROUNDS; round++) {
			await sell(round, burst);
			await pollNow(n8n, SALES);
			if (round === 2) {
				await sell(round, realTime);
				delivery = admin<DeliveryReport>(
					sims.sitooServer,
					'POST',
					'/__admin/events-spi/deliveries',
					{
						url: `${n8n.baseUrl}/webhook/${realTimeHook}`,
						username: SPI_LOGIN.user,
						password: SPI_LOGIN.password,
						orderIds: realTime.map((s) => s.orderId),
						retry: { initialDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 30, timeoutMs: 15_000 },
					},
				);
			}
		}
		const report = await delivery!;
		expect(report.dropped).toEqual([]);
		// Answered by the Confirm Sitoo Events node, which ran on a worker.
		expect(report.attempts[report.attempts.length - 1]).toMatchObject({ status: 200 });
		const all = [...burst, ...realTime];
		await waitFor(
			'every sale in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => all.every((s) => list.some((e) => e.uniqueId === placedId(s.orderId))),
			180_000,
		);
		await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
		const executions = await settled(SALES);
		const realTimeRuns = await settled(REAL_TIME);
		expect(
			[...executions, ...realTimeRuns]
				.filter((e) => e.status !== 'success')
				.map((e) => `${e.id} ${e.status}`),
		).toEqual([]);
		const placed = await klaviyoEvents('Placed Order');
		for (const sale of all)
			expect({
				sale: sale.orderId,
				count: placed.filter((e) => e.uniqueId === placedId(sale.orderId)).length,
			}).toEqual({ sale: sale.orderId, count: 1 });

		// The trigger hands a batch on only once the previous run has ended, on whichever worker.
		const spans = executions
			.map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt ?? '')] as const)
			.sort((a, b) => a[0] - b[0]);
		for (let i = 1; i < spans.length; i++)
			expect({ run: i, startsAfterPreviousEnded: spans[i]![0] >= spans[i - 1]![1] }).toEqual({
				run: i,
				startsAfterPreviousEnded: true,
			});

		// Every execution ran on exactly one of the two workers, and each worker ran some.
		const ran = workers.map((w) => new Set(w.executionIds()));
		const everyRun = [...executions, ...realTimeRuns];
		for (const execution of everyRun)
			expect({
				id: execution.id,
				workers: ran.filter((set) => set.has(execution.id)).length,
			}).toEqual({ id: execution.id, workers: 1 });
		const perWorker = ran.map((set) => everyRun.filter((e) => set.has(e.id)).length);
		expect(perWorker.every((count) => count > 0)).toBe(true);
		// eslint-disable-next-line no-console -- a measurement worth reading in the test log
		console.log(
			`queue mode: ${executions.length} polling and ${realTimeRuns.length} real-time executions, ${workers.map((w, i) => `${w.name}: ${perWorker[i]}`).join(', ')}`,
		);
	});

	it("with polls a poll apart (each run done before the next poll, as with the 1-minute schedule), each customer's sales arrive in till order", async () => {
		const steady: Array<{ orderId: number; email: string }> = [];
		for (let round = 0; round < ROUNDS; round++) {
			await sell(round, steady);
			const before = (await n8n.executions(SALES)).length;
			await pollNow(n8n, SALES);
			await waitFor(
				"the poll's execution",
				() => n8n.settledExecutions(SALES, WAIT_MS),
				(list) => list.length > before,
				WAIT_MS,
			);
		}
		const placed = await waitFor(
			'every sale in Klaviyo',
			() => klaviyoEvents('Placed Order'),
			(list) => steady.every((s) => list.some((e) => e.uniqueId === placedId(s.orderId))),
			WAIT_MS,
		);
		for (const email of CUSTOMERS) {
			const mine = steady
				.filter((s) => s.email === email)
				.map((s) => placed.find((e) => e.uniqueId === placedId(s.orderId))!);
			expect(
				mine.filter((e) => placed.filter((p) => p.uniqueId === e.uniqueId).length !== 1),
			).toEqual([]);
			// Klaviyo received each customer's sales in Sitoo's order (orderid = arrival at Sitoo).
			const receivedOrder = [...mine]
				.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))
				.map((e) => e.uniqueId);
			expect({ email, receivedOrder }).toEqual({
				email,
				receivedOrder: mine.map((e) => e.uniqueId),
			});
		}
	});

	/** A member's sale and its refund, in till order. */
	async function saleAndRefund(
		storeId: number,
		customer: { email: string; namefirst: string },
	): Promise<{ sale: number; refund: number }> {
		const sale = await admin<{ order: { orderid: number } }>(
			sims.sitooServer,
			'POST',
			'/__admin/orders',
			{ kind: 'sale', storeId, payment: 'card', customer },
		);
		const refund = await admin<{ order: { orderid: number } }>(
			sims.sitooServer,
			'POST',
			'/__admin/orders',
			{ kind: 'refund', originalOrderId: sale.order.orderid },
		);
		return { sale: sale.order.orderid, refund: refund.order.orderid };
	}

	/** Sitoo delivers these orders to the hook one a batch, retrying as it does, up to `maxAttempts`. */
	async function deliveredOneABatch(
		hook: string,
		orderIds: number[],
		maxAttempts: number,
	): Promise<DeliveryReport> {
		return await admin<DeliveryReport>(sims.sitooServer, 'POST', '/__admin/events-spi/deliveries', {
			url: `${n8n.baseUrl}/webhook/${hook}`,
			username: SPI_LOGIN.user,
			password: SPI_LOGIN.password,
			orderIds,
			batchSize: 1,
			retry: { initialDelayMs: 1000, maxDelayMs: 4000, maxAttempts, timeoutMs: 15_000 },
		});
	}

	/** The sale's Placed Order and its Refunded Order reach Klaviyo once each, the refund after. */
	async function expectSaleThenRefundOnce(saleId: number): Promise<void> {
		const placedId = `sitoo:${SITOO.accountId}:${saleId}`;
		const events = await waitFor(
			'the sale and its refund in Klaviyo',
			() => listKlaviyoEvents(sims.klaviyoServer),
			(list) =>
				list.some((e) => e.metric === 'Placed Order' && e.uniqueId === placedId) &&
				list.some((e) => e.metric === 'Refunded Order' && e.uniqueId === placedId),
			WAIT_MS,
		);
		const placed = events.filter((e) => e.metric === 'Placed Order' && e.uniqueId === placedId);
		const refunded = events.filter((e) => e.metric === 'Refunded Order' && e.uniqueId === placedId);
		expect([placed.length, refunded.length]).toEqual([1, 1]);
		expect(refunded[0]!.receivedAtMs).toBeGreaterThan(placed[0]!.receivedAtMs);
	}

	it("real time with overlapping runs on the two workers: a Klaviyo storm outlasts Sitoo's wait, Sitoo sends the sale's batch again while its first run still goes, and the refund in the next batch still reaches Klaviyo after its sale", async () => {
		// The polling template would send the same orders on its own: only the real-time path here.
		await setPublished(n8n, SALES, false);
		try {
			const { sale, refund } = await saleAndRefund(1, {
				email: 'queue.overlap@example.com',
				namefirst: 'Overlap',
			});
			const before = new Set((await n8n.executions(REAL_TIME)).map((e) => e.id));
			// Every Klaviyo request is throttled for 24 s, each 429 asking for 3 s: the sale's first run
			// keeps trying past Sitoo's wait (13 s), so Sitoo sends the batch again while it still goes.
			await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', {
				throttleForSeconds: 24,
				throttleRetryAfterSeconds: 3,
			});
			let report: DeliveryReport;
			try {
				// One order a batch: the refund comes in the batch after the sale's.
				report = await deliveredOneABatch(realTimeHook, [sale, refund], 40);
			} finally {
				await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
			}
			expect(report.dropped).toEqual([]);
			// The precondition: Sitoo did not hear "done" for the sale's first try and sent it again.
			// No 200 came for a try whose run failed: a failed run on a worker is a 503 (n8n itself
			// ends the request then), and every batch came through in the end.
			expect(report.attempts.filter((a) => a.status !== 200).length).toBeGreaterThan(0);
			expect(report.attempts.every((a) => a.status === 200 || a.status === 503)).toBe(true);
			expect(report.attempts.filter((a) => a.status === 200).map((a) => [a.batch, a.body])).toEqual(
				[
					[0, JSON.stringify({ message: 'Events handled' })],
					[1, JSON.stringify({ message: 'Events handled' })],
				],
			);

			await expectSaleThenRefundOnce(sale);

			// Runs of the real-time workflow overlapped in time, on both workers.
			const runs = (await settled(REAL_TIME)).filter((e) => !before.has(e.id));
			const spans = runs.map((e) => ({
				id: e.id,
				from: Date.parse(e.startedAt),
				to: Date.parse(e.stoppedAt ?? ''),
			}));
			const overlapping = spans.some((a) =>
				spans.some((b) => a.id !== b.id && a.from < b.from && b.from < a.to),
			);
			expect(overlapping).toBe(true);
			const ran = workers.map((w) => new Set(w.executionIds()));
			expect(ran.every((set) => runs.some((e) => set.has(e.id)))).toBe(true);
		} finally {
			await setPublished(n8n, SALES, true);
		}
	});

	it("real time answered once recorded: Sitoo hears 200 before the run; when the sale's run fails on a worker, the main hears it, sends the sale again before it takes the refund's batch, and the refund reaches Klaviyo after its sale", async () => {
		await setPublished(n8n, SALES, false);
		try {
			const { sale, refund } = await saleAndRefund(2, {
				email: 'queue.recorded@example.com',
				namefirst: 'Early',
			});
			const before = new Set((await n8n.executions(RECORDED)).map((e) => e.id));
			// Klaviyo's edge answers 503 to everything until the sale's first run has failed on its worker
			// (after the node's retries), Sitoo having heard 200 for that batch before the run.
			await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', { serverErrorRate: 1 });
			let report: DeliveryReport;
			try {
				const delivery = deliveredOneABatch(recordedHook, [sale, refund], 90);
				await waitFor(
					"the sale's first run failed",
					() => n8n.executions(RECORDED),
					(list) => list.some((e) => !before.has(e.id) && e.status === 'error'),
					WAIT_MS,
				);
				await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
				report = await delivery;
			} finally {
				await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
			}
			expect(report.dropped).toEqual([]);
			const recorded = JSON.stringify({ message: 'Events recorded; they are being sent' });
			// The sale's batch: 200 at the first try, before its run (which failed).
			expect(report.attempts.filter((a) => a.batch === 0).map((a) => [a.status, a.body])).toEqual([
				[200, recorded],
			]);
			// The refund's batch: not taken (503) until the sale was in, then 200.
			const refundTries = report.attempts.filter((a) => a.batch === 1);
			expect(refundTries.at(-1)).toMatchObject({ status: 200, body: recorded });
			expect(refundTries.slice(0, -1).every((a) => a.status === 503)).toBe(true);
			expect(refundTries.some((a) => /sent again first/.test(a.body))).toBe(true);

			await expectSaleThenRefundOnce(sale);

			// The sale's first run failed; the run that sent it again carried it marked as such.
			const runs = (await settled(RECORDED)).filter((e) => !before.has(e.id));
			expect(runs.some((e) => e.status === 'error')).toBe(true);
			expect(n8n.log).toMatch(/sending 1 orders again/);
		} finally {
			await setPublished(n8n, SALES, true);
		}
	});
});
