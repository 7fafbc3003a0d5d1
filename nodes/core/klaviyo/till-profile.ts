/**
 * What the till knows about a shopper, put on the Klaviyo profile inside the order's own event
 * requests (no extra call per sale). Which system wins, per field, is written down in
 * docs/design.md ("Profiles from the till"): Sitoo wins for what it owns (the member's name and
 * address from their sign-up, their store purchases, their member number) when it has a value; a
 * blank at the till never erases anything in Klaviyo, and everything else on the profile (consent,
 * marketing's own properties) is never sent.
 */
import type { NormalizedOrder } from '../order/types';

/** Custom profile properties a marketer segments on; the names are part of the package's contract. */
export const TILL_PROFILE_PROPERTIES = {
	lastStorePurchase: 'Last Store Purchase',
	lastStorePurchaseStore: 'Last Store Purchase Store',
	lastStorePurchaseStoreId: 'Last Store Purchase Store ID',
	memberNumber: 'POS Member Number',
	preferredStore: 'Preferred Store',
} as const;

/** Klaviyo profile attributes besides the identifiers (`EventProfileCreateQueryResourceObject`). */
export interface TillProfileAttributes {
	first_name?: string;
	last_name?: string;
	location?: { city?: string; zip?: string; country?: string };
	properties?: Record<string, string>;
}

export interface TillProfileOptions {
	/**
	 * Whether the event is a live sale: only those move "Last Store Purchase", so a backfill or an
	 * offline receipt that arrives late never sets it back in time.
	 */
	livePurchase: boolean;
}

/** Klaviyo caps text attributes; the till's fields are short, this only guards against a pasted essay. */
const MAX_TEXT = 255;

export function tillProfileAttributes(
	order: NormalizedOrder,
	options: TillProfileOptions,
): TillProfileAttributes {
	const attributes: TillProfileAttributes = {};
	const firstName = clean(order.customer.firstName);
	if (firstName) attributes.first_name = firstName;
	const lastName = clean(order.customer.lastName);
	if (lastName) attributes.last_name = lastName;
	const location: NonNullable<TillProfileAttributes['location']> = {};
	const city = clean(order.customer.city);
	if (city) location.city = city;
	const zip = clean(order.customer.zip);
	if (zip) location.zip = zip;
	const country = countryName(order.customer.country);
	if (country) location.country = country;
	if (Object.keys(location).length > 0) attributes.location = location;
	const properties: Record<string, string> = {};
	const memberNumber = clean(order.customer.customerNumber);
	if (memberNumber) properties[TILL_PROFILE_PROPERTIES.memberNumber] = memberNumber;
	if (options.livePurchase && order.parts.sale) {
		properties[TILL_PROFILE_PROPERTIES.lastStorePurchase] = order.tillTime;
		const storeName = clean(order.store.name);
		if (storeName) properties[TILL_PROFILE_PROPERTIES.lastStorePurchaseStore] = storeName;
		const storeId = order.store.id ?? order.store.externalId;
		if (storeId !== undefined)
			properties[TILL_PROFILE_PROPERTIES.lastStorePurchaseStoreId] = String(storeId);
	}
	if (Object.keys(properties).length > 0) attributes.properties = properties;
	return attributes;
}

/** Later values win, member by member: what a bulk job sends for a shopper with several orders. */
export function laterProfileWins<T extends TillProfileAttributes>(earlier: T, later: T): T {
	const merged: T = { ...earlier, ...later };
	if (earlier.location || later.location)
		merged.location = { ...earlier.location, ...later.location };
	if (earlier.properties || later.properties)
		merged.properties = { ...earlier.properties, ...later.properties };
	return merged;
}

/** NFC so "Nyström" typed with a combining ring and as one letter is one name; never changes the letters. */
function clean(value: string | undefined): string | undefined {
	const text = value?.normalize('NFC').trim();
	if (!text) return undefined;
	return [...text].slice(0, MAX_TEXT).join('');
}

/** Klaviyo's `location.country` is a country name ("Sweden"), Sitoo keeps ISO 3166 alpha-2 ("SE"). */
function countryName(code: string | undefined): string | undefined {
	if (!code || !/^[A-Z]{2}$/.test(code)) return undefined;
	try {
		const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code);
		return name && name !== code ? name : undefined;
	} catch {
		return undefined;
	}
}
