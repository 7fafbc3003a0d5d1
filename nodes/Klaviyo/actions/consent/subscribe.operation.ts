import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { subscribeBody } from '../../../core/klaviyo/consent-requests';
import type { KlaviyoClient } from '../../../clients/klaviyo-client';
import type { OperationOutput } from '../shared';
import { consentDescription, consentResult, decide, unattributed } from './common';

export const description: INodeProperties[] = consentDescription('subscribe');

/**
 * `POST /api/profile-subscription-bulk-create-jobs` (docs/reference/klaviyo-api.md §2.5) for the channels the guard
 * allows. Consent given in the past goes as a historical import with `consented_at`.
 */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	const context = await decide.call(this, client, itemIndex, 'subscribe');
	if ('unattributed' in context) return unattributed(itemIndex, context.unattributed);
	const applied = context.decisions.filter((d) => d.status === 'applied');
	if (applied.length > 0) {
		const customSource =
			typeof context.options.customSource === 'string' ? context.options.customSource.trim() : '';
		await client.request({
			method: 'POST',
			path: '/api/profile-subscription-bulk-create-jobs',
			body: subscribeBody(context.target, applied, { customSource, listId: context.listId }),
		});
	}
	return consentResult(itemIndex, 'subscribe', context);
}
