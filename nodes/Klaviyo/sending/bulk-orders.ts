/**
 * Track operations in bulk jobs (`POST /api/event-bulk-create-jobs`, docs/reference/klaviyo-api.md §2.2): all input
 * orders' events, up to 1,000 per request. The events and their unique ids are the same as one by one
 * (docs/design.md invariant 1), so bulk and single sends never double an order. Each customer's
 * events sit in one profile entry in till order, and jobs go one after another.
 *
 * "Bulk Jobs" (backfills) reports each order `accepted` with its job. "Automatic" reports `sent`, as
 * the single path does (Klaviyo answers 202 to both), and sends each order of a job Klaviyo refuses
 * as a whole again on its own, so one bad phone does not fail a thousand orders.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { OrderTrack } from '../../core/klaviyo/track-order';
import type { KlaviyoClient } from '../../clients/klaviyo-client';
import { unattributedItem, type ItemOperation, type OperationOutput } from '../actions/shared';
import { sendInBulkJobs, type BulkItem, type BulkWording } from './bulk-jobs';
import { runItem } from './items';
import { eventsSummary, skippedStatus, trackOrderOfItem, type MapOrderItem } from './order-item';

const duplicate: BulkWording['duplicate'] = (summary, kept) => ({
	...summary,
	status: 'duplicate',
	reason: `item ${kept.keptItemIndex} is the same order (unique ID ${kept.uniqueId}); Klaviyo keeps one`,
});
const tooLarge: BulkWording['tooLarge'] = (bytes) =>
	`An event of this order is ${bytes} bytes; Klaviyo accepts at most 5 MB per event`;

export async function sendOrdersInBulk(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndices: number[],
	track: OrderTrack,
	/** With "Automatic": the single path, for the orders of a job Klaviyo refused as a whole. */
	single?: ItemOperation,
	/** With "Automatic": the run's items, mapped once for both paths. */
	mapItem: MapOrderItem = (itemIndex) => trackOrderOfItem.call(this, itemIndex, track),
): Promise<OperationOutput> {
	const accepted: BulkWording['accepted'] = single
		? (summary, job) => ({ ...summary, status: 'sent', sentUsing: 'bulkJobs', job: job.number })
		: (summary, job) => ({ ...summary, status: 'accepted', job: job.number });
	return sendInBulkJobs(
		this,
		client,
		itemIndices,
		(itemIndex) => readOrderEvents(mapItem, itemIndex),
		{ accepted, duplicate, tooLarge },
		single && ((itemIndex) => runItem(this, single, client, itemIndex)),
	);
}

function readOrderEvents(mapItem: MapOrderItem, itemIndex: number): BulkItem {
	const { about, result } = mapItem(itemIndex);
	if (result.status === 'unattributed')
		return { unattributed: unattributedItem(itemIndex, result.reason, about) };
	if (result.status === 'skipped')
		return {
			result: {
				json: { ...about, status: skippedStatus(result), reason: result.reason, events: [] },
				pairedItem: { item: itemIndex },
			},
		};
	const summary: IDataObject = {
		...about,
		email: result.profile.email ?? null,
		phoneNumber: result.profile.phone_number ?? null,
		events: eventsSummary(result.events),
	};
	if (result.notes.length > 0) summary.notes = result.notes;
	return {
		send: result.events.map((event) => ({ ...event, itemIndex, profile: { ...result.profile } })),
		summary,
	};
}
