/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/**
 * The Klaviyo node's shell, run in-process against the Klaviyo simulator: the router, the live and
 * bulk senders and the two outputs, with a stand-in for n8n's execute context.
 */
import { NodeHelpers, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { Klaviyo } from '../../../nodes/Klaviyo/Klaviyo.node';
import * as trackOrderCore from '../../../nodes/core/klaviyo/track-order';
import { readsTheItem } from '../../../nodes/Klaviyo/sending/order-item';
import { createKlaviyoSimulator, type KlaviyoSimulator } from '../../simulators/klaviyo';
import type { RunningServer } from '../../simulators/shared/http';
import { NOW, STORE, normalized, simulator } from '../order/helpers';

const API_KEY = 'pk_node_test';

type Json = Record<string, unknown>;
type Parameters = Record<string, unknown | ((itemIndex: number) => unknown)>;

/**
 * A parameter set by expression: `evaluate` stands for n8n's evaluation per item, `raw` is what
 * n8n gives with `rawExpressions` (the expression text).
 */
function expression(raw: unknown, evaluate: (itemIndex: number) => unknown) {
	return Object.assign((itemIndex: number) => evaluate(itemIndex), { raw });
}

/** Sees every request before it is sent, and may hold it back for a while (milliseconds). */
type Watch = (request: { method: string; url: string; body?: unknown }) => number | void;

function context(
	server: RunningServer,
	items: Json[],
	parameters: Parameters,
	continueOnFail = false,
	watch: Watch = () => undefined,
	typeVersion = 1,
): IExecuteFunctions {
	const call = async (
		_credential: string,
		options: { method: string; url: string; body?: unknown; headers?: Record<string, string> },
	) => {
		const delay = watch(options);
		if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
		const response = await fetch(options.url, {
			method: options.method,
			headers: {
				...options.headers,
				authorization: `Klaviyo-API-Key ${API_KEY}`,
				'content-type': 'application/json',
				accept: 'application/json',
			},
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
		const text = await response.text();
		return {
			statusCode: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			body: text ? (JSON.parse(text) as unknown) : undefined,
		};
	};
	const fake = {
		getInputData: () =>
			items.map((json): INodeExecutionData => ({ json: json as INodeExecutionData['json'] })),
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallback?: unknown,
			options?: { rawExpressions?: boolean },
		) => {
			const value = parameters[name];
			if (value === undefined) return fallback;
			if (options?.rawExpressions && typeof value === 'function' && 'raw' in value)
				return value.raw;
			return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
		},
		getCredentials: async () => ({ apiKey: API_KEY, baseUrl: server.url }),
		getNode: () => ({
			id: 'k',
			name: 'Klaviyo',
			type: 'klaviyo',
			typeVersion,
			position: [0, 0],
			parameters: {},
		}),
		getWorkflow: () => ({ id: 'wf-node-test', active: false }),
		continueOnFail: () => continueOnFail,
		helpers: { httpRequestWithAuthentication: call },
	};
	return fake as unknown as IExecuteFunctions;
}

describe('the Klaviyo node', () => {
	let klaviyo: KlaviyoSimulator;
	let server: RunningServer;
	const run = (
		items: Json[],
		parameters: Parameters,
		continueOnFail = false,
		watch?: Watch,
		typeVersion?: number,
	) =>
		new Klaviyo().execute.call(
			context(server, items, parameters, continueOnFail, watch, typeVersion),
		);
	const stored = async (metric: string) =>
		(await (
			await fetch(`${server.url}/__admin/events?metric=${encodeURIComponent(metric)}`)
		).json()) as Json[];

	beforeAll(async () => {
		klaviyo = createKlaviyoSimulator({ apiKey: API_KEY, rateLimits: false });
		server = await klaviyo.listen(0);
	});
	afterAll(async () => server?.close());

	it('creates an event and answers with its metric and unique id', async () => {
		const [main, unattributed] = await run([{}], {
			resource: 'event',
			operation: 'create',
			metricName: 'Visited Store',
			email: ' Kim@Example.com ',
			properties: '{"Store": "Stockholm"}',
			additionalFields: { uniqueId: 'visit-1', value: 10, valueCurrency: 'sek' },
		});
		expect(main.map((i) => i.json)).toEqual([
			{ accepted: true, metric: 'Visited Store', uniqueId: 'visit-1' },
		]);
		expect(unattributed).toEqual([]);
		expect(await stored('Visited Store')).toEqual([
			expect.objectContaining({
				email: 'kim@example.com',
				uniqueId: 'visit-1',
				valueCurrency: 'SEK',
				backfill: false,
			}),
		]);
	});

	it('gives up at "Give Up After" when Klaviyo asks for a longer wait, with a "try again" message', async () => {
		await fetch(`${server.url}/__admin/faults`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ throttleNext: 5, throttleRetryAfterSeconds: 3 }),
		});
		let left: { throttleNext: number } | undefined;
		try {
			await expect(
				run([{}], {
					resource: 'event',
					operation: 'create',
					metricName: 'Visited Store',
					email: 'kim@example.com',
					giveUpAfterSeconds: 2,
				}),
			).rejects.toThrow(/Give Up After.*try again/);
			left = (await (await fetch(`${server.url}/__admin/faults`)).json()) as typeof left;
		} finally {
			await fetch(`${server.url}/__admin/faults`, { method: 'DELETE' });
		}
		// One request, then it gave up rather than wait 3 s it did not have.
		expect(left?.throttleNext).toBe(4);
	});

	it('fails Create on a field error with the message that names it, or gives an error item with Continue On Fail', async () => {
		const parameters = {
			resource: 'event',
			operation: 'create',
			metricName: ' ',
			email: 'kim@example.com',
		};
		await expect(run([{}], parameters)).rejects.toThrow('Metric Name is empty');
		const [main] = await run(
			[{}, {}],
			{ ...parameters, metricName: (i: number) => (i === 0 ? ' ' : 'Visited Store') },
			true,
		);
		expect(main.map((i) => i.json)).toEqual([
			{ error: expect.stringContaining('Metric Name is empty') },
			expect.objectContaining({ accepted: true }),
		]);
	});

	it('creates many in a bulk job: a repeat is left out, a placeholder goes to Unattributed, an old event is a backfill', async () => {
		const visits = [
			{ email: 'one@example.com', id: 'm1', time: new Date(Date.now() - 60_000).toISOString() },
			{
				email: 'two@example.com',
				id: 'm2',
				time: new Date(Date.now() - 48 * 3600_000).toISOString(),
			},
			{ email: 'One@Example.com', id: 'm1', time: new Date(Date.now() - 60_000).toISOString() },
			{ email: 'noemail@example.com', id: 'm3', time: new Date().toISOString() },
		];
		const [main, unattributed] = await run(visits, {
			resource: 'event',
			operation: 'createMany',
			metricName: 'Bulk Visit',
			email: (i: number) => visits[i]!.email,
			properties: '{}',
			additionalFields: (i: number) => ({ uniqueId: visits[i]!.id, time: visits[i]!.time }),
		});
		expect(main.map((i) => i.json)).toEqual([
			{
				status: 'accepted',
				job: 1,
				eventsInJob: 2,
				metric: 'Bulk Visit',
				uniqueId: 'm1',
				backfill: false,
			},
			{
				status: 'accepted',
				job: 1,
				eventsInJob: 2,
				metric: 'Bulk Visit',
				uniqueId: 'm2',
				backfill: true,
			},
			{ status: 'duplicate', uniqueId: 'm1', reason: expect.stringContaining('item 0') },
		]);
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(unattributed).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					unattributed: true,
					reason: expect.stringContaining('placeholder'),
				}),
				pairedItem: { item: 3 },
			}),
		]);
		const events = await stored('Bulk Visit');
		expect(events.map((e) => [e.uniqueId, e.backfill]).sort()).toEqual([
			['m1', false],
			['m2', true],
		]);
	});

	it('tracks placed orders live and in bulk jobs with the same events, and a guest on Unattributed', async () => {
		const sim = simulator(53, 10);
		let clock = NOW;
		const order = () =>
			normalized(
				sim.factory.sale((clock += 60_000), {
					storeId: STORE.SE,
					customer: 'member',
					payment: 'card',
				}),
			).order as unknown as Json;
		const live = [order(), order()];
		const guest = normalized(
			sim.factory.sale((clock += 60_000), { storeId: STORE.SE, customer: 'guest' }),
		).order as unknown as Json;
		const [main, unattributed] = await run([live[0]!, guest, live[1]!], {
			resource: 'order',
			operation: 'trackPlaced',
		});
		expect(main.map((i) => [i.json.status, i.pairedItem])).toEqual([
			['sent', { item: 0 }],
			['sent', { item: 2 }],
		]);
		expect(unattributed.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		const bulk = [order(), order()];
		const [bulkMain] = await run(bulk, {
			resource: 'order',
			operation: 'trackPlaced',
			options: { sendUsing: 'bulkJobs' },
		});
		expect(bulkMain.map((i) => i.json)).toEqual([
			expect.objectContaining({ status: 'accepted', job: 1 }),
			expect.objectContaining({ status: 'accepted', job: 1 }),
		]);
		const placed = await stored('Placed Order');
		const ids = [...live, ...bulk].map(
			(o) => `sitoo:${(o.ids as Json).accountId as string}:${(o.ids as Json).orderId as number}`,
		);
		expect(placed.filter((e) => ids.includes(e.uniqueId as string))).toHaveLength(4);
		// Months-old receipts: sent as history both ways (docs/design.md invariant 3).
		expect(
			placed.filter((e) => ids.includes(e.uniqueId as string)).every((e) => e.backfill === true),
		).toBe(true);
	});

	describe('Send Using Automatic (the default from version 1.3)', () => {
		/** Members' sales an hour ago by the node's clock, each with its lines. */
		function memberSales(seed: number, count: number): Json[] {
			const sim = simulator(seed, 4);
			let clock = Date.now() - 3600_000;
			return Array.from(
				{ length: count },
				() =>
					normalized(
						sim.factory.sale((clock += 1_000), {
							storeId: STORE.SE,
							customer: 'member',
							payment: 'card',
						}),
					).order as unknown as Json,
			);
		}
		/** Counts the requests by path. */
		function requestLog() {
			const paths: string[] = [];
			const watch: Watch = (request) => void paths.push(new URL(request.url).pathname);
			return { paths, watch, count: (path: string) => paths.filter((p) => p === path).length };
		}
		/** What a marketer sees of an event, whichever request brought it. */
		const seen = (e: Json) => ({
			metric: e.metric,
			email: e.email,
			phone_number: e.phone_number,
			datetime: e.datetime,
			value: e.value,
			valueCurrency: e.valueCurrency,
			uniqueId: e.uniqueId,
			backfill: e.backfill,
			properties: e.properties,
		});
		const byId = (a: Json, b: Json) =>
			`${a.metric as string}${a.uniqueId as string}`.localeCompare(
				`${b.metric as string}${b.uniqueId as string}`,
			);

		it('sends a run from "Bulk Jobs From" events in bulk jobs and a smaller run one event at a time, with the same events and ids either way', async () => {
			const orders = memberSales(71, 6);
			const eventsOf = (order: Json) => 1 + (order.lines as unknown[]).length;
			const total = orders.reduce((n, o) => n + eventsOf(o), 0);
			const parameters = {
				resource: 'order',
				operation: 'trackPlaced',
				options: { bulkFromEvents: total },
			};
			const big = requestLog();
			// Counted to choose, then sent: each order is mapped once for both.
			const mapping = jest.spyOn(trackOrderCore, 'trackOrder');
			let mapped = 0;
			const [bulkMain] = await run(orders, parameters, false, big.watch, 1.3).finally(() => {
				mapped = mapping.mock.calls.length;
				mapping.mockRestore();
			});
			expect(mapped).toBe(orders.length);
			expect(big.count('/api/event-bulk-create-jobs')).toBe(1);
			expect(big.count('/api/events')).toBe(0);
			expect(bulkMain.map((i) => [i.json.status, i.json.sentUsing, i.json.job])).toEqual(
				orders.map(() => ['sent', 'bulkJobs', 1]),
			);

			// The same orders, one short of the threshold per run, on a second Klaviyo account.
			const other = createKlaviyoSimulator({ apiKey: API_KEY, rateLimits: false });
			const otherServer = await other.listen(0);
			try {
				const small = requestLog();
				const singleMain: INodeExecutionData[] = [];
				for (let n = 0; n < orders.length; n += 2) {
					const [main] = await new Klaviyo().execute.call(
						context(otherServer, orders.slice(n, n + 2), parameters, false, small.watch, 1.3),
					);
					singleMain.push(...main);
				}
				expect(small.count('/api/event-bulk-create-jobs')).toBe(0);
				expect(small.count('/api/events')).toBe(total);
				expect(singleMain.map((i) => [i.json.status, i.json.sentUsing])).toEqual(
					orders.map(() => ['sent', 'events']),
				);
				// The items say the same but for how they went.
				const without = (json: Json) => ({ ...json, sentUsing: undefined, job: undefined });
				expect(bulkMain.map((i) => without(i.json))).toEqual(
					singleMain.map((i) => without(i.json)),
				);
				const ids = new Set(
					bulkMain.flatMap((i) => (i.json.events as Json[]).map((e) => e.uniqueId)),
				);
				const inKlaviyo = async (url: string) =>
					((await (await fetch(`${url}/__admin/events`)).json()) as Json[])
						.filter((e) => ids.has(e.uniqueId))
						.map(seen)
						.sort(byId);
				const viaBulk = await inKlaviyo(server.url);
				expect(viaBulk).toHaveLength(total);
				expect(await inKlaviyo(otherServer.url)).toEqual(viaBulk);
			} finally {
				await otherServer.close();
			}
		});

		it('sends each order of a bulk job Klaviyo refuses for one phone again on its own: the others go, and the refused phone is left out with a note', async () => {
			const [first, second, third] = memberSales(72, 3) as [Json, Json, Json];
			const withPhone = {
				...second,
				customer: {
					...(second.customer as Json),
					email: 'bulk.phone.refused@example.com',
					phone: '070-765 43 21',
				},
				store: { ...(second.store as Json), country: 'SE' },
			};
			await fetch(`${server.url}/__admin/config`, {
				method: 'PUT',
				body: JSON.stringify({ refusedPhoneNumbers: ['+46707654321'] }),
			});
			const log = requestLog();
			try {
				const [main] = await run(
					[first, withPhone, third],
					{ resource: 'order', operation: 'trackPlaced', options: { bulkFromEvents: 1 } },
					false,
					log.watch,
					1.3,
				);
				expect(log.count('/api/event-bulk-create-jobs')).toBe(1);
				expect(main.map((i) => [i.pairedItem, i.json.status, i.json.sentUsing])).toEqual([
					[{ item: 0 }, 'sent', 'events'],
					[{ item: 1 }, 'sent', 'events'],
					[{ item: 2 }, 'sent', 'events'],
				]);
				expect(main[1]!.json).toMatchObject({
					phoneNumber: null,
					notes: [expect.stringMatching(/^phone \+46707654321 left out: Klaviyo refused it/)],
				});
				const placed = await stored('Placed Order');
				// Order ids repeat across this file's seeded simulators: match on the shopper too.
				for (const [n, order] of [first, withPhone, third].entries())
					expect(
						placed.filter(
							(e) =>
								e.uniqueId === (main[n]!.json.events as Json[])[0]!.uniqueId &&
								e.email === ((order.customer as Json).email as string).toLowerCase(),
						),
					).toHaveLength(1);
			} finally {
				await fetch(`${server.url}/__admin/config`, {
					method: 'PUT',
					body: JSON.stringify({ refusedPhoneNumbers: [] }),
				});
			}
		});

		it('refuses a Bulk Jobs From that is not a whole number of at least 1 (as an expression can give it), naming the option and sending nothing', async () => {
			const refused = requestLog();
			for (const bad of [0, 2.5, 'many'])
				await expect(
					run(
						memberSales(74, 2),
						{ resource: 'order', operation: 'trackPlaced', options: { bulkFromEvents: bad } },
						false,
						refused.watch,
						1.3,
					),
				).rejects.toThrow(
					`Bulk Jobs From (Events per Run) must be a whole number of at least 1, not ${JSON.stringify(bad)}`,
				);
			expect(refused.paths).toEqual([]);
			const log = requestLog();
			const [main] = await run(
				memberSales(74, 2),
				{ resource: 'order', operation: 'trackPlaced', options: { bulkFromEvents: '1' } },
				false,
				log.watch,
				1.3,
			);
			expect(main.map((i) => i.json.sentUsing)).toEqual(['bulkJobs', 'bulkJobs']);
			expect(log.count('/api/events')).toBe(0);
		});

		it('reads the node and its order input once per run, not once per order (n8n copies the whole node on every read)', async () => {
			const reads = async (count: number, first: number) => {
				const fake = context(
					server,
					memberSales(first, count),
					{ resource: 'order', operation: 'trackPlaced', options: { sendUsing: 'bulkJobs' } },
					false,
					undefined,
					1.3,
				);
				const counted = { node: 0, orderInput: 0 };
				const getNode = fake.getNode.bind(fake);
				const getNodeParameter = fake.getNodeParameter.bind(fake) as (
					...args: unknown[]
				) => unknown;
				Object.assign(fake, {
					getNode: () => (counted.node++, getNode()),
					getNodeParameter: (...args: unknown[]) => {
						if (args[0] === 'orderInput') counted.orderInput++;
						return getNodeParameter(...args);
					},
				});
				const [main] = await new Klaviyo().execute.call(fake);
				expect(main.map((i) => i.json.status)).toEqual(Array(count).fill('accepted'));
				return counted;
			};
			expect(await reads(40, 9_100)).toEqual(await reads(2, 9_200));
		});

		it("evaluates options that do not read the item once per run, and options that do for each item, with each item's value", async () => {
			const orders = memberSales(75, 3);
			let evaluated = 0;
			const once = expression(
				{ sourceName: "={{ $('Read the sync settings').first().json.source }}" },
				() => (evaluated++, { sourceName: 'Store' }),
			);
			const [sameMain] = await run(
				orders,
				{ resource: 'order', operation: 'trackPlaced', options: once },
				false,
				undefined,
				1.3,
			);
			expect(sameMain.map((i) => i.json.status)).toEqual(['sent', 'sent', 'sent']);
			// Once to choose how to send the run, once for its orders: not once per order.
			expect(evaluated).toBe(2);

			const others = memberSales(76, 3);
			const perItem = expression({ sourceName: '={{ $json.channel }}' }, (i) => ({
				sourceName: `Till ${i}`,
			}));
			await run(
				others,
				{ resource: 'order', operation: 'trackPlaced', options: perItem },
				false,
				undefined,
				1.3,
			);
			const placed = await stored('Placed Order');
			const sourceOf = (order: Json) =>
				(
					placed.find(
						(e) =>
							e.uniqueId ===
								`sitoo:${(order.ids as Json).accountId as string}:${(order.ids as Json).orderId as number}` &&
							e.email === ((order.customer as Json).email as string).toLowerCase(),
					)?.properties as Json | undefined
				)?.['Source Name'];
			expect(others.map(sourceOf)).toEqual(['Till 0', 'Till 1', 'Till 2']);
			expect(orders.map(sourceOf)).toEqual(['Store', 'Store', 'Store']);
		});

		it('tells options that read the item from options that do not', () => {
			for (const perItem of [
				'={{ $json.channel }}',
				"={{ $('Sitoo reports an order').item.json.store.name }}",
				'={{ $input.item.json.source }}',
				"={{ $('Read').pairedItem().json.x }}",
				'={{ $item(0).$node["Read"].json.x }}',
				'={{ $binary.data.fileName }}',
				"={{ $('Read').itemMatching($itemIndex).json.x }}",
			])
				expect([perItem, readsTheItem({ sourceName: perItem })]).toEqual([perItem, true]);
			for (const perRun of [
				"={{ $('Read the sync settings').all().map(row => row.json) }}",
				'={{ $input.all().length }}',
				"={{ $('Read the sync settings').first().json.source }}",
				'={{ $now.toISO() }}',
				'POS',
				undefined,
			])
				expect([perRun, readsTheItem({ sourceName: perRun })]).toEqual([perRun, false]);
		});

		it('keeps One Request per Event for nodes before version 1.3', async () => {
			const log = requestLog();
			await run(
				memberSales(73, 3),
				{ resource: 'order', operation: 'trackPlaced', options: { bulkFromEvents: 1 } },
				false,
				log.watch,
				1.2,
			);
			expect(log.count('/api/event-bulk-create-jobs')).toBe(0);
			expect(log.count('/api/events')).toBeGreaterThan(3);
		});
	});

	it('identifies a phone-only shopper and fills the profile from the till from version 1.2 on; version 1 keeps email only', async () => {
		const sim = simulator(62, 4);
		// A sale an hour ago by the node's clock: live, so it moves Last Store Purchase.
		const raw = sim.factory.sale(Date.now() - 3600_000, {
			storeId: STORE.SE,
			customer: { namefirst: 'Örjan', namelast: 'Ståhl', phone: '070-222 33 44', city: 'Malmö' },
			payment: 'card',
		});
		const base = normalized(raw).order as unknown as Json;
		const order = { ...base, store: { ...(base.store as Json), country: 'SE' } };
		const parameters = {
			resource: 'order',
			operation: 'trackPlaced',
			options: { includeOrderedProducts: false },
		};
		const [v1Main, v1Unattributed] = await run([order], parameters);
		expect(v1Main).toEqual([]);
		expect(v1Unattributed.map((i) => i.json.reason)).toEqual([
			`Order ${raw.orderid} has no usable customer email: no email address.`,
		]);
		const [main] = await run([order], parameters, false, undefined, 1.2);
		expect(main.map((i) => i.json)).toEqual([
			expect.objectContaining({ status: 'sent', email: null, phoneNumber: '+46702223344' }),
		]);
		const profiles = (await (await fetch(`${server.url}/__admin/profiles`)).json()) as Json[];
		expect(profiles.find((p) => p.phone_number === '+46702223344')).toMatchObject({
			email: null,
			first_name: 'Örjan',
			last_name: 'Ståhl',
			location: expect.objectContaining({ city: 'Malmö' }),
			properties: expect.objectContaining({ 'Last Store Purchase': base.tillTime }),
		});
	});

	it('sends a phone-only order Klaviyo refuses the phone of to Unattributed, with the reason', async () => {
		const sim = simulator(63, 4);
		const raw = sim.factory.sale(NOW, {
			storeId: STORE.SE,
			customer: { phone: '070-999 88 77' },
			payment: 'card',
		});
		const base = normalized(raw).order as unknown as Json;
		const order = { ...base, store: { ...(base.store as Json), country: 'SE' } };
		await fetch(`${server.url}/__admin/config`, {
			method: 'PUT',
			body: JSON.stringify({ refusedPhoneNumbers: ['+46709998877'] }),
		});
		try {
			const [main, unattributed] = await run(
				[order],
				{ resource: 'order', operation: 'trackPlaced' },
				false,
				undefined,
				1.2,
			);
			expect(main).toEqual([]);
			expect(unattributed.map((i) => i.json.reason)).toEqual([
				expect.stringMatching(
					new RegExp(
						`^Order ${raw.orderid} has no usable customer email, and Klaviyo refused its phone \\+46709998877`,
					),
				),
			]);
		} finally {
			await fetch(`${server.url}/__admin/config`, {
				method: 'PUT',
				body: JSON.stringify({ refusedPhoneNumbers: [] }),
			});
		}
	});

	it('sends an order again without a phone Klaviyo refuses, and says so; nothing is lost', async () => {
		const sim = simulator(61, 4);
		const raw = sim.factory.sale(NOW, { storeId: STORE.SE, customer: 'member', payment: 'card' });
		const base = normalized(raw).order as unknown as Json;
		const order = {
			...base,
			customer: {
				...(base.customer as Json),
				email: 'phone.refused@example.com',
				phone: '070-123 45 67',
			},
			store: { ...(base.store as Json), country: 'SE' },
		};
		await fetch(`${server.url}/__admin/config`, {
			method: 'PUT',
			body: JSON.stringify({ refusedPhoneNumbers: ['+46701234567'] }),
		});
		try {
			const [main] = await run([order], {
				resource: 'order',
				operation: 'trackPlaced',
				options: { includeOrderedProducts: false },
			});
			expect(main.map((i) => i.json)).toEqual([
				expect.objectContaining({
					status: 'sent',
					email: 'phone.refused@example.com',
					phoneNumber: null,
					notes: [expect.stringMatching(/^phone \+46701234567 left out: Klaviyo refused it/)],
				}),
			]);
			const placed = (await stored('Placed Order')).filter(
				(e) => e.email === 'phone.refused@example.com',
			);
			expect(placed).toEqual([
				expect.objectContaining({
					uniqueId: `sitoo:${(base.ids as Json).accountId as string}:${raw.orderid}`,
				}),
			]);
		} finally {
			await fetch(`${server.url}/__admin/config`, {
				method: 'PUT',
				body: JSON.stringify({ refusedPhoneNumbers: [] }),
			});
		}
	});

	it('stops a live run at a failure, or reports it per item with Continue On Fail', async () => {
		const parameters = { resource: 'order', operation: 'trackPlaced' };
		await expect(run([{ not: 'an order' }], parameters)).rejects.toThrow(
			'The order cannot be read',
		);
		const [main] = await run([{ not: 'an order' }], parameters, true);
		expect(main.map((i) => i.json)).toEqual([
			{ error: expect.stringContaining('The order cannot be read') },
		]);
	});

	it('passes by the empty item of a node set to Always Output Data from version 1.3 (older nodes stop on it), and still stops on an item that is not an order', async () => {
		for (const operation of ['trackPlaced', 'trackRefunded']) {
			const parameters = { resource: 'order', operation, options: { sendUsing: 'bulkJobs' } };
			const [main, unattributed] = await run([{}], parameters, false, undefined, 1.3);
			expect(main.map((i) => i.json)).toEqual([
				{
					orderId: null,
					kind: null,
					receiptId: null,
					store: null,
					status: 'skipped',
					reason:
						'the item is empty: no order (a node set to Always Output Data gives one when it finds nothing)',
					events: [],
				},
			]);
			expect(unattributed).toEqual([]);
			await expect(run([{}], parameters, false, undefined, 1.2)).rejects.toThrow(
				'The order cannot be read',
			);
			await expect(run([{ not: 'an order' }], parameters, false, undefined, 1.3)).rejects.toThrow(
				'The order cannot be read',
			);
		}
	});

	it('gives every item an error for an operation it does not know', async () => {
		const [main] = await run([{}, {}], { resource: 'event', operation: 'nothing' }, true);
		expect(main.map((i) => i.json.error)).toEqual([
			'The operation "nothing" on "event" is not supported',
			'The operation "nothing" on "event" is not supported',
		]);
	});

	describe('live order lanes', () => {
		const sim = simulator(59, 10);
		let clock = NOW;
		const orderOf = (email: string): Json => {
			const order = normalized(
				sim.factory.sale((clock += 60_000), {
					storeId: STORE.SE,
					customer: 'member',
					payment: 'card',
				}),
			).order as unknown as Json;
			return { ...order, customer: { ...(order.customer as Json), email } };
		};
		const orderIdOf = (request: { body?: unknown }) =>
			(
				request.body as
					{ data?: { attributes?: { properties?: { OrderId?: string } } } } | undefined
			)?.data?.attributes?.properties?.OrderId ?? '';

		it('queue a later run behind an earlier one for the same customer, while another customer goes at once', async () => {
			const first = orderOf('lane.kim@example.com');
			const second = orderOf('lane.kim@example.com');
			const other = orderOf('lane.alex@example.com');
			const slow = String((first.ids as Json).orderId);
			const sent: string[] = [];
			const watch: Watch = (request) => {
				sent.push(orderIdOf(request));
				if (orderIdOf(request) !== slow) return 0;
				// Registered before the request's own delay, so it fires first.
				setTimeout(() => sent.push('slow one answered'), 60);
				return 60;
			};
			const parameters = {
				resource: 'order',
				operation: 'trackPlaced',
				options: { includeOrderedProducts: false },
			};
			const earlier = run([first], parameters, false, watch);
			const later = run([second, other], parameters, false, watch);
			await Promise.all([earlier, later]);
			expect(sent.indexOf(String((other.ids as Json).orderId))).toBeLessThan(
				sent.indexOf('slow one answered'),
			);
			expect(sent.indexOf('slow one answered')).toBeLessThan(
				sent.indexOf(String((second.ids as Json).orderId)),
			);
		});

		it("stop the rest of a run after a failure: the customer's next order is not sent", async () => {
			const good = orderOf('lane.sam@example.com');
			const broken = { ...orderOf('lane.sam@example.com'), currency: 'kronor' };
			const sent: string[] = [];
			await expect(
				run(
					[broken, good],
					{ resource: 'order', operation: 'trackPlaced' },
					false,
					(request) => void sent.push(orderIdOf(request)),
				),
			).rejects.toThrow('The order cannot be read');
			expect(sent).toEqual([]);
		});
	});

	describe('Profile → Get and Get Many: Simplify', () => {
		const email = 'simple.sam@example.com';
		let id: string;

		beforeAll(() => {
			const imported = klaviyo.world.importProfile({
				type: 'profile',
				attributes: {
					email,
					phone_number: '+46701234567',
					external_id: '100042',
					first_name: 'Sam',
					last_name: 'Simple',
					organization: 'Acme AB',
					location: {
						address1: 'Drottninggatan 1',
						city: 'Stockholm',
						zip: '111 51',
						country: 'SE',
					},
					properties: { Tier: 'Gold' },
				},
			});
			if (Array.isArray(imported)) throw new Error(JSON.stringify(imported));
			id = imported.profile.id;
			const errors = klaviyo.world.subscribe({
				type: 'profile-subscription-bulk-create-job',
				attributes: {
					profiles: {
						data: [
							{
								type: 'profile',
								attributes: {
									email,
									subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } },
								},
							},
						],
					},
				},
			});
			expect(errors).toEqual([]);
		});

		const simple = () => ({
			id,
			email,
			phone_number: '+46701234567',
			external_id: '100042',
			first_name: 'Sam',
			last_name: 'Simple',
			address1: 'Drottninggatan 1',
			address2: null,
			city: 'Stockholm',
			region: null,
			zip: '111 51',
			country: 'SE',
			properties: { Tier: 'Gold' },
			email_marketing_consent: 'SUBSCRIBED',
			sms_marketing_consent: 'NEVER_SUBSCRIBED',
			sms_transactional_consent: 'NEVER_SUBSCRIBED',
			created: expect.any(String),
			updated: expect.any(String),
		});
		const get = (extra: Json) =>
			run([{}], {
				resource: 'profile',
				operation: 'get',
				lookupBy: 'email',
				lookupValue: email,
				withSubscriptions: true,
				...extra,
			});

		it('Get gives the flat profile with the consent state per channel', async () => {
			const [main] = await get({ simplify: true });
			expect(main.map((item) => item.json)).toEqual([{ found: true, ...simple() }]);
			// By ID too, and without subscriptions there are no consent fields.
			const [byId] = await get({
				simplify: true,
				lookupBy: 'id',
				lookupValue: id,
				withSubscriptions: false,
			});
			expect(Object.keys(byId[0].json)).not.toContain('email_marketing_consent');
			expect(byId[0].json).toMatchObject({ found: true, id, city: 'Stockholm' });
		});

		it("Simplify off, and version 1 nodes (no Simplify), keep Klaviyo's attributes as before", async () => {
			const [off] = await get({ simplify: false });
			const [versionOne] = await get({});
			expect(off).toEqual(versionOne);
			const raw = off[0].json as Json;
			// What the consent template reads (workflows/4-consent-at-the-till.json).
			expect(raw).toMatchObject({
				found: true,
				id,
				email,
				external_id: '100042',
				organization: 'Acme AB',
				location: { address1: 'Drottninggatan 1', city: 'Stockholm', zip: '111 51', country: 'SE' },
				subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } },
			});
			expect(raw).not.toHaveProperty('email_marketing_consent');
			expect(raw).not.toHaveProperty('city');
		});

		it('Get Many gives the same flat profiles, or the raw ones with Simplify off', async () => {
			const list = (simplify?: boolean) =>
				run([{}], {
					resource: 'profile',
					operation: 'getMany',
					returnAll: false,
					limit: 5,
					filters: { email, withSubscriptions: true },
					...(simplify === undefined ? {} : { simplify }),
				});
			const [simplified] = await list(true);
			expect(simplified.map((item) => item.json)).toEqual([simple()]);
			const [raw] = await list(false);
			expect(raw).toEqual((await list())[0]);
			expect(raw[0].json).toMatchObject({ id, location: { city: 'Stockholm' } });
		});

		it('shows Simplify, on by default, only from node version 1.1', () => {
			const { description } = new Klaviyo();
			expect(description.version).toEqual([1, 1.1, 1.2, 1.3]);
			expect(description.defaultVersion).toBe(1.3);
			const defaults = (typeVersion: number, operation: string) =>
				NodeHelpers.getNodeParameters(
					description.properties,
					{ resource: 'profile', operation },
					true,
					false,
					{ typeVersion },
					description,
				);
			for (const operation of ['get', 'getMany']) {
				expect(defaults(1.1, operation)?.simplify).toBe(true);
				expect(defaults(1.2, operation)?.simplify).toBe(true);
				expect(defaults(1, operation)).not.toHaveProperty('simplify');
			}
			const simplify = description.properties.find((p) => p.name === 'simplify')!;
			expect(simplify.description).toBe(
				'Whether to return a simplified version of the response instead of the raw data',
			);
		});
	});
});
