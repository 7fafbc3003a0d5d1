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

	it('reads the threshold as a whole number of at least one, else the default', () => {
		expect(bulkFromEventsOf(20)).toBe(20);
		expect(bulkFromEventsOf(1)).toBe(1);
		expect(bulkFromEventsOf(0)).toBe(350);
		expect(bulkFromEventsOf(2.5)).toBe(350);
		expect(bulkFromEventsOf('20')).toBe(350);
		expect(bulkFromEventsOf(undefined)).toBe(350);
	});
});
