import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { KlaviyoClient } from '../../../transport/klaviyo';
import type { OperationOutput } from '../shared';
import { orderInputDescription, trackOrderItem } from './common';

export const description: INodeProperties[] = orderInputDescription('trackRefunded', 'refund', [
	{ displayName: 'Refunded Order Metric', name: 'refundedOrderMetric', type: 'string', default: 'Refunded Order' },
]);

/**
 * One Refunded Order per refund with the returned SKUs, quantities and values and the reason. The first
 * refund of a sale reuses the Placed Order's unique_id so Klaviyo links them for CLV (DESIGN invariant 1).
 */
export async function execute(this: IExecuteFunctions, client: KlaviyoClient, itemIndex: number): Promise<OperationOutput> {
	return trackOrderItem.call(this, client, itemIndex, 'refunded');
}
