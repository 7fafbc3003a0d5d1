/**
 * POS consent records handed to the monitor as input items (for example the consent decisions a
 * CRM SPI workflow logged): `{email, channel: "email"|"sms", subscribed: true|false (or consent:
 * "subscribed"|"unsubscribed"), at}`. Items that are history rows are not consent records and are
 * skipped silently; a consent item with a bad field is reported with the field named.
 */
import type { PosConsentRecord } from './profiles';

export interface ConsentInput {
	records: PosConsentRecord[];
	problems: Array<{ index: number; reason: string }>;
}

export function posConsentRecords(items: readonly unknown[]): ConsentInput {
	const out: ConsentInput = { records: [], problems: [] };
	for (const [index, item] of items.entries()) {
		const problem = (reason: string) => out.problems.push({ index, reason });
		if (typeof item !== 'object' || item === null) continue;
		const r = item as Record<string, unknown>;
		if (r.runAt !== undefined || (r.subscribed === undefined && r.consent === undefined)) continue;
		const email = typeof r.email === 'string' ? r.email.trim().toLowerCase() : '';
		if (!email.includes('@')) {
			problem(`email: ${JSON.stringify(r.email)} is not an email address`);
			continue;
		}
		const channel =
			typeof r.channel === 'string' && r.channel.trim() !== ''
				? r.channel.trim().toLowerCase()
				: 'email';
		if (channel !== 'email' && channel !== 'sms') {
			problem(`channel: "${channel}" is not email or sms`);
			continue;
		}
		let subscribed: boolean | undefined;
		if (typeof r.subscribed === 'boolean') subscribed = r.subscribed;
		else if (typeof r.consent === 'string' && /^(subscribed|unsubscribed)$/i.test(r.consent.trim()))
			subscribed = r.consent.trim().toLowerCase() === 'subscribed';
		if (subscribed === undefined) {
			problem(
				`consent: ${JSON.stringify(r.consent ?? r.subscribed)} is not subscribed or unsubscribed`,
			);
			continue;
		}
		const at =
			typeof r.at === 'string' && !Number.isNaN(Date.parse(r.at))
				? new Date(r.at).toISOString()
				: undefined;
		if (!at) {
			problem(`at: ${JSON.stringify(r.at)} is not a date-time such as 2026-07-01T10:00:00Z`);
			continue;
		}
		out.records.push({ email, channel, subscribed, at });
	}
	return out;
}
