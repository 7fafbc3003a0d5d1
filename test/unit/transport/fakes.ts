/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/** Fakes for the transport tests: scripted sends, and sleeps that move a fake clock instead of waiting. */
import type { HttpRequest, HttpResponse, SendRequest } from '../../../nodes/core/transport/http';
import { FakeClock } from '../../support/fake-clock';

export const T0 = Date.UTC(2026, 2, 14, 9, 30, 0);

/** Sleep for one caller at a time: advances the clock by the time asked and records it. */
export function sequentialSleep(clock: FakeClock): {
	sleep: (ms: number) => Promise<void>;
	sleeps: number[];
} {
	const sleeps: number[] = [];
	return {
		sleeps,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			clock.advance(ms);
		},
	};
}

/**
 * Sleep for many concurrent callers: each sleep is a timer; `run` advances the clock to the earliest
 * timer and wakes it, until the work is done. Deterministic, with no real waiting.
 */
export class FakeScheduler {
	private timers: { at: number; seq: number; wake: () => void }[] = [];
	private seq = 0;

	constructor(readonly clock: FakeClock) {}

	readonly sleep = (ms: number): Promise<void> =>
		new Promise((wake) => {
			this.timers.push({ at: this.clock.now() + Math.max(0, ms), seq: this.seq++, wake });
		});

	async run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		const settled = work.finally(() => {
			done = true;
		});
		settled.catch(() => undefined);
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			if (done) return settled;
			if (this.timers.length === 0)
				throw new Error('Deadlock: work is pending but nobody is sleeping.');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			if (next.at > this.clock.now()) this.clock.advance(next.at - this.clock.now());
			next.wake();
		}
	}
}

export type Answer = HttpResponse | Error;

/** A send that answers from a script, in order, and keeps the requests it got. */
export function scriptedSend(answers: Answer[]): SendRequest & { requests: HttpRequest[] } {
	const requests: HttpRequest[] = [];
	const send = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		const answer = answers.shift();
		if (answer === undefined)
			throw new Error(`No scripted answer left for request ${requests.length}`);
		if (answer instanceof Error) throw answer;
		return answer;
	};
	return Object.assign(send, { requests });
}

export function json(
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): HttpResponse {
	return { status, headers: { 'content-type': 'application/vnd.api+json', ...headers }, body };
}

export function klaviyoErrorBody(
	status: number,
	code: string,
	detail: string,
	source?: { pointer?: string; parameter?: string },
	meta: Record<string, unknown> = {},
) {
	return { errors: [{ id: 'e1', status, code, title: 'Error.', detail, source, links: {}, meta }] };
}

export function networkError(code: string, message = 'socket hang up'): Error {
	return Object.assign(new Error(message), { code });
}

/** Largest number of `times` (ascending) inside any half-open window [t, t + width). */
export function busiestWindow(times: readonly number[], width: number): number {
	let most = 0;
	let left = 0;
	for (let right = 0; right < times.length; right++) {
		while (times[right]! - times[left]! >= width) left++;
		most = Math.max(most, right - left + 1);
	}
	return most;
}
