import { FakeClock } from '../../../support/fake-clock';
import { RateLimiter } from '../rate-limits';

describe('RateLimiter (fixed windows per endpoint)', () => {
	const tier = { burstPerSecond: 3, steadyPerMinute: 5 };

	it('allows the burst, then throttles until the one-second window ends', () => {
		const clock = new FakeClock(0);
		const limiter = new RateLimiter(clock);
		expect([1, 2, 3].map(() => limiter.take('op', tier).allowed)).toEqual([true, true, true]);
		expect(limiter.take('op', tier)).toEqual({ allowed: false, retryAfterSeconds: 1 });
		clock.advance(1000);
		expect(limiter.take('op', tier).allowed).toBe(true);
	});

	it('enforces the steady per-minute window across bursts and says when it frees up', () => {
		const clock = new FakeClock(0);
		const limiter = new RateLimiter(clock);
		for (let i = 0; i < 5; i++) {
			expect(limiter.take('op', tier).allowed).toBe(true);
			clock.advance(1000);
		}
		expect(limiter.take('op', tier)).toEqual({ allowed: false, retryAfterSeconds: 55 });
		clock.advance(55_000);
		expect(limiter.take('op', tier).allowed).toBe(true);
	});

	it('keeps separate quotas per endpoint', () => {
		const limiter = new RateLimiter(new FakeClock(0));
		for (let i = 0; i < 3; i++) limiter.take('a', tier);
		expect(limiter.take('a', tier).allowed).toBe(false);
		expect(limiter.take('b', tier).allowed).toBe(true);
	});

	it('reports the remaining steady quota like the RateLimit-* headers', () => {
		const limiter = new RateLimiter(new FakeClock(0));
		expect(limiter.take('op', tier)).toEqual({
			allowed: true,
			steadyLimit: 5,
			steadyRemaining: 4,
			steadyResetSeconds: 60,
		});
	});

	it('shortens both windows with the time scale', () => {
		const clock = new FakeClock(0);
		const limiter = new RateLimiter(clock, 10);
		for (let i = 0; i < 3; i++) limiter.take('op', tier);
		expect(limiter.take('op', tier).allowed).toBe(false);
		clock.advance(100);
		expect(limiter.take('op', tier).allowed).toBe(true);
		limiter.take('op', tier);
		clock.advance(100);
		expect(limiter.take('op', tier).allowed).toBe(false); // 5 in the 6-second steady window
		clock.advance(6000);
		expect(limiter.take('op', tier).allowed).toBe(true);
	});
});
