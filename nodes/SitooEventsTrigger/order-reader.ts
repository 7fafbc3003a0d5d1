import {
	OperationalError,
	sleep,
	type IDataObject,
	type IHttpRequestOptions,
	type IWebhookFunctions,
} from 'n8n-workflow';
import type { NormalizedOrder } from '../core/order';
import { SitooOrderNormalizer, type StoreCache } from '../core/sitoo/normalizer';
import { ProductCache } from '../core/sitoo/products';
import { sitooOrderIfFound, sitooOrdersById } from '../core/sitoo/orders-by-id';
import { EVENTS_READ_RETRY, fetchedOutcome, type FetchedOrder } from '../core/spi';
import { deadlineAt } from '../core/transport/deadline';
import { RETRYABLE_STATUSES } from '../core/transport/errors';
import { fromN8nHttpRequest, type SendRequest } from '../core/transport/http';
import { retrying } from '../core/transport/retry';
import type { SitooAccount } from '../core/transport/sitoo';
import { SITOO_CREDENTIAL } from '../clients/sitoo-client';
import { addsProductData } from '../shared/product-data';

/** Reading Sitoo took longer than the batch may take (§5.2): answer 503 so Sitoo sends it again. */
export const OUT_OF_TIME = 'Reading the orders from Sitoo took too long';

export interface RawOrder extends IDataObject {
	orderid: number;
}

/**
 * Store lists and the catalogue change rarely; a batch reuses what earlier batches read for this
 * long instead of reading it again. Only a cache: losing it (a restart, another worker) costs reads.
 */
const LOOKUP_CACHE_MS = 10 * 60 * 1000;
interface LookupCache {
	madeAt: number;
	stores: StoreCache;
	/** Products per site and id, categories and manufacturers per site; bounded in count. */
	products: ProductCache;
}
const lookupCaches = new Map<string, LookupCache>();

/** The look-up cache of a Sitoo account, renewed every `LOOKUP_CACHE_MS`. */
function lookupCacheOf(account: SitooAccount, now: number): LookupCache {
	const key = `${account.baseUrl}|${account.accountId}`;
	let cache = lookupCaches.get(key);
	if (!cache || now - cache.madeAt > LOOKUP_CACHE_MS) {
		cache = { madeAt: now, stores: new Map(), products: new ProductCache() };
		lookupCaches.set(key, cache);
	}
	return cache;
}

/** What reading one wanted order gave: Sitoo's order as read, and how it counts for the trigger. */
export interface ReadOrder {
	raw?: RawOrder;
	fetched: FetchedOrder<NormalizedOrder>;
}
export type OrderReader = (
	wanted: ReadonlyArray<{ orderKey: string; siteId: number; orderId: number }>,
) => Promise<Map<string, ReadOrder>>;

/** Reads and normalizes orders within the batch's time budget, by order key; missing = not found. */
export function orderReader(
	context: IWebhookFunctions,
	account: SitooAccount,
	sitoo: IDataObject,
	deadline: number,
	raw: boolean,
	now: number,
): OrderReader {
	const send = deadlineSend(context, deadline);
	const cache = lookupCacheOf(account, now);
	// The same normalizer as the other Sitoo nodes: store behind the warehouse, refund position,
	// and categories and brand unless switched off (a raw order shows none, so it looks none up).
	const normalizer = new SitooOrderNormalizer({
		send,
		account,
		siteId: Number(sitoo.siteId ?? 1),
		now: () => Date.now(),
		storeCache: cache.stores,
		// Version 2.1 made product data the default; older nodes keep their output unless they add it.
		enrichLines:
			!raw &&
			addsProductData(
				context.getNodeParameter('options', {}),
				context.getNode().typeVersion >= 2.1,
			),
		productCache: cache.products,
	});
	return async (wanted) => {
		const read = await readOrders(send, account, wanted);
		// Side by side: Sitoo allows parallel reads, and a slow Sitoo must still fit the budget.
		const normalized = await Promise.all(
			wanted.map(async (w) => {
				const order = read.get(`${w.siteId}:${w.orderId}`);
				return { w, order, result: order && (await normalizer.normalize(order)) };
			}),
		);
		const found = new Map<string, ReadOrder>();
		for (const { w, order, result } of normalized)
			if (order !== undefined && result !== undefined)
				found.set(w.orderKey, { raw: order, fetched: fetchedOutcome(result) });
		return found;
	};
}

/** Sitoo REST through the transport with retries that fit the batch's time budget. */
function deadlineSend(context: IWebhookFunctions, deadline: number): SendRequest {
	const clock = { now: () => Date.now() };
	const budget = deadlineAt(deadline, {
		sleep,
		clock,
		outOfTime: () => new OperationalError(OUT_OF_TIME),
	});
	const raw = fromN8nHttpRequest((options) =>
		context.helpers.httpRequestWithAuthentication.call(context, SITOO_CREDENTIAL, {
			...options,
			timeout: budget.timeLeft(),
		} as IHttpRequestOptions),
	);
	return retrying(raw, {
		service: 'Sitoo',
		policy: { ...EVENTS_READ_RETRY, retryStatuses: RETRYABLE_STATUSES },
		sleep: budget.wait,
		random: Math.random,
		clock,
	});
}

/**
 * The batch's orders, one list request per site, the sites side by side (docs/reference/sitoo-spi.md
 * §5.8 step 3): Sitoo keeps one batch in flight, so the time this takes bounds how many sales a second
 * reach n8n. Keyed `site:orderid`; an order Sitoo does not return is missing from the map.
 */
async function readOrders(
	send: SendRequest,
	account: SitooAccount,
	wanted: ReadonlyArray<{ siteId: number; orderId: number }>,
): Promise<Map<string, RawOrder>> {
	const bySite = new Map<number, number[]>();
	for (const { siteId, orderId } of wanted)
		bySite.set(siteId, [...(bySite.get(siteId) ?? []), orderId]);
	const found = new Map<string, RawOrder>();
	const orFail = (error: unknown): never => {
		const cause = error instanceof Error ? error : new Error(String(error));
		throw new OperationalError(cause.message, { cause });
	};
	// One list per site, all sites at once.
	await Promise.all(
		[...bySite].map(async ([siteId, orderIds]) => {
			const read = await sitooOrdersById<RawOrder>(send, account, orderIds, siteId).catch(orFail);
			for (const order of read) found.set(`${siteId}:${order.orderid}`, order);
			// An order the list leaves out is read on its own: only Sitoo's 404 for it proves it is gone.
			const missing = [...new Set(orderIds)].filter((id) => !found.has(`${siteId}:${id}`));
			await Promise.all(
				missing.map(async (orderId) => {
					const single = await sitooOrderIfFound<RawOrder>(send, account, siteId, orderId).catch(
						orFail,
					);
					if (single) found.set(`${siteId}:${orderId}`, single);
				}),
			);
		}),
	);
	return found;
}
