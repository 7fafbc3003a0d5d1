/**
 * What the Klaviyo operations share: the shape of an operation's result (main output and the
 * Unattributed output), the identity options, "Return All" / "Limit", and reading parameters.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { listFromText, type IdentityOptions } from '../../core/klaviyo/identity-options';
import {
	readSyncSettings,
	SETTINGS_TABLE,
	SyncSettingsError,
	type SyncSettings,
} from '../../core/settings/sync-settings';
import type { IdentifyShoppersBy } from '../../core/klaviyo/order-events';
import type { KlaviyoClient } from '../../clients/klaviyo-client';

export interface OperationOutput {
	main: INodeExecutionData[];
	/** Items without a valid identifier, with the reason (docs/design.md invariant 4). */
	unattributed?: INodeExecutionData[];
}

/** Runs once per input item. */
export type ItemOperation = (
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
) => Promise<OperationOutput>;

/** Runs once for all input items: what the router calls for every resource and operation. */
export type Operation = (
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndices: number[],
) => Promise<OperationOutput>;

export function unattributedItem(
	itemIndex: number,
	reason: string,
	extra: IDataObject = {},
): INodeExecutionData {
	return { json: { ...extra, unattributed: true, reason }, pairedItem: { item: itemIndex } };
}

/** Identity fields inside an operation's "Options" collection. */
export const identityOptionFields: INodeProperties[] = [
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: 'SE',
		placeholder: 'e.g. SE',
		description:
			"Two-letter country code used to read phone numbers typed without a country code, when the store's country is not known",
	},
	{
		displayName: 'Email Typo Domains',
		name: 'emailTypos',
		type: 'string',
		default: '',
		placeholder: 'e.g. gmial.com=gmail.com, hotmial.com=hotmail.com',
		description:
			"Misspelt domains as typo=domain, comma-separated. An address on one is still sent as typed, with a warning in the output's notes so staff can check it. Leave empty for the built-in list of the big providers' common typos.",
	},
	{
		displayName: 'Placeholder Emails',
		name: 'placeholderEmails',
		type: 'string',
		default: '',
		placeholder: 'e.g. noemail@*, no@email.*, test@test.*',
		description:
			'Addresses staff type when a customer gives none; * matches anything. Leave empty for the built-in list (noemail@*, no@email.*, test@test.*, a@a.* and more).',
	},
	{
		displayName: 'Store Email Domains',
		name: 'storeDomains',
		type: 'string',
		default: '',
		placeholder: 'e.g. mystore.com, mystore.se',
		description:
			"Your own domains, comma-separated: addresses there are the store's, not the customer's, and are treated as placeholders",
	},
];

/** The installation's settings, handed over by the template (core/settings): the order operations and the Sync Monitor. */
export const syncSettingsOption: INodeProperties = {
	displayName: 'Sync Settings',
	name: 'syncSettings',
	type: 'json',
	default: '',
	placeholder: "e.g. {{ $('Read the sync settings').all().map(row => row.json) }}",
	description: `The row of the "${SETTINGS_TABLE}" data table, which the templates read first. Its filled cells win over this node's options. In the order operations its stores and staffEmails also leave orders out (status "excluded"), and the Sync Monitor leaves out the same.`,
};

/** The sync settings of this item, or a node error that names the column. */
export function syncSettingsOf(
	this: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): SyncSettings {
	try {
		return readSyncSettings(options.syncSettings);
	} catch (error) {
		if (error instanceof SyncSettingsError)
			throw new NodeOperationError(this.getNode(), error.message, {
				itemIndex,
				description: `Fix the cell in the "${SETTINGS_TABLE}" data table (Overview → Data tables).`,
			});
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

/** Which of the till's identifiers identify a shopper: the order operations and the Sync Monitor share them. */
export const shopperIdentityOptionFields: INodeProperties[] = [
	{
		displayName: 'Identify Shoppers By',
		name: 'identifyBy',
		type: 'options',
		options: [
			{
				name: 'Email or Phone',
				value: 'emailOrPhone',
				description:
					'A shopper without a usable email is identified by a valid phone number, as Klaviyo POS integrations do',
			},
			{
				name: 'Email Only',
				value: 'email',
				description: 'Orders without a usable email go to the Unattributed output',
			},
		],
		default: 'emailOrPhone',
		description:
			"Which of the till's identifiers may anchor a Klaviyo profile. Nodes of an earlier version identify by email only until this is set.",
	},
	{
		displayName: 'Placeholder Phones',
		name: 'placeholderPhones',
		type: 'string',
		default: '',
		placeholder: 'e.g. +46 8 123 456 78, 0000000000',
		description:
			"Numbers staff type when a customer gives none, such as the store's own, comma-separated. They never identify a shopper.",
	},
];

/**
 * The shopper identity options as the core reads them. Phone identity came with a node version
 * (Klaviyo 1.2, Sync Monitor 1.1): older nodes keep identifying by email only unless the option is set.
 */
export function shopperIdentityFrom(
	options: IDataObject,
	phoneByDefault: boolean,
): {
	identifyBy: IdentifyShoppersBy;
	placeholderPhones: string[];
} {
	const chosen = options.identifyBy;
	return {
		identifyBy:
			chosen === 'email' || chosen === 'emailOrPhone'
				? chosen
				: phoneByDefault
					? 'emailOrPhone'
					: 'email',
		placeholderPhones: listFromText(options.placeholderPhones),
	};
}

export function identityOptionsFrom(options: IDataObject): IdentityOptions {
	const result: IdentityOptions = {
		placeholderEmails: listFromText(options.placeholderEmails),
		storeDomains: listFromText(options.storeDomains),
		emailTypos: listFromText(options.emailTypos),
	};
	const country =
		typeof options.defaultCountry === 'string' ? options.defaultCountry.trim().toUpperCase() : '';
	result.defaultCountry = country === '' ? undefined : country;
	return result;
}

export { returnAllOrLimit, wanted } from '../../shared/return-all-or-limit';

/**
 * "Simplify" from node version 1.1 on. Version 1 nodes do not show it and keep the raw output
 * they were built on: `getNodeParameter('simplify', i, false)` gives false there.
 */
export function simplifyDescription(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 1.1 } }] } },
	};
}

/** A resource locator's value, or a plain string. */
export function locatorValue(value: unknown): string {
	if (typeof value === 'object' && value !== null && 'value' in value)
		return String((value as { value: unknown }).value ?? '').trim();
	return typeof value === 'string' ? value.trim() : '';
}

/** "Now" for the pure core; the one place the node reads the clock. */
export function now(): number {
	return Date.now();
}
