/**
 * Track operations in bulk jobs (`POST /api/event-bulk-create-jobs`, klaviyo-api.md §2.2): all input
 * orders' events, up to 1,000 per request, for backfills and large catch-ups. The events and their
 * unique ids are the same as one by one (DESIGN invariant 1), so a bulk backfill and the live sync
 * never double an order. Klaviyo works through jobs in the background, in no promised order: live
 * syncs keep sending one event at a time.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { planBulkEventJobs, type BulkEventInput } from '../../../core/klaviyo/bulk-events';
import { trackOrder, type OrderTrack } from '../../../core/klaviyo/track-order';
import { toNodeError } from '../../../transport/errors';
import type { KlaviyoClient } from '../../../transport/klaviyo';
import { unattributedItem, type BatchOperation, type OperationOutput } from '../shared';
import { readOrder, trackOptions } from './common';


const TRACK_OF: Record<string, OrderTrack> = { trackPlaced: 'placed', trackRefunded: 'refunded', trackCancelled: 'cancelled' };

/** Whether this node sends its orders in bulk jobs (read once: one sending mode per run). */
export function sendsOrdersInBulk(context: IExecuteFunctions, operation: string): boolean {
	if (!(operation in TRACK_OF)) return false;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return options.sendUsing === 'bulkJobs';
}

export function trackOrdersInBulk(operation: string): BatchOperation {
	const track = TRACK_OF[operation]!;
	return async function (this: IExecuteFunctions, client: KlaviyoClient, itemIndices: number[]): Promise<OperationOutput> {
		const output: OperationOutput = { main: [], unattributed: [] };
		const results = new Map<number, INodeExecutionData>();
		const events: BulkEventInput[] = [];
		const summaries = new Map<number, IDataObject>();
		const fail = (itemIndex: number, error: unknown) => {
			const nodeError = error instanceof NodeOperationError ? error : toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			results.set(itemIndex, { json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
		};
		for (const itemIndex of itemIndices) {
			try {
				const read = readOrder.call(this, itemIndex, track === 'refunded' ? 'refund' : 'sale', track === 'cancelled' ? 'cancelled' : 'closed');
				if (!read.ok) throw new NodeOperationError(this.getNode(), `The order cannot be read: ${read.reason}`, { itemIndex, description: `Field: ${read.field}` });
				const order = read.order;
				const about = { orderId: order.ids.orderId, kind: order.kind, receiptId: order.ids.receiptId ?? null };
				const result = trackOrder(track, order, trackOptions.call(this, itemIndex));
				if (result.status === 'unattributed') {
					output.unattributed!.push(unattributedItem(itemIndex, result.reason, about));
					continue;
				}
				if (result.status === 'skipped') {
					results.set(itemIndex, { json: { ...about, status: 'skipped', reason: result.reason, events: [] }, pairedItem: { item: itemIndex } });
					continue;
				}
				for (const e of result.events) {
					events.push({ itemIndex, profile: { ...result.profile }, metric: e.metric, properties: e.properties, value: e.value, valueCurrency: e.valueCurrency, uniqueId: e.uniqueId, time: e.time, backfill: e.backfill });
				}
				summaries.set(itemIndex, { ...about, email: result.profile.email, events: result.events.map((e) => ({ metric: e.metric, uniqueId: e.uniqueId, time: e.time, backfill: e.backfill })) });
			} catch (error) {
				fail(itemIndex, error);
			}
		}
		const plan = planBulkEventJobs(events);
		for (const duplicate of plan.duplicates) {
			results.set(duplicate.itemIndex, {
				json: { ...summaries.get(duplicate.itemIndex), status: 'duplicate', reason: `item ${duplicate.keptItemIndex} is the same order (unique ID ${duplicate.uniqueId}); Klaviyo keeps one` },
				pairedItem: { item: duplicate.itemIndex },
			});
		}
		for (const tooLarge of plan.tooLarge) fail(tooLarge.itemIndex, new Error(`An event of this order is ${tooLarge.bytes} bytes; Klaviyo accepts at most 5 MB per event`));
		for (const [jobNumber, job] of plan.jobs.entries()) {
			try {
				await client.request({ method: 'POST', path: '/api/event-bulk-create-jobs', body: job.body });
				for (const itemIndex of new Set(job.itemIndices)) {
					if (!results.has(itemIndex)) results.set(itemIndex, { json: { ...summaries.get(itemIndex), status: 'accepted', job: jobNumber + 1 }, pairedItem: { item: itemIndex } });
				}
			} catch (error) {
				for (const itemIndex of new Set(job.itemIndices)) fail(itemIndex, error);
			}
		}
		for (const itemIndex of itemIndices) {
			const result = results.get(itemIndex);
			if (result) output.main.push(result);
		}
		return output;
	};
}
