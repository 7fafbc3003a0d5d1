import type { INodeProperties } from 'n8n-workflow';
import { trackOrders } from '../../sending/orders';
import type { Operation } from '../shared';
import { orderInputDescription } from './description';

export const description: INodeProperties[] = orderInputDescription('trackCancelled', 'sale', [
	{
		displayName: 'Cancelled Order Metric',
		name: 'cancelledOrderMetric',
		type: 'options',
		options: [
			{
				name: 'Canceled Order',
				value: 'Canceled Order',
				description: "Klaviyo's current e-commerce guide",
			},
			{
				name: 'Cancelled Order',
				value: 'Cancelled Order',
				description: 'Square and older Klaviyo guides',
			},
		],
		default: 'Canceled Order',
		description: 'Klaviyo spells it both ways; use the name your flows and reports already use',
	},
	{
		displayName: 'Reason',
		name: 'cancelReason',
		type: 'string',
		placeholder: 'e.g. Customer changed their mind',
		default: '',
		description: 'Reason to record when the order carries none',
	},
]);

/** Same properties and unique_id as the Placed Order, plus the reason (docs/reference/klaviyo-api.md §3). */
export const execute: Operation = trackOrders('cancelled');
