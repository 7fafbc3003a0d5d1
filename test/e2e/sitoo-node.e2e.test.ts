/**
 * The Sitoo action node in a real n8n against the Sitoo simulator: one workflow per resource and
 * operation, results read back from the stored executions.
 */
import { N8nInstance, nodeOutput, type Execution } from './harness/n8n-instance';
import { admin, SITOO, startSimulators, type Simulators } from './harness/simulators';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const TRIGGER = 'When clicking ‘Execute workflow’';
const NODE = 'Sitoo';

interface SimOrder {
	orderid: number;
	eshopid: number;
	orderdate: number;
	creditorderid: number | null;
	orderitems: Array<{ orderitemid: number; quantity: number }>;
}
interface SimUser {
	userid: string;
	email: string;
	customernumber: string;
	role: string | null;
}

let workflowCount = 0;

/** Manual trigger → optional Code node giving the input items → the Sitoo node with `parameters`. */
function workflow(
	sims: Simulators,
	parameters: Record<string, unknown>,
	options: { inputs?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	const id = `sitooNodeE2e${String(++workflowCount).padStart(3, '0')}`;
	const sitoo = {
		id: 'n3',
		name: NODE,
		type: `${PACKAGE}.sitoo`,
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: { sitooApi: { id: sims.credentials.sitoo.id, name: sims.credentials.sitoo.name } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
	const nodes: Array<Record<string, unknown>> = [
		{
			id: 'n1',
			name: TRIGGER,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const connections: Record<string, unknown> = {};
	if (options.inputs) {
		nodes.push({
			id: 'n2',
			name: 'Inputs',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: `return ${JSON.stringify(options.inputs.map((json) => ({ json })))};` },
		});
		connections[TRIGGER] = { main: [[{ node: 'Inputs', type: 'main', index: 0 }]] };
		connections.Inputs = { main: [[{ node: NODE, type: 'main', index: 0 }]] };
	} else {
		connections[TRIGGER] = { main: [[{ node: NODE, type: 'main', index: 0 }]] };
	}
	nodes.push(sitoo);
	return {
		id,
		name: `Sitoo node e2e ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
	};
}

describe('the Sitoo node in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;

	async function run(
		parameters: Record<string, unknown>,
		options: { inputs?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
	): Promise<Execution> {
		const wf = workflow(sims, parameters, options);
		await n8n.importWorkflow(wf);
		return n8n.runManually(wf.id, TRIGGER);
	}

	async function output(
		parameters: Record<string, unknown>,
		options: { inputs?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
	) {
		const execution = await run(parameters, options);
		expect({ status: execution.status, error: execution.data?.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		return nodeOutput(execution, NODE);
	}

	async function simOrders(): Promise<SimOrder[]> {
		const all = await admin<{ items: Array<{ order: SimOrder }> }>(
			sims.sitooServer,
			'GET',
			'/__admin/orders',
		);
		return all.items.map((i) => i.order);
	}

	async function ordersRequests(): Promise<number> {
		const counters = await admin<{ byRoute: Record<string, number> }>(
			sims.sitooServer,
			'GET',
			'/__admin/counters',
		);
		return counters.byRoute[`GET /v2/accounts/${SITOO.accountId}/orders.json`] ?? 0;
	}

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([sims.credentials.sitoo]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	describe('Order: Get Many', () => {
		let expected: number[];
		let range: Record<string, unknown>;

		beforeAll(async () => {
			const site1 = (await simOrders())
				.filter((o) => o.eshopid === 1)
				.sort((a, b) => a.orderid - b.orderid);
			const inIds = site1.slice(10, 70);
			const dates = inIds.map((o) => o.orderdate).sort((a, b) => a - b);
			const from = dates[Math.floor(dates.length / 4)];
			const before = dates[Math.floor((dates.length * 3) / 4)];
			const orderIdFrom = inIds[0].orderid;
			const orderIdTo = inIds[inIds.length - 1].orderid;
			// Inclusive id range; till time from (inclusive) up to before (exclusive), as the simulator reads orderdateto.
			expected = site1
				.filter(
					(o) =>
						o.orderid >= orderIdFrom &&
						o.orderid <= orderIdTo &&
						o.orderdate >= from &&
						o.orderdate < before,
				)
				.map((o) => o.orderid);
			range = {
				orderIdFrom,
				orderIdTo,
				tillTimeFrom: new Date(from * 1000).toISOString(),
				tillTimeBefore: new Date(before * 1000).toISOString(),
			};
			expect(expected.length).toBeGreaterThan(7);
		});

		it('returns exactly the orders in an id range and a till time range, in orderid order, across pages', async () => {
			const before = await ordersRequests();
			const items = await output({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: range,
				options: { pageSize: 3 },
				output: 'raw',
				siteId: 1,
			});
			expect(items.map((o) => o.orderid)).toEqual(expected);
			expect((await ordersRequests()) - before).toBeGreaterThanOrEqual(
				Math.ceil(expected.length / 3),
			);
		});

		it('stops at the limit, reading several pages to get there', async () => {
			const items = await output({
				resource: 'order',
				operation: 'getMany',
				returnAll: false,
				limit: 5,
				filters: range,
				options: { pageSize: 2 },
				output: 'raw',
				siteId: 1,
			});
			expect(items.map((o) => o.orderid)).toEqual(expected.slice(0, 5));
		});

		it('gives normalized orders by default, with the fields the list leaves out unless asked', async () => {
			const items = await output({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: range,
				options: { pageSize: 4 },
				siteId: 1,
			});
			expect(items.map((o) => (o.ids as { orderId: number }).orderId)).toEqual(expected);
			for (const item of items) {
				expect(item).toMatchObject({
					ids: { accountId: SITOO.accountId, siteId: 1 },
					source: { system: 'sitoo' },
					store: { name: expect.any(String) },
				});
				expect(typeof item.tillTime).toBe('string');
			}
		});

		it('filters by order status and customer e-mail', async () => {
			const parked = (
				await admin<{ order: SimOrder }>(sims.sitooServer, 'POST', '/__admin/orders', {
					kind: 'parked',
					storeId: 1,
					customer: 'member',
				})
			).order;
			const open = await output({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: { orderStates: ['open'] },
				output: 'raw',
				siteId: 1,
			});
			expect(open.length).toBeGreaterThan(0);
			expect(open.every((o) => o.orderstateid === 0)).toBe(true);
			expect(open.map((o) => o.orderid)).toContain(parked.orderid);
			const email = (
				await admin<{ order: { email: string } }>(
					sims.sitooServer,
					'GET',
					`/__admin/orders/${parked.orderid}`,
				)
			).order.email;
			const mine = await output({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: { email: email.toUpperCase() },
				output: 'raw',
				siteId: 1,
			});
			expect(mine.map((o) => o.orderid)).toContain(parked.orderid);
			expect(mine.every((o) => String(o.email).toLowerCase() === email.toLowerCase())).toBe(true);
		});

		it('stops with an error naming "Till Time Before" when the till time range is the wrong way round', async () => {
			const execution = await run({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: { tillTimeFrom: '2025-06-02T00:00:00Z', tillTimeBefore: '2025-06-01T00:00:00Z' },
				siteId: 1,
			});
			expect(execution.status).toBe('error');
			expect(execution.data?.resultData.error?.message).toMatch(
				/^Till Time Before: .* is not after Till Time From/,
			);
		});
	});

	describe('Order: refunds', () => {
		let sale: SimOrder;
		let refunds: SimOrder[];

		beforeAll(async () => {
			sale = (
				await admin<{ order: SimOrder }>(sims.sitooServer, 'POST', '/__admin/orders', {
					kind: 'sale',
					storeId: 1,
					customer: 'member',
					items: [{ productId: 1001, quantity: 3 }],
				})
			).order;
			refunds = [];
			for (let i = 0; i < 2; i++) {
				const body = {
					kind: 'refund',
					originalOrderId: sale.orderid,
					items: [{ orderitemid: 0, quantity: 1 }],
				};
				refunds.push(
					(await admin<{ order: SimOrder }>(sims.sitooServer, 'POST', '/__admin/orders', body))
						.order,
				);
			}
		});

		it('Get Refunds lists both refunds of the sale, first refund first, with their positions', async () => {
			const items = await output({
				resource: 'order',
				operation: 'getRefunds',
				saleOrderId: sale.orderid,
				siteId: 1,
			});
			expect(items).toHaveLength(2);
			expect(items.map((o) => o.kind)).toEqual(['refund', 'refund']);
			expect(items.map((o) => o.ids)).toEqual([
				expect.objectContaining({
					orderId: refunds[0].orderid,
					originalOrderId: sale.orderid,
					refundSequence: 1,
				}),
				expect.objectContaining({
					orderId: refunds[1].orderid,
					originalOrderId: sale.orderid,
					refundSequence: 2,
				}),
			]);
			const raw = await output({
				resource: 'order',
				operation: 'getRefunds',
				saleOrderId: sale.orderid,
				output: 'raw',
				siteId: 1,
			});
			expect(raw.map((o) => [o.orderid, o.creditorderid])).toEqual(
				refunds.map((r) => [r.orderid, sale.orderid]),
			);
		});

		it("Get of the second refund alone finds its position 2 by listing the sale's refunds", async () => {
			const [item] = await output({
				resource: 'order',
				operation: 'get',
				orderId: refunds[1].orderid,
				siteId: 1,
			});
			expect(item).toMatchObject({
				kind: 'refund',
				ids: { orderId: refunds[1].orderid, originalOrderId: sale.orderid, refundSequence: 2 },
			});
			const [first] = await output({
				resource: 'order',
				operation: 'get',
				orderId: refunds[0].orderid,
				siteId: 1,
			});
			expect(first).toMatchObject({ ids: { refundSequence: 1 } });
		});

		it('Get Refunds of an unknown sale is an error naming "Sale Order ID"', async () => {
			const execution = await run({
				resource: 'order',
				operation: 'getRefunds',
				saleOrderId: 99999999,
				siteId: 1,
			});
			expect(execution.status).toBe('error');
			expect(execution.data?.resultData.error?.message).toMatch(
				/^Sale Order ID: Sitoo has nothing with Sale Order ID 99999999 on site 1/,
			);
		});

		it('an unknown order among several items becomes an error item naming "Order ID" while the others go on (Continue On Fail)', async () => {
			const items = await output(
				{ resource: 'order', operation: 'get', orderId: '={{ $json.orderId }}', siteId: 1 },
				{
					inputs: [
						{ orderId: sale.orderid },
						{ orderId: 99999999 },
						{ orderId: refunds[0].orderid },
					],
					continueOnFail: true,
				},
			);
			expect(items).toHaveLength(3);
			expect(items[0]).toMatchObject({ kind: 'sale', ids: { orderId: sale.orderid } });
			expect(Object.keys(items[1])).toEqual(['error']);
			expect(items[1].error).toMatch(
				/^Order ID: Sitoo has nothing with Order ID 99999999 on site 1/,
			);
			expect(items[2]).toMatchObject({ kind: 'refund', ids: { orderId: refunds[0].orderid } });
		});
	});

	describe('Customer', () => {
		let customer: SimUser;
		let users: SimUser[];

		beforeAll(async () => {
			users = (await admin<{ items: SimUser[] }>(sims.sitooServer, 'GET', '/__admin/users')).items;
			const found = users.find((u) => u.role === null && u.customernumber !== '' && u.email !== '');
			if (!found) throw new Error('the seeded world has no customer with a customer number');
			customer = found;
		});

		it('Get finds a customer by e-mail (any case) and by customer number, with all fields', async () => {
			const [byEmail] = await output({
				resource: 'customer',
				operation: 'get',
				findBy: 'email',
				email: customer.email.toUpperCase(),
				siteId: 1,
			});
			expect(byEmail).toMatchObject({
				userid: customer.userid,
				email: customer.email,
				customernumber: customer.customernumber,
			});
			expect(byEmail).toHaveProperty('mobile');
			const byNumber = await output({
				resource: 'customer',
				operation: 'get',
				findBy: 'customerNumber',
				customerNumber: customer.customernumber,
				siteId: 1,
			});
			expect(byNumber.map((u) => u.userid)).toEqual([customer.userid]);
			const [byId] = await output({
				resource: 'customer',
				operation: 'get',
				findBy: 'userId',
				userId: customer.userid.replace(/[{}]/g, '').toLowerCase(),
				siteId: 1,
			});
			expect(byId).toMatchObject({ userid: customer.userid });
		});

		it('Get of an e-mail nobody has is an error naming "Email"', async () => {
			const execution = await run({
				resource: 'customer',
				operation: 'get',
				findBy: 'email',
				email: 'nobody@nowhere.example',
				siteId: 1,
			});
			expect(execution.status).toBe('error');
			expect(execution.data?.resultData.error?.message).toBe(
				'Email: no Sitoo customer has email "nobody@nowhere.example".',
			);
		});

		it('Get Many lists customers without staff unless asked, with return all and limit', async () => {
			const customers = users.filter((u) => u.role === null).map((u) => u.userid);
			const all = await output({
				resource: 'customer',
				operation: 'getMany',
				returnAll: true,
				siteId: 1,
			});
			expect(all.map((u) => u.userid)).toEqual(customers);
			const withStaff = await output({
				resource: 'customer',
				operation: 'getMany',
				returnAll: true,
				options: { includeStaff: true },
				siteId: 1,
			});
			expect(withStaff.map((u) => u.userid)).toEqual(users.map((u) => u.userid));
			const limited = await output({
				resource: 'customer',
				operation: 'getMany',
				returnAll: false,
				limit: 3,
				siteId: 1,
			});
			expect(limited.map((u) => u.userid)).toEqual(customers.slice(0, 3));
		});
	});

	describe('Store, warehouse and product', () => {
		it('Store and Warehouse Get Many list what the account has; the limit applies', async () => {
			const world = (
				await admin<{
					items: Array<{
						store: { storeid: number; name: string };
						warehouse: { warehouseid: number };
					}>;
				}>(sims.sitooServer, 'GET', '/__admin/stores')
			).items;
			const stores = await output({
				resource: 'store',
				operation: 'getMany',
				returnAll: true,
				siteId: 1,
			});
			expect(stores.map((s) => [s.storeid, s.name])).toEqual(
				world.map((w) => [w.store.storeid, w.store.name]),
			);
			const warehouses = await output({
				resource: 'warehouse',
				operation: 'getMany',
				returnAll: true,
				siteId: 1,
			});
			expect(warehouses.map((w) => w.warehouseid).sort()).toEqual(
				world.map((w) => w.warehouse.warehouseid).sort(),
			);
			expect(
				await output({
					resource: 'store',
					operation: 'getMany',
					returnAll: false,
					limit: 2,
					siteId: 1,
				}),
			).toHaveLength(2);
		});

		it('Product Get reads a product by ID and by SKU; an unknown ID names "Product ID"', async () => {
			const [byId] = await output({
				resource: 'product',
				operation: 'get',
				findBy: 'productId',
				productId: 1001,
				siteId: 1,
			});
			expect(byId).toMatchObject({ productid: 1001, sku: 'LS-100-S' });
			const bySku = await output({
				resource: 'product',
				operation: 'get',
				findBy: 'sku',
				sku: 'LS-100-S',
				siteId: 1,
			});
			expect(bySku.map((p) => p.productid)).toEqual([1001]);
			const execution = await run({
				resource: 'product',
				operation: 'get',
				findBy: 'productId',
				productId: 999999,
				siteId: 1,
			});
			expect(execution.status).toBe('error');
			expect(execution.data?.resultData.error?.message).toMatch(
				/^Product ID: Sitoo has nothing with Product ID 999999 on site 1/,
			);
		});
	});
});
