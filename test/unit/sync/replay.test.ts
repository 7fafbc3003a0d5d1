import {
	initialState,
	replayBatch,
	replayOrderIds,
	withReplay,
	type SyncState,
	type SyncStep,
} from '../../../nodes/core/sync';
import {
	HOUR,
	latestOrderId,
	isCompletedInSitoo,
	MINUTE,
	normalized,
	ordersById,
	poll,
	settings,
	simulator,
	T0,
} from './fake-sitoo';

const FIRST_ORDER_ID = 10001;

/** A poll as the trigger makes it; `firstSinceStart` replays the previous batch first. */
function pollWithReplay(
	sim: ReturnType<typeof simulator>,
	state: SyncState,
	now: number,
	firstSinceStart: boolean,
): SyncStep {
	const options = settings({ maxOrdersPerPoll: 20 });
	const step = poll(sim, state, now, options);
	if (!firstSinceStart) return step;
	const replayed = replayBatch(
		state,
		ordersById(sim, replayOrderIds(state)).map((raw) => normalized(raw, now)),
		options,
	);
	return withReplay(step, replayed);
}

describe('replay of the last batch after n8n restarts', () => {
	it('with runs dying mid-way, every completed order still reaches Klaviyo, and no refund before its sale', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		let state = initialState({ mode: 'orderId', orderId: FIRST_ORDER_ID });
		/** Order ids in the order that runs which finished delivered them. */
		const delivered: number[] = [];
		let restarted = false;
		let crashes = 0;
		for (let i = 0; i < 120; i++) {
			for (let t = 0; t < 3; t++) sim.stream.tick();
			clock.now += 10 * MINUTE;
			const step = pollWithReplay(sim, state, clock.now, restarted);
			restarted = false;
			// n8n has stored the bookmark with the emit; every 7th run dies with the process.
			state = step.state;
			if (i % 7 === 3 && step.emit.length > 0) {
				crashes++;
				restarted = true;
				continue;
			}
			delivered.push(...step.emit.map((e) => e.orderId));
		}
		for (let i = 0; i < 40; i++) {
			clock.now += HOUR;
			sim.stream.tick();
			const step = pollWithReplay(sim, state, clock.now, restarted);
			restarted = false;
			state = step.state;
			delivered.push(...step.emit.map((e) => e.orderId));
		}

		expect(crashes).toBeGreaterThan(10);
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
		// Repeats come only from replays: at most one batch per crash.
		expect(delivered.length - firstDelivery.size).toBeLessThanOrEqual(crashes * 20);
	});

	it('a poll that hands nothing on keeps the previous batch to replay; one that does replaces it', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		let state = initialState({ mode: 'orderId', orderId: latestOrderId(sim) + 1 });
		for (let t = 0; t < 6; t++) sim.stream.tick();
		clock.now += MINUTE;
		let step = pollWithReplay(sim, state, clock.now, false);
		expect(step.emit.length).toBeGreaterThan(0);
		expect(step.state.lastEmitted).toEqual(step.emit.map((e) => e.orderId));
		const batch = step.state.lastEmitted;
		state = step.state;
		step = pollWithReplay(sim, state, clock.now, false);
		expect(step.emit).toEqual([]);
		expect(step.state.lastEmitted).toEqual(batch);

		// After a restart the batch comes first, marked as a replay, then whatever is new.
		for (let t = 0; t < 6; t++) sim.stream.tick();
		step = pollWithReplay(sim, step.state, clock.now + 2 * MINUTE, true);
		const replayed = step.emit.filter((e) => e.via === 'replay').map((e) => e.orderId);
		expect(replayed.length).toBeGreaterThan(0);
		expect(step.emit.slice(0, replayed.length).every((e) => e.via === 'replay')).toBe(true);
		expect(batch).toEqual(expect.arrayContaining(replayed));
		expect(step.state.lastEmitted).toEqual(step.emit.map((e) => e.orderId));
	});

	it('replays the last two batches: a slow run can still be going when the next poll hands orders on', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		let state = initialState({ mode: 'orderId', orderId: latestOrderId(sim) + 1 });
		for (let t = 0; t < 6; t++) sim.stream.tick();
		clock.now += MINUTE;
		const first = pollWithReplay(sim, state, clock.now, false);
		for (let t = 0; t < 6; t++) sim.stream.tick();
		clock.now += MINUTE;
		const second = pollWithReplay(sim, first.state, clock.now, false);
		expect(first.emit.length).toBeGreaterThan(0);
		expect(second.emit.length).toBeGreaterThan(0);
		// n8n dies while both runs are going: both batches come back, and nothing else.
		state = second.state;
		const both = [...first.emit, ...second.emit].map((e) => e.orderId).sort((a, b) => a - b);
		expect(replayOrderIds(state)).toEqual([...new Set(both)]);
		const restarted = pollWithReplay(sim, state, clock.now + MINUTE, true);
		const replayed = restarted.emit.filter((e) => e.via === 'replay').map((e) => e.orderId);
		expect(replayed).toEqual(expect.arrayContaining(first.emit.map((e) => e.orderId)));
		expect(replayed).toEqual(expect.arrayContaining(second.emit.map((e) => e.orderId)));
	});

	it('leaves out replayed orders that no longer read as completed, and ignores ids that are not order ids', () => {
		const state: SyncState = {
			version: 1,
			startedFrom: 'now',
			lastOrderId: 5,
			watching: {},
			lastEmitted: [4, 4, -1, 2.5, 3],
		};
		expect(replayOrderIds(state)).toEqual([3, 4]);
		expect(
			replayBatch(
				state,
				[{ orderid: 3, orderstateid: 10 }, 'not an order', null].map((raw) => normalized(raw)),
				settings(),
			),
		).toEqual([]);
	});
});
