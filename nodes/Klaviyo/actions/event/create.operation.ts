import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { createEventBody } from '../../../core/klaviyo/event-body';
import type { KlaviyoClient } from '../../../transport/klaviyo';

const show = { resource: ['event'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Metric Name',
		name: 'metricName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Placed Order',
		description: 'The name of the event in Klaviyo. Klaviyo creates the metric the first time it sees the name.',
		displayOptions: { show },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The email of the person who did this. Give an email, a phone number or an external ID.',
		displayOptions: { show },
	},
	{
		displayName: 'Properties (JSON)',
		name: 'properties',
		type: 'json',
		default: '{}',
		description: 'Event properties, e.g. {"OrderId": "1001", "Source Name": "POS"}. Top-level values that are not objects can be used in segments.',
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
			{ displayName: 'Backfill', name: 'backfill', type: 'boolean', default: false, description: 'Whether to record the event without starting flows (for historical events)' },
			{ displayName: 'Currency', name: 'valueCurrency', type: 'string', default: '', placeholder: 'SEK', description: 'ISO 4217 code of the value' },
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
			{ displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '', placeholder: '+46701234567', description: 'In E.164 format' },
			{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: 'When it happened. Leave empty to use the time Klaviyo receives it.' },
			{ displayName: 'Unique ID', name: 'uniqueId', type: 'string', default: '', description: 'Klaviyo keeps only the first event with this ID per person and metric, so retries cannot double it' },
			{ displayName: 'Value', name: 'value', type: 'number', default: 0, typeOptions: { numberPrecision: 2 }, description: 'The monetary value of the event' },
		],
	},
];

export async function execute(this: IExecuteFunctions, client: KlaviyoClient, itemIndex: number): Promise<INodeExecutionData> {
	const rawProperties = this.getNodeParameter('properties', itemIndex, '{}') as string | IDataObject;
	const properties = typeof rawProperties === 'string' ? parseProperties.call(this, rawProperties, itemIndex) : rawProperties;
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = createEventBody({
		metricName: this.getNodeParameter('metricName', itemIndex) as string,
		email: this.getNodeParameter('email', itemIndex, '') as string,
		properties,
		phoneNumber: extra.phoneNumber as string | undefined,
		externalId: extra.externalId as string | undefined,
		value: extra.value as number | undefined,
		valueCurrency: extra.valueCurrency as string | undefined,
		uniqueId: extra.uniqueId as string | undefined,
		time: extra.time as string | undefined,
		backfill: extra.backfill as boolean | undefined,
	});
	await client.request({ method: 'POST', path: '/api/events', body });
	// Klaviyo answers 202 with no body: the event is queued, not yet readable.
	const attributes = (body.data as IDataObject).attributes as IDataObject;
	return { json: { accepted: true, metric: this.getNodeParameter('metricName', itemIndex) as string, uniqueId: (attributes.unique_id as string) ?? null }, pairedItem: { item: itemIndex } };
}

function parseProperties(this: IExecuteFunctions, text: string, itemIndex: number): IDataObject {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text || '{}');
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Properties (JSON) is not valid JSON: ${(error as Error).message}`, { itemIndex });
	}
	if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as IDataObject;
	throw new NodeOperationError(this.getNode(), 'Properties (JSON) must be a JSON object such as {"OrderId": "1001"}.', { itemIndex });
}
