/** One region's numbering plan as generated into phone-metadata.ts (from libphonenumber's metadata). */
export type NumberingPlan = readonly [
	callingCode: string,
	/** International call prefix (IDD) as a pattern: "00" in most of Europe, "011" in North America. */
	iddPrefix: string,
	/** Pattern of the national (trunk) prefix, e.g. "0"; may capture digits kept by the transform rule. */
	nationalPrefixForParsing: string,
	nationalPrefixTransformRule: string,
	/** Every national significant number of the region matches this. */
	nationalNumberPattern: string,
	possibleLengths: readonly number[],
	/** Set for regions that share a calling code: the first digits that tell them apart. */
	leadingDigits: string,
	/** The number types (fixed line, mobile, …) as [pattern, possible lengths]. */
	types: ReadonlyArray<readonly [pattern: string, possibleLengths: readonly number[]]>,
];
