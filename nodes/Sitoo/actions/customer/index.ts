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
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get customer',
				description: 'Find one customer by e-mail, customer number, mobile or user ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many customers',
				description: 'List customers, optionally filtered',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
];
