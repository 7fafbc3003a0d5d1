import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { flattenResource, metricNamed } from '../../../core/klaviyo/queries';
import { equals, klaviyoRequest, klaviyoResources } from '../../../core/transport/klaviyo';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import { returnAllOrLimit, wanted, type OperationOutput } from '../shared';

const show = { resource: ['metric'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Integration Name',
				name: 'integrationName',
				type: 'string',
				default: '',
				placeholder: 'e.g. API',
				description:
					'Only metrics from this integration, e.g. "API" for events sent by this node, "Shopify" for Shopify\'s',
			},
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				placeholder: 'e.g. Order',
				default: '',
				description: 'Only metrics whose name contains this text (not case-sensitive)',
			},
		],
	},
];

/** Every metric, page by page; Klaviyo pages metrics at a fixed 200 and has no name filter (docs/reference/klaviyo-api.md §2.6). */
export function allMetrics(
	client: KlaviyoClient,
	integrationName?: string,
): AsyncGenerator<unknown> {
	const query = integrationName
		? { filter: equals('integration.name', integrationName) }
		: undefined;
	return klaviyoResources(
		client.send,
		klaviyoRequest({
			method: 'GET',
			path: '/api/metrics',
			query,
			baseUrl: client.baseUrl,
			revision: client.revision,
		}),
	);
}

/** The id of the metric with exactly this name, if Klaviyo has one yet (it appears with the first event). */
export async function metricIdByName(
	client: KlaviyoClient,
	name: string,
): Promise<string | undefined> {
	for await (const metric of allMetrics(client)) {
		const found = metricNamed([metric], name);
		if (found) return found.id;
	}
	return undefined;
}

export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const max = wanted.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const contains =
		typeof filters.nameContains === 'string' ? filters.nameContains.trim().toLowerCase() : '';
	const integration =
		typeof filters.integrationName === 'string' && filters.integrationName.trim()
			? filters.integrationName.trim()
			: undefined;
	const items: INodeExecutionData[] = [];
	for await (const metric of allMetrics(client, integration)) {
		const flat = flattenResource(metric);
		if (
			contains &&
			!String(flat.name ?? '')
				.toLowerCase()
				.includes(contains)
		)
			continue;
		items.push({ json: flat as IDataObject, pairedItem: { item: itemIndex } });
		if (items.length >= max) break;
	}
	return { main: items };
}
