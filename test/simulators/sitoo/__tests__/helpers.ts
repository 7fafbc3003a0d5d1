/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	createSitooSimulator,
	type RunningServer,
	type SitooSimulator,
	type SitooSimulatorOptions,
} from '../index';

export const ACCOUNT = '1500';
export const API_ID = '1500-140';
export const PASSWORD = 'buNxoOx2o5kM2JMc3VhBX20k4Gik4qKXyKfg332A';
/** A fixed clock so seeded data is comparable between runs. */
export const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);

/** A reply or request body: parsed JSON, which the assertions read into freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Json = any;

export const AUTH = `Basic ${Buffer.from(`${API_ID}:${PASSWORD}`).toString('base64')}`;

export interface Started {
	sim: SitooSimulator;
	server: RunningServer;
	base: string;
	get(
		path: string,
		init?: { auth?: string | null },
	): Promise<{ status: number; body: Json; headers: Headers }>;
	admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
	close(): Promise<void>;
}

export async function start(options: Partial<SitooSimulatorOptions> = {}): Promise<Started> {
	const sim = createSitooSimulator({
		accountId: ACCOUNT,
		apiId: API_ID,
		password: PASSWORD,
		seed: 42,
		now: () => NOW,
		...options,
	});
	const server = await sim.listen(0);
	const base = `${server.url}/v2/accounts/${ACCOUNT}`;
	return {
		sim,
		server,
		base,
		async get(path, init = {}) {
			const headers: Record<string, string> = {};
			const auth = init.auth === undefined ? AUTH : init.auth;
			if (auth !== null) headers.authorization = auth;
			const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { headers });
			const text = await response.text();
			return {
				status: response.status,
				body: text ? JSON.parse(text) : undefined,
				headers: response.headers,
			};
		},
		async admin(method, path, body) {
			const response = await fetch(`${server.url}/__admin${path}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			return { status: response.status, body: text ? JSON.parse(text) : undefined };
		},
		async close() {
			sim.shutdown();
			await server.close();
		},
	};
}

export interface Received {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: Json;
}

/** A tiny HTTP receiver standing in for n8n: records every request and answers from a script. */
export async function receiver(
	answer: (req: Received, index: number) => { status: number; body?: unknown; delayMs?: number },
) {
	const requests: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const received: Received = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: text ? JSON.parse(text) : undefined,
			};
			const index = requests.push(received) - 1;
			const reply = answer(received, index);
			const send = () => {
				const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
				res.writeHead(reply.status, payload ? { 'content-type': 'application/json' } : {});
				res.end(payload);
			};
			if (reply.delayMs) setTimeout(send, reply.delayMs);
			else send();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export function cents(money: string): number {
	const [whole, frac] = money.replace('-', '').split('.');
	const value = Number(whole) * 100 + Number(frac);
	return money.startsWith('-') ? -value : value;
}
