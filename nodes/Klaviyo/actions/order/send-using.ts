import type { INodeProperties } from 'n8n-workflow';

/** One request per event (live, in order) or bulk jobs (history); see bulk.ts. */
export const sendUsingOption: INodeProperties = {
	displayName: 'Send Using',
	name: 'sendUsing',
	type: 'options',
	options: [
		{ name: 'One Request per Event', value: 'events', description: 'Each event as it comes, in order: for live syncs' },
		{ name: 'Bulk Jobs', value: 'bulkJobs', description: 'Up to 1,000 events per request, processed by Klaviyo in the background: for backfills and large catch-ups' },
	],
	default: 'events',
	description: 'How the events go to Klaviyo. Bulk jobs send far more per minute, but Klaviyo does not keep their order, so a refund could land before its sale.',
};
