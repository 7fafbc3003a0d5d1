import { addCommonAdminRoutes } from '../shared/admin';
import { FaultInjector } from '../shared/faults';
import { Router, SimulatorHttpServer, type RunningServer, type SimRequest } from '../shared/http';
import { KlaviyoContract } from './contract';
import { errorResponse, klaviyoError, throttled } from './errors';
import { addKlaviyoAdminRoutes } from './admin';
import { RateLimiter, systemClock, type Clock } from './rate-limits';
import { addKlaviyoRoutes } from './routes';
import { KlaviyoWorld } from './world';

export interface KlaviyoSimulatorOptions {
	/** The private key requests must present as `Authorization: Klaviyo-API-Key <key>`. */
	apiKey: string;
	accountId?: string;
	clock?: Clock;
	/** Delay before accepted (202) work becomes visible to reads. */
	processingDelayMs?: number;
	/** Divides Klaviyo's rate-limit windows (1 s burst, 60 s steady), so limits can be exercised quickly. */
	timeScale?: number;
	rateLimits?: boolean;
	/** Seed for the fault injector's dice. */
	seed?: number;
}

export interface KlaviyoSimulator {
	world: KlaviyoWorld;
	limiter: RateLimiter;
	faults: FaultInjector;
	http: SimulatorHttpServer;
	listen(port: number, host?: string): Promise<RunningServer>;
}

export function createKlaviyoSimulator(options: KlaviyoSimulatorOptions): KlaviyoSimulator {
	const clock = options.clock ?? systemClock;
	const world = new KlaviyoWorld(clock, options.processingDelayMs ?? 0);
	const limiter = new RateLimiter(clock, options.timeScale ?? 1, options.rateLimits ?? true);
	const faults = new FaultInjector(options.seed ?? 1);
	const api = new Router();
	const admin = new Router();
	addKlaviyoRoutes(api, new KlaviyoContract(), world, limiter, {
		apiKey: options.apiKey,
		accountId: options.accountId ?? 'SimAcct',
	});
	const http = new SimulatorHttpServer({
		api,
		admin,
		faults,
		faultResponse: (fault) =>
			fault.kind === 'throttle'
				? throttled(fault.retryAfterSeconds)
				: errorResponse([
						klaviyoError(fault.status, 'error', 'A server error occurred.', {
							title: 'Server error.',
						}),
					]),
		notFound: (req: SimRequest) =>
			errorResponse([klaviyoError(404, 'not_found', `No endpoint at ${req.path}.`)]),
		methodNotAllowed: (req: SimRequest) =>
			errorResponse([
				klaviyoError(405, 'method_not_allowed', `Method "${req.method}" not allowed.`),
			]),
	});
	addCommonAdminRoutes(
		admin,
		() => http,
		faults,
		() => {
			world.reset();
			limiter.reset();
		},
	);
	addKlaviyoAdminRoutes(admin, world, limiter);
	return { world, limiter, faults, http, listen: (port, host) => http.listen(port, host) };
}
