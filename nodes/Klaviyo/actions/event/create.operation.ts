import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { checkEvent, createEventRequestBody } from '../../../core/klaviyo/event-request';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import type { OperationOutput } from '../shared';

const show = { resource: ['event'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Metric Name',
		name: 'metricName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Placed Order',
		description:
			'The name of the event in Klaviyo. Klaviyo creates the metric the first time it sees the name.',
		displayOptions: { show },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description:
			'The email of the person who did this. Give an email, a phone number or an external ID.',
		displayOptions: { show },
	},
	{
		displayName: 'Properties (JSON)',
		name: 'properties',
		type: 'json',
		default: '{}',
		description:
			'Event properties, e.g. {"OrderId": "1001", "Source Name": "POS"}. Top-level values that are not objects can be used in segments.',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Backfill',
				name: 'backfill',
				type: 'boolean',
				default: false,
				description: 'Whether to record the event without starting flows (for historical events)',
			},
			{
				displayName: 'Currency',
				name: 'valueCurrency',
				type: 'string',
				default: '',
				placeholder: 'SEK',
				description: 'ISO 4217 code of the value',
			},
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+46701234567',
				description: 'In E.164 format',
			},
			{
				displayName: 'Time',
				name: 'time',
				type: 'dateTime',
				default: '',
				description: 'When it happened. Leave empty to use the time Klaviyo receives it.',
			},
			{
				displayName: 'Unique ID',
				name: 'uniqueId',
				type: 'string',
				default: '',
				description:
					'Klaviyo keeps only the first event with this ID per person and metric, so retries cannot double it',
			},
			{
				displayName: 'Value',
				name: 'value',
				type: 'number',
				default: 0,
				typeOptions: { numberPrecision: 2 },
				description: 'The monetary value of the event',
			},
		],
	},
];

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
