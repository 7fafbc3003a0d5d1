import { basicAuth } from './push';
import type { User } from './types';

/**
 * The POS side of CRM SPI v2 (docs/reference/sitoo-spi.md §3): Sitoo calls the merchant's CRM. Search and add are
 * documented (§3.4, §3.6); get and update paths are inferred as `/customers/{customer_id}` (§3.2).
 */
export type CrmCallName = 'search' | 'add' | 'get' | 'update';

export const COMMUNICATION_CHANNELS = ['email', 'mail', 'sms'] as const;

/** The customer object's documented fields (§3.5); anything may be absent on add and update. */
export interface CrmCustomer {
	customer_id?: string;
	member_number?: string;
	email?: string;
	name_first?: string;
	name_last?: string;
	mobile?: string;
	invoice_address?: { address?: string; city?: string; zip?: string; country_id?: string };
	gender?: string;
	accepts_communication?: string[];
	consents?: string[];
	store_id_home?: string;
	[key: string]: unknown;
}

export interface CrmCallRequest {
	baseUrl: string;
	username?: string;
	password?: string;
	call: CrmCallName;
	customer?: CrmCustomer;
	/** Search: `member_number`, `email` or `mobile` (§3.4); defaults to email from `customer`. */
	keyType?: string;
	key?: string;
	customerId?: string;
	/** Optional trace headers, sent URL-encoded (§3.3). */
	storeId?: string;
	staffId?: string;
	registerId?: string;
	/** The POS gives up after 10 s (§3.8). */
	timeoutMs?: number;
}

export interface CrmCallResult {
	request: { method: string; url: string; headers: Record<string, string>; body: unknown };
	status: number | null;
	body: unknown;
	error?: string;
	durationMs: number;
}

export class CrmRequestError extends Error {}

/** Checks what the POS itself would never send, so a bad admin request fails loudly here. */
export function validateCustomer(customer: CrmCustomer): void {
	for (const channel of customer.accepts_communication ?? []) {
		if (!(COMMUNICATION_CHANNELS as readonly string[]).includes(channel)) {
			throw new CrmRequestError(
				`accepts_communication only takes ${COMMUNICATION_CHANNELS.join(', ')}; got "${channel}"`,
			);
		}
	}
	for (const key of ['accepts_communication', 'consents'] as const) {
		const value = customer[key];
		if (
			value !== undefined &&
			(!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
		) {
			throw new CrmRequestError(`${key} must be an array of strings`);
		}
	}
}

/** The v2 customer fields a Sitoo user fills in when staff add them from the till. */
export function customerFromUser(user: User): CrmCustomer {
	return {
		member_number: user.customernumber,
		email: user.email,
		name_first: user.namefirst,
		name_last: user.namelast,
		mobile: user.mobile,
		invoice_address: {
			address: user.address,
			city: user.city,
			zip: user.zip,
			country_id: user.countryid.toUpperCase(),
		},
	};
}

export function buildCrmRequest(req: CrmCallRequest): CrmCallResult['request'] {
	const base = req.baseUrl.replace(/\/+$/, '');
	const headers: Record<string, string> = {
		accept: 'application/json',
		...basicAuth(req.username, req.password),
	};
	// "Non-alphanumerical characters will be url encoded using UTF-8" (§3.3).
	if (req.storeId !== undefined) headers['Store-ID'] = encodeURIComponent(req.storeId);
	if (req.staffId !== undefined) headers['Staff-ID'] = encodeURIComponent(req.staffId);
	if (req.registerId !== undefined) headers['Register-ID'] = encodeURIComponent(req.registerId);
	const customer = req.customer ?? {};
	validateCustomer(customer);
	switch (req.call) {
		case 'search': {
			const keyType = req.keyType ?? 'email';
			const key =
				req.key ??
				(typeof customer[keyType] === 'string' ? (customer[keyType] as string) : undefined);
			if (!key) throw new CrmRequestError('search needs key (or a customer with that field)');
			const query = new URLSearchParams({ key_type: keyType, key });
			return { method: 'GET', url: `${base}/customers?${query}`, headers, body: undefined };
		}
		case 'add': {
			// A new customer has no id yet: the CRM assigns it.
			const { customer_id: _ignored, ...body } = customer;
			void _ignored;
			return {
				method: 'POST',
				url: `${base}/customers`,
				headers: { ...headers, 'content-type': 'application/json' },
				body,
			};
		}
		case 'get':
		case 'update': {
			const id = req.customerId ?? customer.customer_id;
			if (!id) throw new CrmRequestError(`${req.call} needs customerId`);
			const url = `${base}/customers/${encodeURIComponent(id)}`;
			if (req.call === 'get') return { method: 'GET', url, headers, body: undefined };
			// Only the fields given are sent: an absent field means "unchanged" (§3.6).
			return {
				method: 'PUT',
				url,
				headers: { ...headers, 'content-type': 'application/json' },
				body: customer,
			};
		}
	}
}

export async function callCrm(req: CrmCallRequest): Promise<CrmCallResult> {
	const request = buildCrmRequest(req);
	const started = Date.now();
	try {
		const response = await fetch(request.url, {
			method: request.method,
			headers: request.headers,
			body: request.body === undefined ? undefined : JSON.stringify(request.body),
			signal: AbortSignal.timeout(req.timeoutMs ?? 10_000),
		});
		const text = await response.text();
		let body: unknown = text;
		try {
			body = text === '' ? null : JSON.parse(text);
		} catch {
			// not JSON: report the raw text
		}
		return { request, status: response.status, body, durationMs: Date.now() - started };
	} catch (error) {
		const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { request, status: null, body: null, error: message, durationMs: Date.now() - started };
	}
}
