import { createSitooSimulator, type Order } from '../index';
import { ACCOUNT, API_ID, cents, NOW, PASSWORD, start, type Started } from './helpers';

const make = (seed: number, now = NOW) =>
	createSitooSimulator({
		accountId: ACCOUNT,
		apiId: API_ID,
		password: PASSWORD,
		seed,
		now: () => now,
		historyOrders: 200,
	});

function sum(values: number[]): number {
	return values.reduce((a, b) => a + b, 0);
}

describe('seeded generation', () => {
	it('gives identical data for the same seed and different data for another seed', () => {
		const a = make(7).world.state;
		const b = make(7).world.state;
		const c = make(8).world.state;
		expect(b.orders).toEqual(a.orders);
		expect(b.users).toEqual(a.users);
		expect([...b.products.entries()]).toEqual([...a.products.entries()]);
		expect(b.events).toEqual(a.events);
		expect(c.orders).not.toEqual(a.orders);
	});

	it('creates at least historyOrders orders with ids in arrival order', () => {
		const sim = make(3);
		const orders = sim.world.state.orders;
		expect(orders.length).toBeGreaterThanOrEqual(200);
		const arrivals = orders.map((o) => sim.world.meta(o.orderid)!.arrivedAt);
		expect(arrivals).toEqual([...arrivals].sort((x, y) => x - y));
		expect(orders.map((o) => o.orderid)).toEqual(orders.map((_, i) => 10001 + i));
		expect(Math.max(...arrivals)).toBeLessThanOrEqual(NOW);
	});
});

describe('receipts add up', () => {
	const orders = make(11).world.state.orders;

	it('has money as 2-decimal strings and dates as unix seconds', () => {
		for (const o of orders) {
			for (const field of [
				'moneytotal_net',
				'moneytotal_vat',
				'moneyfinal_net',
				'moneyfinal_vat',
				'moneytotal_gross_roundoff',
				'moneytotal_gross_all',
			] as const) {
				expect(o[field]).toMatch(/^-?\d+\.\d{2}$/);
			}
			expect(Number.isInteger(o.orderdate)).toBe(true);
			expect(o.orderdate).toBeLessThan(NOW / 1000 + 1);
			expect(o.orderdate).toBeGreaterThan(NOW / 1000 - 40 * 86400);
		}
	});

	it('sums row totals to the order total exactly, and payments to the grand total', () => {
		for (const o of orders) {
			const net = sum(o.orderitems.map((i) => cents(i.moneyitemtotal_net)));
			const vat = sum(o.orderitems.map((i) => cents(i.moneyitemtotal_vat)));
			expect(cents(o.moneyfinal_net)).toBe(net);
			expect(cents(o.moneyfinal_vat)).toBe(vat);
			expect(cents(o.moneytotal_gross_all)).toBe(net + vat + cents(o.moneytotal_gross_roundoff));
			if (o.paymentstateid === 20)
				expect(sum(o.payments.map((p) => cents(p.moneyamount)))).toBe(
					cents(o.moneytotal_gross_all),
				);
			for (const item of o.orderitems) {
				const gross = cents(item.moneyitemtotal_net) + cents(item.moneyitemtotal_vat);
				// The VAT inside a gross line, to the cent.
				expect(
					Math.abs(
						cents(item.moneyitemtotal_vat) - (gross * item.vatvalue) / (100 + item.vatvalue),
					),
				).toBeLessThanOrEqual(0.5);
				expect(Math.sign(item.quantity)).toBe(
					gross === 0 ? Math.sign(item.quantity) : Math.sign(gross),
				);
			}
		}
	});

	it('rounds cash in SEK/NOK to whole units into moneytotal_gross_roundoff', () => {
		const cash = orders.filter(
			(o) => o.payments.some((p) => p.name === 'Cash') && o.currencycode !== 'EUR',
		);
		expect(cash.length).toBeGreaterThan(0);
		for (const o of cash) expect(Math.abs(cents(o.moneytotal_gross_all) % 100)).toBe(0);
	});

	it('covers several currencies, VAT rates and stores', () => {
		expect(new Set(orders.map((o) => o.currencycode))).toEqual(new Set(['SEK', 'NOK', 'EUR']));
		expect(
			new Set(orders.flatMap((o) => o.orderitems.map((i) => i.vatvalue))).size,
		).toBeGreaterThanOrEqual(4);
		expect(new Set(orders.map((o) => o.warehouseid)).size).toBe(4);
		expect(orders.some((o) => o.orderitems.some((i) => i.moneydiscount !== '0.00'))).toBe(true);
	});

	it('has guests with empty and placeholder emails and phones typed in many ways', () => {
		expect(orders.some((o) => o.email === '')).toBe(true);
		expect(orders.some((o) => /^noemail@/.test(o.email))).toBe(true);
		expect(
			orders.some((o) => /@nordkust\.example$/.test(o.email) && !o.email.startsWith('noemail')),
		).toBe(true);
		const phones = orders.map((o) => o.phone).filter((p) => p !== '');
		expect(phones.some((p) => p.startsWith('+'))).toBe(true);
		expect(phones.some((p) => p.startsWith('00'))).toBe(true);
		expect(phones.some((p) => /^0[1-9]/.test(p))).toBe(true);
		expect(phones.some((p) => p.includes(' '))).toBe(true);
	});
});

describe('refunds, returns and exchanges', () => {
	const sim = make(5);
	const { orders } = sim.world.state;
	const byId = new Map(orders.map((o) => [o.orderid, o]));

	it('links validated refunds to an earlier sale by creditorderid, additionaldata and line index', () => {
		const refunds = orders.filter((o) => sim.world.meta(o.orderid)!.kind === 'refund');
		expect(refunds.length).toBeGreaterThan(3);
		for (const r of refunds) {
			const original = byId.get(r.creditorderid!) as Order;
			expect(original).toBeDefined();
			expect(r.orderid).toBeGreaterThan(original.orderid);
			expect(r.additionaldata['pos-originalsales-orderid']).toBe(String(original.orderid));
			expect(r.additionaldata['refundreasoncode-reasoncode']).toMatch(/^RC/);
			expect(cents(r.moneytotal_gross_all)).toBeLessThan(0);
			expect(r.ordertypeid).toBe(10);
			expect(r.email).toBe(original.email);
			for (const line of r.orderitems) {
				expect(line.quantity).toBeLessThan(0);
				const sold =
					original.orderitems[Number(line.additionaldata['pos-originalsales-orderitemid'])];
				expect(sold.sku).toBe(line.sku);
				expect(sold.moneynetpriceperunit).toBe(line.moneynetpriceperunit);
			}
		}
	});

	it('never returns more of a line than was sold, across several refunds', () => {
		const returned = new Map<string, number>();
		for (const o of orders) {
			if (o.creditorderid === null) continue;
			for (const line of o.orderitems.filter((i) => i.quantity < 0)) {
				const key = `${o.creditorderid}:${line.additionaldata['pos-originalsales-orderitemid']}`;
				returned.set(key, (returned.get(key) ?? 0) - line.quantity);
			}
		}
		expect(returned.size).toBeGreaterThan(0);
		for (const [key, quantity] of returned) {
			const [orderid, index] = key.split(':').map(Number);
			expect(quantity).toBeLessThanOrEqual(byId.get(orderid)!.orderitems[index].quantity);
		}
	});

	it('makes manual returns with no link to a sale', () => {
		const manual = orders.filter((o) => sim.world.meta(o.orderid)!.kind === 'manualReturn');
		expect(manual.length).toBeGreaterThan(0);
		for (const m of manual) {
			expect(m.creditorderid).toBeNull();
			expect(m.additionaldata['pos-originalsales-orderid']).toBeUndefined();
			expect(
				m.orderitems.every(
					(i) => i.quantity < 0 && i.additionaldata['pos-originalsales-orderitemid'] === undefined,
				),
			).toBe(true);
		}
	});

	it('makes exchanges as one mixed receipt, or as two orders that name each other', () => {
		const t0 = NOW + 1000;
		const sale = sim.factory.sale(t0, {
			customer: 'member',
			items: [{ productId: sim.world.products(1)[0].productid, quantity: 2 }],
		});
		const [mixed] = sim.factory.exchange(t0 + 1000, {
			originalOrderId: sale.orderid,
			items: [{ orderitemid: 0, quantity: 1 }],
		});
		expect(mixed.creditorderid).toBe(sale.orderid);
		expect(mixed.orderitems.map((i) => Math.sign(i.quantity))).toEqual([-1, 1]);
		const [refund, purchase] = sim.factory.exchange(t0 + 2000, {
			originalOrderId: sale.orderid,
			split: true,
		});
		expect(purchase.orderid).toBe(refund.orderid + 1);
		expect(refund.creditorderid).toBe(sale.orderid);
		expect(refund.additionaldata['pos-refundsales-orderid']).toBe(String(purchase.orderid));
		expect(purchase.additionaldata['pos-refund-orderid']).toBe(String(refund.orderid));
		expect(purchase.additionaldata['pos-refund-receiptid']).toBe(
			refund.additionaldata['pos-receiptid'],
		);
		expect(purchase.creditorderid).toBeNull();
		// Both units of the line are back now: a third return is refused.
		expect(() => sim.factory.refund(t0 + 3000, { originalOrderId: sale.orderid })).toThrow(
			/nothing left/,
		);
	});
});

describe('late and open orders over HTTP', () => {
	let t: Started;
	beforeAll(async () => {
		t = await start({ historyOrders: 80 });
	});
	afterAll(() => t.close());

	it('gives an offline receipt the highest orderid with an old orderdate', async () => {
		const created = await t.admin('POST', '/orders', {
			kind: 'offline',
			offlineSeconds: 2 * 86400,
		});
		expect(created.status).toBe(201);
		const offline = created.body.order;
		const newest = await t.get('/orders.json?num=1&fields=orderid,orderdate');
		expect(newest.body.items[0].orderid).toBe(offline.orderid);
		expect(offline.orderdate).toBe(Math.floor(NOW / 1000) - 2 * 86400);
		// A date cursor would miss it: many orders arrived earlier with later till times.
		const later = await t.get(
			`/orders.json?orderdatefrom=${offline.orderdate + 1}&orderidto=${offline.orderid}&num=1`,
		);
		expect(later.body.totalcount).toBeGreaterThan(0);
	});

	it('closes a parked order into a new sale that names it, and shows the transition in the API', async () => {
		const parked = (await t.admin('POST', '/orders', { kind: 'parked', customer: 'member' })).body
			.order;
		expect(parked).toEqual(
			expect.objectContaining({ ordertypeid: 110, orderstateid: 0, paymentstateid: 0 }),
		);
		const before = await t.get(`/sites/${parked.eshopid}/orders/${parked.orderid}.json`);
		expect(before.body.orderstateid).toBe(0);
		const closed = await t.admin('POST', `/orders/${parked.orderid}/close`, { payment: 'cash' });
		expect(closed.status).toBe(200);
		const sale = closed.body.related[0];
		expect(sale.orderid).toBeGreaterThan(parked.orderid);
		expect(sale).toEqual(
			expect.objectContaining({ ordertypeid: 10, orderstateid: 10, paymentstateid: 20 }),
		);
		expect(sale.additionaldata['pos-sourceorderid']).toBe(String(parked.orderid));
		expect(sale.moneyfinal_net).toBe(parked.moneyfinal_net);
		const after = await t.get(`/sites/${parked.eshopid}/orders/${parked.orderid}.json`);
		expect(after.body.orderstateid).toBe(10);
		expect((await t.admin('POST', `/orders/${parked.orderid}/close`)).status).toBe(409);
	});

	it('closes a booking in place with its payment captured, and cancels another', async () => {
		const booking = (await t.admin('POST', '/orders', { kind: 'booking' })).body.order;
		expect(booking).toEqual(
			expect.objectContaining({ ordertypeid: 100, orderstateid: 0, paymentstateid: 15 }),
		);
		const closed = (await t.admin('POST', `/orders/${booking.orderid}/close`)).body;
		expect(closed.related).toEqual([]);
		expect(closed.order).toEqual(
			expect.objectContaining({ orderid: booking.orderid, orderstateid: 10, paymentstateid: 20 }),
		);
		expect(
			sum(closed.order.payments.map((p: { moneyamount: string }) => cents(p.moneyamount))),
		).toBe(cents(closed.order.moneytotal_gross_all));
		const other = (await t.admin('POST', '/orders', { kind: 'booking' })).body.order;
		const cancelled = (await t.admin('POST', `/orders/${other.orderid}/cancel`)).body.order;
		expect(cancelled).toEqual(expect.objectContaining({ orderstateid: 20, paymentstateid: 30 }));
		const events = (await t.admin('GET', `/events?orderId=${other.orderid}`)).body.items;
		expect(
			events.map(
				(e: {
					event_type: string;
					data: { order_event_type: string; order_state_changed?: string };
				}) => [e.event_type, e.data.order_event_type, e.data.order_state_changed],
			),
		).toEqual([
			['booking', 'add', undefined],
			['booking', 'update', 'cancelled'],
		]);
	});

	it('refunds a chosen sale through the admin route and lists it by creditorderid', async () => {
		const sale = (
			await t.admin('POST', '/orders', {
				kind: 'sale',
				customer: 'member',
				storeId: 2,
				payment: 'card',
			})
		).body.order;
		expect(sale.currencycode).toBe('NOK');
		const refund = (
			await t.admin('POST', '/orders', { kind: 'refund', originalOrderId: sale.orderid })
		).body.order;
		expect(refund.creditorderid).toBe(sale.orderid);
		const listed = await t.get(`/orders.json?creditorderid=${sale.orderid}&fields=orderid`);
		expect(listed.body.items).toEqual([{ orderid: refund.orderid }]);
		expect((await t.admin('POST', '/orders', { kind: 'refund', originalOrderId: 1 })).status).toBe(
			404,
		);
		expect((await t.admin('POST', '/orders', { kind: 'gift' })).status).toBe(400);
	});
});
