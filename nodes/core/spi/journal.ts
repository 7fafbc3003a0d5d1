/**
 * The Events trigger's early answer (Answer Sitoo: "As Soon as the Orders Are Recorded"): Sitoo hears
 * 200 once a batch's orders are recorded here, before its run has sent them, so the trigger owes
 * those orders until the workflow confirms the run (Confirm Sitoo Events). The record is a journal in
 * the node's static data, stored by n8n before the 200 goes out. A run that fails, or whose end this
 * process did not see (a restart), leaves its orders owed: the next batch Sitoo sends carries them
 * first, and is itself answered 503 so that Sitoo sends it again once they are in (docs/design.md
 * "Where state lives"). Per-customer order across workers: a batch with a customer whose earlier run
 * is still going waits for that run (invariant 2).
 */
import { shortHash } from './dedupe';

/** An order the trigger owes Klaviyo, with what is needed to read it again and to report it. */
export interface OwedOrder {
	orderKey: string;
	siteId: number;
	orderId: number;
	eventId: string;
	eventType: string;
	eventDate?: string;
	orderEventType?: string;
}

/** A batch answered 200 whose run has not been confirmed yet. */
export interface JournalEntry {
	/** When this attempt was handed on (unix ms). */
	at: number;
	/** When its oldest order was first handed on: owed orders are let go 24 hours after it. */
	firstAt: number;
	/** How many times these orders have been handed on. */
	attempts: number;
	orders: OwedOrder[];
	/**
	 * Hashed keys of what its orders must not be overtaken on: their customers' e-mail and phone
	 * (`customerLaneKey`), their own ids, and the sale a refund returns. A later batch with one waits.
	 */
	keys: string[];
}

export type Journal = Record<string, JournalEntry>;

/**
 * How a journaled run went, as this process heard it: `running` (no answer yet), `succeeded` (the
 * Confirm node answered), `failed` (n8n ended the run without it), or undefined (not heard here: the
 * run was handed on before a restart or by another process).
 */
export type RunOutcome = 'running' | 'succeeded' | 'failed' | undefined;

/**
 * A run not confirmed this long after it was handed on counts as failed, and its orders are owed.
 * In n8n's regular mode a failed run says nothing, so this is how long its orders wait; a run of at
 * most ten orders that is still going after a minute is stuck, and sending its orders again is
 * harmless (Klaviyo keeps one event per fixed id, invariant 1).
 */
export const RUN_AT_MOST_MS = 60 * 1000;

/** At most this many owed orders are handed on in one run, oldest first; the rest follow. */
export const OWED_PER_RUN = 100;

/** Like Sitoo's own retries (docs/reference/sitoo-spi.md §5.4): owed orders are let go after a day. */
export const OWED_AT_MOST_MS = 24 * 60 * 60 * 1000;

export interface SettledJournal {
	/** Runs still going, kept in the journal. */
	running: Journal;
	/** Orders to hand on again before anything newer, oldest batch first, each order once. */
	owed: OwedOrder[];
	/** When the oldest owed order was first handed on, and the most attempts among them. */
	owedSince?: number;
	owedAttempts: number;
	/** Owed for a day: let go, for the exception ledger. */
	givenUp: OwedOrder[];
	/** Ids no longer in the journal, whose signals may be forgotten. */
	settled: string[];
}

/** Sorts the journal into runs still going, orders owed, and orders let go. */
export function settleJournal(
	journal: Journal,
	outcomeOf: (batchId: string) => RunOutcome,
	now: number,
): SettledJournal {
	const result: SettledJournal = {
		running: {},
		owed: [],
		owedAttempts: 0,
		givenUp: [],
		settled: [],
	};
	const owedKeys = new Set<string>();
	const entries = Object.entries(journal).sort(
		([, a], [, b]) => a.firstAt - b.firstAt || a.at - b.at,
	);
	for (const [id, entry] of entries) {
		const outcome = outcomeOf(id);
		if (outcome === 'running' && now - entry.at < RUN_AT_MOST_MS) {
			result.running[id] = entry;
			continue;
		}
		result.settled.push(id);
		if (outcome === 'succeeded') continue;
		if (now - entry.firstAt >= OWED_AT_MOST_MS) {
			result.givenUp.push(...entry.orders);
			continue;
		}
		for (const order of entry.orders) {
			if (owedKeys.has(order.orderKey)) continue;
			owedKeys.add(order.orderKey);
			result.owed.push(order);
		}
		result.owedSince = Math.min(result.owedSince ?? entry.firstAt, entry.firstAt);
		result.owedAttempts = Math.max(result.owedAttempts, entry.attempts);
	}
	return result;
}

/** The ids of running batches that share a key with these orders, oldest first. */
export function runsSharingKeys(running: Journal, keys: readonly string[]): string[] {
	const wanted = new Set(keys);
	return Object.entries(running)
		.filter(([, entry]) => entry.keys.some((key) => wanted.has(key)))
		.sort(([, a], [, b]) => a.at - b.at)
		.map(([id]) => id);
}

/** A batch's ordering keys as kept in the journal: hashed, so no e-mail or phone is stored. */
export function journalKeys(laneKeys: ReadonlyArray<string | undefined>): string[] {
	const keys = new Set<string>();
	for (const key of laneKeys) if (key !== undefined) keys.add(shortHash(key));
	return [...keys];
}

/** Reads the journal from static data; anything malformed is dropped rather than stopping a batch. */
export function readJournal(stored: unknown): Journal {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
	const journal: Journal = {};
	for (const [id, value] of Object.entries(stored)) {
		if (typeof value !== 'object' || value === null) continue;
		const entry = value as Record<string, unknown>;
		const at = finite(entry.at);
		if (at === undefined) continue;
		const orders = Array.isArray(entry.orders) ? entry.orders.flatMap(readOwedOrder) : [];
		journal[id] = {
			at,
			firstAt: finite(entry.firstAt) ?? at,
			attempts: finite(entry.attempts) ?? 1,
			orders,
			keys: Array.isArray(entry.keys)
				? entry.keys.filter((k): k is string => typeof k === 'string')
				: [],
		};
	}
	return journal;
}

function readOwedOrder(value: unknown): OwedOrder[] {
	if (typeof value !== 'object' || value === null) return [];
	const o = value as Record<string, unknown>;
	const siteId = finite(o.siteId);
	const orderId = finite(o.orderId);
	if (typeof o.orderKey !== 'string' || siteId === undefined || orderId === undefined) return [];
	return [
		{
			orderKey: o.orderKey,
			siteId,
			orderId,
			eventId: typeof o.eventId === 'string' ? o.eventId : '',
			eventType: typeof o.eventType === 'string' ? o.eventType : 'order',
			...(typeof o.eventDate === 'string' ? { eventDate: o.eventDate } : {}),
			...(typeof o.orderEventType === 'string' ? { orderEventType: o.orderEventType } : {}),
		},
	];
}

function finite(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
