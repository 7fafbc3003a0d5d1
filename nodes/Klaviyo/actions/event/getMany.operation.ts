import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { eventListQuery, flattenResource, profileLookupQuery } from '../../../core/klaviyo/queries';
import { klaviyoRequest, klaviyoResources } from '../../../core/transport/klaviyo';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import { metricIdByName } from '../metric/getMany.operation';
import { locatorValue, returnAllOrLimit, wanted, type OperationOutput } from '../shared';

const show = { resource: ['event'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Metric',
		name: 'metric',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'Only events of this metric. Leave empty for all metrics.',
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchMetrics', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. Placed Order' },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. AbC123' },
		],
	},
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
				displayName: 'Newest First',
				name: 'newestFirst',
				type: 'boolean',
				default: false,
				description: 'Whether to return the newest events first',
			},
			{
				displayName: 'Profile Email',
				name: 'profileEmail',
				type: 'string',
				placeholder: 'e.g. nathan@example.com',
				default: '',
				description: 'Only events of the person with this email',
			},
			{
				displayName: 'Profile ID',
				name: 'profileId',
				type: 'string',
				placeholder: 'e.g. 01GDDKASAP8TKDDA2GRZDSVP4H',
				default: '',
				description: 'Only events of this Klaviyo profile',
			},
			{
				displayName: 'Since',
				name: 'since',
				type: 'dateTime',
				default: '',
				description: 'Only events at or after this time',
			},
			{
				displayName: 'Until',
				name: 'until',
				type: 'dateTime',
				default: '',
				description: 'Only events before this time',
			},
		],
	},
];

/** `GET /api/events` by metric, time window and profile, page by page (docs/reference/klaviyo-api.md §2.6). */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const max = wanted.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const locator = this.getNodeParameter('metric', itemIndex, { mode: 'list', value: '' }) as {
		mode?: string;
		value?: unknown;
	};
	let metricId = locatorValue(locator) || undefined;
	if (metricId && locator.mode === 'name') {
		const found = await metricIdByName(client, metricId);
		// No such metric yet: no events can belong to it.
		if (!found) return { main: [] };
		metricId = found;
	}
	let profileId =
		typeof filters.profileId === 'string' && filters.profileId.trim()
			? filters.profileId.trim()
			: undefined;
	if (!profileId && typeof filters.profileEmail === 'string' && filters.profileEmail.trim()) {
		const response = await client.request({
			method: 'GET',
			path: '/api/profiles',
			query: profileLookupQuery('email', filters.profileEmail, false),
		});
		const profile = ((response.body as { data?: Array<{ id: string }> }).data ?? [])[0];
		if (!profile) return { main: [] };
		profileId = profile.id;
	}
	const query = eventListQuery(
		{
			metricId,
			profileId,
			since: (filters.since as string) || undefined,
			until: (filters.until as string) || undefined,
			newestFirst: filters.newestFirst === true,
		},
		Number.isFinite(max) ? Math.min(max, 1000) : 1000,
	);
	const items: INodeExecutionData[] = [];
	const first = klaviyoRequest({
		method: 'GET',
		path: '/api/events',
		query,
		baseUrl: client.baseUrl,
		revision: client.revision,
	});
	for await (const event of klaviyoResources(client.send, first)) {
		items.push({ json: flattenResource(event) as IDataObject, pairedItem: { item: itemIndex } });
		if (items.length >= max) break;
	}
	return { main: items };
}
