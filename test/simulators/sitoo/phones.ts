import type { SeededRandom } from '../shared/random';
import type { CountryProfile } from './fixtures';

/** Groups digits the way people type them: "70 123 45 67". */
function spaced(local: string): string {
	const head = local.slice(0, local.length % 2 === 0 ? 2 : 3);
	const rest = local.slice(head.length).match(/.{1,2}/g) ?? [];
	return [head, ...rest].join(' ');
}

/**
 * A mobile number as staff key it in at the till: E.164, with a trunk 0, with a 00 prefix,
 * with spaces or a dash. The package must normalise all of them (docs/design.md invariant 4).
 */
export function messyPhone(country: CountryProfile, local: string, rng: SeededRandom): string {
	const cc = country.phonePrefix;
	const trunk = country.trunk;
	const formats = [
		`+${cc}${local}`,
		`+${cc} ${spaced(local)}`,
		`${trunk}${local}`,
		`${trunk}${local.slice(0, 2)}-${spaced(local.slice(2))}`,
		`00${cc}${local}`,
		`00${cc} ${spaced(local)}`,
		// The country code without "+" only where it cannot be read as a national number: German
		// numbers vary in length, so "49151…" is a valid landline in Leer (0491) to any reader.
		...(country.countryid === 'DE' ? [] : [`${cc}${local}`]),
	];
	return rng.pick(formats);
}
