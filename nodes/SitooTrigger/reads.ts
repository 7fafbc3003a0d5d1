/**
 * The Sitoo look-ups the trigger makes, all through the transport (`sitooPages`, `sitooOrderPages`,
 * `sitooRequest`): no decisions here, those are in `core/sync`.
 */
import type { OrderEnrichment, ProductEnrichment, StoreInfo } from '../core/order/types';
import { SYNC_ORDER_FIELDS } from '../core/sync';
import type { Query } from '../core/transport/http';
import { sitooOrderPages, sitooPages, sitooRequest } from '../core/transport/sitoo';
import type { SitooClient } from '../transport/sitoo';

type Row = Record<string, unknown>;

/** Ids per `orderid=` request, to keep URLs short. */
const IDS_PER_REQUEST = 100;

/** `sitoo-api.md` §2.1: one site can be asked for on the server; several are filtered by the core. */
function siteQuery(siteIds: readonly number[]): Query {
	return siteIds.length === 1 ? { eshopid: siteIds[0] } : {};
}

async function firstPage(client: SitooClient, path: string, query: Query, pageSize: number): Promise<Row[]> {
	for await (const page of sitooPages<Row>(client.send, client.account, path, { query, pageSize, maxPages: 1 })) return page.items;
	return [];
}

/** The newest orderid in the account (or the one site), 0 when there are no orders. */
export async function latestOrderId(client: SitooClient, siteIds: readonly number[]): Promise<number> {
	const rows = await firstPage(client, '/orders.json', { ...siteQuery(siteIds), sort: '-orderid', fields: 'orderid' }, 1);
	return typeof rows[0]?.orderid === 'number' ? rows[0].orderid : 0;
}

/** The lowest orderid whose till time is on or after `orderDateFrom` (unix seconds). */
export async function firstOrderOnOrAfter(client: SitooClient, siteIds: readonly number[], orderDateFrom: number): Promise<number | undefined> {
	const rows = await firstPage(client, '/orders.json', { ...siteQuery(siteIds), orderdatefrom: orderDateFrom, sort: 'orderid', fields: 'orderid' }, 1);
	return typeof rows[0]?.orderid === 'number' ? rows[0].orderid : undefined;
}

/** The watched orders as they are now (`orderid=` comma list, §2.1). */
export async function ordersById(client: SitooClient, ids: readonly number[]): Promise<Row[]> {
	const found: Row[] = [];
	for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
		const chunk = ids.slice(i, i + IDS_PER_REQUEST);
		for await (const page of sitooPages<Row>(client.send, client.account, '/orders.json', {
			query: { orderid: chunk, sort: 'orderid', fields: SYNC_ORDER_FIELDS },
			pageSize: chunk.length,
		})) {
			found.push(...page.items);
		}
	}
	return found;
}

/** Up to `max` orders after `lastOrderId`, in orderid order. */
export async function newOrders(client: SitooClient, lastOrderId: number, max: number, siteIds: readonly number[]): Promise<Row[]> {
	const orders: Row[] = [];
	const walk = {
		account: client.account,
		fromOrderId: lastOrderId + 1,
		siteId: siteIds.length === 1 ? siteIds[0] : undefined,
		fields: SYNC_ORDER_FIELDS,
		pageSize: Math.min(max, 100),
	};
	for await (const page of sitooOrderPages<Row & { orderid: number }>(client.send, walk)) {
		for (const order of page.orders) {
			orders.push(order);
			if (orders.length >= max) return orders;
		}
	}
	return orders;
}

/** The newest completed (closed and paid) orders, for "Fetch test event". */
export async function latestCompletedOrders(client: SitooClient, siteIds: readonly number[], count: number): Promise<Row[]> {
	return firstPage(client, '/orders.json', { ...siteQuery(siteIds), sort: '-orderid', orderstate: 10, paymentstate: 20, fields: SYNC_ORDER_FIELDS }, count);
}

async function allRows(client: SitooClient, path: string): Promise<Row[]> {
	const rows: Row[] = [];
	for await (const page of sitooPages<Row>(client.send, client.account, path, { pageSize: 100 })) rows.push(...page.items);
	return rows;
}

/** Stores by warehouse id for the sites given: warehouse → `storeid` → store (§7). */
export async function storesByWarehouse(client: SitooClient, siteIds: Iterable<number>): Promise<Record<string, StoreInfo>> {
	const stores: Record<string, StoreInfo> = {};
	for (const siteId of siteIds) {
		const [warehouses, siteStores] = [await allRows(client, `/sites/${siteId}/warehouses.json`), await allRows(client, `/sites/${siteId}/stores.json`)];
		const byId = new Map(siteStores.map((store) => [store.storeid, store]));
		for (const warehouse of warehouses) {
			const store = byId.get(warehouse.storeid);
			if (typeof warehouse.warehouseid !== 'number' || !store) continue;
			stores[String(warehouse.warehouseid)] = {
				id: typeof store.storeid === 'number' ? store.storeid : undefined,
				name: typeof store.name === 'string' ? store.name : undefined,
				externalId: typeof store.externalid === 'string' && store.externalid !== '' ? store.externalid : undefined,
				country: typeof store.countryid === 'string' ? store.countryid : undefined,
			};
		}
	}
	return stores;
}

/**
 * Categories and brand of the products on the given lines (§7: product `categories[]` → category
 * `title`, product `manufacturerid` → manufacturer `name`). The caches live only for one poll, so
 * a renamed category shows up on the next one and nothing is held in module memory.
 */
export class ProductLookup {
	private readonly products = new Map<string, Promise<Row | undefined>>();
	private readonly categories = new Map<number, Promise<Map<number, string>>>();
	private readonly brands = new Map<number, Promise<Map<number, string>>>();

	constructor(private readonly client: SitooClient) {}

	async enrichment(siteId: number, productIds: Iterable<number>): Promise<OrderEnrichment> {
		const products: Record<string, ProductEnrichment> = {};
		for (const productId of productIds) {
			const product = await this.product(siteId, productId);
			if (!product) continue;
			const facts: ProductEnrichment = {};
			const categoryIds = Array.isArray(product.categories) ? product.categories.filter((id): id is number => typeof id === 'number') : [];
			if (categoryIds.length > 0) {
				const titles = await this.categoryTitles(siteId);
				const names = categoryIds.map((id) => titles.get(id)).filter((name): name is string => name !== undefined);
				if (names.length > 0) facts.categories = names;
			}
			if (typeof product.manufacturerid === 'number' && product.manufacturerid > 0) {
				const brand = (await this.brandNames(siteId)).get(product.manufacturerid);
				if (brand !== undefined) facts.brand = brand;
			}
			products[String(productId)] = facts;
		}
		return { products };
	}

	private product(siteId: number, productId: number): Promise<Row | undefined> {
		const key = `${siteId}:${productId}`;
		let found = this.products.get(key);
		if (!found) {
			found = this.client
				.send(sitooRequest(this.client.account, `/sites/${siteId}/products/${productId}.json`, { fields: 'productid,categories,manufacturerid' }))
				// A product may no longer exist (§2.3 `productid`); the line keeps what the receipt says.
				.then((response) => (response.status === 200 && typeof response.body === 'object' && response.body !== null ? (response.body as Row) : undefined));
			this.products.set(key, found);
		}
		return found;
	}

	private categoryTitles(siteId: number): Promise<Map<number, string>> {
		let titles = this.categories.get(siteId);
		if (!titles) {
			titles = allRows(this.client, `/sites/${siteId}/categories.json`).then(
				(rows) => new Map(rows.filter((row) => typeof row.categoryid === 'number' && typeof row.title === 'string').map((row) => [row.categoryid as number, row.title as string])),
			);
			this.categories.set(siteId, titles);
		}
		return titles;
	}

	private brandNames(siteId: number): Promise<Map<number, string>> {
		let names = this.brands.get(siteId);
		if (!names) {
			names = allRows(this.client, `/sites/${siteId}/manufacturers.json`).then(
				(rows) => new Map(rows.filter((row) => typeof row.externalcompanyid === 'number' && typeof row.name === 'string').map((row) => [row.externalcompanyid as number, row.name as string])),
			);
			this.brands.set(siteId, names);
		}
		return names;
	}
}

/** The orderids of the refunds of a sale, lowest first (`creditorderid=`, §3). */
export async function refundIdsOf(client: SitooClient, saleOrderId: number): Promise<number[]> {
	const ids: number[] = [];
	for await (const page of sitooPages<Row>(client.send, client.account, '/orders.json', { query: { creditorderid: saleOrderId, sort: 'orderid', fields: 'orderid' } })) {
		for (const row of page.items) if (typeof row.orderid === 'number') ids.push(row.orderid);
	}
	return ids;
}
