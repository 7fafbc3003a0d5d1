/**
 * The Sitoo look-ups the trigger makes, all through the transport (`sitooPages`, `sitooOrderPages`,
 * `sitooRequest`): no decisions here, those are in `core/sync`. Orders by id: `core/sitoo/orders-by-id`.
 */
import { SITOO_ORDER_STATE, SITOO_PAYMENT_STATE } from '../core/order/sitoo-codes';
import { ORDER_LIST_FIELDS } from '../core/sitoo/fields';
import type { Query } from '../core/transport/http';
import { sitooOrderPages, sitooPages } from '../core/transport/sitoo';
import type { SitooClient } from '../clients/sitoo-client';

type Row = Record<string, unknown>;

/** `docs/reference/sitoo-api.md` §2.1: one site can be asked for on the server; several are filtered by the core. */
function siteQuery(siteIds: readonly number[]): Query {
	return siteIds.length === 1 ? { eshopid: siteIds[0] } : {};
}

async function firstPage(
	client: SitooClient,
	path: string,
	query: Query,
	pageSize: number,
): Promise<Row[]> {
	for await (const page of sitooPages<Row>(client.send, client.account, path, {
		query,
		pageSize,
		maxPages: 1,
	}))
		return page.items;
	return [];
}

/** The newest orderid in the account (or the one site), 0 when there are no orders. */
export async function latestOrderId(
	client: SitooClient,
	siteIds: readonly number[],
): Promise<number> {
	const rows = await firstPage(
		client,
		'/orders.json',
		{ ...siteQuery(siteIds), sort: '-orderid', fields: 'orderid' },
		1,
	);
	return typeof rows[0]?.orderid === 'number' ? rows[0].orderid : 0;
}

/** The lowest orderid whose till time is on or after `orderDateFrom` (unix seconds). */
export async function firstOrderOnOrAfter(
	client: SitooClient,
	siteIds: readonly number[],
	orderDateFrom: number,
): Promise<number | undefined> {
	const rows = await firstPage(
		client,
		'/orders.json',
		{ ...siteQuery(siteIds), orderdatefrom: orderDateFrom, sort: 'orderid', fields: 'orderid' },
		1,
	);
	return typeof rows[0]?.orderid === 'number' ? rows[0].orderid : undefined;
}

/** Up to `max` orders after `lastOrderId`, in orderid order. */
export async function newOrders(
	client: SitooClient,
	lastOrderId: number,
	max: number,
	siteIds: readonly number[],
): Promise<Row[]> {
	const orders: Row[] = [];
	const walk = {
		account: client.account,
		fromOrderId: lastOrderId + 1,
		siteId: siteIds.length === 1 ? siteIds[0] : undefined,
		fields: ORDER_LIST_FIELDS,
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
export async function latestCompletedOrders(
	client: SitooClient,
	siteIds: readonly number[],
	count: number,
): Promise<Row[]> {
	return firstPage(
		client,
		'/orders.json',
		{
			...siteQuery(siteIds),
			sort: '-orderid',
			orderstate: SITOO_ORDER_STATE.closed,
			paymentstate: SITOO_PAYMENT_STATE.successful,
			fields: ORDER_LIST_FIELDS,
		},
		count,
	);
}
