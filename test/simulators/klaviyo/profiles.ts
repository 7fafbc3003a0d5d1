import { IdFactory, normalizeEmail } from './identity';

export type Consent = 'NEVER_SUBSCRIBED' | 'SUBSCRIBED' | 'UNSUBSCRIBED';

export interface Suppression {
	reason: 'HARD_BOUNCE' | 'INVALID_EMAIL' | 'SPAM_COMPLAINT' | 'UNSUBSCRIBE' | 'USER_SUPPRESSED';
	timestamp: string;
}

export interface ChannelConsent {
	consent: Consent;
	consent_timestamp: string | null;
	last_updated: string | null;
	method: string | null;
	method_detail: string;
	custom_method_detail: string | null;
}

export interface EmailMarketingConsent extends ChannelConsent {
	double_optin: boolean | null;
	suppression: Suppression[];
	list_suppressions: Array<{ list_id: string; reason: string; timestamp: string }>;
}

export interface ProfileIdentifiers {
	id?: string | null;
	email?: string | null;
	phone_number?: string | null;
	external_id?: string | null;
	anonymous_id?: string | null;
}

export interface SimProfile {
	id: string;
	email: string | null;
	phone_number: string | null;
	external_id: string | null;
	anonymous_id: string | null;
	first_name: string | null;
	last_name: string | null;
	organization: string | null;
	locale: string | null;
	title: string | null;
	image: string | null;
	location: Record<string, unknown>;
	properties: Record<string, unknown>;
	created: string;
	updated: string;
	last_event_date: string | null;
	lists: Set<string>;
	subscriptions: {
		email: { marketing: EmailMarketingConsent };
		sms: { marketing: ChannelConsent; transactional: ChannelConsent };
	};
}

export const IDENTIFIER_FIELDS = ['email', 'phone_number', 'external_id', 'anonymous_id'] as const;
const PLAIN_FIELDS = [
	'first_name',
	'last_name',
	'organization',
	'locale',
	'title',
	'image',
] as const;

/** Identity resolution: which existing profiles the given identifiers point at. */
export type Resolution =
	| { kind: 'none' }
	| { kind: 'one'; profile: SimProfile }
	| { kind: 'conflict'; primary: SimProfile; duplicate: SimProfile; field: string }
	| { kind: 'unknown-id'; id: string };

function neverSubscribed(): ChannelConsent {
	return {
		consent: 'NEVER_SUBSCRIBED',
		consent_timestamp: null,
		last_updated: null,
		method: null,
		method_detail: '',
		custom_method_detail: null,
	};
}

export class ProfileStore {
	private byId = new Map<string, SimProfile>();

	constructor(private readonly ids: IdFactory) {}

	all(): SimProfile[] {
		return [...this.byId.values()];
	}

	get(id: string): SimProfile | undefined {
		return this.byId.get(id);
	}

	clear(): void {
		this.byId.clear();
	}

	findBy(field: (typeof IDENTIFIER_FIELDS)[number], value: string): SimProfile | undefined {
		const wanted = field === 'email' ? normalizeEmail(value) : value;
		for (const profile of this.byId.values()) if (profile[field] === wanted) return profile;
		return undefined;
	}

	/**
	 * Klaviyo merges deterministically on email, phone and external id; when two identifiers point at two
	 * different profiles it does not merge them (the API answers 409 `duplicate_profile`, §4).
	 */
	resolve(identifiers: ProfileIdentifiers): Resolution {
		if (identifiers.id) {
			const byId = this.byId.get(identifiers.id);
			if (!byId) return { kind: 'unknown-id', id: identifiers.id };
			for (const field of IDENTIFIER_FIELDS) {
				const value = identifiers[field];
				const other = value ? this.findBy(field, value) : undefined;
				if (other && other !== byId)
					return { kind: 'conflict', primary: byId, duplicate: other, field };
			}
			return { kind: 'one', profile: byId };
		}
		let primary: SimProfile | undefined;
		for (const field of IDENTIFIER_FIELDS) {
			const value = identifiers[field];
			const match = value ? this.findBy(field, value) : undefined;
			if (!match) continue;
			if (!primary) primary = match;
			else if (match !== primary) return { kind: 'conflict', primary, duplicate: match, field };
		}
		return primary ? { kind: 'one', profile: primary } : { kind: 'none' };
	}

	create(now: string): SimProfile {
		const profile: SimProfile = {
			id: this.ids.next('profile', 26),
			email: null,
			phone_number: null,
			external_id: null,
			anonymous_id: null,
			first_name: null,
			last_name: null,
			organization: null,
			locale: null,
			title: null,
			image: null,
			location: {},
			properties: {},
			created: now,
			updated: now,
			last_event_date: null,
			lists: new Set(),
			subscriptions: {
				email: {
					marketing: {
						...neverSubscribed(),
						double_optin: null,
						suppression: [],
						list_suppressions: [],
					},
				},
				sms: { marketing: neverSubscribed(), transactional: neverSubscribed() },
			},
		};
		this.byId.set(profile.id, profile);
		return profile;
	}

	/**
	 * Applies profile attributes the way profile import does: a field set to null is cleared, a field left
	 * out is kept, `properties` and `location` merge member by member. Identifiers already held by another
	 * profile are left alone (the caller decides whether that is a conflict).
	 */
	applyAttributes(profile: SimProfile, attributes: Record<string, unknown>, now: string): void {
		for (const field of IDENTIFIER_FIELDS) {
			if (!(field in attributes)) continue;
			const value = attributes[field] as string | null;
			const normalized = value === null ? null : field === 'email' ? normalizeEmail(value) : value;
			const holder = normalized === null ? undefined : this.findBy(field, normalized);
			if (!holder || holder === profile) profile[field] = normalized;
		}
		for (const field of PLAIN_FIELDS) {
			if (field in attributes) profile[field] = (attributes[field] as string | null) ?? null;
		}
		if ('location' in attributes) {
			const location = attributes.location as Record<string, unknown> | null;
			profile.location = location === null ? {} : { ...profile.location, ...location };
		}
		if ('properties' in attributes) {
			const properties = attributes.properties as Record<string, unknown> | null;
			if (properties === null) profile.properties = {};
			else Object.assign(profile.properties, properties);
		}
		profile.updated = now;
	}

	applyPatchProperties(
		profile: SimProfile,
		patch: {
			append?: Record<string, unknown> | null;
			unappend?: Record<string, unknown> | null;
			unset?: string | string[] | null;
		},
	): void {
		for (const [key, value] of Object.entries(patch.append ?? {})) {
			const current = profile.properties[key];
			const list = Array.isArray(current) ? current : current === undefined ? [] : [current];
			profile.properties[key] = [...list, ...(Array.isArray(value) ? value : [value])];
		}
		for (const [key, value] of Object.entries(patch.unappend ?? {})) {
			const current = profile.properties[key];
			if (!Array.isArray(current)) continue;
			const remove = new Set(Array.isArray(value) ? value : [value]);
			profile.properties[key] = current.filter((item) => !remove.has(item));
		}
		const unset = patch.unset ?? [];
		for (const key of Array.isArray(unset) ? unset : [unset]) delete profile.properties[key];
	}
}

export function canReceiveEmailMarketing(profile: SimProfile): boolean {
	const email = profile.subscriptions.email.marketing;
	return profile.email !== null && email.consent === 'SUBSCRIBED' && email.suppression.length === 0;
}
