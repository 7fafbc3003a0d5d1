import { decideConsent } from '../../../nodes/core/consent/guard';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const subscribeAt = (at: string) => ({
	channel: 'email' as const,
	action: 'subscribe' as const,
	at,
});
const unsubscribeAt = (at: string) => ({
	channel: 'email' as const,
	action: 'unsubscribe' as const,
	at,
});

describe('decideConsent', () => {
	it('applies an opt-in when Klaviyo has nothing on record', () => {
		expect(decideConsent(subscribeAt('2026-11-28T11:59:00Z'), undefined, { now: NOW })).toEqual({
			apply: true,
			reason: 'Klaviyo has no email consent on record',
		});
	});

	it('keeps a Klaviyo unsubscribe that is newer than the opt-in at the till', () => {
		const decision = decideConsent(
			subscribeAt('2026-11-20T10:00:00Z'),
			{
				consent: 'UNSUBSCRIBED',
				consent_timestamp: '2026-11-25T08:00:00+00:00',
				suppression: [{ reason: 'UNSUBSCRIBE', timestamp: '2026-11-25T08:00:00+00:00' }],
			},
			{ now: NOW },
		);
		expect(decision.apply).toBe(false);
		expect(decision.reason).toContain('unsubscribed in Klaviyo at 2026-11-25T08:00:00.000Z');
	});

	it('applies an opt-in given at the till after the Klaviyo unsubscribe, as a historical import when it is old', () => {
		const record = {
			consent: 'UNSUBSCRIBED',
			consent_timestamp: '2026-11-01T08:00:00Z',
			suppression: [{ reason: 'UNSUBSCRIBE', timestamp: '2026-11-01T08:00:00Z' }],
		};
		const decision = decideConsent(subscribeAt('2026-11-27T15:00:00Z'), record, { now: NOW });
		expect(decision).toEqual({
			apply: true,
			reason: expect.stringContaining('newer than the unsubscribe in Klaviyo'),
			historicalConsentAt: '2026-11-27T15:00:00.000Z',
		});
		const fresh = decideConsent(subscribeAt('2026-11-28T11:58:00Z'), record, { now: NOW });
		expect(fresh.apply).toBe(true);
		expect(fresh.historicalConsentAt).toBeUndefined();
	});

	it('treats an unsubscribe at the same second as winning over the opt-in', () => {
		const decision = decideConsent(
			subscribeAt('2026-11-25T08:00:00Z'),
			{ consent: 'UNSUBSCRIBED', consent_timestamp: '2026-11-25T08:00:00Z' },
			{ now: NOW },
		);
		expect(decision.apply).toBe(false);
	});

	it('never re-subscribes a hard-bounced address and does not repeat an existing subscription', () => {
		expect(
			decideConsent(
				subscribeAt('2026-11-28T11:00:00Z'),
				{
					consent: 'NEVER_SUBSCRIBED',
					suppression: [{ reason: 'HARD_BOUNCE', timestamp: '2026-10-01T00:00:00Z' }],
				},
				{ now: NOW },
			),
		).toMatchObject({ apply: false, reason: expect.stringContaining('HARD_BOUNCE') });
		expect(
			decideConsent(
				subscribeAt('2026-11-28T11:00:00Z'),
				{ consent: 'SUBSCRIBED', consent_timestamp: '2026-01-01T00:00:00Z' },
				{ now: NOW },
			),
		).toMatchObject({ apply: false, reason: expect.stringContaining('already subscribed') });
	});

	it('keeps a Klaviyo opt-in that is newer than an opt-out at the till, applies an older one', () => {
		const record = { consent: 'SUBSCRIBED', consent_timestamp: '2026-11-26T09:00:00Z' };
		expect(
			decideConsent(unsubscribeAt('2026-11-25T09:00:00Z'), record, { now: NOW }),
		).toMatchObject({ apply: false, reason: expect.stringContaining("Klaviyo's choice stands") });
		expect(
			decideConsent(unsubscribeAt('2026-11-27T09:00:00Z'), record, { now: NOW }),
		).toMatchObject({ apply: true });
	});

	it('refuses times it cannot compare', () => {
		expect(decideConsent(subscribeAt('last tuesday'), undefined, { now: NOW })).toMatchObject({
			apply: false,
			reason: expect.stringContaining('not a date'),
		});
		expect(
			decideConsent(subscribeAt('2026-12-28T12:00:00Z'), undefined, { now: NOW }),
		).toMatchObject({ apply: false, reason: expect.stringContaining('future') });
	});
});
