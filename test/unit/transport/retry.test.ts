import { ApiError, NetworkError } from '../../../nodes/core/transport/errors';
import type { HttpRequest } from '../../../nodes/core/transport/http';
import {
	backoffDelayMs,
	KLAVIYO_RETRY_POLICY,
	retrying,
	sendWithRetry,
	type RetryNotice,
	type RetryPolicy,
} from '../../../nodes/core/transport/retry';
import { FakeClock } from '../../support/fake-clock';
import {
	json,
	klaviyoErrorBody,
	networkError,
	scriptedSend,
	sequentialSleep,
	T0,
	type Answer,
} from './fakes';

const request: HttpRequest = {
	method: 'POST',
	url: 'https://a.klaviyo.com/api/profile-import?x=customer%40example.com',
	headers: { revision: '2026-07-15' },
	body: { data: { type: 'profile', attributes: { email: 'customer@example.com' } } },
};

const policy: RetryPolicy = {
	...KLAVIYO_RETRY_POLICY,
	maxAttempts: 4,
	baseDelayMs: 500,
	factor: 2,
	maxDelayMs: 60_000,
	jitter: 0.5,
};
const ok = json(200, { data: { id: 'p1' } });
const throttled = (
	detail = 'Request was throttled. Expected available in 1 second.',
	headers: Record<string, string> = {},
) => json(429, klaviyoErrorBody(429, 'throttled', detail, { pointer: '/data' }), headers);

function setup(answers: Answer[], overrides: Partial<RetryPolicy> = {}, random = () => 0) {
	const clock = new FakeClock(T0);
	const { sleep, sleeps } = sequentialSleep(clock);
	const send = scriptedSend(answers);
	const notices: RetryNotice[] = [];
	const run = () =>
		sendWithRetry(send, request, {
			service: 'Klaviyo',
			policy: { ...policy, ...overrides },
			sleep,
			random,
			clock,
			onRetry: (n) => notices.push(n),
		});
	return { clock, sleeps, send, notices, run };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected a rejection');
}

describe('sendWithRetry: waits the API announces', () => {
	it('honours Retry-After in seconds', async () => {
		const { run, sleeps, send, notices } = setup([
			throttled(undefined, { 'Retry-After': '7' }),
			ok,
		]);
		await expect(run()).resolves.toBe(ok);
		expect(sleeps).toEqual([7_000]);
		expect(send.requests).toHaveLength(2);
		expect(send.requests[1]).toBe(request);
		expect(notices.map((n) => [n.attempt, n.waitFrom])).toEqual([[1, 'api']]);
	});

	it('honours Retry-After given as an HTTP-date, measured on the injected clock', async () => {
		const { run, sleeps } = setup([
			throttled(undefined, { 'retry-after': new Date(T0 + 12_000).toUTCString() }),
			ok,
		]);
		await run();
		expect(sleeps).toEqual([12_000]);
	});

	it('reads "Expected available in 3 seconds." from the 429 body when there is no header', async () => {
		const { run, sleeps } = setup([
			throttled('Request was throttled. Expected available in 3 seconds.'),
			throttled(),
			ok,
		]);
		await run();
		// "1 second." (singular) is read too.
		expect(sleeps).toEqual([3_000, 1_000]);
	});

	it('backs off when a 429 says nothing about waiting', async () => {
		const { run, sleeps, notices } = setup([json(429, ''), ok]);
		await run();
		expect(sleeps).toEqual([500]);
		expect(notices[0]!.waitFrom).toBe('backoff');
	});

	it('gives up at once when the announced wait is longer than the policy allows', async () => {
		const { run, sleeps, send } = setup([throttled(undefined, { 'retry-after': '3600' }), ok]);
		const error = await rejection(run());
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).retryAfterSeconds).toBe(3600);
		expect(sleeps).toEqual([]);
		expect(send.requests).toHaveLength(1);
	});
});

describe('sendWithRetry: backoff', () => {
	it('grows by the factor and stops at the cap (no jitter taken off when random is 0)', async () => {
		const answers = Array.from({ length: 8 }, () => json(503, ''));
		const { run, sleeps } = setup(answers, {
			maxAttempts: 8,
			baseDelayMs: 100,
			factor: 2,
			maxDelayMs: 1_000,
		});
		await expect(run()).rejects.toBeInstanceOf(ApiError);
		expect(sleeps).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
	});

	it('keeps jittered delays between (1 − jitter) and 1 times the exponential delay', () => {
		const capped: RetryPolicy = {
			...policy,
			baseDelayMs: 100,
			factor: 3,
			maxDelayMs: 5_000,
			jitter: 0.4,
		};
		for (let retry = 1; retry <= 10; retry++) {
			const full = Math.min(5_000, 100 * 3 ** (retry - 1));
			expect(backoffDelayMs(capped, retry, () => 0)).toBe(full);
			expect(backoffDelayMs(capped, retry, () => 0.999999)).toBeCloseTo(full * 0.6, 2);
			const middle = backoffDelayMs(capped, retry, () => 0.5);
			expect(middle).toBeCloseTo(full * 0.8, 6);
		}
	});

	it('uses the injected random for jitter', async () => {
		const randoms = [0.25, 0.75];
		const { run, sleeps } = setup([json(502, ''), json(502, ''), ok], {}, () => randoms.shift()!);
		await run();
		expect(sleeps).toEqual([500 * (1 - 0.5 * 0.25), 1_000 * (1 - 0.5 * 0.75)]);
	});
});

describe('sendWithRetry: what is retried', () => {
	it.each([429, 500, 502, 503, 504, 524])('retries %i', async (status) => {
		const { run, send } = setup([json(status, ''), ok]);
		await expect(run()).resolves.toBe(ok);
		expect(send.requests).toHaveLength(2);
	});

	it.each([400, 401, 403, 404, 409, 413, 422])('never retries %i', async (status) => {
		const { run, send, sleeps } = setup([
			json(status, klaviyoErrorBody(status, 'invalid', 'Nope.')),
			ok,
		]);
		const error = await rejection(run());
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).status).toBe(status);
		expect((error as ApiError).attempts).toBe(1);
		expect(send.requests).toHaveLength(1);
		expect(sleeps).toEqual([]);
	});

	it('does not retry a 400 and passes on the field and problem Klaviyo named', async () => {
		const body = klaviyoErrorBody(
			400,
			'invalid',
			'Invalid phone number format (Example of a valid format: +12345678901)',
			{
				pointer: '/data/attributes/phone_number',
			},
		);
		const { run } = setup([json(400, body)]);
		const error = (await rejection(run())) as ApiError;
		expect(error.message).toMatch(
			/^Klaviyo rejected \/data\/attributes\/phone_number: Invalid phone number format/,
		);
		expect(error.message).toContain('HTTP 400 invalid, POST /api/profile-import');
		expect(error.message).not.toContain('customer%40example.com');
		expect(error.pointer).toBe('/data/attributes/phone_number');
		expect(error.code).toBe('invalid');
		expect(error.retryable).toBe(false);
	});

	it('retries network errors, found on the error or down its cause chain', async () => {
		const wrapped = Object.assign(
			new Error('The connection to the server was closed unexpectedly'),
			{ cause: networkError('ETIMEDOUT') },
		);
		const { run, send, notices } = setup([
			networkError('ECONNRESET'),
			wrapped,
			networkError('ECONNREFUSED', 'connect refused'),
			ok,
		]);
		await expect(run()).resolves.toBe(ok);
		expect(send.requests).toHaveLength(4);
		expect(notices.map((n) => (n.error as NetworkError).code)).toEqual([
			'ECONNRESET',
			'ETIMEDOUT',
			'ECONNREFUSED',
		]);
	});

	it('throws a NetworkError with the attempt count when the connection keeps failing', async () => {
		const { run } = setup([
			networkError('ECONNRESET'),
			networkError('ECONNRESET'),
			networkError('ECONNRESET'),
			networkError('ECONNRESET'),
		]);
		const error = (await rejection(run())) as NetworkError;
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.attempts).toBe(4);
		expect(error.code).toBe('ECONNRESET');
		expect(error.message).toBe(
			'Klaviyo could not be reached (ECONNRESET) (POST /api/profile-import, after 4 attempts)',
		);
	});

	it('rethrows an error that is not a network failure without retrying it', async () => {
		const bug = new TypeError('cannot read properties of undefined');
		const { run, send } = setup([bug, ok]);
		await expect(run()).rejects.toBe(bug);
		expect(send.requests).toHaveLength(1);
	});

	it('after max attempts throws ApiError with the API message, pointer and attempt count', async () => {
		const body = klaviyoErrorBody(503, 'service_unavailable', 'Klaviyo is down for maintenance.', {
			pointer: '/data/attributes/properties',
		});
		const { run, send, sleeps } = setup(Array.from({ length: 4 }, () => json(503, body)));
		const error = (await rejection(run())) as ApiError;
		expect(error).toBeInstanceOf(ApiError);
		expect(error.attempts).toBe(4);
		expect(send.requests).toHaveLength(4);
		expect(sleeps).toHaveLength(3);
		expect(error.pointer).toBe('/data/attributes/properties');
		expect(error.message).toBe(
			'Klaviyo failed on /data/attributes/properties: Klaviyo is down for maintenance. (HTTP 503 service_unavailable, POST /api/profile-import, after 4 attempts)',
		);
		expect(error.hint).toContain('4 attempt(s)');
	});

	it('after max attempts on 429 keeps the throttled detail and the announced wait', async () => {
		const { run } = setup(
			Array.from({ length: 4 }, () =>
				throttled('Request was throttled. Expected available in 2 seconds.'),
			),
		);
		const error = (await rejection(run())) as ApiError;
		expect(error.status).toBe(429);
		expect(error.code).toBe('throttled');
		expect(error.retryAfterSeconds).toBe(2);
		expect(error.message).toContain('Expected available in 2 seconds.');
	});

	it('retrying() wraps a send with the same policy', async () => {
		const clock = new FakeClock(T0);
		const { sleep, sleeps } = sequentialSleep(clock);
		const send = retrying(scriptedSend([json(504, ''), ok]), {
			service: 'Sitoo',
			policy,
			sleep,
			random: () => 0,
			clock,
		});
		await expect(send(request)).resolves.toBe(ok);
		expect(sleeps).toEqual([500]);
	});
});
