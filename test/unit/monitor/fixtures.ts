/** Fake normalized orders and Klaviyo resources for the monitor's rules. */
import type { NormalizedOrder } from '../../../nodes/core/order/types';
import { DEFAULT_MONITOR_SETTINGS, type MonitorSettings } from '../../../nodes/core/monitor';

export const NOW = Date.parse('2026-07-01T12:00:00Z');
export const MIN = 60_000;

export const STORES = {
	stockholm: { id: 1, name: 'Stockholm Drottninggatan', country: 'SE' },
	oslo: { id: 2, name: 'Oslo Karl Johan', country: 'NO' },
	berlin: { id: 3, name: 'Berlin Mitte', country: 'DE' },
	gothenburg: { id: 4, name: 'Göteborg Avenyn', country: 'SE' },
};

export interface OrderSpec {
	orderId: number;
	/** Minutes before NOW. */
	minutesAgo: number;
	store?: keyof typeof STORES;
	email?: string;
	phone?: string;
	firstName?: string;
	lastName?: string;
	kind?: 'sale' | 'refund' | 'exchange';
	completed?: boolean;
	originalOrderId?: number;
}

export function order(spec: OrderSpec): NormalizedOrder {
	const kind = spec.kind ?? 'sale';
	const store = STORES[spec.store ?? 'stockholm'];
	const line = {
		lineId: 1,
		sku: 'TSHIRT-M',
		name: 'T-shirt',
		quantity: kind === 'refund' ? -1 : 1,
		unitPrice: 199,
		rowTotal: kind === 'refund' ? -199 : 199,
		rowNet: 159.2,
		rowVat: 39.8,
		discountNet: 0,
	};
	const lines =
		kind === 'exchange' ? [line, { ...line, lineId: 2, quantity: -1, rowTotal: -199 }] : [line];
	const completed = spec.completed ?? true;
	const parts: NormalizedOrder['parts'] = {};
	if (kind === 'sale') parts.sale = { lineIds: [1], itemsGross: 199, value: 199 };
	if (kind === 'refund')
		parts.refund = {
			lineIds: [1],
			itemsGross: -199,
			value: -199,
			isManualReturn: spec.originalOrderId === undefined,
		};
	if (kind === 'exchange') {
		parts.sale = { lineIds: [1], itemsGross: 199, value: 199 };
		parts.refund = { lineIds: [2], itemsGross: -199, value: -199, isManualReturn: true };
	}
	const customer: NormalizedOrder['customer'] = {};
	if (spec.email !== undefined) customer.email = spec.email;
	if (spec.phone !== undefined) customer.phone = spec.phone;
	if (spec.firstName !== undefined) customer.firstName = spec.firstName;
	if (spec.lastName !== undefined) customer.lastName = spec.lastName;
	const ids: NormalizedOrder['ids'] = {
		accountId: '90210',
		orderId: spec.orderId,
		receiptId: `R-${spec.orderId}`,
	};
	if (spec.originalOrderId !== undefined) {
		ids.originalOrderId = spec.originalOrderId;
		ids.refundSequence = 1;
	}
	const value = kind === 'refund' ? -199 : kind === 'exchange' ? 0 : 199;
	return {
		kind,
		ids,
		tillTime: new Date(NOW - spec.minutesAgo * MIN).toISOString(),
		state: {
			order: completed ? 'closed' : 'open',
			payment: completed ? 'successful' : 'none',
			orderType: 'sale',
			isFinal: completed,
			isCompleted: completed,
		},
		source: { system: 'sitoo', channel: 'pos' },
		store: { id: store.id, name: store.name, country: store.country },
		currency: 'SEK',
		totals: {
			gross: value,
			net: value,
			vat: 0,
			itemsGross: value,
			discountNet: 0,
			roundoff: 0,
			delivery: 0,
		},
		customer,
		lines,
		parts,
		payments: [{ method: 'card', amount: value }],
	};
}

/** A member's sale in a store, `minutesAgo` before NOW. */
export function sale(
	orderId: number,
	minutesAgo: number,
	store: keyof typeof STORES = 'stockholm',
	email = `customer${orderId}@example.com`,
): NormalizedOrder {
	return order({ orderId, minutesAgo, store, email });
}

export function guestSale(
	orderId: number,
	minutesAgo: number,
	store: keyof typeof STORES = 'stockholm',
): NormalizedOrder {
	return order({ orderId, minutesAgo, store });
}

export function settings(overrides: Partial<MonitorSettings> = {}): MonitorSettings {
	return { ...DEFAULT_MONITOR_SETTINGS, ...overrides };
}

/** A `GET /api/events` resource as Klaviyo returns it (no unique_id, OrderId in the properties). */
export function klaviyoEvent(orderId: number | string, datetime = '2026-07-01T11:00:00Z'): unknown {
	return {
		type: 'event',
		id: `ev${orderId}`,
		attributes: {
			timestamp: Date.parse(datetime) / 1000,
			datetime,
			uuid: `u-${orderId}`,
			event_properties: { OrderId: String(orderId), 'Source Name': 'POS' },
		},
		relationships: { metric: { data: { type: 'metric', id: 'M1' } } },
	};
}

export function klaviyoProfile(id: string, attributes: Record<string, unknown>): unknown {
	return { type: 'profile', id, attributes };
}

/** Presence map: every order id given is in Klaviyo under the metric. */
export function present(placed: number[], refunded: number[] = []): Map<string, Set<string>> {
	return new Map([
		['Placed Order', new Set(placed.map(String))],
		['Refunded Order', new Set(refunded.map(String))],
	]);
}
