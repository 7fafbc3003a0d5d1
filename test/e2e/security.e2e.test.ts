/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * Security in a real n8n 2.41: the two Sitoo webhooks refuse callers without the login,
 * with a wrong one and with oversized bodies, and no API key or password of any credential appears
 * in node output, error messages, credential tests or the n8n log (at debug level) during the run.
 */
import { N8nInstance, OWNER, type Execution } from './harness/n8n-instance';
import {
	admin,
	KLAVIYO_KEY,
	SITOO,
	spiLogin,
	startSimulators,
	type CredentialRecord,
	type Simulators,
} from './harness/simulators';
import { waitFor } from './harness/wait';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const TRIGGER = 'When clicking ‘Execute workflow’';
const LOGIN = { user: 'sitoo-events', password: 'sec-Spi-Login-Secret-7c41a9e2' };
const SPI_CREDENTIAL = spiLogin({ id: 'secSpiLogin0001', login: LOGIN });
const WRONG_SITOO_PASSWORD = 'sec-Wrong-Sitoo-Password-51f0';
const WRONG_KLAVIYO_KEY = 'pk_sec_wrong_9d8c7b6a5f4e3d2c1b0a';
const EVENTS_HOOK = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const CRM_HOOK = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
/** n8n's default N8N_PAYLOAD_SIZE_MAX is 16 MiB. */
const OVERSIZED_BYTES = 17 * 1024 * 1024;

type Json = Record<string, unknown>;
const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Every secret of the run, and the forms it travels in (a Basic header carries base64). */
function secrets(): string[] {
	const plain = [
		SITOO.password,
		KLAVIYO_KEY,
		LOGIN.password,
		WRONG_SITOO_PASSWORD,
		WRONG_KLAVIYO_KEY,
		OWNER.password,
	];
	const encoded = [
		Buffer.from(`${SITOO.apiId}:${SITOO.password}`).toString('base64'),
		Buffer.from(`${SITOO.apiId}:${WRONG_SITOO_PASSWORD}`).toString('base64'),
		Buffer.from(`${LOGIN.user}:${LOGIN.password}`).toString('base64'),
	];
	return [...plain, ...encoded];
}

function leaks(text: string): string[] {
	return secrets().filter((secret) => text.includes(secret));
}

function manual(id: string, node: Json, credentials: Json): Json {
	return {
		id,
		name: `Security ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-t`,
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ id: `${id}-n`, name: 'Node', typeVersion: 1, position: [240, 0], credentials, ...node },
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
	};
}

describe('security in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	const wrongSitoo = (): CredentialRecord => ({
		...sims.credentials.sitoo,
		id: 'secSitooWrong01',
		name: 'Sitoo (wrong password)',
		data: { ...sims.credentials.sitoo.data, password: WRONG_SITOO_PASSWORD },
	});
	const wrongKlaviyo = (): CredentialRecord => ({
		...sims.credentials.klaviyo,
		id: 'secKlaviyoWrong',
		name: 'Klaviyo (wrong key)',
		data: { ...sims.credentials.klaviyo.data, apiKey: WRONG_KLAVIYO_KEY },
	});
	const ref = (c: CredentialRecord) => ({ id: c.id, name: c.name });
	const eventsUrl = () => `${n8n.baseUrl}/webhook/${EVENTS_HOOK}/events`;
	const crmUrl = () => `${n8n.baseUrl}/webhook/${CRM_HOOK}/customers`;
	const outputs: string[] = [];

	async function publish(workflowId: string, probe: () => Promise<Response>) {
		await n8n.api('POST', `/workflows/${workflowId}/activate`);
		// Publishing lands asynchronously (docs/reference/n8n.md §4).
		await waitFor(
			`${workflowId} to register its webhook`,
			probe,
			(response) => response.status !== 404,
			{ timeoutMs: 30_000, intervalMs: 200 },
		);
	}

	async function run(id: string): Promise<Execution> {
		const execution = await n8n.runManually(id, TRIGGER);
		outputs.push(JSON.stringify(execution));
		return execution;
	}

	beforeAll(async () => {
		sims = await startSimulators();
		// Debug level: the most n8n ever writes about requests and credentials.
		n8n = await N8nInstance.launch({ env: { N8N_LOG_LEVEL: 'debug' } });
		await n8n.importCredentials([
			sims.credentials.sitoo,
			sims.credentials.klaviyo,
			SPI_CREDENTIAL,
			wrongSitoo(),
			wrongKlaviyo(),
		]);
		await n8n.importWorkflow({
			id: 'secEventsHook01',
			name: 'Security events webhook',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'e1',
					name: 'Sitoo Events',
					type: `${PACKAGE}.sitooEventsTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: EVENTS_HOOK,
					parameters: { orderFormat: 'normalized' },
					credentials: {
						sitooSpiAuthApi: ref(SPI_CREDENTIAL),
						sitooApi: ref(sims.credentials.sitoo),
					},
				},
				{
					id: 'e2',
					name: 'Each order',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [240, 0],
					parameters: {},
				},
			],
			connections: {
				'Sitoo Events': { main: [[{ node: 'Each order', type: 'main', index: 0 }], []] },
			},
		});
		await n8n.importWorkflow({
			id: 'secCrmHook00001',
			name: 'Security CRM webhook',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'c1',
					name: 'Sitoo CRM',
					type: `${PACKAGE}.sitooCrmTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: CRM_HOOK,
					parameters: { responseMode: 'lastNode' },
					credentials: { sitooSpiAuthApi: ref(SPI_CREDENTIAL) },
				},
				{
					id: 'c2',
					name: 'Pass through',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [240, 0],
					parameters: {},
				},
			],
			connections: { 'Sitoo CRM': { main: [[{ node: 'Pass through', type: 'main', index: 0 }]] } },
		});
		await publish('secEventsHook01', () =>
			fetch(eventsUrl(), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '[]',
			}),
		);
		await publish('secCrmHook00001', () => fetch(`${crmUrl()}?key_type=email&key=x`));
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	const attempts = () => [
		{ name: 'no login', headers: {} as Record<string, string> },
		{ name: 'wrong password', headers: { authorization: basic(LOGIN.user, 'not-the-password') } },
		{ name: 'wrong user', headers: { authorization: basic('someone-else', LOGIN.password) } },
		{ name: 'empty password', headers: { authorization: basic(LOGIN.user, '') } },
		{ name: 'not Basic', headers: { authorization: `Bearer ${LOGIN.password}` } },
		{ name: 'garbage', headers: { authorization: 'Basic !!!not-base64' } },
	];

	it('the Events webhook answers 503 (never a code Sitoo drops on) to every caller without the exact login, and starts nothing', async () => {
		const sale = await admin<{ order: { orderid: number } }>(
			sims.sitooServer,
			'POST',
			'/__admin/orders',
			{ kind: 'sale', customer: 'member' },
		);
		const body = JSON.stringify([
			{
				event_id: 'sec-1',
				event_type: 'order',
				event_date: 1,
				account_id: Number(SITOO.accountId),
				data: { eshop_id: 1, order_id: sale.order.orderid, order_event_type: 'add' },
			},
		]);
		for (const attempt of attempts()) {
			const response = await fetch(eventsUrl(), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...attempt.headers },
				body,
			});
			expect({ attempt: attempt.name, status: response.status }).toEqual({
				attempt: attempt.name,
				status: 503,
			});
			outputs.push(await response.text());
		}
		expect(await n8n.executions('secEventsHook01')).toEqual([]);
		// The right login is let in (the control that makes the 503s mean something).
		const ok = await fetch(eventsUrl(), {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: basic(LOGIN.user, LOGIN.password),
			},
			body,
		});
		expect(ok.status).toBe(200);
	});

	it('the CRM webhook answers 401 to every caller without the exact login', async () => {
		for (const attempt of attempts()) {
			const response = await fetch(`${crmUrl()}?key_type=email&key=anna@example.com`, {
				headers: attempt.headers,
			});
			expect({ attempt: attempt.name, status: response.status }).toEqual({
				attempt: attempt.name,
				status: 401,
			});
			outputs.push(await response.text());
		}
		const ok = await fetch(`${crmUrl()}?key_type=email&key=anna@example.com`, {
			headers: { authorization: basic(LOGIN.user, LOGIN.password) },
		});
		expect(ok.status).toBe(200);
		outputs.push(await ok.text());
	});

	it("refuses bodies over n8n's payload limit before any workflow runs, with or without the login", async () => {
		const events = await n8n.executions('secEventsHook01');
		const crm = await n8n.executions('secCrmHook00001');
		// A JSON array of one long string: valid JSON, 17 MiB.
		const huge = `["${'x'.repeat(OVERSIZED_BYTES)}"]`;
		const withLogin: Record<string, string> = {
			'content-type': 'application/json',
			authorization: basic(LOGIN.user, LOGIN.password),
		};
		for (const headers of [{ 'content-type': 'application/json' }, withLogin]) {
			// n8n 2.41 reads the body before any node runs and answers 500 "There was a problem executing
			// the workflow" (a PayloadTooLargeError inside), not 413: what matters is that it is refused.
			const toEvents = await fetch(eventsUrl(), { method: 'POST', headers, body: huge });
			const toCrm = await fetch(crmUrl(), {
				method: 'POST',
				headers,
				body: `{"email":"${'y'.repeat(OVERSIZED_BYTES)}"}`,
			});
			for (const response of [toEvents, toCrm]) {
				expect(response.status).toBeGreaterThanOrEqual(400);
				outputs.push(await response.text());
			}
		}
		expect(n8n.log).toContain('PayloadTooLargeError: request entity too large');
		// n8n stays up and nothing ran.
		expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);
		expect((await n8n.executions('secEventsHook01')).length).toBe(events.length);
		expect((await n8n.executions('secCrmHook00001')).length).toBe(crm.length);
		// Under the limit, 4 MiB of junk: 503 without the login; with it the node reads it as a batch
		// with one unreadable event and answers without a server error.
		const junk = `["${'z'.repeat(4 * 1024 * 1024)}"]`;
		expect(
			(
				await fetch(eventsUrl(), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: junk,
				})
			).status,
		).toBe(503);
		const refused = await fetch(eventsUrl(), { method: 'POST', headers: withLogin, body: junk });
		expect(refused.status).toBeLessThan(500);
		outputs.push(await refused.text());
		expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);
	});

	it('nodes with wrong credentials fail with a clear message that carries no secret', async () => {
		await n8n.importWorkflow(
			manual(
				'secSitooWrong01',
				{
					type: `${PACKAGE}.sitoo`,
					parameters: {
						resource: 'order',
						operation: 'getMany',
						returnAll: false,
						limit: 2,
						output: 'raw',
						siteId: 1,
					},
				},
				{ sitooApi: ref(wrongSitoo()) },
			),
		);
		await n8n.importWorkflow(
			manual(
				'secKlavWrong001',
				{
					type: `${PACKAGE}.klaviyo`,
					parameters: { resource: 'metric', operation: 'getMany', returnAll: true },
				},
				{ klaviyoApi: ref(wrongKlaviyo()) },
			),
		);
		for (const id of ['secSitooWrong01', 'secKlavWrong001']) {
			const execution = await run(id);
			expect(execution.status).toBe('error');
			const message = execution.data?.resultData.error?.message ?? '';
			expect(message.length).toBeGreaterThan(0);
			expect(leaks(message)).toEqual([]);
		}
		// The editor's "Test" button on the wrong and right credentials.
		for (const credential of [
			wrongSitoo(),
			wrongKlaviyo(),
			sims.credentials.sitoo,
			sims.credentials.klaviyo,
		]) {
			const result = await n8n.testCredential(credential);
			outputs.push(JSON.stringify(result));
		}
	});

	it('nodes with the right credentials work, and their output carries no secret', async () => {
		await n8n.importWorkflow(
			manual(
				'secSitooGood001',
				{
					type: `${PACKAGE}.sitoo`,
					parameters: {
						resource: 'order',
						operation: 'getMany',
						returnAll: false,
						limit: 3,
						output: 'raw',
						siteId: 1,
					},
				},
				{ sitooApi: ref(sims.credentials.sitoo) },
			),
		);
		await n8n.importWorkflow(
			manual(
				'secKlavGood0001',
				{
					type: `${PACKAGE}.klaviyo`,
					parameters: { resource: 'metric', operation: 'getMany', returnAll: true },
				},
				{ klaviyoApi: ref(sims.credentials.klaviyo) },
			),
		);
		for (const id of ['secSitooGood001', 'secKlavGood0001']) {
			const execution = await run(id);
			expect({
				id,
				status: execution.status,
				error: execution.data?.resultData.error?.message,
			}).toEqual({ id, status: 'success', error: undefined });
		}
	});

	it('no secret appears in any execution, response, credential test or n8n log line of this run', async () => {
		const all = await n8n.api<{ data: Execution[] }>(
			'GET',
			'/executions?includeData=true&limit=250',
		);
		// Control: the scan sees the webhook run and the node runs, so "no leak" is about real data.
		expect(all.data.length).toBeGreaterThanOrEqual(5);
		expect(outputs.length).toBeGreaterThan(10);
		const found: string[] = [];
		for (const execution of all.data)
			for (const secret of leaks(JSON.stringify(execution)))
				found.push(
					`execution ${execution.id} (${execution.workflowId}) contains ${secret.slice(0, 6)}…`,
				);
		for (const text of outputs)
			for (const secret of leaks(text)) found.push(`a response contains ${secret.slice(0, 6)}…`);
		const lines = n8n.log.split('\n');
		expect(lines.length).toBeGreaterThan(50);
		for (const line of lines)
			for (const secret of leaks(line))
				found.push(
					`n8n log line contains ${secret.slice(0, 6)}…: ${line.slice(0, 120).replaceAll(secret, '<secret>')}`,
				);
		expect(found).toEqual([]);
	});
});
