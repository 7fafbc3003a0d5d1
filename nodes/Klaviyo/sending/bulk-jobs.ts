/**
 * Events of all input items in bulk jobs (`POST /api/event-bulk-create-jobs`, docs/reference/klaviyo-api.md §2.2):
 * read every item, plan the jobs (≤ 1,000 events and ≤ 5 MB each, repeated unique ids left out since
 * they would fail the whole job), send each job, and give every item its result in item order.
 * Create Many and the Track operations' "Bulk Jobs" share it; only their wording differs.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { planBulkEventJobs, type BulkEventInput } from '../../core/klaviyo/bulk-events';
import { ApiError } from '../../core/transport/errors';
import type { KlaviyoClient } from '../../clients/klaviyo-client';
import type { OperationOutput } from '../actions/shared';
import { errorItem, nodeErrorOf } from './items';

/** What one input item brings: events to send with what to report about them, or its result already. */
export type BulkItem =
	| { send: BulkEventInput[]; summary: IDataObject }
	| { result: INodeExecutionData }
	| { unattributed: INodeExecutionData };

/** How an operation words its items' results. */
export interface BulkWording {
	/** The item once the job holding its events was accepted (the first such job). */
	accepted(summary: IDataObject, job: { number: number; eventCount: number }): IDataObject;
	/** The item whose event repeats an earlier item's (same person, metric and unique id). */
	duplicate(
		summary: IDataObject,
		duplicate: { keptItemIndex: number; uniqueId: string },
	): IDataObject;
	/** Why an event too large for any job failed. */
	tooLarge(bytes: number): string;
}

/**
 * What to do with each item of a job Klaviyo refused as a whole (400: one bad phone fails all its
 * 1,000 events): send it again on its own, so the others still go and only the bad one fails.
 */
export type RefusedJobItem = (itemIndex: number) => Promise<OperationOutput>;

/** A job refused for its content, which sending the same job again cannot change. */
function refusedAsAWhole(error: unknown): boolean {
	return error instanceof ApiError && error.status === 400;
}

export async function sendInBulkJobs(
	context: IExecuteFunctions,
	client: KlaviyoClient,
	itemIndices: number[],
	readItem: (itemIndex: number) => BulkItem,
	wording: BulkWording,
	refusedJobItem?: RefusedJobItem,
): Promise<OperationOutput> {
	const unattributed: INodeExecutionData[] = [];
	const results = new Map<number, INodeExecutionData>();
	const summaries = new Map<number, IDataObject>();
	const events: BulkEventInput[] = [];
	const fail = (itemIndex: number, error: unknown) => {
		const nodeError = nodeErrorOf(context, error, itemIndex);
		if (!context.continueOnFail()) throw nodeError;
		results.set(itemIndex, errorItem(itemIndex, nodeError));
	};
	const result = (itemIndex: number, json: IDataObject): INodeExecutionData => ({
		json,
		pairedItem: { item: itemIndex },
	});
	for (const itemIndex of itemIndices) {
		try {
			const item = readItem(itemIndex);
			if ('unattributed' in item) unattributed.push(item.unattributed);
			else if ('result' in item) results.set(itemIndex, item.result);
			else {
				events.push(...item.send);
				summaries.set(itemIndex, item.summary);
			}
		} catch (error) {
			fail(itemIndex, error);
		}
	}
	const plan = planBulkEventJobs(events);
	for (const duplicate of plan.duplicates)
		results.set(
			duplicate.itemIndex,
			result(
				duplicate.itemIndex,
				wording.duplicate(summaries.get(duplicate.itemIndex) ?? {}, duplicate),
			),
		);
	for (const tooLarge of plan.tooLarge)
		fail(tooLarge.itemIndex, new Error(wording.tooLarge(tooLarge.bytes)));
	for (const [jobNumber, job] of plan.jobs.entries()) {
		// An order's events can span jobs: it keeps its first result, and a later failure replaces it.
		const jobItems = new Set(job.itemIndices);
		try {
			await client.request({ method: 'POST', path: '/api/event-bulk-create-jobs', body: job.body });
			for (const itemIndex of jobItems) {
				if (!results.has(itemIndex))
					results.set(
						itemIndex,
						result(
							itemIndex,
							wording.accepted(summaries.get(itemIndex) ?? {}, {
								number: jobNumber + 1,
								eventCount: job.eventCount,
							}),
						),
					);
			}
		} catch (error) {
			if (refusedJobItem && refusedAsAWhole(error)) {
				// One at a time, in item order: each customer's orders stay in till order.
				for (const itemIndex of jobItems) {
					const again = await refusedJobItem(itemIndex);
					results.delete(itemIndex);
					if (again.main[0]) results.set(itemIndex, again.main[0]);
					unattributed.push(...(again.unattributed ?? []));
				}
			} else for (const itemIndex of jobItems) fail(itemIndex, error);
		}
	}
	const main = itemIndices
		.map((itemIndex) => results.get(itemIndex))
		.filter((item): item is INodeExecutionData => item !== undefined);
	return { main, unattributed };
}
