import type { INodeProperties } from 'n8n-workflow';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metric'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many metrics',
				description: 'List the metrics (event names) in the Klaviyo account',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
