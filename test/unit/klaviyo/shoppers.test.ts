import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import { planBulkEventJobs } from '../../../nodes/core/klaviyo/bulk-events';
import { createEventRequestBody, orderProfile } from '../../../nodes/core/klaviyo/order-events';
import { TILL_PROFILE_PROPERTIES } from '../../../nodes/core/klaviyo/till-profile';
import { trackOrder, type TrackResult } from '../../../nodes/core/klaviyo/track-order';
import { NOW, STORE, normalized, simulator } from '../order/helpers';

const createEvent = new KlaviyoContract().operation('create_event');
const HOUR = 3600_000;

function sent(result: TrackResult) {
	if (result.status !== 'send') throw new Error(`expected the order to be sent: ${result.status}`);
	return result;
}

describe('shoppers identified by email or phone', () => {
	const sim = simulator(7, 5);
	const sale = (
		customer: NonNullable<Parameters<typeof sim.factory.sale>[1]>['customer'],
		at = NOW - HOUR,
	) => normalized(sim.factory.sale(at, { storeId: STORE.SE, customer, payment: 'card' })).order;

	it('sends a phone-only sale on a phone profile, with the number in E.164', () => {
		const order = sale({ namefirst: 'Elin', phone: '070-123 45 67' });
		const result = sent(trackOrder('placed', order, { now: NOW, defaultCountry: 'SE' }));
		expect(result.profile.email).toBeUndefined();
		expect(result.profile.phone_number).toBe('+46701234567');
		for (const event of result.events)
			expect(createEvent.checkBody(createEventRequestBody(result.profile, event))).toEqual([]);
	});

	it('uses the phone when the email is a placeholder, and says why the email was left out', () => {
		const order = sale({ email: 'noemail@store.se', phone: '+46 70 765 43 21' });
		const result = sent(trackOrder('placed', order, { now: NOW, defaultCountry: 'SE' }));
		expect(result.profile).toMatchObject({ phone_number: '+46707654321' });
		expect(result.profile.email).toBeUndefined();
		expect(result.notes[0]).toMatch(/^email left out: .*placeholder/);
	});

	it('keeps phone-only sales unattributed when only emails identify', () => {
		const order = sale({ phone: '0701234567' });
		const result = trackOrder('placed', order, { now: NOW, identifyBy: 'email' });
		expect(result).toEqual({
			status: 'unattributed',
			reason: `Order ${order.ids.orderId} has no usable customer email: no email address.`,
		});
	});

	it('never identifies anyone by a placeholder phone, typed in any format', () => {
		const order = sale({ phone: '08-123 456 78' });
		const result = trackOrder('placed', order, {
			now: NOW,
			defaultCountry: 'SE',
			placeholderPhones: ['+46 8 123 456 78'],
		});
		expect(result.status).toBe('unattributed');
		if (result.status === 'unattributed')
			expect(result.reason).toMatch(/phone \+46812345678 is a placeholder/);
	});

	it('names both problems when neither identifier can be used', () => {
		const order = sale({ email: 'not-an-address', phone: '12' });
		const who = orderProfile(order, {});
		expect(who.attributed).toBe(false);
		if (!who.attributed) {
			expect(who.reason).toContain('email "not-an-address" is not a valid address');
			expect(who.reason).toContain('phone');
		}
	});

	it("refuses the store's own address and number from Sitoo's store record, with no setting", () => {
		const atStore = (customer: Parameters<typeof sale>[0]) => {
			const order = sale(customer);
			order.store = { ...order.store, email: 'stockholm@mystore.se', phone: '08-123 456 78' };
			return order;
		};
		const staffTyped = trackOrder('placed', atStore({ email: 'Stockholm@MyStore.se' }), {
			now: NOW,
			defaultCountry: 'SE',
		});
		expect(staffTyped.status).toBe('unattributed');
		if (staffTyped.status === 'unattributed')
			expect(staffTyped.reason).toContain(
				`email "stockholm@mystore.se" is the store's own address (Sitoo's store record)`,
			);
		const storePhone = trackOrder('placed', atStore({ phone: '+46 8 123 456 78' }), {
			now: NOW,
			defaultCountry: 'SE',
		});
		expect(storePhone.status).toBe('unattributed');
		if (storePhone.status === 'unattributed')
			expect(storePhone.reason).toContain("phone +46812345678 is the store's own number");
		// The customer's own mobile still identifies them when staff typed the store's address.
		const withMobile = sent(
			trackOrder('placed', atStore({ email: 'stockholm@mystore.se', phone: '0709876543' }), {
				now: NOW,
				defaultCountry: 'SE',
			}),
		);
		expect(withMobile.profile).toMatchObject({ phone_number: '+46709876543' });
		expect(withMobile.profile.email).toBeUndefined();
	});

	it('anchors on the email and adds the phone when both are usable', () => {
		const order = sale({ email: 'Anna@Example.se', phone: '0701112233' });
		const result = sent(trackOrder('placed', order, { now: NOW, defaultCountry: 'SE' }));
		expect(result.profile).toMatchObject({
			email: 'anna@example.se',
			phone_number: '+46701112233',
		});
	});
});

describe('profiles from the till', () => {
	const sim = simulator(8, 5);
	const member = {
		email: 'asa@example.se',
		// "ö" as o + combining diaeresis: the profile gets the composed letter.
		namefirst: 'Åsa',
		namelast: 'Nystro\u0308m-Øberg',
		phone: '0701112233',
		city: 'Göteborg',
		zip: '411 01',
		countryid: 'SE',
	};
	const sale = (at: number) =>
		normalized(sim.factory.sale(at, { storeId: STORE.SE, customer: member, payment: 'card' }))
			.order;

	it('puts names, location, member number and the last store purchase on the profile of a live sale', () => {
		const order = sale(NOW - HOUR);
		order.customer.customerNumber = 'M-1001';
		const result = sent(trackOrder('placed', order, { now: NOW, defaultCountry: 'SE' }));
		expect(result.profile).toMatchObject({
			email: 'asa@example.se',
			first_name: 'Åsa',
			last_name: 'Nyström-Øberg',
			location: { city: 'Göteborg', zip: '411 01', country: 'Sweden' },
			properties: {
				[TILL_PROFILE_PROPERTIES.memberNumber]: 'M-1001',
				[TILL_PROFILE_PROPERTIES.lastStorePurchase]: order.tillTime,
				[TILL_PROFILE_PROPERTIES.lastStorePurchaseStore]: order.store.name,
			},
		});
		for (const event of result.events)
			expect(createEvent.checkBody(createEventRequestBody(result.profile, event))).toEqual([]);
	});

	it('never moves the last store purchase from a stale sale (a backfill, a late offline receipt)', () => {
		const old = sent(
			trackOrder('placed', sale(NOW - 48 * HOUR), { now: NOW, defaultCountry: 'SE' }),
		);
		expect(old.profile.first_name).toBe('Åsa');
		expect(old.profile.properties?.[TILL_PROFILE_PROPERTIES.lastStorePurchase]).toBeUndefined();
	});

	it('sends identifiers only when the option is off', () => {
		const result = sent(
			trackOrder('placed', sale(NOW - HOUR), {
				now: NOW,
				defaultCountry: 'SE',
				profileFromTill: false,
			}),
		);
		expect(Object.keys(result.profile).sort()).toEqual(['email', 'phone_number']);
	});

	it('lets a later order of the same shopper bring the newer details into a bulk job', () => {
		const first = sent(
			trackOrder('placed', sale(NOW - 3 * HOUR), { now: NOW, defaultCountry: 'SE' }),
		);
		const second = sent(trackOrder('placed', sale(NOW - HOUR), { now: NOW, defaultCountry: 'SE' }));
		const plan = planBulkEventJobs([
			{ ...first.events[0]!, itemIndex: 0, profile: first.profile },
			{ ...second.events[0]!, itemIndex: 1, profile: second.profile },
		]);
		const entries = (
			plan.jobs[0]!.body as {
				data: { attributes: { 'events-bulk-create': { data: Array<{ attributes: unknown }> } } };
			}
		).data.attributes['events-bulk-create'].data;
		expect(entries).toHaveLength(1);
		expect(entries[0]!.attributes).toMatchObject({
			profile: {
				data: {
					attributes: {
						properties: {
							[TILL_PROFILE_PROPERTIES.lastStorePurchase]: second.events[0]!.time,
						},
					},
				},
			},
		});
	});
});
