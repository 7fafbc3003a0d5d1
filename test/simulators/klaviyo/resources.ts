import type { SimEvent, SimMetric } from './events';
import { canReceiveEmailMarketing, type SimProfile } from './profiles';

/** JSON:API resource objects shaped like Klaviyo's responses (checked against the spec's response schemas in tests). */

const LOCATION_FIELDS = [
	'address1',
	'address2',
	'city',
	'country',
	'latitude',
	'longitude',
	'region',
	'zip',
	'timezone',
	'ip',
] as const;

export interface ResourceOptions {
	baseUrl: string;
	withSubscriptions?: boolean;
	/** Sparse fieldset for this resource type (`fields[profile]=email,location.city`). */
	fields?: string[];
}

export function profileResource(
	profile: SimProfile,
	options: ResourceOptions,
): Record<string, unknown> {
	const location: Record<string, unknown> = {};
	for (const field of LOCATION_FIELDS) location[field] = profile.location[field] ?? null;
	const attributes: Record<string, unknown> = {
		email: profile.email,
		phone_number: profile.phone_number,
		external_id: profile.external_id,
		first_name: profile.first_name,
		last_name: profile.last_name,
		organization: profile.organization,
		locale: profile.locale,
		title: profile.title,
		image: profile.image,
		created: profile.created,
		updated: profile.updated,
		last_event_date: profile.last_event_date,
		location,
		properties: profile.properties,
	};
	if (options.withSubscriptions) attributes.subscriptions = subscriptionsOf(profile);
	const self = `${options.baseUrl}/api/profiles/${profile.id}/`;
	return {
		type: 'profile',
		id: profile.id,
		attributes: sparse(attributes, options.fields),
		relationships: {
			lists: { links: { self: `${self}relationships/lists/`, related: `${self}lists/` } },
			segments: { links: { self: `${self}relationships/segments/`, related: `${self}segments/` } },
		},
		links: { self },
	};
}

function subscriptionsOf(profile: SimProfile): Record<string, unknown> {
	const email = profile.subscriptions.email.marketing;
	const sms = profile.subscriptions.sms;
	return {
		email: {
			marketing: {
				can_receive_email_marketing: canReceiveEmailMarketing(profile),
				consent: email.consent,
				consent_timestamp: email.consent_timestamp,
				last_updated: email.last_updated,
				method: email.method,
				method_detail: email.method_detail,
				custom_method_detail: email.custom_method_detail,
				double_optin: email.double_optin,
				suppression: email.suppression,
				list_suppressions: email.list_suppressions,
			},
		},
		sms: {
			marketing: {
				can_receive_sms_marketing:
					sms.marketing.consent === 'SUBSCRIBED' && profile.phone_number !== null,
				...consentFields(sms.marketing),
			},
			transactional: {
				can_receive_sms_transactional:
					sms.transactional.consent === 'SUBSCRIBED' && profile.phone_number !== null,
				...consentFields(sms.transactional),
			},
		},
	};
}

function consentFields(
	record: SimProfile['subscriptions']['sms']['marketing'],
): Record<string, unknown> {
	return {
		consent: record.consent,
		consent_timestamp: record.consent_timestamp,
		method: record.method,
		method_detail: record.method_detail,
		last_updated: record.last_updated,
	};
}

export function eventResource(event: SimEvent, options: ResourceOptions): Record<string, unknown> {
	const self = `${options.baseUrl}/api/events/${event.id}/`;
	return {
		type: 'event',
		id: event.id,
		attributes: sparse(
			{
				timestamp: Math.floor(Date.parse(event.datetime) / 1000),
				// Klaviyo returns the properties as sent; the unique_id is not echoed (docs/reference/klaviyo-api.md §2.6), so
				// readers match on properties such as OrderId.
				event_properties: event.properties,
				datetime: event.datetime,
				uuid: event.uuid,
			},
			options.fields,
		),
		relationships: {
			profile: {
				data: { type: 'profile', id: event.profileId },
				links: { self: `${self}relationships/profile/`, related: `${self}profile/` },
			},
			metric: {
				data: { type: 'metric', id: event.metricId },
				links: { self: `${self}relationships/metric/`, related: `${self}metric/` },
			},
			attributions: {
				links: { self: `${self}relationships/attributions/`, related: `${self}attributions/` },
			},
		},
		links: { self },
	};
}

export function metricResource(
	metric: SimMetric,
	options: ResourceOptions,
): Record<string, unknown> {
	const self = `${options.baseUrl}/api/metrics/${metric.id}/`;
	return {
		type: 'metric',
		id: metric.id,
		attributes: sparse(
			{
				name: metric.name,
				created: metric.created,
				updated: metric.updated,
				integration: {
					object: 'integration',
					id: '0rG4eQ',
					key: 'api',
					name: 'API',
					category: 'API',
				},
			},
			options.fields,
		),
		relationships: {
			'flow-triggers': {
				links: { self: `${self}relationships/flow-triggers/`, related: `${self}flow-triggers/` },
			},
		},
		links: { self },
	};
}

export function accountResource(
	accountId: string,
	options: ResourceOptions,
): Record<string, unknown> {
	return {
		type: 'account',
		id: accountId,
		attributes: sparse(
			{
				test_account: true,
				contact_information: {
					default_sender_name: 'Demo Retail',
					default_sender_email: 'marketing@demo-retail.example',
					website_url: 'https://demo-retail.example',
					organization_name: 'Demo Retail (Klaviyo simulator)',
					street_address: {
						address1: 'Drottninggatan 1',
						address2: '',
						city: 'Stockholm',
						region: '',
						country: 'Sweden',
						zip: '111 51',
					},
				},
				industry: 'Apparel & Accessories',
				timezone: 'Europe/Stockholm',
				preferred_currency: 'SEK',
				public_api_key: 'SimPub',
				locale: 'en-US',
			},
			options.fields,
		),
		links: { self: `${options.baseUrl}/api/accounts/${accountId}/` },
	};
}

/** Keeps only the requested attributes; `location.city` keeps one member of an object attribute. */
function sparse(
	attributes: Record<string, unknown>,
	fields: string[] | undefined,
): Record<string, unknown> {
	if (!fields) return attributes;
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		const [head, member] = field.split('.', 2);
		if (!(head in attributes)) continue;
		if (member === undefined) out[head] = attributes[head];
		else {
			const parent = (out[head] as Record<string, unknown> | undefined) ?? {};
			parent[member] = (attributes[head] as Record<string, unknown> | null)?.[member] ?? null;
			out[head] = parent;
		}
	}
	return out;
}
