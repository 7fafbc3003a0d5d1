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
import { sitooIdLocator } from './actions/shared';
import * as store from './actions/store';
import * as warehouse from './actions/warehouse';
import { listSearch } from './methods';

export class Sitoo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sitoo',
		name: 'sitoo',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['input'],
		version: [1, 1.1],
		defaultVersion: 1.1,
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
			// Empty, like 0 in workflows saved before, means the credential's default site.
			sitooIdLocator({
				displayName: 'Site ID',
				name: 'siteId',
				description:
					"The Sitoo site (eshopid) to read from. Leave empty to use the credential's default site.",
				searchListMethod: 'searchSites',
				listPlaceholder: "Credential's default site",
				idPlaceholder: 'e.g. 1',
				idError: 'A site ID is a whole number above 0, e.g. 1; leave it empty for the default site',
				idRegex: '([1-9][0-9]*)?',
				required: false,
			}),
		],
	};

	methods = {
		listSearch: {
			searchOrders: listSearch.searchOrders,
			searchProducts: listSearch.searchProducts,
			searchCustomers: listSearch.searchCustomers,
			searchSites: listSearch.searchSites,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
