import {
	emailedKey,
	emptySeenSet,
	EVENT_ID_LIMITS,
	fetchedOutcome,
	finishBatch,
	hasSeen,
	parseEventsBatch,
	planBatch,
	readEventsTriggerState,
	readSeenSet,
	remember,
	seenCount,
	type EventsTriggerState,
	type FetchedOrder,
	type SpiEvent,
} from '../../../nodes/core/spi';
import type { NormalizeResult } from '../../../nodes/core/order';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);

function events(
	list: Array<[id: string, orderId: number, type?: string, changed?: string]>,
): SpiEvent[] {
	const parsed = parseEventsBatch(
		list.map(([id, orderId, type = 'add', changed]) => ({
			event_id: id,
			event_type: 'order',
			event_date: 1735689600,
			account_id: 90210,
			data: {
				eshop_id: 1,
				order_id: orderId,
				order_event_type: type,
				...(changed ? { order_state_changed: changed } : {}),
			},
		})),
	);
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.events;
}

const completed = (orderId: number): FetchedOrder<{ orderId: number }> => ({
	outcome: 'completed',
	order: { orderId },
});

/** Runs one batch through plan → fetch (from `world`) → finish, the way the node does. */
function deliver(
	state: EventsTriggerState,
	batch: SpiEvent[],
	world: Record<number, FetchedOrder<{ orderId: number }>>,
	now: number,
) {
	const plan = planBatch(batch, state, 90210);
	const fetched = new Map(plan.fetches.map((f) => [f.orderKey, world[f.orderId]]));
	const outcome = finishBatch(plan, fetched, state, now);
	// Static data is JSON: what comes back from n8n is what was serialised.
	return {
		...outcome,
		plan,
		state: readEventsTriggerState(JSON.parse(JSON.stringify(outcome.state))),
	};
}

const emitted = (results: Array<{ kind: string; order?: { orderId: number } }>) =>
	results.filter((r) => r.kind === 'emit').map((r) => r.order!.orderId);

describe('seen-set', () => {
	it('remembers ids, forgets them after the age limit, and keeps only the newest over the count', () => {
		let set = remember(emptySeenSet(), ['a', 'b'], T0, { maxEntries: 3, maxAgeMs: HOUR });
		expect(hasSeen(set, 'a')).toBe(true);
		set = remember(set, ['c', 'd'], T0 + 1000, { maxEntries: 3, maxAgeMs: HOUR });
		expect(['a', 'b', 'c', 'd'].filter((id) => hasSeen(set, id))).toEqual(['b', 'c', 'd']);
		set = remember(set, ['e'], T0 + 2 * HOUR, { maxEntries: 3, maxAgeMs: HOUR });
		expect(['b', 'c', 'd', 'e'].filter((id) => hasSeen(set, id))).toEqual(['e']);
		expect(seenCount(set)).toBe(1);
	});

	it('does not move an id that was seen before (its first time counts)', () => {
		const first = remember(emptySeenSet(), ['a'], T0, EVENT_ID_LIMITS);
		const again = remember(first, ['a', 'a'], T0 + HOUR, EVENT_ID_LIMITS);
		expect(again).toEqual(first);
		expect(seenCount(again)).toBe(1);
	});

	it('tells ids apart that only differ by a newline or backslash, or that are part of another id', () => {
		const ids = ['a\nb', 'a\\nb', 'a', 'b', 'x\\'];
		const set = remember(emptySeenSet(), ids, T0, EVENT_ID_LIMITS);
		for (const id of ids) expect(hasSeen(set, id)).toBe(true);
		for (const id of ['a\\', 'nb', 'a\nb\n', '\\nb', 'x', '']) expect(hasSeen(set, id)).toBe(false);
		expect(hasSeen(readSeenSet(JSON.parse(JSON.stringify(set))), 'a\nb')).toBe(true);
	});

	it('reads the earlier form of static data ({entries: {id: time}}), oldest first, keeping every id', () => {
		const entries = Object.fromEntries(
			Array.from({ length: 95 }, (_, i) => [`ev-${i}`, T0 + (95 - i) * 1000]),
		);
		const set = readSeenSet({ entries: { ...entries, broken: 'x' } });
		expect(seenCount(set)).toBe(95);
		expect(set.buckets[0]!.from).toBe(T0 + 1000);
		expect(set.buckets.at(-1)!.last).toBe(T0 + 95_000);
		expect(hasSeen(set, 'ev-0') && hasSeen(set, 'ev-94')).toBe(true);
		expect(hasSeen(set, 'broken')).toBe(false);
		// The oldest go first when the set is over its count.
		const pruned = remember(set, ['new'], T0 + 100_000, { maxEntries: 50, maxAgeMs: HOUR });
		expect(hasSeen(pruned, 'ev-0') && hasSeen(pruned, 'new')).toBe(true);
		expect(hasSeen(pruned, 'ev-94')).toBe(false);
	});

	it('keeps an order and its e-mail as a short hash, the same for the same address however typed', () => {
		const key = emailedKey('1500:1:42', ' Anna.Berg@Example.com ')!;
		expect(key).toMatch(/^1500:1:42\|[0-9a-f]{8}$/);
		expect(key).not.toContain('anna');
		expect(emailedKey('1500:1:42', 'anna.berg@example.com')).toBe(key);
		expect(emailedKey('1500:1:42', 'anna.berg@example.se')).not.toBe(key);
		expect(emailedKey('1500:1:43', 'anna.berg@example.com')).not.toBe(key);
		expect(emailedKey('1500:1:42', '  ')).toBeUndefined();
		expect(emailedKey('1500:1:42', undefined)).toBeUndefined();
	});

	it('reads damaged static data as empty instead of failing', () => {
		expect(readSeenSet(undefined)).toEqual(emptySeenSet());
		expect(readSeenSet({ entries: [1, 2] })).toEqual(emptySeenSet());
		expect(readSeenSet({ buckets: 'x' })).toEqual(emptySeenSet());
		const good = { from: T0, last: T0, count: 1, ids: '\na\n' };
		const damaged = [
			good,
			{ ...good, count: -1 },
			{ ...good, ids: 'b' },
			{ ...good, ids: '\na' },
			{ ...good, last: 'x' },
			null,
		];
		expect(readSeenSet({ buckets: damaged })).toEqual({ buckets: [good] });
	});

	it('stays bounded under a long stream of events', () => {
		let state = readEventsTriggerState({});
		for (let batch = 0; batch < 1200; batch++) {
			const ids = Array.from({ length: 10 }, (_, i) => `ev-${batch}-${i}`);
			const plan = planBatch(
				events(ids.map((id, i) => [id, batch * 10 + i + 1, 'update', 'cancelled'])),
				state,
				90210,
			);
			state = finishBatch(plan, new Map(), state, T0 + batch * 1000).state;
		}
		// At least the newest maxEntries, and at most one bucket more.
		expect(seenCount(state.events)).toBeGreaterThanOrEqual(EVENT_ID_LIMITS.maxEntries);
		expect(seenCount(state.events)).toBeLessThanOrEqual(EVENT_ID_LIMITS.maxEntries * 1.05);
		expect(hasSeen(state.events, `ev-${1200 - EVENT_ID_LIMITS.maxEntries / 10}-0`)).toBe(true);
		expect(hasSeen(state.events, 'ev-1199-9')).toBe(true);
		expect(hasSeen(state.events, 'ev-0-0')).toBe(false);
	});
});

describe('a batch from arrival to answer', () => {
	const world = { 1: completed(1), 2: completed(2), 3: completed(3) };

	it('emits each completed order once, in batch order', () => {
		const run = deliver(
			readEventsTriggerState({}),
			events([
				['a', 2],
				['b', 1],
				['c', 3],
			]),
			world,
			T0,
		);
		expect(emitted(run.results)).toEqual([2, 1, 3]);
		expect(run.counts).toMatchObject({ events: 3, emitted: 3, duplicates: 0 });
	});

	it('drops re-sent events, within a batch and across batches', () => {
		const first = deliver(
			readEventsTriggerState({}),
			events([
				['a', 1],
				['a', 1],
				['b', 2],
			]),
			world,
			T0,
		);
		expect(emitted(first.results)).toEqual([1, 2]);
		expect(first.counts.duplicates).toBe(1);
		const again = deliver(
			first.state,
			events([
				['a', 1],
				['b', 2],
			]),
			world,
			T0 + 1000,
		);
		expect(again.plan.fetches).toEqual([]);
		expect(again.results).toEqual([]);
		expect(again.counts.duplicates).toBe(2);
	});

	it('emits an order once although several events name it (add, then update closed), and reads it once', () => {
		const batch = events([
			['a', 1, 'add'],
			['b', 1, 'update', 'closed'],
		]);
		const run = deliver(readEventsTriggerState({}), batch, world, T0);
		expect(run.plan.fetches).toHaveLength(1);
		expect(emitted(run.results)).toEqual([1]);
		const later = deliver(run.state, events([['c', 1, 'update']]), world, T0 + 1000);
		expect(later.plan.fetches).toEqual([]);
		expect(later.results).toEqual([]);
	});

	it('skips an open order and emits it when a later event finds it closed', () => {
		const parked = {
			5: { outcome: 'waiting', reason: 'open' } as FetchedOrder<{ orderId: number }>,
		};
		const first = deliver(readEventsTriggerState({}), events([['a', 5, 'add']]), parked, T0);
		expect(first.results).toEqual([]);
		expect(first.counts.waiting).toBe(1);
		const closed = deliver(
			first.state,
			events([['b', 5, 'update', 'closed']]),
			{ 5: completed(5) },
			T0 + 1000,
		);
		expect(emitted(closed.results)).toEqual([5]);
	});

	it('never emits a cancelled order, and reports a missing one with the field to look at', () => {
		const run = deliver(
			readEventsTriggerState({}),
			events([
				['a', 6],
				['b', 7],
				['c', 8, 'update', 'cancelled'],
			]),
			{ 6: { outcome: 'notASale', reason: 'cancelled' }, 7: { outcome: 'notFound' } },
			T0,
		);
		expect(run.plan.fetches.map((f) => f.orderId)).toEqual([6, 7]);
		expect(run.results).toEqual([
			expect.objectContaining({
				kind: 'problem',
				position: 1,
				field: '[1].data.order_id',
				reason: 'Sitoo has no order 7 on site 1',
			}),
		]);
	});

	it('keeps the same batch retryable when the node could not read Sitoo (state untouched until finish)', () => {
		const state = readEventsTriggerState({});
		const plan = planBatch(events([['a', 1]]), state, 90210);
		// The node answers 503 and never calls finishBatch: the stored state is what it was.
		expect(hasSeen(state.events, 'a')).toBe(false);
		expect(() => finishBatch(plan, new Map(), state, T0)).toThrow('was planned but not read');
		const retried = deliver(state, events([['a', 1]]), world, T0 + 5000);
		expect(emitted(retried.results)).toEqual([1]);
	});
});

const completedWith = (orderId: number, email: string): FetchedOrder<{ orderId: number }> => ({
	outcome: 'completed',
	order: { orderId },
	email,
});

describe('e-mail receipts', () => {
	const guest = completed(7);
	const emailedLater: FetchedOrder<{ orderId: number }> = completedWith(7, 'Anna@Example.com');
	const emittedAgain = (results: Array<{ kind: string; emailReceipt?: boolean }>) =>
		results.filter((r) => r.kind === 'emit').map((r) => r.emailReceipt === true);

	it('sends a guest sale again when its receipt is e-mailed, once, marked as such', () => {
		const sale = deliver(readEventsTriggerState({}), events([['a', 7]]), { 7: guest }, T0);
		expect(emitted(sale.results)).toEqual([7]);
		const receipt = deliver(
			sale.state,
			events([['b', 7, 'email-receipt']]),
			{ 7: emailedLater },
			T0 + 60_000,
		);
		expect(receipt.plan.fetches.map((f) => f.orderId)).toEqual([7]);
		expect(emitted(receipt.results)).toEqual([7]);
		expect(emittedAgain(receipt.results)).toEqual([true]);
		// Sitoo re-sends the notice, or staff e-mail the receipt twice: nothing new, nothing sent.
		const resent = deliver(
			receipt.state,
			events([
				['b', 7, 'email-receipt'],
				['c', 7, 'email-receipt'],
			]),
			{ 7: emailedLater },
			T0 + 120_000,
		);
		expect(emitted(resent.results)).toEqual([]);
	});

	it('does not send again a sale that already had the address, or a receipt without one', () => {
		const member = deliver(
			readEventsTriggerState({}),
			events([['a', 8]]),
			{ 8: completedWith(8, 'kim@example.com') },
			T0,
		);
		const receipt = deliver(
			member.state,
			events([['b', 8, 'email-receipt']]),
			{ 8: completedWith(8, ' KIM@example.com ') },
			T0 + 1000,
		);
		expect(emitted(receipt.results)).toEqual([]);
		const sale = deliver(readEventsTriggerState({}), events([['c', 9]]), { 9: completed(9) }, T0);
		const noAddress = deliver(
			sale.state,
			events([['d', 9, 'email-receipt']]),
			{ 9: completed(9) },
			T0 + 1000,
		);
		expect(emitted(noAddress.results)).toEqual([]);
	});

	it('emits a sale first seen through its e-mail receipt like any other', () => {
		const run = deliver(
			readEventsTriggerState({}),
			events([['a', 10, 'email-receipt']]),
			{ 10: completedWith(10, 'ny@example.com') },
			T0,
		);
		expect(emitted(run.results)).toEqual([10]);
		expect(emittedAgain(run.results)).toEqual([false]);
	});
});

describe('how a read order counts', () => {
	const order = (state: Record<string, unknown>) =>
		({ ok: true, warnings: [], order: { state } }) as unknown as NormalizeResult;
	it('emits closed and paid, waits for open or unsettled, drops the rest, and reports rejections', () => {
		expect(
			fetchedOutcome(
				order({ isFinal: true, isCompleted: true, order: 'closed', payment: 'successful' }),
			).outcome,
		).toBe('completed');
		expect(
			fetchedOutcome(order({ isFinal: false, isCompleted: false, order: 'open', payment: 'none' }))
				.outcome,
		).toBe('waiting');
		expect(
			fetchedOutcome(
				order({ isFinal: true, isCompleted: false, order: 'cancelled', payment: 'cancelled' }),
			).outcome,
		).toBe('notASale');
		expect(fetchedOutcome({ ok: false, field: 'orderitems', reason: 'broken' })).toEqual({
			outcome: 'rejected',
			field: 'orderitems',
			reason: 'broken',
		});
	});
});
