/**
 * Profile drift between the till and Klaviyo for the customers seen in the window: name and phone as
 * Sitoo has them on the newest order vs the Klaviyo profile, one person split over two Klaviyo
 * profiles (the email on one, the phone on another: Klaviyo refuses to merge them on its own,
 * docs/reference/klaviyo-api.md §4), and POS consent that disagrees with Klaviyo's. Klaviyo owns consent (docs/design.md
 * invariant 5): a disagreement is reported, never "fixed" from the till.
 */
import type { CustomerSnapshot } from './expectations';
import { maskEmail } from './expectations';
import type { MismatchEntry } from './types';

/** The members of a Klaviyo profile resource the comparison reads. */
export interface KlaviyoProfileView {
	id: string;
	email?: string | null;
	phone?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	emailConsent?: ConsentView;
	smsConsent?: ConsentView;
}

export interface ConsentView {
	consent?: string | null;
	at?: string | null;
}

/** `GET /api/profiles` resources (with `additional-fields[profile]=subscriptions`) as views. */
export function profileViews(resources: readonly unknown[]): KlaviyoProfileView[] {
	const views: KlaviyoProfileView[] = [];
	for (const resource of resources) {
		const r = resource as { id?: unknown; attributes?: Record<string, unknown> } | null;
		if (!r || typeof r.id !== 'string') continue;
		const a = r.attributes ?? {};
		const subscriptions = (a.subscriptions ?? {}) as {
			email?: { marketing?: Record<string, unknown> };
			sms?: { marketing?: Record<string, unknown> };
		};
		const view: KlaviyoProfileView = {
			id: r.id,
			email: text(a.email),
			phone: text(a.phone_number),
			firstName: text(a.first_name),
			lastName: text(a.last_name),
		};
		const email = subscriptions.email?.marketing;
		if (email)
			view.emailConsent = { consent: text(email.consent), at: text(email.consent_timestamp) };
		const sms = subscriptions.sms?.marketing;
		if (sms)
			view.smsConsent = {
				consent: text(sms.consent),
				at: text(sms.consent_timestamp ?? sms.last_updated),
			};
		views.push(view);
	}
	return views;
}

/** What the till recorded about a customer's marketing consent (e.g. from the CRM SPI trigger). */
export interface PosConsentRecord {
	email: string;
	channel: 'email' | 'sms';
	subscribed: boolean;
	/** When the customer chose at the till (ISO). */
	at: string;
}

export interface ProfileCheckInput {
	customers: readonly CustomerSnapshot[];
	/** Profiles found by the customers' emails. */
	byEmail: readonly KlaviyoProfileView[];
	/** Profiles found by the customers' phone numbers (E.164). */
	byPhone: readonly KlaviyoProfileView[];
	posConsent?: readonly PosConsentRecord[];
}

export function profileMismatches(input: ProfileCheckInput): MismatchEntry[] {
	const mismatches: MismatchEntry[] = [];
	const emailProfiles = groupBy(input.byEmail, (p) => (p.email ?? '').toLowerCase());
	const phoneProfiles = groupBy(input.byPhone, (p) => p.phone ?? '');
	for (const customer of input.customers) {
		const profiles = emailProfiles.get(customer.email) ?? [];
		const base = { customer: maskEmail(customer.email), email: customer.email };
		if (profiles.length > 1) {
			mismatches.push({
				...base,
				kind: 'splitProfile',
				sitoo: customer.email,
				klaviyo: profiles.map((p) => p.id).join(', '),
				detail: `${profiles.length} Klaviyo profiles have this email`,
				action:
					'Merge the profiles in Klaviyo (Profiles → the person → Merge), keeping the one with the purchase history.',
			});
		}
		const profile = profiles[0];
		// No profile yet: its orders are pending or orphans, reported there.
		if (!profile) continue;
		if (customer.phone) {
			const others = (phoneProfiles.get(customer.phone) ?? []).filter((p) => p.id !== profile.id);
			if (others.length > 0) {
				mismatches.push({
					...base,
					kind: 'splitProfile',
					sitoo: `${customer.email} + ${customer.phone}`,
					klaviyo: `email on ${profile.id}, phone on ${others.map((p) => p.id).join(', ')}`,
					detail:
						"The customer's email and phone number belong to different Klaviyo profiles, so their store purchases and SMS history are split",
					action:
						'Check it is the same person (ask at the next visit if unsure), then merge the two profiles in Klaviyo. Until then SMS flows and store purchases see half the customer.',
				});
			}
			if (profile.phone && profile.phone !== customer.phone) {
				mismatches.push({
					...base,
					kind: 'phone',
					sitoo: customer.phone,
					klaviyo: profile.phone,
					detail: `Phone differs (Sitoo order ${customer.orderId})`,
					action:
						"Ask the customer which number is right at the next visit. Correct it in Sitoo (store staff) or in Klaviyo (marketing): the newest purchase sends Sitoo's number again.",
				});
			}
		}
		for (const [field, sitoo, klaviyo] of [
			['first name', customer.firstName, profile.firstName],
			['last name', customer.lastName, profile.lastName],
		] as const) {
			if (!sitoo || !klaviyo || sameName(sitoo, klaviyo)) continue;
			mismatches.push({
				...base,
				kind: 'name',
				sitoo,
				klaviyo,
				detail: `The ${field} differs (Sitoo order ${customer.orderId})`,
				action:
					"Personalised emails use Klaviyo's name. Decide which is right; correct Sitoo's customer record (store staff) or the Klaviyo profile (marketing).",
			});
		}
	}
	mismatches.push(...consentDisagreements(input.posConsent ?? [], emailProfiles));
	return mismatches;
}

/** POS consent vs Klaviyo's: reported with who is newer; Klaviyo's record stands either way. */
function consentDisagreements(
	records: readonly PosConsentRecord[],
	emailProfiles: Map<string, KlaviyoProfileView[]>,
): MismatchEntry[] {
	const latest = new Map<string, PosConsentRecord>();
	for (const record of records) {
		const key = `${record.email.trim().toLowerCase()}|${record.channel}`;
		const known = latest.get(key);
		if (!known || Date.parse(known.at) < Date.parse(record.at))
			latest.set(key, { ...record, email: record.email.trim().toLowerCase() });
	}
	const out: MismatchEntry[] = [];
	for (const record of latest.values()) {
		const profile = (emailProfiles.get(record.email) ?? [])[0];
		if (!profile) continue;
		const klaviyo = record.channel === 'email' ? profile.emailConsent : profile.smsConsent;
		const klaviyoSubscribed = klaviyo?.consent === 'SUBSCRIBED';
		if (!klaviyo?.consent || klaviyoSubscribed === record.subscribed) continue;
		const posMs = Date.parse(record.at);
		const klaviyoMs = klaviyo.at ? Date.parse(klaviyo.at) : NaN;
		const klaviyoNewer = !Number.isNaN(klaviyoMs) && klaviyoMs >= posMs;
		const pos = record.subscribed ? 'opted in' : 'opted out';
		out.push({
			kind: 'consent',
			customer: maskEmail(record.email),
			email: record.email,
			sitoo: `${pos} (${record.channel}) at ${record.at}`,
			klaviyo: `${klaviyo.consent}${klaviyo.at ? ` at ${klaviyo.at}` : ''}`,
			detail: `The till and Klaviyo disagree on ${record.channel} marketing consent; Klaviyo's record stands`,
			action: klaviyoNewer
				? 'Nothing to change in Klaviyo: the customer chose there later. Update the customer record in Sitoo so staff do not ask again.'
				: "The till's choice is newer but was not applied: check the consent workflow's executions for this customer. Do not change consent by hand without the customer's confirmation.",
		});
	}
	return out;
}

function sameName(a: string, b: string): boolean {
	const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
	return norm(a) === norm(b);
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	const seen = new Set<T>();
	for (const value of values) {
		if (seen.has(value)) continue;
		seen.add(value);
		const k = key(value);
		if (k === '') continue;
		const group = groups.get(k) ?? [];
		if (!group.some((g) => (g as { id?: unknown }).id === (value as { id?: unknown }).id))
			group.push(value);
		groups.set(k, group);
	}
	return groups;
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
