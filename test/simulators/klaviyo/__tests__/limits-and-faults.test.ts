/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { eventBody, startKlaviyo, type KlaviyoHarness } from './harness';

describe('Klaviyo simulator: rate limits and fault mode', () => {
	let k: KlaviyoHarness;
	afterEach(() => k.close());

	it('throttles past the endpoint tier with 429 throttled and Retry-After, then recovers', async () => {
		k = await startKlaviyo({ rateLimits: true });
		expect((await k.call('GET', '/api/accounts')).status).toBe(200);
		const throttled = await k.call('GET', '/api/accounts');
		expect(throttled.status).toBe(429);
		expect(throttled.headers.get('retry-after')).toBe('1');
		expect(throttled.body.errors[0]).toMatchObject({
			code: 'throttled',
			detail: 'Request was throttled. Expected available in 1 second.',
		});
		// Other endpoints have their own quota.
		expect((await k.call('POST', '/api/events', eventBody())).status).toBe(202);
		k.clock.advance(1000);
		expect((await k.call('GET', '/api/accounts')).status).toBe(200);
	});

	it('enforces the bulk tier (10/s) on event bulk jobs', async () => {
		k = await startKlaviyo({ rateLimits: true });
		const body = {
			data: { type: 'event-bulk-create-job', attributes: { 'events-bulk-create': { data: [] } } },
		};
		const statuses = [];
		for (let i = 0; i < 11; i++)
			statuses.push((await k.call('POST', '/api/event-bulk-create-jobs', body)).status);
		expect(statuses.filter((s) => s === 202)).toHaveLength(10);
		expect(statuses[10]).toBe(429);
	});

	it('counts answers per route and status, so the share of 429s per endpoint can be read back', async () => {
		k = await startKlaviyo({ rateLimits: true });
		for (let i = 0; i < 3; i++) await k.call('GET', '/api/accounts');
		await k.call('POST', '/api/events', eventBody());
		const counters = (await k.admin('GET', '/__admin/counters')).body;
		expect(counters.byRouteStatus).toEqual({
			'GET /api/accounts': { 200: 1, 429: 2 },
			'POST /api/events': { 202: 1 },
		});
		expect(counters.byRoute).toEqual({ 'GET /api/accounts': 3, 'POST /api/events': 1 });
	});

	it('injects 429 bursts, server errors, latency and dropped connections on API paths only', async () => {
		k = await startKlaviyo();
		await k.admin('PUT', '/__admin/faults', { throttleNext: 2, throttleRetryAfterSeconds: 3 });
		const first = await k.call('POST', '/api/events', eventBody());
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('3');
		expect((await k.call('POST', '/api/events', eventBody())).status).toBe(429);
		expect((await k.call('POST', '/api/events', eventBody())).status).toBe(202);

		await k.admin('PUT', '/__admin/faults', { serverErrorRate: 1, serverErrorStatus: 502 });
		const failed = await k.call('POST', '/api/events', eventBody({ uniqueId: 'x' }));
		expect(failed.status).toBe(502);
		expect(failed.body.errors[0].status).toBe(502);
		expect((await k.admin('GET', '/__admin/summary')).status).toBe(200);

		await k.admin('PUT', '/__admin/faults', { serverErrorRate: 0, dropConnectionRate: 1 });
		await expect(k.call('GET', '/api/accounts')).rejects.toThrow();

		await k.admin('PUT', '/__admin/faults', { dropConnectionRate: 0, latencyMs: 150 });
		const started = Date.now();
		expect((await k.call('GET', '/api/accounts')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);

		const counters = (await k.admin('GET', '/__admin/counters')).body;
		expect(counters.injected).toEqual({ dropped: 1, serverErrors: 1, throttled: 2 });
	});

	it('a 429 storm answers every request for the time set, then ends by itself', async () => {
		k = await startKlaviyo();
		const set = await k.admin('PUT', '/__admin/faults', {
			throttleForSeconds: 1,
			throttleRetryAfterSeconds: 10,
		});
		expect(set.body.throttleForSeconds).toBe(1);
		for (let i = 0; i < 3; i++) {
			const reply = await k.call('POST', '/api/events', eventBody({ uniqueId: `storm-${i}` }));
			expect([reply.status, reply.headers.get('retry-after')]).toEqual([429, '10']);
		}
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		expect((await k.admin('GET', '/__admin/faults')).body.throttleForSeconds).toBe(0);
		expect((await k.call('POST', '/api/events', eventBody())).status).toBe(202);
	});

	it('refuses a misspelt fault setting instead of ignoring it', async () => {
		k = await startKlaviyo();
		const reply = await k.admin('PUT', '/__admin/faults', { serverErrorRatio: 1 });
		expect(reply.status).toBe(400);
		expect(reply.body.error).toContain('serverErrorRatio');
	});

	it('reset empties the account and clears faults', async () => {
		k = await startKlaviyo();
		await k.call('POST', '/api/events', eventBody());
		await k.admin('PUT', '/__admin/faults', { serverErrorRate: 1 });
		await k.admin('POST', '/__admin/reset');
		expect((await k.admin('GET', '/__admin/summary')).body).toMatchObject({
			profiles: 0,
			events: {},
		});
		expect((await k.call('GET', '/api/accounts')).status).toBe(200);
	});
});

describe('Klaviyo simulator: account page', () => {
	it('lists profiles with their events, newest first, with text escaped', async () => {
		const k = await startKlaviyo();
		try {
			await k.call(
				'POST',
				'/api/events',
				eventBody({
					email: 'anna@example.com',
					uniqueId: 'a',
					properties: { OrderId: '1001', 'Store Name': '<Malmö>' },
				}),
			);
			k.clock.advance(1000);
			await k.call(
				'POST',
				'/api/events',
				eventBody({ email: 'bo@example.com', uniqueId: 'b', properties: { OrderId: '1002' } }),
			);
			const response = await fetch(`${k.server.url}/__admin/`);
			expect(response.headers.get('content-type')).toContain('text/html');
			const html = await response.text();
			expect(html.indexOf('bo@example.com')).toBeLessThan(html.indexOf('anna@example.com'));
			expect(html).toContain('order 1001');
			expect(html).toContain('&lt;Malmö&gt;');
			expect(html).not.toContain('<Malmö>');
		} finally {
			await k.close();
		}
	});
});
