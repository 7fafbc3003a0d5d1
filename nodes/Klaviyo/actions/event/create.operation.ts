import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { checkEvent, createEventRequestBody } from '../../../core/klaviyo/event-request';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import type { OperationOutput } from '../shared';
import { eventFields } from './fields';

export const description: INodeProperties[] = eventFields('create');

/** `POST /api/events` (docs/reference/klaviyo-api.md §2.1). No staleness rule here: Backfill is the user's choice. */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const metricName = this.getNodeParameter('metricName', itemIndex) as string;
	const { profile, event } = checkEvent({
		metricName,
		email: this.getNodeParameter('email', itemIndex, '') as string,
		properties: this.getNodeParameter('properties', itemIndex, '{}'),
		phoneNumber: extra.phoneNumber as string | undefined,
		externalId: extra.externalId as string | undefined,
		value: extra.value,
		valueCurrency: extra.valueCurrency,
		uniqueId: extra.uniqueId,
		time: extra.time,
		backfill: extra.backfill === true,
	});
	await client.request({
		method: 'POST',
		path: '/api/events',
		body: createEventRequestBody(profile, event),
	});
	// Klaviyo answers 202 with no body: the event is queued, not yet readable.
	return {
		main: [
			{
				json: { accepted: true, metric: metricName, uniqueId: event.uniqueId ?? null },
				pairedItem: { item: itemIndex },
			},
		],
	};
}
