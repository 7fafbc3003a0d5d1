/**
 * Paces requests to Klaviyo's published limits so sustained load stays under them instead of
 * discovering them through 429s (docs/design.md invariant 8). Klaviyo counts per account and endpoint in
 * fixed windows of one second (burst) and one minute (steady) (docs/reference/klaviyo-api.md §4 "Rate limits").
 *
 * We keep a sliding log of our own send times and allow a send at `t` only when fewer than `burst`
 * sends fall in (t − 1 s, t] and fewer than `steady` in (t − 60 s, t]. Then no interval of one second,
 * wherever it starts, holds more than `burst` sends: if [a, a + 1 s) held burst + 1, the last of them
 * at t would have seen `burst` earlier ones in [a, t) ⊂ (t − 1 s, t] and waited. The same holds for
 * one minute and `steady`, so every fixed window Klaviyo might use is covered too.
 *
 * The state is a plain array of numbers, made per execution: no timers, no module memory (docs/design.md
 * "Scaling past one machine"). It cannot see other executions sharing the account's quota; the
 * retry policy remains the backstop for that.
 */
import type { Clock, HttpRequest, SendRequest, Sleep } from './http';

export interface RateTier {
	burstPerSecond: number;
	steadyPerMinute: number;
}

/** Klaviyo's tiers as the 2026-07-15 spec states them (`x-klaviyo-ratelimit`; §4 table; L is 750/m there). */
export const KLAVIYO_RATE_TIERS = {
	XS: { burstPerSecond: 1, steadyPerMinute: 15 },
	S: { burstPerSecond: 3, steadyPerMinute: 60 },
	M: { burstPerSecond: 10, steadyPerMinute: 150 },
	L: { burstPerSecond: 75, steadyPerMinute: 750 },
	XL: { burstPerSecond: 350, steadyPerMinute: 3500 },
} as const satisfies Record<string, RateTier>;

export type KlaviyoRateTierName = keyof typeof KLAVIYO_RATE_TIERS;

const BURST_WINDOW_MS = 1_000;
const STEADY_WINDOW_MS = 60_000;

/**
 * Both windows are widened by this much: Klaviyo counts arrivals, and two requests sent exactly one
 * second apart can arrive closer together when the first one is slowed down on the way.
 */
export const DEFAULT_PACER_MARGIN_MS = 100;

/** Send times (ms, ascending) within the last steady window; at most `steadyPerMinute` of them. */
export interface PacerState {
	sentAt: number[];
}

export function newPacerState(): PacerState {
	return { sentAt: [] };
}

/** How long from `now` until one more send keeps both windows within the tier (0 = go now). */
export function pacerDelayMs(
	state: PacerState,
	tier: RateTier,
	now: number,
	marginMs = DEFAULT_PACER_MARGIN_MS,
): number {
	const sent = state.sentAt;
	let readyAt = now;
	// With n ≥ limit sends logged, the limit-th most recent must have left the window first.
	if (sent.length >= tier.burstPerSecond)
		readyAt = Math.max(
			readyAt,
			sent[sent.length - tier.burstPerSecond]! + BURST_WINDOW_MS + marginMs,
		);
	if (sent.length >= tier.steadyPerMinute)
		readyAt = Math.max(
			readyAt,
			sent[sent.length - tier.steadyPerMinute]! + STEADY_WINDOW_MS + marginMs,
		);
	return readyAt - now;
}

/** Logs a send at `now` and forgets sends no window can count any more. */
export function recordSend(
	state: PacerState,
	tier: RateTier,
	now: number,
	marginMs = DEFAULT_PACER_MARGIN_MS,
): void {
	state.sentAt.push(now);
	const keep = Math.max(tier.steadyPerMinute, tier.burstPerSecond);
	let drop = Math.max(0, state.sentAt.length - keep);
	while (drop < state.sentAt.length && state.sentAt[drop]! <= now - STEADY_WINDOW_MS - marginMs)
		drop++;
	if (drop > 0) state.sentAt.splice(0, drop);
}

/** One endpoint's pacer for one execution. */
export class Pacer {
	readonly state: PacerState = newPacerState();

	constructor(
		readonly tier: RateTier,
		private readonly clock: Clock,
		private readonly sleep: Sleep,
		private readonly marginMs = DEFAULT_PACER_MARGIN_MS,
	) {}

	/**
	 * Waits until a send is allowed, then counts it. Checking and counting happen without an await in
	 * between, so concurrent callers cannot both take the last slot. Returns the time waited (ms).
	 */
	async waitForTurn(): Promise<number> {
		const started = this.clock.now();
		for (;;) {
			const now = this.clock.now();
			const delay = pacerDelayMs(this.state, this.tier, now, this.marginMs);
			if (delay <= 0) {
				recordSend(this.state, this.tier, now, this.marginMs);
				return now - started;
			}
			await this.sleep(delay);
		}
	}
}

/** Pacers by key (Klaviyo counts per endpoint), made fresh for each execution. */
export class Pacers {
	private readonly byKey = new Map<string, Pacer>();

	constructor(
		private readonly clock: Clock,
		private readonly sleep: Sleep,
		private readonly marginMs = DEFAULT_PACER_MARGIN_MS,
	) {}

	for(key: string, tier: RateTier): Pacer {
		let pacer = this.byKey.get(key);
		if (!pacer) {
			pacer = new Pacer(tier, this.clock, this.sleep, this.marginMs);
			this.byKey.set(key, pacer);
		}
		return pacer;
	}
}

/** `send` that first waits for the pacer chosen for each request. Put retries outside, so each attempt is paced. */
export function paced(send: SendRequest, pacerFor: (request: HttpRequest) => Pacer): SendRequest {
	return async (request) => {
		await pacerFor(request).waitForTurn();
		return send(request);
	};
}
