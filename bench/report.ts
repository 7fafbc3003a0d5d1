/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- benchmark code: runs in Node, never inside n8n */
/** bench/results.md: what was measured, how, and the numbers, from the results of one run. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import pkg from '../package.json';
import { ensureN8nInstalled } from '../test/e2e/harness/install';
import { BULK_CEILING_EVENTS_PER_MINUTE, rssGrowthMiB, type BackfillResult } from './e2e/backfill';
import type { LiveLagResult } from './e2e/live-lag';
import type { NaiveResult } from './e2e/naive';
import { perMinute, seconds, share, throttled, whole } from './e2e/stats';
import type { MappingResult } from './mapping';
import { extraPerThousand, type ProductDataResult, type ProductDataShape } from './product-data';
import type { SeenSetsResult } from './seen-sets';
import { EVENT_ID_LIMITS, ORDER_LIMITS } from '../nodes/core/spi';
import { goalsSection } from './goals';
import { SIZES } from './sizes';

export interface Results {
	startedAt: string;
	loadAtStart: number[];
	loadAtEnd?: number[];
	mapping?: MappingResult[];
	seenSets?: SeenSetsResult;
	productData?: ProductDataResult;
	live: LiveLagResult[];
	backfill?: BackfillResult;
	naive?: NaiveResult;
	failure?: string;
}

export const loadAverage = () => loadavg();

function n8nNodeVersion(): string {
	try {
		return execFileSync(join(ensureN8nInstalled().env.N8N_NODE_BIN_DIR, 'node'), ['--version'], {
			encoding: 'utf8',
		}).trim();
	} catch {
		return 'unknown';
	}
}

function machine(results: Results): string[] {
	const cpu = cpus();
	return [
		'## Machine and versions',
		'',
		`- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${osType()} ${release()}; load average (1/5/15 min) at start ${results.loadAtStart.map((l) => l.toFixed(2)).join(' / ')}, at the end ${(results.loadAtEnd ?? []).map((l) => l.toFixed(2)).join(' / ')} (the machine is shared; the simulators and n8n share its cores)`,
		`- n8n 2.41.1 on Node ${n8nNodeVersion()} (SQLite, regular mode, one main process with its JavaScript task runner)`,
		`- n8n-nodes-sitoo-klaviyo ${pkg.version}; benchmark and simulators on Node ${process.version}, TypeScript ${pkg.devDependencies.typescript ?? '?'}`,
		'',
	];
}

const routes = (requests: Record<string, { requests: number; throttled: number }>) =>
	Object.entries(requests)
		.map(([route, r]) => `\`${route}\` ${whole(r.requests)} (${whole(r.throttled)} × 429)`)
		.join('; ') || 'none';

const LIVE_NAMES: Record<LiveLagResult['template'], string> = {
	polling: 'Polling (template 1, as shipped: a poll every minute)',
	realTime: 'Real time (template 2, Sitoo Events SPI pushes)',
	realTimeRecorded: 'Real time (template 2 with Answer Sitoo: As Soon as the Orders Are Recorded)',
	naive:
		"Naive (hand-built: Sitoo Trigger every minute with its defaults → n8n's HTTP Request, one Create Event per sale, Retry On Fail, On Error: Continue)",
};
const LIVE_SHORT: Record<LiveLagResult['template'], string> = {
	polling: 'polling template',
	realTime: 'real-time template',
	realTimeRecorded: 'real-time template answering once recorded',
	naive: 'naive build',
};

function liveSection(live: LiveLagResult[]): string[] {
	if (live.length === 0) return [];
	const name = (r: LiveLagResult) =>
		r.queue
			? `${LIVE_NAMES[r.template]}, in queue mode (1 main, ${r.queue.executionsPerWorker.length} workers, PostgreSQL + Redis)`
			: LIVE_NAMES[r.template];
	const sameSize = live.every(
		(r) =>
			r.plannedRatePerSecond === live[0].plannedRatePerSecond &&
			r.plannedSeconds === live[0].plannedSeconds,
	);
	return [
		'## Live lag',
		'',
		`Sales rung up ${sameSize ? `at ${live[0].plannedRatePerSecond}/s for ${live[0].plannedSeconds} s` : 'at the rate and for the time of each row'} at the stores of site 1 (every 10th a guest without e-mail, the rest members with e-mail), each template alone in its own n8n, one after the other. Lag = from the sale's till time (when the Sitoo simulator created it, in ms) to the moment the Klaviyo simulator accepted its Placed Order. Klaviyo's limits enforced in real time. Sales not arrived ${live[0].drainLimitSeconds} s after the last one count as not arrived.`,
		'',
		'| template | sales (driven rate, seconds) | member sales | arrived | p50 | p95 | max | p50 first → last third | executions (failed) | Klaviyo requests (429s) |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...live.map((r) => {
			const t = throttled(r.klaviyo);
			return `| ${name(r)} | ${whole(r.sales)} (${r.drivenRatePerSecond.toFixed(1)}/s, ${r.plannedSeconds} s) | ${whole(r.members)} | ${whole(r.arrived)} (${share(r.arrived, r.members)}) | ${seconds(r.lag.p50)} | ${seconds(r.lag.p95)} | ${seconds(r.lag.max)} | ${seconds(r.lagFirstThird.p50)} → ${seconds(r.lagLastThird.p50)} | ${whole(r.executions)} (${whole(r.failedExecutions)}) | ${whole(t.requests)} (${share(t.throttled, t.requests)}) |`;
		}),
		'',
		...live.map(
			(r) =>
				`- ${LIVE_SHORT[r.template].replace(/^./, (c) => c.toUpperCase())}${r.queue ? ` in queue mode (executions per worker: ${r.queue.executionsPerWorker.join(', ')})` : ''}: Klaviyo requests ${routes(r.klaviyo)}.${r.seenIdsAtStart !== undefined ? ` The trigger started with its seen-sets full (${whole(r.seenIdsAtStart)} ids in static data), as after a busy day.` : ''}${r.pushes ? ` Sitoo pushed ${whole(r.pushes.eventsDelivered)} order events in batches of ${r.pushes.eventsPerBatch.toFixed(1)} on average (of at most 10, one batch in flight); n8n answered a batch in p50 ${seconds(r.pushes.answerMs.p50)}, p95 ${seconds(r.pushes.answerMs.p95)} (last ${whole(r.pushes.answerMs.count)} batches), ${whole(r.pushes.notAnswered200)} not with 200.` : ''}`,
		),
		...(live.some((r) => r.arrived < r.members)
			? [
					'',
					`A sale that had not arrived ${live[0].drainLimitSeconds} s after the last sale counts as an infinite lag ("not arrived" above), so the percentiles are over every member sale.`,
				]
			: []),
		'',
	];
}

function backfillSection(b: BackfillResult | undefined, naive: NaiveResult | undefined): string[] {
	const lines: string[] = [];
	if (b) {
		const ms = b.finishedMs - b.startedMs;
		const rate = perMinute(b.klaviyo.events, ms);
		const sendMs = b.klaviyo.lastReceivedMs - b.klaviyo.firstReceivedMs;
		const jobs = b.requests['POST /api/event-bulk-create-jobs'];
		const t = throttled(b.requests);
		lines.push(
			'## Backfill (template 5)',
			'',
			`${whole(b.orders)} past member sales (${b.orders > 0 ? 'about two lines each' : ''}) already in the Sitoo simulator, copied by the shipped backfill template: range and run size set in "Choose what to copy", started from "Start the backfill", run again from the resume point it reports until it reports nothing left, as a retailer runs it (a run works through the range batch by batch, one sub-execution per batch). ${whole(b.runs)} run(s) of up to ${whole(b.ordersPerRun)} orders (the template's ${SIZES.backfillOrdersPerRun ? 'run size set by BENCH_BACKFILL_PER_RUN' : 'shipped run size'}). Counted in the Klaviyo simulator, which enforces the bulk tier (10 jobs/s, 150 jobs/min, 1,000 events per job) in real time.`,
			'',
			'| | |',
			'|---|---|',
			`| wall time, first run started → last run finished | ${seconds(ms)}${b.silentLastRun ? ' (the last run found no order left and, as the template is built, reported no resume point: taken as done)' : ''} |`,
			`| orders with their Placed Order in Klaviyo | ${whole(b.klaviyo.orders)} of ${whole(b.orders)} |`,
			`| events in Klaviyo | ${whole(b.klaviyo.events)} (${Object.entries(b.klaviyo.byMetric)
				.map(([m, n]) => `${m} ${whole(n)}`)
				.join(', ')}) |`,
			`| **events/min** (events ÷ wall time) | **${whole(rate)}** = **${share(rate, BULK_CEILING_EVENTS_PER_MINUTE)} of the bulk ceiling** (150 jobs/min × 1,000 events = 150,000/min) |`,
			`| events/min while sending (first → last event accepted, ${seconds(sendMs)}) | ${whole(perMinute(b.klaviyo.events, sendMs))} |`,
			`| bulk jobs accepted | ${jobs ? `${whole(jobs.requests - jobs.throttled)}, ${(b.klaviyo.events / Math.max(1, jobs.requests - jobs.throttled)).toFixed(0)} events per job on average` : 'none'} |`,
			`| Klaviyo requests, 429 answers | ${whole(t.requests)}, ${whole(t.throttled)} (${share(t.throttled, t.requests)}); ${routes(b.requests)} |`,
			`| n8n memory, idle before the first run | ${whole(b.idle.rootRssMiB)} MiB (n8n's own process after a full garbage collection, median over 5 s; with the task runner ${whole(b.idle.treeRssMiB)} MiB) |`,
			`| **n8n peak RSS during the backfill** | **${whole(b.peakRssMiB)} MiB**, **${whole(rssGrowthMiB(b))} MiB over idle** (n8n's own process, its peak counted from the first run on; ${b.memory.processes.map((p) => `${p.command}: ${whole(p.peakRssMiB)} MiB`).join('; ')}; VmHWM from /proc); highest sampled sum over the process tree ${whole(b.memory.peakTreeRssMiB)} MiB (${whole(b.memory.samples)} samples, every 250 ms) |`,
			'',
		);
	}
	if (naive) {
		const ms = naive.finishedMs - naive.startedMs;
		const rate = perMinute(naive.klaviyo.events, ms);
		const t = throttled(naive.requests);
		const lost = naive.orders - naive.klaviyo.orders;
		lines.push(
			'## Naive build (baseline)',
			'',
			`The first ${whole(naive.orders)} of the same past orders, read by the Sitoo node and posted by n8n's own HTTP Request node, one Create Event (\`POST /api/events\`, valid JSON:API body) per order, no pacing, "Retry On Fail" on with n8n's defaults (3 tries, 1 s apart) and "On Error: Continue" so the run finishes: the way such a workflow is often wired by hand. It sends the Placed Order only (no Ordered Product events). A subset, because one request per event is bounded by the Create Event tier (350/s, 3,500/min): even perfectly paced, the ${b ? whole(b.klaviyo.events) : "backfill's"} events would take ${b ? `${(b.klaviyo.events / 3500).toFixed(0)} minutes` : 'about 90 minutes'}.`,
			'',
			'| | |',
			'|---|---|',
			`| run | ${naive.status}, ${seconds(ms)} |`,
			`| orders with their Placed Order in Klaviyo | ${whole(naive.klaviyo.orders)} of ${whole(naive.orders)}; **${whole(lost)} lost (${share(lost, naive.orders)})** |`,
			`| events/min (events ÷ run time) | ${whole(rate)} = ${share(rate, BULK_CEILING_EVENTS_PER_MINUTE)} of the bulk ceiling |`,
			`| Klaviyo requests, 429 answers | ${whole(t.requests)}, ${whole(t.throttled)} (**${share(t.throttled, t.requests)}**) |`,
			'',
		);
		if (b) {
			const ours = perMinute(b.klaviyo.events, b.finishedMs - b.startedMs);
			const oursOrders = perMinute(b.klaviyo.orders, b.finishedMs - b.startedMs);
			const naiveOrders = perMinute(naive.klaviyo.orders, ms);
			lines.push(
				`**Ratio:** the template delivers ${(ours / rate).toFixed(1)}× the naive build's events/min, ${(oursOrders / naiveOrders).toFixed(1)}× its orders/min (orders that reached Klaviyo), and loses ${whole(b.orders - b.klaviyo.orders)} orders against the naive build's ${share(lost, naive.orders)}.`,
				'',
			);
		}
	}
	return lines;
}

function mappingSection(runs: MappingResult[] | undefined): string[] {
	if (!runs) return [];
	const best = runs.reduce((a, b) => (b.ordersPerSecond > a.ordersPerSecond ? b : a));
	return [
		'## Core mapping throughput (one core)',
		'',
		`Sitoo order JSON → \`normalizeOrder\` → \`orderEvents\` → Create Event bodies serialised, over ${whole(runs[0].orders)} orders drawn from the Sitoo simulator's receipts (every kind the till makes: sales, refunds, exchanges, parked, guests), best of ${runs.length} runs after a warm-up, in the benchmark process before any n8n starts.`,
		'',
		'| run | orders | events | seconds | orders/s | events/s |',
		'|---|---|---|---|---|---|',
		...runs.map(
			(r, i) =>
				`| ${i + 1} | ${r.orders} | ${r.events} | ${r.seconds.toFixed(2)} | ${Math.round(r.ordersPerSecond)} | ${Math.round(r.eventsPerSecond)} |`,
		),
		'',
		`Best: **${whole(best.ordersPerSecond)} orders/s** (${whole(best.eventsPerSecond)} events/s): mapping 100k orders costs about ${(100_000 / best.ordersPerSecond).toFixed(1)} s, so Klaviyo's bulk ceiling, not the mapping, bounds a backfill.`,
		'',
	];
}

function seenSetsSection(result: SeenSetsResult | undefined): string[] {
	if (!result) return [];
	return [
		"## The real-time trigger's seen-sets when full",
		'',
		`The Sitoo Events Trigger keeps the event ids and orders it has handled in the workflow's static data (at most ${whole(EVENT_ID_LIMITS.maxEntries)} event ids and ${whole(ORDER_LIMITS.maxEntries)} orders, and which orders were sent with which e-mail), which n8n loads and stores with every batch. On a busy store day they are full. Per batch of 10: the state read from its JSON, 10 ids remembered in each set, the JSON written back; ${whole(result.entries)} ids, ${(result.staticDataBytes / 2 ** 20).toFixed(2)} MiB of JSON, best of 3 rounds of ${result.batches} batches.`,
		'',
		`**${result.msPerBatch.toFixed(1)} ms per batch.**`,
		'',
	];
}

const PRODUCT_DATA_SHAPES: Record<ProductDataShape['shape'], string> = {
	onePoll:
		'all with one set of look-ups (a Sitoo Trigger poll, a backfill batch, a Sitoo node execution)',
	batchesCached:
		'real-time batches of 10, look-ups kept across batches (Sitoo Events Trigger, 10 minutes)',
	batchesUncached: 'real-time batches of 10, each looking up on its own (without that cache)',
};

function productDataSection(r: ProductDataResult | undefined): string[] {
	if (!r) return [];
	return [
		'## Product data (categories and brands)',
		'',
		`The same ${whole(r.orders)} orders of the Sitoo simulator's receipts (every kind the till makes, ${r.sites} sites, ${whole(r.products)} distinct products on their lines) normalized by \`SitooOrderNormalizer\` with "Add Categories and Brand to Lines" off and on, in the benchmark process; requests counted at the Sitoo simulator. Off, the requests are the store, currency and refund look-ups every normalization makes. Sitoo documents no filter that reads many products in one request, so each product costs one.`,
		'',
		'| how the orders are read | Sitoo requests, off | on | **extra per 1,000 orders** | extra: products / category lists / brand lists |',
		'|---|---|---|---|---|',
		...r.shapes.map(
			(s) =>
				`| ${PRODUCT_DATA_SHAPES[s.shape]} | ${whole(s.off)} | ${whole(s.on)} | **${whole(extraPerThousand(r, s))}** | ${whole(s.extra.products)} / ${whole(s.extra.categoryLists)} / ${whole(s.extra.brandLists)} |`,
		),
		'',
	];
}

function headline(results: Results): string[] {
	const lines: string[] = ['## Headline', ''];
	for (const r of results.live)
		lines.push(
			`- Live lag at ${r.plannedRatePerSecond} sales/s, ${LIVE_SHORT[r.template]}${r.queue ? ' in queue mode' : ''}: p50 ${seconds(r.lag.p50)}, p95 ${seconds(r.lag.p95)}, max ${seconds(r.lag.max)}; ${whole(r.arrived)} of ${whole(r.members)} member sales arrived; 429s ${share(throttled(r.klaviyo).throttled, throttled(r.klaviyo).requests)} of requests.`,
		);
	const naiveLive = results.live.find((r) => r.template === 'naive');
	const pollingLive = results.live.find((r) => r.template === 'polling' && !r.queue);
	if (naiveLive && pollingLive)
		lines.push(
			`- Live, polling template ÷ naive build at the same rate: **${share(pollingLive.arrived, pollingLive.members)} against ${share(naiveLive.arrived, naiveLive.members)} of member sales arrived**, p95 ${seconds(pollingLive.lag.p95)} against ${seconds(naiveLive.lag.p95)}, 429s ${share(throttled(pollingLive.klaviyo).throttled, throttled(pollingLive.klaviyo).requests)} against ${share(throttled(naiveLive.klaviyo).throttled, throttled(naiveLive.klaviyo).requests)} of requests.`,
		);
	const b = results.backfill;
	if (b) {
		const rate = perMinute(b.klaviyo.events, b.finishedMs - b.startedMs);
		const t = throttled(b.requests);
		lines.push(
			`- Backfill of ${whole(b.orders)} orders (${whole(b.klaviyo.events)} events): ${whole(rate)} events/min = ${share(rate, BULK_CEILING_EVENTS_PER_MINUTE)} of the bulk ceiling; 429s ${share(t.throttled, t.requests)} of ${whole(t.requests)} requests; n8n peak RSS ${whole(b.peakRssMiB)} MiB, ${whole(rssGrowthMiB(b))} MiB over idle.`,
		);
		if (results.naive) {
			const n = results.naive;
			const naiveRate = perMinute(n.klaviyo.events, n.finishedMs - n.startedMs);
			const nt = throttled(n.requests);
			lines.push(
				`- Naive build on ${whole(n.orders)} of the orders: ${whole(naiveRate)} events/min, ${share(n.orders - n.klaviyo.orders, n.orders)} of orders lost, 429s ${share(nt.throttled, nt.requests)} of requests. Template ÷ naive: **${(rate / naiveRate).toFixed(1)}× events/min**.`,
			);
		}
	}
	const p = results.productData;
	const onePoll = p?.shapes.find((s) => s.shape === 'onePoll');
	const cached = p?.shapes.find((s) => s.shape === 'batchesCached');
	const uncached = p?.shapes.find((s) => s.shape === 'batchesUncached');
	if (p && onePoll && cached && uncached)
		lines.push(
			`- Product data: **${whole(extraPerThousand(p, onePoll))} extra Sitoo requests per 1,000 orders** (${whole(p.products)} distinct products); in real-time batches of 10: ${whole(extraPerThousand(p, cached))} with the look-ups kept across batches, ${whole(extraPerThousand(p, uncached))} without.`,
		);
	if (results.seenSets)
		lines.push(
			`- Real-time trigger state with full seen-sets: ${results.seenSets.msPerBatch.toFixed(1)} ms per batch of 10.`,
		);
	if (results.mapping)
		lines.push(
			`- Core mapping: ${whole(Math.max(...results.mapping.map((r) => r.ordersPerSecond)))} orders/s on one core.`,
		);
	lines.push('');
	return lines;
}

export function renderResults(results: Results): string {
	const sizes =
		[
			SIZES.goals ? "`BENCH_GOALS=1`: the chain-scale goals' rates and lengths" : undefined,
			SIZES.quick ? "quick sizes (`BENCH_QUICK=1`): not the issue's sizes" : undefined,
		]
			.filter(Boolean)
			.join(', ') || 'the default sizes';
	return [
		'# Benchmarks',
		'',
		`Run: ${results.startedAt} with \`npm run bench\`, ${sizes}. Everything below comes from this one run; nothing is estimated.`,
		'',
		...(results.failure ? ['**The run failed:** ' + results.failure, ''] : []),
		...machine(results),
		'## How',
		'',
		'- A real n8n 2.41.1 per measurement, with this package packed and installed as users install it, the shipped templates imported with credentials pointing at the simulators, and the error-handler template published first.',
		'- The Sitoo and Klaviyo simulators run in the benchmark process on the same machine. The Klaviyo simulator validates every request against Klaviyo\'s OpenAPI spec and enforces Klaviyo\'s published rate limits per endpoint **in real time (no time-scaling)**: our transport paces itself to those limits in real time. Each measurement gets a fresh Klaviyo simulator (its own quota and events); "in Klaviyo" means accepted and stored there (no processing delay).',
		...(SIZES.klaviyoLatencyMs > 0
			? [
					`- Every Klaviyo answer came ${SIZES.klaviyoLatencyMs} ms late (\`BENCH_KLAVIYO_LATENCY_MS\`), as Klaviyo's API over the internet.`,
				]
			: []),
		'',
		...headline(results),
		...(SIZES.goals ? goalsSection(results) : []),
		...liveSection(results.live),
		...backfillSection(results.backfill, results.naive),
		...mappingSection(results.mapping),
		...seenSetsSection(results.seenSets),
		...productDataSection(results.productData),
	].join('\n');
}
