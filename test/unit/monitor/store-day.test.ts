import { expectationsOf, storeDay } from '../../../nodes/core/monitor/expectations';
import { DEFAULT_MONITOR_SETTINGS } from '../../../nodes/core/monitor/types';
import { NOW, STORE, normalized, simulator } from '../order/helpers';

describe("store days: per-day figures end at the store's midnight", () => {
	const sim = simulator(9, 3);

	it('dates a sale by the time zone of its till, and by UTC when the till names none', () => {
		const order = normalized(sim.factory.sale(NOW, { storeId: STORE.SE })).order;
		// 23:30 UTC on 1 March is already 2 March in Helsinki (UTC+2) and still 1 March in UTC.
		order.tillTime = '2026-03-01T23:30:00.000Z';
		expect(storeDay({ ...order, store: { ...order.store, timeZone: 'Europe/Helsinki' } })).toBe(
			'2026-03-02',
		);
		expect(storeDay({ ...order, store: { ...order.store, timeZone: undefined } })).toBe(
			'2026-03-01',
		);
	});

	it("counts a Stockholm sale after 23:00 UTC on the store's next day in the attribution figures", () => {
		const order = normalized(
			sim.factory.sale(NOW, { storeId: STORE.SE, customer: 'member' }),
		).order;
		order.tillTime = '2026-06-01T22:30:00.000Z'; // 00:30 on 2 June in Stockholm (summer time)
		const { sales } = expectationsOf(
			[{ ...order, store: { ...order.store, timeZone: 'Europe/Stockholm' } }],
			DEFAULT_MONITOR_SETTINGS,
			Date.parse('2026-06-02T08:00:00Z'),
		);
		expect(sales.map((s) => s.day)).toEqual(['2026-06-02']);
	});
});
