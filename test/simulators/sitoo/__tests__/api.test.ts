import { API_ID, start, type Started } from './helpers';

let t: Started;
beforeAll(async () => {
	t = await start({ historyOrders: 120 });
});
afterAll(() => t.close());

describe('authentication', () => {
	it('answers 401 with the error body when the Authorization header is missing', async () => {
		const res = await t.get('/sites.json', { auth: null });
		expect(res.status).toBe(401);
		expect(res.body).toEqual({
			statuscode: 401,
			errortext: expect.stringContaining('Authorization failed'),
		});
		expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
	});

	it('answers 401 for a wrong password and for a non-Basic scheme', async () => {
		const wrong = `Basic ${Buffer.from(`${API_ID}:nope`).toString('base64')}`;
		expect((await t.get('/orders.json', { auth: wrong })).status).toBe(401);
		expect((await t.get('/orders.json', { auth: 'Bearer abc' })).status).toBe(401);
	});

	it('answers 404 for an account the credentials do not belong to', async () => {
		const res = await t.get(`${t.server.url}/v2/accounts/9999/sites.json`);
		expect(res.status).toBe(404);
		expect(res.body.statuscode).toBe(404);
	});
});

describe('sites and settings', () => {
	it('lists one site per country in the {totalcount, items} envelope', async () => {
		const res = await t.get('/sites.json');
		expect(res.status).toBe(200);
		expect(res.body.totalcount).toBe(3);
		expect(res.body.items.map((s: { eshopid: number }) => s.eshopid)).toEqual([1, 2, 3]);
		expect(res.body.items[0]).toEqual(
			expect.objectContaining({
				siteurl: expect.stringMatching(/^https:\/\//),
				protocol: 'https',
				abspath: '/',
			}),
		);
	});

	it('serves settings with currency and timezone per site, and 404 for an unknown site', async () => {
		const se = await t.get('/sites/1/settings.json');
		expect(se.body).toEqual(
			expect.objectContaining({
				currencycode: 'SEK',
				timezone: 'Europe/Stockholm',
				pricesstoredwithvat: true,
			}),
		);
		expect((await t.get('/sites/2/settings.json')).body.currencycode).toBe('NOK');
		expect((await t.get('/sites/3/settings.json')).body.currencycode).toBe('EUR');
		const missing = await t.get('/sites/77/settings.json');
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({
			statuscode: 404,
			errortext: expect.stringContaining('not found'),
		});
	});
});

describe('GET /orders.json', () => {
	it('defaults to 10 items, newest first, with the total count', async () => {
		const res = await t.get('/orders.json');
		expect(res.status).toBe(200);
		expect(res.body.totalcount).toBe(t.sim.world.state.orders.length);
		const ids = res.body.items.map((o: { orderid: number }) => o.orderid);
		expect(ids).toHaveLength(10);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		expect(ids[0]).toBe(Math.max(...t.sim.world.state.orders.map((o) => o.orderid)));
	});

	it('returns the default field list: no creditorderid or phone unless asked for', async () => {
		const res = await t.get('/orders.json?num=1');
		const order = res.body.items[0];
		expect(order).toHaveProperty('moneytotal_gross_all');
		expect(order).toHaveProperty('orderitems');
		expect(order).toHaveProperty('additionaldata');
		expect(order).not.toHaveProperty('creditorderid');
		expect(order).not.toHaveProperty('phone');
		const trimmed = await t.get('/orders.json?num=3&fields=orderid,creditorderid,phone');
		for (const item of trimmed.body.items)
			expect(Object.keys(item).sort()).toEqual(['creditorderid', 'orderid', 'phone']);
	});

	it('pages with start/num over the same ordering, with a stable totalcount', async () => {
		const all = await t.get('/orders.json?num=1000&sort=orderid&fields=orderid');
		const ids = all.body.items.map((o: { orderid: number }) => o.orderid);
		expect(ids).toHaveLength(all.body.totalcount);
		const collected: number[] = [];
		for (let start = 0; start < ids.length; start += 25) {
			const page = await t.get(`/orders.json?start=${start}&num=25&sort=orderid&fields=orderid`);
			expect(page.body.totalcount).toBe(ids.length);
			collected.push(...page.body.items.map((o: { orderid: number }) => o.orderid));
		}
		expect(collected).toEqual(ids);
		const beyond = await t.get(`/orders.json?start=${ids.length + 5}`);
		expect(beyond.body).toEqual({ totalcount: ids.length, items: [] });
	});

	it('sorts ascending with sort=orderid and rejects other sort values with 400', async () => {
		const asc = await t.get('/orders.json?sort=orderid&num=5&fields=orderid');
		expect(asc.body.items.map((o: { orderid: number }) => o.orderid)).toEqual([
			10001, 10002, 10003, 10004, 10005,
		]);
		const bad = await t.get('/orders.json?sort=orderdate');
		expect(bad.status).toBe(400);
		expect(bad.body.statuscode).toBe(400);
	});

	it('rejects a non-numeric num with 400 and clamps a huge num to the page maximum', async () => {
		expect((await t.get('/orders.json?num=abc')).status).toBe(400);
		const small = await start({ historyOrders: 30, maxPageSize: 7 });
		try {
			const res = await small.get('/orders.json?num=1000');
			expect(res.body.items).toHaveLength(7);
			expect(res.body.totalcount).toBeGreaterThanOrEqual(30);
		} finally {
			await small.close();
		}
	});

	it('filters orderidfrom (>=) and orderidto (<)', async () => {
		const res = await t.get(
			'/orders.json?orderidfrom=10010&orderidto=10020&num=100&fields=orderid',
		);
		expect(
			res.body.items
				.map((o: { orderid: number }) => o.orderid)
				.sort((a: number, b: number) => a - b),
		).toEqual(Array.from({ length: 10 }, (_, i) => 10010 + i));
		expect(res.body.totalcount).toBe(10);
	});

	it('filters orderdatefrom/orderdateto on the till time, not on arrival', async () => {
		const orders = t.sim.world.state.orders;
		const dates = orders.map((o) => o.orderdate).sort((a, b) => a - b);
		const from = dates[20];
		const to = dates[60];
		const res = await t.get(
			`/orders.json?orderdatefrom=${from}&orderdateto=${to}&num=1000&fields=orderid,orderdate`,
		);
		const expected = orders
			.filter((o) => o.orderdate >= from && o.orderdate < to)
			.map((o) => o.orderid);
		expect(res.body.totalcount).toBe(expected.length);
		for (const item of res.body.items) {
			expect(item.orderdate).toBeGreaterThanOrEqual(from);
			expect(item.orderdate).toBeLessThan(to);
		}
	});

	it('filters orderstate and ordertype as comma lists', async () => {
		const parked = await t.admin('POST', '/orders', { kind: 'parked' });
		const booking = await t.admin('POST', '/orders', { kind: 'booking' });
		const open = await t.get(
			'/orders.json?orderstate=0&num=1000&fields=orderid,orderstateid,ordertypeid',
		);
		const openIds = open.body.items.map((o: { orderid: number }) => o.orderid);
		expect(openIds).toEqual(
			expect.arrayContaining([parked.body.order.orderid, booking.body.order.orderid]),
		);
		for (const o of open.body.items) {
			expect(o.orderstateid).toBe(0);
			expect([100, 110]).toContain(o.ordertypeid);
		}
		const types = await t.get('/orders.json?ordertype=100,110&num=1000&fields=ordertypeid');
		expect(new Set(types.body.items.map((o: { ordertypeid: number }) => o.ordertypeid))).toEqual(
			new Set([100, 110]),
		);
	});

	it('lists the refunds of a sale with creditorderid, overriding orderid', async () => {
		const refund = t.sim.world.state.orders.find((o) => o.creditorderid !== null);
		expect(refund).toBeDefined();
		const original = refund!.creditorderid!;
		const res = await t.get(
			`/orders.json?creditorderid=${original}&orderid=1&num=100&fields=orderid,creditorderid,moneytotal_gross_all`,
		);
		expect(res.body.totalcount).toBeGreaterThan(0);
		for (const item of res.body.items) expect(item.creditorderid).toBe(original);
		expect(res.body.items.map((o: { orderid: number }) => o.orderid)).toContain(refund!.orderid);
	});

	it('filters by email, case-insensitively and exactly', async () => {
		const member = t.sim.world.state.orders.find(
			(o) => /@example\.(com|net|org)$/.test(o.email) && !o.email.startsWith(' '),
		);
		const email = member!.email;
		const res = await t.get(
			`/orders.json?email=${encodeURIComponent(email.toUpperCase())}&num=100&fields=email`,
		);
		expect(res.body.totalcount).toBe(
			t.sim.world.state.orders.filter((o) => o.email.toLowerCase() === email.toLowerCase()).length,
		);
		for (const item of res.body.items) expect(item.email.toLowerCase()).toBe(email.toLowerCase());
		expect(
			(await t.get(`/orders.json?email=${encodeURIComponent(email.slice(1))}`)).body.totalcount,
		).toBe(0);
	});

	it('filters eshopid on the account path; the site path keeps to its site', async () => {
		const account = await t.get('/orders.json?eshopid=2&num=1000&fields=eshopid,currencycode');
		expect(account.body.totalcount).toBeGreaterThan(0);
		for (const o of account.body.items) expect(o).toEqual({ eshopid: 2, currencycode: 'NOK' });
		const site = await t.get('/sites/3/orders.json?num=1000&fields=eshopid,currencycode');
		for (const o of site.body.items) expect(o).toEqual({ eshopid: 3, currencycode: 'EUR' });
		expect(site.body.totalcount).toBe(
			t.sim.world.state.orders.filter((o) => o.eshopid === 3).length,
		);
	});
});

describe('single order', () => {
	it('returns the bare order with every field, reachable through its own site only', async () => {
		const order = t.sim.world.state.orders.find((o) => o.eshopid === 1)!;
		const res = await t.get(`/sites/1/orders/${order.orderid}.json`);
		expect(res.status).toBe(200);
		expect(res.body).toEqual(order);
		expect(res.body).toHaveProperty('creditorderid');
		expect(res.body).toHaveProperty('orderlogitems');
		expect((await t.get(`/sites/2/orders/${order.orderid}.json`)).status).toBe(404);
		const logs = await t.get(`/sites/1/orders/${order.orderid}/orderlogitems.json`);
		expect(logs.body.totalcount).toBe(order.orderlogitems.length);
	});

	it('answers 404 with the error body for an unknown order, an unknown site and a bad id', async () => {
		for (const path of [
			'/sites/1/orders/99999999.json',
			'/sites/42/orders/10001.json',
			'/sites/1/orders/abc.json',
			'/nothing.json',
		]) {
			const res = await t.get(path);
			expect(res.status).toBe(404);
			expect(res.body).toEqual({ statuscode: 404, errortext: expect.any(String) });
		}
	});

	it('answers 405 for writes, which the simulator does not take', async () => {
		const res = await fetch(`${t.base}/sites/1/orders.json`, {
			method: 'POST',
			headers: { authorization: `Basic x` },
			body: '{}',
		});
		expect(res.status).toBe(405);
	});
});

describe('users', () => {
	it('lists users with the default fields on every site, with exact filters', async () => {
		const all = await t.get('/sites/1/users.json?num=1000');
		expect(all.body.totalcount).toBe(t.sim.world.state.users.length);
		expect(Object.keys(all.body.items[0]).sort()).toEqual([
			'company',
			'datecreated',
			'datemodified',
			'email',
			'namefirst',
			'namelast',
			'userid',
		]);
		expect((await t.get('/sites/2/users.json?num=1000')).body.totalcount).toBe(all.body.totalcount);
		const customer = t.sim.world.state.users.find((u) => u.role === null && u.mobile !== '')!;
		for (const filter of [
			`email=${encodeURIComponent(customer.email)}`,
			`customernumber=${customer.customernumber}`,
			`mobile=${encodeURIComponent(customer.mobile)}`,
			`userid=${encodeURIComponent(customer.userid)}`,
		]) {
			const res = await t.get(`/sites/1/users.json?${filter}`);
			expect(res.body.totalcount).toBe(1);
			expect(res.body.items[0].userid).toBe(customer.userid);
		}
		expect(
			(await t.get(`/sites/1/users.json?email=${encodeURIComponent(customer.email.slice(0, 5))}`))
				.body.totalcount,
		).toBe(0);
	});

	it('returns one user by its braced GUID, and 404 for an unknown one', async () => {
		const customer = t.sim.world.state.users.find((u) => u.role === null)!;
		const res = await t.get(`/sites/1/users/${encodeURIComponent(customer.userid)}.json`);
		expect(res.status).toBe(200);
		expect(res.body).toEqual(customer);
		expect(res.body.userid).toMatch(/^\{[0-9A-F-]{36}\}$/);
		expect(
			(await t.get('/sites/1/users/%7B00000000-0000-0000-0000-000000000000%7D.json')).status,
		).toBe(404);
	});
});

describe('stores, warehouses and catalogue', () => {
	it('links every warehouse to a store and every store to a site', async () => {
		const stores = (await t.get('/sites/1/stores.json?num=100')).body;
		const warehouses = (await t.get('/sites/1/warehouses.json?num=100')).body;
		expect(stores.totalcount).toBe(4);
		expect(warehouses.totalcount).toBe(4);
		for (const w of warehouses.items) {
			const store = stores.items.find((s: { storeid: number }) => s.storeid === w.storeid);
			expect(store).toBeDefined();
			const settings = (await t.get(`/sites/${store.eshopid}/settings.json`)).body;
			expect(w.currencycode).toBe(settings.currencycode);
		}
		const one = await t.get(`/sites/1/warehouses/${warehouses.items[0].warehouseid}.json`);
		expect(one.body).toEqual(warehouses.items[0]);
		expect((await t.get('/sites/1/stores/999.json')).status).toBe(404);
	});

	it('serves per-site products that point at categories and manufacturers of that site', async () => {
		const products = (await t.get('/sites/2/products.json?num=1000')).body;
		const categories = (await t.get('/sites/2/categories.json?num=100')).body.items;
		const brands = (await t.get('/sites/2/manufacturers.json?num=100')).body.items;
		expect(products.totalcount).toBeGreaterThan(10);
		for (const p of products.items) {
			expect(p.active).toBe(true);
			expect(p.moneyprice).toMatch(/^\d+\.\d{2}$/);
			expect(categories.map((c: { categoryid: number }) => c.categoryid)).toContain(
				p.defaultcategoryid,
			);
			expect(brands.map((m: { externalcompanyid: number }) => m.externalcompanyid)).toContain(
				p.manufacturerid,
			);
		}
		const withInactive = (await t.get('/sites/2/products.json?num=1000&includeinactive=true')).body;
		expect(withInactive.totalcount).toBeGreaterThan(products.totalcount);
		expect((await t.get('/sites/2/products.json?includeinactive=1')).status).toBe(400);
		const sku = products.items[0].sku;
		const bySku = (await t.get(`/sites/2/products.json?sku=${encodeURIComponent(sku)}`)).body;
		expect(bySku.items.map((p: { sku: string }) => p.sku)).toEqual([sku]);
		const single = await t.get(`/sites/2/products/${products.items[0].productid}.json`);
		expect(single.body).toEqual(products.items[0]);
		expect((await t.get(`/sites/1/products/${products.items[0].productid}.json`)).status).toBe(404);
		expect(
			(await t.get(`/sites/2/manufacturers/${brands[0].externalcompanyid}.json`)).body,
		).toEqual(brands[0]);
		expect((await t.get(`/sites/2/categories/${categories[0].categoryid}.json`)).body).toEqual(
			categories[0],
		);
	});
});
