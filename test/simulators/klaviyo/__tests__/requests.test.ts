import { API_KEY, eventBody, startKlaviyo, type KlaviyoHarness } from './harness';

describe('Klaviyo simulator: request checks', () => {
	let k: KlaviyoHarness;
	beforeEach(async () => {
		k = await startKlaviyo();
	});
	afterEach(() => k.close());

	it('answers the credential test with the account', async () => {
		const reply = await k.call('GET', '/api/accounts');
		expect(reply.status).toBe(200);
		expect(reply.body.data[0]).toMatchObject({ type: 'account', id: 'SimAcct' });
		expect(reply.headers.get('content-type')).toBe('application/vnd.api+json');
	});

	it('rejects a wrong authorization scheme with not_authenticated', async () => {
		const reply = await k.call('GET', '/api/accounts', undefined, {
			authorization: `Bearer ${API_KEY}`,
		});
		expect(reply.status).toBe(401);
		expect(reply.body.errors[0]).toMatchObject({ status: 401, code: 'not_authenticated' });
		expect(reply.body.errors[0].detail).toContain('Klaviyo-API-Key');
	});

	it('rejects an unknown key with authentication_failed', async () => {
		const reply = await k.call('GET', '/api/accounts', undefined, {
			authorization: 'Klaviyo-API-Key pk_wrong',
		});
		expect(reply.status).toBe(401);
		expect(reply.body.errors[0].code).toBe('authentication_failed');
	});

	it('requires the revision header and names it', async () => {
		const missing = await k.call('POST', '/api/events', eventBody(), { revision: undefined });
		expect(missing.status).toBe(400);
		expect(missing.body.errors[0].source).toEqual({ parameter: 'revision' });
		const other = await k.call('GET', '/api/accounts', undefined, { revision: '2023-01-01' });
		expect(other.status).toBe(400);
		expect(other.body.errors[0].detail).toContain('2026-07-15');
	});

	it('rejects a body that breaks the spec and records nothing', async () => {
		const reply = await k.call('POST', '/api/events', eventBody({ uniqueId: 1001 }));
		expect(reply.status).toBe(400);
		expect(reply.body.errors).toEqual([
			expect.objectContaining({
				status: 400,
				code: 'invalid',
				title: 'Invalid input.',
				source: { pointer: '/data/attributes/unique_id' },
			}),
		]);
		expect((await k.admin('GET', '/__admin/summary')).body.events).toEqual({});
	});

	it('rejects unknown attributes', async () => {
		const reply = await k.call('POST', '/api/events', eventBody({ extra: { revenue: 5 } }));
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].source.pointer).toBe('/data/attributes/revenue');
	});

	it('rejects malformed JSON, a wrong content type and an oversized profile', async () => {
		const malformed = await k.call('POST', '/api/events', '{"data":');
		expect(malformed.status).toBe(400);
		expect(malformed.body.errors[0].code).toBe('parse_error');
		const text = await k.call('POST', '/api/events', JSON.stringify(eventBody()), {
			'content-type': 'text/plain',
		});
		expect(text.status).toBe(415);
		const big = {
			data: {
				type: 'profile',
				attributes: { email: 'big@example.com', properties: { notes: 'x'.repeat(101 * 1024) } },
			},
		};
		expect((await k.call('POST', '/api/profile-import', big)).status).toBe(413);
	});

	it('answers unknown paths and methods with JSON:API errors', async () => {
		expect((await k.call('GET', '/api/nothing-here')).body.errors[0].status).toBe(404);
		expect((await k.call('DELETE', '/api/events')).status).toBe(405);
	});

	it('sends the steady-window RateLimit headers on success', async () => {
		const reply = await k.call('POST', '/api/events', eventBody());
		expect(reply.status).toBe(202);
		expect(reply.body).toBeUndefined();
		expect(reply.headers.get('ratelimit-limit')).toBe('3500');
		expect(reply.headers.get('ratelimit-remaining')).toBe('3499');
	});
});
