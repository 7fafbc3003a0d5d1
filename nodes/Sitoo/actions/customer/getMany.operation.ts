import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	CUSTOMER_FIELDS,
	CUSTOMER_KEY_NAMES,
	customerListQuery,
	type CustomerFilterInput,
} from '../../../core/sitoo';
import { listRows, returnAllOrLimit, wanted, type SitooSession } from '../shared';

const show = { resource: ['customer'], operation: ['getMany'] };

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
				displayName: CUSTOMER_KEY_NAMES.customerNumber,
				name: 'customerNumber',
				type: 'string',
				placeholder: 'e.g. 100042',
				default: '',
			},
			{
				displayName: CUSTOMER_KEY_NAMES.email,
				name: 'email',
				type: 'string',
				placeholder: 'e.g. nathan@example.com',
				default: '',
			},
			{
				displayName: CUSTOMER_KEY_NAMES.mobile,
				name: 'mobile',
				type: 'string',
				placeholder: 'e.g. +46701234567',
				default: '',
				description: 'Exactly as it was typed in Sitoo',
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
		options: [
			{
				displayName: 'Include Staff',
				name: 'includeStaff',
				type: 'boolean',
				default: false,
				description:
					'Whether to include staff accounts. Sitoo keeps staff and customers in one list; staff have a role.',
			},
		],
	},
];

/** `GET /sites/{site}/users.json` with its exact-match filters (docs/reference/sitoo-api.md §4.1), customers only unless asked. */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const max = wanted.call(this, itemIndex);
	const query = customerListQuery(
		this.getNodeParameter('filters', itemIndex, {}) as CustomerFilterInput,
	);
	const { includeStaff = false } = this.getNodeParameter('options', itemIndex, {}) as {
		includeStaff?: boolean;
	};
	// `role` is null "if not applicable", i.e. for customers (§4.1).
	const keep = includeStaff
		? undefined
		: (row: Record<string, unknown>) =>
				row.role === null || row.role === undefined || row.role === '';
	const rows = await listRows(session, `/sites/${siteId}/users.json`, max, {
		query: { ...query, fields: CUSTOMER_FIELDS },
		keep,
	});
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
