/**
 * A profile is anchored on a validated email (docs/design.md invariant 4): trimmed, lower-cased, plausible,
 * and not one of the stand-ins staff type when a customer gives no address.
 */

/** Addresses tills are known to be given instead of a real one; a merchant adds its own (e.g. the store's). */
export const DEFAULT_PLACEHOLDER_EMAILS: readonly string[] = [
	'noemail@*',
	'no-email@*',
	'no@email.*',
	'none@*',
	'ingen@*',
	'kund@kund.se',
	'test@test.*',
	'a@a.*',
	'*@example.invalid',
];

/**
 * Misspelt domains of the big mailbox providers, as `typo=domain`. An address on one is still sent as
 * typed (it may be real), with a warning: the till can ask the customer again.
 */
export const DEFAULT_EMAIL_TYPOS: readonly string[] = [
	'gmial.com=gmail.com',
	'gmai.com=gmail.com',
	'gamil.com=gmail.com',
	'gnail.com=gmail.com',
	'gmail.co=gmail.com',
	'gmal.com=gmail.com',
	'gmaill.com=gmail.com',
	'gmail.se=gmail.com',
	'hotmial.com=hotmail.com',
	'hotmal.com=hotmail.com',
	'hotmai.com=hotmail.com',
	'hotmil.com=hotmail.com',
	'hotmail.co=hotmail.com',
	'hotmial.se=hotmail.se',
	'hotmal.se=hotmail.se',
	'yahooo.com=yahoo.com',
	'yaho.com=yahoo.com',
	'yahoo.co=yahoo.com',
	'outlok.com=outlook.com',
	'outllok.com=outlook.com',
	'outlook.co=outlook.com',
	'iclod.com=icloud.com',
	'icloud.co=icloud.com',
	'iclould.com=icloud.com',
	'live.co=live.com',
	'telia.co=telia.com',
	'gmx.dee=gmx.de',
	'web.dee=web.de',
];

export type EmailCheck =
	{ ok: true; email: string; likelyTypo?: EmailTypo } | { ok: false; reason: string };

export interface EmailTypo {
	domain: string;
	/** The domain the customer probably meant. */
	suggestion: string;
	/** In words, for the output item. */
	warning: string;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
/** Letters of any script in domain labels: "müller.de" and "пример.рф" are real, internationalised domains. */
const DOMAIN =
	/^(?=.{1,253}$)([\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?\.)+(?:[A-Za-z]{2,63}|xn--[a-z0-9-]{1,59}|[\p{L}\p{M}]{2,63})$/u;

export function checkEmail(
	raw: unknown,
	placeholders: readonly string[] = DEFAULT_PLACEHOLDER_EMAILS,
	typos: readonly string[] = DEFAULT_EMAIL_TYPOS,
): EmailCheck {
	if (typeof raw !== 'string' || raw.trim() === '')
		return { ok: false, reason: 'no email address' };
	// NFC: "ü" typed as u + combining diaeresis and as one letter is the same address.
	const email = raw.trim().normalize('NFC').toLowerCase();
	const at = email.lastIndexOf('@');
	const local = email.slice(0, at);
	const domain = email.slice(at + 1);
	if (
		at <= 0 ||
		local.length > 64 ||
		!LOCAL_PART.test(local) ||
		local.startsWith('.') ||
		local.endsWith('.') ||
		local.includes('..') ||
		!DOMAIN.test(domain)
	) {
		return { ok: false, reason: `email "${raw.trim()}" is not a valid address` };
	}
	const placeholder = placeholders.find((pattern) =>
		matchesPattern(email, pattern.trim().toLowerCase()),
	);
	if (placeholder)
		return {
			ok: false,
			reason: `email "${email}" is a placeholder (matches "${placeholder}"), not the customer's address`,
		};
	const likelyTypo = typoOf(domain, typos);
	return likelyTypo ? { ok: true, email, likelyTypo } : { ok: true, email };
}

function typoOf(domain: string, typos: readonly string[]): EmailTypo | undefined {
	const suggestion = typoTable(typos).get(domain);
	return suggestion === undefined
		? undefined
		: {
				domain,
				suggestion,
				warning: `email domain "${domain}" looks like a typo of "${suggestion}"; sent as typed, check it with the customer`,
			};
}

/** typo → domain, read once per list: the same list is checked for every order of a run. */
const typoTables = new Map<string, Map<string, string>>();

let lastTypos: readonly string[] | undefined;
let lastTable = new Map<string, string>();

function typoTable(typos: readonly string[]): Map<string, string> {
	// Most runs check every order against one list, often the built-in one: same array, no join.
	if (typos === lastTypos) return lastTable;
	const key = typos.join('\n');
	let table = typoTables.get(key);
	if (!table) {
		if (typoTables.size >= 100) typoTables.clear();
		table = new Map();
		for (const entry of typos) {
			const [typo, suggestion] = entry.split('=').map((part) => part.trim().toLowerCase());
			if (typo && suggestion && !table.has(typo)) table.set(typo, suggestion);
		}
		typoTables.set(key, table);
	}
	lastTypos = typos;
	lastTable = table;
	return table;
}

/** `*` stands for any run of characters, so `noemail@*` covers every domain. */
export function matchesPattern(email: string, pattern: string): boolean {
	if (pattern === '') return false;
	let regex = patternRegexes.get(pattern);
	if (!regex) {
		regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
		// Patterns come from settings: few, and the same for every order.
		if (patternRegexes.size >= 1000) patternRegexes.clear();
		patternRegexes.set(pattern, regex);
	}
	return regex.test(email);
}

const patternRegexes = new Map<string, RegExp>();

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
