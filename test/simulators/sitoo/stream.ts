/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { SeededRandom } from '../shared/random';
import { randomActivity } from './generator';
import { ReceiptFactory } from './receipts';
import type { Order } from './types';
import type { SitooWorld } from './world';

export interface StreamStatus {
	running: boolean;
	intervalMs: number | null;
	/** Orders created by the stream since it was last reset. */
	generated: number;
	lastOrderIds: number[];
}

/**
 * The live chain for the demo: every tick one thing happens at a till (a sale, a refund, an offline
 * receipt arriving, a parked order settling...). Its own seeded generator keeps history unchanged.
 */
export class LiveStream {
	private timer?: NodeJS.Timeout;
	private intervalMs: number | null = null;
	private rng: SeededRandom;
	private factory: ReceiptFactory;
	private generated = 0;
	private lastOrderIds: number[] = [];

	constructor(
		private readonly world: SitooWorld,
		private readonly seed: number,
		private readonly now: () => number,
	) {
		this.rng = new SeededRandom(seed);
		this.factory = new ReceiptFactory(world, this.rng);
	}

	/** Starts (or re-times) the stream: `ratePerMinute` orders a minute, or one every `intervalMs`. */
	start(options: { ratePerMinute?: number; intervalMs?: number } = {}): StreamStatus {
		const intervalMs = options.intervalMs ?? 60_000 / (options.ratePerMinute ?? 6);
		if (!Number.isFinite(intervalMs) || intervalMs < 10)
			throw new Error('rate too high: at most one order per 10 ms');
		this.stopTimer();
		this.intervalMs = intervalMs;
		this.timer = setInterval(() => this.tick(), intervalMs);
		// The demo's server keeps the process alive; the stream alone must not hold a test run open.
		this.timer.unref();
		return this.status();
	}

	stop(): StreamStatus {
		this.stopTimer();
		this.intervalMs = null;
		return this.status();
	}

	/** One activity now; also callable directly by tests that want no timers. */
	tick(): Order[] {
		const orders = randomActivity(this.world, this.factory, this.rng, this.now());
		this.generated += orders.length;
		this.lastOrderIds = orders.map((o) => o.orderid);
		return orders;
	}

	status(): StreamStatus {
		return {
			running: this.timer !== undefined,
			intervalMs: this.intervalMs,
			generated: this.generated,
			lastOrderIds: this.lastOrderIds,
		};
	}

	reset(): void {
		this.stop();
		this.rng = new SeededRandom(this.seed);
		this.factory = new ReceiptFactory(this.world, this.rng);
		this.generated = 0;
		this.lastOrderIds = [];
	}

	private stopTimer(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}
}
