/**
 * The consent guard (docs/design.md invariant 5): Klaviyo owns consent. A change captured at the till is applied
 * only when it is newer than what Klaviyo holds, and an opt-in is never re-sent for someone who
 * unsubscribed in Klaviyo later (subscribing lifts their suppression, docs/reference/klaviyo-api.md §2.5). Every
 * decision carries its reason.
 */

export type ConsentChannel = 'email' | 'sms';
export type ConsentAction = 'subscribe' | 'unsubscribe';

export interface PosConsentChange {
	channel: ConsentChannel;
	action: ConsentAction;
	/** When the customer gave or withdrew consent at the till (ISO 8601). */
	at: string;
}

/** The channel's record as Klaviyo returns it with `additional-fields[profile]=subscriptions`. */
export interface KlaviyoConsentRecord {
	consent?: string;
	consent_timestamp?: string | null;
	suppression?: Array<{ reason: string; timestamp: string }> | null;
}

export interface ConsentDecision {
	apply: boolean;
	reason: string;
	/** Subscribe with `historical_import` and this `consented_at`: the consent was given in the past. */
	historicalConsentAt?: string;
}

export interface GuardOptions {
	now: number;
	/** Consent older than this is sent as a historical import (no double opt-in, no "added to list" flows). */
	historicalAfterMs?: number;
}

/** Suppressions the person caused; a later subscribe would lift them, so only a newer opt-in may. */
const PERSONAL_SUPPRESSIONS = new Set(['UNSUBSCRIBE', 'USER_SUPPRESSED', 'SPAM_COMPLAINT']);
/** Suppressions about the address itself; no opt-in makes the address deliverable again. */
const ADDRESS_SUPPRESSIONS = new Set(['HARD_BOUNCE', 'INVALID_EMAIL']);

export function decideConsent(
	change: PosConsentChange,
	klaviyo: KlaviyoConsentRecord | undefined,
	options: GuardOptions,
): ConsentDecision {
	const posTime = Date.parse(change.at);
	if (Number.isNaN(posTime))
		return {
			apply: false,
			reason: `the consent time "${change.at}" is not a date, so it cannot be compared with Klaviyo's record`,
		};
	if (posTime > options.now + 5 * 60_000)
		return {
			apply: false,
			reason: `the consent time ${change.at} is in the future (check the till's clock)`,
		};
	const historical = (): Pick<ConsentDecision, 'historicalConsentAt'> =>
		change.action === 'subscribe' &&
		options.now - posTime > (options.historicalAfterMs ?? 10 * 60_000)
			? { historicalConsentAt: new Date(posTime).toISOString() }
			: {};

	if (!klaviyo || !klaviyo.consent)
		return {
			apply: true,
			reason: `Klaviyo has no ${change.channel} consent on record`,
			...historical(),
		};
	const klaviyoTime = klaviyo.consent_timestamp ? Date.parse(klaviyo.consent_timestamp) : undefined;
	const when = klaviyo.consent_timestamp ? ` at ${klaviyo.consent_timestamp}` : '';

	if (change.action === 'subscribe') {
		const addressProblem = (klaviyo.suppression ?? []).find((s) =>
			ADDRESS_SUPPRESSIONS.has(s.reason),
		);
		if (change.channel === 'email' && addressProblem)
			return {
				apply: false,
				reason: `Klaviyo suppresses this address (${addressProblem.reason} at ${addressProblem.timestamp})`,
			};
		const personal = (klaviyo.suppression ?? [])
			.filter((s) => PERSONAL_SUPPRESSIONS.has(s.reason))
			.map((s) => Date.parse(s.timestamp));
		const latestOptOut = Math.max(
			klaviyo.consent === 'UNSUBSCRIBED' ? (klaviyoTime ?? Infinity) : -Infinity,
			...personal,
		);
		if (latestOptOut >= posTime) {
			const at = Number.isFinite(latestOptOut)
				? ` at ${new Date(latestOptOut).toISOString()}`
				: ' (time unknown)';
			return {
				apply: false,
				reason: `unsubscribed in Klaviyo${at}, not before the opt-in at the till at ${change.at}: Klaviyo's choice stands`,
			};
		}
		if (klaviyo.consent === 'SUBSCRIBED')
			return { apply: false, reason: `already subscribed to ${change.channel} in Klaviyo${when}` };
		const because = Number.isFinite(latestOptOut)
			? `the opt-in at the till at ${change.at} is newer than the unsubscribe in Klaviyo at ${new Date(latestOptOut).toISOString()}`
			: `Klaviyo's ${change.channel} consent is ${klaviyo.consent}`;
		return { apply: true, reason: because, ...historical() };
	}

	if (klaviyo.consent === 'UNSUBSCRIBED')
		return {
			apply: false,
			reason: `already unsubscribed from ${change.channel} in Klaviyo${when}`,
		};
	if (klaviyo.consent === 'SUBSCRIBED' && klaviyoTime !== undefined && klaviyoTime > posTime) {
		return {
			apply: false,
			reason: `subscribed in Klaviyo${when}, after the opt-out at the till at ${change.at}: Klaviyo's choice stands`,
		};
	}
	return {
		apply: true,
		reason: `the opt-out at the till at ${change.at} is newer than Klaviyo's ${klaviyo.consent} record${when}`,
	};
}
