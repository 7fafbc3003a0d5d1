/**
 * What the Sitoo Events Trigger's seen-sets cost per batch once they are full, as on a busy store
 * day: the state read from static data's JSON, a batch of 10 remembered in each set, and the JSON
 * written back (n8n parses and serialises the static data around every batch as well).
 */
import {
	EVENT_ID_LIMITS,
	ORDER_LIMITS,
	emailedKey,
	emptySeenSet,
	readEventsTriggerState,
	remember,
	seenCount,
	type SeenLimits,
	type SeenSet,
} from '../nodes/core/spi';

export interface SeenSetsResult {
	entries: number;
	staticDataBytes: number;
	batches: number;
	/** Best of three rounds. */
	msPerBatch: number;
}

const BATCH = 10;
const BATCHES = 50;

function full(limits: SeenLimits, id: (n: number) => string, now: number): SeenSet {
	let set = emptySeenSet();
	for (let n = 0; n < limits.maxEntries; n += BATCH)
		set = remember(
			set,
			Array.from({ length: BATCH }, (_, k) => id(n + k)),
			now - limits.maxEntries + n,
			limits,
		);
	return set;
}

/**
 * The Sitoo Events Trigger's state after a busy day: every seen-set full, of ids that no sale of the
 * measurement can have (orders from 900,000,000 on), all seen in the last hours before `now`.
 */
export function fullEventsTriggerState(now: number) {
	return {
		events: full(EVENT_ID_LIMITS, (n) => `seen-${n.toString(16).padStart(28, '0')}`, now),
		orders: full(ORDER_LIMITS, (n) => `1500:1:${900_000_000 + n}`, now),
		emailed: full(
			ORDER_LIMITS,
			(n) => emailedKey(`1500:1:${900_000_000 + n}`, `shopper${n}@example.com`)!,
			now,
		),
		held: {},
	};
}

export function seenSetsCost(): SeenSetsResult {
	const now = Date.UTC(2025, 5, 2, 12);
	const stored = JSON.stringify(fullEventsTriggerState(now));
	const state = readEventsTriggerState(JSON.parse(stored) as object);
	const entries = seenCount(state.events) + seenCount(state.orders) + seenCount(state.emailed);
	const rounds: number[] = [];
	for (let round = 0; round < 3; round++) {
		const started = performance.now();
		for (let b = 0; b < BATCHES; b++) {
			const read = readEventsTriggerState(JSON.parse(stored) as object);
			const ids = (prefix: string) =>
				Array.from({ length: BATCH }, (_, k) => `${prefix}${round}-${b}-${k}`);
			const at = now + b;
			JSON.stringify({
				events: remember(read.events, ids('new-event-'), at, EVENT_ID_LIMITS),
				orders: remember(read.orders, ids('1500:1:'), at, ORDER_LIMITS),
				emailed: remember(
					read.emailed,
					ids('1500:1:').map((key) => emailedKey(key, 'new@example.com')!),
					at,
					ORDER_LIMITS,
				),
				held: {},
			});
		}
		rounds.push((performance.now() - started) / BATCHES);
	}
	return {
		entries,
		staticDataBytes: stored.length,
		batches: BATCHES,
		msPerBatch: Math.min(...rounds),
	};
}
