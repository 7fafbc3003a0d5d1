/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import type { Order } from '../types';
import { NOW, start, type Started } from './helpers';

let t: Started;
beforeAll(async () => {
	t = await start({ historyOrders: 60 });
});
afterAll(() => t.close());
afterEach(async () => {
	await t.admin('DELETE', '/faults');
	await t.admin('PUT', '/rate-limit', { perSecond: null });
	await t.admin('POST', '/stream/stop');
});

describe('fault mode', () => {
	it('answers injected 5xx on API paths with the Sitoo error body, never on /__admin', async () => {
		await t.admin('PUT', '/faults', { serverErrorRate: 1, serverErrorStatus: 503 });
		const res = await t.get('/orders.json');
		expect(res.status).toBe(503);
		expect(res.body).toEqual({ statuscode: 503, errortext: expect.any(String) });
		const world = await t.admin('GET', '/world');
		expect(world.status).toBe(200);
		expect((await t.admin('GET', '/orders')).status).toBe(200);
	});

	it('answers a burst of 429 with Retry-After, then recovers', async () => {
		await t.admin('PUT', '/faults', { throttleNext: 2, throttleRetryAfterSeconds: 3 });
		const first = await t.get('/sites.json');
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('3');
		expect(first.body.statuscode).toBe(429);
		expect((await t.get('/sites.json')).status).toBe(429);
		expect((await t.get('/sites.json')).status).toBe(200);
		const counters = (await t.admin('GET', '/counters')).body;
		expect(counters.injected.throttled).toBeGreaterThanOrEqual(2);
	});

	it('drops connections on API paths only', async () => {
		await t.admin('PUT', '/faults', { dropConnectionRate: 1 });
		await expect(fetch(`${t.base}/sites.json`)).rejects.toThrow();
		expect((await t.admin('GET', '/faults')).body.dropConnectionRate).toBe(1);
	});

	it('adds latency to API calls but not to admin calls', async () => {
		await t.admin('PUT', '/faults', { latencyMs: 150 });
		const a = Date.now();
		await t.admin('GET', '/world');
		const adminMs = Date.now() - a;
		const b = Date.now();
		expect((await t.get('/sites.json')).status).toBe(200);
		expect(Date.now() - b).toBeGreaterThanOrEqual(140);
		expect(adminMs).toBeLessThan(140);
	});

	it('rejects unknown fault settings', async () => {
		expect((await t.admin('PUT', '/faults', { serverErrorRat: 1 })).status).toBe(400);
	});

	it('enforces a configured rate limit with 429', async () => {
		await t.admin('PUT', '/rate-limit', { perSecond: 3 });
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await t.get('/sites.json')).status);
		// A second boundary may fall inside the loop; at least one request must have been refused.
		expect(statuses).toContain(429);
		expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
	});
});

describe('read-back', () => {
	it('lists orders with their kind and arrival time, filtered by kind', async () => {
		const all = (await t.admin('GET', '/orders')).body;
		expect(all.count).toBe(t.sim.world.state.orders.length);
		expect(all.items[0]).toEqual(
			expect.objectContaining({
				kind: expect.any(String),
				arrivedAt: expect.any(Number),
				order: expect.objectContaining({ orderid: 10001 }),
			}),
		);
		const refunds = (await t.admin('GET', '/orders?kind=refund')).body;
		expect(
			refunds.items.every(
				(i: { kind: string; order: { creditorderid: number } }) =>
					i.kind === 'refund' && i.order.creditorderid > 0,
			),
		).toBe(true);
		const one = (await t.admin('GET', '/orders/10001')).body;
		expect(one.order.orderid).toBe(10001);
		expect((await t.admin('GET', '/orders/1')).status).toBe(404);
	});

	it('lists users and stores with their warehouse, site, settings and registers', async () => {
		const users = (await t.admin('GET', '/users')).body;
		expect(users.count).toBe(t.sim.world.state.users.length);
		expect(users.items.some((u: { role: string | null }) => u.role === 'staff')).toBe(true);
		const stores = (await t.admin('GET', '/stores')).body;
		expect(stores.count).toBe(4);
		for (const item of stores.items) {
			expect(item.warehouse.storeid).toBe(item.store.storeid);
			expect(item.site.eshopid).toBe(item.store.eshopid);
			expect(item.settings.currencycode).toBe(item.warehouse.currencycode);
			expect(item.registers.length).toBeGreaterThan(0);
		}
	});
});

describe('history in bulk', () => {
	it('makes completed member sales spread over a time range, oldest first, in the given stores', async () => {
		const from = NOW - 10 * 86_400_000;
		const to = NOW - 86_400_000;
		const made = await t.admin('POST', '/orders/history', {
			count: 50,
			from: new Date(from).toISOString(),
			to,
			storeIds: [1, 4],
		});
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ count: 50, from, to });
		const orders = (await t.admin('GET', `/orders?sinceOrderId=${made.body.firstOrderId - 1}`)).body
			.items as Array<{ kind: string; order: Order }>;
		expect(orders).toHaveLength(50);
		expect(orders.at(-1)!.order.orderid).toBe(made.body.lastOrderId);
		const times = orders.map((o) => o.order.orderdate);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(times[0]).toBe(Math.floor(from / 1000));
		expect(times.at(-1)!).toBeLessThan(to / 1000);
		for (const { kind, order } of orders) {
			expect({
				kind,
				state: order.orderstateid,
				paid: order.paymentstateid,
				store: [1, 4].includes(Number(order.warehouseid) - 10),
			}).toEqual({ kind: 'sale', state: 10, paid: 20, store: true });
			expect(order.email).toMatch(/@/);
		}
		await t.admin('POST', '/reset');
	});

	it('refuses a count, range or store it cannot honour', async () => {
		expect(
			(await t.admin('POST', '/orders/history', { count: 0, from: NOW - 1000, to: NOW })).status,
		).toBe(400);
		expect(
			(await t.admin('POST', '/orders/history', { count: 5, from: NOW, to: NOW - 1000 })).status,
		).toBe(400);
		expect(
			(await t.admin('POST', '/orders/history', { count: 5, from: NOW - 1000, to: NOW + 1000 }))
				.status,
		).toBe(400);
		expect(
			(
				await t.admin('POST', '/orders/history', {
					count: 5,
					from: NOW - 1000,
					to: NOW,
					storeIds: [99],
				})
			).status,
		).toBe(400);
	});
});

describe('reset and stream', () => {
	it('restores the seeded state after orders were added', async () => {
		const before = await t.get('/orders.json?num=1000&sort=orderid');
		await t.admin('POST', '/orders', { kind: 'sale' });
		await t.admin('POST', '/stream/tick');
		expect((await t.get('/orders.json?num=1')).body.totalcount).toBeGreaterThan(
			before.body.totalcount,
		);
		expect((await t.admin('POST', '/reset')).status).toBe(200);
		const after = await t.get('/orders.json?num=1000&sort=orderid');
		expect(after.body).toEqual(before.body);
		// Ids continue from the seeded history again.
		const next = (await t.admin('POST', '/orders', { kind: 'sale' })).body.order;
		expect(next.orderid).toBe(
			Math.max(...before.body.items.map((o: { orderid: number }) => o.orderid)) + 1,
		);
		await t.admin('POST', '/reset');
	});

	it('runs a live stream that adds orders at the given rate until stopped', async () => {
		const count = () => t.sim.world.state.orders.length;
		const initial = count();
		const started = await t.admin('POST', '/stream/start', { intervalMs: 20 });
		expect(started.body).toEqual(expect.objectContaining({ running: true, intervalMs: 20 }));
		while (count() < initial + 5) await new Promise((r) => setTimeout(r, 10));
		const stopped = (await t.admin('POST', '/stream/stop')).body;
		expect(stopped.running).toBe(false);
		expect(stopped.generated).toBeGreaterThanOrEqual(5);
		const afterStop = count();
		await new Promise((r) => setTimeout(r, 80));
		expect(count()).toBe(afterStop);
		const newest = (await t.get('/orders.json?num=1&fields=orderid')).body.items[0].orderid;
		expect(newest).toBe(t.sim.world.state.nextOrderId - 1);
		expect((await t.admin('POST', '/stream/start', { intervalMs: 1 })).status).toBe(400);
		await t.admin('POST', '/reset');
	});
});
