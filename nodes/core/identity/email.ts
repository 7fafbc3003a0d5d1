/**
 * A profile is anchored on a validated email (DESIGN invariant 4): trimmed, lower-cased, plausible,
 * and not one of the stand-ins staff type when a customer gives no address.
 */

/** Addresses tills are known to be given instead of a real one; a merchant adds its own (e.g. the store's). */
export const DEFAULT_PLACEHOLDER_EMAILS: readonly string[] = ['noemail@*', 'no-email@*', 'no@email.*', 'none@*', 'ingen@*', 'kund@kund.se', 'test@test.*', 'a@a.*', '*@example.invalid'];

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function checkEmail(raw: unknown, placeholders: readonly string[] = DEFAULT_PLACEHOLDER_EMAILS): EmailCheck {
	if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'no email address' };
	const email = raw.trim().toLowerCase();
	const at = email.lastIndexOf('@');
	const local = email.slice(0, at);
	const domain = email.slice(at + 1);
	if (at <= 0 || local.length > 64 || !LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..') || !DOMAIN.test(domain)) {
		return { ok: false, reason: `email "${raw.trim()}" is not a valid address` };
	}
	const placeholder = placeholders.find((pattern) => matchesPattern(email, pattern.trim().toLowerCase()));
	if (placeholder) return { ok: false, reason: `email "${email}" is a placeholder (matches "${placeholder}"), not the customer's address` };
	return { ok: true, email };
}

/** `*` stands for any run of characters, so `noemail@*` covers every domain. */
function matchesPattern(email: string, pattern: string): boolean {
	if (pattern === '') return false;
	const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
	return regex.test(email);
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
