/**
 * Normalizes Sitoo orders for the action node and the triggers, fetching what an order cannot say itself
 * (`NormalizeContext`): the store behind its warehouse (docs/reference/sitoo-api.md §7: its id and country, which
 * events carry and phone numbers are read in; the receipt's own `store-name` still wins for the name), a linked refund's position among the refunds of its sale (§3, via
 * `creditorderid=`), the site currency when `currencycode` is missing (§2.3) and, when asked, each
 * product's categories and brand (§7). Look-ups are made once per site, sale or product and kept for
 * the rest of the execution. No n8n imports: HTTP comes in as a `SendRequest`.
 */
import {
	normalizeOrder,
	type NormalizeContext,
	type NormalizeResult,
	type StoreInfo,
} from '../order';
import { ProductLookup, type ProductCache } from './products';
import type { SendRequest } from '../transport/http';
import { sitooOrders, sitooPages, sitooRequest, type SitooAccount } from '../transport/sitoo';
import { refundSequence } from './refunds';
import { storesByWarehouse, type SitooStoreRow, type SitooWarehouseRow } from './stores';

export interface OrderNormalizerOptions {
	send: SendRequest;
	account: SitooAccount;
	/** The site to look stores up on when an order does not carry its `eshopid`. */
	siteId: number;
	/** Clock in ms, to flag till times in the future. */
	now?: () => number;
	/** Add categories and brand to lines (product, category and manufacturer look-ups, §7). */
	enrichLines?: boolean;
	/**
	 * Stores by site, shared with other normalizers of the same account (the Events trigger keeps
	 * one across batches, so a batch does not wait for the store lists again).
	 */
	storeCache?: StoreCache;
	/** Products, categories and brands, shared the same way as `storeCache`. */
	productCache?: ProductCache;
}

/** Each site's stores by warehouse, as a look-up under way or done. */
export type StoreCache = Map<number, Promise<Record<string, StoreInfo>>>;

export class SitooOrderNormalizer {
	private readonly stores: StoreCache;
	private readonly currencies = new Map<number, Promise<string | undefined>>();
	private readonly refunds = new Map<number, Promise<number[]>>();
	private readonly products: ProductLookup | undefined;

	constructor(private readonly options: OrderNormalizerOptions) {
		this.stores = options.storeCache ?? new Map();
		this.products = options.enrichLines
			? new ProductLookup(options.send, options.account, options.productCache)
			: undefined;
	}

	/**
	 * `refundIdsOfOriginal`: the refunds of the order's sale when the caller has listed them
	 * already (the "get refunds" operation), which saves the look-up.
	 */
	async normalize(raw: unknown, refundIdsOfOriginal?: readonly number[]): Promise<NormalizeResult> {
		const siteId = siteOf(raw) ?? this.options.siteId;
		const context = {
			accountId: this.options.account.accountId,
			now: this.options.now?.(),
			stores: await this.storesOf(siteId),
			defaultCurrency: hasCurrency(raw) ? undefined : await this.currencyOf(siteId),
		};
		const first = normalizeOrder(raw, context);
		if (!first.ok) return first;
		// Only the mapper knows which products the lines hold and whether the order returns goods from a
		// sale (it sets originalOrderId then); a second pass adds what those look-ups found.
		const extra: Pick<NormalizeContext, 'enrichment' | 'refundSequence'> = {};
		if (this.products) {
			const productIds = new Set(
				first.order.lines
					.map((line) => line.productId)
					.filter((id): id is number => id !== undefined),
			);
			extra.enrichment = await this.products.enrichment(siteId, productIds);
		}
		const originalOrderId = first.order.ids.originalOrderId;
		if (originalOrderId !== undefined)
			extra.refundSequence = refundSequence(
				first.order.ids.orderId,
				refundIdsOfOriginal ?? (await this.refundIdsOf(originalOrderId)),
			);
		if (extra.enrichment === undefined && extra.refundSequence === undefined) return first;
		return normalizeOrder(raw, { ...context, ...extra });
	}

	/** Order ids of the refunds of `originalOrderId`, by `orderid` (arrival order). */
	refundIdsOf(originalOrderId: number): Promise<number[]> {
		let ids = this.refunds.get(originalOrderId);
		if (!ids) {
			ids = this.listRefundIds(originalOrderId);
			this.refunds.set(originalOrderId, ids);
		}
		return ids;
	}

	private async listRefundIds(originalOrderId: number): Promise<number[]> {
		const ids: number[] = [];
		// Account-wide, not per site: the position counts every refund of the sale.
		const walk = {
			account: this.options.account,
			fromOrderId: 0,
			filters: { creditorderid: originalOrderId },
			fields: ['orderid'],
		};
		for await (const order of sitooOrders(this.options.send, walk)) ids.push(order.orderid);
		return ids;
	}

	private storesOf(siteId: number): Promise<Record<string, StoreInfo>> {
		let stores = this.stores.get(siteId);
		if (!stores) {
			stores = this.loadStores(siteId);
			this.stores.set(siteId, stores);
			// A failed look-up is not kept: the next order (or batch) asks again.
			stores.catch(() => this.stores.delete(siteId));
		}
		return stores;
	}

	private async loadStores(siteId: number): Promise<Record<string, StoreInfo>> {
		const [warehouses, stores] = await Promise.all([
			this.all<SitooWarehouseRow>(`/sites/${siteId}/warehouses.json`),
			this.all<SitooStoreRow>(`/sites/${siteId}/stores.json`),
		]);
		return storesByWarehouse(warehouses, stores);
	}

	private currencyOf(siteId: number): Promise<string | undefined> {
		let currency = this.currencies.get(siteId);
		if (!currency) {
			currency = this.options
				.send(sitooRequest(this.options.account, `/sites/${siteId}/settings.json`))
				.then((response) => {
					const code = (response.body as { currencycode?: unknown } | null)?.currencycode;
					return typeof code === 'string' ? code : undefined;
				});
			this.currencies.set(siteId, currency);
		}
		return currency;
	}

	private async all<T>(path: string): Promise<T[]> {
		const items: T[] = [];
		for await (const page of sitooPages<T>(this.options.send, this.options.account, path))
			items.push(...page.items);
		return items;
	}
}

function siteOf(raw: unknown): number | undefined {
	const value =
		typeof raw === 'object' && raw !== null ? (raw as { eshopid?: unknown }).eshopid : undefined;
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function hasCurrency(raw: unknown): boolean {
	const value =
		typeof raw === 'object' && raw !== null
			? (raw as { currencycode?: unknown }).currencycode
			: undefined;
	return typeof value === 'string' && value.trim() !== '';
}
