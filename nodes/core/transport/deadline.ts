/**
 * A moment no request, retry or wait may go past: for an answer someone is waiting on (Sitoo's
 * batch budget, a till's 10 s). Each request gets the time that is left as its timeout, and a wait
 * that would end past the moment is not slept through: `outOfTime` is thrown at once instead.
 */
import type { Clock, Sleep } from './http';

export interface Deadline {
	/** The time left for a request; throws `outOfTime()` when there is none. */
	timeLeft(): number;
	/** Sleeps, or throws `outOfTime()` at once when the wait would end past the deadline. */
	wait: Sleep;
}

export function deadlineAt(
	at: number,
	options: { sleep: Sleep; clock: Clock; outOfTime: () => Error },
): Deadline {
	const { sleep, clock, outOfTime } = options;
	return {
		timeLeft: () => {
			const left = at - clock.now();
			if (left <= 0) throw outOfTime();
			return left;
		},
		wait: async (ms) => {
			if (clock.now() + ms >= at) throw outOfTime();
			await sleep(ms);
		},
	};
}
