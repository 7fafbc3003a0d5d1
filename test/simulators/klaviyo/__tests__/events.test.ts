import type { AdminEvent } from '../admin';
import { KlaviyoContract } from '../contract';
import { eventBody, START, startKlaviyo, type KlaviyoHarness } from './harness';

const contract = new KlaviyoContract();

/** The parts of Klaviyo's JSON:API resources these tests read. */
type MetricResource = { id: string; attributes: { name: string } };
type EventResource = { attributes: { event_properties: { OrderId: string } } };

function bulkBody(
	entries: Array<{
		email: string;
		events: Array<{ uniqueId: string; metric?: string; backfill?: boolean }>;
	}>,
) {
	return {
		data: {
			type: 'event-bulk-create-job',
			attributes: {
				'events-bulk-create': {
					data: entries.map((entry) => ({
						type: 'event-bulk-create',
						attributes: {
							profile: { data: { type: 'profile', attributes: { email: entry.email } } },
							events: {
								data: entry.events.map((e) => ({
									type: 'event',
									attributes: {
										metric: {
											data: { type: 'metric', attributes: { name: e.metric ?? 'Placed Order' } },
										},
										properties: { OrderId: e.uniqueId },
										unique_id: e.uniqueId,
										time: '2025-03-01T12:00:00Z',
										...(e.backfill === undefined ? {} : { backfill: e.backfill }),
									},
								})),
							},
						},
					})),
				},
			},
		},
	};
}

describe('Klaviyo simulator: events', () => {
	let k: KlaviyoHarness;
	beforeEach(async () => {
		k = await startKlaviyo();
	});
	afterEach(() => k.close());

	const placedOrders = async () =>
		(await k.admin('GET', '/__admin/events?metric=Placed%20Order')).body as AdminEvent[];

	it('records an event, creates its profile and metric on first use', async () => {
		expect(
			(
				await k.call(
					'POST',
					'/api/events',
					eventBody({ uniqueId: 'sitoo:a:1', time: '2026-11-01T09:30:15.789Z' }),
				)
			).status,
		).toBe(202);
		const [event] = await placedOrders();
		expect(event).toMatchObject({
			email: 'anna@example.com',
			value: 129.5,
			valueCurrency: 'SEK',
			uniqueId: 'sitoo:a:1',
			datetime: '2026-11-01T09:30:15+00:00',
			backfill: false,
		});
		const metrics = await k.call('GET', '/api/metrics');
		expect(metrics.body.data.map((m: MetricResource) => m.attributes.name)).toEqual([
			'Placed Order',
		]);
		expect(contract.operation('get_metrics').checkResponse(200, metrics.body)).toEqual([]);
	});

	it('keeps the first event per (profile, metric, unique_id) and drops repeats', async () => {
		for (let i = 0; i < 3; i++)
			await k.call('POST', '/api/events', eventBody({ uniqueId: 'sitoo:a:1' }));
		await k.call(
			'POST',
			'/api/events',
			eventBody({ uniqueId: 'sitoo:a:1', email: 'bo@example.com' }),
		);
		await k.call(
			'POST',
			'/api/events',
			eventBody({ uniqueId: 'sitoo:a:1', metric: 'Refunded Order' }),
		);
		await k.call('POST', '/api/events', eventBody({ uniqueId: 'sitoo:a:2' }));
		expect((await placedOrders()).map((e) => [e.email, e.uniqueId])).toEqual([
			['anna@example.com', 'sitoo:a:1'],
			['bo@example.com', 'sitoo:a:1'],
			['anna@example.com', 'sitoo:a:2'],
		]);
		const summary = (await k.admin('GET', '/__admin/summary')).body;
		expect(summary).toMatchObject({
			events: { 'Placed Order': 3, 'Refunded Order': 1 },
			duplicateEventsDropped: 2,
		});
	});

	it('without a unique_id keeps only one event per profile and metric per second', async () => {
		await k.call(
			'POST',
			'/api/events',
			eventBody({ time: '2026-11-01T10:00:00.100Z', properties: { OrderId: 'a' } }),
		);
		await k.call(
			'POST',
			'/api/events',
			eventBody({ time: '2026-11-01T10:00:00.900Z', properties: { OrderId: 'b' } }),
		);
		await k.call(
			'POST',
			'/api/events',
			eventBody({ time: '2026-11-01T10:00:01Z', properties: { OrderId: 'c' } }),
		);
		expect((await placedOrders()).map((e) => e.properties.OrderId)).toEqual(['a', 'c']);
	});

	it.each([
		['before 1990', '1989-12-31T23:59:59Z'],
		['more than a year ahead', new Date(START + 366 * 24 * 3600 * 1000).toISOString()],
	])('rejects a time %s', async (_label, time) => {
		const reply = await k.call('POST', '/api/events', eventBody({ time }));
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].source.pointer).toBe('/data/attributes/time');
	});

	it('rejects an invalid phone number and email with pointers', async () => {
		const phone = await k.call(
			'POST',
			'/api/events',
			eventBody({ email: 'anna@example.com', phone: '070-123 45 67' }),
		);
		expect(phone.status).toBe(400);
		expect(phone.body.errors[0].source.pointer).toBe(
			'/data/attributes/profile/data/attributes/phone_number',
		);
		const email = await k.call('POST', '/api/events', eventBody({ email: 'noemail@' }));
		expect(email.body.errors[0].source.pointer).toBe(
			'/data/attributes/profile/data/attributes/email',
		);
	});

	it('attributes an event whose email and phone belong to two profiles to the email profile, and reports it', async () => {
		await k.call('POST', '/api/events', eventBody({ email: 'anna@example.com', uniqueId: '1' }));
		await k.call(
			'POST',
			'/api/events',
			eventBody({ email: 'bo@example.com', phone: '+46701234567', uniqueId: '2' }),
		);
		expect(
			(
				await k.call(
					'POST',
					'/api/events',
					eventBody({ email: 'anna@example.com', phone: '+46701234567', uniqueId: '3' }),
				)
			).status,
		).toBe(202);
		const third = (await placedOrders()).find((e) => e.uniqueId === '3');
		expect(third).toMatchObject({ email: 'anna@example.com', phone_number: null });
		expect((await k.admin('GET', '/__admin/problems')).body[0].detail).toContain(
			'phone_number belongs to profile',
		);
	});

	it('reads back when each event was accepted, to the millisecond, for single and bulk sends', async () => {
		k.clock.advance(1234);
		await k.call('POST', '/api/events', eventBody({ uniqueId: 'ms1' }));
		k.clock.advance(250);
		await k.call(
			'POST',
			'/api/event-bulk-create-jobs',
			bulkBody([{ email: 'bo@example.com', events: [{ uniqueId: 'ms2' }] }]),
		);
		const events = await placedOrders();
		expect(events.map((e) => [e.uniqueId, e.receivedAtMs, e.receivedAt])).toEqual([
			['ms1', START + 1234, '2026-11-28T10:00:01+00:00'],
			['ms2', START + 1484, '2026-11-28T10:00:01+00:00'],
		]);
	});

	it('makes accepted events readable only after the processing delay', async () => {
		await k.admin('PUT', '/__admin/config', { processingDelayMs: 5000 });
		expect((await k.call('POST', '/api/events', eventBody({ uniqueId: 'late' }))).status).toBe(202);
		expect(await placedOrders()).toEqual([]);
		expect((await k.admin('GET', '/__admin/summary')).body.pendingJobs).toBe(1);
		k.clock.advance(5000);
		expect((await placedOrders()).map((e) => e.uniqueId)).toEqual(['late']);
	});

	it('bulk job: records every event with backfill, profile given once per entry', async () => {
		const body = bulkBody([
			{
				email: 'anna@example.com',
				events: [
					{ uniqueId: 'b1', backfill: true },
					{ uniqueId: 'b2', backfill: true },
				],
			},
			{ email: 'bo@example.com', events: [{ uniqueId: 'b1', backfill: true }] },
		]);
		expect((await k.call('POST', '/api/event-bulk-create-jobs', body)).status).toBe(202);
		const events = await placedOrders();
		expect(events.map((e) => [e.email, e.uniqueId, e.backfill])).toEqual([
			['anna@example.com', 'b1', true],
			['anna@example.com', 'b2', true],
			['bo@example.com', 'b1', true],
		]);
	});

	it('bulk job: a unique_id repeated for one profile and metric fails the whole job', async () => {
		const body = bulkBody([
			{ email: 'anna@example.com', events: [{ uniqueId: 'ok' }] },
			{ email: 'bo@example.com', events: [{ uniqueId: 'dup' }, { uniqueId: 'dup' }] },
		]);
		const reply = await k.call('POST', '/api/event-bulk-create-jobs', body);
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].source.pointer).toBe(
			'/data/attributes/events-bulk-create/data/1/attributes/events/data/1/attributes/unique_id',
		);
		expect(await placedOrders()).toEqual([]);
	});

	it('bulk job: refuses more than 1,000 events', async () => {
		const events = Array.from({ length: 1001 }, (_, i) => ({ uniqueId: `u${i}` }));
		const reply = await k.call(
			'POST',
			'/api/event-bulk-create-jobs',
			bulkBody([{ email: 'anna@example.com', events }]),
		);
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].detail).toContain('1000');
	});

	it('GET /api/events filters by metric and time, sorts, pages and includes profiles, as the spec describes', async () => {
		for (let day = 1; day <= 5; day++) {
			await k.call(
				'POST',
				'/api/events',
				eventBody({
					uniqueId: `d${day}`,
					time: `2026-10-0${day}T12:00:00Z`,
					properties: { OrderId: `d${day}` },
				}),
			);
		}
		await k.call(
			'POST',
			'/api/events',
			eventBody({ metric: 'Refunded Order', uniqueId: 'r', time: '2026-10-03T13:00:00Z' }),
		);
		const metricId = (await k.call('GET', '/api/metrics')).body.data.find(
			(m: MetricResource) => m.attributes.name === 'Placed Order',
		).id;
		const filter = encodeURIComponent(
			`and(equals(metric_id,"${metricId}"),greater-or-equal(datetime,2026-10-02T00:00:00Z))`,
		);
		const first = await k.call(
			'GET',
			`/api/events?filter=${filter}&sort=-datetime&page[size]=2&include=profile`,
		);
		expect(first.status).toBe(200);
		expect(contract.operation('get_events').checkResponse(200, first.body)).toEqual([]);
		expect(
			first.body.data.map((e: EventResource) => e.attributes.event_properties.OrderId),
		).toEqual(['d5', 'd4']);
		expect(first.body.included).toEqual([
			expect.objectContaining({
				type: 'profile',
				attributes: expect.objectContaining({ email: 'anna@example.com' }),
			}),
		]);
		const next = new URL(first.body.links.next);
		const second = await k.call('GET', next.pathname + next.search);
		expect(
			second.body.data.map((e: EventResource) => e.attributes.event_properties.OrderId),
		).toEqual(['d3', 'd2']);
		expect(second.body.links.next).toBeUndefined();
	});

	it('GET /api/events refuses a filter field the spec does not allow', async () => {
		const reply = await k.call(
			'GET',
			`/api/events?filter=${encodeURIComponent('equals(unique_id,"x")')}`,
		);
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].source).toEqual({ parameter: 'filter' });
	});
});
