/**
 * CRM SPI v2 calls from the till (docs/reference/sitoo-spi.md §3): request → normalized call, and the normalized
 * customer → the customer object the POS expects. Tolerant: unknown fields are ignored and absent
 * ones mean "not sent" (§2), which for an update means "unchanged" (§3.6).
 */
import { toE164 } from '../identity/phone';

export type CrmOperation = 'lookup' | 'create' | 'get' | 'update';

export const COMMUNICATION_CHANNELS = ['email', 'sms', 'mail'] as const;
export type CommunicationChannel = (typeof COMMUNICATION_CHANNELS)[number];

export interface CustomerAddress {
	street?: string;
	city?: string;
	zip?: string;
	/** ISO 3166-1 alpha-2, upper-case (`country_id`, §3.5). */
	country?: string;
}

/** A customer as the POS sent it, in plain words; only what was sent is present. */
export interface CrmCustomer {
	customerId?: string;
	memberNumber?: string;
	/** Trimmed; validation (placeholders, syntax) belongs to the Klaviyo side (docs/design.md invariant 4). */
	email?: string;
	mobile?: string;
	firstName?: string;
	lastName?: string;
	gender?: string;
	address?: CustomerAddress;
	/** `accepts_communication` as flags; absent when the POS did not send the list (never "all false"). */
	acceptsCommunication?: Record<CommunicationChannel, boolean>;
	/** Consent ids the customer has given (`consents`). */
	consents?: string[];
	/** `store_id_home`: the customer's home store (a store externalid). */
	homeStoreId?: string;
	additionalOptions?: Array<{ id: string; values: string[] }>;
}

/** Who asked, from the optional, URL-encoded trace headers (§3.3). */
export interface CrmOrigin {
	storeId?: string;
	staffId?: string;
	registerId?: string;
}

export interface CrmWarning {
	field: string;
	reason: string;
}

export interface CrmCall {
	operation: CrmOperation;
	/** Lookup only (`GET /customers?key_type=&key=`). */
	lookup?: { keyType: string; key: string };
	/** Get and update: the id in the path. */
	customerId?: string;
	/** Create and update: the body, normalized. */
	customer?: CrmCustomer;
	/** Create and update: which SPI fields the body carried, so a workflow can tell "cleared" from "not sent". */
	fieldsSent?: string[];
	origin: CrmOrigin;
	warnings: CrmWarning[];
}

export type CrmParse = { ok: true; call: CrmCall } | { ok: false; status: 400; error: CrmError };

export interface CrmError {
	error: string;
	message: string;
}

export interface CrmRequestInput {
	operation: CrmOperation;
	/** The country (ISO 3166-1 alpha-2) a mobile number typed without a country code is read in. */
	phoneCountry?: string;
	query?: Record<string, unknown>;
	params?: Record<string, unknown>;
	headers?: Record<string, string | string[] | undefined>;
	body?: unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

function header(headers: CrmRequestInput['headers'], name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted && value !== undefined) return String(first(value));
	}
	return undefined;
}

/**
 * "These header parameters should be url decoded" (§3.3); a broken escape is kept as sent. Control
 * characters (a CR/LF sent encoded) are taken out: these values end up in Klaviyo's consent records.
 */
function decoded(value: string | undefined): string | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	let text: string;
	try {
		text = decodeURIComponent(value);
	} catch {
		text = value;
	}
	// C0 controls and DEL: \p{Cc} less its C1 range (no-control-regex refuses a literal \u0000-\u001f).
	const clean = text.replace(/[^\P{Cc}\u0080-\u009f]+/gu, ' ').trim();
	return clean === '' ? undefined : clean;
}

/** The longest text kept from the till: Klaviyo's profile fields hold far less than a body may carry. */
export const CRM_TEXT_LIMIT = 255;

export function originOf(headers: CrmRequestInput['headers']): CrmOrigin {
	const origin: CrmOrigin = {};
	const storeId = decoded(header(headers, 'Store-ID'));
	const staffId = decoded(header(headers, 'Staff-ID'));
	const registerId = decoded(header(headers, 'Register-ID'));
	if (storeId !== undefined) origin.storeId = storeId;
	if (staffId !== undefined) origin.staffId = staffId;
	if (registerId !== undefined) origin.registerId = registerId;
	return origin;
}

function textField(
	body: Json,
	key: string,
	warnings: CrmWarning[],
	path = key,
): string | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') {
		warnings.push({
			field: path,
			reason: `${path} should be a text, got ${Array.isArray(value) ? 'an array' : typeof value}; ignored`,
		});
		return undefined;
	}
	const text = value.trim();
	if (text.length <= CRM_TEXT_LIMIT) return text;
	warnings.push({
		field: path,
		reason: `${path} is ${text.length} characters long; only the first ${CRM_TEXT_LIMIT} are kept`,
	});
	return text.slice(0, CRM_TEXT_LIMIT);
}

/**
 * A mobile number as staff typed it, in E.164 by the sync's own phone rules (docs/design.md
 * invariant 4), read in `country` when it has no country code. Undefined with a warning when it
 * cannot be a real number.
 */
function mobileOf(
	typed: string,
	country: string | undefined,
	field: string,
	warnings: CrmWarning[],
): string | undefined {
	const read = toE164(typed, country);
	if (read.ok) return read.phone;
	warnings.push({ field, reason: `${read.reason}; left out` });
	return undefined;
}

function textList(body: Json, key: string, warnings: CrmWarning[]): string[] | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) {
		warnings.push({
			field: key,
			reason: `${key} should be a list of texts, got ${typeof value}; ignored`,
		});
		return undefined;
	}
	const texts: string[] = [];
	value.forEach((item, index) => {
		if (typeof item === 'string' && item.trim() !== '') texts.push(item.trim());
		else
			warnings.push({
				field: `${key}[${index}]`,
				reason: `${key}[${index}] is not a text; ignored`,
			});
	});
	return texts;
}

/** Reads a customer object (create and update bodies, §3.5/§3.6). */
export function parseCustomer(body: Json, warnings: CrmWarning[]): CrmCustomer {
	const customer: CrmCustomer = {};
	const set = <K extends keyof CrmCustomer>(key: K, value: CrmCustomer[K] | undefined) => {
		if (value !== undefined) customer[key] = value;
	};
	set('customerId', textField(body, 'customer_id', warnings));
	set('memberNumber', textField(body, 'member_number', warnings));
	set('email', textField(body, 'email', warnings));
	set('mobile', textField(body, 'mobile', warnings));
	set('firstName', textField(body, 'name_first', warnings));
	set('lastName', textField(body, 'name_last', warnings));
	set('gender', textField(body, 'gender', warnings));
	set('homeStoreId', textField(body, 'store_id_home', warnings));
	const address = body.invoice_address;
	if (isObject(address)) {
		const a: CustomerAddress = {};
		const street = textField(address, 'address', warnings, 'invoice_address.address');
		const city = textField(address, 'city', warnings, 'invoice_address.city');
		const zip = textField(address, 'zip', warnings, 'invoice_address.zip');
		const country = textField(address, 'country_id', warnings, 'invoice_address.country_id');
		if (street !== undefined) a.street = street;
		if (city !== undefined) a.city = city;
		if (zip !== undefined) a.zip = zip;
		if (country !== undefined && country !== '') a.country = country.toUpperCase();
		customer.address = a;
	} else if (address !== undefined && address !== null) {
		warnings.push({
			field: 'invoice_address',
			reason: 'invoice_address should be an object {address, city, zip, country_id}; ignored',
		});
	}
	const channels = textList(body, 'accepts_communication', warnings);
	if (channels !== undefined) {
		const flags = { email: false, sms: false, mail: false };
		for (const channel of channels) {
			const known = COMMUNICATION_CHANNELS.find((c) => c === channel.toLowerCase());
			if (known) flags[known] = true;
			else
				warnings.push({
					field: 'accepts_communication',
					reason: `unknown channel "${channel}" (known: ${COMMUNICATION_CHANNELS.join(', ')}); ignored`,
				});
		}
		customer.acceptsCommunication = flags;
	}
	set('consents', textList(body, 'consents', warnings));
	const options = body.additional_options;
	if (Array.isArray(options)) {
		customer.additionalOptions = [];
		options.forEach((option, index) => {
			if (isObject(option) && typeof option.id === 'string' && Array.isArray(option.enum_values)) {
				customer.additionalOptions!.push({
					id: option.id,
					values: option.enum_values.filter((v): v is string => typeof v === 'string'),
				});
			} else
				warnings.push({
					field: `additional_options[${index}]`,
					reason: 'should be {id, enum_values}; ignored',
				});
		});
	}
	return customer;
}

function bodyObject(body: unknown): Json | string {
	let value = body;
	if (typeof value === 'string') {
		if (value.trim() === '') return 'The body is empty; a customer object was expected';
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return 'The body is not JSON; a customer object was expected';
		}
	}
	if (!isObject(value))
		return `The body is ${Array.isArray(value) ? 'an array' : value === undefined || value === null ? 'empty' : typeof value}; a customer object was expected`;
	return value;
}

const SPI_CUSTOMER_FIELDS = [
	'customer_id',
	'member_number',
	'email',
	'name_first',
	'name_last',
	'mobile',
	'invoice_address',
	'gender',
	'accepts_communication',
	'consents',
	'additional_options',
	'store_id_home',
];

function badRequest(error: string, message: string): CrmParse {
	return { ok: false, status: 400, error: { error, message } };
}

/** One call from the till, read tolerantly; only what makes the call meaningless is a 400. */
export function parseCrmRequest(input: CrmRequestInput): CrmParse {
	const warnings: CrmWarning[] = [];
	const origin = originOf(input.headers);
	switch (input.operation) {
		case 'lookup': {
			const keyType = first(input.query?.key_type);
			const key = first(input.query?.key);
			if (typeof keyType !== 'string' || keyType.trim() === '')
				return badRequest(
					'missing_key_type',
					'key_type is missing: say what the key is (member_number, email or mobile)',
				);
			if (typeof key !== 'string' || key.trim() === '')
				return badRequest('missing_key', 'key is missing: give the value to search for');
			const lookup = { keyType: keyType.trim(), key: key.trim() };
			// Staff type mobiles as they are printed ("073-987 65 43"); Klaviyo holds E.164.
			if (lookup.keyType === 'mobile') {
				const read = toE164(lookup.key, input.phoneCountry);
				if (read.ok) lookup.key = read.phone;
				else warnings.push({ field: 'key', reason: `${read.reason}; searched as typed` });
			}
			return { ok: true, call: { operation: 'lookup', lookup, origin, warnings } };
		}
		case 'get': {
			const id = first(input.params?.customerId);
			if (typeof id !== 'string' || id.trim() === '')
				return badRequest(
					'missing_customer_id',
					'The customer id is missing from the path /customers/{customer_id}',
				);
			return { ok: true, call: { operation: 'get', customerId: decoded(id), origin, warnings } };
		}
		case 'create':
		case 'update': {
			const body = bodyObject(input.body);
			if (typeof body === 'string') return badRequest('invalid_body', body);
			const customer = parseCustomer(body, warnings);
			if (customer.mobile) {
				const mobile = mobileOf(
					customer.mobile,
					customer.address?.country ?? input.phoneCountry,
					'mobile',
					warnings,
				);
				if (mobile === undefined) delete customer.mobile;
				else customer.mobile = mobile;
			}
			const fieldsSent = SPI_CUSTOMER_FIELDS.filter((f) => body[f] !== undefined);
			const call: CrmCall = { operation: input.operation, customer, fieldsSent, origin, warnings };
			if (input.operation === 'update') {
				const id = first(input.params?.customerId);
				if (typeof id !== 'string' || id.trim() === '')
					return badRequest(
						'missing_customer_id',
						'The customer id is missing from the path /customers/{customer_id}',
					);
				call.customerId = decoded(id);
				const bodyId = customer.customerId;
				if (bodyId !== undefined && bodyId !== call.customerId) {
					warnings.push({
						field: 'customer_id',
						reason: `the body names customer ${bodyId} but the path ${call.customerId}; the path wins`,
					});
				}
			}
			return { ok: true, call };
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Responses: the customer object of §3.5 with every documented key present ("" and [] when empty),
// since a POS may not expect a missing key or a null list (§3.5 "Response hygiene").

export interface SpiCustomer {
	customer_id: string;
	member_number: string;
	email: string;
	name_first: string;
	name_last: string;
	mobile: string;
	invoice_address: { address: string; city: string; zip: string; country_id: string };
	gender: string;
	accepts_communication: CommunicationChannel[];
	consents: string[];
	additional_options: Array<{ id: string; enum_values: string[] }>;
	status: { color: string; text: string };
	promotions: unknown[];
	bonus_checks: unknown[];
	voucher_passwords: string[];
	store_id_home: string;
	sections: Array<{ title: string; values: Array<{ title: string; text: string; type: string }> }>;
}

/** What a workflow may add beyond the customer's own fields: the card shown at the till. */
export interface CustomerCard {
	status?: { color?: string; text?: string };
	sections?: SpiCustomer['sections'];
	voucherPasswords?: string[];
	promotions?: unknown[];
	bonusChecks?: unknown[];
}

/** Normalized customer (+ card) → the SPI customer object. */
export function spiCustomer(customer: CrmCustomer & CustomerCard): SpiCustomer {
	const flags = customer.acceptsCommunication;
	return {
		customer_id: customer.customerId ?? '',
		member_number: customer.memberNumber ?? '',
		email: customer.email ?? '',
		name_first: customer.firstName ?? '',
		name_last: customer.lastName ?? '',
		mobile: customer.mobile ?? '',
		invoice_address: {
			address: customer.address?.street ?? '',
			city: customer.address?.city ?? '',
			zip: customer.address?.zip ?? '',
			country_id: customer.address?.country ?? '',
		},
		gender: customer.gender ?? '',
		accepts_communication: flags ? COMMUNICATION_CHANNELS.filter((c) => flags[c] === true) : [],
		consents: customer.consents ?? [],
		additional_options: (customer.additionalOptions ?? []).map((o) => ({
			id: o.id,
			enum_values: o.values,
		})),
		status: { color: customer.status?.color ?? '', text: customer.status?.text ?? '' },
		promotions: customer.promotions ?? [],
		bonus_checks: customer.bonusChecks ?? [],
		voucher_passwords: customer.voucherPasswords ?? [],
		store_id_home: customer.homeStoreId ?? '',
		sections: customer.sections ?? [],
	};
}

/** Create, get and update answer: the customer object (v2's create answer is inferred, §3.6). */
export function customerResponse(customer: CrmCustomer & CustomerCard): SpiCustomer {
	return spiCustomer(customer);
}

/** Error body; no schema is documented, keep the message short: staff may see it (§3.4). */
export function errorResponse(error: string, message: string): CrmError {
	return { error, message };
}

/**
 * The answer a workflow gets ready-made in each item (`response`), so passing the item through
 * answers correctly: an empty look-up, or the customer echoed back (with the path's id on update).
 */
export function defaultResponse(call: CrmCall): SpiCustomer[] | SpiCustomer {
	if (call.operation === 'lookup') return [];
	const customer = {
		...call.customer,
		...(call.customerId !== undefined ? { customerId: call.customerId } : {}),
	};
	return customerResponse(customer);
}
