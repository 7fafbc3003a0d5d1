import type { INodeProperties } from 'n8n-workflow';
import * as createOrUpdate from './createOrUpdate.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { createOrUpdate, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				action: 'Create or update profile',
				description:
					'Add a customer to Klaviyo or update their name, phone, address and properties',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get profile',
				description: 'Find a profile by email, phone number, external ID or ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many profiles',
				description: 'List profiles, optionally filtered',
			},
		],
		default: 'createOrUpdate',
	},
	...createOrUpdate.description,
	...get.description,
	...getMany.description,
];
