import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sitooOrders } from '../../../core/transport/sitoo';
import type { SitooClient } from '../../../transport/sitoo';

const show = { resource: ['order'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'From Order ID',
		name: 'fromOrderId',
		type: 'number',
		default: 1,
		description: 'Orders are read in the order they reached Sitoo, starting at this order ID',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, client: SitooClient, itemIndex: number, siteId: number): Promise<INodeExecutionData[]> {
	const fromOrderId = this.getNodeParameter('fromOrderId', itemIndex) as number;
	const limit = this.getNodeParameter('limit', itemIndex) as number;
	const results: INodeExecutionData[] = [];
	const walk = { account: client.account, fromOrderId, siteId, sitePath: true, pageSize: Math.min(limit, 100) };
	for await (const order of sitooOrders(client.send, walk)) {
		results.push({ json: order as IDataObject, pairedItem: { item: itemIndex } });
		if (results.length >= limit) break;
	}
	return results;
}
