import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { suppressBody } from '../../../core/klaviyo/consent-requests';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import type { OperationOutput } from '../shared';
import { consentDescription, consentResult, decide, unattributed } from './common';

export const description: INodeProperties[] = consentDescription('suppress');

/**
 * `POST /api/profile-suppression-bulk-create-jobs` (docs/reference/klaviyo-api.md §2.5): no email marketing whatever
 * the consent. The guard treats it as an opt-out: a newer subscription in Klaviyo stands.
 */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const context = await decide.call(this, client, itemIndex, 'suppress');
	if ('unattributed' in context) return unattributed(itemIndex, context.unattributed);
	if (context.decisions.some((d) => d.status === 'applied') && context.target.email) {
		await client.request({
			method: 'POST',
			path: '/api/profile-suppression-bulk-create-jobs',
			body: suppressBody([context.target.email]),
		});
	}
	return consentResult(itemIndex, 'suppress', context);
}
