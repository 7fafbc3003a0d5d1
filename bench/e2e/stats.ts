/** Small statistics for the reports: nearest-rank percentiles over measured values. */

export interface Distribution {
	count: number;
	p50: number;
	p95: number;
	max: number;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function distribution(values: number[]): Distribution {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		max: sorted.at(-1) ?? NaN,
	};
}

/** Infinity is a lag that never ended within the wait: "not arrived". */
export const seconds = (ms: number) =>
	Number.isFinite(ms)
		? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
		: ms === Infinity
			? 'not arrived'
			: '–';
export const whole = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
export const share = (part: number, total: number) =>
	total > 0 ? `${((100 * part) / total).toFixed(part > 0 && part / total < 0.001 ? 3 : 1)} %` : '–';

/** Events (or orders) a minute over `ms` milliseconds. */
export const perMinute = (events: number, ms: number) => (ms > 0 ? (events * 60_000) / ms : NaN);
/** Requests sent and answered 429, over every route. */
export const throttled = (requests: Record<string, { requests: number; throttled: number }>) => {
	const all = Object.values(requests);
	return {
		requests: all.reduce((a, r) => a + r.requests, 0),
		throttled: all.reduce((a, r) => a + r.throttled, 0),
	};
};
