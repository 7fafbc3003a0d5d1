/**
 * What the transport needs from the outside world, injected so the core has no HTTP library, no
 * timers and no clock of its own. A node shell passes n8n's helpers (see `fromN8nHttpRequest`);
 * tests pass fakes and a fake clock.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type HttpHeaders = Record<string, string | string[] | undefined>;

export type QueryValue =
	string | number | boolean | readonly (string | number)[] | null | undefined;

export type Query = Record<string, QueryValue>;

export interface HttpRequest {
	method: HttpMethod;
	/**
	 * Full URL including its query string. The builders here put the query in the URL themselves
	 * (`withQuery`), so a `+` in an email or a `"` in a filter reaches the API exactly as written
	 * whatever the shell's HTTP client does with `qs`.
	 */
	url: string;
	/** Left to the shell's client to encode; the core's own builders never set it. */
	qs?: Record<string, string | number | boolean>;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface HttpResponse {
	status: number;
	headers: HttpHeaders;
	/** Parsed JSON when the answer was JSON, otherwise the raw text (HTML error pages) or undefined. */
	body: unknown;
}

/**
 * Sends one request. Resolves with every HTTP answer, 4xx and 5xx included (the retry policy and the
 * error parser need the status, headers and body). Rejects only when no answer came: the rejection is
 * an Error carrying a `code` such as ECONNRESET, ETIMEDOUT or ECONNREFUSED (on itself or a `cause`).
 */
export type SendRequest = (request: HttpRequest) => Promise<HttpResponse>;

export type Sleep = (ms: number) => Promise<void>;

export interface Clock {
	now(): number;
}

/** A number in [0, 1), like Math.random; injected so jitter is reproducible in tests. */
export type Random = () => number;

/** Header lookup ignoring case; a repeated header gives its first value. */
export function headerValue(headers: HttpHeaders | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/**
 * Appends a query to a URL, each name and value encoded with encodeURIComponent (so `+` becomes
 * `%2B` and is not read back as a space; docs/reference/klaviyo-api.md §1 "Filter syntax"). Arrays become comma
 * lists, as Sitoo's list filters expect (docs/reference/sitoo-api.md §2.1); undefined and null are left out.
 */
export function withQuery(url: string, query: Query | undefined): string {
	if (!query) return url;
	const parts: string[] = [];
	for (const [name, value] of Object.entries(query)) {
		if (value === undefined || value === null) continue;
		const text = Array.isArray(value) ? value.join(',') : String(value);
		parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(text)}`);
	}
	if (parts.length === 0) return url;
	const hashAt = url.indexOf('#');
	const base = hashAt === -1 ? url : url.slice(0, hashAt);
	const separator = base.includes('?')
		? base.endsWith('?') || base.endsWith('&')
			? ''
			: '&'
		: '?';
	return `${base}${separator}${parts.join('&')}`;
}

/** Joins a base URL (credential field, may end in `/`) and an absolute path. */
export function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Connection failures worth another try: the request may never have reached the server, or its
 * answer was lost. ENOTFOUND is left out on purpose: a misspelt base URL does not heal by waiting.
 */
export const RETRYABLE_NETWORK_CODES: readonly string[] = [
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
];

/**
 * The network error code of a rejection, looked for on the error and down its `cause` chain: n8n
 * wraps the HTTP client's error in a NodeApiError whose `cause` is the original.
 */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.includes(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The options n8n's `httpRequest` / `httpRequestWithAuthentication` take, as far as we use them. */
export interface N8nHttpRequestOptions {
	method: HttpMethod;
	url: string;
	qs?: Record<string, string | number | boolean>;
	body?: unknown;
	headers?: Record<string, string>;
	json: true;
	returnFullResponse: true;
	ignoreHttpStatusErrors: true;
}

/** n8n's full response (`IN8nHttpFullResponse`) as far as we use it. */
export interface N8nHttpFullResponse {
	statusCode: number;
	headers: HttpHeaders;
	body: unknown;
}

/**
 * Adapts n8n's request helper to `SendRequest`, structurally so the core imports nothing from n8n.
 * A shell writes:
 *   const send = fromN8nHttpRequest((options) =>
 *     this.helpers.httpRequestWithAuthentication.call(this, 'klaviyoApi', options));
 * `ignoreHttpStatusErrors` makes 4xx/5xx resolve, so their body reaches `ApiError`.
 */
export function fromN8nHttpRequest(
	call: (options: N8nHttpRequestOptions) => Promise<N8nHttpFullResponse>,
): SendRequest {
	return async (request) => {
		const options: N8nHttpRequestOptions = {
			method: request.method,
			url: request.url,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		if (request.qs !== undefined) options.qs = request.qs;
		if (request.body !== undefined) options.body = request.body;
		if (request.headers !== undefined) options.headers = request.headers;
		const response = await call(options);
		return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}
