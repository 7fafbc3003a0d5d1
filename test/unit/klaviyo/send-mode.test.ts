import {
	DEFAULT_BULK_FROM_EVENTS,
	bulkFromEventsOf,
	chooseSending,
	sendUsingOf,
} from '../../../nodes/core/klaviyo/send-mode';

describe('how a run is sent', () => {
	it('keeps the option as set, and without it sends one request per event before node version 1.3 and chooses from 1.3', () => {
		expect(sendUsingOf('bulkJobs', 1.3)).toBe('bulkJobs');
		expect(sendUsingOf('events', 1.3)).toBe('events');
		expect(sendUsingOf('automatic', 1)).toBe('automatic');
		expect(sendUsingOf(undefined, 1.2)).toBe('events');
		expect(sendUsingOf(undefined, 1.3)).toBe('automatic');
		expect(sendUsingOf('something else', 1)).toBe('events');
	});

	it('goes to bulk jobs at the threshold and back below it', () => {
		expect(DEFAULT_BULK_FROM_EVENTS).toBe(350);
		expect(chooseSending(349, 350)).toBe('events');
		expect(chooseSending(350, 350)).toBe('bulkJobs');
		expect(chooseSending(18_000, 350)).toBe('bulkJobs');
		expect(chooseSending(0, 350)).toBe('events');
	});

	it('reads the threshold as a whole number of at least one, the default when unset, and refuses anything else with the value named', () => {
		expect(bulkFromEventsOf(20)).toEqual({ ok: true, value: 20 });
		expect(bulkFromEventsOf(1)).toEqual({ ok: true, value: 1 });
		expect(bulkFromEventsOf('20')).toEqual({ ok: true, value: 20 });
		expect(bulkFromEventsOf(undefined)).toEqual({ ok: true, value: DEFAULT_BULK_FROM_EVENTS });
		expect(bulkFromEventsOf('')).toEqual({ ok: true, value: DEFAULT_BULK_FROM_EVENTS });
		expect(bulkFromEventsOf(0)).toEqual({
			ok: false,
			reason: 'must be a whole number of at least 1, not 0',
		});
		expect(bulkFromEventsOf(2.5)).toEqual({
			ok: false,
			reason: 'must be a whole number of at least 1, not 2.5',
		});
		expect(bulkFromEventsOf('many')).toEqual({
			ok: false,
			reason: 'must be a whole number of at least 1, not "many"',
		});
		expect(bulkFromEventsOf(-3)).toMatchObject({ ok: false });
	});
});
