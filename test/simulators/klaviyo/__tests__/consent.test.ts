import { startKlaviyo, type KlaviyoHarness } from './harness';

type Channels = Record<string, Record<string, Record<string, unknown>>>;

const subscribeBody = (
	profiles: Array<{ email?: string; phone_number?: string; subscriptions: Channels }>,
	extra: Record<string, unknown> = {},
	list?: string,
) => ({
	data: {
		type: 'profile-subscription-bulk-create-job',
		attributes: {
			profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes })) },
			...extra,
		},
		...(list ? { relationships: { list: { data: { type: 'list', id: list } } } } : {}),
	},
});

const unsubscribeBody = (email: string) => ({
	data: {
		type: 'profile-subscription-bulk-delete-job',
		attributes: {
			profiles: {
				data: [
					{
						type: 'profile',
						attributes: {
							email,
							subscriptions: { email: { marketing: { consent: 'UNSUBSCRIBED' } } },
						},
					},
				],
			},
		},
	},
});

const EMAIL_OPT_IN: Channels = { email: { marketing: { consent: 'SUBSCRIBED' } } };

describe('Klaviyo simulator: consent', () => {
	let k: KlaviyoHarness;
	beforeEach(async () => {
		k = await startKlaviyo();
	});
	afterEach(() => k.close());

	const profile = async (email: string) =>
		(await k.admin('GET', `/__admin/profiles?email=${encodeURIComponent(email)}`)).body[0];

	it('subscribes with a timestamp and the custom source, creating the profile when needed', async () => {
		const reply = await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody(
				[{ email: 'anna@example.com', subscriptions: EMAIL_OPT_IN }],
				{ custom_source: 'POS Store 1' },
				'LiSt01',
			),
		);
		expect(reply.status).toBe(202);
		const anna = await profile('anna@example.com');
		expect(anna.subscriptions.email.marketing).toMatchObject({
			consent: 'SUBSCRIBED',
			can_receive_email_marketing: true,
			consent_timestamp: '2026-11-28T10:00:00+00:00',
			custom_method_detail: 'POS Store 1',
		});
		expect(anna.lists).toEqual(['LiSt01']);
	});

	it('historical import needs consented_at in the past; consented_at alone is refused', async () => {
		const withDate: Channels = {
			email: { marketing: { consent: 'SUBSCRIBED', consented_at: '2025-05-01T10:00:00Z' } },
		};
		const noFlag = await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody([{ email: 'a@example.com', subscriptions: withDate }]),
		);
		expect(noFlag.status).toBe(400);
		expect(noFlag.body.errors[0].source.pointer).toBe(
			'/data/attributes/profiles/data/0/attributes/subscriptions/email/marketing/consented_at',
		);
		const noDate = await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody([{ email: 'a@example.com', subscriptions: EMAIL_OPT_IN }], {
				historical_import: true,
			}),
		);
		expect(noDate.status).toBe(400);
		const future: Channels = {
			email: { marketing: { consent: 'SUBSCRIBED', consented_at: '2027-01-01T00:00:00Z' } },
		};
		expect(
			(
				await k.call(
					'POST',
					'/api/profile-subscription-bulk-create-jobs',
					subscribeBody([{ email: 'a@example.com', subscriptions: future }], {
						historical_import: true,
					}),
				)
			).status,
		).toBe(400);
		const ok = await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody([{ email: 'a@example.com', subscriptions: withDate }], {
				historical_import: true,
			}),
		);
		expect(ok.status).toBe(202);
		expect((await profile('a@example.com')).subscriptions.email.marketing.consent_timestamp).toBe(
			'2025-05-01T10:00:00+00:00',
		);
	});

	it('refuses SMS consent without a phone number', async () => {
		const sms: Channels = { sms: { marketing: { consent: 'SUBSCRIBED' } } };
		const reply = await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody([{ email: 'a@example.com', subscriptions: sms }]),
		);
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].source.pointer).toBe(
			'/data/attributes/profiles/data/0/attributes/subscriptions/sms',
		);
	});

	it('unsubscribe sets UNSUBSCRIBED with an UNSUBSCRIBE suppression; a later subscribe clears it', async () => {
		await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody([{ email: 'anna@example.com', subscriptions: EMAIL_OPT_IN }]),
		);
		k.clock.advance(60_000);
		expect(
			(
				await k.call(
					'POST',
					'/api/profile-subscription-bulk-delete-jobs',
					unsubscribeBody('anna@example.com'),
				)
			).status,
		).toBe(202);
		const unsubscribed = (await profile('anna@example.com')).subscriptions.email.marketing;
		expect(unsubscribed).toMatchObject({
			consent: 'UNSUBSCRIBED',
			can_receive_email_marketing: false,
			consent_timestamp: '2026-11-28T10:01:00+00:00',
		});
		expect(unsubscribed.suppression).toEqual([
			{ reason: 'UNSUBSCRIBE', timestamp: '2026-11-28T10:01:00+00:00' },
		]);
		k.clock.advance(60_000);
		await k.call(
			'POST',
			'/api/profile-subscription-bulk-create-jobs',
			subscribeBody([{ email: 'anna@example.com', subscriptions: EMAIL_OPT_IN }]),
		);
		const resubscribed = (await profile('anna@example.com')).subscriptions.email.marketing;
		expect(resubscribed).toMatchObject({
			consent: 'SUBSCRIBED',
			can_receive_email_marketing: true,
			suppression: [],
		});
	});

	it('suppress creates unknown profiles already suppressed and returns a job', async () => {
		const reply = await k.call('POST', '/api/profile-suppression-bulk-create-jobs', {
			data: {
				type: 'profile-suppression-bulk-create-job',
				attributes: {
					profiles: { data: [{ type: 'profile', attributes: { email: 'new@example.com' } }] },
				},
			},
		});
		expect(reply.status).toBe(202);
		expect(reply.body.data).toMatchObject({
			type: 'profile-suppression-bulk-create-job',
			attributes: { total_count: 1 },
		});
		const marketing = (await profile('new@example.com')).subscriptions.email.marketing;
		expect(marketing.suppression).toEqual([
			{ reason: 'USER_SUPPRESSED', timestamp: '2026-11-28T10:00:00+00:00' },
		]);
		expect(marketing.can_receive_email_marketing).toBe(false);
	});

	it('limits unsubscribe jobs to 100 profiles', async () => {
		const body = unsubscribeBody('a@example.com');
		body.data.attributes.profiles.data = Array.from({ length: 101 }, (_, i) => ({
			...body.data.attributes.profiles.data[0],
			attributes: {
				...body.data.attributes.profiles.data[0].attributes,
				email: `p${i}@example.com`,
			},
		}));
		expect((await k.call('POST', '/api/profile-subscription-bulk-delete-jobs', body)).status).toBe(
			400,
		);
	});

	it('admin can seed consent given in Klaviyo itself, visible through the API', async () => {
		await k.admin('POST', '/__admin/consent', {
			email: 'zoe@example.com',
			consent: 'UNSUBSCRIBED',
			timestamp: '2026-11-20T08:00:00Z',
		});
		const reply = await k.call(
			'GET',
			`/api/profiles?filter=${encodeURIComponent('equals(email,"zoe@example.com")')}&additional-fields[profile]=subscriptions`,
		);
		expect(reply.body.data[0].attributes.subscriptions.email.marketing).toMatchObject({
			consent: 'UNSUBSCRIBED',
			consent_timestamp: '2026-11-20T08:00:00+00:00',
		});
	});
});
