import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { ORDER_LIST_FIELDS, requiredOrderId } from '../../../core/sitoo';
import { sitooOrders } from '../../../core/transport/sitoo';
import {
	getSingle,
	ordersToItems,
	sitooIdLocator,
	type OrderOutput,
	type SitooSession,
} from '../shared';

const show = { resource: ['order'], operation: ['getRefunds'] };

export const description: INodeProperties[] = [
	sitooIdLocator({
		displayName: 'Sale Order ID',
		name: 'saleOrderId',
		description:
			'The sale whose refunds to read (newest first in the list; search by order ID, receipt number or e-mail). Returns without a receipt (manual returns) are not linked to a sale and do not appear.',
		searchListMethod: 'searchOrders',
		listPlaceholder: 'Select a sale...',
		idPlaceholder: 'e.g. 10302',
		idError: 'An order ID is a whole number above 0, e.g. 10302',
		show,
	}),
];

/**
 * The refunds of a sale: `GET /orders.json?creditorderid={sale}` (docs/reference/sitoo-api.md §3), in `orderid`
 * order, so the first item is the first refund. The sale is read first: an unknown order ID is an
 * error, not an empty list.
 */
export async function execute(
	this: IExecuteFunctions,
	session: SitooSession,
	itemIndex: number,
	siteId: number,
): Promise<INodeExecutionData[]> {
	const saleOrderId = requiredOrderId(
		this.getNodeParameter('saleOrderId', itemIndex, '', { extractValue: true }),
		'Sale Order ID',
	);
	const output = this.getNodeParameter('output', itemIndex, 'normalized') as OrderOutput;
	await getSingle(
		session,
		`/sites/${siteId}/orders/${saleOrderId}.json?fields=orderid`,
		'Sale Order ID',
		saleOrderId,
		siteId,
	);
	// Account-wide, like the refund position the normalized output computes from the same list.
	const walk = {
		account: session.client.account,
		fromOrderId: 0,
		filters: { creditorderid: saleOrderId },
		fields: ORDER_LIST_FIELDS,
	};
	const refunds: IDataObject[] = [];
	for await (const order of sitooOrders<{ orderid: number } & IDataObject>(
		session.client.send,
		walk,
	))
		refunds.push(order);
	const refundIds = refunds.map((order) => order.orderid as number);
	return ordersToItems.call(this, session, refunds, output, itemIndex, siteId, refundIds);
}
