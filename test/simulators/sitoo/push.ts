/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { SeededRandom } from '../shared/random';
import type { SpiEvent } from './types';

/** Where Sitoo sends, with the Basic credentials the receiver chose (docs/reference/sitoo-spi.md §2 "Own credentials"). */
export interface SpiTarget {
	url: string;
	username?: string;
	password?: string;
}

/**
 * Sitoo retries a batch ~10 times in the first hour, then hourly for ~24 h (docs/reference/sitoo-spi.md §5.4);
 * the ladder is compressed here (delays double from `initialDelayMs` up to `maxDelayMs`).
 */
export interface RetryPolicy {
	initialDelayMs: number;
	maxDelayMs: number;
	/** Attempts per batch before it is dropped (first try included); Sitoo makes "30+" in 24 h. */
	maxAttempts: number;
	/** Sitoo waits 15 s for the answer, then re-queues the batch (§5.3). */
	timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	initialDelayMs: 1000,
	maxDelayMs: 60_000,
	maxAttempts: 34,
	timeoutMs: 15_000,
};

/**
 * Two revisions of the Events overview disagree (docs/reference/sitoo-spi.md §0 S7): S7a drops on 200 or any 4xx
 * but 429 and retries everything else; S7b (newer, the default) retries only 429/503/504 and drops
 * on any other code. Network errors and timeouts are retried in both.
 */
export type StatusSemantics = 's7a' | 's7b';

export interface EventsOptions {
	retry: RetryPolicy;
	semantics: StatusSemantics;
	/** Events per POST, at most 10 (§5.2). */
	batchSize: number;
	/** Chance that a delivered batch is sent once more (duplicates happen, §5.5). */
	duplicateRate: number;
	/** Whether `/events` is appended to the URL (§5.1: not documented which; default yes). */
	appendEventsPath: boolean;
}

export const DEFAULT_EVENTS_OPTIONS: EventsOptions = {
	retry: DEFAULT_RETRY,
	semantics: 's7b',
	batchSize: 10,
	duplicateRate: 0,
	appendEventsPath: true,
};

export interface DeliveryAttempt {
	batch: number;
	attempt: number;
	eventIds: string[];
	status: number | null;
	body: string;
	error?: string;
	outcome: 'delivered' | 'retry' | 'dropped';
	duplicate: boolean;
	at: number;
	durationMs: number;
}

export interface DeliveryReport {
	url: string;
	events: number;
	batches: number;
	delivered: string[];
	dropped: string[];
	attempts: DeliveryAttempt[];
}

export function basicAuth(
	username: string | undefined,
	password: string | undefined,
): Record<string, string> {
	if (username === undefined && password === undefined) return {};
	return {
		authorization: `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`,
	};
}

function eventsUrl(target: SpiTarget, options: EventsOptions): string {
	return options.appendEventsPath ? `${target.url.replace(/\/+$/, '')}/events` : target.url;
}

function isDone(status: number, semantics: StatusSemantics): 'delivered' | 'retry' | 'dropped' {
	if (status === 200) return 'delivered';
	if (semantics === 's7a')
		return status >= 400 && status < 500 && status !== 429 ? 'dropped' : 'retry';
	return status === 429 || status === 503 || status === 504 ? 'retry' : 'dropped';
}

/** Sleeps unless aborted; resolves false when aborted so a stopped delivery ends quickly. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve(false);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

async function post(
	url: string,
	target: SpiTarget,
	events: SpiEvent[],
	timeoutMs: number,
	signal?: AbortSignal,
) {
	const started = Date.now();
	const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				...basicAuth(target.username, target.password),
			},
			body: JSON.stringify(events),
			signal: AbortSignal.any(signals),
		});
		return {
			status: response.status as number | null,
			body: await response.text(),
			durationMs: Date.now() - started,
		};
	} catch (error) {
		const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { status: null, body: '', error: message, durationMs: Date.now() - started };
	}
}

/**
 * Delivers events like Sitoo does: chronological batches of at most 10, one batch in flight, each
 * retried with backoff until it is accepted (200) or dropped; a blocked batch holds back the rest.
 */
export async function deliverEvents(
	target: SpiTarget,
	events: SpiEvent[],
	options: EventsOptions,
	random: SeededRandom,
	signal?: AbortSignal,
	onAttempt?: (attempt: DeliveryAttempt) => void,
): Promise<DeliveryReport> {
	const url = eventsUrl(target, options);
	const size = Math.min(10, Math.max(1, Math.floor(options.batchSize)));
	const sorted = [...events].sort((a, b) => a.event_date - b.event_date);
	const report: DeliveryReport = {
		url,
		events: sorted.length,
		batches: 0,
		delivered: [],
		dropped: [],
		attempts: [],
	};
	for (let offset = 0, batch = 0; offset < sorted.length; offset += size, batch++) {
		const chunk = sorted.slice(offset, offset + size);
		const ids = chunk.map((e) => e.event_id);
		report.batches++;
		let outcome: DeliveryAttempt['outcome'] = 'retry';
		for (let attempt = 1; outcome === 'retry'; attempt++) {
			if (signal?.aborted) break;
			const result = await post(url, target, chunk, options.retry.timeoutMs, signal);
			outcome = result.status === null ? 'retry' : isDone(result.status, options.semantics);
			if (outcome === 'retry' && attempt >= options.retry.maxAttempts) outcome = 'dropped';
			const record: DeliveryAttempt = {
				batch,
				attempt,
				eventIds: ids,
				...result,
				outcome,
				duplicate: false,
				at: Date.now(),
			};
			report.attempts.push(record);
			onAttempt?.(record);
			if (outcome === 'retry') {
				const delay = Math.min(
					options.retry.maxDelayMs,
					options.retry.initialDelayMs * 2 ** (attempt - 1),
				);
				if (!(await sleep(delay, signal))) break;
			}
		}
		if (outcome === 'delivered') {
			report.delivered.push(...ids);
			if (options.duplicateRate > 0 && random.chance(options.duplicateRate)) {
				const again = await post(url, target, chunk, options.retry.timeoutMs, signal);
				const record: DeliveryAttempt = {
					batch,
					attempt: 0,
					eventIds: ids,
					...again,
					outcome: 'delivered',
					duplicate: true,
					at: Date.now(),
				};
				report.attempts.push(record);
				onAttempt?.(record);
			}
		} else {
			report.dropped.push(...ids);
		}
	}
	return report;
}

/**
 * A standing Events SPI registration: every new order event is queued and delivered in order.
 * While a batch is being retried the queue waits behind it, as Sitoo's does (§5.2).
 */
export class EventsSubscription {
	private queue: SpiEvent[] = [];
	private running?: Promise<void>;
	private readonly abort = new AbortController();
	private readonly random: SeededRandom;
	readonly log: DeliveryAttempt[] = [];
	readonly stats = { queued: 0, delivered: 0, dropped: 0 };

	constructor(
		readonly target: SpiTarget,
		readonly options: EventsOptions,
		seed: number,
	) {
		this.random = new SeededRandom(seed);
	}

	enqueue(events: SpiEvent[]): void {
		if (this.abort.signal.aborted) return;
		this.queue.push(...events);
		this.stats.queued += events.length;
		this.running ??= this.drain().finally(() => {
			this.running = undefined;
			if (this.queue.length > 0 && !this.abort.signal.aborted) this.enqueue([]);
		});
	}

	get pending(): number {
		return this.queue.length;
	}

	/** Resolves once everything queued so far has been delivered or dropped. */
	async whenIdle(): Promise<void> {
		while (this.running) await this.running;
	}

	stop(): void {
		this.abort.abort();
		this.queue = [];
	}

	describe() {
		return {
			url: this.target.url,
			username: this.target.username ?? null,
			options: this.options,
			pending: this.pending,
			inFlight: this.running !== undefined,
			stats: this.stats,
			log: this.log.slice(-200),
		};
	}

	private async drain(): Promise<void> {
		while (this.queue.length > 0 && !this.abort.signal.aborted) {
			// Whatever has piled up goes out together, up to the batch size.
			const chunk = this.queue.slice(0, Math.min(10, this.options.batchSize));
			const report = await deliverEvents(
				this.target,
				chunk,
				this.options,
				this.random,
				this.abort.signal,
				(a) => {
					this.log.push(a);
					if (this.log.length > 1000) this.log.splice(0, this.log.length - 1000);
				},
			);
			this.queue.splice(0, chunk.length);
			this.stats.delivered += report.delivered.length;
			this.stats.dropped += report.dropped.length;
		}
	}
}
