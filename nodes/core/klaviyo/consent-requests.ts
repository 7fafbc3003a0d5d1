/**
 * Consent changes captured at the till, checked by the consent guard against what Klaviyo holds
 * (docs/design.md invariant 5, `decideConsent`) and turned into Klaviyo's bulk job bodies (docs/reference/klaviyo-api.md §2.5).
 * Every channel comes out applied or skipped, with the reason.
 */
import {
	decideConsent,
	type ConsentAction,
	type ConsentChannel,
	type KlaviyoConsentRecord,
} from '../consent/guard';

export type ConsentOperation = 'subscribe' | 'unsubscribe' | 'suppress';

export interface ChannelDecision {
	channel: ConsentChannel;
	status: 'applied' | 'skipped';
	reason: string;
	/** Subscribe as a historical import with this `consented_at` (the consent was given in the past). */
	historicalConsentAt?: string;
}

/** The channel's marketing record from a profile resource read with `additional-fields[profile]=subscriptions`. */
export function consentRecordOf(
	profile: unknown,
	channel: ConsentChannel,
): KlaviyoConsentRecord | undefined {
	const subscriptions = (
		profile as
			| { attributes?: { subscriptions?: Record<string, { marketing?: KlaviyoConsentRecord }> } }
			| undefined
	)?.attributes?.subscriptions;
	return subscriptions?.[channel]?.marketing ?? undefined;
}

export interface ConsentPlanInput {
	operation: ConsentOperation;
	channels: readonly ConsentChannel[];
	/** When the customer gave or withdrew consent (ISO 8601). */
	at: string;
	/** Klaviyo's records per channel; undefined when the profile does not exist yet. */
	records: Partial<Record<ConsentChannel, KlaviyoConsentRecord>>;
	/** Off: every change is applied as given (the user takes responsibility). */
	guard: boolean;
	now: number;
	/** Consent older than this goes as a historical import (default 10 minutes). */
	historicalAfterMs?: number;
	/** The validated identifiers: email consent needs an email, SMS consent a phone (rev. 2026-04-15+, §2.5). */
	target: ConsentTarget;
}

export function planConsent(input: ConsentPlanInput): ChannelDecision[] {
	const action: ConsentAction = input.operation === 'subscribe' ? 'subscribe' : 'unsubscribe';
	return input.channels.map((channel): ChannelDecision => {
		if (channel === 'email' && !input.target.email)
			return { channel, status: 'skipped', reason: 'no valid email address for email consent' };
		if (channel === 'sms' && !input.target.phone_number)
			return { channel, status: 'skipped', reason: 'no valid phone number for SMS consent' };
		if (input.operation === 'suppress' && channel !== 'email')
			return { channel, status: 'skipped', reason: 'Klaviyo suppresses email addresses only' };
		const change = { channel, action, at: input.at };
		const options = { now: input.now, historicalAfterMs: input.historicalAfterMs };
		// Without the guard Klaviyo's record is not consulted, but the time checks (unreadable, future) still hold.
		const decision = decideConsent(
			change,
			input.guard ? input.records[channel] : undefined,
			options,
		);
		const reason = input.guard
			? decision.reason
			: decision.apply
				? 'consent guard is off: applied as given'
				: decision.reason;
		const result: ChannelDecision = {
			channel,
			status: decision.apply ? 'applied' : 'skipped',
			reason,
		};
		if (decision.apply && decision.historicalConsentAt)
			result.historicalConsentAt = decision.historicalConsentAt;
		return result;
	});
}

export interface ConsentTarget {
	email?: string;
	phone_number?: string;
}

export function subscribeBody(
	target: ConsentTarget,
	applied: readonly ChannelDecision[],
	options: { customSource?: string; listId?: string } = {},
): Record<string, unknown> {
	const historical = applied.some((d) => d.historicalConsentAt !== undefined);
	const subscriptions: Record<string, unknown> = {};
	for (const decision of applied) {
		const marketing: Record<string, unknown> = { consent: 'SUBSCRIBED' };
		// consented_at is only allowed, and then required, with historical_import (§2.5).
		// All channels of one change share its time, so one historical decision speaks for all.
		if (historical)
			marketing.consented_at =
				decision.historicalConsentAt ??
				applied.find((d) => d.historicalConsentAt)?.historicalConsentAt;
		subscriptions[decision.channel] = { marketing };
	}
	const attributes: Record<string, unknown> = {
		profiles: { data: [{ type: 'profile', attributes: { ...target, subscriptions } }] },
	};
	if (options.customSource) attributes.custom_source = options.customSource;
	if (historical) attributes.historical_import = true;
	return withList({ type: 'profile-subscription-bulk-create-job', attributes }, options.listId);
}

export function unsubscribeBody(
	target: ConsentTarget,
	applied: readonly ChannelDecision[],
	options: { listId?: string } = {},
): Record<string, unknown> {
	const subscriptions: Record<string, unknown> = {};
	for (const decision of applied)
		subscriptions[decision.channel] = { marketing: { consent: 'UNSUBSCRIBED' } };
	const attributes = {
		profiles: { data: [{ type: 'profile', attributes: { ...target, subscriptions } }] },
	};
	return withList({ type: 'profile-subscription-bulk-delete-job', attributes }, options.listId);
}

/** Suppression is email-only (§2.5): no email marketing whatever the consent. */
export function suppressBody(emails: readonly string[]): Record<string, unknown> {
	return {
		data: {
			type: 'profile-suppression-bulk-create-job',
			attributes: {
				profiles: { data: emails.map((email) => ({ type: 'profile', attributes: { email } })) },
			},
		},
	};
}

function withList(
	data: Record<string, unknown>,
	listId: string | undefined,
): Record<string, unknown> {
	if (listId) data.relationships = { list: { data: { type: 'list', id: listId } } };
	return { data };
}
