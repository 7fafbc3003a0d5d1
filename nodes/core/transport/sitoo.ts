/**
 * Sitoo's list endpoints: the `{totalcount, items}` envelope paged by `start`/`num`, and the walk over
 * orders by `orderidfrom` + `sort=orderid` that the poller and backfills use (docs/reference/sitoo-api.md §5).
 * Basic auth is n8n's credential's job (§1).
 */
import { apiErrorFromResponse } from './errors';
import { joinUrl, withQuery, type HttpRequest, type Query, type SendRequest } from './http';

/** Credential default; the host differs per account and for the sandbox, so it is a field (§1). */
export const SITOO_BASE_URL = 'https://api.mysitoo.com/v2';
/** `num` defaults to 10, which makes a backfill needlessly chatty (§5). */
export const SITOO_DEFAULT_PAGE_SIZE = 100;
/**
 * No maximum `num` is documented (§5); a public connector uses 1000. We never ask for more, and the
 * paging below does not assume we got what we asked for: it follows `totalcount`.
 */
export const SITOO_MAX_PAGE_SIZE = 1000;

export interface SitooAccount {
	/** e.g. `https://api.mysitoo.com/v2`. */
	baseUrl: string;
	accountId: string | number;
}

/** `{base}/accounts/{accountid}{path}` with the query encoded (§1 "Base URL"). */
export function sitooRequest(account: SitooAccount, path: string, query?: Query): HttpRequest {
	const url = joinUrl(
		joinUrl(account.baseUrl, `accounts/${encodeURIComponent(String(account.accountId))}`),
		path,
	);
	return { method: 'GET', url: withQuery(url, query), headers: { accept: 'application/json' } };
}

export interface SitooEnvelope<T> {
	totalcount: number;
	items: T[];
}

export interface SitooPage<T> {
	items: T[];
	/** Items matching the query in all, as Sitoo counted them for this page. */
	totalcount: number;
	/** `start` of this page. */
	start: number;
}

export interface SitooPagingOptions {
	query?: Query;
	pageSize?: number;
	maxPages?: number;
	/** Offset of the first row, for a caller that goes on where an earlier request stopped. */
	start?: number;
}

/**
 * Offset paging over any list endpoint. Stops when `start` reaches `totalcount` or a page is empty:
 * not when a page is shorter than `num`, since Sitoo may serve fewer than asked.
 * Offsets shift while new rows arrive; for orders use `sitooOrderPages` instead (§5).
 */
export async function* sitooPages<T = Record<string, unknown>>(
	send: SendRequest,
	account: SitooAccount,
	path: string,
	options: SitooPagingOptions = {},
): AsyncGenerator<SitooPage<T>> {
	const num = pageSize(options.pageSize);
	const maxPages = options.maxPages ?? Infinity;
	let start = options.start ?? 0;
	for (let page = 1; page <= maxPages; page++) {
		const request = sitooRequest(account, path, { ...options.query, start, num });
		const envelope = await fetchEnvelope<T>(send, request);
		if (envelope.items.length === 0) return;
		yield { items: envelope.items, totalcount: envelope.totalcount, start };
		start += envelope.items.length;
		if (start >= envelope.totalcount) return;
	}
}

/** The fields the walk needs in every order row. */
export interface SitooOrderRow {
	orderid: number;
}

export interface SitooOrderWalk {
	account: SitooAccount;
	/** First orderid wanted (`orderidfrom` is inclusive: `orderid >= value`, §2.1): the cursor + 1. */
	fromOrderId: number;
	/** Stop before this orderid (`orderidto`, exclusive), for bounded backfills. */
	toOrderId?: number;
	/** The site (eshopid). */
	siteId?: number;
	/**
	 * Use `GET /sites/{siteId}/orders.json` instead of `GET /orders.json?eshopid=` (§2.1: the site
	 * path is deprecated but still served).
	 */
	sitePath?: boolean;
	/** More filters, e.g. `{ orderstate: [SITOO_ORDER_STATE.closed] }` (core/order/sitoo-codes); lists become comma lists. */
	filters?: Query;
	/** `fields=`; `orderid` is added when missing, the walk cannot go on without it. */
	fields?: readonly string[];
	pageSize?: number;
	maxPages?: number;
}

export interface SitooOrderPage<T> {
	orders: T[];
	/** The `orderidfrom` this page was asked with. */
	fromOrderId: number;
	/** Where the next page starts: last orderid + 1. */
	nextOrderId: number;
	/** Matching orders after this page, by Sitoo's `totalcount`. */
	remaining: number;
}

/**
 * Walks orders in arrival order (`sort=orderid`, ascending, §5 "Recommended order cursor"): each
 * page asks `orderidfrom=<last orderid + 1>&start=0`, so orders arriving meanwhile cannot shift it.
 * Stops when a page holds everything that was left (`items.length >= totalcount`) or is empty. One
 * page is held at a time; the caller decides when the cursor may move (docs/design.md invariant 2).
 */
export async function* sitooOrderPages<
	T extends SitooOrderRow = SitooOrderRow & Record<string, unknown>,
>(send: SendRequest, walk: SitooOrderWalk): AsyncGenerator<SitooOrderPage<T>> {
	if (!Number.isInteger(walk.fromOrderId) || walk.fromOrderId < 0) {
		throw new RangeError(
			`The first Sitoo orderid must be a whole number of 0 or more, not ${walk.fromOrderId}.`,
		);
	}
	if (walk.sitePath && walk.siteId === undefined)
		throw new RangeError('The Sitoo site path needs a site id (eshopid).');
	const num = pageSize(walk.pageSize);
	const maxPages = walk.maxPages ?? Infinity;
	const path = walk.sitePath ? `/sites/${walk.siteId}/orders.json` : '/orders.json';
	const fields =
		walk.fields && !walk.fields.includes('orderid') ? ['orderid', ...walk.fields] : walk.fields;
	let from = walk.fromOrderId;
	for (let page = 1; page <= maxPages; page++) {
		if (walk.toOrderId !== undefined && from >= walk.toOrderId) return;
		const query: Query = {
			...walk.filters,
			eshopid: walk.sitePath ? undefined : walk.siteId,
			orderidfrom: from,
			orderidto: walk.toOrderId,
			sort: 'orderid',
			start: 0,
			num,
			fields,
		};
		const envelope = await fetchEnvelope<T>(send, sitooRequest(walk.account, path, query));
		const orders = envelope.items;
		if (orders.length === 0) return;
		let previous = from - 1;
		for (const order of orders) {
			const id = (order as { orderid?: unknown }).orderid;
			// A server ignoring orderidfrom or sort would make this walk loop or skip; refuse instead.
			if (typeof id !== 'number' || !Number.isInteger(id) || id <= previous) {
				throw new Error(
					`Sitoo returned orders out of order (orderid ${String(id)} after ${previous}) for orderidfrom=${from}&sort=orderid.`,
				);
			}
			previous = id;
		}
		const nextOrderId = previous + 1;
		yield {
			orders,
			fromOrderId: from,
			nextOrderId,
			remaining: Math.max(0, envelope.totalcount - orders.length),
		};
		if (orders.length >= envelope.totalcount) return;
		from = nextOrderId;
	}
}

/** The orders of `sitooOrderPages`, one at a time. */
export async function* sitooOrders<
	T extends SitooOrderRow = SitooOrderRow & Record<string, unknown>,
>(send: SendRequest, walk: SitooOrderWalk): AsyncGenerator<T> {
	for await (const page of sitooOrderPages<T>(send, walk)) yield* page.orders;
}

function pageSize(requested: number | undefined): number {
	const size = requested ?? SITOO_DEFAULT_PAGE_SIZE;
	if (!Number.isInteger(size) || size < 1)
		throw new RangeError(`A Sitoo page size must be a whole number of 1 or more, not ${size}.`);
	return Math.min(size, SITOO_MAX_PAGE_SIZE);
}

async function fetchEnvelope<T>(
	send: SendRequest,
	request: HttpRequest,
): Promise<SitooEnvelope<T>> {
	const response = await send(request);
	if (response.status >= 400) throw apiErrorFromResponse('Sitoo', response, { request });
	let body = response.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			// handled below
		}
	}
	const envelope = body as Partial<SitooEnvelope<T>> | null;
	if (
		typeof envelope !== 'object' ||
		envelope === null ||
		!Array.isArray(envelope.items) ||
		typeof envelope.totalcount !== 'number'
	) {
		throw new Error(
			`Sitoo answered ${request.url.split('?')[0]} without the {totalcount, items} list envelope (docs/reference/sitoo-api.md §5).`,
		);
	}
	return { totalcount: envelope.totalcount, items: envelope.items };
}
