/**
 * "Add Categories and Brand to Lines" on every node that outputs normalized orders, run in-process
 * against the Sitoo simulator: on by default (the Sitoo Trigger from version 1.1, so saved version 1
 * workflows keep what they did), off when switched off, and the real-time trigger's look-ups kept
 * across batches for ten minutes.
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { Sitoo } from '../../../nodes/Sitoo/Sitoo.node';
import { SitooEventsTrigger } from '../../../nodes/SitooEventsTrigger/SitooEventsTrigger.node';
import { SitooTrigger } from '../../../nodes/SitooTrigger/SitooTrigger.node';
import { SyncMonitor } from '../../../nodes/SyncMonitor/SyncMonitor.node';
import { windowOrders, withProductData } from '../../../nodes/SyncMonitor/reads';
import { fromN8nHttpRequest } from '../../../nodes/core/transport/http';
import type { Order } from '../../simulators/sitoo';
import { ACCOUNT, NOW } from '../order/helpers';
import {
	authenticatedHttp,
	eventsBatch,
	eventsTriggerContext,
	executeContext,
	sitooCredential,
	sitooSimulatorForTests,
	type Parameters,
} from './fake-context';

type Line = { productId?: number; categories?: string[]; brand?: string };

const simulated = sitooSimulatorForTests(11, 200);
/** Paths of the Sitoo requests the nodes made, after `/v2/accounts/{account}`. */
let requests: string[] = [];

beforeEach(() => {
	requests = [];
});

const recordRequest = (path: string) => {
	requests.push(path);
};
const httpRequestWithAuthentication = authenticatedHttp(recordRequest);
/** The polling trigger asks for the Sitoo credential. */
const credentials = async () => sitooCredential(simulated.server);

const productReads = () => requests.filter((p) => /\/products\/\d+\.json$/.test(p)).length;
const listReads = () =>
	requests.filter((p) => /\/(categories|manufacturers)\.json$/.test(p)).length;

/** The lines of normalized orders that sell or return a product. */
function productLines(orders: IDataObject[]): Line[] {
	return orders.flatMap((order) =>
		((order.lines as Line[] | undefined) ?? []).filter((line) => line.productId !== undefined),
	);
}

const allHaveProductData = (lines: Line[]) =>
	lines.length > 0 && lines.every((line) => line.brand !== undefined && line.categories);
const noneHasProductData = (lines: Line[]) =>
	lines.length > 0 && lines.every((line) => line.brand === undefined && !line.categories);

function option(properties: readonly INodeProperties[], collection = 'options') {
	const options = properties
		.filter((p) => p.name === collection)
		.flatMap((p) => (p.options ?? []) as INodeProperties[]);
	return options.find((p) => p.name === 'enrichLines');
}

describe('the Sitoo Trigger: product data by node version', () => {
	const trigger = new SitooTrigger();

	/** "Fetch test event" (manual mode): the newest completed order, as the trigger hands it on. */
	async function testEvent(typeVersion: number, options: Parameters): Promise<IDataObject[]> {
		const parameters: Parameters = {
			events: ['sale', 'refund'],
			startFrom: 'now',
			output: 'normalized',
			options,
		};
		const context = {
			getMode: () => 'manual',
			getNode: () => ({ id: 't', name: 'Sitoo Trigger', typeVersion, parameters }),
			getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
			getCredentials: credentials,
			helpers: { httpRequestWithAuthentication },
		} as unknown as IPollFunctions;
		const output = await trigger.poll.call(context);
		return (output?.[0] ?? []).map((item: INodeExecutionData) => item.json);
	}

	it('is version 1.1 for new nodes, and offers the option switched on when added', () => {
		expect(trigger.description.version).toEqual([1, 1.1]);
		expect(trigger.description.defaultVersion).toBe(1.1);
		expect(option(trigger.description.properties)).toMatchObject({
			displayName: 'Add Categories and Brand to Lines',
			type: 'boolean',
			default: true,
		});
	});

	it('adds categories and brand in version 1.1 unless switched off', async () => {
		expect(allHaveProductData(productLines(await testEvent(1.1, {})))).toBe(true);
		expect(productReads()).toBeGreaterThan(0);
		requests = [];
		expect(noneHasProductData(productLines(await testEvent(1.1, { enrichLines: false })))).toBe(
			true,
		);
		expect(productReads() + listReads()).toBe(0);
	});

	it('leaves a saved version 1 node as it was: off unless the option was added', async () => {
		expect(noneHasProductData(productLines(await testEvent(1, {})))).toBe(true);
		expect(productReads() + listReads()).toBe(0);
		expect(allHaveProductData(productLines(await testEvent(1, { enrichLines: true })))).toBe(true);
	});
});

describe('the Sitoo node: order operations add product data unless switched off', () => {
	const sitoo = new Sitoo();

	async function run(parameters: Parameters, typeVersion = 1.1): Promise<IDataObject[]> {
		const context = executeContext({
			server: simulated.server,
			parameters,
			typeVersion,
			onRequest: recordRequest,
		});
		return (await sitoo.execute.call(context))[0].map((item) => item.json);
	}

	it('offers the option on Get, Get Many and Get Refunds, switched on when added', () => {
		const entries = sitoo.description.properties.filter(
			(p) => p.name === 'options' && p.displayOptions?.show?.resource?.includes('order'),
		);
		const operations = entries.flatMap((p) => p.displayOptions?.show?.operation ?? []);
		expect(operations.sort()).toEqual(['get', 'getMany', 'getRefunds']);
		for (const entry of entries) expect(option([entry])).toMatchObject({ default: true });
	});

	it('Get Many: on by default, each product read once for the execution; off when switched off', async () => {
		const many = { resource: 'order', operation: 'getMany', returnAll: false, limit: 40 };
		const orders = await run(many);
		expect(allHaveProductData(productLines(orders))).toBe(true);
		const distinct = new Set(productLines(orders).map((line) => line.productId));
		expect(productReads()).toBeLessThanOrEqual(distinct.size);
		requests = [];
		const plain = await run({ ...many, options: { enrichLines: false } });
		expect(noneHasProductData(productLines(plain))).toBe(true);
		expect(productReads() + listReads()).toBe(0);
	});

	it('Get: on by default', async () => {
		const sale = simulated.sim.world.state.orders.find(
			(o) => o.eshopid === 1 && o.orderstateid === 10 && o.creditorderid === null,
		)!;
		const [order] = await run({ resource: 'order', operation: 'get', orderId: sale.orderid });
		expect(allHaveProductData(productLines([order]))).toBe(true);
	});

	it('leaves a saved version 1 node as it was: off unless the option was added', async () => {
		const many = { resource: 'order', operation: 'getMany', returnAll: false, limit: 10 };
		requests = [];
		expect(noneHasProductData(productLines(await run(many, 1)))).toBe(true);
		expect(productReads() + listReads()).toBe(0);
		const added = await run({ ...many, options: { enrichLines: true } }, 1);
		expect(allHaveProductData(productLines(added))).toBe(true);
	});
});

describe('the Sync Monitor', () => {
	it('offers the option, switched on when added', () => {
		expect(option(new SyncMonitor().description.properties)).toMatchObject({ default: true });
	});

	it('compares the window without product data and adds it only to the orders it hands on', async () => {
		const sitooClient = {
			send: fromN8nHttpRequest((options) =>
				httpRequestWithAuthentication('sitooApi', options as { method: string; url: string }),
			),
			account: { baseUrl: `${simulated.server.url}/v2`, accountId: ACCOUNT },
			siteId: 1,
		};
		// The simulator's history ends at NOW.
		const window = await windowOrders(sitooClient, NOW - 60 * 24 * 3600_000, NOW, 1);
		expect(window.orders.length).toBeGreaterThan(20);
		expect(noneHasProductData(productLines(window.orders as unknown as IDataObject[]))).toBe(true);
		expect(productReads() + listReads()).toBe(0);

		const missing = window.orders
			.filter((order) => order.lines.some((line) => line.productId !== undefined))
			.slice(0, 3)
			.map((order) => ({ metric: 'Placed Order', order }));
		const resend = await withProductData(sitooClient, missing, 1);
		expect(resend.map((event) => event.metric)).toEqual(missing.map((event) => event.metric));
		const lines = productLines(resend.map((event) => event.order as unknown as IDataObject));
		expect(allHaveProductData(lines)).toBe(true);
		expect(productReads()).toBe(new Set(lines.map((line) => line.productId)).size);
	});
});

describe('the Sitoo Events Trigger: product data, with look-ups kept across batches', () => {
	const trigger = new SitooEventsTrigger();
	const staticData: IDataObject = {};

	/** One Events SPI batch for these orders, as Sitoo posts it (docs/reference/sitoo-spi.md §5). */
	async function batch(orders: Order[], parameters: Parameters = {}): Promise<IDataObject[]> {
		const body = eventsBatch(orders, (order) => ({
			id: order.orderid.toString(16).padStart(32, 'e'),
			date: order.orderdate,
		}));
		const response = {
			statusCode: 0,
			headersSent: false,
			status(code: number) {
				response.statusCode = code;
				return response;
			},
			json() {
				response.headersSent = true;
				return response;
			},
			end() {
				response.headersSent = true;
				return response;
			},
			setHeader: () => undefined,
			once: () => response,
		};
		const { typeVersion, ...values } = parameters;
		const context = eventsTriggerContext({
			server: simulated.server,
			body,
			response,
			staticData,
			workflowId: 'product-data',
			parameters: { answer: 'onRead', orderFormat: 'normalized', ...values },
			typeVersion: typeVersion as number | undefined,
			onRequest: recordRequest,
		});
		const answer = await trigger.webhook.call(context);
		return (answer.workflowData?.[0] ?? []).map((item) => item.json);
	}

	/** Completed sales of site 1 with product lines, oldest first, `count` of them from `from`. */
	function sales(from: number, count: number): Order[] {
		return simulated.sim.world.state.orders
			.filter(
				(o) =>
					o.eshopid === 1 &&
					o.orderstateid === 10 &&
					o.paymentstateid === 20 &&
					o.creditorderid === null &&
					o.orderitems.some((item) => item.productid > 0),
			)
			.sort((a, b) => a.orderid - b.orderid)
			.slice(from, from + count);
	}

	afterEach(() => jest.restoreAllMocks());

	it('offers the option, switched on when added', () => {
		expect(option(trigger.description.properties)).toMatchObject({ default: true });
	});

	it('a second batch within ten minutes reads no category or brand list, and after that reads them again', async () => {
		const realNow = Date.now.bind(Date);
		// A clock of its own, so the look-ups of other tests in this process are not reused.
		let offset = 24 * 60 * 60_000;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);

		const first = await batch(sales(0, 5));
		expect(first).toHaveLength(5);
		expect(allHaveProductData(productLines(first))).toBe(true);
		expect(listReads()).toBe(2);
		const seen = new Set(productLines(first).map((line) => line.productId));
		expect(productReads()).toBe(seen.size);

		requests = [];
		offset += 5 * 60_000;
		const second = await batch(sales(5, 5));
		expect(second).toHaveLength(5);
		expect(allHaveProductData(productLines(second))).toBe(true);
		expect(listReads()).toBe(0);
		const fresh = new Set(
			productLines(second)
				.map((line) => line.productId)
				.filter((id) => !seen.has(id)),
		);
		expect(productReads()).toBe(fresh.size);

		requests = [];
		offset += 6 * 60_000;
		const third = await batch(sales(10, 5));
		expect(allHaveProductData(productLines(third))).toBe(true);
		expect(listReads()).toBe(2);
	});

	it('reads no product when switched off or when handing on raw orders', async () => {
		const off = await batch(sales(15, 3), { options: { enrichLines: false } });
		expect(noneHasProductData(productLines(off))).toBe(true);
		const raw = await batch(sales(18, 3), { orderFormat: 'raw' });
		expect(raw).toHaveLength(3);
		expect(productReads() + listReads()).toBe(0);
		// A saved version 2 node keeps its output until the option is added.
		const saved = await batch(sales(21, 3), { typeVersion: 2 });
		expect(noneHasProductData(productLines(saved))).toBe(true);
		expect(productReads() + listReads()).toBe(0);
	});
});
