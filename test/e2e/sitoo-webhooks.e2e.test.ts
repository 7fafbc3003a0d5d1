/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * The two Sitoo webhook triggers in a real n8n 2.41, driven by the Sitoo simulator acting as Sitoo:
 * Events SPI deliveries (batches, duplicates, retries after 503) and CRM SPI v2 calls from the till.
 */
import { N8nInstance, type Execution } from './harness/n8n-instance';
import { admin, spiLogin, startSimulators, type Simulators } from './harness/simulators';
import { waitFor } from './harness/wait';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const LOGIN = { user: 'sitoo-events', password: 'e2e-Chosen-by-merchant-0123456789' };
const SPI_CREDENTIAL = spiLogin({ id: 'sitooSpiLogin01', login: LOGIN });
const EVENTS_HOOK = '6f1d2c3b-4a5e-4f60-9b7a-8c9d0e1f2a3b';
const CRM_HOOK = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CRM_LAST_NODE_HOOK = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';
const EVENTS_NODE = 'Sitoo Events';
/** A second events workflow, answering Sitoo as soon as the orders are recorded. */
const RECORDED_HOOK = '5b0c9e7a-2d41-4c8f-a6e3-1f2b3c4d5e6f';

interface Delivery {
	batches: number;
	delivered: string[];
	dropped: string[];
	attempts: Array<{
		status: number | null;
		outcome: string;
		duplicate: boolean;
		durationMs: number;
		eventIds: string[];
	}>;
}

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Sitoo Events Trigger (Answer Sitoo: As Soon as the Orders Are Recorded) → Confirm Sitoo Events. */
function recordedWorkflow(sims: Simulators) {
	return {
		id: 'e2eSitooEvents2',
		name: 'Sitoo events e2e, answered once recorded',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'er1',
				name: EVENTS_NODE,
				type: `${PACKAGE}.sitooEventsTrigger`,
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: RECORDED_HOOK,
				parameters: { answer: 'onRecorded', orderFormat: 'normalized' },
				credentials: {
					sitooSpiAuthApi: { id: SPI_CREDENTIAL.id, name: SPI_CREDENTIAL.name },
					sitooApi: { id: sims.credentials.sitoo.id, name: sims.credentials.sitoo.name },
				},
			},
			{
				id: 'er2',
				name: 'Confirm Sitoo Events',
				type: `${PACKAGE}.sitooEventsConfirm`,
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: {
			[EVENTS_NODE]: { main: [[{ node: 'Confirm Sitoo Events', type: 'main', index: 0 }], []] },
		},
	};
}

function eventsWorkflow(sims: Simulators) {
	return {
		id: 'e2eSitooEvents1',
		name: 'Sitoo events e2e',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'ev1',
				name: EVENTS_NODE,
				type: `${PACKAGE}.sitooEventsTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: EVENTS_HOOK,
				parameters: { orderFormat: 'normalized' },
				credentials: {
					sitooSpiAuthApi: { id: SPI_CREDENTIAL.id, name: SPI_CREDENTIAL.name },
					sitooApi: { id: sims.credentials.sitoo.id, name: sims.credentials.sitoo.name },
				},
			},
			{
				id: 'ev2',
				name: 'Each order',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: {
			[EVENTS_NODE]: { main: [[{ node: 'Each order', type: 'main', index: 0 }], []] },
		},
	};
}

/** Look-ups answer a known e-mail with one customer, creates get an id; through Respond to Webhook (v1, see node notice). */
function crmWorkflow(id: string, webhookId: string, responseMode: 'responseNode' | 'lastNode') {
	const trigger = {
		id: `${id}-t`,
		name: 'Sitoo CRM',
		type: `${PACKAGE}.sitooCrmTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { responseMode },
		credentials: { sitooSpiAuthApi: { id: SPI_CREDENTIAL.id, name: SPI_CREDENTIAL.name } },
	};
	const answer =
		"$json.operation === 'lookup' ? ($json.lookup.key === 'anna@example.com' ? [Object.assign({}, $json.response[0], { customer_id: 'kl-anna', email: 'anna@example.com', name_first: 'Anna' })] : $json.response) : Object.assign({}, $json.response, { customer_id: $json.operation === 'create' ? 'kl-new-1' : $json.response.customer_id, status: { color: 'green', text: 'Member' } })";
	const respond =
		responseMode === 'responseNode'
			? {
					id: `${id}-r`,
					name: 'Answer the till',
					type: 'n8n-nodes-base.respondToWebhook',
					typeVersion: 1,
					position: [240, 0],
					parameters: {
						respondWith: 'json',
						responseBody: `={{ JSON.stringify(${answer}) }}`,
						options: {},
					},
				}
			: {
					id: `${id}-r`,
					name: 'Pass through',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [240, 0],
					parameters: {},
				};
	return {
		id,
		name: `Sitoo CRM e2e (${responseMode})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, respond],
		connections: { 'Sitoo CRM': { main: [[{ node: respond.name, type: 'main', index: 0 }]] } },
	};
}

describe('Sitoo webhook triggers in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	const eventsUrl = () => `${n8n.baseUrl}/webhook/${EVENTS_HOOK}`;

	async function publish(workflowId: string, probeUrl: string, method = 'POST') {
		await n8n.api('POST', `/workflows/${workflowId}/activate`);
		// Publishing lands asynchronously (docs/reference/n8n.md §4): wait until the webhook is registered.
		const probe = () =>
			fetch(probeUrl, {
				method,
				headers: { 'content-type': 'application/json' },
				body: method === 'GET' ? undefined : '[]',
			});
		await waitFor(`webhook ${probeUrl} to register`, probe, (response) => response.status !== 404, {
			timeoutMs: 30_000,
			intervalMs: 200,
		});
	}

	/**
	 * Waits until the workflow has at least `atLeast` executions, none still running, and the count
	 * stays the same over two reads (an execution starts just after the trigger has answered).
	 */
	async function settledExecutions(workflowId: string, atLeast: number): Promise<Execution[]> {
		let previous = -1;
		const done = (executions: Execution[]) => {
			const settled = executions.length >= atLeast;
			const same = settled && executions.length === previous;
			previous = settled ? executions.length : -1;
			return same;
		};
		return waitFor(
			`executions of ${workflowId} to settle`,
			() => n8n.settledExecutions(workflowId, 75_000),
			done,
			{ timeoutMs: 75_000, intervalMs: 250 },
		);
	}

	function emittedOrderIds(executions: Execution[]): number[] {
		const ids: number[] = [];
		// Oldest execution first, so the list is in the order n8n received the orders.
		for (const execution of [...executions].sort((a, b) => Number(a.id) - Number(b.id))) {
			const items = execution.data?.resultData.runData[EVENTS_NODE]?.[0]?.data?.main[0] ?? [];
			for (const item of items) ids.push((item.json as { ids: { orderId: number } }).ids.orderId);
		}
		return ids;
	}

	async function deliver(
		orderIds: number[],
		extra: Record<string, unknown> = {},
	): Promise<Delivery> {
		return admin<Delivery>(sims.sitooServer, 'POST', '/__admin/events-spi/deliveries', {
			url: eventsUrl(),
			username: LOGIN.user,
			password: LOGIN.password,
			orderIds,
			batchSize: 3,
			retry: { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 20, timeoutMs: 15_000 },
			...extra,
		});
	}

	async function createOrder(
		body: Record<string, unknown>,
	): Promise<{ order: { orderid: number }; related: Array<{ orderid: number }> }> {
		return admin(sims.sitooServer, 'POST', '/__admin/orders', body);
	}

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([sims.credentials.sitoo, SPI_CREDENTIAL]);
		await n8n.importWorkflow(eventsWorkflow(sims));
		await n8n.importWorkflow(recordedWorkflow(sims));
		await n8n.importWorkflow(crmWorkflow('e2eSitooCrm0001', CRM_HOOK, 'responseNode'));
		await n8n.importWorkflow(crmWorkflow('e2eSitooCrm0002', CRM_LAST_NODE_HOOK, 'lastNode'));
		await publish('e2eSitooEvents1', `${eventsUrl()}/events`);
		await publish('e2eSitooEvents2', `${n8n.baseUrl}/webhook/${RECORDED_HOOK}/events`);
		await publish(
			'e2eSitooCrm0001',
			`${n8n.baseUrl}/webhook/${CRM_HOOK}/customers?key_type=email&key=x`,
			'GET',
		);
		await publish(
			'e2eSitooCrm0002',
			`${n8n.baseUrl}/webhook/${CRM_LAST_NODE_HOOK}/customers?key_type=email&key=x`,
			'GET',
		);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('loads both triggers and passes the login check of the webhook credential', async () => {
		const types = (await n8n.rest<Array<{ name: string }>>('GET', '/types/nodes.json')).map(
			(t) => t.name,
		);
		expect(types).toEqual(
			expect.arrayContaining([`${PACKAGE}.sitooEventsTrigger`, `${PACKAGE}.sitooCrmTrigger`]),
		);
		expect(n8n.log).not.toMatch(/Failed to load package/);
	});

	it('answers 503 without, with a wrong, or with a malformed login, starts nothing, and Sitoo keeps the batch', async () => {
		const before = (await n8n.executions('e2eSitooEvents1')).length;
		const body = JSON.stringify([
			{
				event_id: 'x1',
				event_type: 'order',
				event_date: 1,
				account_id: 90210,
				data: { eshop_id: 1, order_id: 1, order_event_type: 'add' },
			},
		]);
		for (const authorization of [
			undefined,
			basic(LOGIN.user, 'wrong-password'),
			basic('someone', LOGIN.password),
			'Bearer abc',
		]) {
			const response = await fetch(`${eventsUrl()}/events`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(authorization ? { authorization } : {}),
				},
				body,
			});
			expect(response.status).toBe(503);
			expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
		}
		// Sitoo drops a batch on any answer but 200, 429, 503 and 504 (docs/reference/sitoo-spi.md §5.3):
		// with 503 it keeps retrying the batch (here until its attempts run out) instead of losing it.
		const { order } = await createOrder({ kind: 'sale', customer: 'member' });
		const report = await deliver([order.orderid], {
			password: 'not-the-login',
			retry: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 3, timeoutMs: 15_000 },
		});
		expect(report.attempts.map((a) => [a.status, a.outcome])).toEqual([
			[503, 'retry'],
			[503, 'retry'],
			[503, 'dropped'],
		]);
		expect((await n8n.executions('e2eSitooEvents1')).length).toBe(before);
	});

	it('takes a body that is not an events array (200, which no retry could change) and reports it as not processed', async () => {
		const before = (await n8n.executions('e2eSitooEvents1')).length;
		const response = await fetch(`${eventsUrl()}/events`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: basic(LOGIN.user, LOGIN.password),
			},
			body: '{"event_id":"malformed-1"}',
		});
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('JSON array');
		const executions = await waitFor(
			'the malformed batch to be reported',
			() => n8n.settledExecutions('e2eSitooEvents1'),
			(list) => list.length > before,
		);
		const reported = executions
			.flatMap((e) => e.data?.resultData.runData[EVENTS_NODE]?.[0]?.data?.main[1] ?? [])
			.map((item) => item.json as { field?: string; problem?: string; body?: string });
		expect(reported).toContainEqual(
			expect.objectContaining({
				field: 'body',
				problem: expect.stringContaining('JSON array'),
				body: expect.stringContaining('malformed-1'),
			}),
		);
	});

	it('emits every completed order exactly once, in order, through duplicates and re-deliveries', async () => {
		const sales = [];
		for (let i = 0; i < 4; i++)
			sales.push((await createOrder({ kind: 'sale', customer: 'member' })).order.orderid);
		const refund = (await createOrder({ kind: 'refund', originalOrderId: sales[0] })).order.orderid;
		const booking = (await createOrder({ kind: 'booking', customer: 'member' })).order.orderid;
		const parked = (await createOrder({ kind: 'parked', customer: 'member' })).order.orderid;
		const dropped = (await createOrder({ kind: 'parked', customer: 'member' })).order.orderid;

		// Before the open orders settle, Sitoo delivers their `add` events: nothing is emitted for them.
		const early = await deliver([...sales, refund, booking, parked, dropped], { duplicateRate: 1 });
		expect(early.dropped).toEqual([]);
		expect(early.attempts.some((a) => a.duplicate)).toBe(true);

		await admin(sims.sitooServer, 'POST', `/__admin/orders/${booking}/close`, {});
		const closed = await admin<{ order: { orderid: number }; related: Array<{ orderid: number }> }>(
			sims.sitooServer,
			'POST',
			`/__admin/orders/${parked}/close`,
			{},
		);
		const parkedSale = closed.related[0].orderid;
		await admin(sims.sitooServer, 'POST', `/__admin/orders/${dropped}/cancel`, {});

		// Then every event of these orders again (a full re-delivery), with duplicates, plus the new ones.
		const all = [...sales, refund, booking, parked, dropped, parkedSale];
		const again = await deliver(all, { duplicateRate: 0.5 });
		expect(again.dropped).toEqual([]);
		expect(again.attempts.every((a) => a.status === 200)).toBe(true);

		const executions = await settledExecutions('e2eSitooEvents1', 1);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		const emitted = emittedOrderIds(executions);
		// The parked order itself closes without payment (its sale is `parkedSale`); the cancelled one never sold.
		expect(emitted).toEqual([...sales, refund, booking, parkedSale]);

		// The first refund of its sale carries the position Klaviyo's refund ids need (docs/design.md invariant 1).
		const refundItem = executions
			.flatMap((e) => e.data?.resultData.runData[EVENTS_NODE]?.[0]?.data?.main[0] ?? [])
			.find((i) => (i.json as { ids: { orderId: number } }).ids.orderId === refund);
		expect(refundItem?.json).toMatchObject({
			kind: 'refund',
			ids: { originalOrderId: sales[0], refundSequence: 1 },
			sitooEvent: { eventType: 'order' },
		});
	});

	/** A sale delivered while Sitoo answers with `faults` twice: 503, 503 (Sitoo keeps it), then 200 and emitted once. */
	async function expectRetriedThenEmittedOnce(faults: Record<string, number>): Promise<void> {
		const earlier = await settledExecutions('e2eSitooEvents1', 1);
		const before = emittedOrderIds(earlier);
		const sale = (await createOrder({ kind: 'sale', customer: 'member' })).order.orderid;
		await admin(sims.sitooServer, 'PUT', '/__admin/faults', faults);
		const report = await deliver([sale]);
		await admin(sims.sitooServer, 'DELETE', '/__admin/faults');
		expect(report.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
		expect(report.delivered).toHaveLength(1);
		const after = emittedOrderIds(await settledExecutions('e2eSitooEvents1', earlier.length + 1));
		expect(after).toEqual([...before, sale]);
	}

	it('answers 503 while Sitoo cannot be read, so Sitoo retries, and then emits the orders once', async () => {
		// The next two order reads are throttled with a long Retry-After: the trigger gives up at once.
		await expectRetriedThenEmittedOnce({ throttleNext: 2, throttleRetryAfterSeconds: 30 });
	});

	it("answers 503 when Sitoo's order list answers 404 (a wrong base URL, a proxy), and emits the order once it reads again", async () => {
		// The next two Sitoo requests (the batch's list reads) answer 404: not proof the order is gone.
		await expectRetriedThenEmittedOnce({ failNext: 2, serverErrorStatus: 404 });
	});

	it('answers a 10-order batch over 3 sites with a refund and an exchange within the budget while each Sitoo request takes 1 s', async () => {
		const earlier = await settledExecutions('e2eSitooEvents1', 1);
		const sales = [];
		for (let i = 0; i < 7; i++)
			sales.push(
				(await createOrder({ kind: 'sale', customer: 'member', storeId: 1 + (i % 3) })).order
					.orderid,
			);
		const refund = (await createOrder({ kind: 'refund', originalOrderId: sales[0] })).order.orderid;
		const exchange = (await createOrder({ kind: 'exchange', originalOrderId: sales[1] })).order
			.orderid;
		const last = (await createOrder({ kind: 'sale', customer: 'member', storeId: 3 })).order
			.orderid;
		const batch = [...sales, refund, exchange, last];
		await admin(sims.sitooServer, 'PUT', '/__admin/faults', { latencyMs: 1_000 });
		let report: Delivery;
		try {
			report = await deliver(batch, { batchSize: 10 });
		} finally {
			await admin(sims.sitooServer, 'DELETE', '/__admin/faults');
		}
		expect(report.batches).toBe(1);
		// One try, answered inside Sitoo's 15 s (the trigger's own read budget is 10 s).
		expect(report.attempts.map((a) => [a.status, a.durationMs < 10_000])).toEqual([[200, true]]);
		const after = emittedOrderIds(await settledExecutions('e2eSitooEvents1', earlier.length + 1));
		expect(after.slice(-batch.length)).toEqual(batch);
	});

	it("answered as soon as the orders are recorded: 200 before each run, and the Confirm node's answer is heard, so the refund's batch (sharing the sale's order) is taken at once after the sale's run", async () => {
		const earlier = await n8n.settledExecutions('e2eSitooEvents2', 5_000);
		const sale = (await createOrder({ kind: 'sale', customer: 'member', storeId: 1 })).order
			.orderid;
		const refund = (await createOrder({ kind: 'refund', originalOrderId: sale })).order.orderid;
		const report = await deliver([sale, refund], {
			url: `${n8n.baseUrl}/webhook/${RECORDED_HOOK}`,
			batchSize: 1,
		});
		// Had the sale's confirmation gone unheard, the refund's batch would have waited for it for
		// 10 s and been answered 503.
		expect(report.attempts.map((a) => a.status)).toEqual([200, 200]);
		expect(report.attempts.every((a) => a.durationMs < 5_000)).toBe(true);
		const runs = await waitFor(
			'both runs',
			() => n8n.settledExecutions('e2eSitooEvents2', 60_000),
			(list) => list.length >= earlier.length + 2,
			{ timeoutMs: 60_000, intervalMs: 250 },
		);
		const emitted = runs
			.filter((run) => !earlier.some((e) => e.id === run.id))
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map((run) => {
				const items = run.data?.resultData.runData[EVENTS_NODE]?.[0]?.data?.main[0] ?? [];
				return items.map((item) => (item.json as { ids: { orderId: number } }).ids.orderId);
			});
		expect(emitted).toEqual([[sale], [refund]]);
		expect(runs.every((run) => run.status === 'success')).toBe(true);
	});

	describe('CRM trigger', () => {
		const crm = (hook: string) => `${n8n.baseUrl}/webhook/${hook}`;
		async function call(body: Record<string, unknown>, hook = CRM_HOOK) {
			return admin<{ status: number | null; body: unknown; error?: string }>(
				sims.sitooServer,
				'POST',
				'/__admin/crm/calls',
				{
					baseUrl: crm(hook),
					username: LOGIN.user,
					password: LOGIN.password,
					...body,
				},
			);
		}
		const documentedKeys = [
			'accepts_communication',
			'additional_options',
			'bonus_checks',
			'consents',
			'customer_id',
			'email',
			'gender',
			'invoice_address',
			'member_number',
			'mobile',
			'name_first',
			'name_last',
			'promotions',
			'sections',
			'status',
			'store_id_home',
			'voucher_passwords',
		];

		it('answers a look-up with a list of one customer, or [] when not found', async () => {
			const found = await call({
				call: 'search',
				keyType: 'email',
				key: 'anna@example.com',
				storeId: 'Södermalm 1',
			});
			expect(found.status).toBe(200);
			expect(found.body).toEqual([
				expect.objectContaining({
					customer_id: 'kl-anna',
					email: 'anna@example.com',
					name_first: 'Anna',
				}),
			]);
			const missing = await call({ call: 'search', keyType: 'mobile', key: '+46700000000' });
			expect(missing).toMatchObject({ status: 200, body: [] });
		});

		it('answers a create with the full customer object and the new id, from the normalized request', async () => {
			const customer = {
				email: 'erik.nystrom@example.com',
				name_first: 'Erik',
				name_last: 'Nyström',
				mobile: '+46739876543',
				invoice_address: {
					address: 'Kungsgatan 3',
					city: 'Uppsala',
					zip: '75321',
					country_id: 'SE',
				},
				accepts_communication: ['email', 'sms'],
				consents: ['consent_personal_offers'],
			};
			const created = await call({
				call: 'add',
				customer,
				storeId: 'Södermalm 1',
				staffId: '1043',
			});
			expect(created.status).toBe(200);
			expect(Object.keys(created.body as object).sort()).toEqual(documentedKeys);
			expect(created.body).toMatchObject({
				...customer,
				customer_id: 'kl-new-1',
				status: { color: 'green', text: 'Member' },
				sections: [],
			});

			// The workflow saw the normalized customer and the decoded store and staff.
			const executions = await settledExecutions('e2eSitooCrm0001', 3);
			const createItem = executions
				.flatMap((e) => e.data?.resultData.runData['Sitoo CRM']?.[0]?.data?.main[0] ?? [])
				.find((i) => (i.json as { operation: string }).operation === 'create');
			expect(createItem?.json).toMatchObject({
				customer: {
					email: 'erik.nystrom@example.com',
					firstName: 'Erik',
					acceptsCommunication: { email: true, sms: true, mail: false },
					consents: ['consent_personal_offers'],
				},
				origin: { storeId: 'Södermalm 1', staffId: '1043' },
			});
		});

		it('answers an update on /customers/{id} with that customer, changes applied', async () => {
			const updated = await call({
				call: 'update',
				customerId: 'kl-anna',
				customer: { name_last: 'Berg', accepts_communication: [] },
			});
			expect(updated.status).toBe(200);
			expect(updated.body).toMatchObject({
				customer_id: 'kl-anna',
				name_last: 'Berg',
				accepts_communication: [],
			});
			expect(Object.keys(updated.body as object).sort()).toEqual(documentedKeys);
		});

		it('refuses a wrong login with 401 and a look-up without a key type with 400', async () => {
			const wrong = await call({
				call: 'search',
				keyType: 'email',
				key: 'anna@example.com',
				password: 'nope',
			});
			expect(wrong.status).toBe(401);
			const response = await fetch(`${crm(CRM_HOOK)}/customers?key=anna@example.com`, {
				headers: { authorization: basic(LOGIN.user, LOGIN.password) },
			});
			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject({ error: 'missing_key_type' });
		});

		it('in "when last node finishes" mode, the ready-made response reaches the till unchanged', async () => {
			const missing = await call(
				{ call: 'search', keyType: 'email', key: 'nobody@example.com' },
				CRM_LAST_NODE_HOOK,
			);
			expect(missing).toMatchObject({ status: 200, body: [] });
			const created = await call(
				{ call: 'add', customer: { email: 'ada@example.com', accepts_communication: ['mail'] } },
				CRM_LAST_NODE_HOOK,
			);
			expect(created.status).toBe(200);
			expect(created.body).toMatchObject({
				email: 'ada@example.com',
				accepts_communication: ['mail'],
				customer_id: '',
			});
			expect(Object.keys(created.body as object).sort()).toEqual(documentedKeys);
		});
	});
});
