import { FakeClock } from '../../../support/fake-clock';
import type { RunningServer } from '../../shared/http';
import {
	createKlaviyoSimulator,
	type KlaviyoSimulator,
	type KlaviyoSimulatorOptions,
} from '../index';

export const API_KEY = 'pk_simulator_test_key';
export const REVISION = '2026-07-15';
export const START = Date.parse('2026-11-28T10:00:00Z');

export interface Reply {
	status: number;
	headers: Headers;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, which assertions read freely
	body: any;
}

export interface KlaviyoHarness {
	sim: KlaviyoSimulator;
	server: RunningServer;
	clock: FakeClock;
	call(
		method: string,
		path: string,
		body?: unknown,
		headers?: Record<string, string | undefined>,
	): Promise<Reply>;
	admin(method: string, path: string, body?: unknown): Promise<Reply>;
	close(): Promise<void>;
}

export async function startKlaviyo(
	options: Partial<KlaviyoSimulatorOptions> = {},
): Promise<KlaviyoHarness> {
	const clock = new FakeClock(START);
	const sim = createKlaviyoSimulator({ apiKey: API_KEY, clock, rateLimits: false, ...options });
	const server = await sim.listen(0);
	const send = async (
		method: string,
		path: string,
		body: unknown,
		headers: Record<string, string | undefined>,
	): Promise<Reply> => {
		const cleanHeaders = Object.fromEntries(
			Object.entries(headers).filter(([, v]) => v !== undefined),
		) as Record<string, string>;
		const response = await fetch(`${server.url}${path}`, {
			method,
			headers: cleanHeaders,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await response.text();
		return {
			status: response.status,
			headers: response.headers,
			body: text === '' ? undefined : JSON.parse(text),
		};
	};
	return {
		sim,
		server,
		clock,
		call: (method, path, body, headers = {}) =>
			send(method, path, body, {
				authorization: `Klaviyo-API-Key ${API_KEY}`,
				revision: REVISION,
				accept: 'application/vnd.api+json',
				...(body === undefined ? {} : { 'content-type': 'application/vnd.api+json' }),
				...headers,
			}),
		admin: (method, path, body) =>
			send(method, path, body, body === undefined ? {} : { 'content-type': 'application/json' }),
		close: () => server.close(),
	};
}

export function eventBody(
	overrides: {
		email?: string;
		phone?: string;
		metric?: string;
		uniqueId?: unknown;
		time?: string;
		properties?: object;
		extra?: object;
	} = {},
) {
	const profile: Record<string, unknown> = {};
	if (overrides.email !== undefined) profile.email = overrides.email;
	if (overrides.phone !== undefined) profile.phone_number = overrides.phone;
	if (Object.keys(profile).length === 0) profile.email = 'anna@example.com';
	return {
		data: {
			type: 'event',
			attributes: {
				metric: {
					data: { type: 'metric', attributes: { name: overrides.metric ?? 'Placed Order' } },
				},
				profile: { data: { type: 'profile', attributes: profile } },
				properties: overrides.properties ?? { OrderId: '1001', 'Source Name': 'POS' },
				value: 129.5,
				value_currency: 'SEK',
				...(overrides.uniqueId === undefined ? {} : { unique_id: overrides.uniqueId }),
				...(overrides.time === undefined ? {} : { time: overrides.time }),
				...overrides.extra,
			},
		},
	};
}
