import type { INodeProperties } from 'n8n-workflow';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['warehouse'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many warehouses',
				description:
					'List the warehouses; each names the store it belongs to (storeid), which is how an order finds its store',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
