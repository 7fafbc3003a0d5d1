import type { INodeProperties } from 'n8n-workflow';
import { orderOptionsDescription, orderOutputDescription } from '../shared';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getRefunds from './getRefunds.operation';

export { get, getMany, getRefunds };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get order',
				description: 'Read one sale or refund by its order ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many orders',
				description: 'Read orders in the order they reached Sitoo, with filters',
			},
			{
				name: 'Get Refunds',
				value: 'getRefunds',
				action: 'Get refunds of order',
				description: 'Read every refund of a sale, first refund first',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...getRefunds.description,
	orderOutputDescription({ resource: ['order'], operation: ['get', 'getMany', 'getRefunds'] }),
	// Get Many has its own Options, with this option among them.
	orderOptionsDescription({ resource: ['order'], operation: ['get', 'getRefunds'] }),
];
