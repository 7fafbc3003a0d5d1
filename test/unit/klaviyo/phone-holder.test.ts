import { otherPhoneHolder } from '../../../nodes/core/klaviyo/profile-import';

describe('whose phone it is, before a sign-up sends it', () => {
	it('finds a profile that holds the number for another e-mail, or for no e-mail', () => {
		expect(otherPhoneHolder('anna@example.com', [{ id: 'bo', email: 'bo@example.com' }])).toBe(
			'bo',
		);
		expect(otherPhoneHolder('anna@example.com', [{ id: 'phone-only', email: null }])).toBe(
			'phone-only',
		);
	});

	it('lets the number through when nobody holds it, or the e-mail own profile does (in any case)', () => {
		expect(otherPhoneHolder('anna@example.com', [])).toBeUndefined();
		expect(
			otherPhoneHolder(' Anna@Example.com ', [{ id: 'anna', email: 'anna@example.com' }]),
		).toBeUndefined();
	});
});
