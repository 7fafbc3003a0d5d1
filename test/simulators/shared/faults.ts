/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SeededRandom } from './random';

/**
 * Fault mode shared by both simulators: what a flaky network and an overloaded API do to a client.
 * Rates are probabilities per request; `throttleNext` answers the next N requests with 429 and
 * `failNext` the next N with `serverErrorStatus` (a 404 from a proxy or a wrong base URL, say);
 * `throttleForSeconds` answers every request with 429 for that long from when it is set (a storm).
 */
export interface FaultSettings {
	latencyMs: number;
	serverErrorRate: number;
	/** Status used for injected server errors (Klaviyo's edge also answers 502/503/504/524). */
	serverErrorStatus: number;
	throttleNext: number;
	/** Seconds from now during which every request gets 429; read back as the seconds left. */
	throttleForSeconds: number;
	failNext: number;
	/** Seconds announced in Retry-After on injected 429s. */
	throttleRetryAfterSeconds: number;
	dropConnectionRate: number;
}

export const NO_FAULTS: FaultSettings = {
	latencyMs: 0,
	serverErrorRate: 0,
	serverErrorStatus: 503,
	throttleNext: 0,
	throttleForSeconds: 0,
	failNext: 0,
	throttleRetryAfterSeconds: 1,
	dropConnectionRate: 0,
};

export type InjectedFault =
	| { kind: 'drop' }
	| { kind: 'serverError'; status: number }
	| { kind: 'throttle'; retryAfterSeconds: number };

export class FaultInjector {
	private settings: FaultSettings = { ...NO_FAULTS };
	/** When a storm set by `throttleForSeconds` ends (ms since the epoch). */
	private throttleUntil = 0;
	private random: SeededRandom;

	constructor(seed = 1) {
		this.random = new SeededRandom(seed);
	}

	get current(): FaultSettings {
		const left = Math.max(0, Math.ceil((this.throttleUntil - Date.now()) / 1000));
		return { ...this.settings, throttleForSeconds: left };
	}

	/** Merges a partial update; unknown keys and wrong types are refused so a typo cannot silently disable a fault. */
	configure(update: Record<string, unknown>): FaultSettings {
		const next = { ...this.settings };
		for (const [key, value] of Object.entries(update)) {
			if (!(key in NO_FAULTS)) throw new Error(`unknown fault setting "${key}"`);
			if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
				throw new Error(`fault setting "${key}" must be a non-negative number`);
			}
			(next as Record<string, number>)[key] = value;
		}
		for (const rate of ['serverErrorRate', 'dropConnectionRate'] as const) {
			if (next[rate] > 1)
				throw new Error(`fault setting "${rate}" is a probability between 0 and 1`);
		}
		if ('throttleForSeconds' in update)
			this.throttleUntil = Date.now() + next.throttleForSeconds * 1000;
		this.settings = next;
		return this.current;
	}

	reset(): void {
		this.settings = { ...NO_FAULTS };
		this.throttleUntil = 0;
	}

	/** Waits for the configured latency, then decides whether this request fails and how. */
	async before(): Promise<InjectedFault | undefined> {
		const s = this.settings;
		if (s.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, s.latencyMs));
		if (s.dropConnectionRate > 0 && this.random.chance(s.dropConnectionRate))
			return { kind: 'drop' };
		if (Date.now() < this.throttleUntil)
			return { kind: 'throttle', retryAfterSeconds: s.throttleRetryAfterSeconds };
		if (s.throttleNext > 0) {
			this.settings = { ...s, throttleNext: s.throttleNext - 1 };
			return { kind: 'throttle', retryAfterSeconds: s.throttleRetryAfterSeconds };
		}
		if (s.failNext > 0) {
			this.settings = { ...s, failNext: s.failNext - 1 };
			return { kind: 'serverError', status: s.serverErrorStatus };
		}
		if (s.serverErrorRate > 0 && this.random.chance(s.serverErrorRate)) {
			return { kind: 'serverError', status: s.serverErrorStatus };
		}
		return undefined;
	}
}

/** A dropped connection as a client sees it: the socket closes without any response. */
export function dropConnection(req: IncomingMessage, res: ServerResponse): void {
	req.socket.destroy();
	res.destroy();
}
