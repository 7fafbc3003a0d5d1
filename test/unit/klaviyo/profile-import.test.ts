import { otherPhoneHolder, profileImportBody } from '../../../nodes/core/klaviyo/profile-import';

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

describe('an edit by profile ID', () => {
	it('needs no e-mail, sends only the fields given, and says why an identifier was left out', () => {
		const built = profileImportBody({ email: '', lastName: 'Berg' }, {}, 'PROFILE1');
		expect(built).toEqual({
			ok: true,
			body: { data: { type: 'profile', id: 'PROFILE1', attributes: { last_name: 'Berg' } } },
			identity: {},
			notes: [expect.stringContaining('updated by profile ID')],
		});
	});

	it('without a profile ID still refuses a profile with no identifier', () => {
		expect(profileImportBody({ email: '', lastName: 'Berg' }, {})).toMatchObject({ ok: false });
	});
});
