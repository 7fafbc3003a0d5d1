/**
 * The parameters the three Track operations share: where the order comes from (the Sitoo nodes'
 * normalized order in `$json`, or fields mapped by expression) and the options.
 */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_STALE_AFTER_HOURS } from '../../../core/klaviyo/event-request';
import type { MappedOrderKind } from '../../../core/klaviyo/order-input';
import { DEFAULT_BULK_FROM_EVENTS } from '../../../core/klaviyo/send-mode';
import { identityOptionFields, shopperIdentityOptionFields, syncSettingsOption } from '../shared';

/** Single events (live, in order), bulk jobs (history), or chosen per run; see sending/orders.ts. */
const sendUsingOption: INodeProperties = {
	displayName: 'Send Using',
	name: 'sendUsing',
	type: 'options',
	options: [
		{
			name: 'Automatic',
			value: 'automatic',
			description:
				'One request per event for small runs, bulk jobs for runs of at least "Bulk Jobs From" events: for live syncs at any rate',
		},
		{
			name: 'One Request per Event',
			value: 'events',
			description: 'Each event as it comes, in order',
		},
		{
			name: 'Bulk Jobs',
			value: 'bulkJobs',
			description:
				'Up to 1,000 events per request, processed by Klaviyo in the background: for backfills',
		},
	],
	default: 'automatic',
	description:
		'How the events go to Klaviyo. The events and their unique IDs are the same either way. Without this option, nodes from version 1.3 choose automatically and older nodes send one request per event.',
};

/** The run size from which "Automatic" sends bulk jobs (core/klaviyo/send-mode.ts). */
const bulkFromEventsOption: INodeProperties = {
	displayName: 'Bulk Jobs From (Events per Run)',
	name: 'bulkFromEvents',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: DEFAULT_BULK_FROM_EVENTS,
	description:
		"With Send Using Automatic: a run with at least this many events goes in bulk jobs. The default is one second of Klaviyo's Create Event limit, so a large catch-up leaves that limit to the other workflows.",
};

export function orderInputDescription(
	operation: string,
	kind: MappedOrderKind,
	extraOptions: INodeProperties[],
): INodeProperties[] {
	const show = { resource: ['order'], operation: [operation] };
	const mapped = { ...show, orderInput: ['fields'] };
	const refundFields: INodeProperties[] =
		kind === 'refund'
			? [
					{
						displayName: 'Original Order ID',
						name: 'originalOrderId',
						type: 'string',
						placeholder: 'e.g. 10298',
						default: '',
						description:
							'The sale the goods came back from. Leave empty for a return without a receipt.',
					},
					{
						displayName: 'Refund Number',
						name: 'refundSequence',
						type: 'number',
						default: 1,
						description:
							'Whether this is the 1st, 2nd… refund of the original sale. The first one is linked to the sale in Klaviyo for customer lifetime value.',
					},
				]
			: [];
	return [
		{
			displayName: 'Order Input',
			name: 'orderInput',
			type: 'options',
			options: [
				{
					name: 'Normalized Order From a Sitoo Node',
					value: 'normalized',
					description:
						'The incoming item is an order read by a Sitoo node with Output "Normalized"',
				},
				{
					name: 'Map Fields',
					value: 'fields',
					description:
						"Give the order's fields one by one, e.g. with expressions, for orders from another system",
				},
			],
			default: 'normalized',
			displayOptions: { show },
		},
		{
			displayName: 'Order Fields',
			name: 'orderFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: mapped },
			options: [
				{
					displayName: 'Account ID',
					name: 'accountId',
					type: 'string',
					placeholder: 'e.g. 90210',
					default: '',
					description:
						"Your account in the source system. Part of every event's unique ID, so resending an order never doubles it.",
				},
				{
					displayName: 'Currency',
					name: 'currency',
					type: 'string',
					default: '',
					placeholder: 'e.g. SEK',
				},
				{
					displayName: 'Customer Email',
					name: 'email',
					type: 'string',
					placeholder: 'e.g. nathan@example.com',
					default: '',
				},
				{
					displayName: 'Customer Phone',
					name: 'phone',
					type: 'string',
					placeholder: 'e.g. +46701234567',
					default: '',
				},
				{
					displayName: 'Lines (JSON)',
					name: 'lines',
					type: 'json',
					default: '[]',
					description:
						'The order lines, e.g. [{"sku": "A1", "name": "Shirt", "quantity": 1, "unitPrice": 199, "rowTotal": 199, "categories": ["Shirts"], "brand": "Acme"}]',
				},
				{
					displayName: 'Order ID',
					name: 'orderId',
					type: 'string',
					placeholder: 'e.g. 10302',
					default: '',
					description: 'A whole number that identifies the order in the source system',
				},
				{
					displayName: 'Order Time',
					name: 'tillTime',
					type: 'string',
					placeholder: 'e.g. 2026-12-06T14:02:00+01:00',
					default: '',
					description: 'When the order was placed: ISO 8601 or epoch seconds',
				},
				{
					displayName: 'Order Total',
					name: 'total',
					type: 'number',
					default: 0,
					typeOptions: { numberPrecision: 2 },
					description: 'What was paid (or paid back) in total',
				},
				...refundFields,
				{
					displayName: 'Receipt ID',
					name: 'receiptId',
					type: 'string',
					placeholder: 'e.g. SII000000150000110042',
					default: '',
				},
				{
					displayName: 'Store Country',
					name: 'storeCountry',
					type: 'string',
					default: '',
					placeholder: 'e.g. SE',
					description:
						'Two-letter code; phone numbers without a country code are read in this country',
				},
				{
					displayName: 'Store ID',
					name: 'storeId',
					type: 'string',
					placeholder: 'e.g. 12',
					default: '',
				},
				{
					displayName: 'Store Name',
					name: 'storeName',
					type: 'string',
					placeholder: 'e.g. Stockholm Drottninggatan',
					default: '',
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show },
			options: (
				[
					...extraOptions,
					sendUsingOption,
					bulkFromEventsOption,
					...identityOptionFields,
					...shopperIdentityOptionFields,
					syncSettingsOption,
					{
						displayName: 'Update Profiles From the Till',
						name: 'profileFromTill',
						type: 'boolean',
						default: true,
						description:
							'Whether to put the first and last name, city, postal code, country, POS member number and last store purchase from the till on the profile, in the same requests as the events. A blank at the till never erases a value in Klaviyo. Nodes of an earlier version send identifiers only until this is set.',
					},
					{
						displayName: 'Source Name',
						name: 'sourceName',
						type: 'string',
						placeholder: 'e.g. POS',
						default: 'POS',
						description:
							'Written as "Source Name" on every event, so segments and flows can tell in-store orders from web orders',
					},
					{
						displayName: 'Stale After (Hours)',
						name: 'staleAfterHours',
						type: 'number',
						default: DEFAULT_STALE_AFTER_HOURS,
						typeOptions: { minValue: 0 },
						description:
							'Orders older than this when sent (offline tills, catch-up) are recorded without starting flows',
					},
				] as INodeProperties[]
			).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}
