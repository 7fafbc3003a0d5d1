/**
 * The parts the three Track operations share: where the order comes from (the Sitoo nodes'
 * normalized order in `$json`, or fields mapped by expression), the options, and sending the events.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { createEventRequestBody } from '../../../core/klaviyo/order-events';
import { orderFromFields, readNormalizedOrder, type MappedOrderKind, type OrderRead } from '../../../core/klaviyo/order-input';
import { trackOrder, type OrderTrack, type TrackOptions } from '../../../core/klaviyo/track-order';
import type { KlaviyoClient } from '../../../transport/klaviyo';
import { sendUsingOption } from './send-using';
import { identityOptionFields, identityOptionsFrom, now, unattributedItem, type OperationOutput } from '../shared';

export function orderInputDescription(operation: string, kind: MappedOrderKind, extraOptions: INodeProperties[]): INodeProperties[] {
	const show = { resource: ['order'], operation: [operation] };
	const mapped = { ...show, orderInput: ['fields'] };
	const refundFields: INodeProperties[] =
		kind === 'refund'
			? [
					{ displayName: 'Original Order ID', name: 'originalOrderId', type: 'string', default: '', description: 'The sale the goods came back from. Leave empty for a return without a receipt.' },
					{ displayName: 'Refund Number', name: 'refundSequence', type: 'number', default: 1, description: 'Whether this is the 1st, 2nd… refund of the original sale. The first one is linked to the sale in Klaviyo for customer lifetime value.' },
				]
			: [];
	return [
		{
			displayName: 'Order Input',
			name: 'orderInput',
			type: 'options',
			options: [
				{ name: 'Normalized Order From a Sitoo Node', value: 'normalized', description: 'The incoming item is an order read by a Sitoo node with Output "Normalized"' },
				{ name: 'Map Fields', value: 'fields', description: 'Give the order\'s fields one by one, e.g. with expressions, for orders from another system' },
			],
			default: 'normalized',
			displayOptions: { show },
		},
		{
			displayName: 'Order Fields',
			name: 'orderFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: mapped },
			options: [
				{ displayName: 'Account ID', name: 'accountId', type: 'string', default: '', description: 'Your account in the source system. Part of every event\'s unique ID, so resending an order never doubles it.' },
				{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'SEK' },
				{ displayName: 'Customer Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
				{ displayName: 'Customer Phone', name: 'phone', type: 'string', default: '' },
				{ displayName: 'Lines (JSON)', name: 'lines', type: 'json', default: '[]', description: 'The order lines, e.g. [{"sku": "A1", "name": "Shirt", "quantity": 1, "unitPrice": 199, "rowTotal": 199, "categories": ["Shirts"], "brand": "Acme"}]' },
				{ displayName: 'Order ID', name: 'orderId', type: 'string', default: '', description: 'A whole number that identifies the order in the source system' },
				{ displayName: 'Order Time', name: 'tillTime', type: 'string', default: '', description: 'When the order was placed: ISO 8601 or epoch seconds' },
				{ displayName: 'Order Total', name: 'total', type: 'number', default: 0, typeOptions: { numberPrecision: 2 }, description: 'What was paid (or paid back) in total' },
				...refundFields,
				{ displayName: 'Receipt ID', name: 'receiptId', type: 'string', default: '' },
				{ displayName: 'Store Country', name: 'storeCountry', type: 'string', default: '', placeholder: 'SE', description: 'Two-letter code; phone numbers without a country code are read in this country' },
				{ displayName: 'Store ID', name: 'storeId', type: 'string', default: '' },
				{ displayName: 'Store Name', name: 'storeName', type: 'string', default: '' },
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show },
			options: ([
				...extraOptions,
				sendUsingOption,
				...identityOptionFields,
				{
					displayName: 'Source Name',
					name: 'sourceName',
					type: 'string',
					default: 'POS',
					description: 'Written as "Source Name" on every event, so segments and flows can tell in-store orders from web orders',
				},
				{
					displayName: 'Stale After (Hours)',
					name: 'staleAfterHours',
					type: 'number',
					default: 12,
					typeOptions: { minValue: 0 },
					description: 'Orders older than this when sent (offline tills, catch-up) are recorded without starting flows',
				},
			] as INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/** The order of this item as a normalized order, or why it cannot be read. */
export function readOrder(this: IExecuteFunctions, itemIndex: number, kind: MappedOrderKind, status?: 'closed' | 'cancelled'): OrderRead {
	const mode = this.getNodeParameter('orderInput', itemIndex, 'normalized') as string;
	if (mode === 'normalized') return readNormalizedOrder(this.getInputData()[itemIndex]?.json);
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

export function trackOptions(this: IExecuteFunctions, itemIndex: number): TrackOptions & { options: IDataObject } {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		...identityOptionsFrom(options),
		options,
		now: now(),
		sourceName: typeof options.sourceName === 'string' ? options.sourceName : undefined,
		staleAfterHours: typeof options.staleAfterHours === 'number' ? options.staleAfterHours : undefined,
		placedOrderMetric: options.placedOrderMetric as string | undefined,
		orderedProductMetric: options.orderedProductMetric as string | undefined,
		refundedOrderMetric: options.refundedOrderMetric as string | undefined,
		cancelledOrderMetric: options.cancelledOrderMetric as string | undefined,
		includeOrderedProducts: options.includeOrderedProducts as boolean | undefined,
		onlyCompleted: options.onlyCompleted as boolean | undefined,
		cancelReason: options.cancelReason as string | undefined,
	};
}

/**
 * Reads, maps and sends one order. Events go one by one to `POST /api/events` (XL tier), each with a
 * deterministic unique_id, so a retry or a rerun after a crash cannot double anything (invariant 1).
 */
export async function trackOrderItem(this: IExecuteFunctions, client: KlaviyoClient, itemIndex: number, track: OrderTrack): Promise<OperationOutput> {
	const kind: MappedOrderKind = track === 'refunded' ? 'refund' : 'sale';
	const read = readOrder.call(this, itemIndex, kind, track === 'cancelled' ? 'cancelled' : 'closed');
	if (!read.ok) throw new NodeOperationError(this.getNode(), `The order cannot be read: ${read.reason}`, { itemIndex, description: `Field: ${read.field}` });
	const order = read.order;
	const result = trackOrder(track, order, trackOptions.call(this, itemIndex));
	const about = { orderId: order.ids.orderId, kind: order.kind, receiptId: order.ids.receiptId ?? null };
	const pairedItem = { item: itemIndex };
	if (result.status === 'unattributed') return { main: [], unattributed: [unattributedItem(itemIndex, result.reason, about)] };
	if (result.status === 'skipped') return { main: [{ json: { ...about, status: 'skipped', reason: result.reason, events: [] }, pairedItem }] };
	for (const event of result.events) {
		await client.request({ method: 'POST', path: '/api/events', body: createEventRequestBody(result.profile, event) });
	}
	const events = result.events.map((e) => ({ metric: e.metric, uniqueId: e.uniqueId, value: e.value, currency: e.valueCurrency, time: e.time, backfill: e.backfill }));
	const json: IDataObject = { ...about, status: 'sent', email: result.profile.email, phoneNumber: result.profile.phone_number ?? null, events };
	if (result.notes.length > 0) json.notes = result.notes;
	const item: INodeExecutionData = { json, pairedItem };
	return { main: [item] };
}
