import type { RateLimit } from './contract';

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type RateDecision =
	| { allowed: true; steadyLimit: number; steadyRemaining: number; steadyResetSeconds: number }
	| { allowed: false; retryAfterSeconds: number };

interface Window {
	start: number;
	count: number;
}

/**
 * Klaviyo's limits: per account and endpoint, a burst window of one second and a steady window of one
 * minute, both fixed (docs/reference/klaviyo-api.md §4 "Rate limits"). `timeScale` shortens both windows so
 * tests and benchmarks can exercise the same limits faster (10 = windows of 100 ms and 6 s).
 */
export class RateLimiter {
	private windows = new Map<string, { burst: Window; steady: Window }>();

	constructor(
		private readonly clock: Clock = systemClock,
		public timeScale = 1,
		public enabled = true,
	) {}

	reset(): void {
		this.windows.clear();
	}

	take(bucket: string, limit: RateLimit): RateDecision {
		const now = this.clock.now();
		const burstMs = 1000 / this.timeScale;
		const steadyMs = 60_000 / this.timeScale;
		let state = this.windows.get(bucket);
		if (!state) {
			state = { burst: { start: now, count: 0 }, steady: { start: now, count: 0 } };
			this.windows.set(bucket, state);
		}
		rollWindow(state.burst, now, burstMs);
		rollWindow(state.steady, now, steadyMs);
		const steadyResetMs = state.steady.start + steadyMs - now;
		if (this.enabled) {
			if (state.steady.count >= limit.steadyPerMinute)
				return { allowed: false, retryAfterSeconds: wholeSeconds(steadyResetMs) };
			if (state.burst.count >= limit.burstPerSecond)
				return {
					allowed: false,
					retryAfterSeconds: wholeSeconds(state.burst.start + burstMs - now),
				};
		}
		state.burst.count++;
		state.steady.count++;
		return {
			allowed: true,
			steadyLimit: limit.steadyPerMinute,
			steadyRemaining: Math.max(0, limit.steadyPerMinute - state.steady.count),
			steadyResetSeconds: wholeSeconds(steadyResetMs),
		};
	}
}

/** Fixed windows start on multiples of their length after the first request, like a wall-clock bucket. */
function rollWindow(window: Window, now: number, length: number): void {
	if (now >= window.start + length) {
		window.start += Math.floor((now - window.start) / length) * length;
		window.count = 0;
	}
}

function wholeSeconds(ms: number): number {
	return Math.max(1, Math.ceil(ms / 1000));
}
