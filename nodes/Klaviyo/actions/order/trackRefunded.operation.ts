import type { INodeProperties } from 'n8n-workflow';
import { trackOrders } from '../../sending/orders';
import type { Operation } from '../shared';
import { orderInputDescription } from './description';

export const description: INodeProperties[] = orderInputDescription('trackRefunded', 'refund', [
	{
		displayName: 'Refunded Order Metric',
		name: 'refundedOrderMetric',
		type: 'string',
		placeholder: 'e.g. Refunded Order',
		default: 'Refunded Order',
	},
]);

/**
 * One Refunded Order per refund with the returned SKUs, quantities and values and the reason. The first
 * refund of a sale reuses the Placed Order's unique_id so Klaviyo links them for CLV (docs/design.md invariant 1).
 */
export const execute: Operation = trackOrders('refunded');
