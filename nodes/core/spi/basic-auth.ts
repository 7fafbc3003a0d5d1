/**
 * HTTP Basic check for the calls Sitoo makes to us (docs/reference/sitoo-spi.md §2 "Own credentials", §5.6).
 * Constant time: both sides are hashed to equal-length digests and compared with timingSafeEqual,
 * and the user and the password are always both compared, so timing tells nothing about either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicCredentials {
	user: string;
	password: string;
}

export type BasicAuthResult =
	{ ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'wrong'; message: string };

/** Reads `Authorization: Basic base64(user:password)`; undefined when absent or not Basic. */
export function parseBasicAuthorization(
	header: string | string[] | undefined,
): BasicCredentials | 'missing' | 'malformed' {
	const value = Array.isArray(header) ? header[0] : header;
	if (value === undefined || value.trim() === '') return 'missing';
	const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value);
	if (!match) return 'malformed';
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return 'malformed';
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

function sameText(a: string, b: string): boolean {
	return timingSafeEqual(digest(a), digest(b));
}

/** Whether the request's Authorization header carries exactly the expected user and password. */
export function checkBasicAuth(
	header: string | string[] | undefined,
	expected: BasicCredentials,
): BasicAuthResult {
	const given = parseBasicAuthorization(header);
	if (given === 'missing')
		return { ok: false, reason: 'missing', message: 'The call has no Basic Authorization header' };
	if (given === 'malformed')
		return {
			ok: false,
			reason: 'malformed',
			message: 'The Authorization header is not "Basic base64(user:password)"',
		};
	// An empty expected password would let anyone in who knows the user name: refuse instead.
	if (expected.user === '' || expected.password === '')
		return {
			ok: false,
			reason: 'wrong',
			message: 'The webhook login has no user name or password set in n8n',
		};
	const userMatches = sameText(given.user, expected.user);
	const passwordMatches = sameText(given.password, expected.password);
	return userMatches && passwordMatches
		? { ok: true }
		: { ok: false, reason: 'wrong', message: 'Wrong user name or password' };
}

/** Problems with a chosen login, for the credential test (a colon cannot travel in Basic's user part). */
export function loginProblems(credentials: BasicCredentials): string[] {
	const problems: string[] = [];
	if (credentials.user.trim() === '') problems.push('The user name is empty.');
	if (credentials.user.includes(':'))
		problems.push('The user name must not contain a colon (Basic authentication splits on it).');
	if (credentials.password.length < 16)
		problems.push(
			'Use a password of at least 16 characters: it is the only thing protecting the webhook.',
		);
	return problems;
}
