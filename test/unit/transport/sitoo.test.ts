import { ApiError } from '../../../nodes/core/transport/errors';
import type { HttpRequest, HttpResponse } from '../../../nodes/core/transport/http';
import {
	sitooOrderPages,
	sitooOrders,
	sitooPages,
	sitooRequest,
	type SitooAccount,
} from '../../../nodes/core/transport/sitoo';
import { json } from './fakes';

const account: SitooAccount = { baseUrl: 'https://api-sandbox.mysitoo.com/v2/', accountId: 90316 };

interface FakeOrder {
	orderid: number;
	eshopid: number;
	orderstateid: number;
	email: string;
}

/**
 * A stand-in for `GET /orders.json` and `GET /sites/{id}/orders.json` with the semantics of
 * docs/reference/sitoo-api.md §2.1/§5: filters, `sort`, `start`/`num` (capped at `maxNum`) and `totalcount`.
 */
function fakeSitoo(orders: FakeOrder[], maxNum = 1000) {
	const requests: HttpRequest[] = [];
	const send = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		const url = new URL(request.url);
		const match = /^\/v2\/accounts\/90316(?:\/sites\/(\d+))?\/orders\.json$/.exec(url.pathname);
		if (!match)
			return json(404, { statuscode: 404, errortext: 'Resource not found. The url is invalid' });
		const q = url.searchParams;
		const int = (name: string) => (q.has(name) ? Number(q.get(name)) : undefined);
		const list = (name: string) => q.get(name)?.split(',').map(Number);
		const site = match[1] !== undefined ? [Number(match[1])] : list('eshopid');
		const states = list('orderstate');
		const from = int('orderidfrom');
		const to = int('orderidto');
		const sort = q.get('sort') ?? '-orderid';
		const matching = orders
			.filter(
				(o) => (!site || site.includes(o.eshopid)) && (!states || states.includes(o.orderstateid)),
			)
			.filter(
				(o) => (from === undefined || o.orderid >= from) && (to === undefined || o.orderid < to),
			)
			.sort((a, b) => (sort === 'orderid' ? a.orderid - b.orderid : b.orderid - a.orderid));
		const start = int('start') ?? 0;
		const num = Math.min(int('num') ?? 10, maxNum);
		const fields = q.get('fields')?.split(',');
		const items = matching
			.slice(start, start + num)
			.map((o) =>
				fields ? Object.fromEntries(fields.map((f) => [f, o[f as keyof FakeOrder]])) : o,
			);
		return json(200, { totalcount: matching.length, items });
	};
	return {
		send,
		requests,
		query: (i: number) => Object.fromEntries(new URL(requests[i]!.url).searchParams),
	};
}

/** Order ids with gaps, two sites, some open orders. */
function ordersFrom(first: number, count: number): FakeOrder[] {
	return Array.from({ length: count }, (_, i) => ({
		orderid: first + i * 3,
		eshopid: i % 5 === 4 ? 2 : 1,
		orderstateid: i % 4 === 3 ? 0 : 10,
		email: `customer${i}@example.com`,
	}));
}

describe('sitooOrderPages: the orderid walk', () => {
	it('walks 3 pages by orderidfrom = last orderid + 1 and stops without an extra request', async () => {
		const orders = ordersFrom(10001, 25); // 10001, 10004, …, 10073
		const sitoo = fakeSitoo(orders);
		const pages = [];
		for await (const page of sitooOrderPages(sitoo.send, {
			account,
			fromOrderId: 10001,
			pageSize: 10,
		}))
			pages.push(page);

		expect(pages.map((p) => p.orders.map((o) => o.orderid))).toEqual([
			orders.slice(0, 10).map((o) => o.orderid),
			orders.slice(10, 20).map((o) => o.orderid),
			orders.slice(20).map((o) => o.orderid),
		]);
		expect(pages.map((p) => [p.fromOrderId, p.nextOrderId, p.remaining])).toEqual([
			[10001, 10029, 15],
			[10029, 10059, 5],
			[10059, 10074, 0],
		]);
		expect(sitoo.requests.map((r) => r.url)).toEqual([
			'https://api-sandbox.mysitoo.com/v2/accounts/90316/orders.json?orderidfrom=10001&sort=orderid&start=0&num=10',
			'https://api-sandbox.mysitoo.com/v2/accounts/90316/orders.json?orderidfrom=10029&sort=orderid&start=0&num=10',
			'https://api-sandbox.mysitoo.com/v2/accounts/90316/orders.json?orderidfrom=10059&sort=orderid&start=0&num=10',
		]);
		expect(sitoo.requests.every((r) => r.method === 'GET')).toBe(true);
	});

	it('stops after a full last page when totalcount says nothing is left', async () => {
		const sitoo = fakeSitoo(ordersFrom(500, 30));
		const ids = [];
		for await (const order of sitooOrders(sitoo.send, { account, fromOrderId: 0, pageSize: 10 }))
			ids.push(order.orderid);
		expect(ids).toHaveLength(30);
		expect(sitoo.requests).toHaveLength(3);
	});

	it('makes no second request when nothing is new', async () => {
		const sitoo = fakeSitoo(ordersFrom(10001, 5));
		const ids = [];
		for await (const order of sitooOrders(sitoo.send, { account, fromOrderId: 20000 }))
			ids.push(order);
		expect(ids).toEqual([]);
		expect(sitoo.requests).toHaveLength(1);
	});

	it('gets everything even when Sitoo serves fewer than num per page', async () => {
		const orders = ordersFrom(1, 23);
		const sitoo = fakeSitoo(orders, 7);
		const ids = [];
		for await (const order of sitooOrders(sitoo.send, { account, fromOrderId: 1, pageSize: 10 }))
			ids.push(order.orderid);
		expect(ids).toEqual(orders.map((o) => o.orderid));
		expect(sitoo.requests).toHaveLength(4);
	});

	it('reads one page at a time', async () => {
		const sitoo = fakeSitoo(ordersFrom(1, 50));
		const walk = sitooOrders(sitoo.send, { account, fromOrderId: 1, pageSize: 10 });
		for (let i = 0; i < 10; i++) await walk.next();
		expect(sitoo.requests).toHaveLength(1);
		await walk.next();
		expect(sitoo.requests).toHaveLength(2);
		await walk.return(undefined);
		expect(sitoo.requests).toHaveLength(2);
	});

	it('passes the site, extra filters, fields (with orderid) and the upper bound', async () => {
		const orders = ordersFrom(100, 40);
		const sitoo = fakeSitoo(orders);
		const walk = {
			account,
			fromOrderId: 100,
			toOrderId: 190,
			siteId: 1,
			filters: { orderstate: [10, 20] },
			fields: ['email'],
			pageSize: 5,
		};
		const seen = [];
		for await (const order of sitooOrders<{ orderid: number; email: string }>(sitoo.send, walk))
			seen.push(order);
		const expected = orders.filter(
			(o) => o.eshopid === 1 && o.orderstateid !== 0 && o.orderid < 190,
		);
		expect(seen).toEqual(expected.map((o) => ({ orderid: o.orderid, email: o.email })));
		expect(sitoo.query(0)).toEqual({
			orderstate: '10,20',
			eshopid: '1',
			orderidfrom: '100',
			orderidto: '190',
			sort: 'orderid',
			start: '0',
			num: '5',
			fields: 'orderid,email',
		});
	});

	it('can use the deprecated site path instead of eshopid', async () => {
		const orders = ordersFrom(100, 12);
		const sitoo = fakeSitoo(orders);
		const seen = [];
		for await (const order of sitooOrders(sitoo.send, {
			account,
			fromOrderId: 100,
			siteId: 2,
			sitePath: true,
			pageSize: 2,
		}))
			seen.push(order.orderid);
		expect(seen).toEqual(orders.filter((o) => o.eshopid === 2).map((o) => o.orderid));
		expect(new URL(sitoo.requests[0]!.url).pathname).toBe('/v2/accounts/90316/sites/2/orders.json');
		expect(sitoo.query(0).eshopid).toBeUndefined();
	});

	it('stops at the page cap and says where to go on', async () => {
		const sitoo = fakeSitoo(ordersFrom(1, 30));
		const pages = [];
		for await (const page of sitooOrderPages(sitoo.send, {
			account,
			fromOrderId: 1,
			pageSize: 10,
			maxPages: 2,
		}))
			pages.push(page);
		expect(pages).toHaveLength(2);
		expect(pages[1]!.nextOrderId).toBe(pages[1]!.orders[9]!.orderid + 1);
		expect(pages[1]!.remaining).toBe(10);
	});

	it('refuses a server that ignores sort=orderid rather than loop', async () => {
		const sitoo = fakeSitoo(ordersFrom(1, 30));
		const ignoringSort = (request: HttpRequest) =>
			sitoo.send({ ...request, url: request.url.replace('sort=orderid', 'sort=-orderid') });
		await expect(sitooOrders(ignoringSort, { account, fromOrderId: 1 }).next()).rejects.toThrow(
			/out of order/,
		);
	});

	it("throws Sitoo's own error", async () => {
		const sitoo = fakeSitoo([]);
		const wrongAccount = { ...account, accountId: 1 };
		const error = await sitooOrders(sitoo.send, { account: wrongAccount, fromOrderId: 1 })
			.next()
			.then(
				() => undefined,
				(e: unknown) => e,
			);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).message).toBe(
			'Sitoo rejected the request: Resource not found. The url is invalid (HTTP 404, GET /v2/accounts/1/orders.json)',
		);
		expect((error as ApiError).hint).toContain('account id');
	});
});

describe('sitooPages: start/num over any list', () => {
	it('pages by start until totalcount, whatever page size the server keeps to', async () => {
		const sites = Array.from({ length: 7 }, (_, i) => ({ eshopid: i + 1 }));
		const requests: string[] = [];
		const send = async (request: HttpRequest) => {
			requests.push(request.url);
			const q = new URL(request.url).searchParams;
			const start = Number(q.get('start'));
			const num = Math.min(Number(q.get('num')), 3);
			return json(200, { totalcount: sites.length, items: sites.slice(start, start + num) });
		};
		const seen = [];
		for await (const page of sitooPages<{ eshopid: number }>(send, account, '/sites.json', {
			pageSize: 5,
		}))
			seen.push(...page.items);
		expect(seen).toEqual(sites);
		expect(requests.map((u) => new URL(u).search)).toEqual([
			'?start=0&num=5',
			'?start=3&num=5',
			'?start=6&num=5',
		]);
	});

	it('builds {base}/accounts/{accountid}{path} with an encoded query', () => {
		expect(
			sitooRequest(account, '/orders.json', { email: 'a+b@example.com', orderstate: [0, 10] }),
		).toEqual({
			method: 'GET',
			url: 'https://api-sandbox.mysitoo.com/v2/accounts/90316/orders.json?email=a%2Bb%40example.com&orderstate=0%2C10',
			headers: { accept: 'application/json' },
		});
	});

	it('clamps the page size to 1000 and rejects nonsense', async () => {
		const requests: string[] = [];
		const send = async (request: HttpRequest) => {
			requests.push(request.url);
			return json(200, { totalcount: 0, items: [] });
		};
		for await (const page of sitooPages(send, account, '/sites.json', { pageSize: 5000 }))
			void page;
		expect(requests[0]).toContain('num=1000');
		await expect(sitooPages(send, account, '/sites.json', { pageSize: 0 }).next()).rejects.toThrow(
			RangeError,
		);
	});

	it('refuses an answer without the list envelope', async () => {
		const send = async () => json(200, '<html>maintenance</html>');
		await expect(sitooPages(send, account, '/sites.json').next()).rejects.toThrow(
			/totalcount, items/,
		);
	});
});
