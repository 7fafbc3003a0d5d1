import type { INodeProperties } from 'n8n-workflow';
import * as trackCancelled from './trackCancelled.operation';
import * as trackPlaced from './trackPlaced.operation';
import * as trackRefunded from './trackRefunded.operation';

export { trackCancelled, trackPlaced, trackRefunded };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Track Cancelled Order',
				value: 'trackCancelled',
				action: 'Track cancelled order',
				description: 'Record that an order was cancelled',
			},
			{
				name: 'Track Placed Order',
				value: 'trackPlaced',
				action: 'Track placed order',
				description: 'Record a purchase: one Placed Order and one Ordered Product per line',
			},
			{
				name: 'Track Refunded Order',
				value: 'trackRefunded',
				action: 'Track refunded order',
				description: 'Record a refund or return, linked to the original sale',
			},
		],
		default: 'trackPlaced',
	},
	...trackPlaced.description,
	...trackRefunded.description,
	...trackCancelled.description,
];
