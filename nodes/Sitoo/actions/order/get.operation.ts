import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { requiredOrderId } from '../../../core/sitoo';
import { getSingle, ordersToItems, type OrderOutput, type SitooSession } from '../shared';

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

/** `GET /sites/{site}/orders/{orderid}.json`: the single order with all its fields (docs/reference/sitoo-api.md §2.1). */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const orderId = requiredOrderId(this.getNodeParameter('orderId', itemIndex), 'Order ID');
	const output = this.getNodeParameter('output', itemIndex, 'normalized') as OrderOutput;
	const order = await getSingle(
		session,
		`/sites/${siteId}/orders/${orderId}.json`,
		'Order ID',
		orderId,
		siteId,
	);
	return ordersToItems.call(this, session, [order as IDataObject], output, itemIndex, siteId);
}
