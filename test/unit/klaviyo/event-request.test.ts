import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import { createEventBody, EventInputError } from '../../../nodes/core/klaviyo/event-request';

const createEvent = new KlaviyoContract().operation('create_event');

describe('createEventBody', () => {
	it('builds a body that Klaviyo\'s spec accepts, with email lower-cased and time in UTC', () => {
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
		const body = createEventBody({ metricName: 'Visited Store', phoneNumber: '+46701234567', properties: {} });
		expect(createEvent.checkBody(body)).toEqual([]);
		expect(Object.keys((body.data as { attributes: object }).attributes).sort()).toEqual(['metric', 'profile', 'properties']);
	});

	it.each([
		[{ metricName: '  ', email: 'a@b.se' }, 'metricName', 'Metric Name is empty'],
		[{ metricName: 'x'.repeat(128), email: 'a@b.se' }, 'metricName', 'fewer than 128'],
		[{ metricName: 'Placed Order', email: ' ' }, 'email', 'no profile identifier'],
		[{ metricName: 'Placed Order', email: 'a@b.se', time: 'yesterday' }, 'time', '"yesterday" is not an ISO 8601'],
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
