import { FaultInjector } from '../shared/faults';
import { SimulatorHttpServer, type RunningServer } from '../shared/http';
import { SeededRandom } from '../shared/random';
import { buildAdminRouter } from './admin';
import { callCrm, type CrmCallRequest, type CrmCallResult } from './crm';
import { generateWorld, type GeneratorConfig } from './generator';
import {
	DEFAULT_EVENTS_OPTIONS,
	deliverEvents,
	EventsSubscription,
	type DeliveryReport,
	type EventsOptions,
	type SpiTarget,
} from './push';
import { ReceiptFactory } from './receipts';
import { buildApiRouter, sitooError, type ApiConfig } from './routes';
import { LiveStream } from './stream';
import type { SpiEvent } from './types';
import { SitooWorld } from './world';

export interface SitooSimulatorOptions {
	accountId: string;
	/** REST API id, `{accountid}-{n}` in real accounts (docs/reference/sitoo-api.md §1). */
	apiId: string;
	password: string;
	seed?: number;
	stores?: number;
	customers?: number;
	historyOrders?: number;
	historyDays?: number;
	/** Clock in ms (default Date.now); the seeded history ends at its value when the simulator is made. */
	now?: () => number;
	maxPageSize?: number;
	rateLimitPerSecond?: number | null;
	/** Defaults for Events SPI pushes (retry ladder, status semantics, batch size). */
	events?: Partial<Omit<EventsOptions, 'retry'>> & { retry?: Partial<EventsOptions['retry']> };
}

export type { RunningServer } from '../shared/http';
export type { Order, User, Store, Warehouse, SpiEvent, OrderKind } from './types';
export { SitooWorld } from './world';
export { formatMoney, parseMoney } from './money';

/**
 * A local Sitoo account: the REST API under `/v2/accounts/{accountId}`, admin routes under
 * `/__admin/`, a live order stream and the POS-side pushes (Events SPI, CRM SPI v2).
 */
export class SitooSimulator {
	readonly world: SitooWorld;
	readonly stream: LiveStream;
	readonly faults: FaultInjector;
	readonly http: SimulatorHttpServer;
	readonly api: ApiConfig;
	readonly eventsDefaults: EventsOptions;
	/** Factory for admin-created orders; the stream has its own so the two don't shift each other. */
	factory: ReceiptFactory;
	readonly now: () => number;
	private readonly generator: GeneratorConfig;
	private subscription?: { sub: EventsSubscription; unlisten: () => void };
	private pushRandom: SeededRandom;

	constructor(options: SitooSimulatorOptions) {
		if (!/^\d+$/.test(options.accountId))
			throw new Error('accountId is numeric in Sitoo (docs/reference/sitoo-api.md §1)');
		this.now = options.now ?? Date.now;
		const seed = options.seed ?? 1;
		this.generator = {
			accountId: options.accountId,
			seed,
			stores: options.stores ?? 4,
			customers: options.customers ?? 60,
			historyOrders: options.historyOrders ?? 300,
			historyDays: options.historyDays ?? 30,
			anchorMs: this.now(),
		};
		this.world = generateWorld(this.generator);
		this.stream = new LiveStream(this.world, seed + 1, this.now);
		this.factory = new ReceiptFactory(this.world, new SeededRandom(seed + 2));
		this.pushRandom = new SeededRandom(seed + 3);
		this.faults = new FaultInjector(seed + 4);
		this.api = {
			accountId: options.accountId,
			apiId: options.apiId,
			password: options.password,
			maxPageSize: options.maxPageSize ?? 5000,
			rateLimitPerSecond: options.rateLimitPerSecond ?? null,
		};
		const ev = options.events ?? {};
		this.eventsDefaults = {
			...DEFAULT_EVENTS_OPTIONS,
			...ev,
			retry: { ...DEFAULT_EVENTS_OPTIONS.retry, ...ev.retry },
		};
		this.http = new SimulatorHttpServer({
			api: buildApiRouter(
				() => this.world,
				() => this.api,
			),
			admin: buildAdminRouter(this),
			faults: this.faults,
			faultResponse: (fault) =>
				fault.kind === 'throttle'
					? sitooError(429, undefined, { 'retry-after': String(fault.retryAfterSeconds) })
					: sitooError(fault.status),
			notFound: () => sitooError(404),
			// The real API also writes (POST/PUT orders, users); the simulator is read-only.
			methodNotAllowed: (req) =>
				sitooError(405, `${req.method} is not supported by the simulator here`),
		});
	}

	listen(port: number, host?: string): Promise<RunningServer> {
		return this.http.listen(port, host);
	}

	/** Back to the seeded state: history regenerated, stream stopped, subscription removed. */
	reset(): void {
		this.stream.reset();
		this.unsubscribe();
		this.world.adopt(generateWorld(this.generator));
		this.factory = new ReceiptFactory(this.world, new SeededRandom(this.generator.seed + 2));
		this.pushRandom = new SeededRandom(this.generator.seed + 3);
	}

	eventsOptions(
		overrides: Partial<Omit<EventsOptions, 'retry'>> & {
			retry?: Partial<EventsOptions['retry']>;
		} = {},
	): EventsOptions {
		return {
			...this.eventsDefaults,
			...overrides,
			retry: { ...this.eventsDefaults.retry, ...overrides.retry },
		};
	}

	/** Events for the given orders (all logged events when none are named), oldest first. */
	eventsFor(orderIds?: number[]): SpiEvent[] {
		const events = this.world.state.events;
		return orderIds ? events.filter((e) => orderIds.includes(e.data.order_id)) : [...events];
	}

	/** One-off push of events to a receiver, resolved when every batch is delivered or dropped. */
	deliver(
		target: SpiTarget,
		events: SpiEvent[],
		options: EventsOptions = this.eventsDefaults,
	): Promise<DeliveryReport> {
		return deliverEvents(target, events, options, this.pushRandom);
	}

	/** Every order event from now on (stream, admin orders, closes, cancels) is pushed to `target`. */
	subscribe(target: SpiTarget, options: EventsOptions = this.eventsDefaults): EventsSubscription {
		this.unsubscribe();
		const sub = new EventsSubscription(target, options, this.pushRandom.int(0, 2 ** 31));
		const unlisten = this.world.onEvents((events) => sub.enqueue(events));
		this.subscription = { sub, unlisten };
		return sub;
	}

	get currentSubscription(): EventsSubscription | undefined {
		return this.subscription?.sub;
	}

	unsubscribe(): void {
		if (!this.subscription) return;
		this.subscription.unlisten();
		this.subscription.sub.stop();
		this.subscription = undefined;
	}

	callCrm(request: CrmCallRequest): Promise<CrmCallResult> {
		return callCrm(request);
	}

	/** Stops timers and pushes (the HTTP server is closed through its RunningServer). */
	shutdown(): void {
		this.stream.stop();
		this.unsubscribe();
	}
}

export function createSitooSimulator(options: SitooSimulatorOptions): SitooSimulator {
	return new SitooSimulator(options);
}
