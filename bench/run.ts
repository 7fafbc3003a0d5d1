/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- benchmark code: runs in Node, never inside n8n */
/* eslint-disable
	no-console
	-- a command-line script: what it prints is its output */
/**
 * `npm run bench`: every benchmark in one run, results written to bench/results.md with the
 * machine and versions. Not part of `npm test`, and no pass/fail on timings; it exits non-zero when
 * something is broken (nothing arrived, a run failed), and still writes what it measured.
 *
 * Order: core mapping first (one core, nothing else running), the real-time trigger's seen-sets
 * when full, then what product data costs in
 * Sitoo requests (core and Sitoo simulator only), then in real n8n against the
 * simulators: live lag of the polling and the real-time template and of the hand-built baseline, one
 * after the other; the backfill
 * template over the past orders; the naive build over the first of the same orders.
 * Sizes: bench/sizes.ts (`BENCH_QUICK=1` for a quick check).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBackfill, shippedRunSize } from './e2e/backfill';
import { makeHistory } from './e2e/history';
import { measureLiveLag, type LiveTemplate } from './e2e/live-lag';
import { measureNaive } from './e2e/naive';
import { prepare, startSitoo } from './e2e/stage';
import { mappingThroughput } from './mapping';
import { extraPerThousand, productDataRequests } from './product-data';
import { loadAverage, renderResults, type Results } from './report';
import { seenSetsCost } from './seen-sets';
import { N8N_PARTS, runs, SIZES, type Part } from './sizes';

/** Queue mode as n8n's scaling guide sets it up: one main for the pollers, workers for the runs. */
const QUEUE_WORKERS = 3;

interface LiveMeasurement {
	which: LiveTemplate;
	part: Part;
	queueWorkers?: number;
	ratePerSecond: number;
	seconds: number;
}

/**
 * The live measurements, one after the other. The goals run: 100 sales/s for 5 minutes (the polling
 * template, real time answered once recorded in queue mode, the naive build, polling in queue mode)
 * and real time at 20 sales/s for 3 minutes.
 */
function livePlan(): LiveMeasurement[] {
	if (SIZES.goals) {
		const seconds = (full: number) => (SIZES.quick ? 30 : full);
		const queue = { queueWorkers: QUEUE_WORKERS };
		return [
			{ which: 'polling', part: 'polling', ratePerSecond: 100, seconds: seconds(300) },
			{
				which: 'realTimeRecorded',
				part: 'realTimeRecordedQueue',
				...queue,
				ratePerSecond: 100,
				seconds: seconds(300),
			},
			{
				which: 'realTimeRecorded',
				part: 'realTimeRecordedQueue',
				...queue,
				ratePerSecond: 20,
				seconds: seconds(180),
			},
			{ which: 'naive', part: 'naiveLive', ratePerSecond: 100, seconds: seconds(300) },
			{
				which: 'polling',
				part: 'pollingQueue',
				...queue,
				ratePerSecond: 100,
				seconds: seconds(300),
			},
		];
	}
	const size = { ratePerSecond: SIZES.liveRatePerSecond, seconds: SIZES.liveSeconds };
	return [
		{ which: 'polling', part: 'polling', ...size },
		{ which: 'realTime', part: 'realTime', ...size },
		{ which: 'realTimeRecorded', part: 'realTimeRecorded', ...size },
		{ which: 'naive', part: 'naiveLive', ...size },
		{ which: 'polling', part: 'pollingQueue', queueWorkers: QUEUE_WORKERS, ...size },
		{
			which: 'realTimeRecorded',
			part: 'realTimeRecordedQueue',
			queueWorkers: QUEUE_WORKERS,
			...size,
		},
	];
}

const log = (message: string) =>
	console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(results: Results): Promise<void> {
	if (runs('mapping')) {
		log(`core mapping, ${SIZES.mappingOrders} orders × 3`);
		results.mapping = [
			mappingThroughput(SIZES.mappingOrders),
			mappingThroughput(SIZES.mappingOrders),
			mappingThroughput(SIZES.mappingOrders),
		];
	}
	if (runs('seenSets')) {
		log('real-time trigger state: full seen-sets, batches of 10');
		results.seenSets = seenSetsCost();
		log(`  ${results.seenSets.msPerBatch.toFixed(1)} ms per batch`);
	}
	if (runs('productData')) {
		log(`product data look-ups, ${SIZES.productDataOrders} orders`);
		const productData = await productDataRequests(SIZES.productDataOrders);
		results.productData = productData;
		log(
			`  ${productData.shapes.map((s) => `${s.shape} ${extraPerThousand(productData, s).toFixed(0)}`).join(', ')} extra Sitoo requests per 1,000 orders`,
		);
	}
	if (!N8N_PARTS.some((part) => runs(part))) return;
	log('building and packing the package, checking the n8n install');
	prepare();
	const sitoo = await startSitoo();
	try {
		for (const { which, part, queueWorkers, ratePerSecond, seconds } of livePlan()) {
			if (!runs(part)) continue;
			log(
				`live lag, ${which}${queueWorkers ? ' in queue mode' : ''}: ${ratePerSecond} sales/s for ${seconds} s`,
			);
			const result = await measureLiveLag(sitoo, which, {
				seconds,
				ratePerSecond,
				drainSeconds: SIZES.liveDrainSeconds,
				guestEvery: 10,
				queueWorkers,
				fullSeenSets: SIZES.liveFullSeenSets,
				profile: SIZES.liveProfile,
			});
			results.live.push(result);
			log(
				`  ${result.arrived}/${result.members} arrived; p50 ${result.lag.p50} ms, p95 ${result.lag.p95} ms, max ${result.lag.max} ms`,
			);
			if (result.profile) log(`  where the runs' time went: ${JSON.stringify(result.profile)}`);
			if (result.arrived === 0) throw new Error(`live lag (${which}): no sale reached Klaviyo`);
		}
		if (!runs('backfill') && !runs('naive')) return;
		const orders = Math.max(
			runs('backfill') ? SIZES.backfillOrders : 0,
			runs('naive') ? SIZES.naiveOrders : 0,
		);
		log(`making ${orders} past orders in Sitoo`);
		const history = await makeHistory(sitoo, orders);
		if (runs('backfill')) {
			const perRun = SIZES.backfillOrdersPerRun ?? shippedRunSize();
			log(`backfill template: ${history.orders} orders, ${perRun} per run`);
			const backfill = await measureBackfill(sitoo, history, perRun, SIZES.backfillOrdersPerBatch);
			results.backfill = backfill;
			log(
				`  ${backfill.klaviyo.events} events, ${backfill.klaviyo.orders} orders in ${(backfill.finishedMs - backfill.startedMs) / 1000} s over ${backfill.runs} run(s)`,
			);
			if (backfill.klaviyo.orders === 0) throw new Error('backfill: no order reached Klaviyo');
		}
		if (runs('naive')) {
			log(`naive build: ${SIZES.naiveOrders} orders`);
			const naive = await measureNaive(sitoo, history, SIZES.naiveOrders);
			results.naive = naive;
			log(
				`  ${naive.klaviyo.events} events in ${(naive.finishedMs - naive.startedMs) / 1000} s, run ${naive.status}`,
			);
			if (naive.klaviyo.events === 0)
				throw new Error('naive build: no event reached Klaviyo (the baseline is broken, not slow)');
		}
	} finally {
		sitoo.sim.shutdown();
		await sitoo.server.close();
	}
}

const results: Results = {
	startedAt: new Date().toISOString(),
	loadAtStart: loadAverage(),
	live: [],
};
main(results)
	.catch((error: unknown) => {
		results.failure = error instanceof Error ? error.message : String(error);
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => {
		results.loadAtEnd = loadAverage();
		const text = renderResults(results);
		writeFileSync(join(__dirname, 'results.md'), text);
		console.log(text);
	});
