import type { INodeProperties } from 'n8n-workflow';
import * as subscribe from './subscribe.operation';
import * as suppress from './suppress.operation';
import * as unsubscribe from './unsubscribe.operation';

export { subscribe, suppress, unsubscribe };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['consent'] } },
		options: [
			{
				name: 'Subscribe',
				value: 'subscribe',
				action: 'Subscribe profile to marketing',
				description: 'Record an opt-in to email and/or SMS marketing',
			},
			{
				name: 'Suppress',
				value: 'suppress',
				action: 'Suppress email address',
				description: 'Stop all email marketing to an address',
			},
			{
				name: 'Unsubscribe',
				value: 'unsubscribe',
				action: 'Unsubscribe profile from marketing',
				description: 'Record an opt-out from email and/or SMS marketing',
			},
		],
		default: 'subscribe',
	},
	...subscribe.description,
	...unsubscribe.description,
	...suppress.description,
];
