import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { COUNTRIES } from '../fixtures';
import { messyPhone } from '../phones';
import { SeededRandom } from '../../shared/random';

describe('customer mobiles', () => {
	it.each(COUNTRIES.map((country) => [country.countryid, country] as const))(
		'are real %s mobile numbers in every typed form',
		(code, country) => {
			const rng = new SeededRandom(7);
			for (let n = 0; n < 500; n++) {
				const local = country.mobile(rng.int(0, 99_999_999));
				const typed = messyPhone(country, local, rng);
				const parsed = parsePhoneNumberFromString(typed, code as CountryCode);
				expect({
					typed,
					number: parsed?.number,
					valid: parsed?.isValid(),
					type: parsed?.getType(),
				}).toEqual({
					typed,
					number: `+${country.phonePrefix}${local}`,
					valid: true,
					type: 'MOBILE',
				});
			}
		},
	);
});
