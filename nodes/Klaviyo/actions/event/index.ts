import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [{ name: 'Create', value: 'create', action: 'Create an event', description: 'Record something a person did, such as a purchase' }],
		default: 'create',
	},
	...create.description,
];
