import {
	attributionByStoreDay,
	expectationsOf,
	posConsentRecords,
	profileMismatches,
	profileViews,
} from '../../../nodes/core/monitor';
import { guestSale, klaviyoProfile, NOW, order, sale, settings, STORES } from './fixtures';

const anna = () =>
	order({
		orderId: 1,
		minutesAgo: 60,
		email: ' Anna@Example.com ',
		phone: '070-123 45 67',
		firstName: 'Anna',
		lastName: 'Berg',
	});
const customersOf = (...orders: ReturnType<typeof anna>[]) =>
	expectationsOf(orders, settings(), NOW).customers;

describe('profile mismatches', () => {
	it('none when Klaviyo agrees (names compared without case or extra spaces), or has no name or phone yet', () => {
		const views = profileViews([
			klaviyoProfile('P1', {
				email: 'anna@example.com',
				phone_number: '+46701234567',
				first_name: 'ANNA ',
				last_name: 'berg',
			}),
		]);
		expect(
			profileMismatches({ customers: customersOf(anna()), byEmail: views, byPhone: views }),
		).toEqual([]);
		const bare = profileViews([klaviyoProfile('P1', { email: 'anna@example.com' })]);
		expect(
			profileMismatches({ customers: customersOf(anna()), byEmail: bare, byPhone: [] }),
		).toEqual([]);
	});

	it("reports a changed last name and phone, from the customer's newest order, with what to do", () => {
		const older = order({
			orderId: 1,
			minutesAgo: 300,
			email: 'anna@example.com',
			phone: '0709999999',
			firstName: 'Anna',
			lastName: 'Lind',
		});
		const views = profileViews([
			klaviyoProfile('P1', {
				email: 'anna@example.com',
				phone_number: '+46700000000',
				first_name: 'Anna',
				last_name: 'Lind',
			}),
		]);
		const mismatches = profileMismatches({
			customers: customersOf(older, { ...anna(), ids: { ...anna().ids, orderId: 2 } }),
			byEmail: views,
			byPhone: views,
		});
		expect(mismatches.map((m) => [m.kind, m.sitoo, m.klaviyo])).toEqual([
			['phone', '+46701234567', '+46700000000'],
			['name', 'Berg', 'Lind'],
		]);
		expect(
			mismatches.every((m) => m.customer === 'an••••@example.com' && m.action.length > 20),
		).toBe(true);
	});

	it('finds a customer split over two Klaviyo profiles (email on one, phone on another) and an email held by two profiles', () => {
		const byEmail = profileViews([klaviyoProfile('P1', { email: 'anna@example.com' })]);
		const byPhone = profileViews([klaviyoProfile('P9', { phone_number: '+46701234567' })]);
		const split = profileMismatches({ customers: customersOf(anna()), byEmail, byPhone });
		expect(split).toEqual([
			expect.objectContaining({
				kind: 'splitProfile',
				klaviyo: 'email on P1, phone on P9',
				action: expect.stringContaining('merge'),
			}),
		]);
		const twice = profileViews([
			klaviyoProfile('P1', { email: 'anna@example.com' }),
			klaviyoProfile('P2', { email: 'ANNA@example.com' }),
		]);
		expect(
			profileMismatches({ customers: customersOf(anna()), byEmail: twice, byPhone: [] }),
		).toEqual([expect.objectContaining({ kind: 'splitProfile', klaviyo: 'P1, P2' })]);
	});

	it('reports consent disagreements with Klaviyo winning, and says which side chose last', () => {
		const views = profileViews([
			klaviyoProfile('P1', {
				email: 'anna@example.com',
				subscriptions: {
					email: {
						marketing: { consent: 'UNSUBSCRIBED', consent_timestamp: '2026-07-01T10:00:00Z' },
					},
				},
			}),
			klaviyoProfile('P2', {
				email: 'bo@example.com',
				subscriptions: {
					email: {
						marketing: { consent: 'SUBSCRIBED', consent_timestamp: '2026-06-01T10:00:00Z' },
					},
				},
			}),
			klaviyoProfile('P3', {
				email: 'cy@example.com',
				subscriptions: {
					email: {
						marketing: { consent: 'SUBSCRIBED', consent_timestamp: '2026-06-01T10:00:00Z' },
					},
				},
			}),
		]);
		const consent = [
			{
				email: 'anna@example.com',
				channel: 'email' as const,
				subscribed: true,
				at: '2026-07-01T09:00:00Z',
			},
			{
				email: 'bo@example.com',
				channel: 'email' as const,
				subscribed: false,
				at: '2026-07-01T09:00:00Z',
			},
			{
				email: 'cy@example.com',
				channel: 'email' as const,
				subscribed: true,
				at: '2026-07-01T09:00:00Z',
			},
		];
		const mismatches = profileMismatches({
			customers: [],
			byEmail: views,
			byPhone: [],
			posConsent: consent,
		});
		expect(mismatches.map((m) => [m.kind, m.email, m.klaviyo])).toEqual([
			['consent', 'anna@example.com', 'UNSUBSCRIBED at 2026-07-01T10:00:00Z'],
			['consent', 'bo@example.com', 'SUBSCRIBED at 2026-06-01T10:00:00Z'],
		]);
		expect(mismatches[0]!.action).toContain('Nothing to change in Klaviyo');
		expect(mismatches[1]!.action).toContain('was not applied');
		expect(mismatches.every((m) => m.detail.includes("Klaviyo's record stands"))).toBe(true);
	});

	it('reads consent items from the input and names the bad field; history rows are not consent', () => {
		const read = posConsentRecords([
			{ runAt: '2026-07-01T10:00:00Z', orphans: 0 },
			{
				email: 'Anna@Example.com',
				channel: 'sms',
				consent: 'Unsubscribed',
				at: '2026-07-01T09:00:00Z',
			},
			{ email: 'bo@example.com', subscribed: true, at: 'yesterday' },
			{ email: 'nope', subscribed: true, at: '2026-07-01T09:00:00Z' },
		]);
		expect(read.records).toEqual([
			{
				email: 'anna@example.com',
				channel: 'sms',
				subscribed: false,
				at: '2026-07-01T09:00:00.000Z',
			},
		]);
		expect(read.problems).toEqual([
			{ index: 2, reason: expect.stringMatching(/^at: "yesterday"/) },
			{ index: 3, reason: expect.stringMatching(/^email: "nope"/) },
		]);
	});
});

describe('attribution rate per store and day', () => {
	function day(
		store: keyof typeof STORES,
		members: number,
		guests: number,
		startId: number,
		minutesAgo = 60,
	) {
		return [
			...Array.from({ length: members }, (_, i) => sale(startId + i, minutesAgo, store)),
			...Array.from({ length: guests }, (_, i) =>
				guestSale(startId + members + i, minutesAgo, store),
			),
		];
	}

	it("flags the store far above its peers' median share of sales without an email", () => {
		const orders = [
			...day('stockholm', 9, 1, 100),
			...day('oslo', 8, 2, 200),
			...day('berlin', 9, 1, 300),
			...day('gothenburg', 2, 8, 400),
		];
		const entries = attributionByStoreDay(
			expectationsOf(orders, settings(), NOW).sales,
			settings(),
		);
		expect(
			entries
				.filter((e) => e.flagged)
				.map((e) => [e.store.name, e.unattributedShare, e.peerMedianShare]),
		).toEqual([['Göteborg Avenyn', 0.8, 0.1]]);
		expect(entries).toHaveLength(4);
		expect(entries.every((e) => e.day === '2026-07-01')).toBe(true);
	});

	it('no false positives: similar stores, a store with too few sales, or no peers', () => {
		const similar = [
			...day('stockholm', 7, 3, 100),
			...day('oslo', 6, 4, 200),
			...day('berlin', 8, 2, 300),
		];
		expect(
			attributionByStoreDay(expectationsOf(similar, settings(), NOW).sales, settings()).some(
				(e) => e.flagged,
			),
		).toBe(false);
		const small = [
			...day('stockholm', 9, 1, 100),
			...day('oslo', 9, 1, 200),
			...day('gothenburg', 0, 3, 400),
		];
		expect(
			attributionByStoreDay(expectationsOf(small, settings(), NOW).sales, settings()).some(
				(e) => e.flagged,
			),
		).toBe(false);
		const alone = day('gothenburg', 1, 9, 400);
		const [only] = attributionByStoreDay(expectationsOf(alone, settings(), NOW).sales, settings());
		expect(only).toMatchObject({ flagged: false, unattributedShare: 0.9 });
		expect(only!.peerMedianShare).toBeUndefined();
	});

	it('judges each day on its own', () => {
		const orders = [
			...day('stockholm', 9, 1, 100, 60),
			...day('oslo', 9, 1, 200, 60),
			...day('oslo', 1, 9, 300, 24 * 60),
			...day('stockholm', 9, 1, 400, 24 * 60),
		];
		const flagged = attributionByStoreDay(
			expectationsOf(orders, settings(), NOW).sales,
			settings(),
		).filter((e) => e.flagged);
		expect(flagged.map((e) => [e.day, e.store.name])).toEqual([['2026-06-30', 'Oslo Karl Johan']]);
	});
});
