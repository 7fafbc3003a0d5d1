/**
 * What one Track operation sends for one order: Placed Order (+ Ordered Product per line), Refunded
 * Order, or Canceled Order, built by `orderEvents` so ids, staleness and identity follow one rule
 * (DESIGN invariants 1, 3, 4, 6). An order that does not fit the operation is skipped with its reason.
 */
import type { NormalizedOrder } from '../order/types';
import { DEFAULT_METRIC_NAMES, orderEvents, type OrderEvent, type ProfileIdentity } from './order-events';
import { placeholderPatterns, type IdentityOptions } from './identity-options';

export type OrderTrack = 'placed' | 'refunded' | 'cancelled';

/** Klaviyo's current guide spells it "Canceled Order"; Square and older guides "Cancelled Order" (klaviyo-api.md §3). */
export const DEFAULT_CANCELLED_METRIC = 'Canceled Order';

export interface TrackOptions extends IdentityOptions {
	now: number;
	sourceName?: string;
	staleAfterHours?: number;
	placedOrderMetric?: string;
	orderedProductMetric?: string;
	refundedOrderMetric?: string;
	cancelledOrderMetric?: string;
	includeOrderedProducts?: boolean;
	/** Track Placed Order only for closed and paid orders (open, parked and booking orders are skipped). */
	onlyCompleted?: boolean;
	/** Reason on a Canceled Order, when the order carries none. */
	cancelReason?: string;
}

export type TrackResult =
	| { status: 'send'; profile: ProfileIdentity; events: OrderEvent[]; notes: string[] }
	| { status: 'skipped'; reason: string }
	| { status: 'unattributed'; reason: string };

export function trackOrder(track: OrderTrack, order: NormalizedOrder, options: TrackOptions): TrackResult {
	const orderId = order.ids.orderId;
	const base = {
		now: options.now,
		sourceName: options.sourceName || 'POS',
		staleAfterHours: options.staleAfterHours ?? 12,
		placeholderEmails: placeholderPatterns(options),
		defaultCountry: options.defaultCountry,
	};
	if (track === 'placed') {
		if (!order.parts.sale) return { status: 'skipped', reason: `order ${orderId} has no sold lines (it is a ${order.kind}); use Track Refunded Order for returns` };
		if ((options.onlyCompleted ?? true) && !order.state.isCompleted) {
			return { status: 'skipped', reason: `order ${orderId} is not completed (status ${order.state.order}, payment ${order.state.payment}, ${order.state.orderType}); it is tracked once it is closed and paid` };
		}
		const placed = options.placedOrderMetric || DEFAULT_METRIC_NAMES.placedOrder;
		const product = options.orderedProductMetric || DEFAULT_METRIC_NAMES.orderedProduct;
		if (placed === product) throw new TrackConfigError('Ordered Product Metric', `"${product}" is also the Placed Order metric; give the two different names`);
		const result = orderEvents(order, { ...base, metricNames: { placedOrder: placed, orderedProduct: product }, includeOrderedProducts: options.includeOrderedProducts ?? true });
		if (!result.attributed) return { status: 'unattributed', reason: result.reason };
		return { status: 'send', profile: result.profile, events: result.events.filter((e) => e.metric === placed || e.metric === product), notes: result.notes };
	}
	if (track === 'refunded') {
		if (!order.parts.refund) return { status: 'skipped', reason: `order ${orderId} has no returned lines (it is a ${order.kind}); use Track Placed Order for sales` };
		const refunded = options.refundedOrderMetric || DEFAULT_METRIC_NAMES.refundedOrder;
		const result = orderEvents({ ...order, parts: { refund: order.parts.refund } }, { ...base, metricNames: { refundedOrder: refunded }, includeOrderedProducts: false });
		if (!result.attributed) return { status: 'unattributed', reason: result.reason };
		return { status: 'send', profile: result.profile, events: result.events, notes: result.notes };
	}
	if (order.state.order !== 'cancelled') return { status: 'skipped', reason: `order ${orderId} is not cancelled (status ${order.state.order})` };
	if (!order.parts.sale) return { status: 'skipped', reason: `order ${orderId} has no sold lines to cancel` };
	const cancelled = options.cancelledOrderMetric || DEFAULT_CANCELLED_METRIC;
	// Same properties and unique_id as the Placed Order: Klaviyo links them for CLV only when the ids match (§3).
	const result = orderEvents({ ...order, parts: { sale: order.parts.sale } }, { ...base, metricNames: { placedOrder: cancelled }, includeOrderedProducts: false });
	if (!result.attributed) return { status: 'unattributed', reason: result.reason };
	const reason = order.refundReason?.comment ?? order.refundReason?.code ?? (options.cancelReason || null);
	return { status: 'send', profile: result.profile, events: result.events.map((e) => ({ ...e, properties: { ...e.properties, Reason: reason } })), notes: result.notes };
}

export class TrackConfigError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}
