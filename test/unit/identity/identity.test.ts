import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import { isValidEmail, isValidPhoneNumber } from '../../simulators/klaviyo/identity';
import { checkEmail, placeholderPhoneOf, toE164 } from '../../../nodes/core/identity';

describe('checkEmail', () => {
	it.each([
		[' Anna.Berg@Example.SE ', 'anna.berg@example.se'],
		["o'brien+vip@example.com", "o'brien+vip@example.com"],
		['anna@müller.de', 'anna@müller.de'],
		['Anna@MÜLLER.DE', 'anna@müller.de'],
		['anna@mu\u0308ller.de', 'anna@müller.de'],
		['ivan@пример.рф', 'ivan@пример.рф'],
		['anna@xn--mller-kva.de', 'anna@xn--mller-kva.de'],
	])('accepts %j as %j, and Klaviyo would too', (raw, expected) => {
		const result = checkEmail(raw);
		expect(result).toEqual({ ok: true, email: expected });
		expect(isValidEmail(expected)).toBe(true);
	});

	it.each([
		['', 'no email address'],
		['anna@', 'not a valid address'],
		['anna@example', 'not a valid address'],
		['an na@example.se', 'not a valid address'],
		['anna..berg@example.se', 'not a valid address'],
		['NoEmail@NordKust.example', 'placeholder'],
		['kund@kund.se', 'placeholder'],
	])('refuses %j with a reason', (raw, reason) => {
		const result = checkEmail(raw);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toContain(reason);
	});

	it("takes the merchant's own placeholder list, e.g. the store address", () => {
		expect(checkEmail('store.malmo@nordkust.example', ['store.*@nordkust.example']).ok).toBe(false);
		expect(checkEmail('anna@nordkust.example', ['store.*@nordkust.example']).ok).toBe(true);
	});
});

describe('likely e-mail typos', () => {
	it.each([
		['anna@gmial.com', 'gmail.com'],
		['Erik@Hotmial.com', 'hotmail.com'],
	])('keeps %j as typed and warns it looks like %s', (raw, suggestion) => {
		const result = checkEmail(raw);
		expect(result.ok && result.email).toBe(raw.toLowerCase());
		expect(result.ok && result.likelyTypo).toMatchObject({
			suggestion,
			warning: expect.stringContaining(suggestion),
		});
	});

	it('takes a merchant list in place of the default one', () => {
		expect(checkEmail('anna@gmial.com', [], ['nordkust.exmaple=nordkust.example'])).toEqual({
			ok: true,
			email: 'anna@gmial.com',
		});
		expect(
			checkEmail('anna@nordkust.exmaple', [], ['nordkust.exmaple=nordkust.example']),
		).toMatchObject({ ok: true, likelyTypo: { suggestion: 'nordkust.example' } });
	});

	it('does not warn for the real domains', () => {
		for (const email of ['a@gmail.com', 'a@hotmail.com', 'a@outlook.com', 'a@icloud.com'])
			expect(checkEmail(email)).toEqual({ ok: true, email });
	});
});

describe('toE164', () => {
	it.each([
		['070-123 45 67', 'SE', '+46701234567'],
		['0046 70 123 45 67', 'SE', '+46701234567'],
		['+46 (0)70 123 45 67', 'DE', '+46701234567'],
		['912 34 567', 'NO', '+4791234567'],
		['0171 1234567', 'DE', '+491711234567'],
		['+49 (0)30 1234567', 'SE', '+49301234567'],
		['(212) 555-0199', 'US', '+12125550199'],
	])('reads %j in %s as %s, which Klaviyo accepts', (raw, country, expected) => {
		expect(toE164(raw, country)).toEqual({ ok: true, phone: expected });
		expect(isValidPhoneNumber(expected)).toBe(true);
	});

	it.each([
		['', 'SE', 'no phone number'],
		['070-ABC', 'SE', 'other than digits'],
		['0701234', 'XX', 'country "XX" is not known'],
		['12', 'SE', 'length'],
		['+0701234567', 'SE', 'not a valid international number'],
	])('refuses %j (%s) with a reason', (raw, country, reason) => {
		const result = toE164(raw, country);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toContain(reason);
	});

	it('produces numbers the Klaviyo spec and simulator accept in a profile', () => {
		const contract = new KlaviyoContract().operation('create_or_update_profile');
		const phone = toE164('070 123 45 67', 'SE');
		expect(phone.ok).toBe(true);
		expect(
			contract.checkBody({
				data: { type: 'profile', attributes: { phone_number: phone.ok ? phone.phone : '' } },
			}),
		).toEqual([]);
	});
});

describe('placeholderPhoneOf', () => {
	it('names the first entry that reads as the number, each entry read in the given country', () => {
		const list = ['0000000000', '08-123 456 78', '+46 8 123 456 78', '22 12 34 56'];
		expect(placeholderPhoneOf('+46812345678', list, 'SE')).toBe('08-123 456 78');
		// The same list in Norway: "08-123 456 78" is no Norwegian number, "22 12 34 56" is one.
		expect(placeholderPhoneOf('+46812345678', list, 'NO')).toBe('+46 8 123 456 78');
		expect(placeholderPhoneOf('+4722123456', list, 'NO')).toBe('22 12 34 56');
		expect(placeholderPhoneOf('+4722123456', list, 'SE')).toBeUndefined();
		// Read again as a new array with the same entries (options are read per item): the same answers.
		expect(placeholderPhoneOf('+46812345678', [...list], 'SE')).toBe('08-123 456 78');
		expect(placeholderPhoneOf('+46812345678', [], 'SE')).toBeUndefined();
	});
});
