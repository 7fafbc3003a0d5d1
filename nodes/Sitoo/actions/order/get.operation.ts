import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { requiredOrderId } from '../../../core/sitoo';
import {
	getSingle,
	ordersToItems,
	sitooIdLocator,
	type OrderOutput,
	type SitooSession,
} from '../shared';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	sitooIdLocator({
		displayName: 'Order ID',
		name: 'orderId',
		description:
			"The sale or refund to read. The list shows the site's newest orders first; search it by order ID, receipt number or the customer's whole e-mail. By ID takes the order ID (orderid), not the receipt number.",
		searchListMethod: 'searchOrders',
		listPlaceholder: 'Select an order...',
		idPlaceholder: 'e.g. 10302',
		idError: 'An order ID is a whole number above 0, e.g. 10302',
		show,
	}),
];

/** `GET /sites/{site}/orders/{orderid}.json`: the single order with all its fields (docs/reference/sitoo-api.md §2.1). */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const orderId = requiredOrderId(
		this.getNodeParameter('orderId', itemIndex, '', { extractValue: true }),
		'Order ID',
	);
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
