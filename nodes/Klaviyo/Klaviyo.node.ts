import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import * as consent from './actions/consent';
import * as event from './actions/event';
import * as metric from './actions/metric';
import * as order from './actions/order';
import * as profile from './actions/profile';
import { route } from './actions/router';
import { listSearch } from './methods';

export class Klaviyo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Klaviyo',
		name: 'klaviyo',
		icon: { light: 'file:klaviyo.svg', dark: 'file:klaviyo.dark.svg' },
		group: ['output'],
		// 1.1: Profile → Get and Get Many simplify their output by default; 1.2: whole shoppers; 1.3: Automatic sending by default (CHANGELOG).
		version: [1, 1.1, 1.2, 1.3],
		defaultVersion: 1.3,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send store purchases, customers and consent to Klaviyo',
		defaults: { name: 'Klaviyo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Done', 'Unattributed'],
		credentials: [{ name: 'klaviyoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Consent', value: 'consent' },
					{ name: 'Event', value: 'event' },
					{ name: 'Metric', value: 'metric' },
					{ name: 'Order', value: 'order' },
					{ name: 'Profile', value: 'profile' },
				],
				default: 'event',
			},
			...order.description,
			...event.description,
			...profile.description,
			...consent.description,
			...metric.description,
			{
				displayName: 'Give Up After (Seconds)',
				name: 'giveUpAfterSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'The longest this node may take, retries and waits for Klaviyo included, before it fails with "try again". For a waiting till (Sitoo CRM) keep the sum of all Klaviyo nodes on a path under 10 seconds. 0: retry as long as Klaviyo asks (up to six tries).',
			},
		],
	};

	methods = {
		listSearch: { searchMetrics: listSearch.searchMetrics, searchLists: listSearch.searchLists },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
