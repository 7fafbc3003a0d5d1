import {
	envelope,
	intListParam,
	intParam,
	QueryError,
	stringListParam,
	type Envelope,
} from './query';
import type { Order, User } from './types';

/**
 * Default fields of the order list (docs/reference/sitoo-api.md §2.1: the v2.8 list plus `eshopid`, `currencycode`
 * and `additionaldata` of the newer docs). `creditorderid`, `phone`, `externalid` and the addresses
 * are not defaults: clients must ask for them with `fields=`.
 */
export const DEFAULT_ORDER_FIELDS = [
	'orderid',
	'eshopid',
	'email',
	'namefirst',
	'namelast',
	'company',
	'moneyfinal_net',
	'moneyfinal_vat',
	'moneytotal_gross_roundoff',
	'moneytotal_gross_all',
	'checkouttypename',
	'deliverytypename',
	'orderdate',
	'orderstateid',
	'paymentstateid',
	'ordertypeid',
	'registerid',
	'warehouseid',
	'datereserved',
	'currencycode',
	'additionaldata',
	'orderitems',
	'payments',
] as const;

/** Default fields of the user list (docs/reference/sitoo-api.md §4.1). */
export const DEFAULT_USER_FIELDS = [
	'userid',
	'email',
	'namefirst',
	'namelast',
	'company',
	'datecreated',
	'datemodified',
] as const;

/**
 * `GET /orders.json` and the deprecated `GET /sites/{id}/orders.json` (§2.1). `siteId` is set for the
 * site path, which has the same filters except `eshopid`.
 */
export function listOrders(
	orders: readonly Order[],
	query: URLSearchParams,
	maxNum: number,
	siteId?: number,
): Envelope<Partial<Order>> {
	const eshopids = siteId !== undefined ? [siteId] : intListParam(query, 'eshopid');
	const externalids = stringListParam(query, 'externalid');
	const receiptid = query.get('receiptid')?.trim() || undefined;
	const creditorderid = intParam(query, 'creditorderid');
	// `receiptid` and `creditorderid` override `orderid` (§2.1).
	const orderids =
		receiptid !== undefined || creditorderid !== undefined
			? undefined
			: intListParam(query, 'orderid');
	const idFrom = intParam(query, 'orderidfrom');
	const idTo = intParam(query, 'orderidto');
	const dateFrom = intParam(query, 'orderdatefrom');
	// Not documented whether `orderdateto` is inclusive; it is exclusive here like `orderidto` (`orderid < value`).
	const dateTo = intParam(query, 'orderdateto');
	const states = intListParam(query, 'orderstate');
	const paymentStates = intListParam(query, 'paymentstate');
	const types = intListParam(query, 'ordertype');
	const warehouses = intListParam(query, 'warehouseid');
	// Exact match, case-insensitive as a MySQL-backed filter usually is (not documented).
	const email = query.get('email')?.toLowerCase() || undefined;
	const sort = query.get('sort') ?? '-orderid';
	if (sort !== 'orderid' && sort !== '-orderid')
		throw new QueryError(`Invalid value for parameter sort: "${sort}"`);

	const matching = orders.filter(
		(o) =>
			(!eshopids || eshopids.includes(o.eshopid)) &&
			(!externalids || (o.externalid !== null && externalids.includes(o.externalid))) &&
			(receiptid === undefined || o.additionaldata['pos-receiptid'] === receiptid) &&
			(creditorderid === undefined || o.creditorderid === creditorderid) &&
			(!orderids || orderids.includes(o.orderid)) &&
			(idFrom === undefined || o.orderid >= idFrom) &&
			(idTo === undefined || o.orderid < idTo) &&
			(dateFrom === undefined || o.orderdate >= dateFrom) &&
			(dateTo === undefined || o.orderdate < dateTo) &&
			(!states || states.includes(o.orderstateid)) &&
			(!paymentStates || paymentStates.includes(o.paymentstateid)) &&
			(!types || types.includes(o.ordertypeid)) &&
			(!warehouses || (o.warehouseid !== null && warehouses.includes(o.warehouseid))) &&
			(email === undefined || o.email.toLowerCase() === email),
	);
	matching.sort((a, b) => (sort === 'orderid' ? a.orderid - b.orderid : b.orderid - a.orderid));
	return envelope(matching, query, maxNum, DEFAULT_ORDER_FIELDS);
}

/** `GET /sites/{id}/users.json`: exact-match filters only, no date filter (§4.1). */
export function listUsers(
	users: readonly User[],
	query: URLSearchParams,
	maxNum: number,
): Envelope<Partial<User>> {
	const email = query.get('email')?.toLowerCase() || undefined;
	const customernumber = query.get('customernumber') || undefined;
	const personalid = query.get('personalid') || undefined;
	const mobile = query.get('mobile') || undefined;
	const userids = stringListParam(query, 'userid')?.map(normaliseGuid);
	const matching = users.filter(
		(u) =>
			(email === undefined || u.email.toLowerCase() === email) &&
			(customernumber === undefined || u.customernumber === customernumber) &&
			(personalid === undefined || u.personalid === personalid) &&
			// The stored string as typed, not a normalised number: the API does no phone parsing.
			(mobile === undefined || u.mobile === mobile) &&
			(!userids || userids.includes(u.userid)),
	);
	return envelope(matching, query, maxNum, DEFAULT_USER_FIELDS);
}

/** User ids are GUIDs in braces; accept them with or without the braces, in any case. */
export function normaliseGuid(value: string): string {
	const bare = value
		.trim()
		.replace(/^\{|\}$/g, '')
		.toUpperCase();
	return `{${bare}}`;
}
