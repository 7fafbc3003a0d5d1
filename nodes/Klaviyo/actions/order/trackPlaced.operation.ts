import type { INodeProperties } from 'n8n-workflow';
import { trackOrders } from '../../sending/orders';
import type { Operation } from '../shared';
import { orderInputDescription } from './description';

export const description: INodeProperties[] = orderInputDescription('trackPlaced', 'sale', [
	{
		displayName: 'Include Ordered Product Events',
		name: 'includeOrderedProducts',
		type: 'boolean',
		default: true,
		description:
			"Whether to also send one Ordered Product event per order line, as Klaviyo's e-commerce integrations do",
	},
	{
		displayName: 'Only Completed Orders',
		name: 'onlyCompleted',
		type: 'boolean',
		default: true,
		description: 'Whether to skip orders that are not closed and paid yet (open, parked, bookings)',
	},
	{
		displayName: 'Ordered Product Metric',
		name: 'orderedProductMetric',
		type: 'string',
		placeholder: 'e.g. Ordered Product',
		default: 'Ordered Product',
	},
	{
		displayName: 'Placed Order Metric',
		name: 'placedOrderMetric',
		type: 'string',
		placeholder: 'e.g. Placed Order',
		default: 'Placed Order',
	},
]);

/** One Placed Order per sale (value = gross total) and one Ordered Product per line (docs/reference/klaviyo-api.md §3). */
export const execute: Operation = trackOrders('placed');
