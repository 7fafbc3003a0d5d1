/**
 * Phone numbers as staff type them at tills, in the countries Klaviyo SMS serves and where our users
 * sell (EU, EEA, Nordics), held to libphonenumber-js: each expected value is computed here by
 * libphonenumber-js itself (its full metadata), never written by hand.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { PHONE_COUNTRIES, PHONE_TABLE } from '../../support/real-world-identities';
import { NUMBERING_PLANS } from '../../../nodes/core/identity/phone-metadata';
import { toE164 } from '../../../nodes/core/identity';

/** What libphonenumber-js makes of a number typed in a store in `country`: E.164, or refused. */
function libphonenumber(typed: string, country: CountryCode): string | 'refused' {
	const parsed = parsePhoneNumberFromString(typed, country);
	return parsed?.isValid() ? parsed.number : 'refused';
}

const table = PHONE_TABLE;

describe('phone numbers as typed at tills, against libphonenumber-js', () => {
	it('covers at least 200 formats across 30 countries', () => {
		expect(table.length).toBeGreaterThanOrEqual(200);
		expect(new Set(table.map(([, country]) => country)).size).toBeGreaterThanOrEqual(30);
	});

	it.each(table)('%j typed in %s', (typed, country) => {
		const expected = libphonenumber(typed, country);
		const result = toE164(typed, country);
		expect(result.ok ? result.phone : 'refused').toBe(expected);
	});

	it('accepts and refuses in the table, so both sides are exercised', () => {
		const outcomes = table.map(([typed, country]) => libphonenumber(typed, country));
		expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThan(40);
		expect(outcomes.filter((o) => o !== 'refused').length).toBeGreaterThan(150);
	});

	it('has a numbering plan for every country in the table', () => {
		for (const country of PHONE_COUNTRIES) expect(NUMBERING_PLANS[country]).toBeDefined();
	});
});
