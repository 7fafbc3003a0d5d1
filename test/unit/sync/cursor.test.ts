import { normalizeOrder } from '../../../nodes/core/order';
import {
	checkSettings,
	initialState,
	ordersToNormalize,
	parseIdList,
	pickTestEvent,
	startLookup,
	syncStep,
	SyncSettingsError,
	type SyncState,
} from '../../../nodes/core/sync';
import {
	ACCOUNT,
	firstOrderOnOrAfter,
	HOUR,
	isCompletedInSitoo,
	latestOrderId,
	MINUTE,
	newOrders,
	normalized,
	poll,
	record,
	settings,
	simulator,
	T0,
	type Run,
} from './fake-sitoo';

const FIRST_ORDER_ID = 10001;

function fromStart(): SyncState {
	return initialState({ mode: 'orderId', orderId: FIRST_ORDER_ID });
}

function ids(run: Run, via?: 'new' | 'watched'): number[] {
	return run.emitted.filter((e) => via === undefined || e.via === via).map((e) => e.orderId);
}

describe('sync cursor over a live store chain', () => {
	it('emits every completed sale and refund exactly once, new ones in orderid order, refunds after their sales', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		const options = settings({ maxOrdersPerPoll: 25 });
		const run: Run = { state: fromStart(), emitted: [], skipped: [] };
		for (let i = 0; i < 60; i++) {
			for (let t = 0; t < 4; t++) sim.stream.tick();
			clock.now += 10 * MINUTE;
			record(run, poll(sim, run.state, clock.now, options));
		}
		// Let the last parked orders and bookings settle (the stream closes them after 20 min / a day).
		for (let i = 0; i < 40; i++) {
			clock.now += HOUR;
			sim.stream.tick();
			record(run, poll(sim, run.state, clock.now, options));
		}
		for (let i = 0; i < 5; i++) record(run, poll(sim, run.state, clock.now, options));

		const world = sim.world.state.orders;
		const completed = world.filter(isCompletedInSitoo).map((o) => o.orderid);
		const stillOpen = new Set(Object.keys(run.state.watching).map(Number));
		const expected = completed.filter((id) => !stillOpen.has(id));
		expect(world.length).toBeGreaterThan(300);
		expect(completed.length).toBeGreaterThan(250);
		// Exactly once.
		expect(new Set(ids(run)).size).toBe(ids(run).length);
		expect([...ids(run)].sort((a, b) => a - b)).toEqual(expected);
		// Orders emitted when first read come in arrival (orderid) order across all polls.
		const fresh = ids(run, 'new');
		expect(fresh).toEqual([...fresh].sort((a, b) => a - b));
		// Some orders were watched first and emitted once they closed (bookings).
		expect(ids(run, 'watched').length).toBeGreaterThan(0);
		// A refund never goes out before the sale it refunds (when that sale is emitted at all).
		const position = new Map(ids(run).map((id, index) => [id, index]));
		const refunds = run.emitted.filter(
			(e) => e.order.parts.refund && e.order.ids.originalOrderId !== undefined,
		);
		expect(refunds.length).toBeGreaterThan(5);
		for (const refund of refunds) {
			const sale = position.get(refund.order.ids.originalOrderId!);
			if (sale !== undefined) expect(sale).toBeLessThan(position.get(refund.orderId)!);
		}
		// Nothing in scope vanished: every order is emitted, watched, reported, or a closed parked shell.
		const skipped = new Set(run.skipped.map((s) => s.orderId));
		for (const order of world) {
			const accounted =
				position.has(order.orderid) ||
				stillOpen.has(order.orderid) ||
				skipped.has(order.orderid) ||
				(order.ordertypeid === 110 && order.orderstateid === 10);
			expect({ orderid: order.orderid, accounted }).toEqual({
				orderid: order.orderid,
				accounted: true,
			});
		}
		expect(run.skipped.every((s) => s.code === 'cancelled' || s.code === 'notPaid')).toBe(true);
	});

	it('continues after n8n was down from the state saved as JSON: nothing emitted twice, nothing lost', () => {
		const play = (down: (poll: number) => boolean) => {
			const clock = { now: T0 };
			const sim = simulator(clock);
			const options = settings({ maxOrdersPerPoll: 15 });
			const run: Run = { state: fromStart(), emitted: [], skipped: [] };
			// The workflow static data, as n8n stores it: only text survives a restart.
			let saved = JSON.stringify(run.state);
			let restarts = 0;
			let wasDown = false;
			const pollAt = (now: number) => {
				let state = run.state;
				if (wasDown) {
					// A new process: the old one's state is gone, all it knows is the saved bookmark.
					run.state = fromStart();
					state = JSON.parse(saved) as SyncState;
					restarts++;
					wasDown = false;
				}
				const backlog = newOrders(sim, state.lastOrderId, 1000).map((o) => o.orderid as number);
				const step = record(run, poll(sim, state, now, options));
				saved = JSON.stringify(step.state);
				return { backlog, step };
			};
			const resumed: Array<{ backlog: number[]; step: ReturnType<typeof poll> }> = [];
			for (let i = 0; i < 40; i++) {
				for (let t = 0; t < 3; t++) sim.stream.tick();
				clock.now += 15 * MINUTE;
				if (down(i)) {
					// No polls while n8n is down: orders pile up, parked ones close meanwhile.
					wasDown = true;
					continue;
				}
				const restarting = wasDown;
				const polled = pollAt(clock.now);
				if (restarting) resumed.push(polled);
			}
			for (let i = 0; i < 40; i++) {
				clock.now += HOUR;
				sim.stream.tick();
				pollAt(clock.now);
			}
			for (let i = 0; i < 5; i++) pollAt(clock.now);
			return { run, sim, restarts, resumed };
		};
		const continuous = play(() => false);
		const restarted = play((i) => i % 10 >= 5);
		expect(restarted.restarts).toBe(4);
		for (const { backlog, step } of restarted.resumed) {
			// The orders that arrived meanwhile are read from the saved cursor on, at most the cap per poll.
			expect(step.processed).toBe(Math.min(15, backlog.length));
			expect(step.state.lastOrderId).toBe(backlog[step.processed - 1]);
		}
		expect(restarted.resumed.some(({ backlog }) => backlog.length > 15)).toBe(true);
		const sorted = (run: Run) => [...ids(run)].sort((a, b) => a - b);
		const world = restarted.sim.world.state.orders;
		const stillOpen = new Set(Object.keys(restarted.run.state.watching).map(Number));
		const completed = world
			.filter(
				(o) => o.orderid >= FIRST_ORDER_ID && isCompletedInSitoo(o) && !stillOpen.has(o.orderid),
			)
			.map((o) => o.orderid);
		expect(completed.length).toBeGreaterThan(50);
		expect(new Set(ids(restarted.run)).size).toBe(ids(restarted.run).length);
		expect(sorted(restarted.run)).toEqual(completed);
		expect(sorted(restarted.run)).toEqual(sorted(continuous.run));
		expect(restarted.run.state).toEqual(continuous.run.state);
		const position = new Map(ids(restarted.run).map((id, index) => [id, index]));
		for (const refund of restarted.run.emitted.filter(
			(e) => e.order.parts.refund && e.order.ids.originalOrderId !== undefined,
		)) {
			const sale = position.get(refund.order.ids.originalOrderId!);
			if (sale !== undefined) expect(sale).toBeLessThan(position.get(refund.orderId)!);
		}
	});

	it('drains a backlog over several polls, at most the cap per poll', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 10 });
		const state = initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) });
		for (let i = 0; i < 30; i++) sim.factory.sale(clock.now, { storeId: 1 });
		const options = settings({ maxOrdersPerPoll: 10 });
		const run: Run = { state, emitted: [], skipped: [] };
		const counts: number[] = [];
		for (let i = 0; i < 4; i++)
			counts.push(record(run, poll(sim, run.state, clock.now, options)).processed);
		expect(counts).toEqual([10, 10, 10, 0]);
		expect(ids(run)).toHaveLength(30);
		expect(run.state.lastOrderId).toBe(latestOrderId(sim));
		// The cap also holds when the caller hands over more than it asked for.
		const tooMany = syncStep({
			state,
			now: clock.now,
			settings: options,
			watched: [],
			orders: newOrders(sim, state.lastOrderId, 30).map((raw) => normalized(raw, clock.now)),
		});
		expect(tooMany.processed).toBe(10);
		expect(tooMany.read).toBe(11);
		expect(tooMany.state.lastOrderId).toBe(tooMany.emit[9].orderId);
	});
});

describe('open orders', () => {
	it('emits a booking once it closes, never before', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const run: Run = {
			state: initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) }),
			emitted: [],
			skipped: [],
		};
		const booking = sim.factory.booking(clock.now, { storeId: 1 });
		record(run, poll(sim, run.state, clock.now, settings()));
		expect(ids(run)).toEqual([]);
		expect(run.state.watching[String(booking.orderid)]).toMatchObject({
			firstSeenAt: new Date(T0).toISOString(),
			reason: expect.stringContaining('booking'),
		});
		expect(run.state.lastOrderId).toBe(booking.orderid);

		clock.now += 2 * HOUR;
		record(run, poll(sim, run.state, clock.now, settings()));
		expect(ids(run)).toEqual([]);

		sim.factory.close(booking.orderid, clock.now);
		const sale = sim.factory.sale(clock.now, { storeId: 1 });
		record(run, poll(sim, run.state, clock.now, settings()));
		expect(run.emitted.map((e) => [e.orderId, e.via])).toEqual([
			[booking.orderid, 'watched'],
			[sale.orderid, 'new'],
		]);
		expect(run.state.watching).toEqual({});
		record(run, poll(sim, run.state, clock.now, settings()));
		expect(ids(run)).toHaveLength(2);
	});

	it('emits the sale a parked order becomes, and not the parked order itself', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const run: Run = {
			state: initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) }),
			emitted: [],
			skipped: [],
		};
		const parked = sim.factory.parked(clock.now, { storeId: 2 });
		record(run, poll(sim, run.state, clock.now, settings()));
		expect(Object.keys(run.state.watching)).toEqual([String(parked.orderid)]);
		const [, completion] = sim.factory.close(parked.orderid, clock.now + MINUTE);
		record(run, poll(sim, run.state, clock.now + MINUTE, settings()));
		expect(ids(run)).toEqual([completion.orderid]);
		expect(run.emitted[0].order.ids.sourceOrderId).toBe(parked.orderid);
		expect(run.skipped).toEqual([]);
		expect(run.state.watching).toEqual({});
	});

	it('reports a cancelled booking and gives up on one left open past the expiry', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const options = settings({ watchExpiryHours: 48 });
		const run: Run = {
			state: initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) }),
			emitted: [],
			skipped: [],
		};
		const cancelled = sim.factory.booking(clock.now, { storeId: 1 });
		const forgotten = sim.factory.parked(clock.now, { storeId: 1 });
		record(run, poll(sim, run.state, clock.now, options));
		sim.factory.cancel(cancelled.orderid, clock.now + HOUR);
		record(run, poll(sim, run.state, clock.now + HOUR, options));
		expect(run.skipped).toEqual([
			expect.objectContaining({ orderId: cancelled.orderid, code: 'cancelled' }),
		]);

		record(run, poll(sim, run.state, clock.now + 47 * HOUR, options));
		expect(Object.keys(run.state.watching)).toEqual([String(forgotten.orderid)]);
		record(run, poll(sim, run.state, clock.now + 49 * HOUR, options));
		expect(run.skipped[1]).toMatchObject({
			orderId: forgotten.orderid,
			code: 'expired',
			reason: expect.stringContaining('parked at the till'),
		});
		expect(run.state.watching).toEqual({});
		// If it closes later anyway, it is not emitted twice or late: the sync has let it go.
		sim.factory.close(forgotten.orderid, clock.now + 50 * HOUR);
		record(run, poll(sim, run.state, clock.now + 50 * HOUR, options));
		expect(run.emitted.map((e) => e.order.ids.sourceOrderId)).toEqual([forgotten.orderid]);
	});
});

describe('refunds wait for their sale', () => {
	it('holds a refund while its sale is still settling its payment, then emits sale then refund', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const run: Run = {
			state: initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) }),
			emitted: [],
			skipped: [],
		};
		const sale = sim.factory.sale(clock.now, { storeId: 1 });
		const refund = sim.factory.refund(clock.now + MINUTE, { originalOrderId: sale.orderid });
		// A card payment still pending when first read (docs/reference/sitoo-api.md §2.2 paymentstateid 10).
		sale.paymentstateid = 10;
		record(run, poll(sim, run.state, clock.now + MINUTE, settings()));
		expect(ids(run)).toEqual([]);
		expect(run.state.watching[String(refund.orderid)]).toMatchObject({
			waitingForOrderId: sale.orderid,
		});
		// Still pending: both stay.
		record(run, poll(sim, run.state, clock.now + 2 * MINUTE, settings()));
		expect(ids(run)).toEqual([]);
		sale.paymentstateid = 20;
		record(run, poll(sim, run.state, clock.now + 3 * MINUTE, settings()));
		expect(ids(run)).toEqual([sale.orderid, refund.orderid]);
		expect(run.emitted[1].order.ids.originalOrderId).toBe(sale.orderid);
		expect(run.state.watching).toEqual({});
	});

	it('releases a held refund when its sale is cancelled instead of paid, and emits refunds of older sales at once', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 40 });
		const run: Run = {
			state: initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) }),
			emitted: [],
			skipped: [],
		};
		const older = sim.factory.refund(clock.now);
		const sale = sim.factory.sale(clock.now, { storeId: 1 });
		const refund = sim.factory.refund(clock.now, { originalOrderId: sale.orderid });
		sale.paymentstateid = 10;
		record(run, poll(sim, run.state, clock.now, settings()));
		expect(ids(run)).toEqual([older.orderid]);
		sale.paymentstateid = 40;
		record(run, poll(sim, run.state, clock.now + MINUTE, settings()));
		expect(ids(run)).toEqual([older.orderid, refund.orderid]);
		expect(run.skipped).toEqual([
			expect.objectContaining({ orderId: sale.orderid, code: 'notPaid' }),
		]);
	});
});

describe('start from', () => {
	it('now: reads nothing older than the latest order at activation', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		expect(startLookup(undefined, { mode: 'now' })).toEqual({ lookup: 'latestOrderId' });
		const state = initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) });
		const first = poll(sim, state, clock.now, settings());
		expect(first.emit).toEqual([]);
		const sale = sim.factory.sale(clock.now, { storeId: 1 });
		expect(poll(sim, first.state, clock.now, settings()).emit.map((e) => e.orderId)).toEqual([
			sale.orderid,
		]);
		// The saved state fits the setting: no new lookup on the next poll or after a restart.
		expect(startLookup(JSON.parse(JSON.stringify(first.state)), { mode: 'now' })).toBeUndefined();
	});

	it('a given order id: that order is the first one read; changing the setting starts over', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 30 });
		const start = { mode: 'orderId' as const, orderId: 10020 };
		expect(startLookup(undefined, start)).toEqual({ lookup: 'none', lastOrderId: 10019 });
		const step = poll(sim, initialState(start), clock.now, settings());
		expect(step.processed).toBe(latestOrderId(sim) - 10019);
		expect(Math.min(...step.emit.map((e) => e.orderId))).toBeGreaterThanOrEqual(10020);
		expect(startLookup(step.state, start)).toBeUndefined();
		expect(startLookup(step.state, { mode: 'orderId', orderId: 10005 })).toEqual({
			lookup: 'none',
			lastOrderId: 10004,
		});
		expect(startLookup(step.state, { mode: 'now' })).toEqual({ lookup: 'latestOrderId' });
	});

	it('a date: everything rung up on or after it, plus offline receipts that arrive later with older dates', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const before = sim.factory.sale(clock.now, { storeId: 1 });
		clock.now += HOUR;
		const date = new Date(clock.now).toISOString();
		const onTheDate = sim.factory.sale(clock.now, { storeId: 1 });
		const lateOffline = sim.factory.offline(clock.now + MINUTE, {
			storeId: 1,
			offlineSeconds: 3 * 3600,
		});
		const after = sim.factory.sale(clock.now + 2 * MINUTE, { storeId: 1 });
		const start = { mode: 'date' as const, date };
		const lookup = startLookup(undefined, start);
		expect(lookup).toEqual({
			lookup: 'firstOrderOnOrAfter',
			orderDateFrom: Math.floor(clock.now / 1000),
		});
		const found = firstOrderOnOrAfter(sim, Math.floor(clock.now / 1000));
		expect(found).toBe(onTheDate.orderid);
		const step = poll(
			sim,
			initialState(start, { foundOrderId: found }),
			clock.now + 3 * MINUTE,
			settings(),
		);
		expect(step.emit.map((e) => e.orderId)).toEqual([
			onTheDate.orderid,
			lateOffline.orderid,
			after.orderid,
		]);
		expect(step.emit.map((e) => e.orderId)).not.toContain(before.orderid);
		expect(Date.parse(step.emit[1].order.tillTime)).toBeLessThan(Date.parse(date));
		// No order on or after the date yet: start at the latest order, so only new ones come.
		expect(initialState(start, { latestOrderId: 10500 }).lastOrderId).toBe(10500);
	});
});

describe('filters and bad orders', () => {
	it('keeps only the chosen events, sites, stores and channel', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 60 });
		const state = initialState({ mode: 'orderId', orderId: FIRST_ORDER_ID });
		const all = poll(sim, state, clock.now, settings({ maxOrdersPerPoll: 1000 }));
		const refundsOnly = poll(
			sim,
			state,
			clock.now,
			settings({ maxOrdersPerPoll: 1000, sales: false }),
		);
		expect(refundsOnly.emit.length).toBeGreaterThan(0);
		expect(refundsOnly.emit.every((e) => e.order.parts.refund !== undefined)).toBe(true);
		expect(refundsOnly.emit.length).toBe(all.emit.filter((e) => e.order.parts.refund).length);
		const warehouse = all.emit[0].order.store.warehouseId!;
		const oneStore = poll(
			sim,
			state,
			clock.now,
			settings({ maxOrdersPerPoll: 1000, warehouseIds: [warehouse] }),
		);
		expect(oneStore.emit.length).toBeGreaterThan(0);
		expect(oneStore.emit.every((e) => e.order.store.warehouseId === warehouse)).toBe(true);
		const site = all.emit[0].order.ids.siteId!;
		const oneSite = poll(
			sim,
			state,
			clock.now,
			settings({ maxOrdersPerPoll: 1000, siteIds: [site] }),
		);
		expect(oneSite.emit.every((e) => e.order.ids.siteId === site)).toBe(true);
		expect(oneSite.emit.length + oneSite.filteredOut).toBeGreaterThan(oneSite.emit.length);
		// A webshop order (no register) is left out with "store tills only".
		const webshop = poll(
			sim,
			state,
			clock.now,
			settings({ maxOrdersPerPoll: 1000, channel: 'pos' }),
			(rows) => rows.map((row, i) => (i === 0 ? { ...row, registerid: null } : row)),
		);
		expect(webshop.emit.map((e) => e.orderId)).not.toContain(all.emit[0].orderId);
		expect(webshop.emit).toHaveLength(all.emit.length - 1);
	});

	it('reports orders it cannot read with the field and reason, and goes on with the rest', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const state = initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) });
		const sales = [0, 1, 2, 3].map(() => sim.factory.sale(clock.now, { storeId: 1 }));
		const step = poll(sim, state, clock.now, settings(), (rows) => [
			{ ...rows[0], currencycode: 'kronor' },
			rows[1],
			{ ...rows[2], orderdate: clock.now },
			{ ...rows[3], orderitems: 'none' },
		]);
		expect(step.emit.map((e) => e.orderId)).toEqual([sales[1].orderid]);
		expect(step.skipped.map((s) => [s.orderId, s.code, s.field])).toEqual([
			[sales[0].orderid, 'unreadable', 'currencycode'],
			[sales[2].orderid, 'unreadable', 'orderdate'],
			[sales[3].orderid, 'unreadable', 'orderitems'],
		]);
		expect(step.skipped[0].reason).toContain('kronor');
		expect(step.skipped[1].reason).toMatch(/milliseconds/);
		expect(step.state.lastOrderId).toBe(sales[3].orderid);
	});

	it('picks the newest completed order for a test fetch, honouring the filters', async () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 40 });
		const sale = sim.factory.sale(clock.now, { storeId: 1 });
		const refund = sim.factory.refund(clock.now, { originalOrderId: sale.orderid });
		sim.factory.booking(clock.now, { storeId: 1 });
		const newestFirst = newOrders(sim, 10000, 1000).reverse();
		const normalize = async (raw: unknown) => normalizeOrder(raw, { accountId: ACCOUNT });
		expect((await pickTestEvent(newestFirst, settings(), normalize))?.orderId).toBe(refund.orderid);
		expect(
			(await pickTestEvent(newestFirst, settings({ refunds: false }), normalize))?.order.parts.sale,
		).toBeDefined();
		expect(await pickTestEvent([], settings(), normalize)).toBeUndefined();
	});

	it('refuses settings it cannot run with, naming the setting', () => {
		const bad = (overrides: Parameters<typeof settings>[0]) => () =>
			checkSettings(settings(overrides));
		expect(bad({ sales: false, refunds: false })).toThrow(SyncSettingsError);
		expect(bad({ maxOrdersPerPoll: 0 })).toThrow(/Max orders per poll is 0/);
		expect(bad({ watchExpiryHours: -1 })).toThrow(/watch expiry/);
		expect(bad({ start: { mode: 'date', date: 'yesterday-ish' } })).toThrow(
			/"yesterday-ish" is not a date/,
		);
		expect(bad({ start: { mode: 'orderId', orderId: 0 } })).toThrow(/start order id is 0/);
		expect(parseIdList(' 1, 2;3 ', 'Site IDs')).toEqual([1, 2, 3]);
		expect(() => parseIdList('1, two', 'Site IDs')).toThrow(/"two" in Site IDs is not an id/);
	});

	it('reads site and store ids picked from a list, and the comma-separated text saved before', () => {
		expect(parseIdList([3, 4], 'Site Names or IDs')).toEqual([3, 4]);
		expect(parseIdList(['11', 12], 'Store Names or IDs')).toEqual([11, 12]);
		// The editor shows an old text as one chip; picking more adds numbers next to it.
		expect(parseIdList(['1, 2', 2, 5], 'Site Names or IDs')).toEqual([1, 2, 5]);
		expect(parseIdList('11, 12', 'Store Names or IDs')).toEqual([11, 12]);
		expect(parseIdList(undefined, 'Site Names or IDs')).toEqual([]);
		expect(parseIdList([], 'Site Names or IDs')).toEqual([]);
		expect(parseIdList('', 'Site Names or IDs')).toEqual([]);
		expect(() => parseIdList([0], 'Store Names or IDs')).toThrow(
			/"0" in Store Names or IDs is not an id/,
		);
	});
});

describe('one normalization per order read', () => {
	it('emits the very order it decided on, with what only the look-ups know', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const state = initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) });
		const sale = sim.factory.sale(clock.now, { storeId: 1 });
		const refund = sim.factory.refund(clock.now, { originalOrderId: sale.orderid });
		const rows = newOrders(sim, state.lastOrderId, 10);
		// As the trigger's normalizer maps them: the refund's position among its sale's refunds.
		const orders = rows.map((raw) => ({
			raw,
			result: normalizeOrder(raw, { accountId: ACCOUNT, now: clock.now, refundSequence: 1 }),
		}));
		const step = syncStep({ state, now: clock.now, settings: settings(), watched: [], orders });
		expect(step.emit.map((e) => e.orderId)).toEqual([sale.orderid, refund.orderid]);
		step.emit.forEach((e, i) =>
			expect(e.order).toBe((orders[i].result as { order: unknown }).order),
		);
		expect(step.emit[1].order.ids.refundSequence).toBe(1);
	});

	it('lists for normalizing only the orders the step decides on, and refuses an order left unmapped', () => {
		const clock = { now: T0 };
		const sim = simulator(clock, { historyOrders: 5 });
		const state = initialState({ mode: 'now' }, { latestOrderId: latestOrderId(sim) });
		const sales = [1, 2, 1, 1].map((storeId) => sim.factory.sale(clock.now, { storeId }));
		const rows = newOrders(sim, state.lastOrderId, 10);
		const warehouse = rows[0].warehouseid as number;
		const options = settings({ maxOrdersPerPoll: 3, warehouseIds: [warehouse] });
		const behindCursor = { ...rows[0], orderid: state.lastOrderId };
		const wanted = ordersToNormalize({
			state,
			settings: options,
			watched: [rows[3]],
			orders: [behindCursor, ...rows],
		});
		// Not the one behind the cursor, not the other store's, not the one past the cap, not an unwatched re-read.
		expect(wanted).toEqual(rows.slice(0, 3).filter((row) => row.warehouseid === warehouse));
		expect(wanted).toHaveLength(2);
		expect((wanted as Array<{ orderid: number }>).map((row) => row.orderid)).toEqual([
			sales[0].orderid,
			sales[2].orderid,
		]);
		expect(() =>
			syncStep({
				state,
				now: clock.now,
				settings: options,
				watched: [],
				orders: rows.map((raw) => ({ raw })),
			}),
		).toThrow(/not normalized/);
	});
});

describe('guest sales and e-mailed receipts', () => {
	it('hands a guest sale on again, once, when a receipt is e-mailed within the watch time', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		const options = settings({ guestWatchMinutes: 30 });
		let state = initialState({ mode: 'orderId', orderId: latestOrderId(sim) + 1 });
		const guest = sim.factory.sale(clock.now, { storeId: 1, customer: 'guest' });
		const member = sim.factory.sale(clock.now, { storeId: 1, customer: 'member' });
		clock.now += MINUTE;
		let step = poll(sim, state, clock.now, options);
		expect(step.emit.map((e) => [e.orderId, e.via])).toEqual([
			[guest.orderid, 'new'],
			[member.orderid, 'new'],
		]);
		state = step.state;
		expect(Object.keys(state.guests ?? {})).toEqual([String(guest.orderid)]);

		// Nothing new: nothing again.
		clock.now += MINUTE;
		step = poll(sim, state, clock.now, options);
		expect(step.emit).toEqual([]);
		state = step.state;

		sim.world.emailReceipt(sim.world.order(guest.orderid)!, 'Late.Receipt@Example.com', clock.now);
		clock.now += MINUTE;
		step = poll(sim, state, clock.now, options);
		expect(step.emit.map((e) => [e.orderId, e.via, e.order.customer.email])).toEqual([
			[guest.orderid, 'emailed', 'Late.Receipt@Example.com'],
		]);
		state = step.state;
		expect(state.guests).toBeUndefined();
		clock.now += MINUTE;
		expect(poll(sim, state, clock.now, options).emit).toEqual([]);
	});

	it('stops looking after the watch time, and not at all when it is 0', () => {
		const clock = { now: T0 };
		const sim = simulator(clock);
		let state = initialState({ mode: 'orderId', orderId: latestOrderId(sim) + 1 });
		const guest = sim.factory.sale(clock.now, { storeId: 2, customer: 'guest' });
		clock.now += MINUTE;
		let step = poll(sim, state, clock.now, settings({ guestWatchMinutes: 30 }));
		state = step.state;
		clock.now += 31 * MINUTE;
		step = poll(sim, state, clock.now, settings({ guestWatchMinutes: 30 }));
		expect(step.state.guests).toBeUndefined();
		sim.world.emailReceipt(sim.world.order(guest.orderid)!, 'too.late@example.com', clock.now);
		expect(
			poll(sim, step.state, clock.now + MINUTE, settings({ guestWatchMinutes: 30 })).emit,
		).toEqual([]);

		const off = initialState({ mode: 'orderId', orderId: latestOrderId(sim) + 1 });
		sim.factory.sale(clock.now, { storeId: 2, customer: 'guest' });
		expect(
			poll(sim, off, clock.now + MINUTE, settings({ guestWatchMinutes: 0 })).state.guests,
		).toBeUndefined();
	});
});
