/**
 * The monitor's reads: Sitoo orders of the window, Klaviyo order ids per metric, Klaviyo profiles of
 * the customers seen. All through the shared transport (paced, retried, paged); decisions are in
 * `core/monitor`.
 */
import { orderIdsInEvents, profileViews, type KlaviyoProfileView } from '../core/monitor';
import { eventListQuery } from '../core/klaviyo/queries';
import type { NormalizedOrder } from '../core/order/types';
import { ORDER_LIST_FIELDS } from '../core/sitoo/fields';
import { SitooOrderNormalizer } from '../core/sitoo/normalizer';
import { ProductLookup } from '../core/sitoo/products';
import { any, klaviyoPages, klaviyoRequest } from '../core/transport/klaviyo';
import { sitooOrders } from '../core/transport/sitoo';
import { metricIdByName } from '../Klaviyo/actions/metric/getMany.operation';
import type { KlaviyoClient } from '../clients/klaviyo-client';
import type { SitooClient } from '../clients/sitoo-client';

export interface WindowOrders {
	orders: NormalizedOrder[];
	/** Every order read, readable or not. */
	read: number;
	maxOrderId: number;
	unreadable: Array<{ orderId: number | null; reason: string }>;
}

/**
 * Orders rung up since `fromMs` (`orderdatefrom`, docs/reference/sitoo-api.md §2.1), walked by order id so new
 * arrivals cannot shift the pages (§5). Offline receipts older than the window are out of it: the
 * backfill template covers them.
 */
export async function windowOrders(
	client: SitooClient,
	fromMs: number,
	now: number,
	siteId: number | undefined,
): Promise<WindowOrders> {
	const normalizer = new SitooOrderNormalizer({
		send: client.send,
		account: client.account,
		siteId: siteId ?? client.siteId,
		now: () => now,
	});
	const result: WindowOrders = { orders: [], read: 0, maxOrderId: 0, unreadable: [] };
	const walk = {
		account: client.account,
		fromOrderId: 0,
		siteId,
		filters: { orderdatefrom: Math.floor(fromMs / 1000) },
		fields: ORDER_LIST_FIELDS,
		pageSize: 500,
	};
	for await (const raw of sitooOrders(client.send, walk)) {
		result.read++;
		result.maxOrderId = Math.max(result.maxOrderId, raw.orderid);
		const normalized = await normalizer.normalize(raw);
		if (normalized.ok) result.orders.push(normalized.order);
		else
			result.unreadable.push({
				orderId: raw.orderid,
				reason: `${normalized.field}: ${normalized.reason}`,
			});
	}
	return result;
}

/**
 * The orders handed on for re-sending, with categories and brand on their lines (§7). The window is
 * normalized without them: only these few are sent, and looking up every order compared would cost
 * a Sitoo request per product of the window.
 */
export async function withProductData<T extends { order: NormalizedOrder }>(
	client: SitooClient,
	toResend: readonly T[],
	siteId: number | undefined,
): Promise<T[]> {
	const lookup = new ProductLookup(client.send, client.account);
	const done: T[] = [];
	for (const event of toResend)
		done.push({
			...event,
			order: await lookup.addTo(event.order, event.order.ids.siteId ?? siteId ?? client.siteId),
		});
	return done;
}

/** `OrderId`s of the metric's events with a till time in the window (docs/reference/klaviyo-api.md §2.6). */
export async function orderIdsInKlaviyo(
	client: KlaviyoClient,
	metricName: string,
	fromMs: number,
	toMs: number,
): Promise<Set<string>> {
	const metricId = await metricIdByName(client, metricName);
	// The metric appears with its first event: none yet means none of the window's events arrived.
	if (!metricId) return new Set();
	const query = eventListQuery(
		{ metricId, since: new Date(fromMs).toISOString(), until: new Date(toMs).toISOString() },
		1000,
	);
	const first = klaviyoRequest({
		method: 'GET',
		path: '/api/events',
		query,
		baseUrl: client.baseUrl,
		revision: client.revision,
	});
	const ids = new Set<string>();
	for await (const page of klaviyoPages(client.send, first))
		for (const id of orderIdsInEvents(page.data)) ids.add(id);
	return ids;
}

/** Profiles by email or phone, 100 values per request (`any`, page size ≤ 100, §2.4), with consent. */
export async function profilesBy(
	client: KlaviyoClient,
	field: 'email' | 'phone_number',
	values: readonly string[],
): Promise<KlaviyoProfileView[]> {
	const views: KlaviyoProfileView[] = [];
	const unique = [...new Set(values.filter((v) => v !== ''))];
	for (let start = 0; start < unique.length; start += 100) {
		const chunk = unique.slice(start, start + 100);
		const query = {
			filter: any(field, chunk),
			'page[size]': 100,
			'additional-fields[profile]': 'subscriptions',
		};
		const first = klaviyoRequest({
			method: 'GET',
			path: '/api/profiles',
			query,
			baseUrl: client.baseUrl,
			revision: client.revision,
		});
		for await (const page of klaviyoPages(client.send, first))
			views.push(...profileViews(page.data));
	}
	return views;
}
