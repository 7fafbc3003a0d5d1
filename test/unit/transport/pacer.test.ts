import type { HttpRequest } from '../../../nodes/core/transport/http';
import {
	klaviyoEndpoint,
	klaviyoRequest,
	pacedForKlaviyo,
} from '../../../nodes/core/transport/klaviyo';
import {
	KLAVIYO_RATE_TIERS,
	newPacerState,
	Pacer,
	pacerDelayMs,
	Pacers,
	recordSend,
	type KlaviyoRateTierName,
} from '../../../nodes/core/transport/pacer';
import { FakeClock } from '../../support/fake-clock';
import { RateLimiter } from '../../simulators/klaviyo/rate-limits';
import { busiestWindow, FakeScheduler, json, sequentialSleep, T0 } from './fakes';

/** Sends `calls` requests back to back through one pacer; returns when each was let through. */
async function sendBackToBack(tierName: KlaviyoRateTierName, calls: number, marginMs?: number) {
	const clock = new FakeClock(T0);
	const { sleep, sleeps } = sequentialSleep(clock);
	const pacer = new Pacer(KLAVIYO_RATE_TIERS[tierName], clock, sleep, marginMs);
	const sentAt: number[] = [];
	for (let i = 0; i < calls; i++) {
		await pacer.waitForTurn();
		sentAt.push(clock.now());
	}
	return { sentAt, sleeps, pacer };
}

describe('Pacer keeps every window under the tier', () => {
	it.each(['XS', 'S', 'M', 'L', 'XL'] as const)(
		'tier %s over 2,000 back-to-back calls',
		async (tierName) => {
			const tier = KLAVIYO_RATE_TIERS[tierName];
			const { sentAt, pacer } = await sendBackToBack(tierName, 2_000);
			expect(sentAt).toHaveLength(2_000);
			expect(busiestWindow(sentAt, 1_000)).toBeLessThanOrEqual(tier.burstPerSecond);
			expect(busiestWindow(sentAt, 60_000)).toBeLessThanOrEqual(tier.steadyPerMinute);
			// And it does not crawl: the first minute uses the whole steady allowance …
			expect(busiestWindow(sentAt, 60_000 + 100)).toBe(Math.min(tier.steadyPerMinute, 2_000));
			// … and the whole run takes no longer than full windows back to back (windows widened by the 100 ms margin).
			const fullMinutes = Math.ceil(2_000 / tier.steadyPerMinute) - 1;
			const burstsInLastMinute =
				Math.ceil(Math.min(tier.steadyPerMinute, 2_000) / tier.burstPerSecond) - 1;
			expect(sentAt[sentAt.length - 1]! - sentAt[0]!).toBeLessThanOrEqual(
				fullMinutes * 60_100 + burstsInLastMinute * 1_100,
			);
			// The log stays bounded by what a window can count.
			expect(pacer.state.sentAt.length).toBeLessThanOrEqual(tier.steadyPerMinute);
		},
	);

	it.each(['S', 'L'] as const)(
		"is never throttled by the Klaviyo simulator's fixed-window limiter (tier %s)",
		async (tierName) => {
			const tier = KLAVIYO_RATE_TIERS[tierName];
			const { sentAt } = await sendBackToBack(tierName, 2_000);
			const serverClock = new FakeClock(T0 - 377); // the server's windows need not line up with ours
			const limiter = new RateLimiter(serverClock);
			const refused = sentAt.filter((at) => {
				serverClock.advance(at - serverClock.now());
				return !limiter.take('endpoint', tier).allowed;
			});
			expect(refused).toEqual([]);
		},
	);

	it('without a margin, still never exceeds either window', async () => {
		const { sentAt } = await sendBackToBack('M', 2_000, 0);
		expect(busiestWindow(sentAt, 1_000)).toBe(10);
		expect(busiestWindow(sentAt, 60_000)).toBe(150);
	});

	it('holds for 2,000 calls from 25 concurrent callers', async () => {
		const clock = new FakeClock(T0);
		const scheduler = new FakeScheduler(clock);
		const tier = KLAVIYO_RATE_TIERS.L;
		const pacer = new Pacer(tier, clock, scheduler.sleep);
		const sentAt: number[] = [];
		const caller = async () => {
			for (let i = 0; i < 80; i++) {
				await pacer.waitForTurn();
				sentAt.push(clock.now());
				// Some callers do a little work between requests.
				if (i % 7 === 0) await scheduler.sleep(37);
			}
		};
		await scheduler.run(Promise.all(Array.from({ length: 25 }, caller)));
		expect(sentAt).toHaveLength(2_000);
		const sorted = [...sentAt].sort((a, b) => a - b);
		expect(busiestWindow(sorted, 1_000)).toBeLessThanOrEqual(tier.burstPerSecond);
		expect(busiestWindow(sorted, 60_000)).toBeLessThanOrEqual(tier.steadyPerMinute);
	});

	it('does not wait at all while the load stays under both limits', async () => {
		const clock = new FakeClock(T0);
		const { sleep, sleeps } = sequentialSleep(clock);
		const pacer = new Pacer(KLAVIYO_RATE_TIERS.M, clock, sleep);
		// 2 per second and 120 per minute, under M's 10/s and 150/m.
		for (let i = 0; i < 600; i++) {
			expect(await pacer.waitForTurn()).toBe(0);
			clock.advance(500);
		}
		expect(sleeps).toEqual([]);
	});

	it('lets a burst through at once and makes only the next one wait', async () => {
		const { sentAt, sleeps } = await sendBackToBack('S', 4);
		expect(sentAt.slice(0, 3)).toEqual([T0, T0, T0]);
		expect(sentAt[3]).toBe(T0 + 1_100);
		expect(sleeps).toEqual([1_100]);
	});
});

describe('pacer state', () => {
	it('is plain data that survives a JSON round trip', () => {
		const tier = KLAVIYO_RATE_TIERS.XS;
		const state = newPacerState();
		recordSend(state, tier, T0);
		const copy = JSON.parse(JSON.stringify(state)) as typeof state;
		expect(pacerDelayMs(copy, tier, T0 + 200, 0)).toBe(800);
		expect(pacerDelayMs(copy, tier, T0 + 1_000, 0)).toBe(0);
	});
});

describe('Klaviyo endpoints and their buckets', () => {
	it('finds the tier of each endpoint the package uses (docs/reference/klaviyo-api.md §4)', () => {
		expect(klaviyoEndpoint('POST', 'https://a.klaviyo.com/api/events')).toEqual({
			key: 'POST /api/events',
			tier: KLAVIYO_RATE_TIERS.XL,
		});
		expect(klaviyoEndpoint('POST', 'https://a.klaviyo.com/api/event-bulk-create-jobs/').tier).toBe(
			KLAVIYO_RATE_TIERS.M,
		);
		expect(klaviyoEndpoint('PATCH', 'https://a.klaviyo.com/api/profiles/01HABC?x=1')).toEqual({
			key: 'PATCH /api/profiles/{id}',
			tier: KLAVIYO_RATE_TIERS.L,
		});
		expect(klaviyoEndpoint('GET', 'https://a.klaviyo.com/api/accounts').tier).toBe(
			KLAVIYO_RATE_TIERS.XS,
		);
		expect(klaviyoEndpoint('POST', 'https://a.klaviyo.com/api/metric-aggregates').tier).toBe(
			KLAVIYO_RATE_TIERS.S,
		);
		expect(klaviyoEndpoint('DELETE', 'https://a.klaviyo.com/api/something-new/1').tier).toBe(
			KLAVIYO_RATE_TIERS.XS,
		);
	});

	it('paces each endpoint in its own bucket', async () => {
		const clock = new FakeClock(T0);
		const { sleep, sleeps } = sequentialSleep(clock);
		const seen: [string, number][] = [];
		const send = pacedForKlaviyo(
			async (request: HttpRequest) => {
				seen.push([request.url, clock.now()]);
				return json(200, {});
			},
			new Pacers(clock, sleep),
		);
		const accounts = klaviyoRequest({ method: 'GET', path: '/api/accounts' });
		const events = klaviyoRequest({ method: 'POST', path: '/api/events', body: {} });
		await send(accounts);
		await send(events);
		await send(accounts); // XS: 1/s, waits
		await send(events); // XL: 350/s, no wait of its own
		expect(sleeps).toEqual([1_100]);
		expect(seen.map(([, at]) => at - T0)).toEqual([0, 0, 1_100, 1_100]);
	});
});
