/**
 * One input item as the Track operations see it: the order (the Sitoo nodes' normalized order in
 * `$json`, or fields mapped by expression), the options, and what the core makes of them.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import {
	orderFromFields,
	readNormalizedOrder,
	type MappedOrderKind,
	type OrderRead,
} from '../../core/klaviyo/order-input';
import {
	trackOrder,
	type OrderTrack,
	type TrackOptions,
	type TrackResult,
} from '../../core/klaviyo/track-order';
import { identityOptionsFrom, now, shopperIdentityFrom, syncSettingsOf } from '../actions/shared';
import { overOptions, scopeOf, type SyncSettings } from '../../core/settings/sync-settings';
import type { OrderEvent } from '../../core/klaviyo/order-events';

/** The order of this item as a normalized order, or why it cannot be read. */
export function readOrder(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: MappedOrderKind,
	status?: 'closed' | 'cancelled',
): OrderRead {
	if (orderInputOf(this, itemIndex) === 'normalized')
		return readNormalizedOrder(this.getInputData()[itemIndex]?.json);
	const fields = this.getNodeParameter('orderFields', itemIndex, {}) as IDataObject;
	return orderFromFields(
		{
			accountId: fields.accountId,
			orderId: fields.orderId,
			email: fields.email,
			phone: fields.phone,
			tillTime: fields.tillTime,
			currency: fields.currency,
			total: fields.total,
			lines: fields.lines,
			storeId: fields.storeId,
			storeName: fields.storeName,
			storeCountry: fields.storeCountry,
			receiptId: fields.receiptId,
			originalOrderId: fields.originalOrderId === '' ? undefined : fields.originalOrderId,
			refundSequence: fields.refundSequence,
		},
		kind,
		status,
	);
}

/** An expression that reads the item (its JSON, binary or paired items) gives each item its own options. */
const READS_THE_ITEM =
	/\$json|\$binary|\.item\b|\$item\b|\$itemIndex|\.pairedItem\b|\$position\b|\$node\b|\$data\b/;

/** Whether parameters as written (n8n's `rawExpressions`) hold an expression that reads the item. */
export function readsTheItem(raw: unknown): boolean {
	return READS_THE_ITEM.test(JSON.stringify(raw) ?? '');
}

/** The options of a node run, when no expression among them reads the item ('perItem' when one does). */
const runOptions = new WeakMap<
	IExecuteFunctions,
	{ own: IDataObject; settings: SyncSettings } | 'perItem'
>();

/**
 * The item's options and sync settings. Evaluating the options' expressions costs about half a
 * millisecond an item (the settings table's rows, say), as long as mapping the order itself: options
 * that do not read the item are evaluated once per run.
 */
function optionsOfItem(
	context: IExecuteFunctions,
	itemIndex: number,
): { own: IDataObject; settings: SyncSettings } {
	const known = runOptions.get(context);
	if (known !== undefined && known !== 'perItem') return known;
	const own = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const read = { own, settings: syncSettingsOf.call(context, own, itemIndex) };
	if (known === undefined) {
		const raw = context.getNodeParameter('options', itemIndex, {}, { rawExpressions: true });
		runOptions.set(context, readsTheItem(raw) ? 'perItem' : read);
	}
	return read;
}

type RunTrackOptions = Omit<TrackOptions, 'now'> & { options: IDataObject };

/** A run's track options, when its options do not read the item: built once, not once an order. */
const runTrackOptions = new WeakMap<IExecuteFunctions, RunTrackOptions>();

export function trackOptions(
	this: IExecuteFunctions,
	itemIndex: number,
): TrackOptions & { options: IDataObject } {
	let built = runTrackOptions.get(this);
	if (built === undefined) {
		built = buildTrackOptions(this, itemIndex);
		if (runOptions.get(this) !== 'perItem') runTrackOptions.set(this, built);
	}
	return { ...built, now: now() };
}

function buildTrackOptions(context: IExecuteFunctions, itemIndex: number): RunTrackOptions {
	const { own, settings } = optionsOfItem(context, itemIndex);
	const options = overOptions(own, settings);
	const typeVersion = typeVersionOf(context);
	// Version 1.2 added phone identity and profiles from the till; older nodes keep their behaviour.
	const wholeShoppers = typeVersion >= 1.2;
	return {
		...identityOptionsFrom(options),
		options,
		sourceName: typeof options.sourceName === 'string' ? options.sourceName : undefined,
		staleAfterHours:
			typeof options.staleAfterHours === 'number' ? options.staleAfterHours : undefined,
		placedOrderMetric: options.placedOrderMetric as string | undefined,
		orderedProductMetric: options.orderedProductMetric as string | undefined,
		refundedOrderMetric: options.refundedOrderMetric as string | undefined,
		cancelledOrderMetric: options.cancelledOrderMetric as string | undefined,
		includeOrderedProducts: options.includeOrderedProducts as boolean | undefined,
		onlyCompleted: options.onlyCompleted as boolean | undefined,
		// Version 1.3 skips refunds not yet closed and paid, as Track Placed Order skips such sales.
		refundsOnlyCompleted: typeVersion >= 1.3,
		cancelReason: options.cancelReason as string | undefined,
		...shopperIdentityFrom(options, wholeShoppers),
		profileFromTill:
			typeof options.profileFromTill === 'boolean' ? options.profileFromTill : wholeShoppers,
		scope: scopeOf(settings),
	};
}

/** What the core makes of this item's order for the track, with the order's ids for the output item. */
export function trackOrderOfItem(
	this: IExecuteFunctions,
	itemIndex: number,
	track: OrderTrack,
): { about: IDataObject; result: TrackResult } {
	if (isPlaceholderItem(this, itemIndex))
		return {
			about: { orderId: null, kind: null, receiptId: null, store: null },
			result: {
				status: 'skipped',
				reason:
					'the item is empty: no order (a node set to Always Output Data gives one when it finds nothing)',
			},
		};
	const kind: MappedOrderKind = track === 'refunded' ? 'refund' : 'sale';
	const read = readOrder.call(
		this,
		itemIndex,
		kind,
		track === 'cancelled' ? 'cancelled' : 'closed',
	);
	if (!read.ok)
		throw new NodeOperationError(this.getNode(), `The order cannot be read: ${read.reason}`, {
			itemIndex,
			description: `Field: ${read.field}`,
		});
	const order = read.order;
	const about = {
		orderId: order.ids.orderId,
		kind: order.kind,
		receiptId: order.ids.receiptId ?? null,
		// For the exception ledger's store column.
		store: order.store.name ?? (order.store.id !== undefined ? String(order.store.id) : null),
	};
	return { about, result: trackOrder(track, order, trackOptions.call(this, itemIndex)) };
}

/** What the core makes of one item's order (`trackOrderOfItem`); throws when it cannot be read. */
export type MapOrderItem = (itemIndex: number) => { about: IDataObject; result: TrackResult };

/**
 * `trackOrderOfItem` for a run, each item mapped once: "Automatic" counts a run's events before it
 * chooses how to send them, and the path it chooses reads the same results.
 */
export function mapEachOrderOnce(context: IExecuteFunctions, track: OrderTrack): MapOrderItem {
	const mapped = new Map<number, ReturnType<MapOrderItem> | { unreadable: unknown }>();
	return (itemIndex) => {
		let one = mapped.get(itemIndex);
		if (one === undefined) {
			try {
				one = trackOrderOfItem.call(context, itemIndex, track);
			} catch (error) {
				one = { unreadable: error };
			}
			mapped.set(itemIndex, one);
		}
		if ('unreadable' in one) throw one.unreadable;
		return one;
	};
}

/**
 * From version 1.3, an empty item where a normalized order is expected is passed by: it is the
 * placeholder n8n's Always Output Data gives when a read found nothing, not a broken order.
 */
function isPlaceholderItem(context: IExecuteFunctions, itemIndex: number): boolean {
	if (typeVersionOf(context) < 1.3) return false;
	if (orderInputOf(context, itemIndex) !== 'normalized') return false;
	const json = context.getInputData()[itemIndex]?.json;
	return json !== undefined && Object.keys(json).length === 0;
}

/** The node's type version, read once a run: n8n's `getNode()` copies the whole node every call. */
const runTypeVersion = new WeakMap<IExecuteFunctions, number>();

function typeVersionOf(context: IExecuteFunctions): number {
	let version = runTypeVersion.get(context);
	if (version === undefined) {
		version = context.getNode().typeVersion;
		runTypeVersion.set(context, version);
	}
	return version;
}

/** *Order Input* of a run, read once unless an expression sets it per item. */
const runOrderInput = new WeakMap<IExecuteFunctions, string>();

function orderInputOf(context: IExecuteFunctions, itemIndex: number): string {
	const known = runOrderInput.get(context);
	if (known !== undefined) return known;
	const raw = context.getNodeParameter('orderInput', itemIndex, 'normalized', {
		rawExpressions: true,
	}) as string;
	// Without an expression the value as written is the value: nothing to evaluate, now or later.
	if (raw.startsWith('=')) return context.getNodeParameter('orderInput', itemIndex) as string;
	runOrderInput.set(context, raw);
	return raw;
}

/** An order the sync settings leave out is "excluded", apart from orders skipped for what they are. */
export function skippedStatus(result: { outsideTheSync?: boolean }): 'excluded' | 'skipped' {
	return result.outsideTheSync ? 'excluded' : 'skipped';
}

/** The events of an order as its output item lists them, whichever way they were sent. */
export function eventsSummary(events: readonly OrderEvent[]): IDataObject[] {
	return events.map((e) => ({
		metric: e.metric,
		uniqueId: e.uniqueId,
		value: e.value,
		currency: e.valueCurrency,
		time: e.time,
		backfill: e.backfill,
	}));
}
