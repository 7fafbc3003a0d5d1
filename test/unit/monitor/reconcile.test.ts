import {
	expectationsOf,
	lagByStore,
	orderIdsInEvents,
	percentile,
	reconcile,
	type CarriedState,
} from '../../../nodes/core/monitor';
import { guestSale, klaviyoEvent, MIN, NOW, order, present, sale, settings } from './fixtures';

function run(
	orders: ReturnType<typeof sale>[],
	found: Map<string, Set<string>>,
	previous?: CarriedState,
	overrides = {},
) {
	const s = settings(overrides);
	const expectations = expectationsOf(orders, s, NOW);
	const maxOrderId = Math.max(0, ...orders.map((o) => o.ids.orderId));
	return reconcile({
		expected: expectations.expected,
		present: found,
		previous,
		settings: s,
		now: NOW,
		maxOrderId,
	});
}

describe('what the monitor expects in Klaviyo', () => {
	it('expects a Placed Order per completed attributed sale and a Refunded Order per refund, keyed by the order id Klaviyo shows', () => {
		const refund = order({
			orderId: 12,
			minutesAgo: 5,
			email: 'anna@example.com',
			kind: 'refund',
			originalOrderId: 10,
		});
		const exchange = order({
			orderId: 13,
			minutesAgo: 5,
			email: 'bo@example.com',
			kind: 'exchange',
		});
		const { expected, sales } = expectationsOf(
			[
				sale(10, 60),
				guestSale(11, 50),
				refund,
				exchange,
				order({ orderId: 14, minutesAgo: 5, email: 'c@example.com', completed: false }),
			],
			settings(),
			NOW,
		);
		expect(expected.map((e) => e.key)).toEqual([
			'Placed Order|10',
			'Refunded Order|12',
			'Placed Order|13',
			'Refunded Order|13',
		]);
		// The guest counts for attribution but is never expected in Klaviyo; the open order is not judged.
		expect(sales.map((s) => s.attributed)).toEqual([true, false, true]);
	});

	it('a placeholder email is a guest too, as the sync treats it', () => {
		const { expected, sales } = expectationsOf(
			[order({ orderId: 1, minutesAgo: 60, email: 'noemail@store.se' })],
			settings(),
			NOW,
		);
		expect(expected).toEqual([]);
		expect(sales).toEqual([expect.objectContaining({ attributed: false })]);
	});

	it('reads OrderId from event properties (Klaviyo does not echo unique_id), numbers included', () => {
		const ids = orderIdsInEvents([
			klaviyoEvent(10),
			klaviyoEvent(11),
			{ attributes: { event_properties: { OrderId: 12 } } },
			{ attributes: {} },
			null,
		]);
		expect([...ids].sort()).toEqual(['10', '11', '12']);
	});
});

describe('orphans', () => {
	it('a clean window has no orphans, nothing pending and, on the first run, no lag measured', () => {
		const result = run(
			[sale(1, 300), sale(2, 120), sale(3, 2), guestSale(4, 30)],
			present([1, 2, 3]),
		);
		expect(result).toMatchObject({
			presentEvents: 3,
			pending: 0,
			orphans: [],
			recovered: 0,
			lagSamples: [],
		});
		expect(result.carried.missing).toEqual([]);
		expect(result.carried.maxOrderId).toBe(4);
	});

	it('a missing sale is "on its way" within the grace period and an orphan after it, with what to do', () => {
		const result = run([sale(1, 29), sale(2, 31)], present([]), undefined, { graceMinutes: 30 });
		expect(result.pending).toBe(1);
		expect(result.orphans).toEqual([
			expect.objectContaining({
				orderId: 2,
				metric: 'Placed Order',
				receiptId: 'R-2',
				customer: 'cu••••@example.com',
				resentBefore: false,
				action: expect.stringContaining('Re-sent'),
			}),
		]);
		expect(result.orphanEvents.map((e) => e.order.ids.orderId)).toEqual([2]);
		expect(result.carried.missing).toEqual([
			{ key: 'Placed Order|1', since: new Date(NOW - 29 * MIN).toISOString() },
			{ key: 'Placed Order|2', since: new Date(NOW - 31 * MIN).toISOString(), resent: true },
		]);
	});

	it('an offline receipt that reached Sitoo after the last run waits its grace from that run, not from its old till time', () => {
		const previous = { runAt: new Date(NOW - 5 * MIN).toISOString(), maxOrderId: 100, missing: [] };
		const result = run([sale(101, 180), sale(99, 180)], present([]), previous, {
			graceMinutes: 30,
		});
		// 101 is new since the last run: pending. 99 was already in Sitoo then: its till time counts.
		expect(result.pending).toBe(1);
		expect(result.orphans.map((o) => o.orderId)).toEqual([99]);
		expect(result.carried.missing[0]).toEqual({ key: 'Placed Order|101', since: previous.runAt });
	});

	it('keeps counting from when a previous run first missed it', () => {
		const previous = {
			runAt: new Date(NOW - 5 * MIN).toISOString(),
			maxOrderId: 50,
			missing: [{ key: 'Placed Order|40', since: new Date(NOW - 35 * MIN).toISOString() }],
		};
		const result = run([sale(40, 36)], present([]), previous, { graceMinutes: 30 });
		expect(result.orphans).toEqual([
			expect.objectContaining({
				orderId: 40,
				missingSince: new Date(NOW - 35 * MIN).toISOString(),
			}),
		]);
	});

	it('an orphan re-sent before and still missing is marked and gets the deeper check', () => {
		const previous = {
			runAt: new Date(NOW - 5 * MIN).toISOString(),
			maxOrderId: 50,
			missing: [
				{ key: 'Placed Order|40', since: new Date(NOW - 60 * MIN).toISOString(), resent: true },
			],
		};
		const result = run([sale(40, 61)], present([]), previous);
		expect(result.orphans[0]).toMatchObject({
			resentBefore: true,
			action: expect.stringContaining('Merge the profiles'),
		});
	});

	it('a missing refund is an orphan of the Refunded Order metric, even when its sale arrived', () => {
		const refund = order({
			orderId: 21,
			minutesAgo: 45,
			email: 'anna@example.com',
			kind: 'refund',
			originalOrderId: 20,
		});
		const result = run([sale(20, 120, 'stockholm', 'anna@example.com'), refund], present([20], []));
		expect(result.orphans.map((o) => [o.orderId, o.metric])).toEqual([[21, 'Refunded Order']]);
	});

	it('a sale present under the wrong metric is still missing', () => {
		const result = run([sale(1, 60)], present([], [1]));
		expect(result.orphans.map((o) => o.orderId)).toEqual([1]);
	});
});

describe('sync lag', () => {
	const previous = (missing: CarriedState['missing'] = []): CarriedState => ({
		runAt: new Date(NOW - 15 * MIN).toISOString(),
		maxOrderId: 100,
		missing,
	});

	it('measures orders that reached Sitoo since the last run and those it saw missing; not those it found already', () => {
		const result = run(
			[sale(98, 60), sale(99, 30), sale(101, 10), sale(102, 3)],
			present([98, 99, 101, 102]),
			previous([{ key: 'Placed Order|99', since: new Date(NOW - 30 * MIN).toISOString() }]),
		);
		expect(result.lagSamples.map((s) => s.minutes)).toEqual([30, 10, 3]);
	});

	it('does not count an orphan the monitor re-sent as sync lag when it arrives: it is "recovered"', () => {
		const result = run(
			[sale(90, 120)],
			present([90]),
			previous([
				{ key: 'Placed Order|90', since: new Date(NOW - 100 * MIN).toISOString(), resent: true },
			]),
		);
		expect(result).toMatchObject({ recovered: 1, lagSamples: [] });
	});

	it('p50, p95 and max per store, nearest rank', () => {
		const samples = [
			...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 40].map((minutes) => ({
				store: { key: '1', name: 'Stockholm' },
				minutes,
			})),
			{ store: { key: '2', name: 'Oslo' }, minutes: 2 },
			{ store: { key: '2', name: 'Oslo' }, minutes: 4 },
		];
		expect(lagByStore(samples)).toEqual([
			{
				store: { key: '1', name: 'Stockholm' },
				count: 20,
				p50Minutes: 10,
				p95Minutes: 19,
				maxMinutes: 40,
			},
			{ store: { key: '2', name: 'Oslo' }, count: 2, p50Minutes: 2, p95Minutes: 4, maxMinutes: 4 },
		]);
	});

	it('percentile of nothing is 0 and of one value is that value', () => {
		expect(percentile([], 95)).toBe(0);
		expect(percentile([7], 50)).toBe(7);
		expect(percentile([1, 2, 3, 4], 50)).toBe(2);
	});
});
