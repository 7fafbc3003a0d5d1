/** Builds the JSON:API body of Klaviyo's Create Event (klaviyo-api.md §2.1) from plain fields. */

export interface EventInput {
	metricName: string;
	email?: string;
	phoneNumber?: string;
	externalId?: string;
	properties: Record<string, unknown>;
	value?: number;
	valueCurrency?: string;
	uniqueId?: string;
	/** ISO 8601; Klaviyo uses the receipt time when absent. */
	time?: string;
	/** Recorded without triggering flows (historical imports). */
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

export function createEventBody(input: EventInput): Record<string, unknown> {
	const metricName = input.metricName.trim();
	if (metricName === '') throw new EventInputError('metricName', 'Metric Name is empty: give the event a name such as "Placed Order".');
	if (metricName.length >= 128) throw new EventInputError('metricName', `Metric Name is ${metricName.length} characters; Klaviyo accepts fewer than 128.`);
	const profile: Record<string, string> = {};
	if (input.email?.trim()) profile.email = input.email.trim().toLowerCase();
	if (input.phoneNumber?.trim()) profile.phone_number = input.phoneNumber.trim();
	if (input.externalId?.trim()) profile.external_id = input.externalId.trim();
	if (Object.keys(profile).length === 0) {
		throw new EventInputError('email', 'The event has no profile identifier: give an email, a phone number or an external ID.');
	}
	if (input.time !== undefined && input.time !== '' && Number.isNaN(Date.parse(input.time))) {
		throw new EventInputError('time', `Time "${input.time}" is not an ISO 8601 date-time such as 2026-07-20T15:04:05Z.`);
	}
	if (input.value !== undefined && !Number.isFinite(input.value)) throw new EventInputError('value', `Value "${input.value}" is not a number.`);
	const attributes: Record<string, unknown> = {
		metric: { data: { type: 'metric', attributes: { name: metricName } } },
		profile: { data: { type: 'profile', attributes: profile } },
		properties: input.properties,
	};
	if (input.value !== undefined) attributes.value = input.value;
	if (input.valueCurrency) attributes.value_currency = input.valueCurrency.trim().toUpperCase();
	if (input.uniqueId) attributes.unique_id = input.uniqueId;
	if (input.time) attributes.time = new Date(input.time).toISOString();
	if (input.backfill) attributes.backfill = true;
	return { data: { type: 'event', attributes } };
}
