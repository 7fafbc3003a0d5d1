import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { flattenResource, profileListQuery } from '../../../core/klaviyo/queries';
import { simpleProfile } from '../../../core/klaviyo/simple-profile';
import { klaviyoRequest, klaviyoResources } from '../../../core/transport/klaviyo';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import { returnAllOrLimit, simplifyDescription, wanted, type OperationOutput } from '../shared';

const show = { resource: ['profile'], operation: ['getMany'] };

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
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. nathan@example.com',
				default: '',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				placeholder: 'e.g. 100042',
				default: '',
			},
			{
				displayName: 'Include Subscriptions',
				name: 'withSubscriptions',
				type: 'boolean',
				default: false,
				description: 'Whether to include the email and SMS consent records',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. +46701234567',
			},
			{ displayName: 'Updated After', name: 'updatedAfter', type: 'dateTime', default: '' },
		],
	},
	simplifyDescription(show),
];

/** `GET /api/profiles`, up to 100 per page (docs/reference/klaviyo-api.md §2.4). */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const max = wanted.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const text = (name: string) =>
		typeof filters[name] === 'string' && (filters[name] as string).trim()
			? (filters[name] as string)
			: undefined;
	const query = profileListQuery(
		{
			email: text('email'),
			phoneNumber: text('phoneNumber'),
			externalId: text('externalId'),
			createdAfter: text('createdAfter'),
			createdBefore: text('createdBefore'),
			updatedAfter: text('updatedAfter'),
		},
		Number.isFinite(max) ? max : 100,
		filters.withSubscriptions === true,
	);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const items: INodeExecutionData[] = [];
	for await (const profile of klaviyoResources(
		client.send,
		klaviyoRequest({
			method: 'GET',
			path: '/api/profiles',
			query,
			baseUrl: client.baseUrl,
			revision: client.revision,
		}),
	)) {
		const json = simplify ? simpleProfile(profile) : flattenResource(profile);
		items.push({ json: json as IDataObject, pairedItem: { item: itemIndex } });
		if (items.length >= max) break;
	}
	return { main: items };
}
