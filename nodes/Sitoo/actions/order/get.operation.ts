import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sitooRequest } from '../../../core/transport/sitoo';
import type { SitooClient } from '../../../transport/sitoo';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The Sitoo order ID (orderid), not the receipt number',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, client: SitooClient, itemIndex: number, siteId: number): Promise<INodeExecutionData[]> {
	const orderId = this.getNodeParameter('orderId', itemIndex) as number;
	if (!Number.isInteger(orderId) || orderId <= 0) throw new Error(`Order ID must be a whole number above 0, not ${orderId}.`);
	const response = await client.send(sitooRequest(client.account, `/sites/${siteId}/orders/${orderId}.json`));
	return [{ json: response.body as IDataObject, pairedItem: { item: itemIndex } }];
}
