/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code: runs in Node, never inside n8n */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropConnection, FaultInjector, type InjectedFault } from './faults';

export interface SimRequest {
	method: string;
	/** Path without the query string, percent-decoding left to the handlers. */
	path: string;
	url: URL;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	params: Record<string, string>;
	body: Buffer;
}

export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** Serialised as JSON unless it is a string (then sent as is). */
	body?: unknown;
	contentType?: string;
}

export type Handler = (req: SimRequest) => Promise<SimResponse> | SimResponse;

interface Route {
	method: string;
	segments: string[];
	handler: Handler;
}

/** Method + path-pattern routing (`/api/profiles/:id`); enough for two simulators, no framework needed. */
export class Router {
	private routes: Route[] = [];

	add(method: string, pattern: string, handler: Handler): this {
		this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
		return this;
	}

	match(
		method: string,
		path: string,
	): { handler: Handler; params: Record<string, string> } | 'method-not-allowed' | undefined {
		const parts = path.split('/').filter(Boolean);
		let pathMatched = false;
		for (const route of this.routes) {
			const params = matchSegments(route.segments, parts);
			if (!params) continue;
			pathMatched = true;
			if (route.method === method) return { handler: route.handler, params };
		}
		return pathMatched ? 'method-not-allowed' : undefined;
	}
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
	if (pattern.length !== parts.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const expected = pattern[i];
		if (expected.startsWith(':')) params[expected.slice(1)] = decodeURIComponent(parts[i]);
		else if (expected !== parts[i]) return undefined;
	}
	return params;
}

export interface TrafficCounters {
	requests: number;
	byRoute: Record<string, number>;
	byStatus: Record<string, number>;
	/** Answers per route and status, e.g. how many `POST /api/events` were answered 429. */
	byRouteStatus: Record<string, Record<string, number>>;
	injected: { dropped: number; serverErrors: number; throttled: number };
}

export function emptyCounters(): TrafficCounters {
	return {
		requests: 0,
		byRoute: {},
		byStatus: {},
		byRouteStatus: {},
		injected: { dropped: 0, serverErrors: 0, throttled: 0 },
	};
}

export interface SimulatorHooks {
	api: Router;
	admin: Router;
	faults: FaultInjector;
	/** How this API words an injected fault (each API has its own error envelope). */
	faultResponse(fault: Exclude<InjectedFault, { kind: 'drop' }>): SimResponse;
	notFound(req: SimRequest): SimResponse;
	methodNotAllowed(req: SimRequest): SimResponse;
}

export interface RunningServer {
	url: string;
	port: number;
	close(): Promise<void>;
}

/**
 * Serves API routes behind the fault injector, and `/__admin/` routes (read-back and control) without it,
 * so tests can always inspect and steer a simulator however broken it is told to be.
 */
export class SimulatorHttpServer {
	readonly counters: TrafficCounters = emptyCounters();
	constructor(private readonly hooks: SimulatorHooks) {}

	resetCounters(): void {
		Object.assign(this.counters, emptyCounters());
	}

	async listen(port: number, host = '127.0.0.1'): Promise<RunningServer> {
		const server = createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(`simulator bug: ${error instanceof Error ? error.stack : String(error)}`);
				}
			});
		});
		// Idle keep-alive sockets must not hold a test process open.
		server.keepAliveTimeout = 1000;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => resolve());
		});
		const address = server.address() as AddressInfo;
		return {
			url: `http://${host}:${address.port}`,
			port: address.port,
			close: () =>
				new Promise<void>((resolve) => {
					server.closeAllConnections();
					server.close(() => resolve());
				}),
		};
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://simulator');
		const isAdmin = url.pathname === '/__admin' || url.pathname.startsWith('/__admin/');
		const body = await readBody(req);
		if (body === undefined) {
			dropConnection(req, res);
			return;
		}
		const simReq: SimRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			url,
			query: url.searchParams,
			headers: req.headers,
			params: {},
			body,
		};

		if (isAdmin) {
			send(res, await this.route(this.hooks.admin, simReq));
			return;
		}

		this.counters.requests++;
		const fault = await this.hooks.faults.before();
		if (fault?.kind === 'drop') {
			this.counters.injected.dropped++;
			dropConnection(req, res);
			return;
		}
		let response: SimResponse;
		if (fault) {
			if (fault.kind === 'throttle') this.counters.injected.throttled++;
			else this.counters.injected.serverErrors++;
			response = this.hooks.faultResponse(fault);
		} else {
			response = await this.route(this.hooks.api, simReq);
		}
		this.counters.byStatus[response.status] = (this.counters.byStatus[response.status] ?? 0) + 1;
		send(res, response);
	}

	private async route(router: Router, req: SimRequest): Promise<SimResponse> {
		const match = router.match(req.method, req.path);
		if (match === undefined) return this.hooks.notFound(req);
		if (match === 'method-not-allowed') return this.hooks.methodNotAllowed(req);
		req.params = match.params;
		if (router !== this.hooks.api) return match.handler(req);
		const key = `${req.method} ${req.path}`;
		this.counters.byRoute[key] = (this.counters.byRoute[key] ?? 0) + 1;
		const response = await match.handler(req);
		const statuses = (this.counters.byRouteStatus[key] ??= {});
		statuses[response.status] = (statuses[response.status] ?? 0) + 1;
		return response;
	}
}

/** Far above any API's own payload limit, which the handlers enforce with the API's own error. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size > MAX_READ_BYTES) return undefined;
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: SimResponse): void {
	const isText = typeof response.body === 'string';
	const payload =
		response.body === undefined
			? ''
			: isText
				? (response.body as string)
				: JSON.stringify(response.body);
	const headers: Record<string, string> = { ...response.headers };
	if (payload !== '')
		headers['content-type'] =
			response.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json');
	headers['content-length'] = String(Buffer.byteLength(payload));
	res.writeHead(response.status, headers);
	res.end(payload);
}

/** Parses a JSON body; `undefined` when empty, an Error when malformed (handlers word it in their API's style). */
export function parseJsonBody(body: Buffer): unknown {
	if (body.length === 0) return undefined;
	try {
		return JSON.parse(body.toString('utf8'));
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
	return { status, body, headers };
}
