/**
 * Identifiers as they reach real tills: phone numbers in the ways staff type them, in the countries
 * Klaviyo SMS serves and where the package's users sell (EU, EEA, Nordics), and e-mail addresses with
 * internationalised domains, typos and the usual slips. Shared by the phone table test and the fuzzing.
 */
import { AsYouType, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';

export const PHONE_COUNTRIES: CountryCode[] = [
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

/** Every typed number with the store country it was typed in. */
export const PHONE_TABLE: Array<[string, CountryCode]> = [
	...PHONE_COUNTRIES.flatMap((country) =>
		typings(country).map((typed): [string, CountryCode] => [typed, country]),
	),
	...handTyped,
];

/** E-mail addresses as customers give them: internationalised, misspelt, padded, broken. */
export const REAL_WORLD_EMAILS: readonly string[] = [
	'anna@müller.de',
	'ANNA@MÜLLER.DE',
	'anna@mu\u0308ller.de',
	'ivan@пример.рф',
	'anna@xn--mller-kva.de',
	'björn.ågren@exempel.se',
	'anna.berg@gmial.com',
	'erik@hotmial.com',
	' kim@outlook.com ',
	'kim@outlok.com',
	'anna@gmail',
	'anna@@gmail.com',
	'anna@gmail..com',
	'.anna@gmail.com',
	'noemail@noemail.com',
	'kund@kund.se',
];
