/**
 * What the editor's pickers show for Sitoo rows, and which filter a typed search becomes. Sitoo has
 * no free-text search, only exact-match filters (docs/reference/sitoo-api.md §2.1 orders, §4.1 users,
 * §7 products), so a search is read as the one identifier it can be.
 */
import type { Query } from '../transport/http';

export interface Choice {
	name: string;
	value: string;
}

type Row = Record<string, unknown>;

const SEPARATOR = ' · ';
const GUID =
	/^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/;

/** The fields an order choice needs; the list's defaults carry whole orders (§2.1). */
export const ORDER_CHOICE_FIELDS = [
	'orderid',
	'orderdate',
	'moneytotal_gross_all',
	'currencycode',
	'additionaldata',
] as const;

export const CUSTOMER_CHOICE_FIELDS = [
	'userid',
	'email',
	'namefirst',
	'namelast',
	'customernumber',
	'mobile',
	'role',
] as const;

export const PRODUCT_CHOICE_FIELDS = ['productid', 'sku', 'title', 'active'] as const;

/** "Order 10302 · receipt SII… · 2026-12-06 14:02 · 499.00 SEK", the till time in `timeZone`. */
export function orderChoice(row: Row, timeZone: string): Choice | undefined {
	if (!isId(row.orderid)) return undefined;
	const parts = [`Order ${row.orderid}`];
	const receipt = text((row.additionaldata as Row | undefined)?.['pos-receiptid']);
	if (receipt) parts.push(`receipt ${receipt}`);
	if (typeof row.orderdate === 'number') parts.push(tillTime(row.orderdate, timeZone));
	const total = text(row.moneytotal_gross_all);
	if (total) parts.push([total, text(row.currencycode)].filter(Boolean).join(' '));
	return { name: parts.join(SEPARATOR), value: String(row.orderid) };
}

/**
 * The order-list filter for a search: digits are an order ID, text with "@" an e-mail, anything
 * else a receipt number (`receiptid`, §2.1). Nothing typed: no filter.
 */
export function orderSearch(filter: string | undefined): Query {
	const typed = (filter ?? '').trim();
	if (typed === '') return {};
	if (/^\d+$/.test(typed)) return { orderid: typed };
	if (typed.includes('@')) return { email: typed };
	return { receiptid: typed };
}

/** "Kim Svensson · kim@example.com · customer 1001"; staff accounts (with a role) are no customers. */
export function customerChoice(row: Row): Choice | undefined {
	const userId = text(row.userid);
	if (!userId || text(row.role)) return undefined;
	const name = [text(row.namefirst), text(row.namelast)].filter(Boolean).join(' ');
	const parts = [
		name,
		text(row.email),
		text(row.customernumber) && `customer ${row.customernumber}`,
	]
		.filter(Boolean)
		.map(String);
	return { name: parts.length > 0 ? parts.join(SEPARATOR) : userId, value: userId };
}

/**
 * The user-list filters for a search, one request each (§4.1 has exact matches only): an e-mail,
 * a user ID, or a customer number or mobile as typed in Sitoo.
 */
export function customerSearches(filter: string | undefined): Query[] {
	const typed = (filter ?? '').trim();
	if (typed === '') return [{}];
	if (typed.includes('@')) return [{ email: typed }];
	const guid = GUID.exec(typed);
	if (guid) return [{ userid: `{${guid[1].toUpperCase()}}` }];
	return [{ customernumber: typed }, { mobile: typed }];
}

/** "Linen Shirt · SKU 1001-M · ID 55", marked when inactive. */
export function productChoice(row: Row): Choice | undefined {
	if (!isId(row.productid)) return undefined;
	const parts = [text(row.title) || 'Product'];
	if (text(row.sku)) parts.push(`SKU ${row.sku}`);
	parts.push(`ID ${row.productid}`);
	if (row.active === false) parts.push('inactive');
	return { name: parts.join(SEPARATOR), value: String(row.productid) };
}

/** The product-list filters for a search (§7: `sku` and `productid`); digits may be either. */
export function productSearches(filter: string | undefined): Query[] {
	const typed = (filter ?? '').trim();
	if (typed === '') return [{}];
	return /^\d+$/.test(typed) ? [{ productid: typed }, { sku: typed }] : [{ sku: typed }];
}

/** "Main shop (site 1)": the site's name from its settings, else its address, else its id. */
export function siteChoice(site: Row, siteName?: unknown): Choice | undefined {
	if (!isId(site.eshopid)) return undefined;
	const label = text(siteName) || text(site.siteurl);
	return {
		name: label ? `${label} (site ${site.eshopid})` : `Site ${site.eshopid}`,
		value: String(site.eshopid),
	};
}

/**
 * Stores as orders name them: by warehouse (an order's `warehouseid` → the warehouse's `storeid`,
 * §7), named after the store, plus the warehouse when a store has several.
 */
export function storeWarehouseChoices(
	warehouses: readonly Row[],
	stores: readonly Row[],
): Choice[] {
	const storeNames = new Map<number, string>();
	for (const store of stores)
		if (isId(store.storeid)) storeNames.set(store.storeid, text(store.name));
	const perStore = new Map<number, number>();
	for (const warehouse of warehouses)
		if (isId(warehouse.storeid))
			perStore.set(warehouse.storeid, (perStore.get(warehouse.storeid) ?? 0) + 1);
	const choices: Choice[] = [];
	for (const warehouse of warehouses) {
		if (!isId(warehouse.warehouseid)) continue;
		const store = isId(warehouse.storeid) ? storeNames.get(warehouse.storeid) : undefined;
		const own = text(warehouse.name);
		const label =
			store && (perStore.get(warehouse.storeid as number) ?? 0) > 1 && own
				? `${store}${SEPARATOR}${own}`
				: store || own || 'Warehouse';
		choices.push({
			name: `${label} (warehouse ${warehouse.warehouseid})`,
			value: String(warehouse.warehouseid),
		});
	}
	return choices.sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether a choice's name holds the typed text, ignoring case. */
export function choiceMatches(choice: Choice, filter: string | undefined): boolean {
	const typed = (filter ?? '').trim().toLowerCase();
	return typed === '' || choice.name.toLowerCase().includes(typed);
}

/** `2026-12-06 14:02` in `timeZone`, or in UTC when the runtime does not know the zone. */
function tillTime(seconds: number, timeZone: string): string {
	let format: Intl.DateTimeFormat;
	try {
		format = dateFormat(timeZone);
	} catch {
		format = dateFormat('UTC');
	}
	const p = Object.fromEntries(
		format.formatToParts(new Date(seconds * 1000)).map((part) => [part.type, part.value]),
	);
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function dateFormat(timeZone: string): Intl.DateTimeFormat {
	return new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
	});
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function isId(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
