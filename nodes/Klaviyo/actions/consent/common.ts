/**
 * What subscribe, unsubscribe and suppress share: who (validated identity), when, the consent guard
 * reading Klaviyo's own record first (docs/design.md invariant 5), and the item that reports every decision.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { overOptions } from '../../../core/settings/sync-settings';
import type { ConsentChannel, KlaviyoConsentRecord } from '../../../core/consent/guard';
import {
	consentRecordOf,
	planConsent,
	type ChannelDecision,
	type ConsentOperation,
	type ConsentTarget,
} from '../../../core/klaviyo/consent-requests';
import { validIdentity } from '../../../core/klaviyo/identity-options';
import { profileLookupQuery } from '../../../core/klaviyo/queries';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import {
	identityOptionFields,
	identityOptionsFrom,
	syncSettingsOf,
	syncSettingsOption,
	locatorValue,
	now,
	unattributedItem,
	type OperationOutput,
} from '../shared';

export function consentDescription(operation: ConsentOperation): INodeProperties[] {
	const show = { resource: ['consent'], operation: [operation] };
	const verb = operation === 'subscribe' ? 'gave' : 'withdrew';
	const fields: INodeProperties[] = [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. nathan@example.com',
			default: '',
			displayOptions: { show },
		},
	];
	if (operation !== 'suppress') {
		fields.push(
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				placeholder: 'e.g. +46701234567',
				default: '',
				description: 'Needed for SMS. Read in the default country when it has no country code.',
				displayOptions: { show },
			},
			{
				displayName: 'Channels',
				name: 'channels',
				type: 'multiOptions',
				options: [
					{ name: 'Email', value: 'email' },
					{ name: 'SMS', value: 'sms' },
				],
				default: ['email'],
				displayOptions: { show },
			},
		);
	}
	fields.push(
		{
			displayName: 'Consent Time',
			name: 'consentTime',
			type: 'dateTime',
			default: '',
			description: `When the customer ${verb} consent at the till. Leave empty for now. The consent guard compares it with Klaviyo's own record.`,
			displayOptions: { show },
		},
		{
			displayName: 'Consent Guard',
			name: 'guard',
			type: 'boolean',
			default: true,
			description:
				"Whether to read the person's consent in Klaviyo first and skip a change older than it. Keeps someone who unsubscribed in Klaviyo after the opt-in at the till unsubscribed.",
			displayOptions: { show },
		},
	);
	const options: INodeProperties[] = [...identityOptionFields, syncSettingsOption];
	if (operation !== 'suppress') {
		options.unshift({
			displayName: 'List',
			name: 'list',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			description:
				operation === 'subscribe'
					? 'Subscribe to this list (its double opt-in setting applies)'
					: 'Unsubscribe from this list. Profiles not on it are unsubscribed globally.',
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchLists', searchable: true },
				},
				{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. Y6nRLr' },
			],
		});
	}
	if (operation === 'subscribe') {
		options.push({
			displayName: 'Custom Source',
			name: 'customSource',
			type: 'string',
			default: '',
			placeholder: 'e.g. POS checkout - Stockholm',
			description: 'Stored on the consent record, e.g. the store where the customer signed up',
		});
	}
	fields.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	});
	return fields;
}

export interface ConsentContext {
	target: ConsentTarget;
	decisions: ChannelDecision[];
	options: IDataObject;
	listId: string | undefined;
	profileId: string | null;
}

/** Reads the item, consults Klaviyo when the guard is on, and decides per channel; undefined when unattributed. */
export async function decide(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
	operation: ConsentOperation,
): Promise<ConsentContext | { unattributed: string }> {
	const own = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const options = overOptions(own, syncSettingsOf.call(this, own, itemIndex));
	const email = this.getNodeParameter('email', itemIndex, '') as string;
	const phone =
		operation === 'suppress'
			? undefined
			: (this.getNodeParameter('phoneNumber', itemIndex, '') as string);
	const channels =
		operation === 'suppress'
			? (['email'] as ConsentChannel[])
			: (this.getNodeParameter('channels', itemIndex, ['email']) as ConsentChannel[]);
	if (channels.length === 0) throw new Error('Channels: choose Email, SMS or both');
	const identity = validIdentity({ email, phone }, identityOptionsFrom(options));
	if (!identity.ok) return { unattributed: identity.reason };
	const target: ConsentTarget = {};
	if (identity.profile.email) target.email = identity.profile.email;
	if (identity.profile.phone_number) target.phone_number = identity.profile.phone_number;
	if (!target.email && !target.phone_number)
		return { unattributed: 'no valid identifier: consent needs an email or a phone number' };
	const clock = now();
	const rawTime = this.getNodeParameter('consentTime', itemIndex, '') as string;
	const at = rawTime ? rawTime : new Date(clock).toISOString();
	const guard = this.getNodeParameter('guard', itemIndex, true) as boolean;
	const records: Partial<Record<ConsentChannel, KlaviyoConsentRecord>> = {};
	let profileId: string | null = null;
	if (guard) {
		const lookup = target.email
			? profileLookupQuery('email', target.email, true)
			: profileLookupQuery('phone_number', target.phone_number as string, true);
		const response = await client.request({ method: 'GET', path: '/api/profiles', query: lookup });
		const profile = ((response.body as { data?: Array<{ id: string }> }).data ?? [])[0];
		if (profile) {
			profileId = profile.id;
			for (const channel of channels) records[channel] = consentRecordOf(profile, channel);
		}
	}
	const decisions = planConsent({ operation, channels, at, records, guard, now: clock, target });
	return { target, decisions, options, listId: locatorValue(options.list) || undefined, profileId };
}

/** The item for one consent change: `applied` when any channel was applied, else `skipped`, with every reason. */
export function consentResult(
	itemIndex: number,
	operation: ConsentOperation,
	context: ConsentContext,
): OperationOutput {
	const applied = context.decisions.some((d) => d.status === 'applied');
	const reason = context.decisions.map((d) => `${d.channel}: ${d.reason}`).join('; ');
	const json: IDataObject = {
		operation,
		status: applied ? 'applied' : 'skipped',
		reason,
		email: context.target.email ?? null,
		phoneNumber: context.target.phone_number ?? null,
		profileId: context.profileId,
		decisions: context.decisions as unknown as IDataObject[],
	};
	return { main: [{ json, pairedItem: { item: itemIndex } }] };
}

export function unattributed(itemIndex: number, reason: string): OperationOutput {
	return { main: [], unattributed: [unattributedItem(itemIndex, reason)] };
}
