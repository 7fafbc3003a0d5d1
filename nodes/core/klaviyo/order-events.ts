/**
 * Normalized store orders → the Klaviyo events Klaviyo's own e-commerce integrations send
 * (klaviyo-api.md §3): one Placed Order per sale with one Ordered Product per line, and one Refunded
 * Order per refund, each with a deterministic unique_id (DESIGN invariants 1, 3, 4, 6).
 */
import { checkEmail, DEFAULT_PLACEHOLDER_EMAILS, toE164 } from '../identity';
import type { NormalizedOrder, OrderLine, OrderPart } from '../order/types';
import { orderedProductUniqueId, placedOrderUniqueId, refundedOrderUniqueId } from './unique-ids';

export interface MetricNames {
	placedOrder: string;
	orderedProduct: string;
	refundedOrder: string;
}

export const DEFAULT_METRIC_NAMES: MetricNames = { placedOrder: 'Placed Order', orderedProduct: 'Ordered Product', refundedOrder: 'Refunded Order' };

export interface OrderEventOptions {
	now: number;
	/** Top-level and segmentable, like Shopify POS and Square's "Source Name" (§3). */
	sourceName?: string;
	/** Events older than this when sent go with `backfill: true` and never fire flows (invariant 3). */
	staleAfterHours?: number;
	placeholderEmails?: readonly string[];
	/** Country used for phones typed without a country code when the store's is unknown. */
	defaultCountry?: string;
	metricNames?: Partial<MetricNames>;
	includeOrderedProducts?: boolean;
}

export interface ProfileIdentity {
	email: string;
	phone_number?: string;
}

/** The attributes of one Create Event request (`data.attributes` without `profile`). */
export interface OrderEvent {
	metric: string;
	properties: Record<string, unknown>;
	value: number;
	valueCurrency: string;
	uniqueId: string;
	time: string;
	backfill: boolean;
}

export type OrderEventsResult =
	| { attributed: true; profile: ProfileIdentity; events: OrderEvent[]; notes: string[] }
	| { attributed: false; reason: string };

export function orderEvents(order: NormalizedOrder, options: OrderEventOptions): OrderEventsResult {
	const email = checkEmail(order.customer.email, options.placeholderEmails ?? DEFAULT_PLACEHOLDER_EMAILS);
	if (!email.ok) return { attributed: false, reason: `Order ${order.ids.orderId} has no usable customer email: ${email.reason}.` };
	const notes: string[] = [];
	const profile: ProfileIdentity = { email: email.email };
	if (order.customer.phone) {
		const phone = toE164(order.customer.phone, order.store.country ?? options.defaultCountry);
		if (phone.ok) profile.phone_number = phone.phone;
		else notes.push(`phone left out: ${phone.reason}`);
	}
	const names = { ...DEFAULT_METRIC_NAMES, ...options.metricNames };
	const staleMs = (options.staleAfterHours ?? 12) * 3600_000;
	const backfill = options.now - Date.parse(order.tillTime) > staleMs;
	const events: OrderEvent[] = [];
	const accountId = order.ids.accountId;
	const base = { valueCurrency: order.currency, time: order.tillTime, backfill };

	const sale = order.parts.sale;
	if (sale) {
		const lines = linesOf(order, sale);
		events.push({
			...base,
			metric: names.placedOrder,
			properties: orderProperties(order, lines, options),
			value: sale.value,
			uniqueId: placedOrderUniqueId(accountId, order.ids.orderId),
		});
		if (options.includeOrderedProducts ?? true) {
			for (const line of lines) {
				events.push({
					...base,
					metric: names.orderedProduct,
					properties: { ...orderedProductProperties(line), OrderId: String(order.ids.orderId), 'Source Name': options.sourceName ?? 'POS', ...storeProperties(order) },
					value: line.rowTotal,
					uniqueId: orderedProductUniqueId(accountId, order.ids.orderId, line.lineId),
				});
			}
		}
	}

	const refund = order.parts.refund;
	if (refund) {
		const lines = linesOf(order, refund);
		const original = refund.isManualReturn ? undefined : order.ids.originalOrderId;
		events.push({
			...base,
			metric: names.refundedOrder,
			properties: {
				...orderProperties(order, lines, options),
				// Refunds report what went back as positive amounts, like the Placed Order they reverse.
				Items: lines.map((line) => itemOf(line)),
				OriginalOrderId: original === undefined ? null : String(original),
				RefundOrderId: String(order.ids.orderId),
				ManualReturn: refund.isManualReturn,
				Reason: order.refundReason?.comment ?? order.refundReason?.code ?? lines.find((l) => l.returnReason)?.returnReason ?? null,
			},
			value: Math.abs(refund.value),
			uniqueId: refundedOrderUniqueId({ accountId, refundOrderId: order.ids.orderId, originalOrderId: original, refundSequence: order.ids.refundSequence }),
		});
	}
	return { attributed: true, profile, events, notes };
}

function linesOf(order: NormalizedOrder, part: OrderPart): OrderLine[] {
	const wanted = new Set(part.lineIds);
	return order.lines.filter((line) => wanted.has(line.lineId));
}

function storeProperties(order: NormalizedOrder): Record<string, unknown> {
	return {
		'Store ID': order.store.id ?? order.store.externalId ?? null,
		'Store Name': order.store.name ?? null,
	};
}

/** Placed Order properties per Klaviyo's guide, with flat top-level arrays so segments can use them (§3). */
function orderProperties(order: NormalizedOrder, lines: OrderLine[], options: OrderEventOptions): Record<string, unknown> {
	const categories = unique(lines.flatMap((line) => line.categories ?? []));
	const brands = unique(lines.map((line) => line.brand).filter((brand): brand is string => !!brand));
	const properties: Record<string, unknown> = {
		OrderId: String(order.ids.orderId),
		'Source Name': options.sourceName ?? 'POS',
		...storeProperties(order),
		'Receipt ID': order.ids.receiptId ?? null,
		Categories: categories,
		ItemNames: unique(lines.map((line) => line.name).filter((name): name is string => !!name)),
		Brands: brands,
		SKUs: unique(lines.map((line) => line.sku).filter((sku): sku is string => !!sku)),
		Items: lines.map((line) => itemOf(line)),
	};
	const discount = lines.reduce((sum, line) => sum + Math.abs(line.discountNet), 0);
	if (discount > 0) properties.DiscountValue = Math.round(discount * 100) / 100;
	// Non-segmentable detail goes under $extra (§2.1).
	properties.$extra = { RegisterId: order.registerId ?? null, Payments: order.payments.map((p) => p.method), Channel: order.source.channel };
	return properties;
}

function itemOf(line: OrderLine): Record<string, unknown> {
	const item: Record<string, unknown> = {
		ProductID: line.productId === undefined ? null : String(line.productId),
		SKU: line.sku ?? null,
		ProductName: line.name ?? null,
		Quantity: Math.abs(line.quantity),
		ItemPrice: line.unitPrice ?? null,
		RowTotal: Math.abs(line.rowTotal),
		Categories: line.categories ?? [],
		Brand: line.brand ?? null,
	};
	if (line.attributes) item.Variant = line.attributes;
	if (line.productUrl) item.ProductURL = line.productUrl;
	if (line.imageUrl) item.ImageURL = line.imageUrl;
	return item;
}

/** Ordered Product uses `ProductBrand`, not `Brand` (§3). */
function orderedProductProperties(line: OrderLine): Record<string, unknown> {
	const item = itemOf(line);
	const { Brand: brand, RowTotal: _rowTotal, ...rest } = item;
	return { ...rest, ProductBrand: brand };
}

function unique<T>(values: T[]): T[] {
	return [...new Set(values)];
}

/** The JSON:API body of `POST /api/events` for one event of an order. */
export function createEventRequestBody(profile: ProfileIdentity, event: OrderEvent): Record<string, unknown> {
	return {
		data: {
			type: 'event',
			attributes: {
				metric: { data: { type: 'metric', attributes: { name: event.metric } } },
				profile: { data: { type: 'profile', attributes: profile } },
				properties: event.properties,
				value: event.value,
				value_currency: event.valueCurrency,
				unique_id: event.uniqueId,
				time: event.time,
				backfill: event.backfill,
			},
		},
	};
}
