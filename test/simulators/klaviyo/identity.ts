/** Identifier checks Klaviyo applies before it accepts a profile (docs/reference/klaviyo-api.md §2.3). */

// Klaviyo stores emails lower-cased and rejects anything that is not a plausible address.
// Internationalised domains ("müller.de") are accepted as typed, like any other address.
const EMAIL =
	/^[^\s@"(),:;<>[\\\]]+@[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?)*\.(?:[A-Za-z]{2,}|xn--[a-z0-9-]+|[\p{L}\p{M}]{2,})$/u;
// E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{6,14}$/;

export function isValidEmail(email: string): boolean {
	return email.length <= 254 && EMAIL.test(email);
}

export function isValidPhoneNumber(phone: string): boolean {
	return E164.test(phone);
}

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ids shaped like Klaviyo's (26-character ULIDs for profiles, 6 characters for metrics), in creation order. */
export class IdFactory {
	private counters = new Map<string, number>();

	next(kind: 'profile' | 'event' | 'metric' | 'job', length: number): string {
		const n = (this.counters.get(kind) ?? 0) + 1;
		this.counters.set(kind, n);
		let body = '';
		let rest = n;
		while (rest > 0) {
			body = ALPHABET[rest % 32] + body;
			rest = Math.floor(rest / 32);
		}
		const prefix = { profile: '01K', event: '5', metric: 'M', job: 'J' }[kind];
		return prefix + body.padStart(length - prefix.length, '0');
	}

	reset(): void {
		this.counters.clear();
	}
}
