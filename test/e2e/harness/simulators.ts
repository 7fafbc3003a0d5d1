/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
import { createKlaviyoSimulator, type KlaviyoSimulator } from '../../simulators/klaviyo';
import type { AdminEvent } from '../../simulators/klaviyo/admin';
import type { RunningServer } from '../../simulators/shared/http';
import { createSitooSimulator, type SitooSimulator } from '../../simulators/sitoo';

export const SITOO = { accountId: '90210', apiId: '90210-1', password: 'sim-password' };
export const KLAVIYO_KEY = 'pk_e2e_0000000000000000000000000000';

export interface Simulators {
	sitoo: SitooSimulator;
	klaviyo: KlaviyoSimulator;
	sitooServer: RunningServer;
	klaviyoServer: RunningServer;
	/** n8n credentials pointing at the simulators, as `n8n import:credentials` takes them. */
	credentials: { sitoo: CredentialRecord; klaviyo: CredentialRecord };
	close(): Promise<void>;
}

export interface CredentialRecord {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The login the status page of the sync monitor template asks for (n8n's webhook Basic auth). */
export const STATUS_PAGE_LOGIN: CredentialRecord = {
	id: 'e2eStatusLogin01',
	name: 'Status page login',
	type: 'httpBasicAuth',
	data: { user: 'ops', password: 'status-page-e2e-password' },
};

/** The user and password Sitoo sends as Basic auth to the package's webhooks (Sitoo SPI). */
export interface SpiLogin {
	user: string;
	password: string;
}

/**
 * A Sitoo SPI webhook login as an n8n credential (`n8n import:credentials`). Each test file keeps its
 * own login, which it also sends as Sitoo would; the name defaults to the one the templates carry.
 */
export function spiLogin(credential: {
	id: string;
	name?: string;
	login: SpiLogin;
}): CredentialRecord {
	return {
		id: credential.id,
		name: credential.name ?? 'Sitoo webhook login',
		type: 'sitooSpiAuthApi',
		data: { ...credential.login },
	};
}

/** `historyOrders`: the simulated account's past orders (300 by default); 0 for a test that reads "the last day". */
export async function startSimulators(
	options: { historyOrders?: number } = {},
): Promise<Simulators> {
	const sitoo = createSitooSimulator({ ...SITOO, seed: 7, historyOrders: options.historyOrders });
	const klaviyo = createKlaviyoSimulator({ apiKey: KLAVIYO_KEY });
	const sitooServer = await sitoo.listen(0);
	const klaviyoServer = await klaviyo.listen(0);
	return {
		sitoo,
		klaviyo,
		sitooServer,
		klaviyoServer,
		credentials: {
			sitoo: {
				id: 'sitooSimCred01',
				name: 'Sitoo (simulator)',
				type: 'sitooApi',
				data: {
					baseUrl: `${sitooServer.url}/v2`,
					accountId: SITOO.accountId,
					apiId: SITOO.apiId,
					password: SITOO.password,
					siteId: 1,
				},
			},
			klaviyo: {
				id: 'klaviyoSimCred1',
				name: 'Klaviyo (simulator)',
				type: 'klaviyoApi',
				data: { apiKey: KLAVIYO_KEY, revision: '2026-07-15', baseUrl: klaviyoServer.url },
			},
		},
		close: async () => {
			await Promise.all([sitooServer.close(), klaviyoServer.close()]);
		},
	};
}

export async function admin<T>(
	server: RunningServer,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok)
		throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
	return (await response.json()) as T;
}

/** The events the Klaviyo simulator holds, of one metric or all. */
export function listKlaviyoEvents(server: RunningServer, metric?: string): Promise<AdminEvent[]> {
	return admin<AdminEvent[]>(
		server,
		'GET',
		`/__admin/events${metric ? `?metric=${encodeURIComponent(metric)}` : ''}`,
	);
}
