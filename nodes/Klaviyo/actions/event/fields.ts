/**
 * The event fields Create and Create Many share: one person, one metric, properties and the optional
 * attributes. They differ only where Create Many reads phones itself and leaves out repeats.
 */
import type { INodeProperties } from 'n8n-workflow';

export function eventFields(operation: 'create' | 'createMany'): INodeProperties[] {
	const show = { resource: ['event'], operation: [operation] };
	const many = operation === 'createMany';
	return [
		{
			displayName: 'Metric Name',
			name: 'metricName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Placed Order',
			description:
				'The name of the event in Klaviyo. Klaviyo creates the metric the first time it sees the name.',
			displayOptions: { show },
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. nathan@example.com',
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
					description: `Whether to record the ${many ? 'events' : 'event'} without starting flows (for historical events)`,
				},
				{
					displayName: 'Currency',
					name: 'valueCurrency',
					type: 'string',
					default: '',
					placeholder: 'e.g. SEK',
					description: 'ISO 4217 code of the value',
				},
				{
					displayName: 'External ID',
					name: 'externalId',
					type: 'string',
					placeholder: 'e.g. 100042',
					default: '',
				},
				{
					displayName: 'Phone Number',
					name: 'phoneNumber',
					type: 'string',
					default: '',
					placeholder: 'e.g. +46701234567',
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
					placeholder: 'e.g. visit-2026-12-06-100042',
					default: '',
					description: many
						? 'Klaviyo keeps only the first event with this ID per person and metric; repeats within one run are left out'
						: 'Klaviyo keeps only the first event with this ID per person and metric, so retries cannot double it',
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
}
