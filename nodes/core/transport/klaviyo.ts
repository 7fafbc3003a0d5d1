/**
 * Klaviyo's JSON:API conventions (docs/reference/klaviyo-api.md §1): headers, filters, cursor paging, and which
 * rate tier each endpoint belongs to. The `Authorization: Klaviyo-API-Key …` header is n8n's
 * credential's job; everything else here is ours.
 */
import { apiErrorFromResponse } from './errors';
import {
	joinUrl,
	withQuery,
	type HttpMethod,
	type HttpRequest,
	type Query,
	type SendRequest,
} from './http';
import {
	KLAVIYO_RATE_TIERS,
	paced,
	type KlaviyoRateTierName,
	type Pacers,
	type RateTier,
} from './pacer';

export const KLAVIYO_BASE_URL = 'https://a.klaviyo.com';
/** The pinned revision (docs/reference/klaviyo-api.md header: spec 2026-07-15); the credential may override it. */
export const KLAVIYO_REVISION = '2026-07-15';
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/** `revision` is required on every operation; JSON:API is the only declared body type (§1). */
export function klaviyoHeaders(revision: string = KLAVIYO_REVISION): Record<string, string> {
	return { revision, accept: JSON_API_MEDIA_TYPE, 'content-type': JSON_API_MEDIA_TYPE };
}

export interface KlaviyoRequestInput {
	method: HttpMethod;
	/** `/api/…`; `/client/…` endpoints take the public key and are not for us (§1). */
	path: string;
	query?: Query;
	body?: unknown;
	baseUrl?: string;
	revision?: string;
}

export function klaviyoRequest(input: KlaviyoRequestInput): HttpRequest {
	const request: HttpRequest = {
		method: input.method,
		url: withQuery(joinUrl(input.baseUrl ?? KLAVIYO_BASE_URL, input.path), input.query),
		headers: klaviyoHeaders(input.revision),
	};
	if (input.body !== undefined) request.body = input.body;
	return request;
}

// ---- Filters ------------------------------------------------------------------------------------

/**
 * A filter expression built by the functions below, never by hand: the brand keeps a raw string
 * with an unescaped customer email out of `and(…)` and the `filter` parameter.
 */
export type KlaviyoFilter = string & { readonly __klaviyoFilter: true };

export type FilterScalar = string | number | boolean | null | Date;

const FIELD_NAME = /^[A-Za-z_$][\w.$-]*$/;

/**
 * Strings go in double quotes with `\` and `"` escaped by a backslash, so `o"brien+vip@example.com`
 * stays one value; datetimes go unquoted (§1 "Filter syntax"). `+` needs no escaping here, only
 * URL-encoding, which `withQuery` does.
 */
export function filterValue(value: FilterScalar): string {
	if (value === null) return 'null';
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value))
			throw new RangeError(`A Klaviyo filter cannot compare with ${value}.`);
		return String(value);
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime()))
			throw new RangeError('A Klaviyo filter cannot compare with an invalid date.');
		// Klaviyo's examples use whole seconds; milliseconds are kept only when there are some.
		return value.toISOString().replace('.000Z', 'Z');
	}
	return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

function condition(operator: string, field: string, value: string): KlaviyoFilter {
	if (!FIELD_NAME.test(field))
		throw new RangeError(`"${field}" is not a Klaviyo filter field name.`);
	return `${operator}(${field},${value})` as KlaviyoFilter;
}

export function equals(field: string, value: FilterScalar): KlaviyoFilter {
	return condition('equals', field, filterValue(value));
}

export function any(field: string, values: readonly FilterScalar[]): KlaviyoFilter {
	if (values.length === 0) throw new RangeError(`any(${field}, …) needs at least one value.`);
	return condition('any', field, `[${values.map(filterValue).join(',')}]`);
}

export function contains(field: string, value: string): KlaviyoFilter {
	return condition('contains', field, filterValue(value));
}

export function greaterThan(field: string, value: number | Date): KlaviyoFilter {
	return condition('greater-than', field, filterValue(value));
}

export function greaterOrEqual(field: string, value: number | Date): KlaviyoFilter {
	return condition('greater-or-equal', field, filterValue(value));
}

export function lessThan(field: string, value: number | Date): KlaviyoFilter {
	return condition('less-than', field, filterValue(value));
}

export function and(...filters: KlaviyoFilter[]): KlaviyoFilter {
	if (filters.length === 0) throw new RangeError('and(…) needs at least one filter.');
	if (filters.length === 1) return filters[0]!;
	return `and(${filters.join(',')})` as KlaviyoFilter;
}

// ---- Cursor paging ------------------------------------------------------------------------------

export interface KlaviyoPage {
	data: unknown[];
	included: unknown[];
	/** `links.next`: where the next page is, to resume later when a page cap stopped the walk. */
	nextUrl: string | undefined;
	/** 1-based. */
	pageNumber: number;
}

export interface KlaviyoPagingOptions {
	/** Stop after this many pages even if `links.next` goes on. */
	maxPages?: number;
}

/**
 * Walks a list endpoint page by page, following `links.next` (a full URL, §1 "Pagination") until
 * there is none. Only one page is held at a time. `send` should be the paced, retrying send; an
 * error answer that reaches here is thrown as ApiError. A `next` link to another host is refused,
 * since n8n would send the API key along with it.
 */
export async function* klaviyoPages(
	send: SendRequest,
	first: HttpRequest,
	options: KlaviyoPagingOptions = {},
): AsyncGenerator<KlaviyoPage> {
	const maxPages = options.maxPages ?? Infinity;
	const seen = new Set<string>();
	let request: HttpRequest | undefined = first;
	for (let pageNumber = 1; request && pageNumber <= maxPages; pageNumber++) {
		seen.add(request.url);
		const response = await send(request);
		if (response.status >= 400) throw apiErrorFromResponse('Klaviyo', response, { request });
		const body = asObject(response.body);
		const data = Array.isArray(body.data)
			? body.data
			: body.data === undefined || body.data === null
				? []
				: [body.data];
		const included = Array.isArray(body.included) ? body.included : [];
		const links = asObject(body.links);
		const next = typeof links.next === 'string' && links.next !== '' ? links.next : undefined;
		if (next !== undefined && origin(next) !== origin(first.url)) {
			throw new Error(
				`Klaviyo's next-page link points to another host (${origin(next)}); paging stopped to keep the API key there.`,
			);
		}
		yield { data, included, nextUrl: next, pageNumber };
		// A link back to a page already read would loop forever.
		request =
			next !== undefined && !seen.has(next)
				? { method: 'GET', url: next, headers: first.headers }
				: undefined;
	}
}

/** The resources of every page, one at a time. */
export async function* klaviyoResources(
	send: SendRequest,
	first: HttpRequest,
	options: KlaviyoPagingOptions = {},
): AsyncGenerator<unknown> {
	for await (const page of klaviyoPages(send, first, options)) yield* page.data;
}

function asObject(value: unknown): Record<string, unknown> {
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return {};
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

function origin(url: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(url)?.[0]?.toLowerCase() ?? '';
}

// ---- Rate tiers per endpoint --------------------------------------------------------------------

/**
 * The endpoints this package uses and their tiers, from `x-klaviyo-ratelimit` in the 2026-07-15
 * spec (docs/reference/klaviyo-api.md §4 table). Limits are counted per endpoint, so each pattern is its own bucket.
 */
const ENDPOINT_TIERS: readonly [HttpMethod, string, KlaviyoRateTierName][] = [
	['GET', '/api/accounts', 'XS'],
	['GET', '/api/accounts/{id}', 'XS'],
	['POST', '/api/events', 'XL'],
	['GET', '/api/events', 'XL'],
	['GET', '/api/events/{id}', 'M'],
	['GET', '/api/events/{id}/metric', 'XL'],
	['GET', '/api/events/{id}/profile', 'XL'],
	['POST', '/api/event-bulk-create-jobs', 'M'],
	['GET', '/api/metrics', 'M'],
	['GET', '/api/metrics/{id}', 'M'],
	['POST', '/api/metric-aggregates', 'S'],
	['GET', '/api/profiles', 'L'],
	['POST', '/api/profiles', 'L'],
	['GET', '/api/profiles/{id}', 'L'],
	['PATCH', '/api/profiles/{id}', 'L'],
	['POST', '/api/profile-import', 'L'],
	['POST', '/api/profile-merge', 'M'],
	['POST', '/api/profile-bulk-import-jobs', 'M'],
	['GET', '/api/profile-bulk-import-jobs/{id}', 'M'],
	['POST', '/api/profile-subscription-bulk-create-jobs', 'L'],
	['POST', '/api/profile-subscription-bulk-delete-jobs', 'L'],
	['POST', '/api/profile-suppression-bulk-create-jobs', 'L'],
	['GET', '/api/profile-suppression-bulk-create-jobs/{id}', 'L'],
	['POST', '/api/profile-suppression-bulk-delete-jobs', 'L'],
	['GET', '/api/lists', 'L'],
	['GET', '/api/lists/{id}', 'L'],
	['GET', '/api/lists/{id}/profiles', 'L'],
];

export interface KlaviyoEndpoint {
	/** Bucket key, e.g. `PATCH /api/profiles/{id}`. */
	key: string;
	tier: RateTier;
}

/** The rate bucket of a request. An endpoint not in the table gets XS, the safe guess. */
export function klaviyoEndpoint(method: HttpMethod, url: string): KlaviyoEndpoint {
	const path =
		(url.split(/[?#]/)[0] ?? url)
			.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '')
			.replace(/\/+$/, '') || '/';
	for (const [tableMethod, pattern, tier] of ENDPOINT_TIERS) {
		if (tableMethod !== method) continue;
		const regex = new RegExp(`^${pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`);
		if (regex.test(path)) return { key: `${method} ${pattern}`, tier: KLAVIYO_RATE_TIERS[tier] };
	}
	return { key: `${method} ${path}`, tier: KLAVIYO_RATE_TIERS.XS };
}

/** `send` paced per Klaviyo endpoint. Wrap it in `retrying(…)` so every attempt is paced. */
export function pacedForKlaviyo(send: SendRequest, pacers: Pacers): SendRequest {
	return paced(send, (request) => {
		const endpoint = klaviyoEndpoint(request.method, request.url);
		return pacers.for(endpoint.key, endpoint.tier);
	});
}
