import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	flattenResource,
	profileLookupQuery,
	type ProfileLookupField,
} from '../../../core/klaviyo/queries';
import { simpleProfile } from '../../../core/klaviyo/simple-profile';
import { toNodeError } from '../../../clients/node-error';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import { simplifyDescription, type OperationOutput } from '../shared';

const show = { resource: ['profile'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'External ID', value: 'external_id' },
			{ name: 'Klaviyo Profile ID', value: 'id' },
			{
				name: 'Phone Number',
				value: 'phone_number',
				description: 'In E.164 format, e.g. +46701234567',
			},
		],
		default: 'email',
		displayOptions: { show },
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		required: true,
		description: 'The email, phone number, external ID or profile ID to look for',
		displayOptions: { show },
	},
	{
		displayName: 'Include Subscriptions',
		name: 'withSubscriptions',
		type: 'boolean',
		default: false,
		description: 'Whether to include the email and SMS consent records',
		displayOptions: { show },
	},
	simplifyDescription(show),
];

/** One profile by identifier or id (simplified or as Klaviyo sends it); none: one item with `found: false`. */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const by = this.getNodeParameter('lookupBy', itemIndex, 'email') as ProfileLookupField | 'id';
	const value = String(this.getNodeParameter('lookupValue', itemIndex, '')).trim();
	const withSubscriptions = this.getNodeParameter('withSubscriptions', itemIndex, false) as boolean;
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const pairedItem = { item: itemIndex };
	if (value === '')
		throw new Error(
			'Value is empty: give the email, phone number, external ID or profile ID to look for',
		);
	let profile: unknown;
	if (by === 'id') {
		const query = withSubscriptions ? { 'additional-fields[profile]': 'subscriptions' } : undefined;
		try {
			profile = (
				await client.request({
					method: 'GET',
					path: `/api/profiles/${encodeURIComponent(value)}`,
					query,
				})
			).body;
			profile = (profile as { data?: unknown }).data;
		} catch (error) {
			if ((error as { status?: number }).status !== 404)
				throw toNodeError(this.getNode(), error, itemIndex);
		}
	} else {
		const response = await client.request({
			method: 'GET',
			path: '/api/profiles',
			query: profileLookupQuery(by, value, withSubscriptions),
		});
		profile = ((response.body as { data?: unknown[] }).data ?? [])[0];
	}
	if (!profile) return { main: [{ json: { found: false, lookupBy: by, value }, pairedItem }] };
	const json = simplify ? simpleProfile(profile) : flattenResource(profile);
	return { main: [{ json: { found: true, ...(json as IDataObject) }, pairedItem }] };
}
