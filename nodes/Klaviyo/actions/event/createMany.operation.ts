import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { checkEvent, DEFAULT_STALE_AFTER_HOURS } from '../../../core/klaviyo/event-request';
import { validIdentity } from '../../../core/klaviyo/identity-options';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import { sendInBulkJobs, type BulkItem } from '../../sending/bulk-jobs';
import { eventFields } from './fields';
import {
	identityOptionFields,
	identityOptionsFrom,
	now,
	unattributedItem,
	type OperationOutput,
} from '../shared';

const show = { resource: ['event'], operation: ['createMany'] };

export const description: INodeProperties[] = [
	...eventFields('createMany'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			...identityOptionFields,
			{
				displayName: 'Stale After (Hours)',
				name: 'staleAfterHours',
				type: 'number',
				default: DEFAULT_STALE_AFTER_HOURS,
				typeOptions: { minValue: 0 },
				description: 'Events older than this are recorded without starting flows',
			},
		],
	},
];

/**
 * All input items as bulk jobs (docs/reference/klaviyo-api.md §2.2): ≤ 1,000 events and ≤ 5 MB each, repeated unique
 * ids left out (they would fail the whole job). Items without a valid identifier go to Unattributed.
 */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndices: number[],
): Promise<OperationOutput> {
	const clock = now();
	return sendInBulkJobs(
		this,
		client,
		itemIndices,
		(itemIndex) => readEvent.call(this, itemIndex, clock),
		{
			accepted: (summary, job) => ({
				status: 'accepted',
				job: job.number,
				eventsInJob: job.eventCount,
				...summary,
			}),
			duplicate: (_summary, duplicate) => ({
				status: 'duplicate',
				uniqueId: duplicate.uniqueId,
				reason: `item ${duplicate.keptItemIndex} has the same person, metric and unique ID; Klaviyo would keep only one`,
			}),
			tooLarge: (bytes) => `The event is ${bytes} bytes; Klaviyo accepts at most 5 MB per event`,
		},
	);
}

/** One item's event, checked like Create's, with its identity validated first (invariant 4) and old events sent as backfill (invariant 3). */
function readEvent(this: IExecuteFunctions, itemIndex: number, clock: number): BulkItem {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const identity = validIdentity(
		{
			email: this.getNodeParameter('email', itemIndex, ''),
			phone: extra.phoneNumber,
			externalId: extra.externalId,
		},
		identityOptionsFrom(options),
	);
	if (!identity.ok) return { unattributed: unattributedItem(itemIndex, identity.reason) };
	const { profile, event } = checkEvent(
		{
			metricName: String(this.getNodeParameter('metricName', itemIndex, '')),
			email: identity.profile.email,
			phoneNumber: identity.profile.phone_number,
			externalId: identity.profile.external_id,
			properties: this.getNodeParameter('properties', itemIndex, '{}'),
			value: extra.value,
			valueCurrency: extra.valueCurrency,
			uniqueId: extra.uniqueId,
			time: extra.time,
			backfill: extra.backfill === true,
		},
		{
			now: clock,
			staleAfterHours:
				typeof options.staleAfterHours === 'number' ? options.staleAfterHours : undefined,
		},
	);
	return {
		send: [{ itemIndex, profile, ...event }],
		summary: {
			metric: event.metric,
			uniqueId: event.uniqueId ?? null,
			backfill: event.backfill === true,
		},
	};
}
