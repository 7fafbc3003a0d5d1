/**
 * The chain-scale goals, each against what this run measured, with the ratio: measured ÷ goal
 * (below 1 is better for limits, above 1 for targets). Rows whose measurement this run did not
 * make say so.
 */
import { BULK_CEILING_EVENTS_PER_MINUTE, rssGrowthMiB, type BackfillResult } from './e2e/backfill';
import type { LiveLagResult } from './e2e/live-lag';
import { perMinute, seconds, share, throttled, whole } from './e2e/stats';
import type { Results } from './report';

interface Row {
	goal: string;
	measured: string;
	ratio: number;
	met: boolean;
}

/** The share of requests answered 429. */
const throttledShare = (requests: Parameters<typeof throttled>[0]): number => {
	const t = throttled(requests);
	return t.requests > 0 ? t.throttled / t.requests : 0;
};
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

/** A live goal: p95 within `p95LimitMs`, every member sale arrived, at most 1 % of requests 429. */
function liveRow(goal: string, r: LiveLagResult | undefined, p95LimitMs: number): Row | string {
	if (!r) return goal;
	const throttled = throttledShare(r.klaviyo);
	const everyWorker = !r.queue || r.queue.executionsPerWorker.every((n) => n > 0);
	return {
		goal,
		measured: `p95 ${seconds(r.lag.p95)} (first → last third p50 ${seconds(r.lagFirstThird.p50)} → ${seconds(r.lagLastThird.p50)}), ${whole(r.arrived)} of ${whole(r.members)} member sales, 429s ${percent(throttled)}${r.queue ? `, executions per worker ${r.queue.executionsPerWorker.join(', ')}` : ''}`,
		ratio: r.lag.p95 / p95LimitMs,
		met: r.lag.p95 <= p95LimitMs && r.arrived === r.members && throttled <= 0.01 && everyWorker,
	};
}

function backfillRows(b: BackfillResult | undefined): Array<Row | string> {
	const ceilingGoal = 'backfill, 100,000 orders: ≥ 90 % of the bulk ceiling';
	const memoryGoal = 'backfill: n8n RSS growth ≤ 300 MiB over idle';
	if (!b) return [ceilingGoal, memoryGoal];
	const eventsPerMinute = perMinute(b.klaviyo.events, b.finishedMs - b.startedMs);
	const ofCeiling = eventsPerMinute / BULK_CEILING_EVENTS_PER_MINUTE;
	const growth = rssGrowthMiB(b);
	return [
		{
			goal: ceilingGoal,
			measured: `${whole(eventsPerMinute)} events/min = ${percent(ofCeiling)}, ${whole(b.klaviyo.orders)} of ${whole(b.orders)} orders, 429s ${percent(throttledShare(b.requests))}`,
			ratio: ofCeiling / 0.9,
			met: ofCeiling >= 0.9 && b.klaviyo.orders === b.orders,
		},
		{
			goal: memoryGoal,
			measured: `${whole(growth)} MiB (${whole(b.idle.rootRssMiB)} → ${whole(b.peakRssMiB)} MiB)`,
			ratio: growth / 300,
			met: growth <= 300,
		},
	];
}

export function goalsSection(results: Results): string[] {
	const live = (template: LiveLagResult['template'], queue: boolean, rate: number) =>
		results.live.find(
			(r) => r.template === template && !!r.queue === queue && r.plannedRatePerSecond === rate,
		);
	const best = results.mapping?.length
		? Math.max(...results.mapping.map((r) => r.ordersPerSecond))
		: undefined;
	const polling = live('polling', false, 100);
	const naive = live('naive', false, 100);
	const rows: Array<Row | string> = [
		liveRow(
			'polling template, 100 sales/s for 5 min: p95 ≤ 70 s, every member sale once, 429s ≤ 1 %',
			polling,
			70_000,
		),
		liveRow(
			'real-time template (answering once recorded, queue mode), 100 sales/s for 5 min: p95 ≤ 10 s, every member sale once, 429s ≤ 1 %',
			live('realTimeRecorded', true, 100),
			10_000,
		),
		liveRow(
			'real-time template (answering once recorded, queue mode), 20 sales/s: p95 ≤ 3 s',
			live('realTimeRecorded', true, 20),
			3_000,
		),
		liveRow(
			'queue mode (1 main, 3 workers), polling template, 100 sales/s: p95 ≤ 70 s, every member sale once, 429s ≤ 1 %, runs on every worker',
			live('polling', true, 100),
			70_000,
		),
		...backfillRows(results.backfill),
		best === undefined
			? 'core mapping ≥ 20,000 orders/s on one core'
			: {
					goal: 'core mapping ≥ 20,000 orders/s on one core',
					measured: `${whole(best)} orders/s (best of ${results.mapping!.length})`,
					ratio: best / 20_000,
					met: best >= 20_000,
				},
	];
	const lines = [
		'## Against the chain-scale goals',
		'',
		'Every figure from this run; ratio = measured ÷ goal (below 1 is better for limits, above 1 for targets).',
		'',
		'| goal | measured | ratio | met |',
		'|---|---|---|---|',
		...rows.map((row) =>
			typeof row === 'string'
				? `| ${row} | not measured in this run | – | – |`
				: `| ${row.goal} | ${row.measured} | ${Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : '∞'} | ${row.met ? 'yes' : '**no**'} |`,
		),
		'',
	];
	if (polling && naive)
		lines.push(
			`The naive build at the same rate (100 sales/s), as the baseline: ${share(naive.arrived, naive.members)} of member sales arrived (p95 ${seconds(naive.lag.p95)}), 429s ${percent(throttledShare(naive.klaviyo))} of its requests, against ${share(polling.arrived, polling.members)} and ${percent(throttledShare(polling.klaviyo))} for the polling template.`,
			'',
		);
	return lines;
}
