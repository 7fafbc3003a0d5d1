/** Who an item is about: validated before anything is sent (docs/design.md invariant 4). */
import {
	listFromText,
	placeholderPatterns,
	validIdentity,
} from '../../../nodes/core/klaviyo/identity-options';

describe('validIdentity', () => {
	it('trims and lower-cases the email', () => {
		expect(validIdentity({ email: '  Kim.Berg@Example.COM ' }, {})).toEqual({
			ok: true,
			profile: { email: 'kim.berg@example.com' },
			notes: [],
		});
	});

	it('keeps an apostrophe and a plus in the email', () => {
		expect(validIdentity({ email: "O'Brien+vip@example.ie" }, {})).toMatchObject({
			ok: true,
			profile: { email: "o'brien+vip@example.ie" },
		});
	});

	it.each(['noemail@store.se', 'NO@EMAIL.com', 'test@test.se', 'a@a.se'])(
		'rejects the placeholder %s',
		(email) => {
			expect(validIdentity({ email }, {})).toMatchObject({
				ok: false,
				reason: expect.stringContaining('placeholder'),
			});
		},
	);

	it("uses a custom placeholder list and the store's own domains instead of / in addition to the built-in list", () => {
		expect(
			validIdentity({ email: 'kassa@mystore.com' }, { storeDomains: ['@MyStore.com'] }),
		).toMatchObject({ ok: false, reason: expect.stringContaining('placeholder') });
		expect(validIdentity({ email: 'x@x.se' }, { placeholderEmails: ['x@x.*'] })).toMatchObject({
			ok: false,
		});
		expect(
			validIdentity({ email: 'noemail@store.se' }, { placeholderEmails: ['x@x.*'] }),
		).toMatchObject({ ok: true });
		expect(placeholderPatterns({ storeDomains: ['mystore.com'] })).toContain('*@mystore.com');
		expect(listFromText('a@a.*, b@b.*\nc@c.*')).toEqual(['a@a.*', 'b@b.*', 'c@c.*']);
	});

	it('reads a phone in the default country and drops an invalid one with a note, keeping the email', () => {
		expect(
			validIdentity({ email: 'kim@example.com', phone: '070-123 45 67' }, { defaultCountry: 'SE' }),
		).toMatchObject({ ok: true, profile: { phone_number: '+46701234567' } });
		const result = validIdentity(
			{ email: 'kim@example.com', phone: '07-ABC' },
			{ defaultCountry: 'SE' },
		);
		expect(result).toMatchObject({
			ok: true,
			profile: { email: 'kim@example.com' },
			notes: [expect.stringContaining('phone left out')],
		});
		expect(result.ok && result.profile.phone_number).toBeUndefined();
	});

	it('is unattributed without any valid identifier, naming each problem', () => {
		expect(
			validIdentity({ email: 'kim at example.com', phone: '123' }, { defaultCountry: 'SE' }),
		).toMatchObject({
			ok: false,
			reason: expect.stringMatching(/not a valid address.*phone left out/),
		});
		expect(validIdentity({}, {})).toMatchObject({
			ok: false,
			reason: expect.stringContaining('no email, phone number or external ID'),
		});
	});

	it('accepts a phone or an external id alone', () => {
		expect(validIdentity({ phone: '+47 912 34 567' }, {})).toMatchObject({
			ok: true,
			profile: { phone_number: '+4791234567' },
		});
		expect(validIdentity({ externalId: ' C-1 ' }, {})).toMatchObject({
			ok: true,
			profile: { external_id: 'C-1' },
		});
	});
});
