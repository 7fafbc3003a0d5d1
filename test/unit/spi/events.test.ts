import {
	MAX_EVENT_ID_LENGTH,
	OVERSIZED_BATCH,
	orderEventAction,
	parseEventsBatch,
} from '../../../nodes/core/spi';

/** The batch of docs/reference/sitoo-spi.md §5.9, plus fields Sitoo may add later. */
const batch = [
	{
		event_id: '3f8a1c2e9b7d4e6fa0c5b1d2e3f4a5b6',
		event_type: 'order',
		event_date: 1732786200,
		account_id: 1500,
		data: { eshop_id: 1, order_id: 48211, warehouse_id: 43, order_event_type: 'add' },
	},
	{
		event_id: '7c2d9e0f1a3b4c5d8e9f0a1b2c3d4e5f',
		event_type: 'order',
		event_date: 1732789800,
		account_id: 1500,
		data: { eshop_id: 1, order_id: 48211, warehouse_id: 43, order_event_type: 'ready-for-pickup' },
	},
	{
		event_id: 'b1e2f3a4c5d6478e9f0a1b2c3d4e5f60',
		event_type: 'order',
		event_date: 1732797000,
		account_id: 1500,
		data: {
			eshop_id: 1,
			order_id: 48211,
			order_event_type: 'update',
			order_state_changed: 'closed',
			new_field: true,
		},
		trace: 'x',
	},
	{
		event_id: '0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a',
		event_type: 'order-delivery',
		event_date: 1732800000,
		account_id: 1500,
		data: { eshop_id: 1, order_id: 48190, order_delivery_id: 3127 },
	},
];

describe('Events SPI batch parsing', () => {
	it('reads the documented batch, ignoring unknown fields', () => {
		const parsed = parseEventsBatch(batch);
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.problems).toEqual([]);
		expect(parsed.events.map((e) => e.position)).toEqual([0, 1, 2, 3]);
		expect(parsed.events[0]).toEqual({
			eventId: '3f8a1c2e9b7d4e6fa0c5b1d2e3f4a5b6',
			eventType: 'order',
			eventDate: '2024-11-28T09:30:00.000Z',
			accountId: 1500,
			position: 0,
			order: { siteId: 1, orderId: 48211, warehouseId: 43, orderEventType: 'add' },
		});
		expect(parsed.events[2].order).toEqual({
			siteId: 1,
			orderId: 48211,
			orderEventType: 'update',
			orderStateChanged: 'closed',
		});
		expect(parsed.events[3].order).toBeUndefined();
	});

	it('reads a raw JSON text body the same way', () => {
		const parsed = parseEventsBatch(JSON.stringify(batch));
		expect(parsed.ok && parsed.events).toHaveLength(4);
	});

	it('names the broken field of each bad event and keeps the good ones', () => {
		const bad = [
			batch[0],
			{ event_type: 'order', data: { eshop_id: 1, order_id: 5, order_event_type: 'add' } },
			{
				event_id: 'e2',
				event_type: 'order',
				data: { eshop_id: 1, order_id: 'forty', order_event_type: 'add' },
			},
			{ event_id: 'e3', event_type: 'booking', data: { order_id: 7, order_event_type: 'add' } },
			{ event_id: 'e4', event_type: 'order', data: null },
			{
				event_id: 'e5',
				event_type: 'order',
				event_date: 'yesterday',
				data: { eshop_id: 1, order_id: 9, order_event_type: 'add' },
			},
			'not an event',
			{
				event_id: 'e6',
				event_type: 'order',
				data: { eshop_id: '1', order_id: '10', order_event_type: 'update' },
			},
		];
		const parsed = parseEventsBatch(bad);
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.events.map((e) => e.eventId)).toEqual(['3f8a1c2e9b7d4e6fa0c5b1d2e3f4a5b6', 'e6']);
		expect(parsed.events[1].order).toMatchObject({ siteId: 1, orderId: 10 });
		expect(parsed.problems.map((p) => [p.position, p.eventId, p.field])).toEqual([
			[1, undefined, '[1].event_id'],
			[2, 'e2', '[2].data.order_id'],
			[3, 'e3', '[3].data.eshop_id'],
			[4, 'e4', '[4].data'],
			[5, 'e5', '[5].event_date'],
			[6, undefined, '[6]'],
		]);
		expect(parsed.problems[1].reason).toContain('the text "forty"');
	});

	it('refuses only a body that is not an array', () => {
		expect(parseEventsBatch({ event_id: 'x' })).toMatchObject({
			ok: false,
			reason: expect.stringContaining('JSON array'),
		});
		expect(parseEventsBatch('{not json')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('not JSON'),
		});
		expect(parseEventsBatch(undefined)).toMatchObject({ ok: false });
		expect(parseEventsBatch([])).toEqual({ ok: true, events: [], problems: [] });
	});
});

describe('which events mean "read this order"', () => {
	const event = (data: Record<string, unknown>, type = 'order') => {
		const parsed = parseEventsBatch([
			{ event_id: 'x', event_type: type, data: { eshop_id: 2, order_id: 77, ...data } },
		]);
		if (!parsed.ok || parsed.events.length !== 1) throw new Error('bad fixture');
		return parsed.events[0];
	};
	it('reads the order on add, update, a close, and the older "closed" spelling', () => {
		for (const data of [
			{ order_event_type: 'add' },
			{ order_event_type: 'update' },
			{ order_event_type: 'update', order_state_changed: 'closed' },
			{ order_event_type: 'closed' },
		]) {
			expect(orderEventAction(event(data))).toEqual({ action: 'fetch', siteId: 2, orderId: 77 });
		}
		expect(orderEventAction(event({ order_event_type: 'add' }, 'booking'))).toMatchObject({
			action: 'fetch',
		});
	});
	it("reads the order again when its receipt is e-mailed: the sale may now have the customer's address", () => {
		expect(orderEventAction(event({ order_event_type: 'email-receipt' }))).toMatchObject({
			action: 'fetch',
			emailReceipt: true,
		});
	});
	it('ignores cancellations, pick-up notices, and other event types', () => {
		expect(
			orderEventAction(event({ order_event_type: 'update', order_state_changed: 'cancelled' })),
		).toMatchObject({ action: 'ignore', reason: expect.stringContaining('cancelled') });
		expect(orderEventAction(event({ order_event_type: 'ready-for-pickup' }))).toMatchObject({
			action: 'ignore',
		});
		expect(orderEventAction(event({}, 'z-report'))).toMatchObject({
			action: 'ignore',
			reason: expect.stringContaining('z-report'),
		});
	});
});

describe('oversized batches', () => {
	it('refuses a batch far larger than Sitoo ever sends, before reading anything', () => {
		const event = (i: number) => ({
			...batch[0],
			event_id: `e${i}`,
			data: { ...batch[0].data, order_id: i + 1 },
		});
		const huge = parseEventsBatch(Array.from({ length: OVERSIZED_BATCH + 1 }, (_, i) => event(i)));
		expect(huge.ok).toBe(false);
		expect(!huge.ok && huge.reason).toContain(`holds ${OVERSIZED_BATCH + 1} events`);
		expect(parseEventsBatch(Array.from({ length: OVERSIZED_BATCH }, (_, i) => event(i))).ok).toBe(
			true,
		);
	});
});

describe('oversized event ids', () => {
	it('reports an event whose id is far longer than Sitoo makes, without echoing it, and reads the rest', () => {
		const long = 'f'.repeat(5 * 1024 * 1024);
		const parsed = parseEventsBatch([{ ...batch[0], event_id: long }, batch[1]]);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.events.map((e) => e.eventId)).toEqual([batch[1].event_id]);
		expect(parsed.problems).toEqual([
			expect.objectContaining({
				position: 0,
				field: '[0].event_id',
				reason: expect.stringContaining('5242880 characters'),
			}),
		]);
		expect(JSON.stringify(parsed.problems).length).toBeLessThan(500);
		const atLimit = parseEventsBatch([{ ...batch[0], event_id: 'a'.repeat(MAX_EVENT_ID_LENGTH) }]);
		expect(atLimit.ok && atLimit.events.length).toBe(1);
	});
});
