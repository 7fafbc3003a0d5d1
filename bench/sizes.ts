/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- benchmark code: runs in Node, never inside n8n */
/**
 * How big each benchmark runs. Defaults are the full sizes; `BENCH_QUICK=1` shrinks all of
 * them for a check that the whole chain works, and each size has its own variable.
 * `BENCH_ONLY=mapping,seenSets,productData,polling,realTime,realTimeRecorded,naiveLive,pollingQueue,realTimeRecordedQueue,backfill,naive`
 * runs a subset. `BENCH_GOALS=1` measures the chain-scale goals in one run instead (`GOAL_PARTS`).
 */
const QUICK = process.env.BENCH_QUICK === '1';
const GOALS = process.env.BENCH_GOALS === '1';

function size(name: string, full: number, quick: number): number {
	const raw = process.env[name];
	const value = raw === undefined || raw === '' ? (QUICK ? quick : full) : Number(raw);
	if (!Number.isFinite(value) || value <= 0)
		throw new Error(`${name} must be a positive number, not "${raw}"`);
	return value;
}

export const SIZES = {
	quick: QUICK,
	/** The chain-scale goals' rates and lengths instead of the `BENCH_LIVE_*` ones, and their table. */
	goals: GOALS,
	mappingOrders: size('BENCH_MAPPING_ORDERS', 100_000, 20_000),
	liveSeconds: size('BENCH_LIVE_SECONDS', 180, 30),
	liveRatePerSecond: size('BENCH_LIVE_RATE', 20, 20),
	/** How long after the last sale the live measurements wait for the rest to arrive. */
	liveDrainSeconds: size('BENCH_LIVE_DRAIN_SECONDS', 420, 150),
	backfillOrders: size('BENCH_BACKFILL_ORDERS', 100_000, 3_000),
	/** Orders per backfill run; unset = what the template ships with. */
	backfillOrdersPerRun: process.env.BENCH_BACKFILL_PER_RUN
		? size('BENCH_BACKFILL_PER_RUN', 0, 0)
		: undefined,
	/** Orders per backfill batch (one sub-execution each); unset = what the template ships with. */
	backfillOrdersPerBatch: process.env.BENCH_BACKFILL_PER_BATCH
		? size('BENCH_BACKFILL_PER_BATCH', 0, 0)
		: undefined,
	naiveOrders: size('BENCH_NAIVE_ORDERS', 5_000, 500),
	/** `BENCH_KLAVIYO_LATENCY_MS`: each Klaviyo answer this much later, as over the internet; 0 by default. */
	klaviyoLatencyMs: process.env.BENCH_KLAVIYO_LATENCY_MS
		? size('BENCH_KLAVIYO_LATENCY_MS', 0, 0)
		: 0,
	/** The real-time trigger starts with a busy day's full seen-sets; `BENCH_SEEN_SETS=empty` as on its first day. */
	liveFullSeenSets: process.env.BENCH_SEEN_SETS !== 'empty',
	/** `BENCH_PROFILE=1`: the live measurements also read where the latest runs' time went. */
	liveProfile: process.env.BENCH_PROFILE === '1',
	productDataOrders: size('BENCH_PRODUCT_DATA_ORDERS', 1_000, 1_000),
};

/** Parts measured in the benchmark process, before any n8n starts. */
const IN_PROCESS_PARTS = ['mapping', 'seenSets', 'productData'] as const;
/** Parts measured in a real n8n. */
export const N8N_PARTS = [
	'polling',
	'realTime',
	'realTimeRecorded',
	'naiveLive',
	'pollingQueue',
	'realTimeRecordedQueue',
	'backfill',
	'naive',
] as const;
const PARTS = [...IN_PROCESS_PARTS, ...N8N_PARTS] as const;
/** What the goals run measures unless `BENCH_ONLY` narrows it. */
const GOAL_PARTS: readonly string[] = [
	'mapping',
	'polling',
	'realTimeRecordedQueue',
	'naiveLive',
	'pollingQueue',
	'backfill',
	'naive',
];
export type Part = (typeof PARTS)[number];

const only = process.env.BENCH_ONLY?.split(',')
	.map((p) => p.trim())
	.filter(Boolean);
for (const part of only ?? [])
	if (!PARTS.includes(part as Part))
		throw new Error(`BENCH_ONLY: unknown part "${part}"; known: ${PARTS.join(', ')}`);

export function runs(part: Part): boolean {
	if (only) return only.includes(part);
	return !GOALS || GOAL_PARTS.includes(part);
}
