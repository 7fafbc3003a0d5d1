import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';
import * as createMany from './createMany.operation';
import * as getMany from './getMany.operation';

export { create, createMany, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create event',
				description: 'Record something a person did, such as a purchase',
			},
			{
				name: 'Create Many',
				value: 'createMany',
				action: 'Create many events',
				description: 'Record the events of all input items in bulk jobs (up to 1,000 per job)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many events',
				description: 'Read events by metric, time window and person',
			},
		],
		default: 'create',
	},
	...create.description,
	...createMany.description,
	...getMany.description,
];
