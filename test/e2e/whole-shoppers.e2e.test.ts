/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- made-up credentials for the simulators and the test n8n */
/**
 * Whole shoppers in Klaviyo with the templates' defaults, in a real n8n: phone-only members reach a
 * phone profile once, the till's names and store properties land on the profile, order events carry
 * Sitoo's categories and brands, and a backfill of sales and refunds gives Klaviyo the same state as
 * the live sync over the same orders.
 */
import { createKlaviyoSimulator } from '../simulators/klaviyo';
import type { AdminEvent } from '../simulators/klaviyo/admin';
import type { RunningServer } from '../simulators/shared/http';
import { N8nInstance } from './harness/n8n-instance';
import {
	admin,
	KLAVIYO_KEY,
	listKlaviyoEvents,
	spiLogin,
	startSimulators,
	SITOO,
	type CredentialRecord,
	type Simulators,
} from './harness/simulators';
import { waitFor } from './harness/wait';
import {
	bindCredentials,
	loadTemplates,
	pollNow,
	readLedger,
	setPublished,
	type WorkflowTemplate,
} from '../demo/templates';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const SPI_LOGIN = { user: 'sitoo-shoppers', password: 'e2e-Shoppers-login-0123456789' };
const SPI_CREDENTIAL = spiLogin({
	id: 'spiLoginShop001',
	name: 'Sitoo webhook login (simulator)',
	login: SPI_LOGIN,
});
const ID = {
	sales: 'storeSalesToKlaviyo',
	realTime: 'storeSalesRealTime',
	backfill: 'backfillHistory',
	liveCopy: 'storeSalesLiveCopy',
};
const DAY = 86_400_000;

interface SimOrder {
	orderid: number;
	orderdate: number;
	eshopid: number;
}

interface SimProfile {
	id: string;
	email: string | null;
	phone_number: string | null;
	first_name: string | null;
	last_name: string | null;
	location: Record<string, unknown>;
	properties: Record<string, unknown>;
}

/** The order an event is about: its own id for sales and lines, the refund's id for refunds. */
function orderIdOf(event: AdminEvent): number {
	return Number(event.properties.RefundOrderId ?? event.properties.OrderId);
}

/** What a marketer sees of an event, without the simulator's bookkeeping (ids, arrival times). */
function seen(event: AdminEvent): string {
	return JSON.stringify([
		event.metric,
		event.uniqueId,
		event.email,
		event.phone_number,
		event.datetime,
		event.value,
		event.backfill,
		event.properties.Categories ?? null,
		event.properties.Brands ?? null,
		event.properties.ProductBrand ?? null,
	]);
}

describe('whole shoppers in Klaviyo, with the templates as shipped', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let templates: WorkflowTemplate[];
	const credentials = () => ({
		sitooApi: sims.credentials.sitoo,
		klaviyoApi: sims.credentials.klaviyo,
		sitooSpiAuthApi: SPI_CREDENTIAL,
	});
	const template = (id: string) => templates.find((t) => t.id === id)!;
	const sitooAdmin = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(sims.sitooServer, method, `/__admin${path}`, body);
	const createOrder = async (body: Record<string, unknown>) =>
		(await sitooAdmin<{ order: SimOrder }>('POST', '/orders', body)).order;
	const placedId = (orderId: number) => `sitoo:${SITOO.accountId}:${orderId}`;
	const profiles = (server: RunningServer = sims.klaviyoServer) =>
		admin<SimProfile[]>(server, 'GET', '/__admin/profiles');

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([sims.credentials.sitoo, sims.credentials.klaviyo, SPI_CREDENTIAL]);
		templates = loadTemplates();
		for (const id of [ID.sales, ID.realTime, ID.backfill])
			await n8n.importWorkflow(bindCredentials(template(id), credentials()));
		// n8n records an error workflow id; none is needed here.
		// Published now: n8n answers 404 while it registers a webhook, and Sitoo drops a batch on a 404.
		await setPublished(n8n, ID.realTime, true);
		await setPublished(n8n, ID.sales, true);
		await waitFor(
			'the first poll',
			() => n8n.executions(ID.sales),
			(list) => list.length >= 1,
		);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('polling: a phone-only member reaches Klaviyo on a phone profile exactly once, with names and store properties', async () => {
		const phoneOnly = await createOrder({
			kind: 'sale',
			storeId: 1,
			customer: { namefirst: 'Märta', namelast: 'Lindqvist', phone: '070-765 43 21' },
		});
		const member = await createOrder({
			kind: 'sale',
			storeId: 1,
			customer: {
				email: 'Asa.Nystrom@example.se',
				namefirst: 'Åsa',
				namelast: 'Nyström-Øberg',
				phone: '070-111 22 33',
				city: 'Göteborg',
				zip: '411 01',
				countryid: 'SE',
			},
		});
		// Staff typed the store's own address for a guest: refused from Sitoo's store record, no setting.
		const storeAddress = await createOrder({ kind: 'sale', storeId: 1, customer: 'storeEmail' });
		// A parked order the till cancels: routine, listed apart from the problems.
		const parked = await createOrder({ kind: 'parked', storeId: 1, customer: 'member' });
		await sitooAdmin('POST', `/orders/${parked.orderid}/cancel`);
		await pollNow(n8n, ID.sales);
		const placed = await waitFor(
			'both Placed Orders',
			() => listKlaviyoEvents(sims.klaviyoServer, 'Placed Order'),
			(list) =>
				[phoneOnly, member].every((o) => list.some((e) => e.uniqueId === placedId(o.orderid))),
		);
		// Polling again sends nothing twice.
		await pollNow(n8n, ID.sales);
		await n8n.settledExecutions(ID.sales, 60_000);
		const again = await listKlaviyoEvents(sims.klaviyoServer, 'Placed Order');
		expect(again.filter((e) => e.uniqueId === placedId(phoneOnly.orderid))).toHaveLength(1);
		expect(placed.find((e) => e.uniqueId === placedId(phoneOnly.orderid))).toMatchObject({
			email: null,
			phone_number: '+46707654321',
		});

		const rows = await waitFor(
			'the ledger row of the sale with the store address',
			readLedger.bind(null, n8n),
			(list) => list.some((row) => row.orderId === String(storeAddress.orderid)),
		);
		expect(rows.find((row) => row.orderId === String(storeAddress.orderid))).toMatchObject({
			kind: 'Unattributed sale',
			reason: expect.stringContaining("is the store's own address (Sitoo's store record)"),
		});
		expect(again.filter((e) => e.uniqueId === placedId(storeAddress.orderid))).toEqual([]);
		const cancelled = await waitFor(
			'the ledger row of the cancelled order',
			readLedger.bind(null, n8n),
			(list) => list.some((row) => row.orderId === String(parked.orderid)),
		);
		expect(cancelled.find((row) => row.orderId === String(parked.orderid))).toMatchObject({
			kind: 'Cancelled order (routine)',
		});

		const all = await profiles();
		expect(all.filter((p) => p.phone_number === '+46707654321')).toEqual([
			expect.objectContaining({ email: null, first_name: 'Märta', last_name: 'Lindqvist' }),
		]);
		const store = placed.find((e) => e.uniqueId === placedId(member.orderid))!.properties;
		expect(all.find((p) => p.email === 'asa.nystrom@example.se')).toMatchObject({
			phone_number: '+46701112233',
			first_name: 'Åsa',
			last_name: 'Nyström-Øberg',
			location: expect.objectContaining({ city: 'Göteborg', zip: '411 01', country: 'Sweden' }),
			properties: expect.objectContaining({
				'Last Store Purchase': new Date(member.orderdate * 1000).toISOString(),
				'Last Store Purchase Store': store['Store Name'],
				'Last Store Purchase Store ID': String(store['Store ID']),
			}),
		});
	});

	it('real time: a phone-only sale reaches a phone profile once, and its events carry Sitoo categories and brands', async () => {
		// Only the real-time template sends now.
		await setPublished(n8n, ID.sales, false);
		const sale = await createOrder({
			kind: 'sale',
			storeId: 2,
			customer: { namefirst: 'Ola', namelast: 'Nordmann', phone: '+47 912 34 567' },
		});
		const webhookId = template(ID.realTime).nodes.find(
			(n) => n.type === `${PACKAGE}.sitooEventsTrigger`,
		)!.webhookId as string;
		const deliver = () =>
			sitooAdmin<{ delivered: string[]; dropped: string[] }>('POST', '/events-spi/deliveries', {
				url: `${n8n.baseUrl}/webhook/${webhookId}`,
				username: SPI_LOGIN.user,
				password: SPI_LOGIN.password,
				orderIds: [sale.orderid],
				retry: { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 20, timeoutMs: 15_000 },
			});
		expect((await deliver()).dropped).toEqual([]);
		const events = await waitFor(
			'the real-time Placed Order and its Ordered Products',
			() => listKlaviyoEvents(sims.klaviyoServer),
			(list) =>
				list.some((e) => e.uniqueId === placedId(sale.orderid)) &&
				list.some((e) => String(e.uniqueId).startsWith(`${placedId(sale.orderid)}:`)),
			30_000,
		);
		const placed = events.filter(
			(e) => e.metric === 'Placed Order' && e.uniqueId === placedId(sale.orderid),
		);
		expect(placed).toEqual([expect.objectContaining({ email: null, phone_number: '+4791234567' })]);
		expect(placed[0]!.properties.Categories).toEqual(expect.arrayContaining([expect.any(String)]));
		expect(placed[0]!.properties.Brands).toEqual(expect.arrayContaining([expect.any(String)]));
		const lines = events.filter(
			(e) =>
				e.metric === 'Ordered Product' &&
				String(e.uniqueId).startsWith(`${placedId(sale.orderid)}:`),
		);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) {
			expect(line.properties.Categories).toEqual(expect.arrayContaining([expect.any(String)]));
			expect(line.properties.ProductBrand).toEqual(expect.any(String));
		}
		// A later delivery of the same order doubles nothing.
		await deliver();
		await n8n.settledExecutions(ID.realTime, 60_000);
		expect(
			(await listKlaviyoEvents(sims.klaviyoServer, 'Placed Order')).filter(
				(e) => e.uniqueId === placedId(sale.orderid),
			),
		).toHaveLength(1);
		expect((await n8n.executions(ID.realTime)).filter((e) => e.status !== 'success')).toEqual([]);
		await setPublished(n8n, ID.realTime, false);
	});

	it('backfill: sales and refunds of a range give Klaviyo the same state as the live sync over the same orders', async () => {
		// The live sync's copy sends to a second, empty Klaviyo account; the backfill to the first.
		const liveKlaviyo = createKlaviyoSimulator({ apiKey: KLAVIYO_KEY });
		const liveServer = await liveKlaviyo.listen(0);
		try {
			const liveCredential: CredentialRecord = {
				...sims.credentials.klaviyo,
				id: 'klaviyoLiveCopy1',
				name: 'Klaviyo (live copy)',
				data: { ...sims.credentials.klaviyo.data, baseUrl: liveServer.url },
			};
			await n8n.importCredentials([liveCredential]);

			const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
			const range = { first: day(Date.now() - 9 * DAY), last: day(Date.now() - 6 * DAY) };
			const from = Date.parse(`${range.first}T00:00:00Z`);
			const to = Date.parse(`${range.last}T00:00:00Z`) + DAY;
			const all = (
				await sitooAdmin<{ items: Array<{ kind: string; order: SimOrder }> }>('GET', '/orders')
			).items;
			const inRange = all.filter(
				(i) =>
					i.order.eshopid === 1 &&
					i.order.orderdate * 1000 >= from &&
					i.order.orderdate * 1000 < to,
			);
			expect(inRange.filter((i) => i.kind === 'refund').length).toBeGreaterThan(0);
			const rangeIds = new Set(inRange.map((i) => i.order.orderid));
			const firstId = Math.min(...rangeIds);

			// The backfill, as a retailer sets it: the range's days in "Choose what to copy".
			const backfill = bindCredentials(template(ID.backfill), credentials());
			await n8n.importWorkflow({
				...backfill,
				nodes: backfill.nodes.map((node) => {
					if (node.name !== 'Choose what to copy') return node;
					const parameters = node.parameters as {
						assignments: { assignments: Array<{ name: string; value: unknown }> };
					};
					const values: Record<string, unknown> = { firstDay: range.first, lastDay: range.last };
					const assignments = parameters.assignments.assignments.map((a) =>
						a.name in values ? { ...a, value: values[a.name] } : a,
					);
					return { ...node, parameters: { ...parameters, assignments: { assignments } } };
				}),
			});
			const execution = await n8n.runManually(ID.backfill, 'Start the backfill');
			expect({
				status: execution.status,
				error: execution.data?.resultData.error?.message,
			}).toEqual({ status: 'success', error: undefined });

			// The live sync from the range's first order, on the second account.
			const sales = bindCredentials(template(ID.sales), {
				...credentials(),
				klaviyoApi: liveCredential,
			});
			await n8n.importWorkflow({
				...sales,
				id: ID.liveCopy,
				name: `${sales.name} (live copy)`,
				nodes: sales.nodes.map((node) =>
					node.type === `${PACKAGE}.sitooTrigger`
						? {
								...node,
								parameters: {
									...(node.parameters as Record<string, unknown>),
									startFrom: 'orderId',
									startOrderId: firstId,
									options: {
										...((node.parameters as { options?: Record<string, unknown> }).options ?? {}),
										maxOrdersPerPoll: 5000,
										siteIds: [1],
									},
								},
							}
						: node,
				),
			});
			await setPublished(n8n, ID.liveCopy, true);

			const inRangeEvents = async (server: RunningServer) =>
				(await listKlaviyoEvents(server)).filter((e) => rangeIds.has(orderIdOf(e)));
			// Klaviyo works through bulk jobs in the background: the backfill is in once nothing new arrives.
			const settled = async (server: RunningServer) => {
				let last = { count: -1, since: Date.now() };
				await waitFor(
					'events to stop arriving',
					async () => {
						const count = (await inRangeEvents(server)).length;
						if (count !== last.count) last = { count, since: Date.now() };
						return count > 0 && Date.now() - last.since >= 3000;
					},
					(quiet) => quiet,
					120_000,
				);
			};
			await settled(sims.klaviyoServer);
			const backfilledEvents = await inRangeEvents(sims.klaviyoServer);
			// The backfill's sales carry Sitoo's categories and brands (a line whose product no longer
			// exists in Sitoo keeps only what the receipt says, so nearly all, not all, have them).
			const sold = backfilledEvents.filter((e) => e.metric === 'Placed Order');
			const described = sold.filter(
				(e) =>
					(e.properties.Categories as unknown[]).length > 0 &&
					(e.properties.Brands as unknown[]).length > 0,
			);
			expect(sold.length).toBeGreaterThan(0);
			expect(described.length / sold.length).toBeGreaterThanOrEqual(0.8);
			expect(
				backfilledEvents.some(
					(e) => e.metric === 'Ordered Product' && typeof e.properties.ProductBrand === 'string',
				),
			).toBe(true);
			const backfilled = backfilledEvents.map(seen).sort();
			expect(backfilled.filter((e) => e.includes('"Refunded Order"')).length).toBeGreaterThan(0);
			const live = (
				await waitFor(
					'the live copy to send the same orders',
					() => inRangeEvents(liveServer),
					(list) => list.length >= backfilled.length,
					{ timeoutMs: 120_000, returnLastOnTimeout: true },
				)
			)
				.map(seen)
				.sort();
			expect(backfilled).toEqual(live);
			// Run twice, nothing doubles.
			const again = await n8n.runManually(ID.backfill, 'Start the backfill');
			expect(again.status).toBe('success');
			await settled(sims.klaviyoServer);
			expect((await inRangeEvents(sims.klaviyoServer)).map(seen).sort()).toEqual(live);
			await setPublished(n8n, ID.liveCopy, false);
		} finally {
			await liveServer.close();
		}
	});
});
