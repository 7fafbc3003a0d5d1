/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/**
 * Waiting in end-to-end tests: on something the test can observe (an n8n execution, a simulator's
 * state), not for a fixed time. `sleep` is only for the few places where time passing is the point.
 */

export interface WaitOptions {
	/** Default 90 s. */
	timeoutMs?: number;
	/** Pause between reads; default 500 ms. */
	intervalMs?: number;
	/** Added to the timeout message, e.g. the tail of a process's output. */
	detail?: () => string;
	/** Return the last value read instead of throwing, where the caller's own assertions say more. */
	returnLastOnTimeout?: boolean;
}

/**
 * Reads until `done(value)` holds and returns that value. On timeout it throws, naming `what` and
 * the last value read. An error thrown by `read` ends the wait at once. A number is `timeoutMs`.
 */
export async function waitFor<T>(
	what: string,
	read: () => T | Promise<T>,
	done: (value: T) => boolean,
	options: WaitOptions | number = {},
): Promise<T> {
	const {
		timeoutMs = 90_000,
		intervalMs = 500,
		detail,
		returnLastOnTimeout = false,
	} = typeof options === 'number' ? { timeoutMs: options } : options;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) {
			if (returnLastOnTimeout) return value;
			throw new Error(
				`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describe(value)}${detail ? `\n${detail()}` : ''}`,
			);
		}
		await sleep(intervalMs);
	}
}

/** `promise`'s value, or `'timeout'` if it has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** A real delay. Say at the call why time has to pass; to wait for something, use `waitFor`. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(value: unknown): string {
	if (value instanceof Response) return `HTTP ${value.status}`;
	return (JSON.stringify(value) ?? String(value)).slice(0, 2000);
}
