import { IDS_PER_REQUEST, sitooOrderIfFound, sitooOrdersById } from '../../../nodes/core/sitoo';
import { apiErrorFromResponse } from '../../../nodes/core/transport/errors';
import type { HttpRequest, HttpResponse, SendRequest } from '../../../nodes/core/transport/http';

const ACCOUNT = { baseUrl: 'https://api.example/v2', accountId: '1500' };

/** Answers `orderid=` lists from `orders` like Sitoo (envelope, start/num); unknown sites are 404. */
function fakeSitoo(orders: Array<{ orderid: number; eshopid: number }>, sites: number[]) {
	const requests: URL[] = [];
	const send: SendRequest = async (request: HttpRequest): Promise<HttpResponse> => {
		const url = new URL(request.url);
		requests.push(url);
		const path = url.pathname.replace('/v2/accounts/1500', '');
		const site = /^\/sites\/(\d+)\/orders\.json$/.exec(path);
		if (site && !sites.includes(Number(site[1]))) {
			throw apiErrorFromResponse(
				'Sitoo',
				{ status: 404, headers: {}, body: { statuscode: 404, errortext: 'site not found' } },
				{ request: { method: 'GET', url: request.url } },
			);
		}
		const ids = (url.searchParams.get('orderid') ?? '').split(',').map(Number);
		const rows = orders
			.filter((o) => ids.includes(o.orderid) && (!site || o.eshopid === Number(site[1])))
			.sort((a, b) => a.orderid - b.orderid);
		const start = Number(url.searchParams.get('start') ?? 0);
		const num = Number(url.searchParams.get('num') ?? 10);
		return {
			status: 200,
			headers: {},
			body: { totalcount: rows.length, items: rows.slice(start, start + num) },
		};
	};
	return { send, requests };
}

describe('sitooOrdersById: the orderid= list read of both triggers', () => {
	const orders = Array.from({ length: 250 }, (_, i) => ({
		orderid: 1001 + i,
		eshopid: i % 2 === 0 ? 1 : 2,
	}));

	it('reads every id once, at most IDS_PER_REQUEST per request, across the account', async () => {
		const sitoo = fakeSitoo(orders, [1, 2]);
		const ids = [...orders.map((o) => o.orderid), 1001, 9999];
		const found = await sitooOrdersById(sitoo.send, ACCOUNT, ids);
		expect(found.map((o) => o.orderid)).toEqual(orders.map((o) => o.orderid));
		expect(sitoo.requests).toHaveLength(3);
		expect(sitoo.requests.every((url) => url.pathname.endsWith('/accounts/1500/orders.json'))).toBe(
			true,
		);
		expect(
			sitoo.requests.every(
				(url) => url.searchParams.get('orderid')!.split(',').length <= IDS_PER_REQUEST,
			),
		).toBe(true);
		expect(sitoo.requests[0].searchParams.get('fields')).toContain('orderstateid');
	});

	it('asks only the given site; a 404 of the list is a failure, never "no such orders"', async () => {
		const sitoo = fakeSitoo(orders, [1]);
		const found = await sitooOrdersById(sitoo.send, ACCOUNT, [1001, 1002, 1003], 1);
		expect(found.map((o) => o.orderid)).toEqual([1001, 1003]);
		expect(sitoo.requests[0].pathname).toBe('/v2/accounts/1500/sites/1/orders.json');
		// A wrong base URL or a proxy answers 404 too: the caller must not take it as an answer.
		await expect(sitooOrdersById(sitoo.send, ACCOUNT, [1002], 2)).rejects.toMatchObject({
			status: 404,
		});
	});

	it('proves an order missing only by its own 404, and lets every other failure through', async () => {
		const answer =
			(status: number, body: unknown): SendRequest =>
			async (request) => {
				if (status === 200) return { status, headers: {}, body };
				throw apiErrorFromResponse(
					'Sitoo',
					{ status, headers: {}, body },
					{ request: { method: 'GET', url: request.url } },
				);
			};
		const seen: string[] = [];
		const watching: SendRequest = async (request) => {
			seen.push(new URL(request.url).pathname);
			return answer(200, { orderid: 1002, eshopid: 1 })(request);
		};
		await expect(sitooOrderIfFound(watching, ACCOUNT, 1, 1002)).resolves.toEqual({
			orderid: 1002,
			eshopid: 1,
		});
		expect(seen).toEqual(['/v2/accounts/1500/sites/1/orders/1002.json']);
		await expect(
			sitooOrderIfFound(
				answer(404, { statuscode: 404, errortext: 'Order not found' }),
				ACCOUNT,
				1,
				1002,
			),
		).resolves.toBeUndefined();
		await expect(sitooOrderIfFound(answer(503, ''), ACCOUNT, 1, 1002)).rejects.toMatchObject({
			status: 503,
		});
	});

	it('lets other failures through, and a 404 of the account-wide list too', async () => {
		const sitoo = fakeSitoo(orders, []);
		const failing: SendRequest = async () => {
			throw new Error('connection reset');
		};
		await expect(sitooOrdersById(failing, ACCOUNT, [1001], 1)).rejects.toThrow('connection reset');
		const notFound: SendRequest = (request) =>
			sitoo.send({ ...request, url: request.url.replace('/orders.json', '/sites/7/orders.json') });
		await expect(sitooOrdersById(notFound, ACCOUNT, [1001])).rejects.toMatchObject({ status: 404 });
		expect(await sitooOrdersById(sitoo.send, ACCOUNT, [])).toEqual([]);
	});
});
