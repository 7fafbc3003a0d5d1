/**
 * How a run's order events go to Klaviyo: one Create Event request each (`POST /api/events`, tier XL:
 * 350/s, 3,500/min) or bulk jobs (`POST /api/event-bulk-create-jobs`, tier M: 10/s, 150/min, 1,000
 * events a job, so 2,500 events/s steady). Either way the events and their unique ids are the same
 * (invariant 1), so the choice never doubles or loses an order.
 *
 * "Automatic" chooses per run: single events while a run fits in one second of the Create Event
 * burst, bulk jobs above it. A large run sent one by one would take the account's whole minute
 * of Create Event quota (a poll at 100 sales a second holds ~18,000 events) and starve every other
 * workflow sending to Klaviyo; small runs, the usual case, stay on the per-event path with its
 * per-event answers.
 */

export type SendUsing = 'events' | 'bulkJobs' | 'automatic';

/** One second of Klaviyo's Create Event burst (tier XL). */
export const DEFAULT_BULK_FROM_EVENTS = 350;

/** Node version from which a Track operation without the option chooses by itself. */
export const AUTOMATIC_FROM_VERSION = 1.3;

/** The option as set, or the node version's default when it is not. */
export function sendUsingOf(option: unknown, typeVersion: number): SendUsing {
	if (option === 'events' || option === 'bulkJobs' || option === 'automatic') return option;
	return typeVersion >= AUTOMATIC_FROM_VERSION ? 'automatic' : 'events';
}

/** The threshold as read: its value, or why it cannot be used. */
export type BulkFromEvents = { ok: true; value: number } | { ok: false; reason: string };

/**
 * The threshold as set: a whole number of at least 1 (an expression may give it as text), the
 * default when unset. Anything else is refused, not replaced: a silent default would send a run
 * the way the user did not ask for.
 */
export function bulkFromEventsOf(option: unknown): BulkFromEvents {
	if (option === undefined || option === null || option === '')
		return { ok: true, value: DEFAULT_BULK_FROM_EVENTS };
	const value = typeof option === 'string' && /^\s*\d+\s*$/.test(option) ? Number(option) : option;
	if (typeof value === 'number' && Number.isInteger(value) && value >= 1)
		return { ok: true, value };
	return {
		ok: false,
		reason: `must be a whole number of at least 1, not ${JSON.stringify(option) ?? String(option)}`,
	};
}

/** Single events or bulk jobs for a run of `eventCount` events. */
export function chooseSending(eventCount: number, bulkFromEvents: number): 'events' | 'bulkJobs' {
	return eventCount >= bulkFromEvents ? 'bulkJobs' : 'events';
}
