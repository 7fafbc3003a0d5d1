import { checkBasicAuth, loginProblems, parseBasicAuthorization } from '../../../nodes/core/spi';
import { basicAuthorization } from '../../support/basic-auth';

const login = { user: 'sitoo-events', password: 'Tr0ubadour-99!-long-secret' };

describe('Basic auth check for Sitoo calls', () => {
	it('accepts exactly the chosen user and password', () => {
		expect(checkBasicAuth(basicAuthorization(login), login)).toEqual({ ok: true });
		// The scheme is case-insensitive (RFC 7617); a header array from Node counts by its first value.
		expect(checkBasicAuth(basicAuthorization(login).replace('Basic', 'basic'), login)).toEqual({
			ok: true,
		});
		expect(checkBasicAuth([basicAuthorization(login)], login)).toEqual({ ok: true });
	});

	it('keeps colons in the password (only the first one separates)', () => {
		const withColon = { user: 'u', password: 'a:b:c-0123456789abcdef' };
		expect(parseBasicAuthorization(basicAuthorization(withColon))).toEqual(withColon);
		expect(checkBasicAuth(basicAuthorization(withColon), withColon).ok).toBe(true);
	});

	it('refuses a wrong password, a wrong user, and a prefix of the password', () => {
		expect(
			checkBasicAuth(basicAuthorization({ ...login, password: 'wrong' }), login),
		).toMatchObject({ ok: false, reason: 'wrong' });
		expect(
			checkBasicAuth(basicAuthorization({ ...login, user: 'sitoo-crm' }), login),
		).toMatchObject({ ok: false, reason: 'wrong' });
		expect(
			checkBasicAuth(
				basicAuthorization({ ...login, password: login.password.slice(0, -1) }),
				login,
			),
		).toMatchObject({ ok: false, reason: 'wrong' });
	});

	it('tells a missing header from a malformed one', () => {
		expect(checkBasicAuth(undefined, login)).toMatchObject({ ok: false, reason: 'missing' });
		expect(checkBasicAuth('', login)).toMatchObject({ ok: false, reason: 'missing' });
		expect(checkBasicAuth('Bearer abc.def', login)).toMatchObject({
			ok: false,
			reason: 'malformed',
		});
		expect(checkBasicAuth('Basic', login)).toMatchObject({ ok: false, reason: 'malformed' });
		// base64 of "no-colon-here"
		expect(
			checkBasicAuth(`Basic ${Buffer.from('no-colon-here').toString('base64')}`, login),
		).toMatchObject({ ok: false, reason: 'malformed' });
		expect(checkBasicAuth('Basic !!!not base64!!!', login)).toMatchObject({
			ok: false,
			reason: 'malformed',
		});
	});

	it('lets nobody in when n8n has an empty login, even with an empty header pair', () => {
		const empty = { user: '', password: '' };
		expect(checkBasicAuth(basicAuthorization(empty), empty)).toMatchObject({
			ok: false,
			reason: 'wrong',
		});
	});

	it('flags logins Basic auth cannot carry or that are too weak', () => {
		expect(loginProblems(login)).toEqual([]);
		expect(loginProblems({ user: 'a:b', password: 'x'.repeat(20) })).toEqual([
			expect.stringContaining('colon'),
		]);
		expect(loginProblems({ user: ' ', password: 'short' })).toHaveLength(2);
	});
});
