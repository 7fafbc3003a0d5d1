import type { INodeProperties } from 'n8n-workflow';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['store'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many stores',
				description: 'List the stores with their names, external IDs and addresses',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
