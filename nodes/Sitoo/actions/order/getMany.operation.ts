import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	checkedLimit,
	ORDER_FILTER_NAMES,
	ORDER_LIST_FIELDS,
	orderListQuery,
	type OrderFilterInput,
	type OrderStateName,
} from '../../../core/sitoo';
import { sitooOrders } from '../../../core/transport/sitoo';
import {
	DEFAULT_PAGE_SIZE,
	orderProductDataOption,
	ordersToItems,
	returnAllOrLimit,
	wanted,
	type OrderOutput,
	type SitooSession,
} from '../shared';

const show = { resource: ['order'], operation: ['getMany'] };

/** Values are the names of `SITOO_ORDER_STATE` (core/order/sitoo-codes), which the query turns into codes. */
const ORDER_STATE_OPTIONS: Array<{ name: string; value: OrderStateName; description?: string }> = [
	{ name: 'Abandoned', value: 'abandoned' },
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Closed', value: 'closed', description: 'Completed at the till or in the webshop' },
	{ name: 'Open', value: 'open', description: 'Parked at the till, booked, or not yet paid' },
];

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
				displayName: ORDER_FILTER_NAMES.email,
				name: 'email',
				type: 'string',
				placeholder: 'e.g. nathan@example.com',
				default: '',
				description: 'Only orders of this customer; Sitoo matches the whole address',
			},
			{
				displayName: ORDER_FILTER_NAMES.orderIdFrom,
				name: 'orderIdFrom',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'First order ID to include. Order IDs follow the order in which orders reached Sitoo.',
			},
			{
				displayName: ORDER_FILTER_NAMES.orderIdTo,
				name: 'orderIdTo',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Last order ID to include',
			},
			{
				displayName: ORDER_FILTER_NAMES.orderStates,
				name: 'orderStates',
				type: 'multiOptions',
				options: ORDER_STATE_OPTIONS,
				default: [],
				description: 'Only orders in these states',
			},
			{
				displayName: ORDER_FILTER_NAMES.tillTimeBefore,
				name: 'tillTimeBefore',
				type: 'dateTime',
				default: '',
				description:
					"Only orders rung up before this time. Till times of offline tills can be older than the time the order reached Sitoo. Without a time zone, the workflow's time zone applies.",
			},
			{
				displayName: ORDER_FILTER_NAMES.tillTimeFrom,
				name: 'tillTimeFrom',
				type: 'dateTime',
				default: '',
				description:
					"Only orders rung up at or after this time. Without a time zone, the workflow's time zone applies.",
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
			orderProductDataOption,
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: DEFAULT_PAGE_SIZE,
				description: 'How many orders to ask Sitoo for per request',
			},
		],
	},
];

/**
 * `GET /orders.json?eshopid=…&orderidfrom=…&sort=orderid` (docs/reference/sitoo-api.md §2.1, §5): always in
 * `orderid` order (arrival order), each page starting after the last order of the one before, so
 * orders arriving meanwhile cannot shift the pages.
 */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const max = wanted.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as OrderFilterInput;
	const options = this.getNodeParameter('options', itemIndex, {}) as { pageSize?: number };
	const output = this.getNodeParameter('output', itemIndex, 'normalized') as OrderOutput;
	const query = orderListQuery(filters, this.getTimezone());
	const pageSize = Math.min(checkedLimit(options.pageSize ?? DEFAULT_PAGE_SIZE, 'Page Size'), max);
	const walk = {
		account: session.client.account,
		siteId,
		fromOrderId: query.fromOrderId,
		toOrderId: query.toOrderId,
		filters: query.filters,
		fields: ORDER_LIST_FIELDS,
		pageSize,
	};
	const orders: IDataObject[] = [];
	for await (const order of sitooOrders<{ orderid: number } & IDataObject>(
		session.client.send,
		walk,
	)) {
		orders.push(order);
		if (orders.length >= max) break;
	}
	return ordersToItems.call(this, session, orders, output, itemIndex, siteId);
}
