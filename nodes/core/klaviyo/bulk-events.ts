/**
 * Many events in as few bulk jobs as the limits allow (`POST /api/event-bulk-create-jobs`,
 * docs/reference/klaviyo-api.md §2.2): ≤ 1,000 events and ≤ 5 MB per job. In a job a unique_id repeated for the same
 * profile and metric fails the whole job, so repeats are removed before sending and reported.
 */
import { eventResource, type EventProfile, type KlaviyoEvent } from './event-request';
import { laterProfileWins } from './till-profile';

export const MAX_EVENTS_PER_JOB = 1000;
/** 5 MB, less room for the envelope and n8n's own serialisation. */
export const MAX_JOB_BYTES = 5 * 1024 * 1024 - 16 * 1024;

/** One event of a bulk job: the same event as one by one (event-request.ts), with its profile and item. */
export interface BulkEventInput extends KlaviyoEvent {
	/** The input item the event came from. */
	itemIndex: number;
	profile: EventProfile;
}

export interface BulkJob {
	body: Record<string, unknown>;
	itemIndices: number[];
	eventCount: number;
	bytes: number;
}

export interface BulkPlan {
	jobs: BulkJob[];
	/** Events left out because an earlier one had the same profile, metric and unique id. */
	duplicates: Array<{ itemIndex: number; keptItemIndex: number; uniqueId: string }>;
	/** Events that cannot fit in any job on their own. */
	tooLarge: Array<{ itemIndex: number; bytes: number }>;
}

export interface BulkLimits {
	maxEvents?: number;
	maxBytes?: number;
}

function profileKey(profile: EventProfile): string {
	return JSON.stringify([
		profile.email ?? null,
		profile.phone_number ?? null,
		profile.external_id ?? null,
	]);
}

function bytesOf(value: unknown): number {
	return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export function jobBody(
	entries: Array<{ profile: EventProfile; events: Record<string, unknown>[] }>,
): Record<string, unknown> {
	return {
		data: {
			type: 'event-bulk-create-job',
			attributes: {
				'events-bulk-create': {
					data: entries.map((entry) => ({
						type: 'event-bulk-create',
						attributes: {
							profile: { data: { type: 'profile', attributes: entry.profile } },
							events: { data: entry.events },
						},
					})),
				},
			},
		},
	};
}

/** Groups events by profile into jobs, in input order, within both limits. */
export function planBulkEventJobs(
	inputs: readonly BulkEventInput[],
	limits: BulkLimits = {},
): BulkPlan {
	const maxEvents = limits.maxEvents ?? MAX_EVENTS_PER_JOB;
	const maxBytes = limits.maxBytes ?? MAX_JOB_BYTES;
	const plan: BulkPlan = { jobs: [], duplicates: [], tooLarge: [] };
	const seen = new Map<string, number>();
	let entries = new Map<string, { profile: EventProfile; events: Record<string, unknown>[] }>();
	let itemIndices: number[] = [];
	let count = 0;
	let bytes = bytesOf(jobBody([]));
	const close = () => {
		if (count === 0) return;
		const body = jobBody([...entries.values()]);
		plan.jobs.push({ body, itemIndices, eventCount: count, bytes: bytesOf(body) });
		entries = new Map();
		itemIndices = [];
		count = 0;
		bytes = bytesOf(jobBody([]));
	};
	for (const input of inputs) {
		const key = profileKey(input.profile);
		if (input.uniqueId) {
			const dedupeKey = JSON.stringify([key, input.metric, input.uniqueId]);
			const kept = seen.get(dedupeKey);
			if (kept !== undefined) {
				plan.duplicates.push({
					itemIndex: input.itemIndex,
					keptItemIndex: kept,
					uniqueId: input.uniqueId,
				});
				continue;
			}
			seen.set(dedupeKey, input.itemIndex);
		}
		const event = eventResource(input);
		const eventBytes = bytesOf(event) + 1;
		// A new profile entry costs its envelope too.
		const entryBytes =
			bytesOf({
				type: 'event-bulk-create',
				attributes: {
					profile: { data: { type: 'profile', attributes: input.profile } },
					events: { data: [] },
				},
			}) + 1;
		if (bytesOf(jobBody([])) + entryBytes + eventBytes > maxBytes) {
			plan.tooLarge.push({ itemIndex: input.itemIndex, bytes: eventBytes });
			continue;
		}
		const extra = eventBytes + (entries.has(key) ? 0 : entryBytes);
		if (count + 1 > maxEvents || bytes + extra > maxBytes) close();
		const cost = eventBytes + (entries.has(key) ? 0 : entryBytes);
		let entry = entries.get(key);
		if (!entry) {
			entry = { profile: input.profile, events: [] };
			entries.set(key, entry);
		} else if (input.profile !== entry.profile) {
			// A shopper's later order brings the newer till details (last store purchase).
			const merged = laterProfileWins(entry.profile, input.profile);
			bytes += bytesOf(merged) - bytesOf(entry.profile);
			entry.profile = merged;
		}
		entry.events.push(event);
		itemIndices.push(input.itemIndex);
		count++;
		bytes += cost;
	}
	close();
	return plan;
}
