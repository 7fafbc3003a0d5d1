/**
 * Normalizes Sitoo orders for the action node, fetching what an order cannot say itself
 * (`NormalizeContext`): the store behind its warehouse (sitoo-api.md §7: its id and country, which
 * events carry and phone numbers are read in; the receipt's own `store-name` still wins for the name), a linked refund's position among the refunds of its sale (§3, via
 * `creditorderid=`), and the site currency when `currencycode` is missing (§2.3). Look-ups are
 * made once per site or sale and kept for the rest of the execution. No n8n imports: HTTP comes in
 * as a `SendRequest`.
 */
import { normalizeOrder, type NormalizeResult, type StoreInfo } from '../order';
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
}

export class SitooOrderNormalizer {
	private readonly stores = new Map<number, Promise<Record<string, StoreInfo>>>();
	private readonly currencies = new Map<number, Promise<string | undefined>>();
	private readonly refunds = new Map<number, Promise<number[]>>();

	constructor(private readonly options: OrderNormalizerOptions) {}

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
		// Only the mapper knows whether the order returns goods from a sale (it sets originalOrderId then).
		const originalOrderId = first.ok ? first.order.ids.originalOrderId : undefined;
		if (!first.ok || originalOrderId === undefined) return first;
		const ids = refundIdsOfOriginal ?? (await this.refundIdsOf(originalOrderId));
		const sequence = refundSequence(first.order.ids.orderId, ids);
		if (sequence === undefined) return first;
		return normalizeOrder(raw, { ...context, refundSequence: sequence });
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
		const walk = { account: this.options.account, fromOrderId: 0, filters: { creditorderid: originalOrderId }, fields: ['orderid'] };
		for await (const order of sitooOrders(this.options.send, walk)) ids.push(order.orderid);
		return ids;
	}

	private storesOf(siteId: number): Promise<Record<string, StoreInfo>> {
		let stores = this.stores.get(siteId);
		if (!stores) {
			stores = this.loadStores(siteId);
			this.stores.set(siteId, stores);
		}
		return stores;
	}

	private async loadStores(siteId: number): Promise<Record<string, StoreInfo>> {
		const warehouses = await this.all<SitooWarehouseRow>(`/sites/${siteId}/warehouses.json`);
		const stores = await this.all<SitooStoreRow>(`/sites/${siteId}/stores.json`);
		return storesByWarehouse(warehouses, stores);
	}

	private currencyOf(siteId: number): Promise<string | undefined> {
		let currency = this.currencies.get(siteId);
		if (!currency) {
			currency = this.options.send(sitooRequest(this.options.account, `/sites/${siteId}/settings.json`)).then((response) => {
				const code = (response.body as { currencycode?: unknown } | null)?.currencycode;
				return typeof code === 'string' ? code : undefined;
			});
			this.currencies.set(siteId, currency);
		}
		return currency;
	}

	private async all<T>(path: string): Promise<T[]> {
		const items: T[] = [];
		for await (const page of sitooPages<T>(this.options.send, this.options.account, path)) items.push(...page.items);
		return items;
	}
}

function siteOf(raw: unknown): number | undefined {
	const value = typeof raw === 'object' && raw !== null ? (raw as { eshopid?: unknown }).eshopid : undefined;
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function hasCurrency(raw: unknown): boolean {
	const value = typeof raw === 'object' && raw !== null ? (raw as { currencycode?: unknown }).currencycode : undefined;
	return typeof value === 'string' && value.trim() !== '';
}
