/**
 * Phone numbers as typed at a till ("070-123 45 67", "0047 912 34 567", "+49 (0)30 1234567",
 * "46701234567") turned into E.164, read in the store's country (docs/design.md invariant 4;
 * Klaviyo accepts only E.164, docs/reference/klaviyo-api.md §2.3). A wrong number on a profile texts nobody, or someone else, and can merge two
 * people, so a number is accepted only when it is valid in its country's numbering plan.
 *
 * The rules follow libphonenumber (Google's library, which Klaviyo's own forms use): the plans are
 * generated from its metadata into phone-metadata.ts, and the reading below follows its parser: an
 * international prefix (+, 00, 011…), a country code typed without "+" when the rest then fits, a
 * trunk prefix typed after the country code ("+46 070…"), then the region's lengths and leading digits.
 */
import { NUMBERING_PLANS, REGIONS_BY_CALLING_CODE } from './phone-metadata';
import type { NumberingPlan } from './phone-plan';

export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: string };

/** libphonenumber's bounds for a national significant number and a calling code. */
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const MAX_CALLING_CODE_LENGTH = 3;

export function toE164(raw: unknown, storeCountry: string | undefined): PhoneCheck {
	if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'no phone number' };
	const typed = raw.trim();
	const compact = typed.replace(/[\s\-./()]/g, '');
	if (!/^\+?\d+$/.test(compact))
		return { ok: false, reason: `phone "${typed}" contains characters other than digits` };
	const country = storeCountry?.trim().toUpperCase();
	const countryPlan = country ? NUMBERING_PLANS[country] : undefined;

	const found = compact.startsWith('+')
		? callingCodeOf(compact.slice(1))
		: nationalOrInternational(compact, countryPlan);
	if (found === 'no country') {
		return {
			ok: false,
			reason: `phone "${typed}" has no country code and the store's country ${country ? `"${country}" is not known` : 'is not known'}`,
		};
	}
	if (found === undefined)
		return { ok: false, reason: `phone "${typed}" is not a valid international number` };
	const { callingCode, digits } = found;
	// A number read in the store's country keeps that country's plan; one with a country code gets
	// the main plan of that code (e.g. the US for +1) until its digits tell the exact region.
	const plan =
		found.inStoreCountry && countryPlan
			? countryPlan
			: planOf(REGIONS_BY_CALLING_CODE[callingCode]![0]!);
	const national = withoutNationalPrefix(digits, plan);
	const where = found.inStoreCountry ? `a ${country} number` : `a +${callingCode} number`;
	if (national.length < MIN_NATIONAL_LENGTH || national.length > MAX_NATIONAL_LENGTH) {
		return { ok: false, reason: `phone "${typed}" does not have the length of ${where}` };
	}
	const region = regionOf(callingCode, national);
	const validIn = region ? planOf(region) : plan;
	if (!isValidIn(national, validIn)) {
		const length = lengthFit(national, validIn);
		const problem =
			length === 'possible'
				? 'is not a number in use in its country (its first digits do not fit)'
				: `does not have the length of ${where}`;
		return { ok: false, reason: `phone "${typed}" ${problem}` };
	}
	return { ok: true, phone: `+${callingCode}${national}` };
}

interface Found {
	callingCode: string;
	/** The digits after the calling code, possibly with a trunk prefix still in front. */
	digits: string;
	inStoreCountry: boolean;
}

function planOf(region: string): NumberingPlan {
	return NUMBERING_PLANS[region]!;
}

/** "+4670…": the longest-known calling code of one to three digits; none starts with 0. */
function callingCodeOf(international: string): Found | undefined {
	if (international.startsWith('0')) return undefined;
	for (
		let length = 1;
		length <= MAX_CALLING_CODE_LENGTH && length <= international.length;
		length++
	) {
		const callingCode = international.slice(0, length);
		if (REGIONS_BY_CALLING_CODE[callingCode])
			return { callingCode, digits: international.slice(length), inStoreCountry: false };
	}
	return undefined;
}

/** A number without "+": an international prefix (00, 011…), a country code without "+", or national. */
function nationalOrInternational(
	digits: string,
	plan: NumberingPlan | undefined,
): Found | 'no country' | undefined {
	if (!plan) return 'no country';
	const idd = regexOf(`^(?:${plan[1]})`).exec(digits);
	if (idd && !digits.slice(idd[0].length).startsWith('0'))
		return callingCodeOf(digits.slice(idd[0].length));
	const callingCode = plan[0];
	if (digits.startsWith(callingCode)) {
		// "46701234567": the country code typed without "+", when the number only fits that way.
		const shorter = digits.slice(callingCode.length);
		const whole = withoutNationalPrefix(digits, plan);
		const pattern = plan[4];
		if (
			(!matchesEntirely(whole, pattern) &&
				matchesEntirely(withoutNationalPrefix(shorter, plan), pattern)) ||
			lengthFit(whole, plan) === 'too long'
		) {
			return { callingCode, digits: shorter, inStoreCountry: false };
		}
	}
	return { callingCode, digits, inStoreCountry: true };
}

/**
 * Drops a trunk prefix ("0" in "070…", also after a country code: "+46 070…"), unless the number
 * is only valid with it (Italy keeps its 0) or would be too short without it.
 */
function withoutNationalPrefix(digits: string, plan: NumberingPlan): string {
	const [callingCode, , prefixPattern, transformRule, pattern] = plan;
	if (!prefixPattern || digits === '') return digits;
	const prefix = regexOf(`^(?:${prefixPattern})`);
	const match = prefix.exec(digits);
	if (!match) return digits;
	const captured = match.length > 1 && match[match.length - 1];
	const national =
		transformRule && captured
			? digits.replace(prefix, transformRule)
			: digits.slice(match[0].length);
	if (national === digits) return digits;
	if (matchesEntirely(digits, pattern) && !matchesEntirely(national, pattern)) return digits;
	if (plan[5].length > 0) {
		const region = regionOf(callingCode, national);
		const fit = lengthFit(national, region ? planOf(region) : plan);
		if (fit === 'too short' || fit === 'invalid length') return digits;
	}
	return national;
}

/** Of the regions sharing a calling code (+1, +44, +7…), the one the number belongs to. */
function regionOf(callingCode: string, national: string): string | undefined {
	const regions = REGIONS_BY_CALLING_CODE[callingCode];
	if (!regions) return undefined;
	if (regions.length === 1) return regions[0];
	for (const region of regions) {
		const plan = planOf(region);
		const leadingDigits = plan[6];
		if (leadingDigits) {
			if (national.search(regexOf(leadingDigits)) === 0) return region;
		} else if (hasNumberType(national, plan)) {
			return region;
		}
	}
	return undefined;
}

function isValidIn(national: string, plan: NumberingPlan): boolean {
	return plan[7].length > 0 ? hasNumberType(national, plan) : matchesEntirely(national, plan[4]);
}

/** Fixed line, mobile, toll free…: valid means the number is one of the plan's types. */
function hasNumberType(national: string, plan: NumberingPlan): boolean {
	if (!matchesEntirely(national, plan[4])) return false;
	return plan[7].some(
		([pattern, lengths]) =>
			(lengths.length === 0 || lengths.includes(national.length)) &&
			matchesEntirely(national, pattern),
	);
}

type LengthFit = 'possible' | 'too short' | 'too long' | 'invalid length';

function lengthFit(national: string, plan: NumberingPlan): LengthFit {
	const lengths = plan[5];
	if (lengths.length === 0 || lengths[0] === national.length) return 'possible';
	if (lengths[0]! > national.length) return 'too short';
	if (lengths[lengths.length - 1]! < national.length) return 'too long';
	return lengths.includes(national.length) ? 'possible' : 'invalid length';
}

/** Plans are read on every order: each pattern is compiled once. */
const compiled = new Map<string, RegExp>();

function regexOf(source: string): RegExp {
	let regex = compiled.get(source);
	if (!regex) {
		regex = new RegExp(source);
		compiled.set(source, regex);
	}
	return regex;
}

function matchesEntirely(text: string, pattern: string): boolean {
	return regexOf(`^(?:${pattern})$`).test(text);
}
