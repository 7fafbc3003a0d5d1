/**
 * What Klaviyo should hold for the orders of the window: the same rule the sync uses
 * (`orderEvents`), so the monitor never expects an event the sync would not send (a guest's sale, an
 * open order) and never misses one it would.
 */
import { placeholderPatterns } from '../klaviyo/identity-options';
import { orderEvents, type ProfileIdentity } from '../klaviyo/order-events';
import { dayIn } from '../order/time-zones';
import type { NormalizedOrder } from '../order/types';
import { outsideTheSync } from '../settings/sync-settings';
import type { MonitorSettings, StoreRef } from './types';

export interface ExpectedEvent {
	/** `<metric>|<orderId>`: the key of the missing list and of presence. */
	key: string;
	metric: string;
	order: NormalizedOrder;
	profile: ProfileIdentity;
	tillMs: number;
}

/** The customer of the newest attributed order in the window, as Sitoo has them. */
export interface CustomerSnapshot {
	email: string;
	phone?: string;
	firstName?: string;
	lastName?: string;
	orderId: number;
	tillMs: number;
}

export interface SaleAttribution {
	store: StoreRef;
	day: string;
	attributed: boolean;
}

export interface Expectations {
	expected: ExpectedEvent[];
	sales: SaleAttribution[];
	customers: CustomerSnapshot[];
}

export function eventKey(metric: string, orderId: number | string): string {
	return `${metric}|${String(orderId)}`;
}

/** The till time's date where the store is (`pos-timezone`), so a store's day ends at its midnight; UTC when unknown. */
export function storeDay(order: NormalizedOrder): string {
	return dayIn(order.tillTime, order.store.timeZone);
}

export function storeOf(order: NormalizedOrder): StoreRef {
	const key =
		order.store.id !== undefined
			? String(order.store.id)
			: (order.store.name ?? order.store.externalId ?? 'unknown');
	return {
		key,
		name:
			order.store.name ??
			(order.store.id !== undefined ? `Store ${order.store.id}` : 'Unknown store'),
	};
}

/**
 * Only completed orders (closed and paid) are judged: open, parked and booking orders are not
 * synced until they settle (docs/design.md invariant 2), and cancelled ones never produce a Placed Order.
 */
export function expectationsOf(
	orders: readonly NormalizedOrder[],
	settings: MonitorSettings,
	now: number,
): Expectations {
	const expected: ExpectedEvent[] = [];
	const sales: SaleAttribution[] = [];
	const customers = new Map<string, CustomerSnapshot>();
	for (const order of orders) {
		if (!order.state.isCompleted) continue;
		// The sync leaves it out on purpose (its store, a staff purchase): not missing, not a guest.
		if (outsideTheSync(order, settings.scope) !== undefined) continue;
		const tillMs = Date.parse(order.tillTime);
		const result = orderEvents(order, {
			now,
			placeholderEmails: placeholderPatterns(settings),
			defaultCountry: settings.defaultCountry,
			identifyBy: settings.identifyBy,
			placeholderPhones: settings.placeholderPhones,
			metricNames: {
				placedOrder: settings.placedOrderMetric,
				refundedOrder: settings.refundedOrderMetric,
			},
			includeOrderedProducts: false,
		});
		if (order.parts.sale)
			sales.push({
				store: storeOf(order),
				day: storeDay(order),
				attributed: result.attributed,
			});
		if (!result.attributed) continue;
		for (const event of result.events) {
			expected.push({
				key: eventKey(event.metric, order.ids.orderId),
				metric: event.metric,
				order,
				profile: result.profile,
				tillMs,
			});
		}
		// Profile drift is checked from the email's profile; a phone-only shopper has none to compare.
		const email = result.profile.email;
		if (email === undefined) continue;
		const known = customers.get(email);
		if (
			!known ||
			known.tillMs < tillMs ||
			(known.tillMs === tillMs && known.orderId < order.ids.orderId)
		) {
			const snapshot: CustomerSnapshot = {
				email,
				orderId: order.ids.orderId,
				tillMs,
			};
			if (result.profile.phone_number) snapshot.phone = result.profile.phone_number;
			if (order.customer.firstName) snapshot.firstName = order.customer.firstName;
			if (order.customer.lastName) snapshot.lastName = order.customer.lastName;
			customers.set(email, snapshot);
		}
	}
	return { expected, sales, customers: [...customers.values()] };
}

/**
 * Order ids present in Klaviyo for one metric, from `GET /api/events` resources. Klaviyo does not
 * echo `unique_id`, so `event_properties.OrderId` is the only reliable key (docs/reference/klaviyo-api.md §2.6).
 */
export function orderIdsInEvents(events: readonly unknown[]): Set<string> {
	const ids = new Set<string>();
	for (const event of events) {
		const attributes = (
			event as { attributes?: { event_properties?: Record<string, unknown> } } | null
		)?.attributes;
		const id = attributes?.event_properties?.OrderId;
		if (typeof id === 'string' && id !== '') ids.add(id);
		else if (typeof id === 'number') ids.add(String(id));
	}
	return ids;
}

/** "A••• B•••": a name as the status page shows it, like the e-mails: recognisable, not readable. */
export function maskName(name: string): string {
	return name
		.split(/\s+/)
		.filter((part) => part !== '')
		.map((part) => `${[...part][0]}•••`)
		.join(' ');
}

/** "+46•••67": the country code and the last two digits, enough to tell two numbers apart. */
export function maskPhone(phone: string): string {
	const digits = phone.replace(/\s+/g, '');
	return digits.length <= 5 ? '•••' : `${digits.slice(0, 3)}•••${digits.slice(-2)}`;
}

/** The masked email, else the masked phone: who an event is about, as the report shows it. */
export function maskIdentity(profile: { email?: string; phone_number?: string }): string {
	if (profile.email) return maskEmail(profile.email);
	return profile.phone_number ? maskPhone(profile.phone_number) : '••••';
}

/** "an••••@example.com": enough for staff to recognise a customer, not enough to harvest addresses. */
export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at < 1) return '••••';
	const local = email.slice(0, at);
	return `${local.slice(0, Math.min(2, local.length))}••••${email.slice(at)}`;
}
