/**
 * Live lag: sales ring up at the tills at a steady rate (20/s by default) while one sales template
 * runs alone in its own n8n; per sale, the time from its till time to the moment the Klaviyo
 * simulator accepted its Placed Order. The polling template is measured as shipped (a poll every
 * minute, so its lag includes up to a minute of waiting for the next poll); the real-time template
 * gets Sitoo's Events SPI pushes (batches of up to 10, one in flight, as Sitoo sends them).
 */
import {
	PACKAGE,
	SPI_LOGIN,
	TEMPLATE,
	executionStatuses,
	klaviyoRequests,
	stillRunning,
	launchN8n,
	startKlaviyo,
	template,
	type Sitoo,
} from './stage';
import { distribution, type Distribution } from './stats';
import { naiveLiveWorkflow } from './naive';
import { queueStage } from '../../test/e2e/harness/queue-stage';
import { SITOO } from '../../test/e2e/harness/simulators';
import { setPublished, type WorkflowTemplate } from '../../test/demo/templates';
import { seenCount } from '../../nodes/core/spi';
import { fullEventsTriggerState } from '../seen-sets';
import { runProfile, type RunProfile } from './profile';
import { sleep, waitFor, type WaitOptions } from '../../test/e2e/harness/wait';

/** Benchmarks report rather than assert: a wait that runs out returns what it last read. */
const upTo = (timeoutMs: number, intervalMs = 500): WaitOptions => ({
	timeoutMs,
	intervalMs,
	returnLastOnTimeout: true,
});

/** `naive`: the hand-built baseline (e2e/naive.ts), polling like template 1. */
/** `realTimeRecorded`: the real-time template with Answer Sitoo set to "As Soon as the Orders Are Recorded". */
export type LiveTemplate = 'polling' | 'realTime' | 'realTimeRecorded' | 'naive';

export interface LiveLagResult {
	template: LiveTemplate;
	plannedSeconds: number;
	plannedRatePerSecond: number;
	/** What the driver achieved (sales created ÷ driving time). */
	drivenRatePerSecond: number;
	sales: number;
	/** Sales with a member's e-mail: each must become one Placed Order. */
	members: number;
	arrived: number;
	/** Lag (ms) of every member sale that arrived. */
	lag: Distribution;
	/** The same for the first and the last third of the sales, to show whether lag grows under load. */
	lagFirstThird: Distribution;
	lagLastThird: Distribution;
	/** How long after the last sale we waited for the rest. */
	drainLimitSeconds: number;
	executions: number;
	failedExecutions: number;
	klaviyo: Record<string, { requests: number; throttled: number }>;
	/** Queue mode only: the executions each worker ran, read from its log. */
	queue?: { executionsPerWorker: number[] };
	/** Where the latest runs' time went (`BENCH_PROFILE=1`). */
	profile?: RunProfile;
	/** Real time only: the ids the trigger's seen-sets held before the first sale (a busy day's). */
	seenIdsAtStart?: number;
	/** Real time only: how Sitoo's pushes went (one batch in flight; the next waits for the answer). */
	pushes?: {
		eventsDelivered: number;
		eventsPerBatch: number;
		answerMs: Distribution;
		notAnswered200: number;
	};
}

export interface LiveOptions {
	seconds: number;
	ratePerSecond: number;
	drainSeconds: number;
	/** Every n-th sale is a guest without e-mail (unattributed, recorded in the ledger); the rest are members. */
	guestEvery: number;
	/** n8n in queue mode with this many workers (test/e2e/harness/queue-stage.ts); regular mode when absent. */
	queueWorkers?: number;
	/**
	 * Real time: the trigger starts with its seen-sets full, as after a busy day at a chain (the
	 * static data n8n loads and stores with every batch), rather than empty as on its first day.
	 */
	fullSeenSets?: boolean;
	/** Read where the latest runs' time went before n8n stops. */
	profile?: boolean;
}

/** Sales at the stores of site 1, the site the Sitoo credential reads. */
function siteOneStores(sitoo: Sitoo): number[] {
	return sitoo.sim.world.state.stores.filter((s) => s.eshopid === 1).map((s) => s.storeid);
}

/** Rings up sales on schedule (drift-free: sale i is due at start + i/rate) and records each till time in ms. */
async function driveSales(
	sitoo: Sitoo,
	options: LiveOptions,
): Promise<{ tillTimes: Map<number, number>; sales: number; drivenRatePerSecond: number }> {
	const stores = siteOneStores(sitoo);
	const tillTimes = new Map<number, number>();
	const total = Math.round(options.seconds * options.ratePerSecond);
	const started = Date.now();
	let made = 0;
	while (made < total) {
		const now = Date.now();
		while (made < total && started + (made * 1000) / options.ratePerSecond <= now) {
			const guest = made % options.guestEvery === options.guestEvery - 1;
			const order = sitoo.sim.factory.sale(Date.now(), {
				customer: guest ? 'guest' : 'member',
				storeId: stores[made % stores.length],
			});
			// The till time in ms: Sitoo keeps whole seconds in `orderdate`, the simulator made it now.
			if (!guest)
				tillTimes.set(order.orderid, sitoo.sim.world.meta(order.orderid)?.arrivedAt ?? Date.now());
			made++;
		}
		// Paces the tills at the planned rate: here time passing is the point.
		await sleep(Math.max(1, started + (made * 1000) / options.ratePerSecond - Date.now()));
	}
	return { tillTimes, sales: made, drivenRatePerSecond: made / ((Date.now() - started) / 1000) };
}

function pushStats(sitoo: Sitoo): LiveLagResult['pushes'] {
	const subscription = sitoo.sim.currentSubscription;
	if (!subscription) return undefined;
	// The log keeps the last 1,000 attempts: the answer times and batch sizes are those of the latest batches.
	const attempts = subscription.log.filter((a) => !a.duplicate);
	return {
		eventsDelivered: subscription.stats.delivered,
		eventsPerBatch:
			attempts.length === 0
				? 0
				: attempts.reduce((n, a) => n + a.eventIds.length, 0) / attempts.length,
		answerMs: distribution(attempts.map((a) => a.durationMs)),
		notAnswered200: attempts.filter((a) => a.status !== 200).length,
	};
}

/** The real-time template answering Sitoo as soon as the orders are recorded (the trigger's own retry). */
function answeringOnceRecorded(workflow: WorkflowTemplate): WorkflowTemplate {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === `${PACKAGE}.sitooEventsTrigger`
				? { ...node, parameters: { ...(node.parameters as object), answer: 'onRecorded' } }
				: node,
		),
	};
}

/** Puts a busy day's full seen-sets in the real-time trigger's static data; returns how many ids. */
function busyDay(workflow: WorkflowTemplate): number {
	const trigger = workflow.nodes.find((n) => n.type === `${PACKAGE}.sitooEventsTrigger`);
	if (!trigger) throw new Error('the real-time template has no Sitoo Events trigger');
	const state = fullEventsTriggerState(Date.now());
	(workflow as WorkflowTemplate & { staticData?: object }).staticData = {
		[`node:${trigger.name}`]: state,
	};
	return seenCount(state.events) + seenCount(state.orders) + seenCount(state.emailed);
}

export async function measureLiveLag(
	sitoo: Sitoo,
	which: LiveTemplate,
	options: LiveOptions,
): Promise<LiveLagResult> {
	const klaviyo = await startKlaviyo();
	const workflow =
		which === 'naive'
			? naiveLiveWorkflow(klaviyo)
			: which === 'realTimeRecorded'
				? answeringOnceRecorded(template(TEMPLATE.realTime))
				: template(TEMPLATE[which]);
	const realTime = which === 'realTime' || which === 'realTimeRecorded';
	const id = workflow.id;
	const seeded = realTime && options.fullSeenSets ? busyDay(workflow) : undefined;
	const queue = options.queueWorkers ? await queueStage('n8n_bench') : undefined;
	const n8n = await launchN8n(sitoo, klaviyo, [workflow], [], queue?.env);
	// n8n's own default of 10 jobs at once per worker.
	const workers = queue ? await queue.startWorkers(n8n, options.queueWorkers!, 10) : [];
	try {
		if (seeded !== undefined) {
			const stored = await n8n.api<{ staticData?: Record<string, unknown> | null }>(
				'GET',
				`/workflows/${id}`,
			);
			if (Object.keys(stored.staticData ?? {}).length === 0)
				throw new Error("n8n did not keep the real-time trigger's seeded static data on import");
		}
		await setPublished(n8n, id, true);
		if (!realTime) {
			// The trigger's first poll marks where it starts ("start from now"): sales before it are not its.
			const first = await waitFor(
				'the first poll',
				() => executionStatuses(n8n, id),
				(counts) => Object.keys(counts).length > 0 && stillRunning(counts) === 0,
				upTo(120_000),
			);
			if (Object.keys(first).length === 0)
				throw new Error(`the polling template made no first poll:\n${n8n.log.slice(-2000)}`);
		} else {
			const webhookId = workflow.nodes.find((n) => n.type === `${PACKAGE}.sitooEventsTrigger`)
				?.webhookId as string | undefined;
			if (!webhookId) throw new Error('the real-time template has no Sitoo Events trigger');
			const url = `${n8n.baseUrl}/webhook/${webhookId}`;
			// Publishing lands asynchronously: wait until the webhook answers (401 without the login).
			const status = await waitFor(
				'the webhook',
				async () => (await fetch(`${url}/events`, { method: 'POST', body: '[]' })).status,
				(s) => s !== 404,
				upTo(60_000, 200),
			);
			if (status === 404) throw new Error('the real-time webhook never registered');
			sitoo.sim.subscribe(
				{ url, username: SPI_LOGIN.user, password: SPI_LOGIN.password },
				sitoo.sim.eventsOptions(),
			);
		}

		const placedIds = () => {
			const world = klaviyo.sim.world;
			world.settle();
			const metric = world.events.metricByName('Placed Order');
			const received = new Map<string, number>();
			if (metric)
				for (const e of world.events.all())
					if (e.metricId === metric.id) received.set(e.uniqueId, e.receivedAtMs);
			return received;
		};
		const driven = await driveSales(sitoo, options);
		const wanted = [...driven.tillTimes.keys()].map(
			(orderId) => `sitoo:${SITOO.accountId}:${orderId}`,
		);
		const received = await waitFor(
			'every sale in Klaviyo',
			placedIds,
			(got) => wanted.every((u) => got.has(u)),
			upTo(options.drainSeconds * 1000, 1000),
		);
		const pushes = pushStats(sitoo);
		const profile = options.profile ? await runProfile(n8n, id) : undefined;
		sitoo.sim.unsubscribe();

		// A sale that did not arrive counts as an infinite lag, so the percentiles are over every member sale.
		const ordered = [...driven.tillTimes.entries()].sort((a, b) => a[0] - b[0]);
		const lagOf = ([orderId, till]: [number, number]) => {
			const at = received.get(`sitoo:${SITOO.accountId}:${orderId}`);
			return at === undefined ? Infinity : at - till;
		};
		const lags = ordered.map(lagOf);
		const third = Math.floor(ordered.length / 3);
		const lagsOf = (part: Array<[number, number]>) => part.map(lagOf);
		// Let the runs still going finish before counting them.
		const executions = await waitFor(
			'the runs to end',
			() => executionStatuses(n8n, id),
			(counts) => stillRunning(counts) === 0,
			upTo(60_000, 1000),
		);
		return {
			template: which,
			plannedSeconds: options.seconds,
			plannedRatePerSecond: options.ratePerSecond,
			drivenRatePerSecond: driven.drivenRatePerSecond,
			sales: driven.sales,
			members: driven.tillTimes.size,
			arrived: lags.filter(Number.isFinite).length,
			lag: distribution(lags),
			lagFirstThird: distribution(lagsOf(ordered.slice(0, third))),
			lagLastThird: distribution(lagsOf(ordered.slice(ordered.length - third))),
			drainLimitSeconds: options.drainSeconds,
			executions: Object.values(executions).reduce((a, b) => a + b, 0),
			failedExecutions: (executions.error ?? 0) + (executions.crashed ?? 0),
			klaviyo: klaviyoRequests(klaviyo),
			pushes,
			...(queue
				? { queue: { executionsPerWorker: workers.map((w) => w.executionIds().length) } }
				: {}),
			...(seeded !== undefined ? { seenIdsAtStart: seeded } : {}),
			...(profile ? { profile } : {}),
		};
	} finally {
		sitoo.sim.unsubscribe();
		await n8n.dispose();
		await queue?.remove();
		await klaviyo.close();
	}
}
