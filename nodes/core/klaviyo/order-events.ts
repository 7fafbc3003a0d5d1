/**
 * Normalized store orders → the Klaviyo events Klaviyo's own e-commerce integrations send
 * (docs/reference/klaviyo-api.md §3): one Placed Order per sale with one Ordered Product per line, one Refunded
 * Order per refund, and a Canceled Order for a cancelled sale, each with a deterministic unique_id
 * (docs/design.md invariants 1, 3, 4, 6). One builder per kind; they share the property helpers below.
 */
import {
	checkEmail,
	DEFAULT_EMAIL_TYPOS,
	DEFAULT_PLACEHOLDER_EMAILS,
	placeholderPhoneOf,
	toE164,
	type EmailCheck,
	type PhoneCheck,
} from '../identity';
import { linesOfPart } from '../order';
import type { NormalizedOrder, OrderLine } from '../order/types';
import { isStale, type KlaviyoEvent, type Staleness } from './event-request';
import type { TillProfileAttributes } from './till-profile';
import { orderedProductUniqueId, placedOrderUniqueId, refundedOrderUniqueId } from './unique-ids';

/** The one body builder; kept here too for the callers that map whole orders (bench, fuzz and monitor tests). */
export { createEventRequestBody } from './event-request';

export interface MetricNames {
	placedOrder: string;
	orderedProduct: string;
	refundedOrder: string;
	/** Klaviyo's current guide spells it "Canceled Order"; Square and older guides "Cancelled Order" (§3). */
	cancelledOrder: string;
}

export const DEFAULT_METRIC_NAMES: MetricNames = {
	placedOrder: 'Placed Order',
	orderedProduct: 'Ordered Product',
	refundedOrder: 'Refunded Order',
	cancelledOrder: 'Canceled Order',
};

/** What every event of an order needs besides the order: the clock, the source name, the staleness threshold. */
export interface OrderEventSettings extends Staleness {
	/** Top-level and segmentable, like Shopify POS and Square's "Source Name" (§3). */
	sourceName?: string;
}

export interface OrderEventOptions extends OrderEventSettings, ShopperIdentityOptions {
	metricNames?: Partial<MetricNames>;
	includeOrderedProducts?: boolean;
}

/** How a shopper is recognised (docs/design.md invariant 4). */
export interface ShopperIdentityOptions {
	placeholderEmails?: readonly string[];
	/** Likely misspelt domains as `typo=domain` (default: the built-in list); reported in `notes`. */
	emailTypos?: readonly string[];
	/** Country used for phones typed without a country code when the store's is unknown. */
	defaultCountry?: string;
	/**
	 * `emailOrPhone` (default): a shopper without a usable email is identified by a valid phone, as
	 * Klaviyo's own POS integrations do; `email`: only an email identifies.
	 */
	identifyBy?: IdentifyShoppersBy;
	/** Numbers staff type when a customer gives none (the store's own phone…); never identify anyone. */
	placeholderPhones?: readonly string[];
}

export type IdentifyShoppersBy = 'emailOrPhone' | 'email';

/** Who the events are about: an email, a phone (E.164), or both, plus what the till knows of them. */
export interface ProfileIdentity extends TillProfileAttributes {
	email?: string;
	phone_number?: string;
}

/** The attributes of one Create Event request (`data.attributes` without `profile`); an order's events carry every member. */
export interface OrderEvent extends KlaviyoEvent {
	value: number;
	valueCurrency: string;
	uniqueId: string;
	time: string;
	backfill: boolean;
}

export type OrderProfileResult =
	| { attributed: true; profile: ProfileIdentity; notes: string[] }
	| { attributed: false; reason: string };

export type OrderEventsResult =
	| { attributed: true; profile: ProfileIdentity; events: OrderEvent[]; notes: string[] }
	| { attributed: false; reason: string };

/**
 * Who an order's events are about (invariant 4): a usable email, with the phone added when it reads
 * as E.164; without an email, the phone alone unless only emails identify. A placeholder phone
 * identifies nobody: attributing every guest's sale to the store's own number would make one
 * profile of many people.
 */
export function orderProfile(
	order: NormalizedOrder,
	options: ShopperIdentityOptions,
): OrderProfileResult {
	let email: EmailCheck = checkEmail(
		order.customer.email,
		options.placeholderEmails ?? DEFAULT_PLACEHOLDER_EMAILS,
		options.emailTypos ?? DEFAULT_EMAIL_TYPOS,
	);
	const notes: string[] = [];
	const profile: ProfileIdentity = {};
	const storeEmail = order.store.email?.trim().toLowerCase();
	if (email.ok && storeEmail && email.email === storeEmail)
		// Staff key in the store's own address to get a receipt mailed: no setting is needed for it.
		email = {
			ok: false,
			reason: `email "${email.email}" is the store's own address (Sitoo's store record), not the customer's`,
		};
	if (email.ok) {
		profile.email = email.email;
		if (email.likelyTypo) notes.push(email.likelyTypo.warning);
	}
	const phone = orderPhone(order, options);
	if (phone.ok) profile.phone_number = phone.phone;
	else if (order.customer.phone) notes.push(`phone left out: ${phone.reason}`);
	const byPhone = (options.identifyBy ?? 'emailOrPhone') === 'emailOrPhone';
	if (email.ok || (byPhone && phone.ok)) {
		if (!email.ok && order.customer.email?.trim()) notes.unshift(`email left out: ${email.reason}`);
		return { attributed: true, profile, notes };
	}
	if (!byPhone)
		return {
			attributed: false,
			reason: `Order ${order.ids.orderId} has no usable customer email: ${email.reason}.`,
		};
	return {
		attributed: false,
		reason: `Order ${order.ids.orderId} has no usable customer email or phone: ${email.reason}; ${phone.ok ? 'phone not used' : phone.reason}.`,
	};
}

function orderPhone(order: NormalizedOrder, options: ShopperIdentityOptions): PhoneCheck {
	const country = order.store.country ?? options.defaultCountry;
	const phone = toE164(order.customer.phone, country);
	if (!phone.ok) return phone;
	const storePhone = order.store.phone ? toE164(order.store.phone, country) : undefined;
	if (storePhone?.ok && storePhone.phone === phone.phone)
		return {
			ok: false,
			reason: `phone ${phone.phone} is the store's own number (Sitoo's store record), not the customer's`,
		};
	const placeholder = placeholderPhoneOf(phone.phone, options.placeholderPhones ?? [], country);
	if (placeholder !== undefined)
		return {
			ok: false,
			reason: `phone ${phone.phone} is a placeholder (matches "${placeholder.trim()}"), not the customer's number`,
		};
	return phone;
}

/** Every event of the order: its sale part (Placed Order, Ordered Products) and its refund part (Refunded Order). */
export function orderEvents(order: NormalizedOrder, options: OrderEventOptions): OrderEventsResult {
	const who = orderProfile(order, options);
	if (!who.attributed) return who;
	const names = { ...DEFAULT_METRIC_NAMES, ...options.metricNames };
	const events = [
		...placedOrderEvents(order, options, {
			placedOrder: names.placedOrder,
			orderedProduct: (options.includeOrderedProducts ?? true) ? names.orderedProduct : undefined,
		}),
		...refundedOrderEvents(order, options, names.refundedOrder),
	];
	return { attributed: true, profile: who.profile, events, notes: who.notes };
}

/** The members every event of the order shares: till time (invariant 2), currency and staleness (invariant 3). */
function eventBase(
	order: NormalizedOrder,
	settings: OrderEventSettings,
): Pick<OrderEvent, 'valueCurrency' | 'time' | 'backfill'> {
	return {
		valueCurrency: order.currency,
		time: order.tillTime,
		backfill: isStale(order.tillTime, settings),
	};
}

/** One Placed Order for the sale part (value = its total) and, unless no metric is named for them, one Ordered Product per sold line. */
export function placedOrderEvents(
	order: NormalizedOrder,
	settings: OrderEventSettings,
	metrics: { placedOrder: string; orderedProduct?: string },
): OrderEvent[] {
	const sale = order.parts.sale;
	if (!sale) return [];
	const base = eventBase(order, settings);
	const accountId = order.ids.accountId;
	const lines = linesOfPart(order, 'sale');
	const events: OrderEvent[] = [
		{
			...base,
			metric: metrics.placedOrder,
			properties: orderProperties(order, lines, settings),
			value: sale.value,
			uniqueId: placedOrderUniqueId(accountId, order.ids.orderId),
		},
	];
	if (metrics.orderedProduct === undefined) return events;
	// The same for every line of the order: read once.
	const orderId = String(order.ids.orderId);
	const sourceName = settings.sourceName ?? 'POS';
	const store = storeProperties(order);
	for (const line of lines) {
		const properties = orderedProductProperties(line);
		properties.OrderId = orderId;
		properties['Source Name'] = sourceName;
		properties['Store ID'] = store['Store ID'];
		properties['Store Name'] = store['Store Name'];
		events.push({
			valueCurrency: base.valueCurrency,
			time: base.time,
			backfill: base.backfill,
			metric: metrics.orderedProduct,
			properties,
			value: line.rowTotal,
			uniqueId: orderedProductUniqueId(accountId, order.ids.orderId, line.lineId),
		});
	}
	return events;
}

/** One Refunded Order for the refund part, linked to its sale by the unique id (invariant 1). */
export function refundedOrderEvents(
	order: NormalizedOrder,
	settings: OrderEventSettings,
	metric: string,
): OrderEvent[] {
	const refund = order.parts.refund;
	if (!refund) return [];
	const lines = linesOfPart(order, 'refund');
	const original = refund.isManualReturn ? undefined : order.ids.originalOrderId;
	return [
		{
			...eventBase(order, settings),
			metric,
			properties: {
				...orderProperties(order, lines, settings),
				// Refunds report what went back as positive amounts, like the Placed Order they reverse.
				Items: lines.map((line) => itemOf(line)),
				OriginalOrderId: original === undefined ? null : String(original),
				RefundOrderId: String(order.ids.orderId),
				ManualReturn: refund.isManualReturn,
				Reason:
					order.refundReason?.comment ??
					order.refundReason?.code ??
					lines.find((l) => l.returnReason)?.returnReason ??
					null,
			},
			value: Math.abs(refund.value),
			uniqueId: refundedOrderUniqueId({
				accountId: order.ids.accountId,
				refundOrderId: order.ids.orderId,
				originalOrderId: original,
				refundSequence: order.ids.refundSequence,
			}),
		},
	];
}

/**
 * One cancelled-order event for the sale part, with the Placed Order's properties and unique_id:
 * Klaviyo links them for CLV only when the ids match (§3). The order's own reason wins over `fallbackReason`.
 */
export function cancelledOrderEvents(
	order: NormalizedOrder,
	settings: OrderEventSettings,
	metric: string,
	fallbackReason?: string,
): OrderEvent[] {
	const reason =
		order.refundReason?.comment ?? order.refundReason?.code ?? (fallbackReason || null);
	return placedOrderEvents(order, settings, { placedOrder: metric }).map((event) => ({
		...event,
		properties: { ...event.properties, Reason: reason },
	}));
}

function storeProperties(order: NormalizedOrder): Record<string, unknown> {
	return {
		'Store ID': order.store.id ?? order.store.externalId ?? null,
		'Store Name': order.store.name ?? null,
	};
}

/** Placed Order properties per Klaviyo's guide, with flat top-level arrays so segments can use them (§3). */
function orderProperties(
	order: NormalizedOrder,
	lines: OrderLine[],
	settings: OrderEventSettings,
): Record<string, unknown> {
	const categories = unique(lines.flatMap((line) => line.categories ?? []));
	const brands = unique(
		lines.map((line) => line.brand).filter((brand): brand is string => !!brand),
	);
	const properties: Record<string, unknown> = {
		OrderId: String(order.ids.orderId),
		'Source Name': settings.sourceName ?? 'POS',
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
	properties.$extra = {
		RegisterId: order.registerId ?? null,
		Payments: order.payments.map((p) => p.method),
		Channel: order.source.channel,
	};
	return properties;
}

/** An entry of Items: the line's product fields, what the row came to, and its brand as `Brand`. */
function itemOf(line: OrderLine): Record<string, unknown> {
	const item = productFields(line);
	item.RowTotal = Math.abs(line.rowTotal);
	item.Categories = line.categories ?? [];
	item.Brand = line.brand ?? null;
	addProductDetails(item, line);
	return item;
}

/** Ordered Product uses `ProductBrand`, not `Brand` (§3); the row total is its event value, not a property. */
function orderedProductProperties(line: OrderLine): Record<string, unknown> {
	const properties = productFields(line);
	properties.Categories = line.categories ?? [];
	addProductDetails(properties, line);
	properties.ProductBrand = line.brand ?? null;
	return properties;
}

/**
 * The fields an Items entry and an Ordered Product open with. Each caller adds its own fields after
 * them, in place: this runs for every line of every order, and keys keep their order in the JSON.
 */
function productFields(line: OrderLine): Record<string, unknown> {
	return {
		ProductID: line.productId === undefined ? null : String(line.productId),
		SKU: line.sku ?? null,
		ProductName: line.name ?? null,
		Quantity: Math.abs(line.quantity),
		ItemPrice: line.unitPrice ?? null,
	};
}

/** Variant, product page and image: only when the till has them. */
function addProductDetails(fields: Record<string, unknown>, line: OrderLine): void {
	if (line.attributes) fields.Variant = line.attributes;
	if (line.productUrl) fields.ProductURL = line.productUrl;
	if (line.imageUrl) fields.ImageURL = line.imageUrl;
}

function unique<T>(values: T[]): T[] {
	return [...new Set(values)];
}
