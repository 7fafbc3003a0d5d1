import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	CUSTOMER_FIELDS,
	CUSTOMER_KEY_NAMES,
	customerLookup,
	ParameterError,
	type CustomerKey,
} from '../../../core/sitoo';
import { getSingle, listRows, sitooIdLocator, type SitooSession } from '../shared';

const show = { resource: ['customer'], operation: ['get'] };
/** A GUID, with or without Sitoo's braces (§4.1). */
const USER_ID_REGEX =
	'\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?';
const valueFields: Record<CustomerKey, string> = {
	userId: 'userId',
	email: 'email',
	customerNumber: 'customerNumber',
	mobile: 'mobile',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{
				name: CUSTOMER_KEY_NAMES.customerNumber,
				value: 'customerNumber',
				description: 'The member number shown in Sitoo',
			},
			{ name: CUSTOMER_KEY_NAMES.email, value: 'email' },
			{
				name: CUSTOMER_KEY_NAMES.mobile,
				value: 'mobile',
				description: 'Exactly as it was typed in Sitoo',
			},
			{
				name: CUSTOMER_KEY_NAMES.userId,
				value: 'userId',
				description: "Sitoo's ID of the customer, such as {102DC4AA-2C19-3177-6AB2-435CB3A46499}",
			},
		],
		default: 'email',
		displayOptions: { show },
	},
	{
		displayName: CUSTOMER_KEY_NAMES.email,
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		required: true,
		displayOptions: { show: { ...show, findBy: ['email'] } },
	},
	{
		displayName: CUSTOMER_KEY_NAMES.customerNumber,
		name: 'customerNumber',
		type: 'string',
		placeholder: 'e.g. 100042',
		default: '',
		required: true,
		displayOptions: { show: { ...show, findBy: ['customerNumber'] } },
	},
	{
		displayName: CUSTOMER_KEY_NAMES.mobile,
		name: 'mobile',
		type: 'string',
		placeholder: 'e.g. +46701234567',
		default: '',
		required: true,
		displayOptions: { show: { ...show, findBy: ['mobile'] } },
	},
	sitooIdLocator({
		displayName: CUSTOMER_KEY_NAMES.userId,
		name: 'userId',
		description:
			'The customer to read. Search the list by e-mail, customer number, mobile (as typed in Sitoo) or user ID; Sitoo matches the whole value. Staff accounts are not listed.',
		searchListMethod: 'searchCustomers',
		listPlaceholder: 'Select a customer...',
		idPlaceholder: 'e.g. {102DC4AA-2C19-3177-6AB2-435CB3A46499}',
		idError: 'A Sitoo user ID looks like {102DC4AA-2C19-3177-6AB2-435CB3A46499}',
		idRegex: USER_ID_REGEX,
		show: { ...show, findBy: ['userId'] },
	}),
];

/**
 * `GET /sites/{site}/users/{userid}.json`, or the exact-match filters of `users.json` (docs/reference/sitoo-api.md
 * §4.1). Users are common to all sites. Nobody found is an error naming the value; a mobile number
 * shared by several customers gives one item each.
 */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const key = this.getNodeParameter('findBy', itemIndex) as CustomerKey;
	const value = this.getNodeParameter(valueFields[key] ?? 'email', itemIndex, '', {
		extractValue: true,
	});
	const lookup = customerLookup(key, value);
	const pairedItem = { item: itemIndex };
	if (lookup.kind === 'userId') {
		const user = await getSingle(
			session,
			`/sites/${siteId}/users/${encodeURIComponent(lookup.userId)}.json`,
			CUSTOMER_KEY_NAMES.userId,
			lookup.userId,
			siteId,
		);
		return [{ json: user, pairedItem }];
	}
	const rows = await listRows(session, `/sites/${siteId}/users.json`, Infinity, {
		query: { ...lookup.query, fields: CUSTOMER_FIELDS },
		pageSize: 10,
	});
	if (rows.length === 0)
		throw new ParameterError(
			CUSTOMER_KEY_NAMES[key],
			`no Sitoo customer has ${CUSTOMER_KEY_NAMES[key].toLowerCase()} "${String(value).trim()}".`,
		);
	return rows.map((json) => ({ json, pairedItem }));
}
