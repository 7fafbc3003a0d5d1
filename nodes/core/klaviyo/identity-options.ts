/**
 * Who an event, a profile write or a consent change is about, validated before anything is sent
 * (docs/design.md invariant 4): a real email (trimmed, lower-cased, no placeholder), a phone in E.164, or an
 * external id. Without one of them the item is "unattributed" and leaves with the reason.
 */
import { checkEmail, DEFAULT_EMAIL_TYPOS, DEFAULT_PLACEHOLDER_EMAILS, toE164 } from '../identity';

export interface IdentityOptions {
	/** Patterns such as `noemail@*`; empty or absent means the built-in list. */
	placeholderEmails?: readonly string[];
	/** The store's own domains: addresses there are staff stand-ins, not customers (`*@domain`). */
	storeDomains?: readonly string[];
	/** ISO 3166 alpha-2 used to read phones typed without a country code. */
	defaultCountry?: string;
	/** Likely misspelt domains as `typo=domain`; empty or absent means the built-in list. */
	emailTypos?: readonly string[];
}

/** The chosen (or built-in) list of likely e-mail domain typos. */
export function emailTypoList(options: IdentityOptions): readonly string[] {
	return options.emailTypos && options.emailTypos.length > 0
		? options.emailTypos
		: DEFAULT_EMAIL_TYPOS;
}

/** The full placeholder list: the chosen (or built-in) patterns plus every store domain. */
export function placeholderPatterns(options: IdentityOptions): string[] {
	const base =
		options.placeholderEmails && options.placeholderEmails.length > 0
			? options.placeholderEmails
			: DEFAULT_PLACEHOLDER_EMAILS;
	const domains = (options.storeDomains ?? [])
		.map((d) => d.trim().replace(/^@/, '').toLowerCase())
		.filter((d) => d !== '');
	return [...base, ...domains.map((domain) => `*@${domain}`)];
}

/** Comma- or newline-separated text from a node parameter, as a list without blanks. */
export function listFromText(text: unknown): string[] {
	if (Array.isArray(text))
		return text
			.map(String)
			.map((s) => s.trim())
			.filter((s) => s !== '');
	if (typeof text !== 'string') return [];
	return text
		.split(/[,\n]/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

export interface RawIdentity {
	email?: unknown;
	phone?: unknown;
	externalId?: unknown;
}

export interface ValidIdentity {
	email?: string;
	phone_number?: string;
	external_id?: string;
}

export type IdentityResult =
	{ ok: true; profile: ValidIdentity; notes: string[] } | { ok: false; reason: string };

/**
 * Email and phone are checked separately: a broken phone is left out with a note (not fatal), a broken
 * or placeholder email likewise when another identifier remains. With none left, the reason names
 * what was wrong with each.
 */
export function validIdentity(raw: RawIdentity, options: IdentityOptions): IdentityResult {
	const profile: ValidIdentity = {};
	const problems: string[] = [];
	const hasEmail = typeof raw.email === 'string' && raw.email.trim() !== '';
	if (hasEmail) {
		const email = checkEmail(raw.email, placeholderPatterns(options), emailTypoList(options));
		if (email.ok) profile.email = email.email;
		else problems.push(email.reason);
		// Sent as typed (it may be real); the note lets staff ask the customer again.
		if (email.ok && email.likelyTypo) problems.push(email.likelyTypo.warning);
	}
	const hasPhone =
		(typeof raw.phone === 'string' && raw.phone.trim() !== '') || typeof raw.phone === 'number';
	if (hasPhone) {
		const phone = toE164(String(raw.phone), options.defaultCountry);
		if (phone.ok) profile.phone_number = phone.phone;
		else problems.push(`phone left out: ${phone.reason}`);
	}
	const externalId =
		raw.externalId === undefined || raw.externalId === null ? '' : String(raw.externalId).trim();
	if (externalId !== '') profile.external_id = externalId;
	if (Object.keys(profile).length === 0) {
		const why =
			problems.length > 0 ? problems.join('; ') : 'no email, phone number or external ID was given';
		return { ok: false, reason: `no valid identifier: ${why}` };
	}
	return { ok: true, profile, notes: problems };
}
