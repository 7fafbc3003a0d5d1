import {
	orderNamesItsStore,
	ProductCache,
	ProductLookup,
	refundSequence,
	SitooOrderNormalizer,
	sitooSingle,
	storesByWarehouse,
} from '../../../nodes/core/sitoo';
import { apiErrorFromResponse } from '../../../nodes/core/transport/errors';
import type { HttpRequest, HttpResponse, SendRequest } from '../../../nodes/core/transport/http';
import { REFUND_9_2, SALE_9_1 } from '../order/examples';
import { copy } from '../order/helpers';

const ACCOUNT = { baseUrl: 'https://api.example/v2', accountId: '1500' };

/**
 * A tiny Sitoo: answers by path and query like the real list endpoints (envelope, start/num,
 * creditorderid, orderidfrom + sort=orderid), throws the transport's ApiError on 404 as the
 * retrying client does, and records every request.
 */
function fakeSitoo(world: {
	orders?: Array<Record<string, unknown>>;
	warehouses?: unknown[];
	stores?: unknown[];
	currency?: string;
	products?: Array<Record<string, unknown>>;
	categories?: unknown[];
	manufacturers?: unknown[];
}) {
	const requests: URL[] = [];
	const send: SendRequest = async (request: HttpRequest): Promise<HttpResponse> => {
		const url = new URL(request.url);
		requests.push(url);
		const path = url.pathname.replace('/v2/accounts/1500', '');
		const q = url.searchParams;
		const page = (items: unknown[]) => {
			const start = Number(q.get('start') ?? 0);
			const num = Number(q.get('num') ?? 10);
			return {
				status: 200,
				headers: {},
				body: { totalcount: items.length, items: items.slice(start, start + num) },
			};
		};
		if (path === '/orders.json') {
			const credit = q.get('creditorderid');
			const from = Number(q.get('orderidfrom') ?? 0);
			const rows = (world.orders ?? [])
				.filter(
					(o) =>
						(credit === null || o.creditorderid === Number(credit)) &&
						(o.orderid as number) >= from,
				)
				.sort((a, b) => (a.orderid as number) - (b.orderid as number))
				.map((o) => ({ orderid: o.orderid }));
			return page(rows);
		}
		if (/^\/sites\/\d+\/warehouses\.json$/.test(path)) return page(world.warehouses ?? []);
		if (/^\/sites\/\d+\/stores\.json$/.test(path)) return page(world.stores ?? []);
		if (/^\/sites\/\d+\/settings\.json$/.test(path))
			return { status: 200, headers: {}, body: { currencycode: world.currency } };
		if (/^\/sites\/\d+\/categories\.json$/.test(path)) return page(world.categories ?? []);
		if (/^\/sites\/\d+\/manufacturers\.json$/.test(path)) return page(world.manufacturers ?? []);
		const product = /^\/sites\/\d+\/products\/(\d+)\.json$/.exec(path);
		const found = product
			? world.products?.find((p) => p.productid === Number(product[1]))
			: undefined;
		if (found) return { status: 200, headers: {}, body: found };
		throw apiErrorFromResponse(
			'Sitoo',
			{
				status: 404,
				headers: {},
				body: {
					statuscode: 404,
					errortext: 'Resource not found. The url is invalid: order 9 not found',
				},
			},
			{ request: { method: 'GET', url: request.url } },
		);
	};
	return { send, requests };
}

function refundOf(sale: typeof SALE_9_1, orderid: number) {
	return {
		...copy(REFUND_9_2),
		orderid,
		creditorderid: sale.orderid,
		additionaldata: {
			...copy(REFUND_9_2.additionaldata),
			'pos-originalsales-orderid': String(sale.orderid),
		},
	};
}

describe("refundSequence: a refund's place among the refunds of its sale (§3)", () => {
	it('counts by orderid, whatever order the list came in, duplicates from paging ignored', () => {
		expect(refundSequence(20517, [20600, 20517, 20530])).toBe(1);
		expect(refundSequence(20530, [20600, 20517, 20530, 20530])).toBe(2);
		expect(refundSequence(20600, [20600, 20517, 20530])).toBe(3);
	});

	it('is unknown for a refund that is not in the list rather than a guess', () => {
		expect(refundSequence(20599, [20517, 20600])).toBeUndefined();
		expect(refundSequence(20517, [])).toBeUndefined();
	});
});

describe('storesByWarehouse: warehouseid → storeid → store (§7)', () => {
	it('keys stores by warehouse, upper-cases the country and skips what does not link', () => {
		const stores = storesByWarehouse(
			[
				{ warehouseid: 11, storeid: 1 },
				{ warehouseid: 12, storeid: 9 },
				{ warehouseid: 13, storeid: null },
				{ warehouseid: 14, storeid: 2 },
			],
			[
				{ storeid: 1, name: 'Stockholm Drottninggatan', externalid: 'STO-01', countryid: 'se' },
				{ storeid: 2, name: '  ', externalid: '', countryid: 'Norway' },
			],
		);
		expect(stores).toEqual({
			'11': { id: 1, name: 'Stockholm Drottninggatan', externalId: 'STO-01', country: 'SE' },
			'14': { id: 2 },
		});
	});

	it('tells whether an order names its store itself', () => {
		expect(orderNamesItsStore(SALE_9_1)).toBe(true);
		expect(orderNamesItsStore({ ...SALE_9_1, additionaldata: { 'store-name': ' ' } })).toBe(false);
		expect(orderNamesItsStore({ orderid: 1 })).toBe(false);
	});
});

describe('SitooOrderNormalizer: what the action node outputs as a normalized order', () => {
	it('adds categories and brand to lines when asked, looking each product, category list and brand list up once', async () => {
		const sale = copy(SALE_9_1);
		// A second line with another product, so one can be missing and the other found.
		sale.orderitems.push({
			...copy(sale.orderitems[0]),
			orderitemid: 1,
			productid: 215,
			sku: 'TEE-215',
		});
		const productIds = [...new Set(sale.orderitems.map((item) => item.productid))];
		const sitoo = fakeSitoo({
			// The first product no longer exists (§2.3 "may no longer exist"): its line stays as sold.
			products: productIds
				.slice(1)
				.map((productid, i) => ({ productid, categories: [11 + i], manufacturerid: 7 })),
			categories: productIds.map((_, i) => ({ categoryid: 10 + i, title: `Category ${i}` })),
			manufacturers: [{ externalcompanyid: 7, name: 'Fjordline' }],
		});
		const normalizer = new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
			enrichLines: true,
		});
		const result = await normalizer.normalize(sale);
		await normalizer.normalize({ ...copy(sale), orderid: sale.orderid + 1 });
		expect(result.ok).toBe(true);
		const lines = result.ok ? result.order.lines : [];
		const gone = lines.filter((line) => line.productId === productIds[0]);
		const known = lines.filter((line) => line.productId !== productIds[0]);
		expect(gone.every((line) => line.brand === undefined && line.categories === undefined)).toBe(
			true,
		);
		expect(known.length).toBeGreaterThan(0);
		expect(known.every((line) => line.brand === 'Fjordline')).toBe(true);
		expect(known[0].categories).toEqual([
			`Category ${productIds.indexOf(known[0].productId as number)}`,
		]);
		const lookups = otherThanStores(sitoo.requests).map((u) =>
			u.pathname.replace('/v2/accounts/1500/sites/1', ''),
		);
		expect(lookups.filter((p) => p === '/categories.json')).toHaveLength(1);
		expect(lookups.filter((p) => p.startsWith('/products/'))).toHaveLength(productIds.length);
	});

	it('leaves lines as the receipt gives them when not asked to enrich', async () => {
		const sitoo = fakeSitoo({});
		const result = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(copy(SALE_9_1));
		expect(
			result.ok &&
				result.order.lines.some(
					(line) => line.brand !== undefined || line.categories !== undefined,
				),
		).toBe(false);
		expect(otherThanStores(sitoo.requests)).toHaveLength(0);
	});

	it('keeps the store name the receipt gives, and takes the store id and country from the look-up', async () => {
		const sitoo = fakeSitoo({
			warehouses: [{ warehouseid: 3, storeid: 7 }],
			stores: [
				{ storeid: 7, name: 'Stockholm (store register)', externalid: 'STO-1', countryid: 'se' },
			],
		});
		const result = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(copy(SALE_9_1));
		expect(result).toMatchObject({
			ok: true,
			order: {
				kind: 'sale',
				ids: { accountId: '1500', orderId: 20481 },
				store: { id: 7, name: 'Stockholm Drottninggatan', country: 'SE', warehouseId: 3 },
			},
		});
	});

	it("looks the store up from warehouses once when orders lack store-name, on the order's site", async () => {
		const sitoo = fakeSitoo({
			warehouses: [{ warehouseid: 3, storeid: 7 }],
			stores: [{ storeid: 7, name: 'Göteborg Kungsgatan', externalid: 'GBG-1', countryid: 'se' }],
		});
		const normalizer = new SitooOrderNormalizer({ send: sitoo.send, account: ACCOUNT, siteId: 5 });
		const bare = { ...copy(SALE_9_1), additionaldata: { 'pos-receiptid': 'SII1' } };
		const first = await normalizer.normalize(bare);
		const second = await normalizer.normalize({ ...bare, orderid: 20482 });
		expect(first).toMatchObject({
			ok: true,
			order: {
				store: {
					id: 7,
					name: 'Göteborg Kungsgatan',
					externalId: 'GBG-1',
					country: 'SE',
					warehouseId: 3,
				},
			},
		});
		expect(second.ok).toBe(true);
		expect(sitoo.requests.map((u) => u.pathname)).toEqual([
			'/v2/accounts/1500/sites/1/warehouses.json',
			'/v2/accounts/1500/sites/1/stores.json',
		]);
	});

	it("gives linked refunds their position from the sale's refunds listed with creditorderid=, once per sale", async () => {
		const sale = copy(SALE_9_1);
		const first = refundOf(sale, 20517);
		const second = refundOf(sale, 20530);
		const other = { ...refundOf(sale, 20520), creditorderid: 1 };
		const sitoo = fakeSitoo({ orders: [sale, second, other, first] });
		const normalizer = new SitooOrderNormalizer({ send: sitoo.send, account: ACCOUNT, siteId: 1 });
		const a = await normalizer.normalize(second);
		const b = await normalizer.normalize(first);
		expect(a).toMatchObject({
			ok: true,
			order: { kind: 'refund', ids: { orderId: 20530, originalOrderId: 20481, refundSequence: 2 } },
		});
		expect(b).toMatchObject({ ok: true, order: { ids: { orderId: 20517, refundSequence: 1 } } });
		expect(otherThanStores(sitoo.requests)).toHaveLength(1);
		const asked = otherThanStores(sitoo.requests)[0];
		expect(asked.pathname).toBe('/v2/accounts/1500/orders.json');
		expect(Object.fromEntries(asked.searchParams)).toMatchObject({
			creditorderid: '20481',
			sort: 'orderid',
			fields: 'orderid',
		});
		// Account-wide: the position counts refunds made on every site.
		expect(asked.searchParams.has('eshopid')).toBe(false);
	});

	it('uses a list the caller already has instead of asking again', async () => {
		const sitoo = fakeSitoo({});
		const result = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(refundOf(copy(SALE_9_1), 20530), [20517, 20530]);
		expect(result).toMatchObject({ ok: true, order: { ids: { refundSequence: 2 } } });
		expect(otherThanStores(sitoo.requests)).toHaveLength(0);
	});

	it('does not look refunds up for sales or manual returns', async () => {
		const sitoo = fakeSitoo({});
		const normalizer = new SitooOrderNormalizer({ send: sitoo.send, account: ACCOUNT, siteId: 1 });
		const manual = {
			...copy(REFUND_9_2),
			creditorderid: null,
			additionaldata: { 'store-name': 'Stockholm Drottninggatan' },
		};
		expect(await normalizer.normalize(manual)).toMatchObject({
			ok: true,
			order: { kind: 'refund', parts: { refund: { isManualReturn: true } } },
		});
		expect(await normalizer.normalize(copy(SALE_9_1))).toMatchObject({ ok: true });
		expect(otherThanStores(sitoo.requests)).toHaveLength(0);
	});

	it("leaves the position out when the refund is not among the sale's listed refunds", async () => {
		const sitoo = fakeSitoo({ orders: [] });
		const result = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(refundOf(copy(SALE_9_1), 20517));
		expect(result.ok && result.order.ids.refundSequence).toBeUndefined();
		expect(result.ok && result.order.ids.originalOrderId).toBe(20481);
	});

	it('fills a missing currency from the site settings', async () => {
		const sitoo = fakeSitoo({ currency: 'NOK' });
		const { currencycode: _dropped, ...withoutCurrency } = copy(SALE_9_1);
		void _dropped;
		const result = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(withoutCurrency);
		expect(result).toMatchObject({ ok: true, order: { currency: 'NOK' } });
		expect(otherThanStores(sitoo.requests).map((u) => u.pathname)).toEqual([
			'/v2/accounts/1500/sites/1/settings.json',
		]);
	});

	it('answers a broken order with the field and reason, not an exception', async () => {
		const sitoo = fakeSitoo({});
		const broken = { ...copy(SALE_9_1), moneytotal_gross_all: 'lots' };
		const result = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(broken);
		expect(result).toMatchObject({ ok: false, field: 'moneytotal_gross_all' });
	});
});

describe('product look-ups: what categories and brands cost in Sitoo requests (§7)', () => {
	/** A catalogue of `count` products (ids 301…), each in one of three categories, of one of two brands. */
	function catalogue(count: number) {
		return {
			products: Array.from({ length: count }, (_, i) => ({
				productid: 301 + i,
				categories: [10 + (i % 3)],
				manufacturerid: 7 + (i % 2),
			})),
			categories: [10, 11, 12].map((categoryid) => ({
				categoryid,
				title: `Category ${categoryid}`,
			})),
			manufacturers: [
				{ externalcompanyid: 7, name: 'Fjordline' },
				{ externalcompanyid: 8, name: 'Nordvik' },
			],
		};
	}

	/** `count` sales, order ids from `firstOrderId`, each one line of product 301 + (i mod `products`). */
	function sales(count: number, products: number, firstOrderId = 30000) {
		return Array.from({ length: count }, (_, i) => {
			const sale = copy(SALE_9_1);
			sale.orderid = firstOrderId + i;
			sale.orderitems[0].productid = 301 + (i % products);
			return sale;
		});
	}

	const path = (url: URL) => url.pathname.replace('/v2/accounts/1500/sites/1', '');
	const count = (requests: URL[]) => {
		const paths = otherThanStores(requests).map(path);
		return {
			all: paths.length,
			products: paths.filter((p) => p.startsWith('/products/')).length,
			categories: paths.filter((p) => p === '/categories.json').length,
			manufacturers: paths.filter((p) => p === '/manufacturers.json').length,
		};
	};

	it('reads 50 orders over 10 products with 12 requests: each product, the category list and the brand list once', async () => {
		const sitoo = fakeSitoo(catalogue(10));
		const normalizer = new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
			enrichLines: true,
		});
		const results = [];
		for (const sale of sales(50, 10)) results.push(await normalizer.normalize(sale));
		expect(count(sitoo.requests)).toEqual({
			all: 12,
			products: 10,
			categories: 1,
			manufacturers: 1,
		});
		expect(results.every((r) => r.ok)).toBe(true);
		const first = results[0].ok ? results[0].order.lines[0] : undefined;
		expect(first).toMatchObject({
			productId: 301,
			categories: ['Category 10'],
			brand: 'Fjordline',
		});
		// The lists are read in large pages with only the fields used.
		const list = otherThanStores(sitoo.requests).find((u) => path(u) === '/categories.json')!;
		expect(Object.fromEntries(list.searchParams)).toMatchObject({
			fields: 'categoryid,title',
			num: '1000',
		});
	});

	it('costs no request at all when switched off', async () => {
		const sitoo = fakeSitoo(catalogue(10));
		const normalizer = new SitooOrderNormalizer({ send: sitoo.send, account: ACCOUNT, siteId: 1 });
		for (const sale of sales(50, 10)) await normalizer.normalize(sale);
		expect(count(sitoo.requests).all).toBe(0);
	});

	it('a second batch sharing the cache reads no list again, and only the products it has not seen', async () => {
		const sitoo = fakeSitoo(catalogue(15));
		const productCache = new ProductCache();
		const batch = (orders: ReturnType<typeof sales>) => {
			// One normalizer per batch, like the Events trigger, with the caches it keeps across batches.
			const normalizer = new SitooOrderNormalizer({
				send: sitoo.send,
				account: ACCOUNT,
				siteId: 1,
				enrichLines: true,
				productCache,
			});
			return Promise.all(orders.map((order) => normalizer.normalize(order)));
		};
		await batch(sales(10, 10));
		expect(count(sitoo.requests)).toEqual({
			all: 12,
			products: 10,
			categories: 1,
			manufacturers: 1,
		});
		sitoo.requests.length = 0;
		const second = await batch(sales(10, 10, 31000));
		expect(count(sitoo.requests).all).toBe(0);
		expect(second.every((r) => r.ok && r.order.lines[0].brand !== undefined)).toBe(true);
		// Products 311 to 315 are new: one read each, still no list.
		const third = sales(15, 15, 32000).slice(10);
		await batch(third);
		expect(count(sitoo.requests)).toEqual({
			all: 5,
			products: 5,
			categories: 0,
			manufacturers: 0,
		});
	});

	it('keeps at most the products it is allowed, dropping the least recently used', async () => {
		const sitoo = fakeSitoo(catalogue(5));
		const productCache = new ProductCache(3);
		const lookup = new ProductLookup(sitoo.send, ACCOUNT, productCache);
		await lookup.enrichment(1, [301, 302, 303]);
		await lookup.enrichment(1, [301]);
		await lookup.enrichment(1, [304, 305]);
		expect(productCache.products.size).toBe(3);
		expect([...productCache.products.keys()]).toEqual(['1:301', '1:304', '1:305']);
		await lookup.enrichment(1, [301, 302]);
		expect(count(sitoo.requests).products).toBe(6);
	});

	it('does not keep a failed look-up: the next order reads it again', async () => {
		const sitoo = fakeSitoo(catalogue(2));
		let failNext = true;
		const flaky: SendRequest = async (request) => {
			if (failNext && request.url.includes('/categories.json')) {
				failNext = false;
				sitoo.requests.push(new URL(request.url));
				throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
			}
			return sitoo.send(request);
		};
		const productCache = new ProductCache();
		const normalizer = () =>
			new SitooOrderNormalizer({
				send: flaky,
				account: ACCOUNT,
				siteId: 1,
				enrichLines: true,
				productCache,
			});
		const [sale] = sales(1, 2);
		await expect(normalizer().normalize(sale)).rejects.toThrow('socket hang up');
		const again = await normalizer().normalize(sale);
		expect(again.ok && again.order.lines[0].categories).toEqual(['Category 10']);
		expect(count(sitoo.requests).categories).toBe(2);
	});

	it('adds categories and brand to an order normalized without them, as a normalization with them would', async () => {
		const sitoo = fakeSitoo(catalogue(3));
		const [sale] = sales(1, 3);
		const plain = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
		}).normalize(sale);
		const enriched = await new SitooOrderNormalizer({
			send: sitoo.send,
			account: ACCOUNT,
			siteId: 1,
			enrichLines: true,
		}).normalize(sale);
		if (!plain.ok || !enriched.ok) throw new Error('the sale should normalize');
		const added = await new ProductLookup(sitoo.send, ACCOUNT).addTo(plain.order, 1);
		expect(added).toEqual(enriched.order);
		expect(plain.order.lines[0].categories).toBeUndefined();
	});
});

describe('sitooSingle: a 404 names the field the user filled in', () => {
	it('turns 404 into a ParameterError and passes other errors on', async () => {
		const sitoo = fakeSitoo({});
		await expect(
			sitooSingle(sitoo.send, ACCOUNT, {
				path: '/sites/1/orders/9.json',
				parameter: 'Order ID',
				value: 9,
				siteId: 1,
			}),
		).rejects.toMatchObject({
			parameter: 'Order ID',
			message: expect.stringMatching(
				/^Order ID: Sitoo has nothing with Order ID 9 on site 1 \(Sitoo: .*order 9 not found\)/,
			),
		});
		const failing: SendRequest = async () => {
			throw new Error('socket hang up');
		};
		await expect(
			sitooSingle(failing, ACCOUNT, {
				path: '/sites/1/orders/9.json',
				parameter: 'Order ID',
				value: 9,
				siteId: 1,
			}),
		).rejects.toThrow('socket hang up');
	});
});

/** Requests besides the store look-up, which every normalization makes once per site. */
function otherThanStores(requests: URL[]): URL[] {
	return requests.filter((url) => !/\/(warehouses|stores)\.json$/.test(url.pathname));
}
