/** Realistic orders (Sitoo simulator receipts, normalized) through the Track operations' core. */
import { orderFromFields, readNormalizedOrder } from '../../../nodes/core/klaviyo/order-input';
import {
	trackOrder,
	TrackConfigError,
	type TrackResult,
} from '../../../nodes/core/klaviyo/track-order';
import { placedOrderUniqueId } from '../../../nodes/core/klaviyo/unique-ids';
import { ACCOUNT, NOW, STORE, normalized, simulator } from '../order/helpers';

function sent(result: TrackResult) {
	if (result.status !== 'send')
		throw new Error(`expected events, got ${result.status}: ${result.reason}`);
	return result;
}

describe('Track Placed Order', () => {
	const sim = simulator(31, 10);
	let clock = NOW;
	const next = () => (clock += 60_000);

	it('sends the Placed Order with the e-commerce properties and one Ordered Product per line', () => {
		const raw = sim.factory.sale(next(), {
			storeId: STORE.NO,
			customer: 'member',
			payment: 'card',
		});
		const { order } = normalized(raw, {
			stores: { [raw.warehouseid as number]: { id: 2, name: 'Oslo', country: 'NO' } },
		});
		const result = sent(trackOrder('placed', order, { now: clock, sourceName: 'Store' }));
		const [placed, ...products] = result.events;
		expect(placed).toMatchObject({
			metric: 'Placed Order',
			value: order.totals.gross,
			valueCurrency: 'NOK',
			time: order.tillTime,
			uniqueId: placedOrderUniqueId(ACCOUNT, raw.orderid),
			backfill: false,
		});
		expect(placed.properties).toMatchObject({
			OrderId: String(raw.orderid),
			'Source Name': 'Store',
			'Store ID': 2,
			SKUs: expect.any(Array),
			ItemNames: expect.any(Array),
			Categories: expect.any(Array),
			Brands: expect.any(Array),
		});
		const items = placed.properties.Items as Array<Record<string, unknown>>;
		expect(items).toHaveLength(order.lines.length);
		expect(Object.keys(items[0])).toEqual(
			expect.arrayContaining([
				'ProductID',
				'SKU',
				'ProductName',
				'Quantity',
				'ItemPrice',
				'RowTotal',
				'Categories',
				'Brand',
			]),
		);
		expect(products).toHaveLength(order.lines.length);
		expect(new Set(products.map((p) => p.uniqueId)).size).toBe(order.lines.length);
		expect(result.profile.email).toBe(order.customer.email!.trim().toLowerCase());
	});

	it('can leave out Ordered Product and rename the metrics, but not to the same name', () => {
		const { order } = normalized(
			sim.factory.sale(next(), { storeId: STORE.SE, customer: 'member' }),
		);
		expect(
			sent(
				trackOrder('placed', order, {
					now: clock,
					includeOrderedProducts: false,
					placedOrderMetric: 'POS Order',
				}),
			).events.map((e) => e.metric),
		).toEqual(['POS Order']);
		expect(() =>
			trackOrder('placed', order, {
				now: clock,
				placedOrderMetric: 'X',
				orderedProductMetric: 'X',
			}),
		).toThrow(TrackConfigError);
	});

	it('skips a parked order until it completes, and a refund, each with the reason', () => {
		const parked = normalized(
			sim.factory.parked(next(), { storeId: STORE.SE, customer: 'member' }),
		).order;
		expect(trackOrder('placed', parked, { now: clock })).toMatchObject({
			status: 'skipped',
			reason: expect.stringContaining('not completed'),
		});
		expect(trackOrder('placed', parked, { now: clock, onlyCompleted: false }).status).toBe('send');
		const manual = normalized(
			sim.factory.manualReturn(next(), { storeId: STORE.SE, customer: 'member' }),
		).order;
		expect(trackOrder('placed', manual, { now: clock })).toMatchObject({
			status: 'skipped',
			reason: expect.stringContaining('Track Refunded Order'),
		});
	});

	it('marks an offline receipt older than the threshold as backfill', () => {
		const { order } = normalized(
			sim.factory.offline(next(), {
				storeId: STORE.SE,
				customer: 'member',
				offlineSeconds: 20 * 3600,
			}),
		);
		expect(sent(trackOrder('placed', order, { now: clock })).events.every((e) => e.backfill)).toBe(
			true,
		);
		expect(
			sent(trackOrder('placed', order, { now: clock, staleAfterHours: 48 })).events.every(
				(e) => !e.backfill,
			),
		).toBe(true);
	});

	it("sends guests and placeholder emails to Unattributed with the reason, including the store's own domain", () => {
		const guest = normalized(
			sim.factory.sale(next(), { storeId: STORE.SE, customer: 'guest' }),
		).order;
		expect(trackOrder('placed', guest, { now: clock })).toMatchObject({
			status: 'unattributed',
			reason: expect.stringContaining('no usable customer email'),
		});
		const member = normalized(
			sim.factory.sale(next(), { storeId: STORE.SE, customer: 'member' }),
		).order;
		const domain = member.customer.email!.split('@')[1];
		expect(trackOrder('placed', member, { now: clock, storeDomains: [domain] })).toMatchObject({
			status: 'unattributed',
			reason: expect.stringContaining('placeholder'),
		});
	});
});

describe('Track Refunded Order', () => {
	const sim = simulator(37, 10);
	let clock = NOW;
	const next = () => (clock += 60_000);
	const threeOf = () =>
		sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
			items: [{ productId: sim.world.state.products.get(1)![0].productid, quantity: 3 }],
		});

	it('links the first refund to the sale, gives later ones their own id, and carries SKUs, quantities, values and reason', () => {
		const sale = threeOf();
		const first = normalized(
			sim.factory.refund(next(), {
				originalOrderId: sale.orderid,
				items: [{ orderitemid: 0, quantity: 1 }],
			}),
			{ refundSequence: 1 },
		).order;
		const later = normalized(
			sim.factory.refund(next(), {
				originalOrderId: sale.orderid,
				items: [{ orderitemid: 0, quantity: 2 }],
			}),
			{ refundSequence: 2 },
		).order;
		const [a] = sent(trackOrder('refunded', first, { now: clock })).events;
		const [b] = sent(
			trackOrder('refunded', later, { now: clock, refundedOrderMetric: 'Returned Order' }),
		).events;
		expect(a).toMatchObject({
			metric: 'Refunded Order',
			uniqueId: placedOrderUniqueId(ACCOUNT, sale.orderid),
			properties: {
				OriginalOrderId: String(sale.orderid),
				RefundOrderId: String(first.ids.orderId),
			},
		});
		expect(a.value).toBeGreaterThan(0);
		expect((a.properties.Items as Array<{ Quantity: number; SKU: string }>)[0]).toMatchObject({
			Quantity: 1,
			SKU: expect.any(String),
		});
		expect(a.properties).toHaveProperty('Reason');
		expect(b).toMatchObject({
			metric: 'Returned Order',
			uniqueId: `sitoo:${ACCOUNT}:${sale.orderid}:refund:${later.ids.orderId}`,
		});
		expect((b.properties.Items as Array<{ Quantity: number }>)[0].Quantity).toBe(2);
	});

	it('records a manual return on its own id and skips a sale', () => {
		const manual = normalized(
			sim.factory.manualReturn(next(), { storeId: STORE.SE, customer: 'member' }),
		).order;
		expect(sent(trackOrder('refunded', manual, { now: clock })).events[0]).toMatchObject({
			uniqueId: `sitoo:${ACCOUNT}:refund:${manual.ids.orderId}`,
			properties: { ManualReturn: true },
		});
		expect(trackOrder('refunded', normalized(threeOf()).order, { now: clock })).toMatchObject({
			status: 'skipped',
		});
	});

	it('skips a refund whose payment has not settled when only completed refunds are tracked (node 1.3), with the reason', () => {
		const manual = normalized(
			sim.factory.manualReturn(next(), { storeId: STORE.SE, customer: 'member' }),
		).order;
		const unsettled = {
			...manual,
			state: { ...manual.state, payment: 'pending', isCompleted: false },
		} as typeof manual;
		expect(
			trackOrder('refunded', unsettled, { now: clock, refundsOnlyCompleted: true }),
		).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(/not completed \(status closed, payment pending, /),
		});
		expect(trackOrder('refunded', unsettled, { now: clock }).status).toBe('send');
		expect(trackOrder('refunded', manual, { now: clock, refundsOnlyCompleted: true }).status).toBe(
			'send',
		);
	});

	it('sends only the returned half of a one-receipt exchange; Track Placed Order sends the new goods', () => {
		const sale = threeOf();
		const [raw] = sim.factory.exchange(next(), { originalOrderId: sale.orderid });
		const { order } = normalized(raw, { refundSequence: 1 });
		expect(sent(trackOrder('refunded', order, { now: clock })).events.map((e) => e.metric)).toEqual(
			['Refunded Order'],
		);
		expect(
			sent(trackOrder('placed', order, { now: clock }))
				.events.map((e) => e.metric)
				.filter((m) => m !== 'Ordered Product'),
		).toEqual(['Placed Order']);
	});
});

describe('Track Cancelled Order', () => {
	const sim = simulator(41, 10);
	it('uses the Placed Order id (for CLV), the chosen spelling and the reason; skips an order that is not cancelled', () => {
		const raw = structuredClone(sim.factory.sale(NOW, { storeId: STORE.SE, customer: 'member' }));
		expect(trackOrder('cancelled', normalized(raw).order, { now: NOW })).toMatchObject({
			status: 'skipped',
			reason: expect.stringContaining('not cancelled'),
		});
		raw.orderstateid = 20;
		const [cancelled] = sent(
			trackOrder('cancelled', normalized(raw).order, { now: NOW, cancelReason: 'Out of stock' }),
		).events;
		expect(cancelled).toMatchObject({
			metric: 'Canceled Order',
			uniqueId: placedOrderUniqueId(ACCOUNT, raw.orderid),
			properties: { Reason: 'Out of stock' },
		});
		expect(
			sent(
				trackOrder('cancelled', normalized(raw).order, {
					now: NOW,
					cancelledOrderMetric: 'Cancelled Order',
				}),
			).events[0].metric,
		).toBe('Cancelled Order');
	});
});

describe('order input', () => {
	it('tells what is wrong with an item that is not a normalized order', () => {
		expect(readNormalizedOrder({ orderid: 5 })).toMatchObject({
			ok: false,
			field: 'kind',
			reason: expect.stringContaining('Map Fields'),
		});
		expect(
			readNormalizedOrder({ kind: 'sale', ids: { accountId: '1', orderId: 'x' } }),
		).toMatchObject({ ok: false, field: 'ids.orderId' });
	});

	it('maps fields from another system, naming the field that is wrong', () => {
		const fields = {
			accountId: 'shop',
			orderId: 12,
			email: 'a.b@example.com',
			tillTime: 1_750_000_000,
			currency: 'eur',
			total: '59.90',
			lines: [{ sku: 'S1', quantity: 1, unitPrice: 59.9 }],
		};
		const ok = orderFromFields(fields, 'sale');
		expect(ok).toMatchObject({
			ok: true,
			order: {
				ids: { orderId: 12 },
				currency: 'EUR',
				totals: { gross: 59.9 },
				tillTime: new Date(1_750_000_000_000).toISOString(),
			},
		});
		expect(orderFromFields({ ...fields, orderId: '12a' }, 'sale')).toMatchObject({
			ok: false,
			field: 'Order ID',
		});
		expect(orderFromFields({ ...fields, currency: 'euro' }, 'sale')).toMatchObject({
			ok: false,
			field: 'Currency',
		});
		expect(orderFromFields({ ...fields, lines: [{ sku: 'S1' }] }, 'sale')).toMatchObject({
			ok: false,
			field: 'Lines[0].rowTotal',
		});
		expect(orderFromFields({ ...fields, originalOrderId: 3 }, 'refund')).toMatchObject({
			ok: false,
			field: 'Refund Number',
		});
		const refund = orderFromFields({ ...fields, originalOrderId: 3, refundSequence: 1 }, 'refund');
		if (!refund.ok) throw new Error(refund.reason);
		expect(sent(trackOrder('refunded', refund.order, { now: NOW })).events[0]).toMatchObject({
			uniqueId: 'sitoo:shop:3',
			value: 59.9,
		});
	});
});
