/**
 * The Sitoo node's resource locators, run in-process against the Sitoo simulator: the lists the
 * editor shows (list search), values saved before the locators (plain numbers), locator values, and
 * the Sitoo Trigger's site and store options.
 */
import type { INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import { Sitoo } from '../../../nodes/Sitoo/Sitoo.node';
import { SitooTrigger } from '../../../nodes/SitooTrigger/SitooTrigger.node';
import type { Order } from '../../simulators/sitoo';
import {
	executeContext,
	loadOptionsContext,
	sitooSimulatorForTests,
	TIME_ZONE,
	type Parameters,
} from './fake-context';

const locator = (mode: 'list' | 'id', value: string) => ({ __rl: true, mode, value });

describe('the Sitoo node: resource locators', () => {
	const simulated = sitooSimulatorForTests(7, 150);
	let siteOne: Order[];
	const sitoo = new Sitoo();
	const run = async (parameters: Parameters) =>
		(await sitoo.execute.call(executeContext({ server: simulated.server, parameters })))[0].map(
			(item) => item.json,
		);
	const search = (
		method: keyof typeof sitoo.methods.listSearch,
		parameters: Parameters = {},
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> =>
		sitoo.methods.listSearch[method].call(
			loadOptionsContext({ server: simulated.server, parameters }),
			filter,
			paginationToken,
		);

	beforeAll(() => {
		siteOne = simulated.sim.world.state.orders
			.filter((order) => order.eshopid === 1)
			.sort((a, b) => b.orderid - a.orderid);
	});

	describe('Order ID', () => {
		it('still runs a workflow saved with a plain number and no site (orderId: 123)', async () => {
			const sale = siteOne.find(
				(order) =>
					order.orderstateid === 10 &&
					order.creditorderid === null &&
					Number(order.moneytotal_gross_all) > 0,
			)!;
			const [order] = await run({ resource: 'order', operation: 'get', orderId: sale.orderid });
			expect(order).toMatchObject({ ids: { orderId: sale.orderid, siteId: 1 } });
			// The old Site ID field's 0 meant the credential's default site.
			const [again] = await run({
				resource: 'order',
				operation: 'get',
				orderId: String(sale.orderid),
				siteId: 0,
			});
			expect(again).toMatchObject({ ids: { orderId: sale.orderid } });
		});

		it('reads the value of a locator picked from the list or typed as an ID', async () => {
			const [newest, older] = siteOne;
			for (const [orderId, expected] of [
				[locator('list', String(newest.orderid)), newest.orderid],
				[locator('id', ` ${older.orderid} `), older.orderid],
			] as const) {
				const [order] = await run({
					resource: 'order',
					operation: 'get',
					orderId,
					siteId: locator('list', ''),
					output: 'raw',
				});
				expect(order.orderid).toBe(expected);
			}
		});

		it('names the field when the locator is empty or not an order ID', async () => {
			const get = (orderId: unknown) => run({ resource: 'order', operation: 'get', orderId });
			await expect(get(locator('list', ''))).rejects.toThrow(/^Order ID: is empty/);
			await expect(get(locator('id', 'SII0001'))).rejects.toThrow(
				/^Order ID: "SII0001" is not an order ID/,
			);
			await expect(get(0)).rejects.toThrow(/^Order ID: 0 is not an order ID/);
		});

		it('reads the refunds of a sale given as a locator, and as a plain number', async () => {
			const refund = simulated.sim.world.state.orders.find(
				(order) => order.creditorderid !== null && order.eshopid === 1,
			)!;
			for (const saleOrderId of [
				locator('id', String(refund.creditorderid)),
				refund.creditorderid,
			]) {
				const refunds = await run({ resource: 'order', operation: 'getRefunds', saleOrderId });
				expect(refunds.map((r) => (r.ids as { orderId: number }).orderId)).toContain(
					refund.orderid,
				);
			}
			await expect(
				run({ resource: 'order', operation: 'getRefunds', saleOrderId: locator('list', '') }),
			).rejects.toThrow(/^Sale Order ID: is empty/);
		});
	});

	describe('Site ID', () => {
		it('reads another site from a locator, and names the field for a value that is no site ID', async () => {
			const siteTwo = simulated.sim.world.state.orders.find((order) => order.eshopid === 2)!;
			const get = (siteId: unknown) =>
				run({
					resource: 'order',
					operation: 'get',
					orderId: siteTwo.orderid,
					siteId,
					output: 'raw',
				});
			expect((await get(locator('id', '2')))[0].orderid).toBe(siteTwo.orderid);
			expect((await get(2))[0].orderid).toBe(siteTwo.orderid);
			// The default site (1) does not have it: Sitoo's 404 names the field and the site.
			await expect(get(locator('list', ''))).rejects.toThrow(/Order ID.*on site 1/);
			await expect(get(locator('id', 'two'))).rejects.toThrow(/^Site ID: "two" is not a site ID/);
		});
	});

	describe('Product ID and User ID', () => {
		it('reads a product from a locator and from a plain number', async () => {
			const product = simulated.sim.world.products(1)[3];
			for (const productId of [locator('list', String(product.productid)), product.productid]) {
				const [found] = await run({ resource: 'product', operation: 'get', productId });
				expect(found).toMatchObject({ productid: product.productid, sku: product.sku });
			}
			await expect(
				run({ resource: 'product', operation: 'get', productId: locator('id', '') }),
			).rejects.toThrow(/^Product ID: is empty/);
		});

		it('reads a customer from a User ID locator and from plain text', async () => {
			const customer = simulated.sim.world.state.users.find((user) => user.role === null)!;
			for (const userId of [locator('list', customer.userid), customer.userid.toLowerCase()]) {
				const [found] = await run({
					resource: 'customer',
					operation: 'get',
					findBy: 'userId',
					userId,
				});
				expect(found).toMatchObject({ userid: customer.userid, email: customer.email });
			}
		});
	});

	describe('list search', () => {
		// Orders without a receipt (webshop, bookings) are named without one.
		const ORDER_NAME =
			/^Order \d+(?: · receipt \S+)? · \d{4}-\d\d-\d\d \d\d:\d\d · -?\d+\.\d\d [A-Z]{3}$/;

		it("lists the site's orders newest first, 50 a page, as number, receipt, till time and total", async () => {
			expect(siteOne.length).toBeGreaterThan(50);
			const first = await search('searchOrders');
			expect(first.results.map((r) => Number(r.value))).toEqual(
				siteOne.slice(0, 50).map((order) => order.orderid),
			);
			expect(first.results.filter((r) => !ORDER_NAME.test(r.name))).toEqual([]);
			const newest = siteOne[0];
			expect(first.results[0].name).toBe(
				`Order ${newest.orderid} · receipt ${newest.additionaldata['pos-receiptid']} · ${stockholm(newest.orderdate)} · ${newest.moneytotal_gross_all} ${newest.currencycode}`,
			);
			expect(first.paginationToken).toBe('50');
			const second = await search('searchOrders', {}, undefined, first.paginationToken);
			expect(Number(second.results[0].value)).toBe(siteOne[50].orderid);
		});

		it('finds an order by its ID, its receipt number or the customer e-mail', async () => {
			const order = siteOne.find((o) => o.email !== '')!;
			const values = async (filter: string) =>
				(await search('searchOrders', {}, filter)).results.map((r) => Number(r.value));
			expect(await values(String(order.orderid))).toEqual([order.orderid]);
			expect(await values(order.additionaldata['pos-receiptid'])).toEqual([order.orderid]);
			expect(await values(order.email.toUpperCase())).toContain(order.orderid);
			expect(await values('SII-NO-SUCH-RECEIPT')).toEqual([]);
		});

		it("lists the orders of the node's Site ID, the credential's site when it is empty", async () => {
			const values = async (siteId: unknown) =>
				(await search('searchOrders', { siteId })).results.map((r) => Number(r.value));
			const two = simulated.sim.world.state.orders
				.filter((o) => o.eshopid === 2)
				.map((o) => o.orderid);
			expect((await values(locator('id', '2'))).every((id) => two.includes(id))).toBe(true);
			expect(await values(locator('list', ''))).toEqual(siteOne.slice(0, 50).map((o) => o.orderid));
			// An expression cannot be resolved in the editor: the default site's list, not an error.
			expect(await values('={{ $json.siteId }}')).toEqual(
				siteOne.slice(0, 50).map((o) => o.orderid),
			);
		});

		it('lists products and finds one by SKU or ID', async () => {
			const products = simulated.sim.world.products(1);
			const all = await search('searchProducts');
			expect(all.results).toHaveLength(Math.min(50, products.length));
			const product = products[5];
			const bySku = await search('searchProducts', {}, product.sku);
			expect(bySku.results).toEqual([
				{
					name: expect.stringContaining(`SKU ${product.sku} · ID ${product.productid}`),
					value: String(product.productid),
				},
			]);
			expect((await search('searchProducts', {}, String(product.productid))).results).toEqual(
				bySku.results,
			);
		});

		it('finds customers by e-mail, customer number or mobile as typed, and never lists staff', async () => {
			const users = simulated.sim.world.state.users;
			const customer = users.find((u) => u.role === null && u.mobile !== '')!;
			const staff = users.find((u) => u.role !== null)!;
			const values = async (filter?: string) =>
				(await search('searchCustomers', {}, filter)).results.map((r) => r.value);
			expect(await values(customer.email)).toEqual([customer.userid]);
			expect(await values(customer.customernumber)).toEqual([customer.userid]);
			expect(await values(customer.mobile)).toContain(customer.userid);
			expect(await values(customer.userid.slice(1, -1).toLowerCase())).toEqual([customer.userid]);
			expect(await values(staff.email)).toEqual([]);
			const [first] = (await search('searchCustomers', {}, customer.email)).results;
			expect(first.name).toBe(
				`${customer.namefirst} ${customer.namelast} · ${customer.email} · customer ${customer.customernumber}`,
			);
		});

		it("lists the account's sites by their names", async () => {
			const { results } = await search('searchSites');
			expect(results.map((r) => r.value)).toEqual(
				simulated.sim.world.state.sites.map((site) => String(site.eshopid)),
			);
			const settings = simulated.sim.world.state.settings.find((s) => s.eshopid === 1)!;
			expect(results[0].name).toBe(`${settings.eshopname} (site 1)`);
			expect((await search('searchSites', {}, settings.eshopname)).results).toEqual([results[0]]);
		});
	});

	describe('the forms', () => {
		const property = (name: string, show?: Record<string, string[]>) =>
			sitoo.description.properties.find(
				(p) =>
					p.name === name &&
					(!show ||
						Object.entries(show).every(([key, values]) =>
							values.every((v) => p.displayOptions?.show?.[key]?.includes(v)),
						)),
			)!;
		const idRegex = (p: INodeProperties) => {
			const mode = p.modes!.find((m) => m.name === 'id')!;
			const rule = mode.validation![0] as unknown as { properties: { regex: string } };
			// n8n anchors the pattern (NodeHelpers.validateResourceLocatorParameter).
			return new RegExp(`^${rule.properties.regex}$`);
		};

		it('has each ID as a locator with a list search and an ID mode that takes whole numbers above 0', () => {
			for (const [name, method] of [
				['orderId', 'searchOrders'],
				['saleOrderId', 'searchOrders'],
				['productId', 'searchProducts'],
				['siteId', 'searchSites'],
			] as const) {
				const p = property(name);
				expect(p.type).toBe('resourceLocator');
				expect(p.modes!.find((m) => m.name === 'list')?.typeOptions?.searchListMethod).toBe(method);
				expect(sitoo.methods.listSearch[method]).toBeDefined();
				const regex = idRegex(p);
				expect(['1', '10302'].every((v) => regex.test(v))).toBe(true);
				expect(['0', '-1', '1.5', '01', 'abc'].some((v) => regex.test(v))).toBe(false);
				expect(p.modes!.find((m) => m.name === 'id')?.placeholder).toMatch(/^e\.g\. \d+$/);
			}
			// An empty Site ID is the credential's default site, so the ID mode takes empty too.
			expect(idRegex(property('siteId')).test('')).toBe(true);
			expect(idRegex(property('orderId')).test('')).toBe(false);
			const userId = idRegex(property('userId'));
			expect(userId.test('{102DC4AA-2C19-3177-6AB2-435CB3A46499}')).toBe(true);
			expect(userId.test('102dc4aa-2c19-3177-6ab2-435cb3a46499')).toBe(true);
			expect(userId.test('102')).toBe(false);
		});
	});

	describe('the Sitoo Trigger options', () => {
		const trigger = new SitooTrigger();

		it('lists the sites by name and the stores by their warehouses, with numbers as values', async () => {
			const sites = await trigger.methods.loadOptions.getSites.call(
				loadOptionsContext({ server: simulated.server, parameters: {} }),
			);
			expect(sites.map((s) => s.value)).toEqual(
				simulated.sim.world.state.sites.map((s) => s.eshopid),
			);
			const stores = await trigger.methods.loadOptions.getStores.call(
				loadOptionsContext({ server: simulated.server, parameters: {} }),
			);
			expect(stores.map((s) => s.value).sort()).toEqual(
				simulated.sim.world.state.warehouses.map((w) => w.warehouseid).sort(),
			);
			const warehouse = simulated.sim.world.state.warehouses[0];
			const store = simulated.sim.world.state.stores.find((s) => s.storeid === warehouse.storeid)!;
			expect(stores.find((s) => s.value === warehouse.warehouseid)?.name).toContain(store.name);
		});
	});
});

/** `2025-06-02 14:00` as a till in Stockholm shows it. */
function stockholm(seconds: number): string {
	const p = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: TIME_ZONE,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		})
			.formatToParts(new Date(seconds * 1000))
			.map((part) => [part.type, part.value]),
	);
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
