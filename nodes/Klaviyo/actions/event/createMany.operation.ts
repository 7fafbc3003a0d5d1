import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { planBulkEventJobs, type BulkEventInput } from '../../../core/klaviyo/bulk-events';
import { validIdentity } from '../../../core/klaviyo/identity-options';
import type { KlaviyoClient } from '../../../transport/klaviyo';
import { toNodeError } from '../../../transport/errors';
import { identityOptionFields, identityOptionsFrom, now, unattributedItem, type OperationOutput } from '../shared';

const show = { resource: ['event'], operation: ['createMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Metric Name',
		name: 'metricName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Placed Order',
		description: 'The name of the event in Klaviyo',
		displayOptions: { show },
	},
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Who did it. Give an email, a phone number or an external ID.', displayOptions: { show } },
	{
		displayName: 'Properties (JSON)',
		name: 'properties',
		type: 'json',
		default: '{}',
		description: 'Event properties, e.g. {"OrderId": "1001", "Source Name": "POS"}',
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
			{ displayName: 'Backfill', name: 'backfill', type: 'boolean', default: false, description: 'Whether to record the events without starting flows (for historical events)' },
			{ displayName: 'Currency', name: 'valueCurrency', type: 'string', default: '', placeholder: 'SEK', description: 'ISO 4217 code of the value' },
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
			{ displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '', description: 'Read in the default country when it has no country code' },
			{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: 'When it happened. Leave empty to use the time Klaviyo receives it.' },
			{ displayName: 'Unique ID', name: 'uniqueId', type: 'string', default: '', description: 'Klaviyo keeps only the first event with this ID per person and metric; repeats within one run are left out' },
			{ displayName: 'Value', name: 'value', type: 'number', default: 0, typeOptions: { numberPrecision: 2 }, description: 'The monetary value of the event' },
		],
	},
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
				default: 12,
				typeOptions: { minValue: 0 },
				description: 'Events older than this are recorded without starting flows',
			},
		],
	},
];

/**
 * All input items as bulk jobs (klaviyo-api.md §2.2): ≤ 1,000 events and ≤ 5 MB each, repeated unique
 * ids left out (they would fail the whole job). Items without a valid identifier go to Unattributed.
 */
export async function execute(this: IExecuteFunctions, client: KlaviyoClient, itemIndices: number[]): Promise<OperationOutput> {
	const output: OperationOutput = { main: [], unattributed: [] };
	const results = new Map<number, INodeExecutionData>();
	const inputs: BulkEventInput[] = [];
	const clock = now();
	const fail = (itemIndex: number, error: unknown) => {
		const nodeError = toNodeError(this.getNode(), error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		results.set(itemIndex, { json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
	};
	for (const itemIndex of itemIndices) {
		try {
			const input = readEvent.call(this, itemIndex, clock);
			if ('unattributed' in input) output.unattributed!.push(unattributedItem(itemIndex, input.unattributed));
			else inputs.push(input);
		} catch (error) {
			fail(itemIndex, error);
		}
	}
	const plan = planBulkEventJobs(inputs);
	for (const duplicate of plan.duplicates) {
		results.set(duplicate.itemIndex, {
			json: { status: 'duplicate', uniqueId: duplicate.uniqueId, reason: `item ${duplicate.keptItemIndex} has the same person, metric and unique ID; Klaviyo would keep only one` },
			pairedItem: { item: duplicate.itemIndex },
		});
	}
	for (const tooLarge of plan.tooLarge) fail(tooLarge.itemIndex, new Error(`The event is ${tooLarge.bytes} bytes; Klaviyo accepts at most 5 MB per event`));
	for (const [jobNumber, job] of plan.jobs.entries()) {
		try {
			await client.request({ method: 'POST', path: '/api/event-bulk-create-jobs', body: job.body });
			for (const itemIndex of job.itemIndices) {
				const input = inputs.find((i) => i.itemIndex === itemIndex);
				results.set(itemIndex, { json: { status: 'accepted', job: jobNumber + 1, eventsInJob: job.eventCount, metric: input?.metric ?? null, uniqueId: input?.uniqueId ?? null, backfill: input?.backfill === true }, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			for (const itemIndex of job.itemIndices) fail(itemIndex, error);
		}
	}
	for (const itemIndex of itemIndices) {
		const result = results.get(itemIndex);
		if (result) output.main.push(result);
	}
	return output;
}

function readEvent(this: IExecuteFunctions, itemIndex: number, clock: number): BulkEventInput | { unattributed: string } {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const identity = validIdentity({ email: this.getNodeParameter('email', itemIndex, ''), phone: extra.phoneNumber, externalId: extra.externalId }, identityOptionsFrom(options));
	if (!identity.ok) return { unattributed: identity.reason };
	const metric = String(this.getNodeParameter('metricName', itemIndex, '')).trim();
	if (metric === '' || metric.length >= 128) throw new NodeOperationError(this.getNode(), `Metric Name "${metric}" must be 1 to 127 characters`, { itemIndex });
	const raw = this.getNodeParameter('properties', itemIndex, '{}') as string | IDataObject;
	let properties: unknown = raw;
	if (typeof raw === 'string') {
		try {
			properties = JSON.parse(raw || '{}');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Properties (JSON) is not valid JSON: ${(error as Error).message}`, { itemIndex });
		}
	}
	if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) throw new NodeOperationError(this.getNode(), 'Properties (JSON) must be a JSON object such as {"OrderId": "1001"}', { itemIndex });
	const input: BulkEventInput = { itemIndex, profile: identity.profile as Record<string, string>, metric, properties: properties as IDataObject };
	if (typeof extra.value === 'number') {
		if (!Number.isFinite(extra.value)) throw new NodeOperationError(this.getNode(), `Value "${extra.value}" is not a number`, { itemIndex });
		input.value = extra.value;
	}
	if (typeof extra.valueCurrency === 'string' && extra.valueCurrency.trim()) input.valueCurrency = extra.valueCurrency.trim().toUpperCase();
	if (typeof extra.uniqueId === 'string' && extra.uniqueId.trim()) input.uniqueId = extra.uniqueId.trim();
	if (typeof extra.time === 'string' && extra.time) {
		const time = Date.parse(extra.time);
		if (Number.isNaN(time)) throw new NodeOperationError(this.getNode(), `Time "${extra.time}" is not an ISO 8601 date-time such as 2026-07-20T15:04:05Z`, { itemIndex });
		input.time = new Date(time).toISOString();
		// Stale events never fire flows (DESIGN invariant 3).
		const staleMs = (typeof options.staleAfterHours === 'number' ? options.staleAfterHours : 12) * 3600_000;
		if (clock - time > staleMs) input.backfill = true;
	}
	if (extra.backfill === true) input.backfill = true;
	return input;
}
