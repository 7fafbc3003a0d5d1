import { apiErrorFromResponse, retryAfterMs } from '../../../nodes/core/transport/errors';
import type { HttpResponse } from '../../../nodes/core/transport/http';
import { json, klaviyoErrorBody, T0 } from './fakes';

const profileImport = { method: 'POST' as const, url: 'https://a.klaviyo.com/api/profile-import' };

describe('apiErrorFromResponse: Klaviyo JSON:API errors', () => {
	it('keeps the duplicate profile id of a 409 duplicate_profile', () => {
		const body = klaviyoErrorBody(
			409,
			'duplicate_profile',
			'A profile already exists with one of these identifiers.',
			{ pointer: '/data/attributes' },
			{
				duplicate_profile_id: '01HXYZDUPLICATE',
			},
		);
		const error = apiErrorFromResponse('Klaviyo', json(409, body), { request: profileImport });
		expect(error.status).toBe(409);
		expect(error.code).toBe('duplicate_profile');
		expect(error.duplicateProfileId).toBe('01HXYZDUPLICATE');
		expect(error.message).toBe(
			'Klaviyo rejected /data/attributes: A profile already exists with one of these identifiers. (HTTP 409 duplicate_profile, POST /api/profile-import)',
		);
		expect(error.hint).toContain('01HXYZDUPLICATE');
	});

	it('names every problem and the query parameter when the source is a parameter', () => {
		const body = {
			errors: [
				{
					id: '1',
					status: 400,
					code: 'invalid',
					title: 'Invalid input.',
					detail: "'nope' is not a valid field.",
					source: { parameter: 'filter' },
				},
				{
					id: '2',
					status: 400,
					code: 'invalid',
					title: 'Invalid input.',
					detail: 'Must be 1 to 100.',
					source: { parameter: 'page[size]' },
				},
			],
		};
		const error = apiErrorFromResponse('Klaviyo', json(400, body), {
			request: { method: 'GET', url: 'https://a.klaviyo.com/api/profiles?filter=x' },
		});
		expect(error.parameter).toBe('filter');
		expect(error.problems).toHaveLength(2);
		expect(error.message).toBe(
			"Klaviyo rejected parameter filter: 'nope' is not a valid field.; parameter page[size]: Must be 1 to 100. (HTTP 400 invalid, GET /api/profiles)",
		);
	});

	it('reads a JSON body that arrived as text', () => {
		const text = JSON.stringify(
			klaviyoErrorBody(
				401,
				'not_authenticated',
				'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.',
			),
		);
		const error = apiErrorFromResponse('Klaviyo', { status: 401, headers: {}, body: text });
		expect(error.code).toBe('not_authenticated');
		expect(error.message).toBe(
			'Klaviyo refused the request: Missing or invalid authorization scheme. Please use Klaviyo-API-Key. (HTTP 401 not_authenticated)',
		);
		expect(error.hint).toContain('private API key');
	});
});

describe('apiErrorFromResponse: bodies that are not JSON:API', () => {
	it("summarises Cloudflare's HTML 403 instead of quoting the page", () => {
		const html =
			'<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script>/* challenge */</script></body></html>';
		const response: HttpResponse = {
			status: 403,
			headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' },
			body: html,
		};
		const error = apiErrorFromResponse('Klaviyo', response, {
			request: { method: 'GET', url: 'https://a.klaviyo.com/api/accounts' },
		});
		expect(error.message).toBe(
			'Klaviyo refused the request: an HTML page "Just a moment..." came back from Cloudflare (cf-mitigated: challenge) instead of the API\'s JSON (HTTP 403, GET /api/accounts)',
		);
		expect(error.message).not.toContain('<script>');
		expect(error.hint).toContain('Cloudflare');
		expect(error.body).toBe(html);
	});

	it('says what the status means when the body is empty', () => {
		for (const body of [undefined, '', null]) {
			const error = apiErrorFromResponse('Klaviyo', { status: 502, headers: {}, body });
			expect(error.message).toBe('Klaviyo failed on the request: Bad Gateway (HTTP 502)');
			expect(error.retryable).toBe(true);
		}
	});

	it("reads Sitoo's {statuscode, errortext} and the parameter named in it", () => {
		const body = {
			statuscode: 400,
			errortext:
				'Bad Request. Invalid syntax, missing required argument or invalid request: Invalid value for parameter sort: "up"',
		};
		const error = apiErrorFromResponse('Sitoo', json(400, body), {
			request: {
				method: 'GET',
				url: 'https://api.mysitoo.com/v2/accounts/90316/orders.json?sort=up',
			},
		});
		expect(error.parameter).toBe('sort');
		expect(error.message).toBe(
			'Sitoo rejected parameter sort: Bad Request. Invalid syntax, missing required argument or invalid request: Invalid value for parameter sort: "up" (HTTP 400, GET /v2/accounts/90316/orders.json)',
		);
	});

	it('points a Sitoo 401 at the credential and the IP allow-list', () => {
		const error = apiErrorFromResponse(
			'Sitoo',
			json(401, { statuscode: 401, errortext: 'Authorization failed' }),
		);
		expect(error.message).toBe('Sitoo refused the request: Authorization failed (HTTP 401)');
		expect(error.hint).toMatch(/API id and password.*allow-list/);
	});

	it('never falls back to a bare "Request failed with status code"', () => {
		for (const status of [400, 404, 500]) {
			const error = apiErrorFromResponse('Klaviyo', {
				status,
				headers: {},
				body: { unexpected: true },
			});
			expect(error.message).not.toMatch(/Request failed with status code/);
			expect(error.message).toContain('{"unexpected":true}');
		}
	});
});

describe('retryAfterMs', () => {
	it('prefers the header, then the body', () => {
		const body = klaviyoErrorBody(
			429,
			'throttled',
			'Request was throttled. Expected available in 9 seconds.',
		);
		expect(retryAfterMs(json(429, body, { 'Retry-After': '2' }))).toBe(2_000);
		expect(retryAfterMs(json(429, body))).toBe(9_000);
		expect(retryAfterMs(json(429, {}))).toBeUndefined();
	});

	it('turns an HTTP-date into a delay from now, never negative', () => {
		expect(
			retryAfterMs(json(503, '', { 'retry-after': new Date(T0 + 30_000).toUTCString() }), T0),
		).toBe(30_000);
		expect(
			retryAfterMs(json(503, '', { 'retry-after': new Date(T0 - 30_000).toUTCString() }), T0),
		).toBe(0);
	});

	it("reads Sitoo's X-Rate-Limit-Reset as epoch seconds", () => {
		expect(retryAfterMs(json(429, '', { 'x-rate-limit-reset': String(T0 / 1000 + 4) }), T0)).toBe(
			4_000,
		);
	});
});
