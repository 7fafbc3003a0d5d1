/**
 * The Klaviyo node in a real n8n against the Klaviyo simulator: exactly-once order events across
 * reruns, faults and rate limits, the three answers to a 409 duplicate profile, and the consent guard.
 */
import { normalizeOrder, type NormalizedOrder } from '../../nodes/core/order';
import { createSitooSimulator } from '../simulators/sitoo';
import { N8nInstance, nodeOutput, type Execution } from './harness/n8n-instance';
import { createKlaviyoSimulator } from '../simulators/klaviyo';
import { admin, KLAVIYO_KEY, startSimulators, type Simulators } from './harness/simulators';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const TRIGGER = 'When clicking ‘Execute workflow’';
const ACCOUNT = '4711';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, which assertions read freely
type Json = Record<string, any>;

/** Manual Trigger → Code node that emits `items` → Klaviyo node with `parameters`. */
function workflow(
	id: string,
	items: unknown[],
	parameters: Json,
	sims: Simulators,
	settings: Json = {},
) {
	return {
		id,
		name: `Klaviyo node ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			[TRIGGER]: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
			Input: { main: [[{ node: 'Klaviyo', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'n1',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n2',
				name: 'Input',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` },
			},
			{
				id: 'n3',
				name: 'Klaviyo',
				type: `${PACKAGE}.klaviyo`,
				typeVersion: 1,
				position: [440, 0],
				parameters,
				credentials: {
					klaviyoApi: { id: sims.credentials.klaviyo.id, name: sims.credentials.klaviyo.name },
				},
				...settings,
			},
		],
	};
}

function output(execution: Execution, index: number): Json[] {
	const runs = execution.data?.resultData.runData.Klaviyo;
	if (!runs)
		throw new Error(
			`Klaviyo did not run: ${execution.data?.resultData.error?.message ?? 'no error'}`,
		);
	return (runs[0].data?.main[index] ?? []).map((item) => item.json);
}

/** Realistic store orders: the Sitoo simulator's receipts, normalized as the Sitoo nodes do. */
function orderMaker() {
	const sitoo = createSitooSimulator({
		accountId: ACCOUNT,
		apiId: `${ACCOUNT}-1`,
		password: 'p',
		seed: 5,
		historyOrders: 0,
	});
	let clock = Date.now() - 3600_000;
	let count = 0;
	return (customer: 'member' | 'guest' = 'member'): NormalizedOrder => {
		clock += 60_000;
		const raw = sitoo.factory.sale(clock, {
			storeId: 1 + (count++ % 3),
			customer,
			payment: 'card',
		});
		const result = normalizeOrder(raw, { accountId: ACCOUNT, now: Date.now() });
		if (!result.ok) throw new Error(result.reason);
		return result.order;
	};
}

function chunks<T>(values: T[], size: number): T[][] {
	return Array.from({ length: Math.ceil(values.length / size) }, (_, n) =>
		values.slice(n * size, n * size + size),
	);
}

/** Order events of these orders: a Placed Order and one Ordered Product per line. */
function eventsIn(orders: NormalizedOrder[]): number {
	return orders.reduce((n, o) => n + 1 + o.lines.length, 0);
}

/** The workflow with n8n's Loop Over Items before the Klaviyo node: one run of it per two items. */
function inBatchesOfTwo(flow: ReturnType<typeof workflow>): Json {
	return {
		...flow,
		connections: {
			[TRIGGER]: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
			Input: { main: [[{ node: 'Two at a time', type: 'main', index: 0 }]] },
			'Two at a time': { main: [[], [{ node: 'Klaviyo', type: 'main', index: 0 }]] },
			Klaviyo: { main: [[{ node: 'Two at a time', type: 'main', index: 0 }]] },
		},
		nodes: [
			...flow.nodes,
			{
				id: 'n4',
				name: 'Two at a time',
				type: 'n8n-nodes-base.splitInBatches',
				typeVersion: 3,
				position: [330, 0],
				parameters: { batchSize: 2, options: {} },
			},
		],
	};
}

describe('the Klaviyo node in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	const nextOrder = orderMaker();
	const events = (metric: string) =>
		admin<Json[]>(
			sims.klaviyoServer,
			'GET',
			`/__admin/events?metric=${encodeURIComponent(metric)}`,
		);
	const counters = () => admin<Json>(sims.klaviyoServer, 'GET', '/__admin/counters');

	/** Every order has one Placed Order, and one Ordered Product per line, with their unique ids. */
	async function expectExactlyOnce(orders: NormalizedOrder[]) {
		const placed = await events('Placed Order');
		const products = await events('Ordered Product');
		for (const order of orders) {
			const id = String(order.ids.orderId);
			const mine = placed.filter((e) => e.properties.OrderId === id);
			expect(mine).toHaveLength(1);
			expect(mine[0]).toMatchObject({
				uniqueId: `sitoo:${ACCOUNT}:${id}`,
				value: order.totals.gross,
				valueCurrency: order.currency,
				email: order.customer.email!.trim().toLowerCase(),
				properties: { 'Source Name': 'POS' },
			});
			const lines = products.filter((e) => e.properties.OrderId === id);
			expect(lines.map((e) => e.uniqueId).sort()).toEqual(
				order.lines.map((l) => `sitoo:${ACCOUNT}:${id}:${l.lineId}`).sort(),
			);
		}
	}

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([sims.credentials.klaviyo]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('runs the same orders twice and leaves exactly one Placed Order per order and one Ordered Product per line; a guest leaves on Unattributed', async () => {
		const orders = [nextOrder(), nextOrder(), nextOrder(), nextOrder()];
		const guest = nextOrder('guest');
		await n8n.importWorkflow(
			workflow(
				'klavTrackTwice1',
				[...orders, guest],
				{ resource: 'order', operation: 'trackPlaced' },
				sims,
			),
		);
		for (let run = 0; run < 2; run++) {
			const execution = await n8n.runManually('klavTrackTwice1', TRIGGER);
			expect(execution.status).toBe('success');
			expect(output(execution, 0).map((item) => item.status)).toEqual([
				'sent',
				'sent',
				'sent',
				'sent',
			]);
			expect(output(execution, 1)).toEqual([
				expect.objectContaining({
					unattributed: true,
					orderId: guest.ids.orderId,
					reason: expect.stringContaining('no usable customer email'),
				}),
			]);
			const runs = execution.data!.resultData.runData.Klaviyo[0].data!.main as unknown as Array<
				Array<{ pairedItem?: { item: number } }>
			>;
			expect(runs[0].map((item) => item.pairedItem?.item)).toEqual([0, 1, 2, 3]);
			expect(runs[1].map((item) => item.pairedItem?.item)).toEqual([4]);
		}
		await expectExactlyOnce(orders);
		expect(
			(await events('Placed Order')).filter(
				(e) => e.properties.OrderId === String(guest.ids.orderId),
			),
		).toHaveLength(0);
		const summary = await admin<Json>(sims.klaviyoServer, 'GET', '/__admin/summary');
		expect(summary.duplicateEventsDropped).toBeGreaterThanOrEqual(
			orders.reduce((n, o) => n + 1 + o.lines.length, 0),
		);
	});

	it('gets everything through a 429 storm and 10 % server errors, and the rate limiter itself throttles nothing', async () => {
		const orders = Array.from({ length: 10 }, () => nextOrder());
		await n8n.importWorkflow(
			workflow('klavStormOrder1', orders, { resource: 'order', operation: 'trackPlaced' }, sims),
		);
		await admin(sims.klaviyoServer, 'PUT', '/__admin/config', { rateLimits: true });
		const before = await counters();
		await admin(sims.klaviyoServer, 'PUT', '/__admin/faults', {
			throttleNext: 4,
			serverErrorRate: 0.1,
		});
		try {
			const execution = await n8n.runManually('klavStormOrder1', TRIGGER);
			expect(execution.status).toBe('success');
		} finally {
			await admin(sims.klaviyoServer, 'DELETE', '/__admin/faults');
		}
		await expectExactlyOnce(orders);
		const after = await counters();
		expect(after.injected.throttled - before.injected.throttled).toBe(4);
		expect(after.injected.serverErrors - before.injected.serverErrors).toBeGreaterThan(0);
		// Every 429 seen was one we injected: the pacing kept the real limits.
		expect((after.byStatus['429'] ?? 0) - (before.byStatus['429'] ?? 0)).toBe(4);
	});

	it('with rate limits on, paces a burst of reads so the simulator counts no 429 beyond the burst limit', async () => {
		await admin(sims.klaviyoServer, 'PUT', '/__admin/config', { rateLimits: true });
		// Metrics are in the M tier: 10 requests per second. 25 items read 25 times.
		const items = Array.from({ length: 25 }, (_, n) => ({ n }));
		await n8n.importWorkflow(
			workflow(
				'klavBurstRead01',
				items,
				{ resource: 'metric', operation: 'getMany', returnAll: true },
				sims,
			),
		);
		const before = await counters();
		const execution = await n8n.runManually('klavBurstRead01', TRIGGER);
		expect(execution.status).toBe('success');
		const after = await counters();
		expect(
			(after.byRoute['GET /api/metrics'] ?? 0) - (before.byRoute['GET /api/metrics'] ?? 0),
		).toBe(25);
		expect((after.byStatus['429'] ?? 0) - (before.byStatus['429'] ?? 0)).toBe(0);
		expect(output(execution, 0).some((metric) => metric.name === 'Placed Order')).toBe(true);
	});

	it('creates many events in a bulk job, leaving out a repeated unique id and sending a placeholder email to Unattributed, and reads them back', async () => {
		const visits = [
			{ email: 'Visitor.One@Example.com', id: 'v1' },
			{ email: 'visitor.two@example.com', id: 'v2' },
			{ email: 'visitor.one@example.com', id: 'v1' },
			{ email: 'noemail@example.com', id: 'v3' },
		];
		const parameters = {
			resource: 'event',
			operation: 'createMany',
			metricName: 'Visited Store',
			email: '={{ $json.email }}',
			properties: '={{ JSON.stringify({ Store: "Stockholm" }) }}',
			additionalFields: {
				uniqueId: '={{ $json.id }}',
				time: new Date(Date.now() - 60_000).toISOString(),
			},
		};
		await n8n.importWorkflow(workflow('klavCreateMany1', visits, parameters, sims));
		const execution = await n8n.runManually('klavCreateMany1', TRIGGER);
		expect(execution.status).toBe('success');
		expect(output(execution, 0).map((item) => item.status)).toEqual([
			'accepted',
			'accepted',
			'duplicate',
		]);
		expect(output(execution, 1)).toHaveLength(1);
		const stored = await events('Visited Store');
		expect(stored.map((e) => e.email).sort()).toEqual([
			'visitor.one@example.com',
			'visitor.two@example.com',
		]);

		await n8n.importWorkflow(
			workflow(
				'klavGetEvents01',
				[{}],
				{
					resource: 'event',
					operation: 'getMany',
					metric: { __rl: true, mode: 'name', value: 'Visited Store' },
					returnAll: true,
				},
				sims,
			),
		);
		const read = await n8n.runManually('klavGetEvents01', TRIGGER);
		expect(read.status).toBe('success');
		expect(output(read, 0)).toHaveLength(2);
		expect(output(read, 0)[0]).toMatchObject({
			event_properties: expect.objectContaining({ Store: 'Stockholm' }),
		});
	});

	it('switches by itself from single events to a bulk job for a large run and back for small runs, with the same events and unique ids either way', async () => {
		const orders = Array.from({ length: 12 }, () => nextOrder());
		const total = orders.reduce((n, o) => n + 1 + o.lines.length, 0);
		// Two orders per run stay below the threshold; all twelve in one run reach it.
		const bulkFromEvents = Math.max(...chunks(orders, 2).map(eventsIn)) + 1;
		expect(total).toBeGreaterThanOrEqual(bulkFromEvents);
		const parameters = { resource: 'order', operation: 'trackPlaced', options: { bulkFromEvents } };
		const latest = { typeVersion: 1.3 };

		// The same orders on a second Klaviyo account, one Loop Over Items batch of two at a time.
		const other = createKlaviyoSimulator({ apiKey: KLAVIYO_KEY });
		const otherServer = await other.listen(0);
		try {
			const otherCredential = {
				...sims.credentials.klaviyo,
				id: 'klaviyoSimCred2',
				name: 'Klaviyo (second simulator)',
				data: { ...sims.credentials.klaviyo.data, baseUrl: otherServer.url },
			};
			await n8n.importCredentials([otherCredential]);
			const big = workflow('klavAutoBulk001', orders, parameters, sims, latest);
			const small = inBatchesOfTwo(
				workflow('klavAutoSingle1', orders, parameters, sims, {
					...latest,
					credentials: { klaviyoApi: { id: otherCredential.id, name: otherCredential.name } },
				}),
			);
			await n8n.importWorkflow(big);
			await n8n.importWorkflow(small);

			const before = await counters();
			const bulkRun = await n8n.runManually('klavAutoBulk001', TRIGGER);
			expect(bulkRun.status).toBe('success');
			const after = await counters();
			const sent = (from: Json, to: Json, route: string) =>
				(to.byRoute[route] ?? 0) - (from.byRoute[route] ?? 0);
			expect(sent(before, after, 'POST /api/event-bulk-create-jobs')).toBe(1);
			expect(sent(before, after, 'POST /api/events')).toBe(0);
			expect(output(bulkRun, 0).map((item) => [item.status, item.sentUsing])).toEqual(
				orders.map(() => ['sent', 'bulkJobs']),
			);

			const smallRun = await n8n.runManually('klavAutoSingle1', TRIGGER);
			expect(smallRun.status).toBe('success');
			const otherCounters = await admin<Json>(otherServer, 'GET', '/__admin/counters');
			expect(otherCounters.byRoute['POST /api/events']).toBe(total);
			expect(otherCounters.byRoute['POST /api/event-bulk-create-jobs'] ?? 0).toBe(0);
			const smallRuns = smallRun.data!.resultData.runData.Klaviyo;
			expect(smallRuns).toHaveLength(orders.length / 2);
			expect(
				smallRuns.flatMap((r) => (r.data?.main[0] ?? []).map((i) => i.json.sentUsing)),
			).toEqual(orders.map(() => 'events'));

			// What a marketer sees in Klaviyo is the same, event for event.
			const ids = new Set(
				output(bulkRun, 0).flatMap((item) => (item.events as Json[]).map((e) => e.uniqueId)),
			);
			expect(ids.size).toBe(total);
			const seen = async (server: typeof otherServer) =>
				(await admin<Json[]>(server, 'GET', '/__admin/events'))
					.filter((e) => ids.has(e.uniqueId))
					.map((e) => ({
						metric: e.metric,
						email: e.email,
						datetime: e.datetime,
						value: e.value,
						valueCurrency: e.valueCurrency,
						uniqueId: e.uniqueId,
						backfill: e.backfill,
						properties: e.properties,
					}))
					.sort((a, b) => `${a.metric}${a.uniqueId}`.localeCompare(`${b.metric}${b.uniqueId}`));
			const viaBulk = await seen(sims.klaviyoServer);
			expect(viaBulk).toHaveLength(total);
			expect(await seen(otherServer)).toEqual(viaBulk);
			await expectExactlyOnce(orders);
		} finally {
			await otherServer.close();
		}
	});

	describe('a 409 duplicate profile', () => {
		/** Email on one profile, phone on another: profile-import with both conflicts. */
		function seed(tag: string) {
			const world = sims.klaviyo.world;
			const email = `anna.${tag}@example.com`;
			const phone = `+4670${String(1_000_000 + Math.floor(Math.random() * 8_999_999)).slice(0, 7)}`;
			const a = world.importProfile({ type: 'profile', attributes: { email } });
			const b = world.importProfile({
				type: 'profile',
				attributes: { email: `bo.${tag}@example.com`, phone_number: phone },
			});
			if (Array.isArray(a) || Array.isArray(b)) throw new Error('seeding failed');
			return { email, phone, emailHolder: a.profile.id, phoneHolder: b.profile.id };
		}
		const parameters = (email: string, phone: string, onDuplicate?: string) => ({
			resource: 'profile',
			operation: 'createOrUpdate',
			email,
			additionalFields: { firstName: 'Anna', phoneNumber: phone, externalId: 'POS-1' },
			options: onDuplicate ? { onDuplicate } : {},
		});

		it('by default finds out first whose phone it is and leaves it out, never touching the other profile', async () => {
			const s = seed('retry');
			await n8n.importWorkflow(
				workflow('klavDupRetry001', [{}], parameters(s.email, s.phone), sims),
			);
			const execution = await n8n.runManually('klavDupRetry001', TRIGGER);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'Klaviyo')[0]).toMatchObject({
				id: s.emailHolder,
				duplicateHandled: 'phoneLeftOut',
				first_name: 'Anna',
				phone_number: null,
				notes: [`phone ${s.phone} left out: it belongs to Klaviyo profile ${s.phoneHolder}`],
			});
			const [stored] = await admin<Json[]>(
				sims.klaviyoServer,
				'GET',
				`/__admin/profiles?email=${encodeURIComponent(s.email)}`,
			);
			expect(stored).toMatchObject({
				id: s.emailHolder,
				first_name: 'Anna',
				phone_number: null,
				properties: { pos_customer_id: 'POS-1' },
			});
			expect(sims.klaviyo.world.profiles.get(s.phoneHolder)).toMatchObject({
				phone_number: s.phone,
				email: 'bo.retry@example.com',
				first_name: null,
			});
		});

		it('updates the existing profile by id when chosen', async () => {
			const s = seed('update');
			await n8n.importWorkflow(
				workflow('klavDupUpdate01', [{}], parameters(s.email, s.phone, 'updateExisting'), sims),
			);
			const execution = await n8n.runManually('klavDupUpdate01', TRIGGER);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'Klaviyo')[0]).toMatchObject({
				id: s.phoneHolder,
				duplicateHandled: 'updatedExisting',
				first_name: 'Anna',
			});
			expect(sims.klaviyo.world.profiles.get(s.phoneHolder)).toMatchObject({
				first_name: 'Anna',
				phone_number: s.phone,
				email: `bo.update@example.com`,
			});
			expect(sims.klaviyo.world.profiles.get(s.emailHolder)?.first_name).toBeNull();
		});

		it('fails naming both profile ids when chosen', async () => {
			const s = seed('fail');
			await n8n.importWorkflow(
				workflow('klavDupFail0001', [{}], parameters(s.email, s.phone, 'fail'), sims),
			);
			const execution = await n8n.runManually('klavDupFail0001', TRIGGER);
			expect(execution.status).toBe('error');
			const message = execution.data?.resultData.error?.message ?? '';
			expect(message).toContain(s.emailHolder);
			expect(message).toContain(s.phoneHolder);
		});
	});

	it("keeps a Klaviyo unsubscribe that is newer than the opt-in at the till, and applies an opt-in newer than Klaviyo's", async () => {
		const optInAt = new Date(Date.now() - 2 * 3600_000).toISOString();
		await admin(sims.klaviyoServer, 'POST', '/__admin/consent', {
			email: 'later.unsub@example.com',
			consent: 'UNSUBSCRIBED',
			timestamp: new Date(Date.now() - 3600_000).toISOString(),
		});
		await admin(sims.klaviyoServer, 'POST', '/__admin/consent', {
			email: 'earlier.unsub@example.com',
			consent: 'UNSUBSCRIBED',
			timestamp: new Date(Date.now() - 3 * 3600_000).toISOString(),
		});
		const people = [
			{ email: 'later.unsub@example.com', at: optInAt },
			{ email: 'earlier.unsub@example.com', at: optInAt },
			{ email: 'noemail@example.com', at: optInAt },
		];
		await n8n.importWorkflow(
			workflow(
				'klavConsentGrd1',
				people,
				{
					resource: 'consent',
					operation: 'subscribe',
					email: '={{ $json.email }}',
					consentTime: '={{ $json.at }}',
					channels: ['email'],
					options: { customSource: 'POS Stockholm' },
				},
				sims,
			),
		);
		const execution = await n8n.runManually('klavConsentGrd1', TRIGGER);
		expect(execution.status).toBe('success');
		const [kept, applied] = output(execution, 0);
		expect(kept).toMatchObject({
			email: 'later.unsub@example.com',
			status: 'skipped',
			reason: expect.stringContaining("Klaviyo's choice stands"),
		});
		expect(applied).toMatchObject({ email: 'earlier.unsub@example.com', status: 'applied' });
		expect(output(execution, 1)).toEqual([
			expect.objectContaining({
				unattributed: true,
				reason: expect.stringContaining('placeholder'),
			}),
		]);
		const consentOf = async (email: string) =>
			(
				await admin<Json[]>(
					sims.klaviyoServer,
					'GET',
					`/__admin/profiles?email=${encodeURIComponent(email)}`,
				)
			)[0].subscriptions.email.marketing;
		expect(await consentOf('later.unsub@example.com')).toMatchObject({ consent: 'UNSUBSCRIBED' });
		expect(await consentOf('earlier.unsub@example.com')).toMatchObject({
			consent: 'SUBSCRIBED',
			method_detail: 'historical_import',
			custom_method_detail: 'POS Stockholm',
		});
	});
});
