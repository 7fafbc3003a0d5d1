/**
 * The early answer's journal (core/spi/journal.ts): which runs are still going, which orders are
 * owed again and in what order, when they are let go, and how a damaged journal is read.
 */
import {
	journalKeys,
	OWED_AT_MOST_MS,
	readJournal,
	RUN_AT_MOST_MS,
	runsSharingKeys,
	settleJournal,
	type Journal,
	type JournalEntry,
	type OwedOrder,
	type RunOutcome,
} from '../../../nodes/core/spi';

const T0 = Date.UTC(2026, 11, 7, 12);

function owed(orderId: number): OwedOrder {
	return {
		orderKey: `90210:1:${orderId}`,
		siteId: 1,
		orderId,
		eventId: `e${orderId}`,
		eventType: 'order',
	};
}

function entry(at: number, orderIds: number[], extra: Partial<JournalEntry> = {}): JournalEntry {
	return { at, firstAt: at, attempts: 1, orders: orderIds.map(owed), keys: [], ...extra };
}

const outcomes =
	(known: Record<string, RunOutcome>) =>
	(id: string): RunOutcome =>
		known[id];

describe('settling the journal', () => {
	it('keeps running runs, forgets succeeded ones, and owes the orders of failed and unknown ones, oldest batch first, each order once', () => {
		const journal: Journal = {
			later: entry(T0 + 2_000, [5, 3]),
			ok: entry(T0, [1]),
			going: entry(T0 + 1_000, [2]),
			failed: entry(T0 + 500, [3, 4]),
		};
		const settled = settleJournal(
			journal,
			outcomes({ ok: 'succeeded', going: 'running', failed: 'failed' }),
			T0 + 3_000,
		);
		expect(Object.keys(settled.running)).toEqual(['going']);
		expect(settled.owed.map((o) => o.orderId)).toEqual([3, 4, 5]);
		expect(settled.owedSince).toBe(T0 + 500);
		expect(settled.settled.sort()).toEqual(['failed', 'later', 'ok']);
		expect(settled.givenUp).toEqual([]);
	});

	it('counts a run not confirmed within RUN_AT_MOST_MS as failed, whatever its signal says', () => {
		const journal: Journal = { slow: entry(T0, [7]) };
		const within = settleJournal(journal, outcomes({ slow: 'running' }), T0 + RUN_AT_MOST_MS - 1);
		expect(within.owed).toEqual([]);
		const after = settleJournal(journal, outcomes({ slow: 'running' }), T0 + RUN_AT_MOST_MS);
		expect(after.owed.map((o) => o.orderId)).toEqual([7]);
		expect(after.running).toEqual({});
	});

	it('lets owed orders go a day after they were first handed on, and carries the attempts on', () => {
		const journal: Journal = {
			old: entry(T0 + OWED_AT_MOST_MS - 10, [1], { firstAt: T0, attempts: 30 }),
			young: entry(T0 + OWED_AT_MOST_MS - 10, [2], { firstAt: T0 + 5, attempts: 4 }),
		};
		const settled = settleJournal(journal, outcomes({}), T0 + OWED_AT_MOST_MS);
		expect(settled.givenUp.map((o) => o.orderId)).toEqual([1]);
		expect(settled.owed.map((o) => o.orderId)).toEqual([2]);
		expect(settled.owedAttempts).toBe(4);
	});
});

describe('keys shared with running runs', () => {
	it('names the running runs that share a customer, oldest first; keys are hashed', () => {
		const mine = journalKeys(['email:ann@example.com', undefined, 'phone:46701234567']);
		expect(mine).toHaveLength(2);
		expect(mine.join(' ')).not.toContain('ann');
		const running: Journal = {
			b: entry(T0 + 2, [2], { keys: journalKeys(['phone:46701234567']) }),
			a: entry(T0 + 1, [1], { keys: journalKeys(['email:ann@example.com']) }),
			c: entry(T0, [3], { keys: journalKeys(['email:bo@example.com']) }),
		};
		expect(runsSharingKeys(running, mine)).toEqual(['a', 'b']);
		expect(runsSharingKeys(running, journalKeys([undefined]))).toEqual([]);
	});
});

describe('reading the journal from static data', () => {
	it('reads what it wrote, and drops what is damaged instead of stopping the batch', () => {
		const good = entry(T0, [1, 2], { keys: ['0badf00d'], attempts: 2, firstAt: T0 - 5 });
		const stored = JSON.parse(
			JSON.stringify({
				good,
				noTime: { orders: [owed(3)] },
				brokenOrder: { at: T0, orders: [{ orderKey: 7 }, owed(4)] },
				notAnObject: 'x',
			}),
		) as unknown;
		const journal = readJournal(stored);
		expect(journal.good).toEqual(good);
		expect(journal.noTime).toBeUndefined();
		expect(journal.notAnObject).toBeUndefined();
		expect(journal.brokenOrder?.orders.map((o) => o.orderId)).toEqual([4]);
		expect(journal.brokenOrder?.firstAt).toBe(T0);
		expect(readJournal(undefined)).toEqual({});
		expect(readJournal([entry(T0, [1])])).toEqual({});
	});
});
