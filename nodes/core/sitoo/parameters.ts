/**
 * The Sitoo node's form values → Sitoo list queries (docs/reference/sitoo-api.md §2.1 orders, §4.1 users). Pure:
 * every check names the parameter as the form shows it, so a bad item fails with a message the
 * user can act on and the rest of the batch goes on (docs/design.md invariant 7).
 */
import { SITOO_ORDER_STATE } from '../order/sitoo-codes';
import type { Query } from '../transport/http';

/** A form value that cannot be sent; `parameter` is the display name in the node's form. */
export class ParameterError extends Error {
	constructor(
		readonly parameter: string,
		readonly problem: string,
	) {
		super(`${parameter}: ${problem}`);
		this.name = 'ParameterError';
	}
}

/** `orderstateid` values (§2.2), by the names the form offers. */
export const ORDER_STATES = SITOO_ORDER_STATE;
export type OrderStateName = keyof typeof ORDER_STATES;

export interface OrderFilterInput {
	/** First order id to include; empty or 0 means "from the first order". */
	orderIdFrom?: number | string | null;
	/** Last order id to include (the form's range is inclusive; Sitoo's `orderidto` is not, §2.1). */
	orderIdTo?: number | string | null;
	/** Earliest till time to include (ISO date-time, as n8n's date picker gives it). */
	tillTimeFrom?: string | null;
	/** Orders rung up before this till time. */
	tillTimeBefore?: string | null;
	orderStates?: readonly string[] | null;
	email?: string | null;
}

export interface OrderListQuery {
	/** `orderidfrom` for the walk (inclusive). */
	fromOrderId: number;
	/** `orderidto` for the walk (exclusive). */
	toOrderId?: number;
	/** The other filters, as Sitoo names them. */
	filters: Query;
}

/** Display names of the order filters, used in messages. */
export const ORDER_FILTER_NAMES = {
	orderIdFrom: 'Order ID From',
	orderIdTo: 'Order ID To',
	tillTimeFrom: 'Till Time From',
	tillTimeBefore: 'Till Time Before',
	orderStates: 'Order Status',
	email: 'Customer Email',
} as const;

/**
 * Checks the "Get Many Orders" filters and turns them into `orderidfrom`/`orderidto`,
 * `orderdatefrom`/`orderdateto` (unix seconds), `orderstate` and `email` (§2.1). Dates without an
 * offset are read in `timeZone` (the workflow's time zone), as n8n's date picker means them.
 */
export function orderListQuery(input: OrderFilterInput, timeZone: string): OrderListQuery {
	const from = optionalOrderId(input.orderIdFrom, ORDER_FILTER_NAMES.orderIdFrom);
	const to = optionalOrderId(input.orderIdTo, ORDER_FILTER_NAMES.orderIdTo);
	if (from !== undefined && to !== undefined && from > to) {
		throw new ParameterError(
			ORDER_FILTER_NAMES.orderIdTo,
			`${to} is below ${ORDER_FILTER_NAMES.orderIdFrom} ${from}; the range would hold no orders. Swap the two values.`,
		);
	}
	const dateFrom = optionalTillTime(input.tillTimeFrom, ORDER_FILTER_NAMES.tillTimeFrom, timeZone);
	const dateBefore = optionalTillTime(
		input.tillTimeBefore,
		ORDER_FILTER_NAMES.tillTimeBefore,
		timeZone,
	);
	if (dateFrom !== undefined && dateBefore !== undefined && dateFrom >= dateBefore) {
		throw new ParameterError(
			ORDER_FILTER_NAMES.tillTimeBefore,
			`${isoOf(dateBefore)} is not after ${ORDER_FILTER_NAMES.tillTimeFrom} ${isoOf(dateFrom)}; the range would hold no orders. Swap the two values.`,
		);
	}
	const states = orderStates(input.orderStates);
	const email = optionalEmail(input.email, ORDER_FILTER_NAMES.email);
	return {
		fromOrderId: from ?? 0,
		toOrderId: to === undefined ? undefined : to + 1,
		filters: { orderdatefrom: dateFrom, orderdateto: dateBefore, orderstate: states, email },
	};
}

/** A positive whole order id, or undefined when the field is left empty (or 0, n8n's number default). */
export function optionalOrderId(value: unknown, parameter: string): number | undefined {
	if (isEmpty(value) || value === 0) return undefined;
	return requiredOrderId(value, parameter);
}

/** A Sitoo order id (`orderid`, a positive whole number, §2.3). */
export function requiredOrderId(value: unknown, parameter: string): number {
	if (isEmpty(value))
		throw new ParameterError(
			parameter,
			'is empty; choose an order from the list or enter its order ID (the orderid, not the receipt number).',
		);
	const number = wholeNumber(value);
	if (number === undefined || number <= 0) {
		throw new ParameterError(
			parameter,
			`${describe(value)} is not an order ID; Sitoo order IDs are whole numbers above 0 (the orderid, not the receipt number).`,
		);
	}
	return number;
}

/** A Sitoo product id (`productid`, a positive whole number unique across sites, §7). */
export function requiredProductId(value: unknown, parameter = 'Product ID'): number {
	if (isEmpty(value))
		throw new ParameterError(
			parameter,
			'is empty; choose a product from the list or enter its product ID.',
		);
	const number = wholeNumber(value);
	if (number === undefined || number <= 0) {
		throw new ParameterError(
			parameter,
			`${describe(value)} is not a product ID; Sitoo product IDs are whole numbers above 0.`,
		);
	}
	return number;
}

/**
 * The node's Site ID (eshopid, §1): a locator's text, or a number as workflows saved before the
 * locator hold it. Empty and 0 (the old field's default) mean the credential's default site.
 */
export function siteIdOrDefault(value: unknown, fallback: number, parameter = 'Site ID'): number {
	if (isEmpty(value) || value === 0 || value === '0') return fallback;
	const number = wholeNumber(value);
	if (number === undefined || number <= 0) {
		throw new ParameterError(
			parameter,
			`${describe(value)} is not a site ID; Sitoo site IDs (eshopid) are whole numbers, usually 1. Leave it empty for the credential's default site.`,
		);
	}
	return number;
}

/** A whole number from a number field or from text such as a resource locator's "10302". */
function wholeNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
}

function isEmpty(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function orderStates(values: readonly string[] | null | undefined): number[] | undefined {
	if (!values || values.length === 0) return undefined;
	return values.map((name) => {
		const value = (ORDER_STATES as Record<string, number>)[name];
		if (value === undefined) {
			throw new ParameterError(
				ORDER_FILTER_NAMES.orderStates,
				`"${name}" is not one of ${Object.keys(ORDER_STATES).join(', ')}.`,
			);
		}
		return value;
	});
}

/** Trimmed e-mail for Sitoo's exact-match `email` filter; something without `@` cannot match anyone. */
export function optionalEmail(value: unknown, parameter: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string')
		throw new ParameterError(parameter, `${describe(value)} is not an e-mail address.`);
	const email = value.trim();
	if (email === '') return undefined;
	if (!/^[^\s@]+@[^\s@]+$/.test(email))
		throw new ParameterError(
			parameter,
			`"${email}" is not an e-mail address (Sitoo matches the whole address exactly).`,
		);
	return email;
}

/**
 * A till time from the form as unix seconds (Sitoo dates, §2.3). Accepts ISO dates and date-times,
 * with or without an offset; without one the wall time is read in `timeZone`.
 */
export function optionalTillTime(
	value: unknown,
	parameter: string,
	timeZone: string,
): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string')
		throw new ParameterError(parameter, `${describe(value)} is not a date.`);
	const text = value.trim();
	if (text === '') return undefined;
	const ms = parseDateTime(text, timeZone);
	if (ms === undefined)
		throw new ParameterError(
			parameter,
			`"${text}" is not a date; use a date such as 2024-06-01 or 2024-06-01T09:30:00.`,
		);
	return Math.floor(ms / 1000);
}

const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function parseDateTime(text: string, timeZone: string): number | undefined {
	const match = ISO.exec(text);
	if (!match) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', offset] = match;
	const parts = [
		Number(y),
		Number(mo),
		Number(d),
		Number(h),
		Number(mi),
		Number(s),
		Number(frac.padEnd(3, '0')),
	] as const;
	const wall = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6]);
	// Date.UTC rolls 2024-02-31 over to March; a date that does not exist is a typo, not a date.
	const check = new Date(wall);
	if (
		check.getUTCFullYear() !== parts[0] ||
		check.getUTCMonth() !== parts[1] - 1 ||
		check.getUTCDate() !== parts[2] ||
		parts[3] > 23 ||
		parts[4] > 59 ||
		parts[5] > 59
	) {
		return undefined;
	}
	if (offset !== undefined) {
		if (offset.toUpperCase() === 'Z') return wall;
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	}
	return wallTimeInZone(wall, timeZone);
}

/** The instant at which the clocks of `timeZone` show `wall` (given as if it were UTC). */
function wallTimeInZone(wall: number, timeZone: string): number {
	const format = zoneFormat(timeZone);
	if (!format) {
		throw new ParameterError(
			'Timezone',
			`"${timeZone}" is not a time zone n8n can use; set the workflow's time zone in its settings.`,
		);
	}
	const offsetAt = (instant: number) => {
		const p = Object.fromEntries(
			format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
		);
		const shown = Date.UTC(
			Number(p.year),
			Number(p.month) - 1,
			Number(p.day),
			Number(p.hour),
			Number(p.minute),
			Number(p.second),
		);
		return shown - Math.floor(instant / 1000) * 1000;
	};
	// Two rounds settle the offset also next to a daylight-saving change.
	let instant = wall - offsetAt(wall);
	instant = wall - offsetAt(instant);
	return instant;
}

function isoOf(seconds: number): string {
	return new Date(seconds * 1000).toISOString();
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (value === null || value === undefined) return 'nothing';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** How a customer is looked up (§4.1: `users/{userid}.json`, or the exact-match list filters). */
export type CustomerKey = 'userId' | 'email' | 'customerNumber' | 'mobile';

export const CUSTOMER_KEY_NAMES: Record<CustomerKey, string> = {
	userId: 'User ID',
	email: 'Email',
	customerNumber: 'Customer Number',
	mobile: 'Mobile',
};

export type CustomerLookup = { kind: 'userId'; userId: string } | { kind: 'filter'; query: Query };

/** Checks a customer key and says how to ask Sitoo for it. */
export function customerLookup(key: CustomerKey, value: unknown): CustomerLookup {
	const parameter = CUSTOMER_KEY_NAMES[key];
	if (parameter === undefined)
		throw new ParameterError(
			'Find By',
			`"${String(key)}" is not one of ${Object.values(CUSTOMER_KEY_NAMES).join(', ')}.`,
		);
	const text =
		typeof value === 'number'
			? String(value)
			: typeof value === 'string'
				? value.trim()
				: undefined;
	if (text === undefined || text === '')
		throw new ParameterError(parameter, 'is empty; enter the value to look the customer up by.');
	switch (key) {
		case 'userId': {
			// A GUID in braces (`{102DC4AA-…}`, §4.1); accepted with or without the braces.
			const bare = text.replace(/^\{|\}$/g, '');
			if (
				!/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/.test(bare)
			) {
				throw new ParameterError(
					parameter,
					`"${text}" is not a Sitoo user ID; those look like {102DC4AA-2C19-3177-6AB2-435CB3A46499}.`,
				);
			}
			return { kind: 'userId', userId: `{${bare.toUpperCase()}}` };
		}
		case 'email':
			return { kind: 'filter', query: { email: optionalEmail(text, parameter) } };
		case 'customerNumber':
			return { kind: 'filter', query: { customernumber: text } };
		case 'mobile':
			// Sitoo matches the number as it was typed (§4.1 lists exact-match filters only).
			return { kind: 'filter', query: { mobile: text } };
	}
}

export interface CustomerFilterInput {
	email?: string | null;
	customerNumber?: string | null;
	mobile?: string | null;
}

/** The "Get Many Customers" filters as Sitoo's exact-match user filters (§4.1). */
export function customerListQuery(input: CustomerFilterInput): Query {
	const text = (value: unknown) =>
		typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
	return {
		email: optionalEmail(input.email, CUSTOMER_KEY_NAMES.email),
		customernumber: text(input.customerNumber),
		mobile: text(input.mobile),
	};
}

/** "Limit" from the form: a whole number of 1 or more. */
export function checkedLimit(value: unknown, parameter = 'Limit'): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
		throw new ParameterError(parameter, `${describe(value)} is not a whole number of 1 or more.`);
	}
	return value;
}

/** A formatter for the time zone, or undefined when the runtime does not know the zone. */
function zoneFormat(timeZone: string): Intl.DateTimeFormat | undefined {
	try {
		return new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
	} catch {
		return undefined;
	}
}
