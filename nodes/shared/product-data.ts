import type { INodeProperties } from 'n8n-workflow';

/**
 * "Add Categories and Brand to Lines", the same option on every node that outputs normalized orders:
 * Klaviyo's `Categories` and `Brands` (docs/design.md invariant 6) come only from these look-ups.
 * `cost` says what it costs on this node (one sentence, without its final period).
 */
export function productDataOption(cost: string): INodeProperties {
	return {
		displayName: 'Add Categories and Brand to Lines',
		name: 'enrichLines',
		type: 'boolean',
		default: true,
		description: `Whether to look up each product's categories and brand in Sitoo, so the Placed Order and Ordered Product events carry Categories and Brands. ${cost}.`,
	};
}

/**
 * Whether the option is on in the node's `options` collection. n8n leaves an option the user never
 * added out of the collection's value, so `fallback` is the node's default.
 */
export function addsProductData(options: unknown, fallback = true): boolean {
	const value =
		typeof options === 'object' && options !== null
			? (options as { enrichLines?: unknown }).enrichLines
			: undefined;
	return typeof value === 'boolean' ? value : fallback;
}
