import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get an order', description: 'Read one sale or refund by its order ID' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many orders', description: 'Read orders in the order they reached Sitoo' },
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
];
