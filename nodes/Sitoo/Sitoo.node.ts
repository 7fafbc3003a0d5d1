import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import * as customer from './actions/customer';
import * as order from './actions/order';
import * as product from './actions/product';
import { route } from './actions/router';
import * as store from './actions/store';
import * as warehouse from './actions/warehouse';

export class Sitoo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sitoo',
		name: 'sitoo',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read sales, refunds, customers, stores and products from the Sitoo POS',
		defaults: { name: 'Sitoo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sitooApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Customer', value: 'customer' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Store', value: 'store' },
					{ name: 'Warehouse', value: 'warehouse' },
				],
				default: 'order',
			},
			...order.description,
			...customer.description,
			...store.description,
			...warehouse.description,
			...product.description,
			{
				displayName: 'Site ID',
				name: 'siteId',
				type: 'number',
				default: 0,
				description:
					'The Sitoo site (eshopid) to read from. 0 uses the default site of the credential.',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
