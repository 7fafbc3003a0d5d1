/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- test code: runs in Node, never inside n8n; a made-up webhook login for the simulator */
/**
 * The n8n context the Sitoo node tests fake, run in-process against the Sitoo simulator: the Sitoo
 * credential, n8n's authenticated HTTP helper, node parameters as n8n reads them, the execute and
 * load-options contexts of the Sitoo node, and the webhook context of the Sitoo Events Trigger.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { RunningServer } from '../../simulators/shared/http';
import type { Order, SitooSimulator } from '../../simulators/sitoo';
import { ACCOUNT, simulator } from '../order/helpers';

export type Parameters = Record<string, unknown>;

/**
 * The Sitoo simulator on a free port for the tests of the enclosing `describe` (or file): started
 * before them, shut down after. Read `sim` and `server` inside the tests, once it has started.
 */
export function sitooSimulatorForTests(
	seed: number,
	historyOrders: number,
): { readonly sim: SitooSimulator; readonly server: RunningServer } {
	const running = {} as { sim: SitooSimulator; server: RunningServer };
	beforeAll(async () => {
		running.sim = simulator(seed, historyOrders);
		running.server = await running.sim.listen(0);
	});
	afterAll(async () => {
		running.sim?.shutdown();
		await running.server?.close();
	});
	return running;
}

export const TIME_ZONE = 'Europe/Stockholm';

const SITOO_NODE = { id: 's', name: 'Sitoo', type: 'sitoo', position: [0, 0] };

/** The Sitoo credential's data, pointing at the simulator. */
export function sitooCredential(server: RunningServer) {
	return {
		baseUrl: `${server.url}/v2`,
		accountId: ACCOUNT,
		apiId: `${ACCOUNT}-1`,
		password: 'p',
		siteId: 1,
	};
}

/**
 * n8n's helper as the credential makes it: Basic auth with the API id and password. `onRequest` is
 * told the path of each request after `/v2/accounts/{account}`.
 */
export function authenticatedHttp(onRequest?: (path: string) => void) {
	return async function httpRequestWithAuthentication(
		_credential: string,
		options: { method: string; url: string; headers?: Record<string, string> },
	) {
		onRequest?.(new URL(options.url).pathname.replace(`/v2/accounts/${ACCOUNT}`, ''));
		const response = await fetch(options.url, {
			method: options.method,
			headers: {
				...options.headers,
				authorization: `Basic ${Buffer.from(`${ACCOUNT}-1:p`).toString('base64')}`,
			},
		});
		const text = await response.text();
		return {
			statusCode: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			body: text ? (JSON.parse(text) as unknown) : undefined,
		};
	};
}

/**
 * Like n8n: a resource locator's value comes out as its `value` only when the node asks with
 * `extractValue`; plain values (workflows saved before the locators) come out as they are.
 */
function parameter(parameters: Parameters, name: string, fallback: unknown, options?: object) {
	const value = parameters[name];
	if (value === undefined) return fallback;
	const extract = (options as { extractValue?: boolean } | undefined)?.extractValue === true;
	if (extract && typeof value === 'object' && value !== null && '__rl' in value)
		return (value as unknown as { value: unknown }).value;
	return value;
}

export interface SitooContextOptions {
	server: RunningServer;
	parameters: Parameters;
	/** The saved node's version (default 1). */
	typeVersion?: number;
	onRequest?: (path: string) => void;
}

/** The Sitoo node's execute context, with one empty input item. */
export function executeContext(options: SitooContextOptions): IExecuteFunctions {
	const fake = {
		getInputData: (): INodeExecutionData[] => [{ json: {} }],
		getNodeParameter: (name: string, _item: number, fallback?: unknown, read?: object) =>
			parameter(options.parameters, name, fallback, read),
		getCredentials: async () => sitooCredential(options.server),
		getNode: () => ({ ...SITOO_NODE, typeVersion: options.typeVersion ?? 1, parameters: {} }),
		getTimezone: () => TIME_ZONE,
		continueOnFail: () => false,
		helpers: { httpRequestWithAuthentication: authenticatedHttp(options.onRequest) },
	};
	return fake as unknown as IExecuteFunctions;
}

/** The context n8n gives a node's list searches and option loaders. */
export function loadOptionsContext(options: SitooContextOptions): ILoadOptionsFunctions {
	const fake = {
		getNodeParameter: (name: string, fallback?: unknown, read?: object) =>
			parameter(options.parameters, name, fallback, read),
		getCredentials: async () => sitooCredential(options.server),
		getNode: () => ({ ...SITOO_NODE, typeVersion: options.typeVersion ?? 1, parameters: {} }),
		getTimezone: () => TIME_ZONE,
		helpers: { httpRequestWithAuthentication: authenticatedHttp(options.onRequest) },
	};
	return fake as unknown as ILoadOptionsFunctions;
}

/** The Basic login Sitoo presents to the Sitoo Events Trigger in these tests. */
const SPI_LOGIN = { user: 'sitoo-events', password: 'events-login-0123456789' };

/** One Events SPI batch for these orders, as Sitoo posts it (docs/reference/sitoo-spi.md §5). */
export function eventsBatch(
	orders: Order[],
	event: (order: Order) => { id: string; date: number },
): IDataObject[] {
	return orders.map((order) => ({
		event_id: event(order).id,
		event_type: 'order',
		event_date: event(order).date,
		account_id: Number(ACCOUNT),
		data: {
			eshop_id: order.eshopid,
			order_id: order.orderid,
			order_event_type: 'add',
			order_state_changed: 'closed',
		},
	}));
}

export interface EventsTriggerContextOptions {
	server: RunningServer;
	/** What Sitoo posted. */
	body: unknown;
	/** The request's response, as the test models it. */
	response: unknown;
	/** The workflow's static data for the trigger, as n8n loaded it for this batch. */
	staticData: IDataObject;
	workflowId: string;
	parameters: Parameters;
	/** The saved node's version (default 2.1). */
	typeVersion?: number;
	onRequest?: (path: string) => void;
}

/** The context n8n gives the Sitoo Events Trigger for one batch, Sitoo's login in its header. */
export function eventsTriggerContext(options: EventsTriggerContextOptions): IWebhookFunctions {
	const basic = Buffer.from(`${SPI_LOGIN.user}:${SPI_LOGIN.password}`).toString('base64');
	const fake = {
		getCredentials: async (name: string) =>
			name === 'sitooSpiAuthApi' ? SPI_LOGIN : sitooCredential(options.server),
		getHeaderData: () => ({ authorization: `Basic ${basic}` }),
		getRequestObject: () => ({ body: options.body }),
		getResponseObject: () => options.response,
		getWorkflowStaticData: () => options.staticData,
		getWorkflow: () => ({ id: options.workflowId }),
		getNodeParameter: (name: string, fallback?: unknown) => options.parameters[name] ?? fallback,
		getNode: () => ({
			id: 'e',
			name: 'Sitoo Events Trigger',
			typeVersion: options.typeVersion ?? 2.1,
			parameters: {},
		}),
		helpers: { httpRequestWithAuthentication: authenticatedHttp(options.onRequest) },
		logger: { warn: () => undefined, info: () => undefined, debug: () => undefined },
	};
	return fake as unknown as IWebhookFunctions;
}
