/**
 * How the Track operations send a run's orders: in bulk jobs (history), live one order at a time per
 * customer lane, or, with "Automatic", whichever the run's size needs (core/klaviyo/send-mode.ts).
 * The lanes live in module memory, so they hold per n8n process; nothing else depends on them
 * (docs/design.md "Scaling past one machine": the unique ids do).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { concurrencyLimit } from '../../core/ordering/concurrency-limit';
import { customerLaneKey } from '../../core/ordering/customer-lane';
import { FifoLanes } from '../../core/ordering/fifo-lanes';
import { bulkFromEventsOf, chooseSending, sendUsingOf } from '../../core/klaviyo/send-mode';
import type { OrderTrack } from '../../core/klaviyo/track-order';
import type { KlaviyoClient } from '../../clients/klaviyo-client';
import type { ItemOperation, Operation, OperationOutput } from '../actions/shared';
import { sendOrdersInBulk } from './bulk-orders';
import { collect, runItem } from './items';
import { sendOrderLive } from './live-order';
import { mapEachOrderOnce, type MapOrderItem } from './order-item';

/** One lane per workflow and customer for live order tracking (module memory: per n8n process). */
const orderLanes = new FifoLanes();
/**
 * Orders of different customers sent at once by one node (a Sitoo Events batch holds up to 10);
 * Klaviyo's limits are kept by the pacer.
 */
const ORDER_SENDS_AT_ONCE = 10;

/** The Track operation for `track`: the sending mode, read once from the first item (one mode per run). */
export function trackOrders(track: OrderTrack): Operation {
	return async function (
		this: IExecuteFunctions,
		client: KlaviyoClient,
		itemIndices: number[],
	): Promise<OperationOutput> {
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const sendUsing = sendUsingOf(options.sendUsing, this.getNode().typeVersion);
		if (sendUsing === 'bulkJobs') return sendOrdersInBulk.call(this, client, itemIndices, track);
		if (sendUsing === 'events')
			return inCustomerLanes.call(this, client, itemIndices, sendOrderLive(track));
		const bulkFrom = bulkFromEventsOf(options.bulkFromEvents);
		if (!bulkFrom.ok)
			throw new NodeOperationError(
				this.getNode(),
				`Bulk Jobs From (Events per Run) ${bulkFrom.reason}`,
				{ description: 'Check the "Bulk Jobs From (Events per Run)" option.' },
			);
		const mapItem = mapEachOrderOnce(this, track);
		const single = sendOrderLive(track, mapItem);
		const output =
			chooseSending(eventCount(mapItem, itemIndices), bulkFrom.value) === 'bulkJobs'
				? await orderLanes.runHoldingAll(laneKeys(this, itemIndices), () =>
						sendOrdersInBulk.call(this, client, itemIndices, track, single, mapItem),
					)
				: await inCustomerLanes.call(this, client, itemIndices, single);
		for (const item of output.main)
			if (item.json.status === 'sent') item.json.sentUsing ??= 'events';
		return output;
	};
}

/** The events this run would send; an item that cannot be read counts none (it fails on the way). */
function eventCount(mapItem: MapOrderItem, itemIndices: number[]): number {
	let count = 0;
	for (const itemIndex of itemIndices) {
		try {
			const { result } = mapItem(itemIndex);
			if (result.status === 'send') count += result.events.length;
		} catch {
			// Reported by the path that sends it.
		}
	}
	return count;
}

/** The item's customer, from the normalized order or the mapped fields. */
function orderLaneKey(context: IExecuteFunctions, itemIndex: number): string {
	const fromOrder = customerLaneKey(context.getInputData()[itemIndex]?.json);
	if (fromOrder) return fromOrder;
	const fields = context.getNodeParameter('orderFields', itemIndex, {}) as IDataObject;
	return (
		customerLaneKey({ customer: { email: fields.email, phone: fields.phone } }) ?? 'no customer'
	);
}

/** Each item's lane: its workflow and customer. */
function laneKeys(context: IExecuteFunctions, itemIndices: number[]): string[] {
	const workflowKey = context.getWorkflow().id ?? 'unsaved';
	return itemIndices.map((itemIndex) => `${workflowKey}|${orderLaneKey(context, itemIndex)}`);
}

/**
 * Live order tracking: each customer's orders take that customer's lane in this workflow, so they
 * reach Klaviyo in till order even when a slow run overlaps the next one (a refund never overtakes
 * its sale, invariant 2); different customers go side by side. All lanes are taken now, in item
 * order, before any waiting, so a later run always queues behind this one.
 */
async function inCustomerLanes(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndices: number[],
	send: ItemOperation,
): Promise<OperationOutput> {
	const limit = concurrencyLimit(ORDER_SENDS_AT_ONCE);
	const outputs: Array<OperationOutput | undefined> = new Array<OperationOutput | undefined>(
		itemIndices.length,
	);
	let failure: unknown;
	const sends = laneKeys(this, itemIndices).map((laneKey, n) =>
		orderLanes
			.run(laneKey, () =>
				limit(async () => {
					// After a failure the rest of this run is not sent (the run fails; Klaviyo's fixed ids make a rerun safe).
					if (failure === undefined)
						outputs[n] = await runItem(this, send, client, itemIndices[n]!);
				}),
			)
			.catch((error: unknown) => {
				failure ??= error;
			}),
	);
	await Promise.all(sends);
	if (failure !== undefined) throw failure;
	const output: OperationOutput = { main: [], unattributed: [] };
	for (const one of outputs) if (one) collect(output, one);
	return output;
}
