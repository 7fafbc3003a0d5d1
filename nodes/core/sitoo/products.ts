import type { OrderEnrichment, ProductEnrichment } from '../order/types';
import { ApiError } from '../transport/errors';
import type { SendRequest } from '../transport/http';
import { sitooPages, sitooRequest, type SitooAccount } from '../transport/sitoo';

type Row = Record<string, unknown>;

/**
 * Categories and brand of the products on the given lines (§7: product `categories[]` → category
 * `title`, product `manufacturerid` → manufacturer `name`). The caches live only for one poll, so
 * a renamed category shows up on the next one and nothing is held in module memory.
 */
export class ProductLookup {
	private readonly products = new Map<string, Promise<Row | undefined>>();
	private readonly categories = new Map<number, Promise<Map<number, string>>>();
	private readonly brands = new Map<number, Promise<Map<number, string>>>();

	constructor(
		private readonly send: SendRequest,
		private readonly account: SitooAccount,
	) {}

	async enrichment(siteId: number, productIds: Iterable<number>): Promise<OrderEnrichment> {
		const products: Record<string, ProductEnrichment> = {};
		for (const productId of productIds) {
			const product = await this.product(siteId, productId);
			if (!product) continue;
			const facts: ProductEnrichment = {};
			const categoryIds = Array.isArray(product.categories)
				? product.categories.filter((id): id is number => typeof id === 'number')
				: [];
			if (categoryIds.length > 0) {
				const titles = await this.categoryTitles(siteId);
				const names = categoryIds
					.map((id) => titles.get(id))
					.filter((name): name is string => name !== undefined);
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
			found = this.send(
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
				);
			this.products.set(key, found);
		}
		return found;
	}

	private categoryTitles(siteId: number): Promise<Map<number, string>> {
		let titles = this.categories.get(siteId);
		if (!titles) {
			titles = this.allRows(`/sites/${siteId}/categories.json`).then(
				(rows) =>
					new Map(
						rows
							.filter((row) => typeof row.categoryid === 'number' && typeof row.title === 'string')
							.map((row) => [row.categoryid as number, row.title as string]),
					),
			);
			this.categories.set(siteId, titles);
		}
		return titles;
	}

	private brandNames(siteId: number): Promise<Map<number, string>> {
		let names = this.brands.get(siteId);
		if (!names) {
			names = this.allRows(`/sites/${siteId}/manufacturers.json`).then(
				(rows) =>
					new Map(
						rows
							.filter(
								(row) => typeof row.externalcompanyid === 'number' && typeof row.name === 'string',
							)
							.map((row) => [row.externalcompanyid as number, row.name as string]),
					),
			);
			this.brands.set(siteId, names);
		}
		return names;
	}

	private async allRows(path: string): Promise<Row[]> {
		const rows: Row[] = [];
		for await (const page of sitooPages<Row>(this.send, this.account, path))
			rows.push(...page.items);
		return rows;
	}
}
