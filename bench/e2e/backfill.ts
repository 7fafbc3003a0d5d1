/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- benchmark code: runs in Node, never inside n8n */
/**
 * Backfill through the shipped template (`workflows/5-backfill-history.json`), driven as a retailer
 * drives it: the range, resume point and run size are set in "Choose what to copy", the workflow is
 * started from "Start the backfill", and run again from where the last run says to resume until it
 * says nothing is left. What reached Klaviyo is counted in the Klaviyo simulator, which enforces the
 * bulk tier (10 jobs/s, 150 jobs/min, 1,000 events per job) in real time. n8n's memory is sampled
 * from /proc throughout.
 */
import { join } from 'node:path';
import { ensureN8nInstalled } from '../../test/e2e/harness/install';
import type { Execution, N8nInstance } from '../../test/e2e/harness/n8n-instance';
import type { WorkflowTemplate } from '../../test/demo/templates';
import type { History } from './history';
import { idleMemory, resetPeaks, sampleMemory, type IdleMemory, type MemoryReport } from './memory';
import {
	TEMPLATE,
	klaviyoRequests,
	launchN8n,
	startKlaviyo,
	template,
	type Klaviyo,
	type Sitoo,
} from './stage';

export const BULK_CEILING_EVENTS_PER_MINUTE = 150 * 1000;

export interface KlaviyoCount {
	byMetric: Record<string, number>;
	events: number;
	/** Distinct orders with a Placed Order. */
	orders: number;
	firstReceivedMs: number;
	lastReceivedMs: number;
}

export interface BackfillResult {
	orders: number;
	ordersPerRun: number;
	runs: number;
	/** The last run read nothing and reported no resume point (see measureBackfill). */
	silentLastRun: boolean;
	startedMs: number;
	finishedMs: number;
	klaviyo: KlaviyoCount;
	requests: Record<string, { requests: number; throttled: number }>;
	memory: MemoryReport;
	/** n8n before the first run, settled. */
	idle: IdleMemory;
	/** n8n's own peak resident set (VmHWM of the main process, the one that runs the backfill). */
	peakRssMiB: number;
}

/** How much n8n's own resident set grew from idle to its peak during the backfill. */
export function rssGrowthMiB(b: BackfillResult): number {
	return b.peakRssMiB - b.idle.rootRssMiB;
}

type Values = {
	firstDay: string;
	lastDay: string;
	startAfterOrderId: number;
	maxOrdersPerRun: number;
	ordersPerBatch?: number;
};

/** What Klaviyo holds now: events per metric, and the orders that have their Placed Order. */
export function countKlaviyo(klaviyo: Klaviyo): KlaviyoCount {
	const world = klaviyo.sim.world;
	world.settle();
	const byMetric: Record<string, number> = {};
	const placed = new Set<unknown>();
	let first = Infinity;
	let last = -Infinity;
	for (const event of world.events.all()) {
		const name = world.events.metric(event.metricId)?.name ?? event.metricId;
		byMetric[name] = (byMetric[name] ?? 0) + 1;
		if (name === 'Placed Order') placed.add(event.properties.OrderId ?? event.uniqueId);
		first = Math.min(first, event.receivedAtMs);
		last = Math.max(last, event.receivedAtMs);
	}
	return {
		byMetric,
		events: world.events.all().length,
		orders: placed.size,
		firstReceivedMs: first,
		lastReceivedMs: last,
	};
}

/** The template with the retailer's choices written into "Choose what to copy". */
function withChoices(workflow: WorkflowTemplate, values: Values): WorkflowTemplate {
	const nodes = workflow.nodes.map((node) => {
		if (node.name !== 'Choose what to copy') return node;
		const parameters = node.parameters as {
			assignments: { assignments: Array<{ name: string; value: unknown }> };
		};
		const assignments = parameters.assignments.assignments.map((a) =>
			a.name in values ? { ...a, value: values[a.name as keyof Values] } : a,
		);
		return { ...node, parameters: { ...parameters, assignments: { assignments } } };
	});
	return { ...workflow, nodes };
}

/** The run size the template ships with, so the benchmark runs it as a retailer would by default. */
export function shippedRunSize(): number {
	const node = template(TEMPLATE.backfill).nodes.find((n) => n.name === 'Choose what to copy');
	const value = (
		node?.parameters as
			{ assignments?: { assignments: Array<{ name: string; value: unknown }> } } | undefined
	)?.assignments?.assignments.find((a) => a.name === 'maxOrdersPerRun')?.value;
	if (typeof value !== 'number')
		throw new Error('the backfill template has no maxOrdersPerRun in "Choose what to copy"');
	return value;
}

/** The template's own answer to "where do I resume?": an item with `resumeAfterOrderId` and `moreToCopy`. */
function resumePoint(
	execution: Execution,
): { resumeAfterOrderId: number; moreToCopy: boolean } | undefined {
	// The node that ran last holds the run's final answer (the template loops over batches).
	const runData = execution.data?.resultData.runData ?? {};
	const last = (execution.data?.resultData as { lastNodeExecuted?: string } | undefined)
		?.lastNodeExecuted;
	const ordered =
		last && runData[last] ? [runData[last], ...Object.values(runData)] : Object.values(runData);
	for (const runs of ordered) {
		for (const item of runs.at(-1)?.data?.main.flatMap((output) => output ?? []) ?? []) {
			const json = item.json as { resumeAfterOrderId?: unknown; moreToCopy?: unknown };
			if (typeof json.resumeAfterOrderId === 'number' && typeof json.moreToCopy === 'boolean')
				return { resumeAfterOrderId: json.resumeAfterOrderId, moreToCopy: json.moreToCopy };
		}
	}
	return undefined;
}

function describeRun(execution: Execution): string {
	const runData = execution.data?.resultData.runData;
	if (!runData) return `no run data (status ${execution.status})`;
	return Object.entries(runData)
		.map(([node, runs]) => {
			const items = runs.at(-1)?.data?.main.map((output) => output?.length ?? 0) ?? [];
			const first = runs.at(-1)?.data?.main.flatMap((output) => output ?? [])[0]?.json;
			return `${node} [${items.join('/')}]${first ? ` ${Object.keys(first).slice(0, 8).join(',')}` : ''}${runs.at(-1)?.error ? ` error: ${runs.at(-1)?.error?.message}` : ''}`;
		})
		.join('; ');
}

/** Starts a manual run from `trigger` and waits for it (no 60 s cap: a run of many orders takes minutes). */
export async function runFrom(
	n8n: N8nInstance,
	workflowId: string,
	trigger: string,
	timeoutMs = 30 * 60_000,
): Promise<Execution> {
	const started = await n8n.rest<{ data: { executionId: string } }>(
		'POST',
		`/rest/workflows/${workflowId}/run`,
		{ triggerToStartFrom: { name: trigger } },
	);
	return n8n.waitForExecution(started.data.executionId, timeoutMs);
}

export async function measureBackfill(
	sitoo: Sitoo,
	history: History,
	ordersPerRun: number,
	/** Unset: the template's own batch size. */
	ordersPerBatch?: number,
): Promise<BackfillResult> {
	const klaviyo = await startKlaviyo();
	const shipped = template(TEMPLATE.backfill);
	const values: Values = {
		firstDay: history.firstDay,
		lastDay: history.lastDay,
		startAfterOrderId: 0,
		maxOrdersPerRun: ordersPerRun,
		...(ordersPerBatch === undefined ? {} : { ordersPerBatch }),
	};
	const n8n = await launchN8n(sitoo, klaviyo, [withChoices(shipped, values)]);
	try {
		const pid = n8n.pid;
		if (pid === undefined) throw new Error('n8n has no process id');
		const idle = await idleMemory(pid, join(ensureN8nInstalled().env.N8N_NODE_BIN_DIR, 'node'));
		resetPeaks(pid);
		const sampler = sampleMemory(pid);
		const startedMs = Date.now();
		let runs = 0;
		let silentLastRun = false;
		for (;;) {
			const execution = await runFrom(n8n, TEMPLATE.backfill, 'Start the backfill');
			runs++;
			if (execution.status !== 'success') {
				throw new Error(
					`backfill run ${runs} ended ${execution.status}: ${execution.data?.resultData.error?.message ?? ''}`,
				);
			}
			const resume = resumePoint(execution);
			// When the range holds an exact multiple of the run size, the run after the last full one
			// finds nothing and says nothing; a retailer reads that as done, and so does the benchmark.
			if (!resume && runs > 1) {
				silentLastRun = true;
				break;
			}
			if (!resume)
				throw new Error(
					`the backfill run did not say where to resume (no item with resumeAfterOrderId and moreToCopy); nodes run: ${describeRun(execution)}`,
				);
			if (!resume.moreToCopy) break;
			if (resume.resumeAfterOrderId <= values.startAfterOrderId)
				throw new Error(`the backfill did not move on from order ${values.startAfterOrderId}`);
			values.startAfterOrderId = resume.resumeAfterOrderId;
			await n8n.importWorkflow(withChoices(shipped, values));
		}
		const finishedMs = Date.now();
		const memory = sampler.stop();
		return {
			orders: history.orders,
			ordersPerRun,
			runs,
			silentLastRun,
			startedMs,
			finishedMs,
			klaviyo: countKlaviyo(klaviyo),
			requests: klaviyoRequests(klaviyo),
			memory,
			idle,
			peakRssMiB: memory.processes.find((p) => p.pid === pid)?.peakRssMiB ?? NaN,
		};
	} finally {
		await n8n.dispose();
		await klaviyo.close();
	}
}
