/**
 * One Klaviyo event request (docs/reference/klaviyo-api.md §2.1), built and checked in one place for every path that
 * sends events: Create Event, Create Many (bulk jobs, §2.2) and the Track operations. The checks name
 * the field and what to do; the staleness rule (docs/design.md invariant 3) is written only here.
 */
import type { TillProfileAttributes } from './till-profile';

/** Who the event is about, as Klaviyo's profile attributes (identifiers, and what the till knows of them). */
export interface EventProfile extends TillProfileAttributes {
	email?: string;
	phone_number?: string;
	external_id?: string;
}

/** The attributes of one event, without its profile (a bulk job carries the profile per entry). */
export interface KlaviyoEvent {
	metric: string;
	properties: Record<string, unknown>;
	value?: number;
	valueCurrency?: string;
	uniqueId?: string;
	/** ISO 8601; Klaviyo uses the receipt time when absent. */
	time?: string;
	/** Recorded without triggering flows (historical imports). */
	backfill?: boolean;
}

/** An event as a user gives it, field by field. */
export interface EventInput {
	metricName: string;
	email?: string;
	phoneNumber?: string;
	externalId?: string;
	/** An object, or its JSON text. */
	properties: unknown;
	value?: unknown;
	valueCurrency?: unknown;
	uniqueId?: unknown;
	time?: unknown;
	backfill?: boolean;
}

export class EventInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
	}
}

/** Orders and events older than this when sent go as backfill unless the user chooses otherwise. */
export const DEFAULT_STALE_AFTER_HOURS = 12;

export interface Staleness {
	now: number;
	staleAfterHours?: number;
}

/** Events older than the threshold when they reach Klaviyo never fire flows (docs/design.md invariant 3). */
export function isStale(time: string, staleness: Staleness): boolean {
	return (
		staleness.now - Date.parse(time) >
		(staleness.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS) * 3600_000
	);
}

/**
 * Checks an event given field by field and returns it with its profile. With `staleness` an old
 * `time` makes it a backfill; without it (Create Event) only the Backfill field does.
 */
export function checkEvent(
	input: EventInput,
	staleness?: Staleness,
): { profile: EventProfile; event: KlaviyoEvent } {
	const metric = input.metricName.trim();
	if (metric === '')
		throw new EventInputError(
			'metricName',
			'Metric Name is empty: give the event a name such as "Placed Order".',
		);
	if (metric.length >= 128)
		throw new EventInputError(
			'metricName',
			`Metric Name is ${metric.length} characters; Klaviyo accepts fewer than 128.`,
		);
	const profile: EventProfile = {};
	if (input.email?.trim()) profile.email = input.email.trim().toLowerCase();
	if (input.phoneNumber?.trim()) profile.phone_number = input.phoneNumber.trim();
	if (input.externalId?.trim()) profile.external_id = input.externalId.trim();
	if (Object.keys(profile).length === 0) {
		throw new EventInputError(
			'email',
			'The event has no profile identifier: give an email, a phone number or an external ID.',
		);
	}
	const event: KlaviyoEvent = { metric, properties: eventProperties(input.properties) };
	if (input.value !== undefined) {
		if (typeof input.value !== 'number' || !Number.isFinite(input.value))
			throw new EventInputError('value', `Value "${String(input.value)}" is not a number.`);
		event.value = input.value;
	}
	const currency = text(input.valueCurrency);
	if (currency) event.valueCurrency = currency.toUpperCase();
	const uniqueId = text(input.uniqueId);
	if (uniqueId) event.uniqueId = uniqueId;
	if (typeof input.time === 'string' && input.time !== '') {
		const time = Date.parse(input.time);
		if (Number.isNaN(time))
			throw new EventInputError(
				'time',
				`Time "${input.time}" is not an ISO 8601 date-time such as 2026-07-20T15:04:05Z.`,
			);
		event.time = new Date(time).toISOString();
		if (staleness && isStale(event.time, staleness)) event.backfill = true;
	}
	if (input.backfill === true) event.backfill = true;
	return { profile, event };
}

/** Properties as an object; n8n hands a JSON parameter over as text or as an object. */
function eventProperties(raw: unknown): Record<string, unknown> {
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		const read = parseJson(raw || '{}');
		if ('problem' in read)
			throw new EventInputError(
				'properties',
				`Properties (JSON) is not valid JSON: ${read.problem}`,
			);
		parsed = read.value;
	}
	if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
		return parsed as Record<string, unknown>;
	throw new EventInputError(
		'properties',
		'Properties (JSON) must be a JSON object such as {"OrderId": "1001"}.',
	);
}

/** The event resource; with a profile for `POST /api/events`, without one inside a bulk job entry. Optional members are left out, not sent empty. */
export function eventResource(
	event: KlaviyoEvent,
	profile?: EventProfile,
): Record<string, unknown> {
	const attributes: Record<string, unknown> = {
		metric: { data: { type: 'metric', attributes: { name: event.metric } } },
	};
	if (profile) attributes.profile = { data: { type: 'profile', attributes: profile } };
	attributes.properties = event.properties;
	if (event.value !== undefined) attributes.value = event.value;
	if (event.valueCurrency) attributes.value_currency = event.valueCurrency;
	if (event.uniqueId) attributes.unique_id = event.uniqueId;
	if (event.time) attributes.time = event.time;
	// Klaviyo's default is false, so false need not be sent.
	if (event.backfill) attributes.backfill = true;
	return { type: 'event', attributes };
}

/** The JSON:API body of `POST /api/events`. */
export function createEventRequestBody(
	profile: EventProfile,
	event: KlaviyoEvent,
): Record<string, unknown> {
	return { data: eventResource(event, profile) };
}

/** Create Event's body from the fields a user gives (no staleness option: Backfill is the user's). */
export function createEventBody(input: EventInput): Record<string, unknown> {
	const { profile, event } = checkEvent(input);
	return createEventRequestBody(profile, event);
}

function text(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

function parseJson(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}
