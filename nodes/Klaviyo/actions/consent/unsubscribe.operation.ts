import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { unsubscribeBody } from '../../../core/klaviyo/consent-requests';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import type { OperationOutput } from '../shared';
import { consentDescription, consentResult, decide, unattributed } from './common';

export const description: INodeProperties[] = consentDescription('unsubscribe');

/** `POST /api/profile-subscription-bulk-delete-jobs` (docs/reference/klaviyo-api.md §2.5) for the channels the guard allows. */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const context = await decide.call(this, client, itemIndex, 'unsubscribe');
	if ('unattributed' in context) return unattributed(itemIndex, context.unattributed);
	const applied = context.decisions.filter((d) => d.status === 'applied');
	if (applied.length > 0) {
		await client.request({
			method: 'POST',
			path: '/api/profile-subscription-bulk-delete-jobs',
			body: unsubscribeBody(context.target, applied, { listId: context.listId }),
		});
	}
	return consentResult(itemIndex, 'unsubscribe', context);
}
