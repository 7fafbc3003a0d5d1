/**
 * The reconciliation diff: which expected events Klaviyo holds, which are still on their way, which
 * are orphans, and how late the ones that arrived since the last run were.
 *
 * Klaviyo's event `datetime` is the till time we sent, and the API shows no time of receipt
 * (docs/reference/klaviyo-api.md §2.6). So "confirmed presence" is the first monitor run that finds the event, and
 * the lag of an order is that run's time minus its till time. The history carries what each run found
 * missing and the highest Sitoo order id it saw, which says which orders the previous run could have
 * judged: an order it saw missing, or one that reached Sitoo after it (a higher order id). Orders the
 * previous run already found are not measured again, and the very first run only sets the baseline.
 * The measure is at most one monitor interval above the real delay: schedule the monitor well inside
 * the lag threshold (the template runs every 5 minutes for a 15-minute threshold).
 */
import type { ExpectedEvent } from './expectations';
import { maskIdentity, storeOf } from './expectations';
import type { CarriedState, MissingEvent, MonitorSettings, OrphanEntry, StoreRef } from './types';

export interface LagSample {
	store: StoreRef;
	minutes: number;
}

export interface ReconcileInput {
	expected: readonly ExpectedEvent[];
	/** Order ids found in Klaviyo, per metric name. */
	present: ReadonlyMap<string, ReadonlySet<string>>;
	previous?: CarriedState;
	settings: MonitorSettings;
	now: number;
	/** The highest order id read from Sitoo in this run (carried to the next). */
	maxOrderId: number;
}

export interface ReconcileResult {
	presentEvents: number;
	pending: number;
	orphans: OrphanEntry[];
	/** The orphans as their expected events, for re-sending. */
	orphanEvents: ExpectedEvent[];
	recovered: number;
	lagSamples: LagSample[];
	carried: CarriedState;
}

const MINUTE = 60_000;

export function reconcile(input: ReconcileInput): ReconcileResult {
	const { previous, settings, now } = input;
	const previousRunMs = previous ? Date.parse(previous.runAt) : undefined;
	const wasMissing = new Map<string, MissingEvent>(
		(previous?.missing ?? []).map((m) => [m.key, m]),
	);
	const graceMs = settings.graceMinutes * MINUTE;
	const result: ReconcileResult = {
		presentEvents: 0,
		pending: 0,
		orphans: [],
		orphanEvents: [],
		recovered: 0,
		lagSamples: [],
		carried: {
			runAt: new Date(now).toISOString(),
			maxOrderId: Math.max(input.maxOrderId, previous?.maxOrderId ?? 0),
			missing: [],
		},
	};
	for (const event of input.expected) {
		const orderId = event.order.ids.orderId;
		const before = wasMissing.get(event.key);
		// Reached Sitoo after the previous run looked: that run could not have seen it.
		const newInSitoo = previous !== undefined && orderId > previous.maxOrderId;
		if (input.present.get(event.metric)?.has(String(orderId))) {
			result.presentEvents++;
			if (before?.resent) result.recovered++;
			else if (previous !== undefined && (before !== undefined || newInSitoo)) {
				result.lagSamples.push({
					store: storeOf(event.order),
					minutes: Math.max(0, now - event.tillMs) / MINUTE,
				});
			}
			continue;
		}
		// How long it has been waiting, as far as the monitor can tell: since the previous run first
		// missed it; else since it could have reached Sitoo (not before its till time, and not before
		// the previous run if that run did not see it yet).
		let sinceMs = before ? Date.parse(before.since) : event.tillMs;
		if (!before && newInSitoo && previousRunMs !== undefined)
			sinceMs = Math.max(sinceMs, previousRunMs);
		if (Number.isNaN(sinceMs)) sinceMs = event.tillMs;
		const since = new Date(sinceMs).toISOString();
		if (now - sinceMs < graceMs) {
			result.pending++;
			result.carried.missing.push({ key: event.key, since });
			continue;
		}
		const resentBefore = before?.resent === true;
		result.orphans.push({
			orderId,
			receiptId: event.order.ids.receiptId ?? null,
			metric: event.metric,
			store: storeOf(event.order),
			tillTime: event.order.tillTime,
			missingSince: since,
			customer: maskIdentity(event.profile),
			resentBefore,
			action: orphanAction(event.metric, resentBefore),
		});
		result.orphanEvents.push(event);
		result.carried.missing.push({ key: event.key, since, resent: true });
	}
	return result;
}

function orphanAction(metric: string, resentBefore: boolean): string {
	if (resentBefore) {
		return `The monitor re-sent this ${metric} before and Klaviyo still does not show it. Open the sync workflows' executions for this order and Klaviyo's profile of the customer: a conflict between the email and phone of two profiles is the usual cause. Merge the profiles in Klaviyo; the next run re-sends it again.`;
	}
	return `Re-sent to Klaviyo by this run (safe: Klaviyo keeps one event per order). Nothing to do unless it is still listed on the next run. If many orders are listed, check that the sync workflows are active and their last executions succeeded.`;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function lagStats(samples: readonly number[]): {
	count: number;
	p50Minutes: number;
	p95Minutes: number;
	maxMinutes: number;
} {
	const sorted = [...samples].sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		count: sorted.length,
		p50Minutes: round(percentile(sorted, 50)),
		p95Minutes: round(percentile(sorted, 95)),
		maxMinutes: round(sorted[sorted.length - 1] ?? 0),
	};
}

/** p50/p95/max per store, busiest store first. */
export function lagByStore(samples: readonly LagSample[]): Array<{
	store: StoreRef;
	count: number;
	p50Minutes: number;
	p95Minutes: number;
	maxMinutes: number;
}> {
	const byStore = new Map<string, { store: StoreRef; minutes: number[] }>();
	for (const sample of samples) {
		const entry = byStore.get(sample.store.key) ?? { store: sample.store, minutes: [] };
		entry.minutes.push(sample.minutes);
		byStore.set(sample.store.key, entry);
	}
	return [...byStore.values()]
		.map((entry) => ({ store: entry.store, ...lagStats(entry.minutes) }))
		.sort((a, b) => b.count - a.count || a.store.name.localeCompare(b.store.name));
}
