/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
/** The text of nodes/core/identity/phone-metadata.ts, built from libphonenumber-js's full metadata. */
import metadataJson from 'libphonenumber-js/metadata.max.json';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Metadata, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';

const LIBRARY_VERSION = (
	JSON.parse(
		readFileSync(resolve(__dirname, '../../node_modules/libphonenumber-js/package.json'), 'utf8'),
	) as { version: string }
).version;

/** libphonenumber's number types, fixed line first (the order its validity check uses). */
const TYPES = [
	'FIXED_LINE',
	'MOBILE',
	'PREMIUM_RATE',
	'TOLL_FREE',
	'SHARED_COST',
	'VOIP',
	'PERSONAL_NUMBER',
	'PAGER',
	'UAN',
	'VOICEMAIL',
] as const;

interface PlanAccess {
	callingCode(): string;
	IDDPrefix(): string;
	nationalPrefixForParsing(): string | undefined;
	nationalPrefixTransformRule(): string | undefined;
	nationalNumberPattern(): string;
	possibleLengths(): number[] | undefined;
	leadingDigits(): string | undefined;
	type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

export function phoneMetadataSource(): string {
	const json = metadataJson as unknown as MetadataJson & {
		version: string;
		country_calling_codes: Record<string, string[]>;
	};
	const metadata = new Metadata(json) as unknown as {
		selectNumberingPlan(country: CountryCode): void;
		numberingPlan: PlanAccess;
	};
	const regions: Record<string, unknown[]> = {};
	for (const region of Object.keys(json.countries).sort()) {
		metadata.selectNumberingPlan(region as CountryCode);
		const plan = metadata.numberingPlan;
		const types: Array<[string, number[]]> = [];
		for (const type of TYPES) {
			const definition = plan.type(type);
			if (definition?.pattern())
				types.push([
					definition.pattern(),
					definition.possibleLengths() ?? plan.possibleLengths() ?? [],
				]);
		}
		regions[region] = [
			plan.callingCode(),
			plan.IDDPrefix() || '',
			plan.nationalPrefixForParsing() || '',
			plan.nationalPrefixTransformRule() || '',
			plan.nationalNumberPattern(),
			plan.possibleLengths() || [],
			plan.leadingDigits() || '',
			types,
		];
	}
	const lines = [
		`/**`,
		` * Numbering plans of every region, generated from libphonenumber-js ${LIBRARY_VERSION} metadata by`,
		` * test/scripts/phone-metadata.ts: do not edit by hand. Per region: calling code, international`,
		` * (IDD) prefix, national prefix for parsing, its transform rule, national number pattern, possible`,
		` * lengths, leading digits (regions sharing a calling code), and the number types' [pattern, lengths].`,
		` */`,
		`import type { NumberingPlan } from './phone-plan';`,
		``,
		`export const METADATA_VERSION = ${JSON.stringify(LIBRARY_VERSION)};`,
		``,
		`/** Regions by calling code, the main region first. */`,
		`export const REGIONS_BY_CALLING_CODE: Record<string, readonly string[]> = ${JSON.stringify(json.country_calling_codes)};`,
		``,
		`export const NUMBERING_PLANS: Record<string, NumberingPlan> = {`,
		...Object.entries(regions).map(([region, plan]) => `\t${region}: ${JSON.stringify(plan)},`),
		`};`,
		``,
	];
	return lines.join('\n');
}
