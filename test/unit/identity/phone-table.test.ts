/**
 * Phone numbers as staff type them at tills, in the countries Klaviyo SMS serves and where our users
 * sell (EU, EEA, Nordics), held to libphonenumber-js: each expected value is computed here by
 * libphonenumber-js itself (its full metadata), never written by hand.
 */
import {
	AsYouType,
	getExampleNumber,
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { NUMBERING_PLANS } from '../../../nodes/core/identity/phone-metadata';
import { toE164 } from '../../../nodes/core/identity';

const COUNTRIES: CountryCode[] = [
	'SE',
	'NO',
	'DK',
	'FI',
	'IS',
	'DE',
	'AT',
	'CH',
	'NL',
	'BE',
	'LU',
	'FR',
	'ES',
	'PT',
	'IT',
	'MT',
	'GB',
	'IE',
	'PL',
	'CZ',
	'SK',
	'HU',
	'SI',
	'HR',
	'RO',
	'BG',
	'GR',
	'CY',
	'EE',
	'LV',
	'LT',
	'US',
	'CA',
	'AU',
	'NZ',
];

/** What libphonenumber-js makes of a number typed in a store in `country`: E.164, or refused. */
function libphonenumber(typed: string, country: CountryCode): string | 'refused' {
	const parsed = parsePhoneNumberFromString(typed, country);
	return parsed?.isValid() ? parsed.number : 'refused';
}

/** The ways a mobile number reaches a till: national with trunk prefix, international, 00, no "+", slips. */
function typings(country: CountryCode): string[] {
	const example = getExampleNumber(country, examples)!;
	const nsn = example.nationalNumber as string;
	const cc = example.countryCallingCode as string;
	const national = example.formatNational();
	const trunk = national
		.replace(/\D/g, '')
		.slice(0, national.replace(/\D/g, '').length - nsn.length);
	return [
		national,
		example.formatInternational(),
		example.number as string,
		`00${cc} ${nsn}`,
		`${cc}${nsn}`,
		`+${cc} ${trunk || '0'}${nsn}`,
		national.replace(/\d(?=\D*$)/, ''), // a digit short
		`${national}5`, // a digit too many
		new AsYouType(country).input(`${trunk}${nsn}`),
	];
}

const handTyped: Array<[string, CountryCode]> = [
	['+46 070 123 45 67', 'SE'],
	['+49 0151 23456789', 'DE'],
	['070-123 45 6', 'SE'],
	['012-345-6789', 'US'],
	['46701234567', 'SE'],
	['0046 70 123 45 67', 'SE'],
	['+46 (0)70 123 45 67', 'DE'],
	['912 34 567', 'NO'],
	['+47 912 34 567', 'SE'],
	['45 20 12 34 56', 'DK'],
	['040 1234567', 'FI'],
	['+358 40 123 4567', 'SE'],
	['0171 1234567', 'DE'],
	['+49 (0)30 1234567', 'SE'],
	['06 12345678', 'NL'],
	['0470 12 34 56', 'BE'],
	['06 12 34 56 78', 'FR'],
	['612 34 56 78', 'ES'],
	['912 345 678', 'PT'],
	['+351 912 345 678', 'SE'],
	['347 123 4567', 'IT'],
	['06 1234 5678', 'IT'],
	['07700 900123', 'GB'],
	['+44 (0)7700 900123', 'GB'],
	['087 123 4567', 'IE'],
	['0664 1234567', 'AT'],
	['079 123 45 67', 'CH'],
	['512 345 678', 'PL'],
	['(212) 555-0199', 'US'],
	['1 415 555 2671', 'US'],
	['011 46 70 123 45 67', 'US'],
	['416-555-0123', 'CA'],
	['0412 345 678', 'AU'],
	['+61 412 345 678', 'SE'],
	['021 123 4567', 'NZ'],
	['0701234', 'SE'],
	['+0701234567', 'SE'],
	['07012345678901234567', 'SE'],
];

const table: Array<[string, CountryCode]> = [
	...COUNTRIES.flatMap((country) =>
		typings(country).map((typed): [string, CountryCode] => [typed, country]),
	),
	...handTyped,
];

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
		for (const country of COUNTRIES) expect(NUMBERING_PLANS[country]).toBeDefined();
	});
});
