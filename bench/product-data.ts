/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- benchmark code: runs in Node, never inside n8n */
/* eslint-disable
	no-console
	-- a command-line script: what it prints is its output */
/**
 * What "Add Categories and Brand to Lines" costs in Sitoo requests: the same orders normalized by
 * `SitooOrderNormalizer` with it off and on, the requests counted at the Sitoo simulator. Three
 * ways the nodes read orders: all with one set of look-ups (a Sitoo Trigger poll, a backfill batch,
 * one Sitoo node execution); real-time batches of 10 keeping the look-ups across batches, as the
 * Events trigger does for 10 minutes; and the same batches each looking up on its own, which is
 * what that cache saves. No n8n: `BENCH_ONLY=productData npm run bench`, or
 * `npx tsx bench/product-data.ts [orders]` to print the figures without writing results.md.
 */
import { ProductCache, SitooOrderNormalizer, type StoreCache } from '../nodes/core/sitoo';
import { ORDER_LIST_FIELDS } from '../nodes/core/sitoo/fields';
import type { SendRequest } from '../nodes/core/transport/http';
import { sitooOrders, type SitooAccount } from '../nodes/core/transport/sitoo';
import { createSitooSimulator } from '../test/simulators/sitoo';

const ACCOUNT_ID = '1500';
const API_ID = `${ACCOUNT_ID}-1`;
const PASSWORD = 'bench-password';
/** The Events SPI sends at most 10 events a batch (docs/reference/sitoo-spi.md §5.2). */
const BATCH = 10;

export interface ProductDataShape {
	shape: 'onePoll' | 'batchesCached' | 'batchesUncached';
	/** Sitoo requests with the option off and on. */
	off: number;
	on: number;
	/** The extra requests by what they read. */
	extra: { products: number; categoryLists: number; brandLists: number; other: number };
}

export interface ProductDataResult {
	orders: number;
	/** Distinct products (by site and id) on the orders' lines. */
	products: number;
	sites: number;
	shapes: ProductDataShape[];
}

export const extraPerThousand = (r: ProductDataResult, s: ProductDataShape) =>
	((s.on - s.off) * 1000) / r.orders;

type Row = { orderid: number; eshopid?: number; orderitems?: Array<{ productid?: number }> };

export async function productDataRequests(orders: number): Promise<ProductDataResult> {
	const now = Date.UTC(2025, 5, 2, 12);
	const sim = createSitooSimulator({
		accountId: ACCOUNT_ID,
		apiId: API_ID,
		password: PASSWORD,
		seed: 8,
		now: () => now,
		historyOrders: orders,
	});
	const server = await sim.listen(0);
	try {
		const send = fetchSend(`Basic ${Buffer.from(`${API_ID}:${PASSWORD}`).toString('base64')}`);
		const account: SitooAccount = { baseUrl: `${server.url}/v2`, accountId: ACCOUNT_ID };
		const rows: Row[] = [];
		const walk = { account, fromOrderId: 0, fields: ORDER_LIST_FIELDS, pageSize: 500 };
		for await (const row of sitooOrders<Row>(send, walk)) rows.push(row);

		const count = async (read: (enrichLines: boolean) => Promise<void>) => {
			const counted = { off: 0, on: 0, byRoute: {} as Record<string, number> };
			for (const enrichLines of [false, true]) {
				sim.http.resetCounters();
				await read(enrichLines);
				counted[enrichLines ? 'on' : 'off'] = sim.http.counters.requests;
				if (enrichLines) counted.byRoute = { ...sim.http.counters.byRoute };
			}
			return counted;
		};
		const normalizer = (enrichLines: boolean, stores?: StoreCache, productCache?: ProductCache) =>
			new SitooOrderNormalizer({
				send,
				account,
				siteId: 1,
				now: () => now,
				enrichLines,
				storeCache: stores,
				productCache,
			});
		const inBatches = async (enrichLines: boolean, keepProducts: boolean) => {
			// The Events trigger keeps the stores across batches either way.
			const stores: StoreCache = new Map();
			const products = new ProductCache();
			for (let start = 0; start < rows.length; start += BATCH) {
				const batch = normalizer(enrichLines, stores, keepProducts ? products : new ProductCache());
				await Promise.all(rows.slice(start, start + BATCH).map((row) => batch.normalize(row)));
			}
		};

		const shapes: ProductDataShape[] = [];
		const measured = [
			[
				'onePoll',
				await count(async (enrichLines) => {
					const one = normalizer(enrichLines);
					for (const row of rows) await one.normalize(row);
				}),
			],
			['batchesCached', await count((enrichLines) => inBatches(enrichLines, true))],
			['batchesUncached', await count((enrichLines) => inBatches(enrichLines, false))],
		] as const;
		for (const [shape, counted] of measured) {
			const extraOf = (pattern: RegExp) =>
				Object.entries(counted.byRoute)
					.filter(([route]) => pattern.test(route))
					.reduce((n, [, requests]) => n + requests, 0);
			const products = extraOf(/\/products\/[^/]+\.json$/);
			const categoryLists = extraOf(/\/categories\.json$/);
			const brandLists = extraOf(/\/manufacturers\.json$/);
			shapes.push({
				shape,
				off: counted.off,
				on: counted.on,
				extra: {
					products,
					categoryLists,
					brandLists,
					other: counted.on - counted.off - products - categoryLists - brandLists,
				},
			});
		}
		const products = new Set(
			rows.flatMap((row) =>
				(row.orderitems ?? [])
					.filter((item) => typeof item.productid === 'number' && item.productid > 0)
					.map((item) => `${row.eshopid}:${item.productid}`),
			),
		);
		return {
			orders: rows.length,
			products: products.size,
			sites: new Set(rows.map((row) => row.eshopid)).size,
			shapes,
		};
	} finally {
		sim.shutdown();
		await server.close();
	}
}

/** Plain HTTP to the simulator with Basic auth, every answer resolved (the transport's contract). */
function fetchSend(authorization: string): SendRequest {
	return async (request) => {
		const response = await fetch(request.url, {
			method: request.method,
			headers: { ...request.headers, authorization },
		});
		const text = await response.text();
		return {
			status: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			body: text ? (JSON.parse(text) as unknown) : undefined,
		};
	};
}

if (require.main === module) {
	productDataRequests(Number(process.argv[2] ?? 1000)).then(
		(result) => {
			console.log(JSON.stringify(result, null, 2));
			for (const shape of result.shapes)
				console.log(`${shape.shape}: ${extraPerThousand(result, shape)} extra per 1,000 orders`);
		},
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
