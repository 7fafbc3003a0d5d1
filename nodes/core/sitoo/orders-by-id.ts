/**
 * Orders by id, `orderid=` comma lists (docs/reference/sitoo-api.md §2.1): the one read both triggers make, the
 * poller for watched and replayed orders, the Events trigger for a batch's orders (one list request
 * instead of one read per order, docs/reference/sitoo-spi.md §5.8 step 3).
 */
import { ApiError } from '../transport/errors';
import type { SendRequest } from '../transport/http';
import {
	sitooPages,
	sitooRequest,
	type SitooAccount,
	type SitooOrderRow,
} from '../transport/sitoo';
import { ORDER_LIST_FIELDS } from './fields';

/** Ids per request, to keep URLs short. */
export const IDS_PER_REQUEST = 100;

/**
 * The orders Sitoo returns for `ids` (duplicates read once), in orderid order per request; orders
 * it does not return are missing. With `siteId` only that site is asked (`/sites/{siteId}/orders.json`).
 * Every failure is thrown, a 404 too: from a list it means a wrong base URL or a proxy, never that
 * the orders are gone (only `sitooOrderIfFound` can tell that).
 */
export async function sitooOrdersById<
	T extends SitooOrderRow = SitooOrderRow & Record<string, unknown>,
>(send: SendRequest, account: SitooAccount, ids: readonly number[], siteId?: number): Promise<T[]> {
	const unique = [...new Set(ids)];
	const path = siteId === undefined ? '/orders.json' : `/sites/${siteId}/orders.json`;
	const found: T[] = [];
	for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) {
		const chunk = unique.slice(i, i + IDS_PER_REQUEST);
		const failure = await readPages(
			sitooPages<T>(send, account, path, {
				query: { orderid: chunk, sort: 'orderid', fields: ORDER_LIST_FIELDS },
				pageSize: chunk.length,
			}),
			found,
		);
		if (failure !== undefined) throw failure;
	}
	return found;
}

/** Adds every page's items to `into`; what went wrong, if anything (the caller decides what it means). */
async function readPages<T>(pages: AsyncIterable<{ items: T[] }>, into: T[]): Promise<unknown> {
	try {
		for await (const page of pages) into.push(...page.items);
		return undefined;
	} catch (error) {
		return error;
	}
}

/**
 * One order (`GET /sites/{siteId}/orders/{orderId}.json`), or undefined when Sitoo answers 404 for
 * it: the one answer that proves an order does not exist. Other failures are thrown.
 */
export async function sitooOrderIfFound<
	T extends SitooOrderRow = SitooOrderRow & Record<string, unknown>,
>(
	send: SendRequest,
	account: SitooAccount,
	siteId: number,
	orderId: number,
): Promise<T | undefined> {
	const read = await send(sitooRequest(account, `/sites/${siteId}/orders/${orderId}.json`)).then(
		(response) => ({ order: response.body as T }),
		(error: unknown) => ({ error }),
	);
	if ('order' in read) return read.order;
	if (read.error instanceof ApiError && read.error.status === 404) return undefined;
	throw read.error;
}
