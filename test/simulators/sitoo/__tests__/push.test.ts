/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { receiver, start, type Started } from './helpers';

const FAST = { initialDelayMs: 20, maxDelayMs: 80, maxAttempts: 5, timeoutMs: 2000 };
const basic = (user: string, pass: string) =>
	`Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

let t: Started;
beforeAll(async () => {
	t = await start({ historyOrders: 40, events: { retry: FAST } });
});
afterAll(() => t.close());
afterEach(() => t.admin('DELETE', '/events-spi/subscription'));

describe('Events SPI deliveries', () => {
	it('posts batches of at most 10 events to {url}/events with Basic auth, retrying a batch until 200', async () => {
		const hook = await receiver((_req, index) => ({ status: index === 0 ? 503 : 200 }));
		try {
			const orderIds = t.sim.world.state.orders.slice(0, 23).map((o) => o.orderid);
			const res = await t.admin('POST', '/events-spi/deliveries', {
				url: `${hook.url}/webhook/abc`,
				username: 'sitoo-events',
				password: 's3cret',
				orderIds,
			});
			expect(res.status).toBe(200);
			const expectedEvents = t.sim.eventsFor(orderIds);
			expect(res.body.delivered).toHaveLength(expectedEvents.length);
			expect(res.body.dropped).toEqual([]);
			// The first POST failed and was sent again, identical.
			expect(hook.requests[0].body).toEqual(hook.requests[1].body);
			expect(res.body.attempts[0]).toEqual(
				expect.objectContaining({ status: 503, outcome: 'retry', attempt: 1 }),
			);
			expect(res.body.attempts[1]).toEqual(
				expect.objectContaining({ status: 200, outcome: 'delivered', attempt: 2 }),
			);
			const delivered = hook.requests.slice(1);
			expect(delivered.map((r) => r.body.length)).toEqual([10, 10, expectedEvents.length - 20]);
			for (const request of hook.requests) {
				expect(request.method).toBe('POST');
				expect(request.url).toBe('/webhook/abc/events');
				expect(request.headers.authorization).toBe(basic('sitoo-events', 's3cret'));
				expect(request.headers['content-type']).toBe('application/json');
			}
			const sent = delivered.flatMap((r) => r.body);
			// Chronological, and shaped as the reference's Event object.
			expect(sent.map((e: { event_date: number }) => e.event_date)).toEqual(
				[...sent.map((e: { event_date: number }) => e.event_date)].sort((a, b) => a - b),
			);
			for (const event of sent) {
				expect(Object.keys(event).sort()).toEqual([
					'account_id',
					'data',
					'event_date',
					'event_id',
					'event_type',
				]);
				expect(event.account_id).toBe(1500);
				expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
				expect(['order', 'booking']).toContain(event.event_type);
				expect(orderIds).toContain(event.data.order_id);
				expect(event.data).toEqual(
					expect.objectContaining({
						eshop_id: expect.any(Number),
						order_event_type: expect.stringMatching(/^(add|update)$/),
					}),
				);
			}
		} finally {
			await hook.close();
		}
	});

	it('backs off between retries and drops a batch after maxAttempts', async () => {
		const hook = await receiver(() => ({ status: 503 }));
		try {
			const orderId = t.sim.world.state.orders[0].orderid;
			const started = Date.now();
			const res = await t.admin('POST', '/events-spi/deliveries', {
				url: hook.url,
				orderIds: [orderId],
				retry: { maxAttempts: 4 },
			});
			expect(hook.requests).toHaveLength(4);
			expect(res.body.dropped).toHaveLength(1);
			expect(res.body.attempts.map((a: { outcome: string }) => a.outcome)).toEqual([
				'retry',
				'retry',
				'retry',
				'dropped',
			]);
			// 20 + 40 + 80 ms of backoff at least.
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
			expect(hook.requests[0].headers.authorization).toBeUndefined();
		} finally {
			await hook.close();
		}
	});

	it('drops on 4xx (and on 500 under the newer semantics) but retries 500 under the older ones', async () => {
		const orderId = t.sim.world.state.orders[1].orderid;
		for (const [status, semantics, requests] of [
			[400, 's7b', 1],
			[500, 's7b', 1],
			[500, 's7a', 3],
			[429, 's7a', 3],
		] as const) {
			const hook = await receiver((_r, i) => ({ status: i < 2 ? status : 200 }));
			try {
				const res = await t.admin('POST', '/events-spi/deliveries', {
					url: hook.url,
					orderIds: [orderId],
					semantics,
				});
				expect(hook.requests).toHaveLength(requests);
				expect(res.body.delivered.length > 0).toBe(requests === 3);
			} finally {
				await hook.close();
			}
		}
	});

	it('treats a timeout as a failure and sends the batch again (a duplicate for the receiver)', async () => {
		const hook = await receiver((_r, i) => ({ status: 200, delayMs: i === 0 ? 300 : 0 }));
		try {
			const orderId = t.sim.world.state.orders[2].orderid;
			const res = await t.admin('POST', '/events-spi/deliveries', {
				url: hook.url,
				orderIds: [orderId],
				retry: { timeoutMs: 100 },
			});
			expect(res.body.attempts[0]).toEqual(
				expect.objectContaining({
					status: null,
					outcome: 'retry',
					error: expect.stringMatching(/Timeout|abort/i),
				}),
			);
			expect(res.body.delivered).toHaveLength(t.sim.eventsFor([orderId]).length);
			expect(hook.requests).toHaveLength(2);
			expect(hook.requests[1].body).toEqual(hook.requests[0].body);
		} finally {
			await hook.close();
		}
	});

	it('re-sends delivered batches when duplicates are switched on', async () => {
		const hook = await receiver(() => ({ status: 200 }));
		try {
			const res = await t.admin('POST', '/events-spi/deliveries', {
				url: hook.url,
				orderIds: [t.sim.world.state.orders[3].orderid],
				duplicateRate: 1,
			});
			expect(hook.requests).toHaveLength(2);
			expect(hook.requests[1].body).toEqual(hook.requests[0].body);
			expect(res.body.attempts[1].duplicate).toBe(true);
		} finally {
			await hook.close();
		}
	});

	it('refuses a delivery request without url, with a batch size over 10 or unknown orders', async () => {
		expect((await t.admin('POST', '/events-spi/deliveries', {})).status).toBe(400);
		expect(
			(
				await t.admin('POST', '/events-spi/deliveries', {
					url: 'http://127.0.0.1:9',
					batchSize: 11,
				})
			).status,
		).toBe(400);
		expect(
			(
				await t.admin('POST', '/events-spi/deliveries', {
					url: 'http://127.0.0.1:9',
					orderIds: [1],
				})
			).status,
		).toBe(404);
	});
});

describe('Events SPI subscription', () => {
	it('pushes every new order automatically, in order, holding the queue while a batch is retried', async () => {
		let failing = true;
		const hook = await receiver(() => ({ status: failing ? 503 : 200 }));
		try {
			const sub = await t.admin('PUT', '/events-spi/subscription', {
				url: hook.url,
				username: 'u',
				password: 'p',
				retry: { maxAttempts: 50 },
			});
			expect(sub.status).toBe(200);
			const sale = (await t.admin('POST', '/orders', { kind: 'sale' })).body.order;
			const parked = (await t.admin('POST', '/orders', { kind: 'parked' })).body.order;
			while (hook.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
			failing = false;
			const closed = (await t.admin('POST', `/orders/${parked.orderid}/close`)).body;
			const streamed = t.sim.stream.tick();
			await t.sim.currentSubscription!.whenIdle();
			// Retries repeat event ids; first appearances give the order Sitoo meant.
			const sent = hook.requests.flatMap((r) => r.body);
			const uniqueIds = [...new Set(sent.map((e: { event_id: string }) => e.event_id))];
			const events = uniqueIds.map((id) =>
				sent.find((e: { event_id: string }) => e.event_id === id),
			);
			expect(hook.requests[0].body).toEqual(hook.requests[1].body);
			const orderIds = events.map((e: { data: { order_id: number } }) => e.data.order_id);
			expect(orderIds.slice(0, 2)).toEqual([sale.orderid, parked.orderid]);
			expect(orderIds).toEqual(
				expect.arrayContaining([closed.related[0].orderid, ...streamed.map((o) => o.orderid)]),
			);
			expect(
				events.find(
					(e: { data: { order_id: number; order_event_type: string } }) =>
						e.data.order_id === parked.orderid && e.data.order_event_type === 'update',
				),
			).toEqual(
				expect.objectContaining({
					data: expect.objectContaining({ order_state_changed: 'closed' }),
				}),
			);
			for (const r of hook.requests) {
				expect(r.body.length).toBeLessThanOrEqual(10);
				expect(r.headers.authorization).toBe(basic('u', 'p'));
			}
			const state = (await t.admin('GET', '/events-spi/subscription')).body;
			expect(state.pending).toBe(0);
			expect(state.stats.delivered).toBe(state.stats.queued);
			expect(state.log.some((a: { outcome: string }) => a.outcome === 'retry')).toBe(true);
		} finally {
			await hook.close();
		}
	});

	it('stops pushing once the subscription is deleted', async () => {
		const hook = await receiver(() => ({ status: 200 }));
		try {
			await t.admin('PUT', '/events-spi/subscription', { url: hook.url });
			await t.admin('DELETE', '/events-spi/subscription');
			expect((await t.admin('GET', '/events-spi/subscription')).status).toBe(404);
			await t.admin('POST', '/orders', { kind: 'sale' });
			await new Promise((r) => setTimeout(r, 50));
			expect(hook.requests).toHaveLength(0);
		} finally {
			await hook.close();
		}
	});
});

describe('CRM SPI v2 calls', () => {
	it('searches a customer with key_type/key, Basic auth and URL-encoded trace headers', async () => {
		const customer = {
			customer_id: 'c-1',
			email: 'anna@example.com',
			accepts_communication: ['email'],
			consents: [],
		};
		const hook = await receiver(() => ({ status: 200, body: [customer] }));
		try {
			const res = await t.admin('POST', '/crm/calls', {
				baseUrl: `${hook.url}/webhook/crm/`,
				username: 'sitoo-crm',
				password: 'pw',
				call: 'search',
				keyType: 'email',
				key: 'anna@example.com',
				storeId: 'Södermalm 1',
				staffId: '1043',
				registerId: '5F0C2B9E-3A61',
			});
			expect(res.status).toBe(200);
			expect(res.body.status).toBe(200);
			expect(res.body.body).toEqual([customer]);
			const [req] = hook.requests;
			expect(req.method).toBe('GET');
			expect(req.url).toBe('/webhook/crm/customers?key_type=email&key=anna%40example.com');
			expect(req.headers.authorization).toBe(basic('sitoo-crm', 'pw'));
			expect(req.headers['store-id']).toBe('S%C3%B6dermalm%201');
			expect(req.headers['staff-id']).toBe('1043');
			expect(req.headers['register-id']).toBe('5F0C2B9E-3A61');
		} finally {
			await hook.close();
		}
	});

	it('adds a customer from a Sitoo user with consent fields, without a customer_id, and reports the answer', async () => {
		const hook = await receiver((req) => ({
			status: 200,
			body: { customer_id: 'new-1', ...req.body },
		}));
		try {
			const user = t.sim.world.state.users.find((u) => u.role === null)!;
			const store = t.sim.world.state.stores[0];
			const res = await t.admin('POST', '/crm/calls', {
				baseUrl: hook.url,
				username: 'a',
				password: 'b',
				call: 'add',
				userId: user.userid,
				storeId: store.storeid,
				customer: {
					customer_id: 'ignored',
					accepts_communication: ['email', 'sms'],
					consents: ['consent_personal_offers'],
					store_id_home: store.externalid,
				},
			});
			const [req] = hook.requests;
			expect(req.method).toBe('POST');
			expect(req.url).toBe('/customers');
			expect(req.headers['content-type']).toBe('application/json');
			expect(req.headers['store-id']).toBe(store.externalid);
			expect(req.body).toEqual({
				member_number: user.customernumber,
				email: user.email,
				name_first: user.namefirst,
				name_last: user.namelast,
				mobile: user.mobile,
				invoice_address: {
					address: user.address,
					city: user.city,
					zip: user.zip,
					country_id: user.countryid.toUpperCase(),
				},
				accepts_communication: ['email', 'sms'],
				consents: ['consent_personal_offers'],
				store_id_home: store.externalid,
			});
			expect(res.body.body.customer_id).toBe('new-1');
		} finally {
			await hook.close();
		}
	});

	it('updates with only the fields given (an explicit empty accepts_communication is an opt-out) and gets by id', async () => {
		const hook = await receiver((req) => ({
			status: req.method === 'GET' ? 404 : 200,
			body: req.method === 'GET' ? { error: 'not found' } : req.body,
		}));
		try {
			await t.admin('POST', '/crm/calls', {
				baseUrl: hook.url,
				call: 'update',
				customerId: 'a b/1',
				customer: { accepts_communication: [] },
			});
			expect(hook.requests[0].method).toBe('PUT');
			expect(hook.requests[0].url).toBe('/customers/a%20b%2F1');
			expect(hook.requests[0].body).toEqual({ accepts_communication: [] });
			const got = await t.admin('POST', '/crm/calls', {
				baseUrl: hook.url,
				call: 'get',
				customerId: 'x',
			});
			expect(got.body.status).toBe(404);
			expect(hook.requests[1].url).toBe('/customers/x');
		} finally {
			await hook.close();
		}
	});

	it('refuses channels the POS never sends, and reports an unreachable CRM', async () => {
		const bad = await t.admin('POST', '/crm/calls', {
			baseUrl: 'http://127.0.0.1:9',
			call: 'add',
			customer: { accepts_communication: ['push'] },
		});
		expect(bad.status).toBe(400);
		const down = await t.admin('POST', '/crm/calls', {
			baseUrl: 'http://127.0.0.1:9',
			call: 'search',
			key: 'x',
		});
		expect(down.status).toBe(200);
		expect(down.body.status).toBeNull();
		expect(down.body.error).toBeTruthy();
	});
});
