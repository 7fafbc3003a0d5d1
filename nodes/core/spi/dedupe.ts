/**
 * What the Events trigger has already handled, kept in workflow static data (not module memory:
 * several n8n processes may serve the webhook, docs/design.md "Scaling past one machine"). Plain JSON,
 * bounded by age and count so it cannot grow without end.
 *
 * Two sets: event ids (Sitoo re-sends an event it thinks was lost, §5.5) and orders already emitted
 * (one order produces several events: `add`, `update`s, receipt notices; it is emitted once).
 */

/**
 * Ids in the order they were first seen, in buckets of nearby times. Each bucket keeps its ids as one
 * newline-joined string: a full set (tens of thousands of ids) is then a few large strings in static
 * data, which n8n loads and stores with every batch, instead of tens of thousands of JSON keys that
 * cost a tenth of a second or more per batch to read, prune and write.
 */
export interface SeenSet {
	/** Oldest first. */
	buckets: SeenBucket[];
}

export interface SeenBucket {
	/** When its first and last ids were seen (unix ms). */
	from: number;
	last: number;
	count: number;
	/** `\n` + each id followed by `\n` (ids holding a newline or backslash are escaped). */
	ids: string;
}

export interface SeenLimits {
	maxEntries: number;
	maxAgeMs: number;
}

const HOUR = 3_600_000;

/*
 * The sets save work, they do not make anything exactly-once: Klaviyo keeps one event per fixed
 * unique id, and the ledger one row per order and problem. n8n loads and stores them with every
 * batch, so their size is what each batch pays for them (on a busy day they are always full).
 */
/**
 * Sitoo retries a batch for about 24 h (§5.4), one batch at a time: a repeat comes with the next
 * attempts. Twice that long on a quiet day; the last 5,000 events (500 batches) on a busy one.
 */
export const EVENT_ID_LIMITS: SeenLimits = { maxEntries: 5_000, maxAgeMs: 48 * HOUR };
/** Late notices (e-mail receipt, pick-up) can come weeks after the sale; most come within minutes. */
export const ORDER_LIMITS: SeenLimits = { maxEntries: 10_000, maxAgeMs: 60 * 24 * HOUR };

/**
 * Limits are kept by whole buckets: a set holds at least `maxEntries` of the newest ids (and at most
 * one bucket more), and an id at least `maxAgeMs` (and at most one bucket's span longer).
 */
const BUCKETS_PER_LIMIT = 20;

export function emptySeenSet(): SeenSet {
	return { buckets: [] };
}

/** How many ids the set holds. */
export function seenCount(set: SeenSet): number {
	return set.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
}

/**
 * Reads what static data holds, tolerating absence or a damaged value (then starting empty, or
 * dropping the damaged bucket). The earlier form, `{entries: {id: time}}`, is read too.
 */
export function readSeenSet(stored: unknown): SeenSet {
	if (typeof stored !== 'object' || stored === null) return emptySeenSet();
	const { buckets, entries } = stored as { buckets?: unknown; entries?: unknown };
	if (Array.isArray(buckets)) return { buckets: buckets.filter(isBucket) };
	if (typeof entries !== 'object' || entries === null || Array.isArray(entries))
		return emptySeenSet();
	const byTime = Object.entries(entries)
		.filter((entry): entry is [string, number] => isTime(entry[1]))
		.sort((a, b) => a[1] - b[1]);
	const size = Math.max(1, Math.ceil(byTime.length / BUCKETS_PER_LIMIT));
	const migrated: SeenBucket[] = [];
	for (let start = 0; start < byTime.length; start += size) {
		const chunk = byTime.slice(start, start + size);
		migrated.push({
			from: chunk[0]![1],
			last: chunk.at(-1)![1],
			count: chunk.length,
			ids: `\n${chunk.map(([id]) => `${encoded(id)}\n`).join('')}`,
		});
	}
	return { buckets: migrated };
}

function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function isBucket(value: unknown): value is SeenBucket {
	if (typeof value !== 'object' || value === null) return false;
	const b = value as Record<string, unknown>;
	return (
		isTime(b.from) &&
		isTime(b.last) &&
		Number.isInteger(b.count) &&
		(b.count as number) >= 0 &&
		typeof b.ids === 'string' &&
		b.ids.startsWith('\n') &&
		b.ids.endsWith('\n')
	);
}

function encoded(id: string): string {
	return /[\n\\]/.test(id) ? id.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : id;
}

export function hasSeen(set: SeenSet, id: string): boolean {
	const needle = `\n${encoded(id)}\n`;
	// Newest first: an id seen again (Sitoo's resends, an order's later events) is usually recent.
	for (let i = set.buckets.length - 1; i >= 0; i--)
		if (set.buckets[i]!.ids.includes(needle)) return true;
	return false;
}

/**
 * A new set with `ids` added at `now` (an id seen before keeps its first time), then pruned: buckets
 * whose ids are all older than the age limit, then the oldest buckets over the count. Buckets left
 * as they were are shared with `set`.
 */
export function remember(
	set: SeenSet,
	ids: readonly string[],
	now: number,
	limits: SeenLimits,
): SeenSet {
	const bucketSize = Math.max(1, Math.floor(limits.maxEntries / BUCKETS_PER_LIMIT));
	const bucketSpan = limits.maxAgeMs / BUCKETS_PER_LIMIT;
	const buckets = [...set.buckets];
	const added = new Set<string>();
	for (const id of ids) {
		if (added.has(id) || hasSeen(set, id)) continue;
		added.add(id);
		let last = buckets.at(-1);
		if (!last || last.count >= bucketSize || now - last.from >= bucketSpan) {
			last = { from: now, last: now, count: 0, ids: '\n' };
			buckets.push(last);
		} else {
			last = { ...last };
			buckets[buckets.length - 1] = last;
		}
		last.ids += `${encoded(id)}\n`;
		last.count += 1;
		last.from = Math.min(last.from, now);
		last.last = Math.max(last.last, now);
	}
	let kept = buckets.filter((bucket) => now - bucket.last <= limits.maxAgeMs);
	let total = kept.reduce((sum, bucket) => sum + bucket.count, 0);
	let drop = 0;
	while (drop < kept.length && total - kept[drop]!.count >= limits.maxEntries) {
		total -= kept[drop]!.count;
		drop += 1;
	}
	kept = kept.slice(drop);
	return { buckets: kept };
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

/**
 * The `emailed` entry of an order and its customer e-mail; undefined without an address. The address
 * is kept as a short hash: only whether an order was sent with it counts, and static data (stored
 * with the workflow) then holds no customer e-mails.
 */
export function emailedKey(orderKey: string, email: string | undefined): string | undefined {
	const address = email?.trim().toLowerCase() ?? '';
	return address === '' ? undefined : `${orderKey}|${shortHash(address)}`;
}

/**
 * FNV-1a, 32 bits, as 8 hex digits: keeps an identifier out of static data. Two addresses of the same
 * order colliding is a 1 in 4 billion chance.
 */
export function shortHash(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Key of an order across sites and accounts. */
export function orderKey(
	accountId: string | number | undefined,
	siteId: number,
	orderId: number,
): string {
	return `${accountId ?? '?'}:${siteId}:${orderId}`;
}
