/** Every body the Klaviyo node can build validates against Klaviyo's OpenAPI spec (the simulator's validator). */
import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import {
	jobBody,
	MAX_EVENTS_PER_JOB,
	planBulkEventJobs,
	type BulkEventInput,
} from '../../../nodes/core/klaviyo/bulk-events';
import {
	planConsent,
	subscribeBody,
	suppressBody,
	unsubscribeBody,
} from '../../../nodes/core/klaviyo/consent-requests';
import { createEventRequestBody } from '../../../nodes/core/klaviyo/order-events';
import { orderFromFields } from '../../../nodes/core/klaviyo/order-input';
import {
	profileImportBody,
	updateExistingBody,
	withoutPhone,
} from '../../../nodes/core/klaviyo/profile-import';
import { trackOrder, type TrackResult } from '../../../nodes/core/klaviyo/track-order';
import { NOW, STORE, normalized, simulator } from '../order/helpers';

const contract = new KlaviyoContract();
const createEvent = contract.operation('create_event');
const bulkEvents = contract.operation('bulk_create_events');
const profileImport = contract.operation('create_or_update_profile');
const subscribe = contract.operation('bulk_subscribe_profiles');
const unsubscribe = contract.operation('bulk_unsubscribe_profiles');
const suppress = contract.operation('bulk_suppress_profiles');

function sent(result: TrackResult) {
	if (result.status !== 'send')
		throw new Error(`expected events, got ${result.status}: ${result.reason}`);
	return result;
}

describe('order events are spec-valid', () => {
	const sim = simulator(23, 10);
	let clock = NOW;
	const next = () => (clock += 60_000);

	it('for placed, refunded (first, later, manual), exchanged and cancelled orders', () => {
		const sale = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
			items: [{ productId: sim.world.state.products.get(1)![0].productid, quantity: 3 }],
		});
		const bodies: unknown[] = [];
		const add = (result: TrackResult) =>
			bodies.push(
				...sent(result).events.map((e) => createEventRequestBody(sent(result).profile, e)),
			);
		add(trackOrder('placed', normalized(sale).order, { now: clock }));
		add(
			trackOrder(
				'refunded',
				normalized(
					sim.factory.refund(next(), {
						originalOrderId: sale.orderid,
						items: [{ orderitemid: 0, quantity: 1 }],
					}),
					{ refundSequence: 1 },
				).order,
				{ now: clock },
			),
		);
		add(
			trackOrder(
				'refunded',
				normalized(
					sim.factory.refund(next(), {
						originalOrderId: sale.orderid,
						items: [{ orderitemid: 0, quantity: 1 }],
					}),
					{ refundSequence: 2 },
				).order,
				{ now: clock },
			),
		);
		add(
			trackOrder(
				'refunded',
				normalized(sim.factory.manualReturn(next(), { storeId: STORE.NO, customer: 'member' }))
					.order,
				{ now: clock },
			),
		);
		const other = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
		});
		const [exchange] = sim.factory.exchange(next(), { originalOrderId: other.orderid });
		add(trackOrder('placed', normalized(exchange, { refundSequence: 1 }).order, { now: clock }));
		add(trackOrder('refunded', normalized(exchange, { refundSequence: 1 }).order, { now: clock }));
		const cancelled = structuredClone(
			sim.factory.sale(next(), { storeId: STORE.DE, customer: 'member' }),
		);
		cancelled.orderstateid = 20;
		add(
			trackOrder('cancelled', normalized(cancelled).order, {
				now: clock,
				cancelledOrderMetric: 'Cancelled Order',
				cancelReason: 'Customer changed their mind',
			}),
		);
		const offline = sim.factory.offline(next(), {
			storeId: STORE.SE,
			customer: 'member',
			offlineSeconds: 3 * 86_400,
		});
		add(trackOrder('placed', normalized(offline).order, { now: clock }));
		expect(bodies.length).toBeGreaterThan(10);
		for (const body of bodies) expect(createEvent.checkBody(body)).toEqual([]);
	});

	it('for orders mapped from fields of another system', () => {
		const mapped = orderFromFields(
			{
				accountId: 'shop1',
				orderId: '77',
				email: 'Kim@Example.com',
				phone: '070-123 45 67',
				tillTime: '2025-06-02T10:00:00Z',
				currency: 'sek',
				total: 398,
				storeCountry: 'SE',
				lines:
					'[{"sku":"A1","name":"Shirt","quantity":2,"unitPrice":199,"categories":["Shirts"],"brand":"Acme"}]',
			},
			'sale',
		);
		if (!mapped.ok) throw new Error(mapped.reason);
		const result = sent(trackOrder('placed', mapped.order, { now: NOW }));
		for (const event of result.events)
			expect(createEvent.checkBody(createEventRequestBody(result.profile, event))).toEqual([]);
	});

	it('rejects a body the spec does not allow (the check can fail)', () => {
		expect(
			createEvent.checkBody({
				data: {
					type: 'event',
					attributes: {
						metric: { data: { type: 'metric', attributes: { name: 'X' } } },
						properties: {},
					},
				},
			}),
		).not.toEqual([]);
	});
});

describe('bulk event jobs', () => {
	const event = (i: number, extra: Partial<BulkEventInput> = {}): BulkEventInput => ({
		itemIndex: i,
		profile: { email: `p${i % 7}@example.com` },
		metric: 'Visited Store',
		properties: { Store: 'Stockholm', n: i },
		value: 10,
		valueCurrency: 'SEK',
		uniqueId: `visit:${i}`,
		time: '2025-06-01T10:00:00.000Z',
		...extra,
	});

	it('validate against the spec, with backfill', () => {
		const plan = planBulkEventJobs([
			event(0),
			event(1, { backfill: true }),
			event(2, { profile: { phone_number: '+46701234567', external_id: 'c-9' } }),
		]);
		expect(plan.jobs).toHaveLength(1);
		expect(bulkEvents.checkBody(plan.jobs[0].body)).toEqual([]);
	});

	it('carry whole orders (Placed Order and one Ordered Product per line) with the live unique ids, valid against the spec', () => {
		const sim = simulator(31, 10);
		const inputs: BulkEventInput[] = [];
		const liveIds: string[] = [];
		for (let i = 0; i < 40; i++) {
			const sale = sim.factory.sale(NOW - 30 * 86_400_000 + i * 60_000, {
				storeId: STORE.SE,
				customer: 'member',
				payment: 'card',
			});
			const result = sent(trackOrder('placed', normalized(sale).order, { now: NOW }));
			for (const e of result.events) {
				liveIds.push(e.uniqueId);
				inputs.push({
					itemIndex: i,
					profile: { ...result.profile },
					metric: e.metric,
					properties: e.properties,
					value: e.value,
					valueCurrency: e.valueCurrency,
					uniqueId: e.uniqueId,
					time: e.time,
					backfill: e.backfill,
				});
			}
		}
		expect(inputs.filter((e) => e.metric === 'Ordered Product').length).toBeGreaterThanOrEqual(40);
		const plan = planBulkEventJobs(inputs);
		expect(plan.duplicates).toEqual([]);
		for (const job of plan.jobs) expect(bulkEvents.checkBody(job.body)).toEqual([]);
		type Job = {
			data: {
				attributes: {
					'events-bulk-create': {
						data: Array<{
							attributes: {
								events: { data: Array<{ attributes: { unique_id: string; backfill?: boolean } }> };
							};
						}>;
					};
				};
			};
		};
		const sentIds = plan.jobs.flatMap((job) =>
			(job.body as Job).data.attributes['events-bulk-create'].data.flatMap((entry) =>
				entry.attributes.events.data.map((e) => e.attributes),
			),
		);
		expect(sentIds.map((e) => e.unique_id).sort()).toEqual([...liveIds].sort());
		// A month old: history, never starting flows (docs/design.md invariant 3).
		expect(sentIds.every((e) => e.backfill === true)).toBe(true);
	});

	it('hold at most 1,000 events each and keep every event exactly once', () => {
		const inputs = Array.from({ length: 2_345 }, (_, i) => event(i));
		const plan = planBulkEventJobs(inputs);
		expect(plan.jobs.map((j) => j.eventCount)).toEqual([1000, 1000, 345]);
		expect(plan.jobs.flatMap((j) => j.itemIndices).sort((a, b) => a - b)).toEqual(
			inputs.map((i) => i.itemIndex),
		);
		for (const job of plan.jobs) {
			expect(job.eventCount).toBeLessThanOrEqual(MAX_EVENTS_PER_JOB);
			expect(bulkEvents.checkBody(job.body)).toEqual([]);
		}
	});

	it('stay under 5 MB, splitting by size before count', () => {
		const big = 'x'.repeat(90 * 1024);
		const inputs = Array.from({ length: 120 }, (_, i) => event(i, { properties: { Note: big } }));
		const plan = planBulkEventJobs(inputs);
		expect(plan.jobs.length).toBeGreaterThan(1);
		for (const job of plan.jobs)
			expect(Buffer.byteLength(JSON.stringify(job.body))).toBeLessThanOrEqual(5 * 1024 * 1024);
		expect(plan.jobs.reduce((n, j) => n + j.eventCount, 0)).toBe(120);
		expect(
			planBulkEventJobs([event(0, { properties: { Note: 'y'.repeat(6 * 1024 * 1024) } })]).tooLarge,
		).toHaveLength(1);
	});

	it('remove repeated unique ids for the same person and metric, which would fail the whole job', () => {
		const plan = planBulkEventJobs([
			event(0),
			event(1),
			{ ...event(0), itemIndex: 5 },
			event(7, { profile: { email: 'p0@example.com' }, uniqueId: 'visit:0', metric: 'Other' }),
		]);
		expect(plan.duplicates).toEqual([{ itemIndex: 5, keptItemIndex: 0, uniqueId: 'visit:0' }]);
		expect(plan.jobs[0].eventCount).toBe(3);
	});

	it('the empty envelope is not sent', () => {
		expect(planBulkEventJobs([]).jobs).toEqual([]);
		expect(bulkEvents.checkBody(jobBody([]))).toEqual([]);
	});
});

describe('profile import bodies', () => {
	it('with names, phone, location, custom properties and POS ids validate', () => {
		const built = profileImportBody(
			{
				email: ' Kim.Berg@Example.com ',
				phone: '070-123 45 67',
				externalId: 'C-1001',
				firstName: 'Kim',
				lastName: 'Berg',
				locale: 'sv-SE',
				location: { city: 'Stockholm', country: 'Sweden', zip: '11122' },
				properties: { pos_home_store: 'Stockholm' },
			},
			{ defaultCountry: 'SE' },
		);
		if (!built.ok) throw new Error(built.reason);
		const attributes = (built.body.data as { attributes: Record<string, unknown> }).attributes;
		expect(attributes).toMatchObject({
			email: 'kim.berg@example.com',
			phone_number: '+46701234567',
			properties: { pos_customer_id: 'C-1001', pos_home_store: 'Stockholm' },
		});
		// external_id is opt-in.
		expect(attributes.external_id).toBeUndefined();
		expect(profileImport.checkBody(built.body)).toEqual([]);
		expect(profileImport.checkBody(withoutPhone(built.body))).toEqual([]);
		const update = updateExistingBody(built.body, '01PROFILE', {
			email: null,
			phone_number: '+46701234567',
		});
		expect(update.leftOut).toEqual(['email']);
		expect(profileImport.checkBody(update.body)).toEqual([]);
	});

	it('writes external_id only when asked', () => {
		const built = profileImportBody(
			{ email: 'kim@example.com', externalId: 'C-1', writeExternalId: true },
			{},
		);
		expect(
			built.ok &&
				(built.body.data as { attributes: Record<string, unknown> }).attributes.external_id,
		).toBe('C-1');
		expect(built.ok && profileImport.checkBody(built.body)).toEqual([]);
	});

	it('has no body for a person without a valid identifier, or with only a phone', () => {
		expect(profileImportBody({ email: 'noemail@store.se' }, {})).toMatchObject({
			ok: false,
			reason: expect.stringContaining('placeholder'),
		});
		expect(profileImportBody({ phone: '+46701234567' }, {})).toMatchObject({
			ok: false,
			reason: expect.stringContaining('phone number alone'),
		});
	});
});

describe('consent job bodies', () => {
	const now = Date.parse('2026-03-01T12:00:00Z');
	const target = { email: 'kim@example.com', phone_number: '+46701234567' };
	const plan = (at: string, operation: 'subscribe' | 'unsubscribe' | 'suppress' = 'subscribe') =>
		planConsent({
			operation,
			channels: ['email', 'sms'],
			at,
			records: {},
			guard: true,
			now,
			target,
		});

	it('subscribe now, with a list and a custom source', () => {
		const decisions = plan('2026-03-01T11:59:00Z');
		expect(decisions.every((d) => d.status === 'applied' && !d.historicalConsentAt)).toBe(true);
		const body = subscribeBody(target, decisions, {
			customSource: 'POS checkout - Stockholm',
			listId: 'Y6nRLr',
		});
		expect(body).not.toHaveProperty('data.attributes.historical_import');
		expect(subscribe.checkBody(body)).toEqual([]);
	});

	it('subscribe in the past as a historical import with consented_at', () => {
		const decisions = plan('2026-02-01T09:00:00Z');
		const body = subscribeBody(target, decisions);
		expect(body).toMatchObject({
			data: {
				attributes: {
					historical_import: true,
					profiles: {
						data: [
							{
								attributes: {
									subscriptions: {
										email: { marketing: { consented_at: '2026-02-01T09:00:00.000Z' } },
									},
								},
							},
						],
					},
				},
			},
		});
		expect(subscribe.checkBody(body)).toEqual([]);
	});

	it('unsubscribe (with and without a list) and suppress', () => {
		const decisions = plan('2026-03-01T11:00:00Z', 'unsubscribe');
		expect(unsubscribe.checkBody(unsubscribeBody(target, decisions))).toEqual([]);
		expect(
			unsubscribe.checkBody(
				unsubscribeBody(
					{ phone_number: target.phone_number },
					decisions.filter((d) => d.channel === 'sms'),
					{ listId: 'Y6nRLr' },
				),
			),
		).toEqual([]);
		expect(suppress.checkBody(suppressBody(['kim@example.com']))).toEqual([]);
	});
});
