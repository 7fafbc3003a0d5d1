/**
 * What one Track operation sends for one order: Placed Order (+ Ordered Product per line), Refunded
 * Order, or Canceled Order, each from its own builder in order-events.ts, so ids, staleness and
 * identity follow one rule (docs/design.md invariants 1, 3, 4, 6). An order that does not fit the operation
 * is skipped with its reason.
 */
import type { NormalizedOrder } from '../order/types';
import {
	cancelledOrderEvents,
	DEFAULT_METRIC_NAMES,
	orderProfile,
	placedOrderEvents,
	refundedOrderEvents,
	type OrderEvent,
	type OrderEventSettings,
	type IdentifyShoppersBy,
	type ProfileIdentity,
} from './order-events';
import { isStale } from './event-request';
import { tillProfileAttributes } from './till-profile';
import { emailTypoList, placeholderPatterns, type IdentityOptions } from './identity-options';
import { outsideTheSync, type SyncScope } from '../settings/sync-settings';

export type OrderTrack = 'placed' | 'refunded' | 'cancelled';

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
	/**
	 * Track Refunded Order only for closed and paid refunds, as the triggers hand them on (a refund
	 * whose payment has not settled is skipped). Off unless set: older nodes sent any refund.
	 */
	refundsOnlyCompleted?: boolean;
	/** Reason on a Canceled Order, when the order carries none. */
	cancelReason?: string;
	/** See ShopperIdentityOptions. */
	identifyBy?: IdentifyShoppersBy;
	placeholderPhones?: readonly string[];
	/** Names, address and store properties from the till on the profile (default on; till-profile.ts). */
	profileFromTill?: boolean;
	/** Stores and staff purchases the sync settings leave out (core/settings). */
	scope?: SyncScope;
}

export type TrackResult =
	| { status: 'send'; profile: ProfileIdentity; events: OrderEvent[]; notes: string[] }
	| { status: 'skipped'; reason: string; outsideTheSync?: boolean }
	| { status: 'unattributed'; reason: string };

export function trackOrder(
	track: OrderTrack,
	order: NormalizedOrder,
	options: TrackOptions,
): TrackResult {
	const outside = outsideTheSync(order, options.scope);
	if (outside !== undefined)
		return {
			status: 'skipped',
			reason: `order ${order.ids.orderId} is left out: ${outside}`,
			outsideTheSync: true,
		};
	if (track === 'placed') return trackPlacedOrder(order, options);
	if (track === 'refunded') return trackRefundedOrder(order, options);
	return trackCancelledOrder(order, options);
}

function trackPlacedOrder(order: NormalizedOrder, options: TrackOptions): TrackResult {
	const orderId = order.ids.orderId;
	if (!order.parts.sale)
		return {
			status: 'skipped',
			reason: `order ${orderId} has no sold lines (it is a ${order.kind}); use Track Refunded Order for returns`,
		};
	if ((options.onlyCompleted ?? true) && !order.state.isCompleted) {
		return {
			status: 'skipped',
			reason: `order ${orderId} is not completed (status ${order.state.order}, payment ${order.state.payment}, ${order.state.orderType}); it is tracked once it is closed and paid`,
		};
	}
	const placed = options.placedOrderMetric || DEFAULT_METRIC_NAMES.placedOrder;
	const product = options.orderedProductMetric || DEFAULT_METRIC_NAMES.orderedProduct;
	if (placed === product)
		throw new TrackConfigError(
			'Ordered Product Metric',
			`"${product}" is also the Placed Order metric; give the two different names`,
		);
	const orderedProduct = (options.includeOrderedProducts ?? true) ? product : undefined;
	return attributed(
		order,
		options,
		() => placedOrderEvents(order, settingsOf(options), { placedOrder: placed, orderedProduct }),
		!isStale(order.tillTime, settingsOf(options)),
	);
}

function trackRefundedOrder(order: NormalizedOrder, options: TrackOptions): TrackResult {
	if (!order.parts.refund)
		return {
			status: 'skipped',
			reason: `order ${order.ids.orderId} has no returned lines (it is a ${order.kind}); use Track Placed Order for sales`,
		};
	if (options.refundsOnlyCompleted && !order.state.isCompleted)
		return {
			status: 'skipped',
			reason: `order ${order.ids.orderId} is not completed (status ${order.state.order}, payment ${order.state.payment}, ${order.state.orderType}); it is tracked once it is closed and paid`,
		};
	const metric = options.refundedOrderMetric || DEFAULT_METRIC_NAMES.refundedOrder;
	return attributed(order, options, () => refundedOrderEvents(order, settingsOf(options), metric));
}

function trackCancelledOrder(order: NormalizedOrder, options: TrackOptions): TrackResult {
	const orderId = order.ids.orderId;
	if (order.state.order !== 'cancelled')
		return {
			status: 'skipped',
			reason: `order ${orderId} is not cancelled (status ${order.state.order})`,
		};
	if (!order.parts.sale)
		return { status: 'skipped', reason: `order ${orderId} has no sold lines to cancel` };
	const metric = options.cancelledOrderMetric || DEFAULT_METRIC_NAMES.cancelledOrder;
	return attributed(order, options, () =>
		cancelledOrderEvents(order, settingsOf(options), metric, options.cancelReason),
	);
}

/** The events, once the order has someone to attribute them to (invariant 4); built only then. */
function attributed(
	order: NormalizedOrder,
	options: TrackOptions,
	build: () => OrderEvent[],
	livePurchase = false,
): TrackResult {
	const who = orderProfile(order, {
		placeholderEmails: placeholderPatterns(options),
		emailTypos: emailTypoList(options),
		defaultCountry: options.defaultCountry,
		identifyBy: options.identifyBy,
		placeholderPhones: options.placeholderPhones,
	});
	if (!who.attributed) return { status: 'unattributed', reason: who.reason };
	const profile =
		(options.profileFromTill ?? true)
			? { ...tillProfileAttributes(order, { livePurchase }), ...who.profile }
			: who.profile;
	return { status: 'send', profile, events: build(), notes: who.notes };
}

function settingsOf(options: TrackOptions): OrderEventSettings {
	return {
		now: options.now,
		sourceName: options.sourceName || 'POS',
		staleAfterHours: options.staleAfterHours,
	};
}

export class TrackConfigError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}
