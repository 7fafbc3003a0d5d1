import {
	buildReport,
	expectationsOf,
	historyRow,
	monitorSettings,
	previousState,
	profileViews,
	readHistory,
	renderStatusPage,
	type MonitorReport,
} from '../../../nodes/core/monitor';
import { guestSale, klaviyoProfile, MIN, NOW, order, present, sale, settings } from './fixtures';

function report(
	orders: ReturnType<typeof sale>[],
	found: Map<string, Set<string>>,
	previous?: ReturnType<typeof previousState>,
	profiles: unknown[] = [],
	now = NOW,
) {
	const s = settings();
	return buildReport({
		now,
		settings: s,
		windowFrom: now - 24 * 3600_000,
		orders: orders.length,
		maxOrderId: Math.max(...orders.map((o) => o.ids.orderId)),
		expectations: expectationsOf(orders, s, now),
		present: found,
		previous,
		byEmail: profileViews(profiles),
		byPhone: profileViews(profiles),
	});
}

describe('settings', () => {
	it('fills in the defaults and names the field of a bad value', () => {
		expect(monitorSettings({})).toMatchObject({
			windowHours: 24,
			graceMinutes: 30,
			lagThresholdMinutes: 15,
		});
		expect(() => monitorSettings({ windowHours: 0 })).toThrow(
			'Window (Hours): 0 is not a number from 0.1 to 744',
		);
		expect(() => monitorSettings({ graceMinutes: Number.NaN })).toThrow(
			/^Grace Period \(Minutes\)/,
		);
		expect(() => monitorSettings({ refundedOrderMetric: 'Placed Order' })).toThrow(
			'Refunded Order Metric: is the same as the Placed Order metric',
		);
	});
});

describe('one run', () => {
	it('a clean window: no alerts of any kind', () => {
		const orders = [
			sale(1, 200, 'stockholm'),
			sale(2, 100, 'oslo'),
			sale(3, 50, 'berlin'),
			guestSale(4, 40, 'oslo'),
		];
		const { report: r, toResend } = report(orders, present([1, 2, 3]), undefined, [
			klaviyoProfile('P1', { email: 'customer1@example.com' }),
		]);
		expect(r).toMatchObject({
			expectedEvents: 3,
			presentEvents: 3,
			pending: 0,
			orphans: [],
			mismatches: [],
			alerts: [],
			sales: 4,
			unattributedSales: 1,
		});
		expect(toResend).toEqual([]);
	});

	it('raises an alert per broken threshold, each with a commercial message and an action', () => {
		// Members and guests were in Sitoo at the previous run; only order 50 arrived since.
		const previous = { runAt: new Date(NOW - 5 * MIN).toISOString(), maxOrderId: 45, missing: [] };
		const guests = Array.from({ length: 6 }, (_, i) => guestSale(40 + i, 30, 'gothenburg'));
		const members = (store: 'stockholm' | 'oslo', from: number) =>
			Array.from({ length: 6 }, (_, i) => sale(from + i, 300, store));
		const late = sale(50, 40, 'berlin');
		const orders = [
			...members('stockholm', 20),
			...members('oslo', 30),
			late,
			sale(1, 60, 'berlin'),
			...guests,
		];
		const found = present([...orders.map((o) => o.ids.orderId).filter((id) => id !== 1)]);
		const { report: r, toResend } = report(orders, found, previous);
		expect(r.alerts.map((a) => a.kind)).toEqual(['orphans', 'lag', 'attribution']);
		expect(r.alerts[1]!.message).toContain('Berlin Mitte');
		expect(r.alerts.every((a) => a.action.length > 30)).toBe(true);
		expect(toResend.map((e) => e.order.ids.orderId)).toEqual([1]);
		expect(r.lagByStore).toEqual([
			{
				store: { key: '3', name: 'Berlin Mitte' },
				count: 1,
				p50Minutes: 40,
				p95Minutes: 40,
				maxMinutes: 40,
			},
		]);
	});

	it('alerts on profile mismatches only from the threshold on', () => {
		const orders = [
			order({ orderId: 1, minutesAgo: 60, email: 'anna@example.com', firstName: 'Anna' }),
		];
		const profiles = [klaviyoProfile('P1', { email: 'anna@example.com', first_name: 'Annika' })];
		const s = { ...settings(), mismatchAlertThreshold: 1 };
		const input = {
			now: NOW,
			settings: s,
			windowFrom: NOW - 86_400_000,
			orders: 1,
			maxOrderId: 1,
			expectations: expectationsOf(orders, s, NOW),
			present: present([1]),
			byEmail: profileViews(profiles),
			byPhone: [],
		};
		expect(buildReport(input).report.alerts.map((a) => a.kind)).toEqual(['profiles']);
		expect(
			buildReport({ ...input, settings: { ...s, mismatchAlertThreshold: 0 } }).report.alerts,
		).toEqual([]);
	});
});

describe('history rows', () => {
	it('round-trips the carried state through a Data Table row, newest first, skipping rows that are not runs', () => {
		const first = report(
			[sale(1, 10), sale(2, 60)],
			present([]),
			undefined,
			[],
			NOW - 15 * MIN,
		).report;
		const second = report([sale(1, 10), sale(2, 60)], present([1]), undefined, [], NOW).report;
		const rows: Array<Record<string, unknown>> = [
			{ id: 1, createdAt: 'x', ...historyRow(first, settings()) },
			{},
			{ id: 2, ...historyRow(second, settings()) },
		];
		const history = readHistory(rows);
		expect(history.map((h) => h.runAt)).toEqual([second.runAt, first.runAt]);
		expect(previousState(history, NOW + MIN)).toEqual(second.carried);
		// A run "from the future" (a clock change) is not taken as the previous run.
		expect(previousState(history, NOW - MIN)).toEqual(first.carried);
		expect(typeof rows[0]!.details).toBe('string');
		expect(rows[0]).toMatchObject({ orphans: 1, pending: 1, lagP95Minutes: null });
	});

	it('never writes unmasked emails into the row', () => {
		const orders = [
			order({ orderId: 1, minutesAgo: 60, email: 'anna.secret@example.com', firstName: 'Anna' }),
		];
		const { report: r } = report(orders, present([]), undefined, [
			klaviyoProfile('P1', { email: 'anna.secret@example.com', first_name: 'Annika' }),
		]);
		expect(r.mismatches[0]!.email).toBe('anna.secret@example.com');
		expect(JSON.stringify(historyRow(r, settings()))).not.toContain('anna.secret');
	});
});

describe('the status page', () => {
	function pageOf(reports: MonitorReport[]) {
		const rows = reports.map((r) => historyRow(r, settings()));
		return renderStatusPage(readHistory(rows), { now: NOW });
	}

	it('says so when nothing has run yet', () => {
		expect(renderStatusPage([], { now: NOW })).toContain('No check has run yet');
	});

	it('shows the counts, a lag chart over the runs with the threshold, and the orphans and mismatches each with what to do', () => {
		const runs: MonitorReport[] = [];
		for (let i = 3; i >= 0; i--) {
			const now = NOW - i * 15 * MIN;
			const previous = {
				runAt: new Date(now - 15 * MIN).toISOString(),
				maxOrderId: 100 + i,
				missing: [],
			};
			const orders = [
				sale(200 + i, 5 + i * 10, 'oslo'),
				sale(2, 120, 'berlin'),
				order({ orderId: 300, minutesAgo: 200, email: 'anna@example.com', firstName: 'Anna' }),
			];
			runs.push(
				report(
					orders,
					present([200 + i, 300]),
					previous,
					[klaviyoProfile('P1', { email: 'anna@example.com', first_name: 'Annika' })],
					now,
				).report,
			);
		}
		const html = pageOf(runs);
		expect(html).toMatch(/<b>3<\/b><span>sales and refunds to check<\/span>/);
		expect(html).toMatch(/<b>1<\/b><span>missing in Klaviyo \(re-sent\)<\/span>/);
		expect(html).toMatch(/<b>1<\/b><span>profile mismatches<\/span>/);
		const chart = /<svg[\s\S]*?<\/svg>/.exec(html)![0];
		const polylines = [...chart.matchAll(/<polyline points="([^"]+)"/g)].map(
			(m) => m[1]!.split(' ').length,
		);
		expect(polylines).toEqual([4, 4]);
		expect(chart).toContain('alert above 15 min');
		expect(html).toContain('Missing in Klaviyo (1)');
		expect(html).toMatch(
			/Berlin Mitte<\/td><td>Placed Order<\/td>[\s\S]*?What to do|Re-sent to Klaviyo by this run/,
		);
		expect(html).toContain('Profile mismatches (1)');
		expect(html).toContain('Personalised emails use Klaviyo');
		expect(html).toContain('an••••@example.com');
		expect(html).not.toContain('anna@example.com');
		expect(html).not.toMatch(/<script/i);
	});

	it('escapes every value that comes from Sitoo or Klaviyo', () => {
		const evil = order({
			orderId: 1,
			minutesAgo: 60,
			email: 'eve@example.com',
			firstName: '<img src=x onerror=alert(1)>',
		});
		evil.store.name = '<script>alert("store")</script>';
		const { report: r } = report([evil], present([]), undefined, [
			klaviyoProfile('P1', { email: 'eve@example.com', first_name: '"><b>x</b>' }),
		]);
		const html = pageOf([r]);
		expect(html).not.toContain('<script>alert');
		expect(html).not.toContain('<img src=x');
		expect(html).not.toContain('"><b>x</b>');
		expect(html).toContain('&lt;script&gt;alert(&quot;store&quot;)&lt;/script&gt;');
		// The name is masked on the page; what is left of it is escaped too.
		expect(html).toContain('&lt;•••');
	});

	it('masks the names and phone numbers of profile mismatches like the e-mails', () => {
		const customer = order({
			orderId: 7,
			minutesAgo: 60,
			email: 'kim@example.com',
			firstName: 'Kim',
		});
		customer.customer.phone = '+46701234567';
		const { report: r } = report([customer], present([7]), undefined, [
			klaviyoProfile('P1', {
				email: 'kim@example.com',
				first_name: 'Kimberly',
				phone_number: '+46709876543',
			}),
		]);
		const html = pageOf([r]);
		expect(html).toContain('Profile mismatches (2)');
		expect(html).toContain('K•••');
		expect(html).toContain('+46•••67');
		expect(html).toContain('+46•••43');
		for (const whole of ['Kimberly', '>Kim<', '+46701234567', '+46709876543', 'kim@example.com'])
			expect(html).not.toContain(whole);
		// The items for the team in n8n keep the values whole.
		expect(r.mismatches.map((m) => [m.sitoo, m.klaviyo])).toEqual(
			expect.arrayContaining([
				['+46701234567', '+46709876543'],
				['Kim', 'Kimberly'],
			]),
		);
	});

	it('a clean run reads "All clear" and lists nothing to do', () => {
		const { report: r } = report([sale(1, 60)], present([1]));
		const html = pageOf([r]);
		expect(html).toContain('All clear');
		expect(html).toContain(
			'None: every completed sale and refund with a customer email or phone is in Klaviyo.',
		);
		expect(html).toContain('No lag measured yet');
	});
});
