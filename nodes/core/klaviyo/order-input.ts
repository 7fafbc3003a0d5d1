/**
 * The order a Track operation works on: the Sitoo nodes' normalized order as it arrives in `$json`,
 * or an order assembled from fields mapped by expression when it comes from another system. Either
 * way the result is a `NormalizedOrder`, so one mapping (order-events.ts) serves both.
 */
import type { NormalizedOrder, OrderLine, OrderStatus } from '../order/types';

export type OrderRead =
	{ ok: true; order: NormalizedOrder } | { ok: false; field: string; reason: string };

const KINDS = new Set(['sale', 'refund', 'exchange']);

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the members the Klaviyo mapping relies on; the Sitoo nodes (Output: Normalized) produce them. */
export function readNormalizedOrder(value: unknown): OrderRead {
	const fail = (field: string, problem: string): OrderRead => ({
		ok: false,
		field,
		reason: `the input is not a normalized order: ${field} ${problem}. Put a Sitoo node with Output "Normalized" before this one, or set Order Input to "Map Fields".`,
	});
	if (!isRecord(value)) return fail('$json', 'is not an object');
	if (typeof value.kind !== 'string' || !KINDS.has(value.kind))
		return fail('kind', `is ${JSON.stringify(value.kind)}, not sale, refund or exchange`);
	if (!isRecord(value.ids)) return fail('ids', 'is missing');
	if (typeof value.ids.accountId !== 'string' || value.ids.accountId === '')
		return fail('ids.accountId', 'is missing');
	if (!Number.isSafeInteger(value.ids.orderId))
		return fail('ids.orderId', `is ${JSON.stringify(value.ids.orderId)}, not a whole number`);
	if (typeof value.tillTime !== 'string' || Number.isNaN(Date.parse(value.tillTime)))
		return fail('tillTime', `is ${JSON.stringify(value.tillTime)}, not an ISO 8601 time`);
	if (typeof value.currency !== 'string' || !/^[A-Z]{3}$/.test(value.currency))
		return fail('currency', `is ${JSON.stringify(value.currency)}, not an ISO 4217 code`);
	for (const member of ['state', 'store', 'customer', 'parts', 'source'] as const)
		if (!isRecord(value[member])) return fail(member, 'is missing');
	if (!Array.isArray(value.lines)) return fail('lines', 'is not a list');
	if (!Array.isArray(value.payments)) return fail('payments', 'is not a list');
	return { ok: true, order: value as unknown as NormalizedOrder };
}

/** Fields a user maps by expression for an order from another system. */
export interface MappedOrderFields {
	/** Part of every unique id: `sitoo:<accountId>:<orderId>` (docs/design.md invariant 1). */
	accountId: unknown;
	orderId: unknown;
	email?: unknown;
	phone?: unknown;
	/** ISO 8601 or epoch seconds. */
	tillTime: unknown;
	currency: unknown;
	/** The order total as a positive number (for a refund: the amount paid back). */
	total: unknown;
	/** `[{sku, productId, name, quantity, unitPrice, rowTotal, categories, brand, lineId}]`. */
	lines?: unknown;
	storeId?: unknown;
	storeName?: unknown;
	storeCountry?: unknown;
	receiptId?: unknown;
	/** For refunds: the sale the goods came from (none for a manual return). */
	originalOrderId?: unknown;
	/** For refunds: 1 for the first refund of the original sale, 2 for the next… */
	refundSequence?: unknown;
	reason?: unknown;
}

export type MappedOrderKind = 'sale' | 'refund';

/** Builds a normalized order from mapped fields; every problem names the field and what is wrong with it. */
export function orderFromFields(
	fields: MappedOrderFields,
	kind: MappedOrderKind,
	status: OrderStatus = 'closed',
): OrderRead {
	const fail = (field: string, problem: string): OrderRead => ({
		ok: false,
		field,
		reason: `${field} ${problem}`,
	});
	const accountId = text(fields.accountId);
	if (!accountId)
		return fail(
			'Account ID',
			'is empty: give the source account (it is part of every unique ID, so resending never doubles an event)',
		);
	const orderId = wholeNumber(fields.orderId);
	if (orderId === undefined)
		return fail('Order ID', `is ${JSON.stringify(fields.orderId)}, not a whole number`);
	const tillTime = isoTime(fields.tillTime);
	if (!tillTime)
		return fail(
			'Order Time',
			`is ${JSON.stringify(fields.tillTime)}, not an ISO 8601 time or epoch seconds`,
		);
	const currency = text(fields.currency)?.toUpperCase();
	if (!currency || !/^[A-Z]{3}$/.test(currency))
		return fail(
			'Currency',
			`is ${JSON.stringify(fields.currency)}, not an ISO 4217 code such as SEK`,
		);
	const total = number(fields.total);
	if (total === undefined)
		return fail('Order Total', `is ${JSON.stringify(fields.total)}, not a number`);
	const rawLines =
		typeof fields.lines === 'string' && fields.lines.trim() !== ''
			? parseJson(fields.lines)
			: (fields.lines ?? []);
	if (!Array.isArray(rawLines))
		return fail(
			'Lines',
			'is not a list of lines such as [{"sku": "A1", "name": "Shirt", "quantity": 1, "rowTotal": 199}]',
		);
	const sign = kind === 'refund' ? -1 : 1;
	const lines: OrderLine[] = [];
	for (const [index, raw] of rawLines.entries()) {
		if (!isRecord(raw)) return fail(`Lines[${index}]`, 'is not an object');
		const quantity = number(raw.quantity) ?? 1;
		const rowTotal =
			number(raw.rowTotal) ??
			(number(raw.unitPrice) !== undefined
				? (number(raw.unitPrice) as number) * quantity
				: undefined);
		if (rowTotal === undefined)
			return fail(`Lines[${index}].rowTotal`, 'is missing (give rowTotal or unitPrice)');
		const lineId = raw.lineId === undefined ? index : wholeNumber(raw.lineId);
		if (lineId === undefined)
			return fail(`Lines[${index}].lineId`, `is ${JSON.stringify(raw.lineId)}, not a whole number`);
		const line: OrderLine = {
			lineId,
			quantity: sign * Math.abs(quantity),
			rowTotal: sign * Math.abs(round(rowTotal)),
			rowNet: 0,
			rowVat: 0,
			discountNet: 0,
		};
		const sku = text(raw.sku);
		if (sku) line.sku = sku;
		const productId = wholeNumber(raw.productId);
		if (productId !== undefined) line.productId = productId;
		const name = text(raw.name);
		if (name) line.name = name;
		const unitPrice = number(raw.unitPrice);
		line.unitPrice = round(unitPrice ?? (quantity !== 0 ? Math.abs(rowTotal / quantity) : 0));
		if (Array.isArray(raw.categories)) line.categories = raw.categories.map(String);
		const brand = text(raw.brand);
		if (brand) line.brand = brand;
		lines.push(line);
	}
	const lineIds = lines.map((l) => l.lineId);
	const itemsGross = round(lines.reduce((sum, l) => sum + l.rowTotal, 0));
	const value = sign * Math.abs(round(total));
	const originalOrderId = wholeNumber(fields.originalOrderId);
	const refundSequence = wholeNumber(fields.refundSequence);
	const order: NormalizedOrder = {
		kind,
		ids: { accountId, orderId },
		tillTime,
		state: {
			order: status,
			payment: status === 'cancelled' ? 'cancelled' : 'successful',
			orderType: 'sale',
			isFinal: true,
			isCompleted: status === 'closed',
		},
		source: { system: 'sitoo', channel: 'pos' },
		store: {},
		currency,
		totals: {
			gross: value,
			net: value,
			vat: 0,
			itemsGross,
			discountNet: 0,
			roundoff: 0,
			delivery: 0,
		},
		customer: {},
		lines,
		parts:
			kind === 'sale'
				? { sale: { lineIds, itemsGross, value } }
				: { refund: { lineIds, itemsGross, value, isManualReturn: originalOrderId === undefined } },
		payments: [],
	};
	const email = text(fields.email);
	if (email) order.customer.email = email;
	const phone = text(fields.phone);
	if (phone) order.customer.phone = phone;
	const storeId = wholeNumber(fields.storeId);
	if (storeId !== undefined) order.store.id = storeId;
	const storeName = text(fields.storeName);
	if (storeName) order.store.name = storeName;
	const storeCountry = text(fields.storeCountry)?.toUpperCase();
	if (storeCountry) order.store.country = storeCountry;
	const receiptId = text(fields.receiptId);
	if (receiptId) order.ids.receiptId = receiptId;
	if (kind === 'refund' && originalOrderId !== undefined) {
		order.ids.originalOrderId = originalOrderId;
		if (refundSequence === undefined)
			return fail(
				'Refund Number',
				'is missing: give 1 for the first refund of the original sale (it links the refund to the sale in Klaviyo), 2 for the next',
			);
		order.ids.refundSequence = refundSequence;
	}
	const reason = text(fields.reason);
	if (reason) order.refundReason = { comment: reason };
	return { ok: true, order };
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

function number(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
		return Number(value);
	return undefined;
}

function wholeNumber(value: unknown): number | undefined {
	const n = number(value);
	return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function isoTime(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value))
		return new Date(value * 1000).toISOString();
	if (typeof value === 'string' && /^\d{9,11}$/.test(value.trim()))
		return new Date(Number(value) * 1000).toISOString();
	if (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
		return new Date(value).toISOString();
	return undefined;
}

function parseJson(textValue: string): unknown {
	try {
		return JSON.parse(textValue) as unknown;
	} catch {
		return undefined;
	}
}

function round(amount: number): number {
	return Math.round(amount * 100) / 100;
}
