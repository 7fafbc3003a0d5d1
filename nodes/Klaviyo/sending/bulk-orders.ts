/**
 * Track operations in bulk jobs (`POST /api/event-bulk-create-jobs`, docs/reference/klaviyo-api.md §2.2): all input
 * orders' events, up to 1,000 per request, for backfills and large catch-ups. The events and their
 * unique ids are the same as one by one (docs/design.md invariant 1), so a bulk backfill and the live sync
 * never double an order. Klaviyo works through jobs in the background, in no promised order: live
 * syncs keep sending one event at a time.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { OrderTrack } from '../../core/klaviyo/track-order';
import type { KlaviyoClient } from '../../clients/klaviyo-client';
import { unattributedItem, type OperationOutput } from '../actions/shared';
import { sendInBulkJobs, type BulkItem } from './bulk-jobs';
import { skippedStatus, trackOrderOfItem } from './order-item';

export async function sendOrdersInBulk(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndices: number[],
	track: OrderTrack,
): Promise<OperationOutput> {
	return sendInBulkJobs(
		this,
		client,
		itemIndices,
		(itemIndex) => readOrderEvents.call(this, itemIndex, track),
		{
			accepted: (summary, job) => ({ ...summary, status: 'accepted', job: job.number }),
			duplicate: (summary, duplicate) => ({
				...summary,
				status: 'duplicate',
				reason: `item ${duplicate.keptItemIndex} is the same order (unique ID ${duplicate.uniqueId}); Klaviyo keeps one`,
			}),
			tooLarge: (bytes) =>
				`An event of this order is ${bytes} bytes; Klaviyo accepts at most 5 MB per event`,
		},
	);
}

function readOrderEvents(this: IExecuteFunctions, itemIndex: number, track: OrderTrack): BulkItem {
	const { about, result } = trackOrderOfItem.call(this, itemIndex, track);
	if (result.status === 'unattributed')
		return { unattributed: unattributedItem(itemIndex, result.reason, about) };
	if (result.status === 'skipped')
		return {
			result: {
				json: { ...about, status: skippedStatus(result), reason: result.reason, events: [] },
				pairedItem: { item: itemIndex },
			},
		};
	return {
		send: result.events.map((event) => ({ ...event, itemIndex, profile: { ...result.profile } })),
		summary: {
			...about,
			email: result.profile.email ?? null,
			phoneNumber: result.profile.phone_number ?? null,
			events: result.events.map((e) => ({
				metric: e.metric,
				uniqueId: e.uniqueId,
				time: e.time,
				backfill: e.backfill,
			})),
		},
	};
}
