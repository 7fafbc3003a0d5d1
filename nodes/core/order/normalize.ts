/**
 * Sitoo order JSON → `NormalizedOrder` (docs/reference/sitoo-api.md §2.3 fields, §3 refunds, §7 store lookup).
 * Pure: the caller passes what the order cannot say itself (account, stores, refund position,
 * product facts, now). Bad input is answered with `{ ok: false, field, reason }`, never thrown
 * (docs/design.md invariant 7).
 */
import { knownTimeZone } from './time-zones';
import { classifyKind, classifySettlement } from './classify';
import { ORDER_STATUS, ORDER_TYPE, PAYMENT_STATUS } from './sitoo-codes';
import * as read from './fields';
import { compact, nonEmpty, Rejection } from './fields';
import { mapLine, type MappedLine } from './lines';
import { partsOf } from './parts';
import { centsToAmount, describeValue } from './money';
import { checkedTotals } from './totals';
import type {
	Customer,
	ExchangeLink,
	NormalizeContext,
	NormalizedOrder,
	NormalizeResult,
	OrderIds,
	OrderWarning,
	Payment,
	Staff,
	StoreInfo,
	StoreRef,
} from './types';

/** Unix seconds beyond this are milliseconds by mistake (year 5138). */
const MAX_UNIX_SECONDS = 1e11;
/** A till clock may run a little fast; more than this ahead of `now` is worth a warning. */
const FUTURE_TOLERANCE_MS = 15 * 60_000;

export function normalizeOrder(raw: unknown, context: NormalizeContext): NormalizeResult {
	try {
		const warnings: OrderWarning[] = [];
		const order = mapOrder(raw, context, warnings);
		return { ok: true, order, warnings };
	} catch (error) {
		if (error instanceof Rejection) return { ok: false, field: error.field, reason: error.reason };
		// Not expected; still one bad order must not stop the batch (invariant 7).
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, field: 'order', reason: `The order could not be read: ${message}` };
	}
}

function mapOrder(
	raw: unknown,
	context: NormalizeContext,
	warnings: OrderWarning[],
): NormalizedOrder {
	if (!read.isObject(raw))
		throw new Rejection(
			'order',
			`The order is ${describeValue(raw)}, expected a Sitoo order object`,
		);
	const accountId = accountIdOf(context);
	const orderId = read.integer(raw, 'orderid', 'orderid', 'the Sitoo order id (a whole number)');
	if (orderId <= 0)
		throw new Rejection('orderid', `orderid is ${orderId}; Sitoo order ids are positive`);
	const orderDate = tillDate(raw);
	const currency = currencyOf(raw, context);
	const state = {
		order: enumOf(raw, 'orderstateid', ORDER_STATUS),
		payment: enumOf(raw, 'paymentstateid', PAYMENT_STATUS),
		orderType: enumOf(raw, 'ordertypeid', ORDER_TYPE),
	};
	const data = read.object(raw, 'additionaldata', 'additionaldata');
	const lines = read
		.list(raw, 'orderitems', 'orderitems', true)
		.map((item, index) => mapLine(item, index, context.enrichment, warnings));
	rejectDuplicateLines(lines);
	const { totals, gross } = checkedTotals(raw, lines, currency, warnings);
	const payments = read.list(raw, 'payments', 'payments', false).map(mapPayment);

	const originalOrderId = originalOrderOf(raw, data, warnings);
	const kind = classifyKind({
		lines,
		grossTotal: gross,
		originalOrderId,
		refundSalesOrderId: reference(data, 'pos-refundsales-orderid', warnings),
		refundOrderId: reference(data, 'pos-refund-orderid', warnings),
	});
	const settlement = classifySettlement({ ...state, grossTotal: gross });

	const ids: OrderIds = compact({
		accountId,
		orderId,
		siteId: read.optionalInteger(raw, 'eshopid', 'eshopid', 'a site id (a whole number)'),
		receiptId: read.text(data, 'pos-receiptid', 'additionaldata.pos-receiptid'),
		externalId: read.text(raw, 'externalid', 'externalid'),
		originalOrderId: kind.hasReturnLines ? originalOrderId : undefined,
		refundSequence: refundSequenceOf(
			context,
			kind.hasReturnLines && originalOrderId !== undefined,
			warnings,
		),
		sourceOrderId: reference(data, 'pos-sourceorderid', warnings),
	});
	if (context.now !== undefined && orderDate * 1000 > context.now + FUTURE_TOLERANCE_MS) {
		warnings.push({
			code: 'tillTimeInFuture',
			field: 'orderdate',
			message: `The till time ${new Date(orderDate * 1000).toISOString()} is ahead of now (${new Date(context.now).toISOString()}); the till's clock may be wrong.`,
		});
	}
	const registerId = read.text(raw, 'registerid', 'registerid');
	const refundReason = compact({
		code: read.text(
			data,
			'refundreasoncode-reasoncode',
			'additionaldata.refundreasoncode-reasoncode',
		),
		comment: read.text(data, 'refundreasoncode-comment', 'additionaldata.refundreasoncode-comment'),
	});
	const staff = staffOf(raw, data);
	const exchange: ExchangeLink | undefined = kind.exchangeLayout
		? compact({
				layout: kind.exchangeLayout,
				partnerOrderId: kind.partnerOrderId,
				partnerReceiptId: read.text(
					data,
					'pos-refund-receiptid',
					'additionaldata.pos-refund-receiptid',
				),
			})
		: undefined;

	return compact({
		kind: kind.kind,
		ids,
		tillTime: new Date(orderDate * 1000).toISOString(),
		state: { ...state, isFinal: settlement.isFinal, isCompleted: settlement.isCompleted },
		// `registerid` is "null if Webshop order" (§2.3 / R1).
		source: {
			system: 'sitoo' as const,
			channel: registerId !== undefined ? ('pos' as const) : ('web' as const),
		},
		store: storeOf(raw, data, context.stores),
		registerId,
		staff: Object.keys(staff).length > 0 ? staff : undefined,
		currency,
		totals,
		customer: customerOf(raw, data),
		lines: lines.map((l) => l.line),
		parts: partsOf(lines, gross, kind.hasReturnLines, kind.isManualReturn),
		exchange,
		payments,
		refundReason: Object.keys(refundReason).length > 0 ? refundReason : undefined,
	});
}

function accountIdOf(context: NormalizeContext): string {
	const value: unknown = read.isObject(context) ? context.accountId : undefined;
	const text =
		typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : value;
	if (typeof text !== 'string' || !/^\d+$/.test(text)) {
		throw new Rejection(
			'context.accountId',
			`The Sitoo account id (context.accountId) is ${describeValue(value)}; it is the account number (digits only) from the Sitoo credential`,
		);
	}
	return text;
}

function tillDate(raw: read.JsonObject): number {
	const seconds = read.integer(raw, 'orderdate', 'orderdate', 'the till time in unix seconds');
	if (seconds <= 0)
		throw new Rejection(
			'orderdate',
			`orderdate is ${seconds}; expected the till time in unix seconds`,
		);
	if (seconds >= MAX_UNIX_SECONDS)
		throw new Rejection(
			'orderdate',
			`orderdate is ${seconds}, which looks like milliseconds; Sitoo dates are unix seconds`,
		);
	return seconds;
}

function currencyOf(raw: read.JsonObject, context: NormalizeContext): string {
	const given = read.text(raw, 'currencycode', 'currencycode');
	// "If not provided, defaults to system currency" (§2.3): only the caller knows that currency.
	const code = given ?? nonEmpty(context.defaultCurrency);
	if (code === undefined)
		throw new Rejection(
			'currencycode',
			'currencycode is missing and no default currency was given; ask Sitoo for the field or pass the site currency',
		);
	if (!/^[A-Z]{3}$/.test(code))
		throw new Rejection(
			'currencycode',
			`currencycode is "${code}", not an ISO 4217 code of three capital letters such as SEK`,
		);
	return code;
}

function enumOf<T>(raw: read.JsonObject, key: string, names: Readonly<Record<number, T>>): T {
	const known = Object.keys(names).join(', ');
	const value = read.integer(raw, key, key, `one of ${known}`);
	const name = names[value];
	if (name === undefined)
		throw new Rejection(key, `${key} is ${value}, not one of the documented values ${known}`);
	return name;
}

/** Invariant 1 keys Ordered Product events on `orderitemid`: two lines with one id would lose one. */
function rejectDuplicateLines(lines: readonly MappedLine[]): void {
	const seen = new Set<number>();
	lines.forEach(({ line }, index) => {
		if (seen.has(line.lineId))
			throw new Rejection(
				`orderitems[${index}].orderitemid`,
				`orderitems[${index}].orderitemid ${line.lineId} is used by an earlier line too`,
			);
		seen.add(line.lineId);
	});
}

function mapPayment(raw: unknown, index: number): Payment {
	const path = `payments[${index}]`;
	if (!read.isObject(raw))
		throw new Rejection(path, `${path} is ${describeValue(raw)}, expected a payment object`);
	return compact({
		method:
			read.text(raw, 'name', `${path}.name`) ??
			read.text(raw, 'reftype', `${path}.reftype`) ??
			'unknown',
		amount: centsToAmount(read.money(raw, 'moneyamount', `${path}.moneyamount`)),
		cardIssuer: read.text(raw, 'cardissuer', `${path}.cardissuer`),
	});
}

/** `creditorderid` ?? `pos-originalsales-orderid` (§3); when both are given and differ, `creditorderid` wins. */
function originalOrderOf(
	raw: read.JsonObject,
	data: read.JsonObject,
	warnings: OrderWarning[],
): number | undefined {
	const credit = read.optionalInteger(
		raw,
		'creditorderid',
		'creditorderid',
		'the original order id (a whole number)',
	);
	const fromPos = reference(data, 'pos-originalsales-orderid', warnings);
	const creditId = credit !== undefined && credit > 0 ? credit : undefined;
	if (creditId !== undefined && fromPos !== undefined && creditId !== fromPos) {
		warnings.push({
			code: 'originalOrderConflict',
			field: 'creditorderid',
			message: `creditorderid ${creditId} and additionaldata.pos-originalsales-orderid ${fromPos} name different sales; using creditorderid.`,
		});
	}
	return creditId ?? fromPos;
}

/** An order id kept as text in `additionaldata`; an unreadable one is dropped with a warning. */
function reference(
	data: read.JsonObject,
	key: string,
	warnings: OrderWarning[],
): number | undefined {
	const field = `additionaldata.${key}`;
	const value = read.text(data, key, field);
	const id = read.idInText(value);
	if (value !== undefined && (id === undefined || id <= 0)) {
		warnings.push({
			code: 'unreadableReference',
			field,
			message: `${field} is "${value}", not an order id; it is ignored.`,
		});
		return undefined;
	}
	return id;
}

function refundSequenceOf(
	context: NormalizeContext,
	linkedRefund: boolean,
	warnings: OrderWarning[],
): number | undefined {
	const value: unknown = context.refundSequence;
	if (value === undefined || value === null) return undefined;
	if (!linkedRefund) {
		warnings.push({
			code: 'refundSequenceIgnored',
			field: 'context.refundSequence',
			message:
				'A refund sequence was given but the order returns nothing from an original sale; it is ignored.',
		});
		return undefined;
	}
	// The first refund reuses the sale's Placed Order id (invariant 1): a wrong position would misfile it.
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
		throw new Rejection(
			'context.refundSequence',
			`The refund sequence (context.refundSequence) is ${describeValue(value)}; expected 1 for the first refund of the sale, 2 for the next, …`,
		);
	}
	return value;
}

function staffOf(raw: read.JsonObject, data: read.JsonObject): Staff {
	// `userid_staff` and `pos-staffsales-*` name who is credited for the sale; `pos-staff-*` who rang it up.
	const at = (key: string) => read.text(data, key, `additionaldata.${key}`);
	return compact({
		userId:
			read.text(raw, 'userid_staff', 'userid_staff') ??
			at('pos-staffsales-userid') ??
			at('pos-staff-userid'),
		externalId: at('pos-staffsales-externalid') ?? at('pos-staff-externalid'),
		name: at('pos-staffsales-name'),
	});
}

/** The receipt's own store fields first (as they were at the till), then the warehouse lookup (§7). */
function storeOf(
	raw: read.JsonObject,
	data: read.JsonObject,
	stores: Record<string, StoreInfo> | undefined,
): StoreRef {
	const warehouseId = read.optionalInteger(
		raw,
		'warehouseid',
		'warehouseid',
		'a warehouse id (a whole number)',
	);
	const found: unknown =
		warehouseId !== undefined &&
		read.isObject(stores) &&
		Object.prototype.hasOwnProperty.call(stores, String(warehouseId))
			? stores[String(warehouseId)]
			: undefined;
	const known = read.isObject(found) ? found : {};
	const country = nonEmpty(known.country);
	return compact({
		id: typeof known.id === 'number' && Number.isSafeInteger(known.id) ? known.id : undefined,
		name: read.text(data, 'store-name', 'additionaldata.store-name') ?? nonEmpty(known.name),
		externalId:
			read.text(data, 'store-externalid', 'additionaldata.store-externalid') ??
			nonEmpty(known.externalId),
		warehouseId,
		country:
			country !== undefined && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined,
		email: nonEmpty(known.email)?.trim(),
		phone: nonEmpty(known.phone)?.trim(),
		timeZone: knownTimeZone(read.text(data, 'pos-timezone', 'additionaldata.pos-timezone')),
	});
}

function customerOf(raw: read.JsonObject, data: read.JsonObject): Customer {
	const at = (key: string) => read.text(data, key, `additionaldata.${key}`);
	// Country, city and zip come from one address, never one from each: the invoice address if any.
	const address = ['invoice_countryid', 'invoice_city', 'invoice_zip'].some((key) =>
		read.text(raw, key, key),
	)
		? 'invoice'
		: 'delivery';
	const country = read.text(raw, `${address}_countryid`, `${address}_countryid`);
	return compact({
		// Raw as keyed in; identity validation normalizes and judges them (invariant 4).
		email: read.text(raw, 'email', 'email'),
		phone: read.text(raw, 'phone', 'phone'),
		firstName: read.text(raw, 'namefirst', 'namefirst'),
		lastName: read.text(raw, 'namelast', 'namelast'),
		company: read.text(raw, 'company', 'company'),
		customerNumber:
			at('crm-membernumber') ?? at('customcrm-membernumber') ?? at('voyado-membernumber'),
		crmCustomerId: at('crm-customerid') ?? at('customcrm-contactid') ?? at('voyado-contactid'),
		userId: read.text(raw, 'userid', 'userid'),
		country:
			country !== undefined && /^[A-Za-z]{2}$/.test(country.trim())
				? country.trim().toUpperCase()
				: undefined,
		city: read.text(raw, `${address}_city`, `${address}_city`),
		zip: read.text(raw, `${address}_zip`, `${address}_zip`),
	});
}
