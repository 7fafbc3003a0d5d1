/**
 * The whole Klaviyo send as a node shell composes it, against the simulator with its rate limits on
 * and its clock shared with ours: limits are respected, not discovered (docs/design.md invariant 8).
 */
import type { HttpRequest, HttpResponse, SendRequest } from '../../../nodes/core/transport/http';
import { klaviyoRequest, pacedForKlaviyo } from '../../../nodes/core/transport/klaviyo';
import { Pacers } from '../../../nodes/core/transport/pacer';
import {
	KLAVIYO_RETRY_POLICY,
	retrying,
	type RetryNotice,
} from '../../../nodes/core/transport/retry';
import {
	API_KEY,
	startKlaviyo,
	type KlaviyoHarness,
} from '../../simulators/klaviyo/__tests__/harness';
import { sequentialSleep } from './fakes';

let klaviyo: KlaviyoHarness;
let raw: SendRequest & { statuses: number[] };

beforeAll(async () => {
	klaviyo = await startKlaviyo({ rateLimits: true });
	const statuses: number[] = [];
	raw = Object.assign(
		async (request: HttpRequest): Promise<HttpResponse> => {
			const response = await fetch(request.url, {
				method: request.method,
				headers: { ...request.headers, authorization: `Klaviyo-API-Key ${API_KEY}` },
				body: request.body === undefined ? undefined : JSON.stringify(request.body),
			});
			statuses.push(response.status);
			const text = await response.text();
			return {
				status: response.status,
				headers: Object.fromEntries(response.headers),
				body: text === '' ? undefined : JSON.parse(text),
			};
		},
		{ statuses },
	);
});
afterAll(() => klaviyo.close());

beforeEach(() => raw.statuses.splice(0));

const accounts = () =>
	klaviyoRequest({ baseUrl: klaviyo.server.url, method: 'GET', path: '/api/accounts' });

it('paced and retried, 40 calls to an XS endpoint (1/s, 15/m) never meet a 429', async () => {
	const { sleep } = sequentialSleep(klaviyo.clock);
	const notices: RetryNotice[] = [];
	const send = retrying(pacedForKlaviyo(raw, new Pacers(klaviyo.clock, sleep)), {
		service: 'Klaviyo',
		policy: KLAVIYO_RETRY_POLICY,
		sleep,
		random: () => 0.5,
		clock: klaviyo.clock,
		onRetry: (n) => notices.push(n),
	});
	const started = klaviyo.clock.now();
	for (let i = 0; i < 40; i++) expect((await send(accounts())).status).toBe(200);
	expect(raw.statuses.filter((s) => s !== 200)).toEqual([]);
	expect(notices).toEqual([]);
	// 15 per minute, 1.1 s apart (windows widened by the 100 ms margin): calls 30…39 start at 2 × 60.1 s.
	expect(klaviyo.clock.now() - started).toBe(2 * 60_100 + 9 * 1_100);
});

it('without the pacer the simulator throttles, and the retry policy recovers by its Retry-After', async () => {
	klaviyo.clock.advance(120_000); // fresh windows
	const { sleep, sleeps } = sequentialSleep(klaviyo.clock);
	const send = retrying(raw, {
		service: 'Klaviyo',
		policy: KLAVIYO_RETRY_POLICY,
		sleep,
		random: () => 0.5,
		clock: klaviyo.clock,
	});
	for (let i = 0; i < 3; i++) expect((await send(accounts())).status).toBe(200);
	expect(raw.statuses).toEqual([200, 429, 200, 429, 200]);
	expect(sleeps).toEqual([1_000, 1_000]);
});
