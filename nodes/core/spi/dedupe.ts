/**
 * What the Events trigger has already handled, kept in workflow static data (not module memory:
 * several n8n processes may serve the webhook, docs/design.md "Scaling past one machine"). Plain JSON,
 * bounded by age and count so it cannot grow without end.
 *
 * Two sets: event ids (Sitoo re-sends an event it thinks was lost, §5.5) and orders already emitted
 * (one order produces several events: `add`, `update`s, receipt notices; it is emitted once).
 */

export interface SeenSet {
	/** id → when first seen (unix ms). */
	entries: Record<string, number>;
}

export interface SeenLimits {
	maxEntries: number;
	maxAgeMs: number;
}

const HOUR = 3_600_000;

/** Sitoo retries a batch for about 24 h (§5.4); keep ids twice that. */
export const EVENT_ID_LIMITS: SeenLimits = { maxEntries: 10_000, maxAgeMs: 48 * HOUR };
/** Late notices (e-mail receipt, pick-up) can come weeks after the sale. */
export const ORDER_LIMITS: SeenLimits = { maxEntries: 20_000, maxAgeMs: 60 * 24 * HOUR };

export function emptySeenSet(): SeenSet {
	return { entries: {} };
}

/** Reads what static data holds, tolerating absence or a damaged value (then starting empty). */
export function readSeenSet(stored: unknown): SeenSet {
	if (typeof stored !== 'object' || stored === null) return emptySeenSet();
	const entries = (stored as { entries?: unknown }).entries;
	if (typeof entries !== 'object' || entries === null || Array.isArray(entries))
		return emptySeenSet();
	const clean: Record<string, number> = {};
	for (const [id, at] of Object.entries(entries))
		if (typeof at === 'number' && Number.isFinite(at)) clean[id] = at;
	return { entries: clean };
}

export function hasSeen(set: SeenSet, id: string): boolean {
	return Object.prototype.hasOwnProperty.call(set.entries, id);
}

/** A new set with `ids` added at `now`, then pruned: older than the age limit, then the oldest over the count. */
export function remember(
	set: SeenSet,
	ids: readonly string[],
	now: number,
	limits: SeenLimits,
): SeenSet {
	const entries: Record<string, number> = { ...set.entries };
	for (const id of ids) if (!hasSeen(set, id)) entries[id] = now;
	let kept = Object.entries(entries).filter(([, at]) => now - at <= limits.maxAgeMs);
	if (kept.length > limits.maxEntries) {
		kept = kept.sort((a, b) => a[1] - b[1]).slice(kept.length - limits.maxEntries);
	}
	return { entries: Object.fromEntries(kept) };
}

/** The events trigger's state in static data. */
export interface EventsTriggerState {
	events: SeenSet;
	orders: SeenSet;
	/**
	 * Orders emitted with a customer e-mail, as `order key|e-mail`: an e-mail receipt sends an order
	 * again only when it brings an address the order was not emitted with.
	 */
	emailed: SeenSet;
	/**
	 * Batches handed to the workflow whose answer to Sitoo is not known yet, by batch id: what they
	 * add to the sets counts only once the workflow has confirmed them (`held.ts`).
	 */
	held: Record<string, HeldBatch>;
}

/** A batch's additions to the seen-sets, held until the workflow confirms it. */
export interface HeldBatch {
	/** When it was handed on (unix ms). */
	at: number;
	events: string[];
	orders: string[];
	emailed: string[];
}

export function readEventsTriggerState(stored: {
	events?: unknown;
	orders?: unknown;
	emailed?: unknown;
	held?: unknown;
}): EventsTriggerState {
	return {
		events: readSeenSet(stored.events),
		orders: readSeenSet(stored.orders),
		emailed: readSeenSet(stored.emailed),
		held: readHeld(stored.held),
	};
}

function readHeld(stored: unknown): Record<string, HeldBatch> {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
	const held: Record<string, HeldBatch> = {};
	const strings = (value: unknown): string[] =>
		Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	for (const [id, batch] of Object.entries(stored)) {
		if (typeof batch !== 'object' || batch === null) continue;
		const b = batch as Record<string, unknown>;
		if (typeof b.at !== 'number' || !Number.isFinite(b.at)) continue;
		held[id] = {
			at: b.at,
			events: strings(b.events),
			orders: strings(b.orders),
			emailed: strings(b.emailed),
		};
	}
	return held;
}

/** The `emailed` entry of an order and its customer e-mail; undefined without an address. */
export function emailedKey(orderKey: string, email: string | undefined): string | undefined {
	const address = email?.trim().toLowerCase() ?? '';
	return address === '' ? undefined : `${orderKey}|${address}`;
}

/** Key of an order across sites and accounts. */
export function orderKey(
	accountId: string | number | undefined,
	siteId: number,
	orderId: number,
): string {
	return `${accountId ?? '?'}:${siteId}:${orderId}`;
}
