/**
 * Create or update a profile (`POST /api/profile-import`, docs/reference/klaviyo-api.md §2.3) from what the till knows.
 * Writing `external_id` is opt-in, because an e-commerce integration may already own it; the POS ids
 * always go into custom properties (§4 "external_id caution").
 */
import { validIdentity, type IdentityOptions } from './identity-options';

export interface ProfileInput {
	email?: unknown;
	phone?: unknown;
	externalId?: unknown;
	/** Write `externalId` into Klaviyo's `external_id` (otherwise only into the `pos_customer_id` property). */
	writeExternalId?: boolean;
	firstName?: unknown;
	lastName?: unknown;
	organization?: unknown;
	locale?: unknown;
	location?: Partial<
		Record<'address1' | 'address2' | 'city' | 'region' | 'zip' | 'country' | 'timezone', unknown>
	>;
	/** Custom properties; POS ids such as `pos_customer_id` belong here. */
	properties?: Record<string, unknown>;
}

export type ProfileBodyResult =
	| {
			ok: true;
			body: Record<string, unknown>;
			identity: { email?: string; phone_number?: string; external_id?: string };
			notes: string[];
	  }
	| { ok: false; reason: string };

/** The POS id as a custom property, so it is kept even when `external_id` is not written. */
export const POS_CUSTOMER_ID_PROPERTY = 'pos_customer_id';

export function profileImportBody(
	input: ProfileInput,
	options: IdentityOptions,
	profileId?: string,
): ProfileBodyResult {
	const writeExternalId = input.writeExternalId === true;
	const identity = validIdentity(
		{
			email: input.email,
			phone: input.phone,
			externalId: writeExternalId ? input.externalId : undefined,
		},
		options,
	);
	if (!identity.ok && profileId === undefined) return { ok: false, reason: identity.reason };
	const found = identity.ok ? identity.profile : {};
	// Phone alone is not enough for profile import: it needs one other identifier (§2.3).
	if (profileId === undefined && found.phone_number && !found.email && !found.external_id) {
		return {
			ok: false,
			reason: `no valid identifier: a phone number alone cannot create a profile; Klaviyo needs an email or external ID with it`,
		};
	}
	const attributes: Record<string, unknown> = { ...found };
	for (const [field, value] of [
		['first_name', input.firstName],
		['last_name', input.lastName],
		['organization', input.organization],
		['locale', input.locale],
	] as const) {
		const t = text(value);
		if (t) attributes[field] = t;
	}
	const location: Record<string, string> = {};
	for (const [field, value] of Object.entries(input.location ?? {})) {
		const t = text(value);
		if (t) location[field] = t;
	}
	if (Object.keys(location).length > 0) attributes.location = location;
	const properties: Record<string, unknown> = { ...(input.properties ?? {}) };
	const posId = text(input.externalId);
	if (posId && properties[POS_CUSTOMER_ID_PROPERTY] === undefined)
		properties[POS_CUSTOMER_ID_PROPERTY] = posId;
	if (Object.keys(properties).length > 0) attributes.properties = properties;
	const data: Record<string, unknown> = { type: 'profile', attributes };
	if (profileId !== undefined) data.id = profileId;
	// Updating a profile by its id needs no identifier; an unusable one is left out, and said so.
	const notes = identity.ok ? identity.notes : [`${identity.reason}; updated by profile ID`];
	return { ok: true, body: { data }, identity: found, notes };
}

/** The same body without the phone: what to send when the phone belongs to another profile (409). */
/**
 * The profile that already holds a phone number for someone else: one found by that number whose
 * e-mail is not `email` (none counts as another person). Sending the number with `email` would move
 * it, or re-key that profile, so it is left out instead (docs/design.md invariant 4).
 */
export function otherPhoneHolder(
	email: string | undefined,
	holders: ReadonlyArray<{ id: string; email?: string | null }>,
): string | undefined {
	const mine = email?.trim().toLowerCase();
	return holders.find((h) => !mine || (h.email ?? '').trim().toLowerCase() !== mine)?.id;
}

export function withoutPhone(body: Record<string, unknown>): Record<string, unknown> {
	const data = body.data as Record<string, unknown>;
	const attributes = { ...(data.attributes as Record<string, unknown>) };
	delete attributes.phone_number;
	return { data: { ...data, attributes } };
}

/**
 * The body for updating the profile that already holds an identifier, by its id: identifiers it does
 * not already hold are left out (they belong to another profile, which caused the 409), the rest is kept.
 */
export function updateExistingBody(
	body: Record<string, unknown>,
	existingId: string,
	existing: Record<string, unknown>,
): { body: Record<string, unknown>; leftOut: string[] } {
	const data = body.data as Record<string, unknown>;
	const attributes = { ...(data.attributes as Record<string, unknown>) };
	const leftOut: string[] = [];
	for (const field of ['email', 'phone_number', 'external_id']) {
		if (attributes[field] !== undefined && attributes[field] !== existing[field]) {
			leftOut.push(field);
			delete attributes[field];
		}
	}
	return { body: { data: { type: 'profile', id: existingId, attributes } }, leftOut };
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}
