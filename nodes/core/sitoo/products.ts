import type { NormalizedOrder, OrderEnrichment, ProductEnrichment } from '../order/types';
import { ApiError } from '../transport/errors';
import type { SendRequest } from '../transport/http';
import {
	SITOO_MAX_PAGE_SIZE,
	sitooPages,
	sitooRequest,
	type SitooAccount,
} from '../transport/sitoo';

type Row = Record<string, unknown>;

/** Products kept at most, by site and id; the least recently used go first. */
export const PRODUCT_CACHE_PRODUCTS = 5000;
/** Sites whose category and brand lists are kept at most. */
export const PRODUCT_CACHE_SITES = 50;

/**
 * What `ProductLookup` has read, as look-ups under way or done. A lookup makes its own unless given
 * one: the Events trigger keeps one across batches for a while, so a busy till does not read the same
 * products and lists for every batch. Bounded in count; a failed look-up is not kept.
 */
export class ProductCache {
	/** By `site:productid`; undefined when the product no longer exists. */
	readonly products = new Map<string, Promise<Row | undefined>>();
	/** Category titles by id, per site. */
	readonly categories = new Map<number, Promise<Map<number, string>>>();
	/** Manufacturer names by `externalcompanyid`, per site. */
	readonly brands = new Map<number, Promise<Map<number, string>>>();

	constructor(
		readonly maxProducts = PRODUCT_CACHE_PRODUCTS,
		readonly maxSites = PRODUCT_CACHE_SITES,
	) {}
}

/**
 * Categories and brand of the products on the given lines (§7: product `categories[]` → category
 * `title`, product `manufacturerid` → manufacturer `name`). Each product, and each site's category
 * and manufacturer list, is read once for as long as the cache lives (one poll or execution unless
 * the caller shares a `ProductCache`), so a renamed category shows up once it is read again.
 *
 * One request per product: Sitoo documents no filter that reads many products by id
 * (`products.json` filters on `sku=` only, docs/reference/sitoo-api.md §7).
 */
export class ProductLookup {
	constructor(
		private readonly send: SendRequest,
		private readonly account: SitooAccount,
		private readonly cache: ProductCache = new ProductCache(),
	) {}

	async enrichment(siteId: number, productIds: Iterable<number>): Promise<OrderEnrichment> {
		const products: Record<string, ProductEnrichment> = {};
		const ids = [...productIds];
		// An order's products are read side by side: a slow Sitoo must not add up line by line.
		const rows = await Promise.all(ids.map((productId) => this.product(siteId, productId)));
		// The site's lists are awaited once an order, not once a line: a backfill maps millions of lines.
		const titles = rows.some((row) => categoryIdsOf(row).length > 0)
			? await this.categoryTitles(siteId)
			: undefined;
		const brands = rows.some((row) => manufacturerOf(row) !== undefined)
			? await this.brandNames(siteId)
			: undefined;
		ids.forEach((productId, index) => {
			const product = rows[index];
			if (!product) return;
			const facts: ProductEnrichment = {};
			const names = categoryIdsOf(product)
				.map((id) => titles?.get(id))
				.filter((name): name is string => name !== undefined);
			if (names.length > 0) facts.categories = names;
			const manufacturer = manufacturerOf(product);
			const brand = manufacturer === undefined ? undefined : brands?.get(manufacturer);
			if (brand !== undefined) facts.brand = brand;
			products[String(productId)] = facts;
		});
		return { products };
	}

	/**
	 * The order with categories and brand on its lines, for an order normalized without them: the
	 * monitor looks up only the orders it hands on for re-sending, not every order it compares.
	 */
	async addTo(order: NormalizedOrder, siteId: number): Promise<NormalizedOrder> {
		const productIds = new Set(
			order.lines.map((line) => line.productId).filter((id): id is number => id !== undefined),
		);
		if (productIds.size === 0) return order;
		const found = (await this.enrichment(siteId, productIds)).products ?? {};
		return {
			...order,
			lines: order.lines.map((line) => {
				const facts = line.productId === undefined ? undefined : found[String(line.productId)];
				if (!facts) return line;
				return {
					...line,
					...(facts.categories ? { categories: facts.categories } : {}),
					...(facts.brand !== undefined ? { brand: facts.brand } : {}),
				};
			}),
		};
	}

	private product(siteId: number, productId: number): Promise<Row | undefined> {
		return remembered(this.cache.products, `${siteId}:${productId}`, this.cache.maxProducts, () =>
			this.send(
				sitooRequest(this.account, `/sites/${siteId}/products/${productId}.json`, {
					fields: 'productid,categories,manufacturerid',
				}),
			)
				// A product may no longer exist (§2.3 `productid`); the line keeps what the receipt says.
				.then(
					(response) =>
						response.status === 200 && typeof response.body === 'object' && response.body !== null
							? (response.body as Row)
							: undefined,
					(error: unknown) => {
						if (error instanceof ApiError && error.status === 404) return undefined;
						throw error;
					},
				),
		);
	}

	private categoryTitles(siteId: number): Promise<Map<number, string>> {
		return remembered(this.cache.categories, siteId, this.cache.maxSites, () =>
			this.allRows(`/sites/${siteId}/categories.json`, 'categoryid,title').then(
				(rows) =>
					new Map(
						rows
							.filter((row) => typeof row.categoryid === 'number' && typeof row.title === 'string')
							.map((row) => [row.categoryid as number, row.title as string]),
					),
			),
		);
	}

	private brandNames(siteId: number): Promise<Map<number, string>> {
		return remembered(this.cache.brands, siteId, this.cache.maxSites, () =>
			this.allRows(`/sites/${siteId}/manufacturers.json`, 'externalcompanyid,name').then(
				(rows) =>
					new Map(
						rows
							.filter(
								(row) => typeof row.externalcompanyid === 'number' && typeof row.name === 'string',
							)
							.map((row) => [row.externalcompanyid as number, row.name as string]),
					),
			),
		);
	}

	/** A whole list in as few requests as Sitoo allows, with only the fields used (§5). */
	private async allRows(path: string, fields: string): Promise<Row[]> {
		const rows: Row[] = [];
		for await (const page of sitooPages<Row>(this.send, this.account, path, {
			query: { fields },
			pageSize: SITOO_MAX_PAGE_SIZE,
		}))
			rows.push(...page.items);
		return rows;
	}
}

function categoryIdsOf(product: Row | undefined): number[] {
	return Array.isArray(product?.categories)
		? product.categories.filter((id): id is number => typeof id === 'number')
		: [];
}

function manufacturerOf(product: Row | undefined): number | undefined {
	const id = product?.manufacturerid;
	return typeof id === 'number' && id > 0 ? id : undefined;
}

/**
 * The look-up kept under `key`, or `load()` kept there now. Used entries move to the back, and the
 * front ones go once there are more than `max`. A failed look-up is dropped, so the next asks again.
 */
function remembered<K, V>(
	map: Map<K, Promise<V>>,
	key: K,
	max: number,
	load: () => Promise<V>,
): Promise<V> {
	const found = map.get(key);
	if (found) {
		map.delete(key);
		map.set(key, found);
		return found;
	}
	const loading = load();
	map.set(key, loading);
	for (const oldest of map.keys()) {
		if (map.size <= max) break;
		map.delete(oldest);
	}
	loading.catch(() => {
		if (map.get(key) === loading) map.delete(key);
	});
	return loading;
}
