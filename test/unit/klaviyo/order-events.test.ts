import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import {
	cancelledOrderEvents,
	createEventRequestBody,
	orderEvents,
	placedOrderEvents,
	refundedOrderEvents,
	type OrderEventsResult,
} from '../../../nodes/core/klaviyo/order-events';
import { placedOrderUniqueId } from '../../../nodes/core/klaviyo/unique-ids';
import { ACCOUNT, NOW, STORE, normalized, simulator } from '../order/helpers';

const createEvent = new KlaviyoContract().operation('create_event');

function attributed(result: OrderEventsResult) {
	if (!result.attributed) throw new Error(`expected the order to be attributed: ${result.reason}`);
	return result;
}

describe('orderEvents', () => {
	const sim = simulator(11, 10);
	let clock = NOW;
	const next = () => (clock += 60_000);

	it('turns a member sale into one Placed Order and one Ordered Product per line, all spec-valid', () => {
		const raw = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
		});
		const { order } = normalized(raw, {
			stores: {
				[raw.warehouseid as number]: { id: 1, name: 'Store from the lookup', country: 'SE' },
			},
		});
		const result = attributed(orderEvents(order, { now: clock }));
		const [placed, ...products] = result.events;
		expect(placed).toMatchObject({
			metric: 'Placed Order',
			uniqueId: placedOrderUniqueId(ACCOUNT, raw.orderid),
			value: order.totals.gross,
			valueCurrency: 'SEK',
			backfill: false,
		});
		// The receipt's own store name wins over the warehouse lookup; the lookup supplies the id.
		expect(placed.properties).toMatchObject({
			OrderId: String(raw.orderid),
			'Source Name': 'POS',
			'Store ID': 1,
			'Store Name': raw.additionaldata['store-name'],
		});
		expect((placed.properties.Items as unknown[]).length).toBe(order.lines.length);
		expect(products.map((e) => e.uniqueId)).toEqual(
			order.lines.map((l) => `sitoo:${ACCOUNT}:${raw.orderid}:${l.lineId}`),
		);
		expect(products.every((e) => e.metric === 'Ordered Product')).toBe(true);
		for (const event of result.events)
			expect(createEvent.checkBody(createEventRequestBody(result.profile, event))).toEqual([]);
	});

	it('marks receipts older than the threshold as backfill so they never fire flows', () => {
		const raw = sim.factory.offline(next(), {
			storeId: STORE.SE,
			customer: 'member',
			offlineSeconds: 2 * 86_400,
		});
		const { order } = normalized(raw);
		const result = attributed(orderEvents(order, { now: clock }));
		expect(result.events.every((e) => e.backfill)).toBe(true);
		expect(
			attributed(orderEvents(order, { now: clock, staleAfterHours: 72 })).events.every(
				(e) => !e.backfill,
			),
		).toBe(true);
	});

	it('links the first refund to its sale and gives a second refund its own id', () => {
		const sale = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
			items: [{ productId: sim.world.state.products.get(1)![0].productid, quantity: 3 }],
		});
		const first = normalized(
			sim.factory.refund(next(), {
				originalOrderId: sale.orderid,
				items: [{ orderitemid: 0, quantity: 1 }],
			}),
			{ refundSequence: 1 },
		).order;
		const second = normalized(
			sim.factory.refund(next(), {
				originalOrderId: sale.orderid,
				items: [{ orderitemid: 0, quantity: 1 }],
			}),
			{ refundSequence: 2 },
		).order;
		const [firstEvent] = attributed(orderEvents(first, { now: clock })).events;
		const [secondEvent] = attributed(orderEvents(second, { now: clock })).events;
		expect(firstEvent).toMatchObject({
			metric: 'Refunded Order',
			uniqueId: placedOrderUniqueId(ACCOUNT, sale.orderid),
		});
		expect(firstEvent.value).toBeGreaterThan(0);
		expect(secondEvent.uniqueId).toBe(
			`sitoo:${ACCOUNT}:${sale.orderid}:refund:${second.ids.orderId}`,
		);
		expect(secondEvent.properties).toMatchObject({
			OriginalOrderId: String(sale.orderid),
			ManualReturn: false,
		});
	});

	it('records a manual return without an original on its own id', () => {
		const raw = sim.factory.manualReturn(next(), { storeId: STORE.SE, customer: 'member' });
		const [event] = attributed(orderEvents(normalized(raw).order, { now: clock })).events;
		expect(event).toMatchObject({
			metric: 'Refunded Order',
			uniqueId: `sitoo:${ACCOUNT}:refund:${raw.orderid}`,
			properties: { ManualReturn: true, OriginalOrderId: null },
		});
	});

	it('sends a one-receipt exchange as a Placed Order for the new goods and a Refunded Order for the returned ones', () => {
		const sale = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
		});
		const [raw] = sim.factory.exchange(next(), { originalOrderId: sale.orderid });
		const { order } = normalized(raw, { refundSequence: 1 });
		const events = attributed(orderEvents(order, { now: clock })).events;
		expect(events.map((e) => e.metric).filter((m) => m !== 'Ordered Product')).toEqual([
			'Placed Order',
			'Refunded Order',
		]);
		const placed = events.find((e) => e.metric === 'Placed Order')!;
		const refunded = events.find((e) => e.metric === 'Refunded Order')!;
		expect(placed.uniqueId).toBe(placedOrderUniqueId(ACCOUNT, raw.orderid));
		expect(refunded.uniqueId).toBe(placedOrderUniqueId(ACCOUNT, sale.orderid));
	});

	it("builds each kind on its own: the exchange's sale part, its refund part, and a cancellation of the sale part", () => {
		const sale = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
		});
		const [raw] = sim.factory.exchange(next(), { originalOrderId: sale.orderid });
		const { order } = normalized(raw, { refundSequence: 1 });
		const settings = { now: clock };
		const whole = attributed(orderEvents(order, settings)).events;
		const placed = placedOrderEvents(order, settings, {
			placedOrder: 'Placed Order',
			orderedProduct: 'Ordered Product',
		});
		const refunded = refundedOrderEvents(order, settings, 'Refunded Order');
		expect([...placed, ...refunded]).toEqual(whole);
		expect(
			placedOrderEvents(order, settings, { placedOrder: 'Placed Order' }).map((e) => e.metric),
		).toEqual(['Placed Order']);
		const [cancelled] = cancelledOrderEvents(order, settings, 'Canceled Order', 'Out of stock');
		expect(cancelled).toMatchObject({
			metric: 'Canceled Order',
			uniqueId: placed[0]!.uniqueId,
			value: placed[0]!.value,
			properties: { ...placed[0]!.properties, Reason: expect.anything() },
		});
	});

	it.each(['guest', 'placeholder'] as const)(
		'leaves a %s sale unattributed with the reason',
		(customer) => {
			const raw = sim.factory.sale(next(), { storeId: STORE.SE, customer });
			const result = orderEvents(normalized(raw).order, { now: clock });
			expect(result.attributed).toBe(false);
			expect(!result.attributed && result.reason).toMatch(/no usable customer email/);
		},
	);

	it('keeps the email and drops an unreadable phone with a note', () => {
		const raw = structuredClone(
			sim.factory.sale(next(), { storeId: STORE.SE, customer: 'member' }),
		);
		(raw as { phone?: string }).phone = '07-ABC';
		const result = attributed(orderEvents(normalized(raw).order, { now: clock }));
		expect(result.profile.phone_number).toBeUndefined();
		expect(result.notes.join()).toContain('phone left out');
	});
});
