import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { overOptions } from '../../../core/settings/sync-settings';
import {
	otherPhoneHolder,
	profileImportBody,
	updateExistingBody,
	withoutPhone,
} from '../../../core/klaviyo/profile-import';
import { profileLookupQuery } from '../../../core/klaviyo/queries';
import { ApiError } from '../../../core/transport/errors';
import { toNodeError } from '../../../clients/node-error';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import {
	identityOptionFields,
	identityOptionsFrom,
	syncSettingsOf,
	syncSettingsOption,
	unattributedItem,
	type OperationOutput,
} from '../shared';

const show = { resource: ['profile'], operation: ['createOrUpdate'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		description: "The person's email; Klaviyo finds the profile by it or creates one",
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
				displayName: 'Address 1',
				name: 'address1',
				type: 'string',
				placeholder: 'e.g. Drottninggatan 1',
				default: '',
			},
			{
				displayName: 'Address 2',
				name: 'address2',
				type: 'string',
				placeholder: 'e.g. 2 tr',
				default: '',
			},
			{
				displayName: 'City',
				name: 'city',
				type: 'string',
				placeholder: 'e.g. Stockholm',
				default: '',
			},
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				placeholder: 'e.g. Sweden',
				default: '',
			},
			{
				displayName: 'Custom Properties (JSON)',
				name: 'properties',
				type: 'json',
				default: '{}',
				description:
					'E.g. {"pos_home_store": "Stockholm"}. Properties are added or updated, never removed.',
			},
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				placeholder: 'e.g. Nathan',
				default: '',
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				placeholder: 'e.g. Smith',
				default: '',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				placeholder: 'e.g. sv-SE',
				default: '',
			},
			{
				displayName: 'Organization',
				name: 'organization',
				type: 'string',
				placeholder: 'e.g. Acme AB',
				default: '',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				placeholder: 'e.g. +46701234567',
				default: '',
				description:
					'Read in the default country when it has no country code; left out when it is not a valid number',
			},
			{
				displayName: 'POS Customer ID',
				name: 'externalId',
				type: 'string',
				placeholder: 'e.g. 100042',
				default: '',
				description:
					"The customer's ID in the POS. Always kept as the custom property pos_customer_id.",
			},
			{
				displayName: 'Profile ID',
				name: 'profileId',
				type: 'string',
				placeholder: 'e.g. 01GDDKASAP8TKDDA2GRZDSVP4H',
				default: '',
				description:
					'Update this Klaviyo profile (e.g. the customer_id the till got from a look-up); then no email is needed, and fields left empty stay as they are',
			},
			{
				displayName: 'Region',
				name: 'region',
				type: 'string',
				placeholder: 'e.g. Stockholm County',
				default: '',
			},
			{ displayName: 'Zip', name: 'zip', type: 'string', placeholder: 'e.g. 111 51', default: '' },
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
			syncSettingsOption,
			{
				displayName: 'On Duplicate Profile',
				name: 'onDuplicate',
				type: 'options',
				default: 'retryWithoutPhone',
				description:
					'What to do when another profile already holds one of the identifiers (usually the phone number)',
				options: [
					{
						name: 'Leave the Phone Number Off',
						value: 'retryWithoutPhone',
						description:
							"Look up first whose phone it is; when another profile holds it, update the email's profile without it and leave the other profile untouched",
					},
					{
						name: 'Update the Existing Profile',
						value: 'updateExisting',
						description: 'Update the profile that already holds the identifier, by its ID',
					},
					{
						name: 'Fail',
						value: 'fail',
						description: 'Stop with an error that names both profiles, for a person to resolve',
					},
				],
			},
			{
				displayName: 'Write POS Customer ID as External ID',
				name: 'writeExternalId',
				type: 'boolean',
				default: false,
				description:
					"Whether to also write the POS customer ID into Klaviyo's external_id. Leave off when another integration (e.g. your webshop) already uses external_id.",
			},
		],
	},
];

type Duplicate = 'retryWithoutPhone' | 'updateExisting' | 'fail';

/** `POST /api/profile-import` (docs/reference/klaviyo-api.md §2.3), with the chosen handling of 409 `duplicate_profile` (§4). */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const own = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const options = overOptions(own, syncSettingsOf.call(this, own, itemIndex));
	const email = this.getNodeParameter('email', itemIndex, '') as string;
	let properties: IDataObject = {};
	const rawProperties = extra.properties ?? '{}';
	try {
		properties =
			typeof rawProperties === 'string'
				? (JSON.parse(rawProperties || '{}') as IDataObject)
				: (rawProperties as IDataObject);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`Custom Properties (JSON) is not valid JSON: ${(error as Error).message}`,
			{ itemIndex },
		);
	}
	if (typeof properties !== 'object' || properties === null || Array.isArray(properties))
		throw new NodeOperationError(this.getNode(), 'Custom Properties (JSON) must be a JSON object', {
			itemIndex,
		});
	const built = profileImportBody(
		{
			email,
			phone: extra.phoneNumber,
			externalId: extra.externalId,
			writeExternalId: options.writeExternalId === true,
			firstName: extra.firstName,
			lastName: extra.lastName,
			organization: extra.organization,
			locale: extra.locale,
			location: {
				address1: extra.address1,
				address2: extra.address2,
				city: extra.city,
				region: extra.region,
				zip: extra.zip,
				country: extra.country,
			},
			properties,
		},
		identityOptionsFrom(options),
		String(extra.profileId ?? '').trim() || undefined,
	);
	if (!built.ok)
		return { main: [], unattributed: [unattributedItem(itemIndex, built.reason, { email })] };
	const onDuplicate = (options.onDuplicate as Duplicate | undefined) ?? 'retryWithoutPhone';
	const notes = [...built.notes];
	let body = built.body;
	let phoneLeftOut = false;
	// Klaviyo finds a profile by any identifier and may move a phone to, or re-key, the profile it
	// finds; whether it answers 409 instead is not documented. So ask first whose phone it is.
	const phone = built.identity.phone_number;
	if (phone && built.identity.email && onDuplicate === 'retryWithoutPhone') {
		const holder = otherPhoneHolder(
			built.identity.email,
			await phoneHolders(client, phone).catch((error: unknown) => {
				throw toNodeError(this.getNode(), error, itemIndex);
			}),
		);
		if (holder !== undefined) {
			body = withoutPhone(body);
			phoneLeftOut = true;
			notes.push(`phone ${phone} left out: it belongs to Klaviyo profile ${holder}`);
		}
	}
	let outcome: { status: number; body: unknown; duplicateHandled?: string };
	try {
		const response = await client.request({
			method: 'POST',
			path: '/api/profile-import',
			body,
		});
		outcome = { status: response.status, body: response.body };
	} catch (error) {
		if (!(error instanceof ApiError) || error.status !== 409 || !error.duplicateProfileId)
			throw toNodeError(this.getNode(), error, itemIndex);
		const duplicateId = error.duplicateProfileId;
		if (
			onDuplicate === 'fail' ||
			(onDuplicate === 'retryWithoutPhone' && !built.identity.phone_number)
		)
			throw new NodeOperationError(
				this.getNode(),
				await conflictMessage(client, built.identity, duplicateId),
				{
					itemIndex,
					description:
						'Merge the two profiles in Klaviyo, or choose another "On Duplicate Profile" option',
				},
			);
		if (onDuplicate === 'retryWithoutPhone') {
			const response = await client.request({
				method: 'POST',
				path: '/api/profile-import',
				body: withoutPhone(built.body),
			});
			notes.push(
				`phone ${built.identity.phone_number} left out: it belongs to Klaviyo profile ${duplicateId}`,
			);
			outcome = {
				status: response.status,
				body: response.body,
				duplicateHandled: 'retriedWithoutPhone',
			};
		} else {
			const existing = await client.request({
				method: 'GET',
				path: `/api/profiles/${encodeURIComponent(duplicateId)}`,
			});
			const attributes = ((existing.body as { data?: { attributes?: Record<string, unknown> } })
				.data?.attributes ?? {}) as Record<string, unknown>;
			const update = updateExistingBody(built.body, duplicateId, attributes);
			const response = await client.request({
				method: 'POST',
				path: '/api/profile-import',
				body: update.body,
			});
			notes.push(
				`updated the existing profile ${duplicateId}; left out ${update.leftOut.join(', ') || 'nothing'} (held by another profile)`,
			);
			outcome = {
				status: response.status,
				body: response.body,
				duplicateHandled: 'updatedExisting',
			};
		}
	}
	const data = (outcome.body as { data?: { id?: string; attributes?: IDataObject } }).data;
	const json: IDataObject = {
		id: data?.id ?? null,
		created: outcome.status === 201,
		...(data?.attributes ?? {}),
	};
	if (outcome.duplicateHandled) json.duplicateHandled = outcome.duplicateHandled;
	else if (phoneLeftOut) json.duplicateHandled = 'phoneLeftOut';
	if (notes.length > 0) json.notes = notes;
	return { main: [{ json, pairedItem: { item: itemIndex } }] };
}

/** The profiles that hold this phone number, with their e-mail. */
async function phoneHolders(
	client: KlaviyoClient,
	phone: string,
): Promise<Array<{ id: string; email?: string | null }>> {
	const response = await client.request({
		method: 'GET',
		path: '/api/profiles',
		query: { ...profileLookupQuery('phone_number', phone, false), 'fields[profile]': 'email' },
	});
	const data = (response.body as { data?: Array<{ id: string; attributes?: { email?: string } }> })
		.data;
	return (data ?? []).map((p) => ({ id: p.id, email: p.attributes?.email ?? null }));
}

/** Names both profiles: the one holding the email (looked up) and the one Klaviyo reported. */
async function conflictMessage(
	client: KlaviyoClient,
	identity: { email?: string; phone_number?: string; external_id?: string },
	duplicateId: string,
): Promise<string> {
	let emailHolder: string | undefined;
	if (identity.email) {
		const response = await client.request({
			method: 'GET',
			path: '/api/profiles',
			query: profileLookupQuery('email', identity.email, false),
		});
		emailHolder = ((response.body as { data?: Array<{ id: string }> }).data ?? [])[0]?.id;
	}
	const who = [identity.email, identity.phone_number, identity.external_id]
		.filter(Boolean)
		.join(', ');
	return `Two Klaviyo profiles hold these identifiers (${who}): profile ${emailHolder ?? '(none with this email)'} has the email and profile ${duplicateId} already holds another of them`;
}
