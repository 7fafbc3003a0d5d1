import {
	initialState,
	settleHandOff,
	withHandOff,
	type RunOutcome,
	type SettleInput,
	type SyncState,
} from '../../../nodes/core/sync';
import {
	HOUR,
	isCompletedInSitoo,
	latestOrderId,
	MINUTE,
	poll,
	settings,
	simulator,
	T0,
} from './fake-sitoo';

const FIRST_ORDER_ID = 10001;
const PROCESS = 'process-1';

function settle(state: SyncState, over: Partial<SettleInput> = {}) {
	return settleHandOff({
		state,
		outcome: undefined,
		listening: true,
		processId: PROCESS,
		now: T0 + MINUTE,
		maxRunMs: HOUR,
		retryForMs: 24 * HOUR,
		...over,
	});
}

const bookmark: SyncState = { version: 1, startedFrom: 'now', lastOrderId: 100, watching: {} };
const next: SyncState = { version: 1, startedFrom: 'now', lastOrderId: 103, watching: {} };
const handedOn = withHandOff(bookmark, next, {
	id: 'h1',
	at: new Date(T0).toISOString(),
	processId: PROCESS,
	orderIds: [101, 102, 103],
});

describe('the bookmark moves once the run has succeeded', () => {
	it('keeps the old bookmark while the batch is handed on', () => {
		expect(handedOn.lastOrderId).toBe(100);
		expect(handedOn.handOff?.next.lastOrderId).toBe(103);
	});

	it('moves it when the run succeeded', () => {
		expect(settle(handedOn, { outcome: 'succeeded', listening: false })).toEqual({
			action: 'poll',
			state: next,
			letGo: [],
		});
	});

	it('waits while this process still waits to hear of the run', () => {
		expect(settle(handedOn)).toEqual({ action: 'wait' });
	});

	it('hands the batch on again from the old bookmark when the run failed', () => {
		const settled = settle(handedOn, { outcome: 'failed', listening: false });
		expect(settled).toEqual({
			action: 'poll',
			state: { ...bookmark, failedRuns: { since: handedOn.handOff!.at, count: 1 } },
			again: { orderIds: [101, 102, 103], why: 'failedRun' },
			letGo: [],
		});
	});

	it('hands it on again when another process handed it on (n8n restarted) or the run went silent', () => {
		const restarted = settle(handedOn, { processId: 'process-2' });
		expect(restarted).toMatchObject({ action: 'poll', again: { why: 'unknownRun' } });
		expect(restarted.action === 'poll' && restarted.state.lastOrderId).toBe(100);
		const silent = settle(handedOn, { now: T0 + HOUR + 1 });
		expect(silent).toMatchObject({ action: 'poll', again: { why: 'unknownRun' } });
		// This process no longer waits (its outcome map was lost): not heard is not "still going".
		expect(settle(handedOn, { listening: false })).toMatchObject({ action: 'poll' });
	});

	it('lets a batch go after its runs failed for the retry period, reporting each order', () => {
		const failing: SyncState = {
			...handedOn,
			failedRuns: { since: new Date(T0 - 24 * HOUR).toISOString(), count: 1440 },
		};
		const settled = settle(failing, { outcome: 'failed', listening: false });
		expect(settled.action === 'poll' && settled.state).toEqual(next);
		expect(settled.action === 'poll' && settled.letGo.map((s) => [s.orderId, s.code])).toEqual([
			[101, 'runFailed'],
			[102, 'runFailed'],
			[103, 'runFailed'],
		]);
		expect(settled.action === 'poll' && settled.letGo[0]?.reason).toMatch(/24 hours \(1441 runs\)/);
		// One hour short of the period it is still handed on again.
		const younger = { ...failing, failedRuns: { since: new Date(T0).toISOString(), count: 60 } };
		expect(settle(younger, { outcome: 'failed', listening: false })).toMatchObject({
			again: { why: 'failedRun' },
		});
	});

	it('a state without a hand-off polls from its bookmark', () => {
		expect(settle(bookmark)).toEqual({ action: 'poll', state: bookmark, letGo: [] });
	});
});

describe('a sync whose runs fail, die and hang', () => {
	it('delivers every completed order through outages and restarts, never a refund before its sale', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		let state = initialState({ mode: 'orderId', orderId: FIRST_ORDER_ID });
		let processId = PROCESS;
		/** How this process heard each hand-off's run end; a restart loses it. */
		let heard = new Map<string, RunOutcome | 'pending'>();
		/** Order ids in the order Klaviyo accepted them (a failed run delivers part of its batch). */
		const delivered: number[] = [];
		let failedRuns = 0;
		let restarts = 0;
		let handOffs = 0;
		/** The batch of a slow run: Klaviyo gets it when the run ends. */
		let slowRun: number[] = [];
		const endSlowRun = () => {
			delivered.push(...slowRun);
			slowRun = [];
		};

		const step = (i: number, outage: boolean) => {
			clock.now += 10 * MINUTE;
			const h = state.handOff;
			const outcome = h ? heard.get(h.id) : undefined;
			const settled = settleHandOff({
				state,
				outcome: outcome === 'pending' ? undefined : outcome,
				listening: outcome === 'pending',
				processId,
				now: clock.now,
				maxRunMs: HOUR,
				retryForMs: 24 * HOUR,
			});
			if (settled.action === 'wait') {
				// A run still going ends now.
				endSlowRun();
				heard.set(h!.id, 'succeeded');
				return;
			}
			expect(settled.letGo).toEqual([]);
			const polled = poll(sim, settled.state, clock.now, settings({ maxOrdersPerPoll: 20 }));
			if (polled.emit.length === 0 && polled.skipped.length === 0) {
				state = polled.state;
				return;
			}
			const id = `h${++handOffs}`;
			state = withHandOff(settled.state, polled.state, {
				id,
				at: new Date(clock.now).toISOString(),
				processId,
				orderIds: polled.emit.map((e) => e.orderId),
			});
			state = JSON.parse(JSON.stringify(state)) as SyncState;
			const ids = polled.emit.map((e) => e.orderId);
			if (i % 11 === 5) {
				// n8n dies during the run, after Klaviyo took half of the batch.
				delivered.push(...ids.slice(0, Math.floor(ids.length / 2)));
				processId = `process-${++restarts + 1}`;
				heard = new Map();
			} else if (outage) {
				delivered.push(...ids.slice(0, i % 3));
				heard.set(id, 'failed');
				failedRuns++;
			} else if (i % 4 === 0) {
				// A slow run: the next poll finds it still going.
				slowRun = ids;
				heard.set(id, 'pending');
				return;
			} else {
				delivered.push(...ids);
				heard.set(id, 'succeeded');
			}
			// A slow run the poll did not wait for ends after this one.
			endSlowRun();
		};

		for (let i = 0; i < 160; i++) {
			for (let t = 0; t < 3; t++) sim.stream.tick();
			step(i, i % 40 >= 25 && i % 40 < 32);
		}
		for (let i = 0; i < 40; i++) {
			clock.now += HOUR;
			sim.stream.tick();
			step(i * 2, false);
		}

		expect(failedRuns).toBeGreaterThan(10);
		expect(restarts).toBeGreaterThan(5);
		const world = sim.world.state.orders;
		const watching = new Set(Object.keys(state.watching).map(Number));
		const completed = world
			.filter(
				(o) => o.orderid >= FIRST_ORDER_ID && isCompletedInSitoo(o) && !watching.has(o.orderid),
			)
			.map((o) => o.orderid);
		expect(completed.length).toBeGreaterThan(200);
		const firstDelivery = new Map<number, number>();
		delivered.forEach((id, position) => {
			if (!firstDelivery.has(id)) firstDelivery.set(id, position);
		});
		expect(completed.filter((id) => !firstDelivery.has(id))).toEqual([]);
		const late: string[] = [];
		for (const order of world) {
			const saleId = order.creditorderid;
			if (
				typeof saleId !== 'number' ||
				saleId === order.orderid ||
				!firstDelivery.has(order.orderid) ||
				!firstDelivery.has(saleId)
			)
				continue;
			if (firstDelivery.get(order.orderid)! < firstDelivery.get(saleId)!)
				late.push(`refund ${order.orderid} before sale ${saleId}`);
		}
		expect(late).toEqual([]);
	});

	it('a batch handed on again comes first, then whatever arrived since', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		const start = initialState({ mode: 'orderId', orderId: latestOrderId(sim) + 1 });
		for (let t = 0; t < 6; t++) sim.stream.tick();
		clock.now += MINUTE;
		const first = poll(sim, start, clock.now, settings());
		expect(first.emit.length).toBeGreaterThan(0);
		const state = withHandOff(start, first.state, {
			id: 'h1',
			at: new Date(clock.now).toISOString(),
			processId: PROCESS,
			orderIds: first.emit.map((e) => e.orderId),
		});
		for (let t = 0; t < 6; t++) sim.stream.tick();
		clock.now += MINUTE;
		const settled = settle(state, { outcome: 'failed', listening: false, now: clock.now });
		if (settled.action !== 'poll') throw new Error('expected a poll');
		const again = poll(sim, settled.state, clock.now, settings());
		const firstIds = first.emit.map((e) => e.orderId);
		expect(again.emit.slice(0, firstIds.length).map((e) => e.orderId)).toEqual(firstIds);
		expect(again.emit.length).toBeGreaterThan(firstIds.length);
	});
});
