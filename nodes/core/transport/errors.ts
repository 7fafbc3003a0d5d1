/**
 * Errors the transport throws, built from what the API answered so the message a user reads names
 * the field and the problem (docs/reference/klaviyo-api.md §4 "Error body", docs/reference/sitoo-api.md §5 "Error body").
 */
import { headerValue, type HttpMethod, type HttpResponse } from './http';

export type ApiService = 'Klaviyo' | 'Sitoo';

/** Statuses worth another try (docs/reference/klaviyo-api.md §4: "Retryable: 429, 500, 502, 503, 504, 524"). */
export const RETRYABLE_STATUSES: readonly number[] = [429, 500, 502, 503, 504, 524];

/** One problem the API reported: a JSON:API `errors[]` entry, or Sitoo's single error. */
export interface ApiProblem {
	status?: number;
	code?: string;
	title?: string;
	detail?: string;
	/** JSON pointer of the failing field in the request body (`source.pointer`). */
	pointer?: string;
	/** Query parameter that failed (`source.parameter`, or named in Sitoo's `errortext`). */
	parameter?: string;
	meta?: Record<string, unknown>;
}

export interface RequestSummary {
	method: HttpMethod;
	/** Path only: the query can hold customers' emails and is left out of messages. */
	path: string;
}

/** Base of everything the transport throws, so a shell can catch one type. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly service: ApiService,
		/** Requests sent, retries included. */
		readonly attempts: number,
		readonly request: RequestSummary | undefined,
		/** What to do about it, for n8n's error description. */
		readonly hint: string | undefined,
		options?: { cause?: unknown },
	) {
		super(message, options);
		this.name = new.target.name;
	}
}

/** The API answered with an error status. */
export class ApiError extends TransportError {
	readonly status: number;
	readonly code: string | undefined;
	readonly title: string | undefined;
	readonly detail: string | undefined;
	readonly pointer: string | undefined;
	readonly parameter: string | undefined;
	/** How long the API asked us to wait (Retry-After, or Klaviyo's "Expected available in N seconds"). */
	readonly retryAfterSeconds: number | undefined;
	/** Klaviyo 409 `duplicate_profile`: the profile that already holds the identifier (`meta.duplicate_profile_id`). */
	readonly duplicateProfileId: string | undefined;
	/** Every problem reported; the fields above describe the first. */
	readonly problems: ApiProblem[];
	/** The body as received (parsed JSON, HTML text, or undefined). */
	readonly body: unknown;
	readonly retryable: boolean;

	constructor(fields: {
		service: ApiService;
		status: number;
		problems: ApiProblem[];
		body: unknown;
		message: string;
		hint: string | undefined;
		attempts: number;
		request: RequestSummary | undefined;
		retryAfterSeconds: number | undefined;
	}) {
		super(fields.message, fields.service, fields.attempts, fields.request, fields.hint);
		const first = fields.problems[0];
		this.status = fields.status;
		this.code = first?.code;
		this.title = first?.title;
		this.detail = first?.detail;
		this.pointer = first?.pointer;
		this.parameter = first?.parameter;
		this.retryAfterSeconds = fields.retryAfterSeconds;
		const duplicate = fields.problems.find((p) => p.code === 'duplicate_profile')?.meta
			?.duplicate_profile_id;
		this.duplicateProfileId = typeof duplicate === 'string' ? duplicate : undefined;
		this.problems = fields.problems;
		this.body = fields.body;
		this.retryable = RETRYABLE_STATUSES.includes(fields.status);
	}
}

/** No answer came (connection reset, timeout, refused) after every attempt. */
export class NetworkError extends TransportError {
	constructor(
		service: ApiService,
		/** ECONNRESET, ETIMEDOUT, … */
		readonly code: string,
		attempts: number,
		request: RequestSummary | undefined,
		cause: unknown,
	) {
		super(
			`${service} could not be reached (${code})${context(undefined, undefined, request, attempts)}`,
			service,
			attempts,
			request,
			`The connection failed ${attempts} time(s) in a row. Check that ${service} is reachable from n8n and try again later.`,
			{ cause },
		);
	}
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Payload Too Large',
	415: 'Unsupported Media Type',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
	524: 'A Timeout Occurred',
};

/**
 * Reads an error answer of either API. Bodies are parsed defensively: JSON:API `errors[]`
 * (Klaviyo), `{statuscode, errortext}` (Sitoo, unconfirmed per docs/reference/sitoo-api.md §5), other JSON, JSON
 * left as text, HTML (Cloudflare's 403 challenge page, docs/reference/klaviyo-api.md §4) and empty bodies.
 */
export function apiErrorFromResponse(
	service: ApiService,
	response: HttpResponse,
	about: { request?: { method: HttpMethod; url: string }; attempts?: number; now?: number } = {},
): ApiError {
	const body = parseMaybeJson(response.body);
	const request = about.request
		? requestSummary(about.request.method, about.request.url)
		: undefined;
	const attempts = about.attempts ?? 1;
	const waitMs = retryAfterMs(response, about.now);
	const retryAfterSeconds = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);

	let problems = jsonApiProblems(body) ?? sitooProblems(body) ?? otherJsonProblems(body);
	if (!problems) {
		const note = typeof body === 'string' ? describeText(body, response) : undefined;
		problems = [
			{
				status: response.status,
				detail: note ?? STATUS_TEXT[response.status] ?? 'no details were given',
			},
		];
	}
	const html = typeof body === 'string' && looksLikeHtml(body);

	const phrases = problems.map((p) => {
		const text = p.detail || p.title || STATUS_TEXT[response.status] || 'no details were given';
		const where = p.pointer ?? (p.parameter !== undefined ? `parameter ${p.parameter}` : undefined);
		return where ? `${where}: ${text}` : text;
	});
	const lead =
		problems[0]?.pointer !== undefined || problems[0]?.parameter !== undefined
			? ''
			: 'the request: ';
	const message = `${service} ${verb(response.status)} ${lead}${phrases.join('; ')}${context(response.status, problems[0]?.code, request, attempts)}`;

	return new ApiError({
		service,
		status: response.status,
		problems,
		body: response.body,
		message,
		hint: hintFor(service, response.status, problems, attempts, html),
		attempts,
		request,
		retryAfterSeconds,
	});
}

/**
 * How long the answer asks us to wait, in ms: the `Retry-After` header (seconds or an HTTP-date,
 * which needs `now`), Sitoo's assumed `X-Rate-Limit-Reset` (epoch seconds, docs/reference/sitoo-api.md §5), then
 * Klaviyo's 429 detail "Expected available in N second(s)." (docs/reference/klaviyo-api.md §4: Klaviyo does not
 * always send the header). Undefined when the answer says nothing.
 */
export function retryAfterMs(response: HttpResponse, now?: number): number | undefined {
	const header = headerValue(response.headers, 'retry-after')?.trim();
	if (header) {
		if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000;
		const date = Date.parse(header);
		if (!Number.isNaN(date) && now !== undefined) return Math.max(0, date - now);
	}
	const reset = headerValue(response.headers, 'x-rate-limit-reset')?.trim();
	if (reset && /^\d+$/.test(reset) && now !== undefined) {
		const value = Number(reset);
		// Large values are epoch seconds; small ones can only be a delay in seconds.
		return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : value * 1000;
	}
	const body = parseMaybeJson(response.body);
	const texts: string[] = [];
	if (typeof body === 'string') texts.push(body);
	for (const problem of jsonApiProblems(body) ?? []) if (problem.detail) texts.push(problem.detail);
	for (const text of texts) {
		const match = /expected available in (\d+(?:\.\d+)?) seconds?/i.exec(text);
		if (match) return Number(match[1]) * 1000;
	}
	return undefined;
}

function verb(status: number): string {
	if (status === 429) return 'throttled';
	if (status === 401 || status === 403) return 'refused';
	if (status >= 500) return 'failed on';
	return 'rejected';
}

function context(
	status: number | undefined,
	code: string | undefined,
	request: RequestSummary | undefined,
	attempts: number,
): string {
	const parts: string[] = [];
	if (status !== undefined) parts.push(code ? `HTTP ${status} ${code}` : `HTTP ${status}`);
	if (request) parts.push(`${request.method} ${request.path}`);
	if (attempts > 1) parts.push(`after ${attempts} attempts`);
	return parts.length ? ` (${parts.join(', ')})` : '';
}

function hintFor(
	service: ApiService,
	status: number,
	problems: ApiProblem[],
	attempts: number,
	html: boolean,
): string | undefined {
	const first = problems[0];
	if (html && status === 403) {
		return `${service}'s firewall (Cloudflare) answered with a challenge page instead of the API. This happens from some cloud networks; try again later or from another network, or ask ${service} support to allow n8n's address.`;
	}
	if (status === 429) {
		return `${service}'s rate limit was still exceeded after ${attempts} attempt(s). Other workflows using the same account share its quota; lower the batch size or run later.`;
	}
	if (status >= 500)
		return `${service} kept failing after ${attempts} attempt(s). Try again later.`;
	if (service === 'Klaviyo') {
		if (status === 401) return 'Check the private API key (pk_…) in the Klaviyo credential.';
		if (status === 403)
			return 'The Klaviyo API key lacks a scope this operation needs; add it to the key in Klaviyo (Settings → API keys).';
		if (first?.code === 'duplicate_profile') {
			const id = first.meta?.duplicate_profile_id;
			return `Another Klaviyo profile${typeof id === 'string' ? ` (${id})` : ''} already holds one of these identifiers, usually the phone number. Update that profile, or send without the conflicting identifier.`;
		}
		if (first?.pointer)
			return `Fix the value at ${first.pointer} in the input item; the other items are not affected.`;
		return undefined;
	}
	if (status === 401)
		return "Check the API id and password in the Sitoo credential, and that n8n's outgoing address is on the account's IP allow-list (docs/reference/sitoo-api.md §1).";
	if (status === 404)
		return 'Check the base URL, account id and site id (eshopid) in the Sitoo credential.';
	if (first?.parameter) return `Check the value given for ${first.parameter}.`;
	return undefined;
}

/** Method and path of a request, for messages. */
export function requestSummary(method: HttpMethod, url: string): RequestSummary {
	const withoutQuery = url.split(/[?#]/)[0] ?? url;
	const path = withoutQuery.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '') || '/';
	return { method, path };
}

function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return body;
	try {
		return JSON.parse(trimmed) as unknown;
	} catch {
		return body;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

/** Klaviyo's JSON:API `errors[]`: code, title, detail, `source.pointer` or `source.parameter`, meta. */
function jsonApiProblems(body: unknown): ApiProblem[] | undefined {
	if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
	return body.errors.filter(isRecord).map((entry) => {
		const problem: ApiProblem = {};
		const status = Number(entry.status);
		if (Number.isInteger(status) && status > 0) problem.status = status;
		problem.code = text(entry.code);
		problem.title = text(entry.title);
		problem.detail = text(entry.detail);
		if (isRecord(entry.source)) {
			problem.pointer = text(entry.source.pointer);
			problem.parameter = text(entry.source.parameter);
		}
		if (isRecord(entry.meta)) problem.meta = entry.meta;
		return dropUndefined(problem);
	});
}

/** Sitoo's `{statuscode, errortext}`; the failing parameter is named inside the text, when at all. */
function sitooProblems(body: unknown): ApiProblem[] | undefined {
	if (!isRecord(body) || text(body.errortext) === undefined) return undefined;
	const detail = text(body.errortext) as string;
	const parameter = /\bparameter ([\w[\]]+)/i.exec(detail)?.[1];
	const status = Number(body.statuscode);
	return [
		dropUndefined({ status: Number.isInteger(status) ? status : undefined, detail, parameter }),
	];
}

/** Any other JSON error: `{message}`, `{error: "…"}` or `{error: {message}}`. */
function otherJsonProblems(body: unknown): ApiProblem[] | undefined {
	if (!isRecord(body)) return undefined;
	const nested = isRecord(body.error) ? text(body.error.message) : text(body.error);
	const detail = text(body.message) ?? nested ?? text(body.detail);
	if (detail !== undefined) return [{ detail }];
	const raw = JSON.stringify(body);
	return raw === '{}'
		? undefined
		: [{ detail: `unexpected answer ${raw.length > 300 ? `${raw.slice(0, 300)}…` : raw}` }];
}

function looksLikeHtml(body: string): boolean {
	return /^\s*(<!doctype html|<html|<head|<body)/i.test(body);
}

/** HTML pages (Cloudflare) and plain text, summarised: a whole page is no message. */
function describeText(body: string, response: HttpResponse): string | undefined {
	const trimmed = body.trim();
	if (trimmed === '') return undefined;
	if (looksLikeHtml(trimmed)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
		const mitigated = headerValue(response.headers, 'cf-mitigated');
		const from = mitigated ? `Cloudflare (cf-mitigated: ${mitigated})` : 'a proxy or firewall';
		return `an HTML page${title ? ` "${title}"` : ''} came back from ${from} instead of the API's JSON`;
	}
	return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

function dropUndefined<T extends object>(value: T): T {
	for (const key of Object.keys(value) as (keyof T)[])
		if (value[key] === undefined) delete value[key];
	return value;
}
