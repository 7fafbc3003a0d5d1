/**
 * The profile fields people use, one level deep: identifiers, name, address, custom properties,
 * the consent state per channel and the dates (docs/reference/klaviyo-api.md §2.4). Everything else
 * (predictive analytics, suppression details, links) stays in the raw output.
 */

export interface SimpleProfile {
	id: string;
	email: string | null;
	phone_number: string | null;
	external_id: string | null;
	first_name: string | null;
	last_name: string | null;
	address1: string | null;
	address2: string | null;
	city: string | null;
	region: string | null;
	zip: string | null;
	country: string | null;
	properties: Record<string, unknown>;
	/** `SUBSCRIBED`, `UNSUBSCRIBED` or `NEVER_SUBSCRIBED`; present when subscriptions were read. */
	email_marketing_consent?: string | null;
	sms_marketing_consent?: string | null;
	sms_transactional_consent?: string | null;
	created: string | null;
	updated: string | null;
}

type Fields = Record<string, unknown>;

/** A Klaviyo profile resource (`{id, attributes}`) as a `SimpleProfile`. */
export function simpleProfile(resource: unknown): SimpleProfile {
	const r = (resource ?? {}) as { id?: unknown; attributes?: Fields };
	const a = r.attributes ?? {};
	const location = object(a.location);
	return {
		id: String(r.id ?? ''),
		email: text(a.email),
		phone_number: text(a.phone_number),
		external_id: text(a.external_id),
		first_name: text(a.first_name),
		last_name: text(a.last_name),
		address1: text(location.address1),
		address2: text(location.address2),
		city: text(location.city),
		region: text(location.region),
		zip: text(location.zip),
		country: text(location.country),
		properties: object(a.properties),
		...consentStates(a.subscriptions),
		created: text(a.created),
		updated: text(a.updated),
	};
}

/** Klaviyo sends subscriptions only when asked (`additional-fields[profile]=subscriptions`). */
function consentStates(subscriptions: unknown): Partial<SimpleProfile> {
	if (subscriptions === undefined || subscriptions === null) return {};
	const email = object(object(subscriptions).email);
	const sms = object(object(subscriptions).sms);
	return {
		email_marketing_consent: text(object(email.marketing).consent),
		sms_marketing_consent: text(object(sms.marketing).consent),
		sms_transactional_consent: text(object(sms.transactional).consent),
	};
}

function object(value: unknown): Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Fields)
		: {};
}

function text(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}
