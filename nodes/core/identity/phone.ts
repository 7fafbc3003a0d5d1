/**
 * Phone numbers as typed at a till ("070-123 45 67", "0047 912 34 567", "+49 (0)30 1234567") turned
 * into E.164, read in the store's country (DESIGN invariant 4; Klaviyo accepts only E.164, §2.3).
 */

interface CountryDialling {
	code: string;
	/** National numbers start with this trunk prefix, dropped after the country code. */
	trunk?: string;
	/** Digits of a national number without the trunk prefix. */
	nationalLength: [min: number, max: number];
}

const COUNTRIES: Record<string, CountryDialling> = {
	SE: { code: '46', trunk: '0', nationalLength: [7, 9] },
	NO: { code: '47', nationalLength: [8, 8] },
	DK: { code: '45', nationalLength: [8, 8] },
	FI: { code: '358', trunk: '0', nationalLength: [5, 10] },
	IS: { code: '354', nationalLength: [7, 7] },
	DE: { code: '49', trunk: '0', nationalLength: [6, 11] },
	AT: { code: '43', trunk: '0', nationalLength: [4, 12] },
	CH: { code: '41', trunk: '0', nationalLength: [9, 9] },
	NL: { code: '31', trunk: '0', nationalLength: [9, 9] },
	BE: { code: '32', trunk: '0', nationalLength: [8, 9] },
	FR: { code: '33', trunk: '0', nationalLength: [9, 9] },
	ES: { code: '34', nationalLength: [9, 9] },
	// Italy keeps the leading 0 of landlines after +39.
	IT: { code: '39', nationalLength: [6, 11] },
	GB: { code: '44', trunk: '0', nationalLength: [9, 10] },
	IE: { code: '353', trunk: '0', nationalLength: [7, 9] },
	PL: { code: '48', nationalLength: [9, 9] },
	EE: { code: '372', nationalLength: [7, 8] },
	LV: { code: '371', nationalLength: [8, 8] },
	LT: { code: '370', trunk: '8', nationalLength: [8, 8] },
	US: { code: '1', trunk: '1', nationalLength: [10, 10] },
	CA: { code: '1', trunk: '1', nationalLength: [10, 10] },
};

export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: string };

export function toE164(raw: unknown, storeCountry: string | undefined): PhoneCheck {
	if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'no phone number' };
	const typed = raw.trim();
	// "(0)" in "+49 (0)30 …" is a trunk prefix shown for national callers only.
	const compact = typed.replace(/\(0\)/g, '').replace(/[\s\-./()]/g, '');
	if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: `phone "${typed}" contains characters other than digits` };
	let international: string | undefined;
	if (compact.startsWith('+')) international = compact.slice(1);
	else if (compact.startsWith('00')) international = compact.slice(2);
	if (international === undefined) {
		const country = storeCountry ? COUNTRIES[storeCountry.toUpperCase()] : undefined;
		if (!country) return { ok: false, reason: `phone "${typed}" has no country code and the store's country ${storeCountry ? `"${storeCountry}" is not known` : 'is not known'}` };
		let national = compact;
		if (country.trunk && national.startsWith(country.trunk) && national.length > country.nationalLength[0]) national = national.slice(country.trunk.length);
		const [min, max] = country.nationalLength;
		if (national.length < min || national.length > max) return { ok: false, reason: `phone "${typed}" does not have the length of a ${storeCountry?.toUpperCase()} number` };
		international = country.code + national;
	}
	if (international.startsWith('0') || international.length < 8 || international.length > 15) {
		return { ok: false, reason: `phone "${typed}" is not a valid international number` };
	}
	return { ok: true, phone: `+${international}` };
}
