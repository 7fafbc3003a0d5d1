import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import {
	checkEvent,
	createEventBody,
	DEFAULT_STALE_AFTER_HOURS,
	EventInputError,
	eventResource,
	isStale,
} from '../../../nodes/core/klaviyo/event-request';

const createEvent = new KlaviyoContract().operation('create_event');

describe('createEventBody', () => {
	it("builds a body that Klaviyo's spec accepts, with email lower-cased and time in UTC", () => {
		const body = createEventBody({
			metricName: ' Placed Order ',
			email: ' Anna@Example.COM ',
			properties: { OrderId: '1001' },
			value: 129.5,
			valueCurrency: 'sek',
			uniqueId: 'sitoo:90210:1001',
			time: '2026-11-01T10:00:00+01:00',
			backfill: true,
		});
		expect(createEvent.checkBody(body)).toEqual([]);
		expect(body).toEqual({
			data: {
				type: 'event',
				attributes: {
					metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
					profile: { data: { type: 'profile', attributes: { email: 'anna@example.com' } } },
					properties: { OrderId: '1001' },
					value: 129.5,
					value_currency: 'SEK',
					unique_id: 'sitoo:90210:1001',
					time: '2026-11-01T09:00:00.000Z',
					backfill: true,
				},
			},
		});
	});

	it('leaves optional members out instead of sending empty ones', () => {
		const body = createEventBody({
			metricName: 'Visited Store',
			phoneNumber: '+46701234567',
			properties: {},
		});
		expect(createEvent.checkBody(body)).toEqual([]);
		expect(Object.keys((body.data as { attributes: object }).attributes).sort()).toEqual([
			'metric',
			'profile',
			'properties',
		]);
	});

	it.each([
		[{ metricName: '  ', email: 'a@b.se' }, 'metricName', 'Metric Name is empty'],
		[{ metricName: 'x'.repeat(128), email: 'a@b.se' }, 'metricName', 'fewer than 128'],
		[{ metricName: 'Placed Order', email: ' ' }, 'email', 'no profile identifier'],
		[
			{ metricName: 'Placed Order', email: 'a@b.se', time: 'yesterday' },
			'time',
			'"yesterday" is not an ISO 8601',
		],
	])('names the field and the problem: %j', (input, field, message) => {
		let caught: unknown;
		try {
			createEventBody({ properties: {}, ...input });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(EventInputError);
		expect((caught as EventInputError).field).toBe(field);
		expect((caught as EventInputError).message).toContain(message);
	});
});

describe('the staleness rule (docs/design.md invariant 3)', () => {
	const now = Date.parse('2026-11-02T12:00:00Z');
	const hoursAgo = (hours: number) => new Date(now - hours * 3600_000).toISOString();

	it('calls an event stale once it is older than the threshold, 12 hours unless told otherwise', () => {
		expect(DEFAULT_STALE_AFTER_HOURS).toBe(12);
		expect(isStale(hoursAgo(11.9), { now })).toBe(false);
		expect(isStale(hoursAgo(12.1), { now })).toBe(true);
		expect(isStale(hoursAgo(12.1), { now, staleAfterHours: 24 })).toBe(false);
		expect(isStale(hoursAgo(0.1), { now, staleAfterHours: 0 })).toBe(true);
	});

	it('makes an old event a backfill only when the caller asks for the rule; the Backfill field always does', () => {
		const input = {
			metricName: 'Visited Store',
			email: 'kim@example.com',
			properties: {},
			time: hoursAgo(48),
		};
		expect(checkEvent(input, { now }).event.backfill).toBe(true);
		expect(checkEvent(input).event.backfill).toBeUndefined();
		expect(checkEvent({ ...input, time: hoursAgo(1) }, { now }).event.backfill).toBeUndefined();
		expect(
			checkEvent({ ...input, time: hoursAgo(1), backfill: true }, { now }).event.backfill,
		).toBe(true);
	});
});

describe('checkEvent', () => {
	it('reads properties given as JSON text and trims the unique id and currency', () => {
		const { profile, event } = checkEvent({
			metricName: 'Visited Store',
			externalId: ' C-1 ',
			properties: '{"Store": "Oslo"}',
			uniqueId: ' v-1 ',
			valueCurrency: ' nok ',
			value: 5,
		});
		expect(profile).toEqual({ external_id: 'C-1' });
		expect(event).toEqual({
			metric: 'Visited Store',
			properties: { Store: 'Oslo' },
			uniqueId: 'v-1',
			valueCurrency: 'NOK',
			value: 5,
		});
	});

	it.each([
		[{ properties: '{"Store": ' }, 'properties', 'is not valid JSON'],
		[{ properties: '[1, 2]' }, 'properties', 'must be a JSON object'],
		[{ value: '12' }, 'value', 'Value "12" is not a number'],
		[{ value: Number.NaN }, 'value', 'is not a number'],
	])('names the field and the problem: %j', (input, field, message) => {
		let caught: unknown;
		try {
			checkEvent({
				metricName: 'Visited Store',
				email: 'kim@example.com',
				properties: {},
				...input,
			});
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(EventInputError);
		expect((caught as EventInputError).field).toBe(field);
		expect((caught as EventInputError).message).toContain(message);
	});
});

describe('eventResource', () => {
	it('is the bulk job event without a profile, and the Create Event body with one', () => {
		const event = {
			metric: 'Placed Order',
			properties: { OrderId: '1' },
			value: 10,
			valueCurrency: 'SEK',
			uniqueId: 'sitoo:1:1',
			time: '2026-11-01T09:00:00.000Z',
			backfill: false,
		};
		expect(eventResource(event)).toEqual({
			type: 'event',
			attributes: {
				metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
				properties: { OrderId: '1' },
				value: 10,
				value_currency: 'SEK',
				unique_id: 'sitoo:1:1',
				time: '2026-11-01T09:00:00.000Z',
			},
		});
		const body = {
			data: eventResource({ ...event, backfill: true }, { email: 'kim@example.com' }),
		};
		expect(createEvent.checkBody(body)).toEqual([]);
		expect(body.data).toMatchObject({
			attributes: {
				profile: { data: { type: 'profile', attributes: { email: 'kim@example.com' } } },
				backfill: true,
			},
		});
	});
});
