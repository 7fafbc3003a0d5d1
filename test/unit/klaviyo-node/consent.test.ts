/** The consent guard as the Consent operations use it: Klaviyo's record read first, every channel decided with its reason. */
import { consentRecordOf, planConsent } from '../../../nodes/core/klaviyo/consent-requests';

const now = Date.parse('2026-03-01T12:00:00Z');
const target = { email: 'kim@example.com', phone_number: '+46701234567' };
const profile = (
	email: Record<string, unknown>,
	sms: Record<string, unknown> = { consent: 'NEVER_SUBSCRIBED', consent_timestamp: null },
) => ({
	id: 'P1',
	attributes: { subscriptions: { email: { marketing: email }, sms: { marketing: sms } } },
});

describe('planConsent', () => {
	it('keeps a Klaviyo unsubscribe newer than the opt-in at the till', () => {
		const p = profile({
			consent: 'UNSUBSCRIBED',
			consent_timestamp: '2026-03-01T10:00:00+00:00',
			suppression: [{ reason: 'UNSUBSCRIBE', timestamp: '2026-03-01T10:00:00+00:00' }],
		});
		const [email] = planConsent({
			operation: 'subscribe',
			channels: ['email'],
			at: '2026-03-01T09:00:00Z',
			records: { email: consentRecordOf(p, 'email') },
			guard: true,
			now,
			target,
		});
		expect(email).toMatchObject({
			channel: 'email',
			status: 'skipped',
			reason: expect.stringContaining("Klaviyo's choice stands"),
		});
	});

	it('applies an opt-in newer than the Klaviyo unsubscribe, as a historical import', () => {
		const p = profile({
			consent: 'UNSUBSCRIBED',
			consent_timestamp: '2026-03-01T08:00:00+00:00',
			suppression: [{ reason: 'UNSUBSCRIBE', timestamp: '2026-03-01T08:00:00+00:00' }],
		});
		const [email] = planConsent({
			operation: 'subscribe',
			channels: ['email'],
			at: '2026-03-01T09:00:00Z',
			records: { email: consentRecordOf(p, 'email') },
			guard: true,
			now,
			target,
		});
		expect(email).toMatchObject({
			status: 'applied',
			historicalConsentAt: '2026-03-01T09:00:00.000Z',
			reason: expect.stringContaining('newer than the unsubscribe'),
		});
	});

	it('skips an opt-out older than a Klaviyo subscription, applies a newer one', () => {
		const p = profile({
			consent: 'SUBSCRIBED',
			consent_timestamp: '2026-03-01T10:00:00+00:00',
			suppression: [],
		});
		const records = { email: consentRecordOf(p, 'email') };
		expect(
			planConsent({
				operation: 'unsubscribe',
				channels: ['email'],
				at: '2026-03-01T09:00:00Z',
				records,
				guard: true,
				now,
				target,
			})[0],
		).toMatchObject({ status: 'skipped' });
		expect(
			planConsent({
				operation: 'unsubscribe',
				channels: ['email'],
				at: '2026-03-01T11:00:00Z',
				records,
				guard: true,
				now,
				target,
			})[0],
		).toMatchObject({ status: 'applied' });
		expect(
			planConsent({
				operation: 'suppress',
				channels: ['email'],
				at: '2026-03-01T09:00:00Z',
				records,
				guard: true,
				now,
				target,
			})[0],
		).toMatchObject({ status: 'skipped' });
	});

	it('decides each channel on its own record', () => {
		const p = profile(
			{ consent: 'SUBSCRIBED', consent_timestamp: '2026-02-01T10:00:00+00:00', suppression: [] },
			{ consent: 'NEVER_SUBSCRIBED', consent_timestamp: null },
		);
		const decisions = planConsent({
			operation: 'subscribe',
			channels: ['email', 'sms'],
			at: '2026-03-01T11:58:00Z',
			records: { email: consentRecordOf(p, 'email'), sms: consentRecordOf(p, 'sms') },
			guard: true,
			now,
			target,
		});
		expect(decisions).toEqual([
			expect.objectContaining({
				channel: 'email',
				status: 'skipped',
				reason: expect.stringContaining('already subscribed'),
			}),
			expect.objectContaining({ channel: 'sms', status: 'applied' }),
		]);
		expect(decisions[1].historicalConsentAt).toBeUndefined();
	});

	it('with the guard off applies as given, but still refuses a time in the future', () => {
		const p = profile({
			consent: 'UNSUBSCRIBED',
			consent_timestamp: '2026-03-01T10:00:00+00:00',
			suppression: [],
		});
		expect(
			planConsent({
				operation: 'subscribe',
				channels: ['email'],
				at: '2026-03-01T09:00:00Z',
				records: { email: consentRecordOf(p, 'email') },
				guard: false,
				now,
				target,
			})[0],
		).toMatchObject({ status: 'applied', reason: expect.stringContaining('guard is off') });
		expect(
			planConsent({
				operation: 'subscribe',
				channels: ['email'],
				at: '2026-03-02T09:00:00Z',
				records: {},
				guard: false,
				now,
				target,
			})[0],
		).toMatchObject({ status: 'skipped', reason: expect.stringContaining('future') });
	});

	it('skips a channel whose identifier is missing', () => {
		const decisions = planConsent({
			operation: 'subscribe',
			channels: ['email', 'sms'],
			at: '2026-03-01T11:59:00Z',
			records: {},
			guard: true,
			now,
			target: { email: 'kim@example.com' },
		});
		expect(decisions.map((d) => d.status)).toEqual(['applied', 'skipped']);
		expect(decisions[1].reason).toContain('no valid phone number');
	});
});
