import { randomUUID } from 'node:crypto';
import type { SimResponse } from '../shared/http';

/** One entry of Klaviyo's JSON:API `errors[]` (docs/reference/klaviyo-api.md §4 "Error body"). */
export interface KlaviyoError {
	id: string;
	status: number;
	code: string;
	title: string;
	detail: string;
	source?: { pointer: string } | { parameter: string };
	links: Record<string, string>;
	meta: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
	400: 'Invalid input.',
	401: 'Authentication credentials were not provided.',
	403: 'You do not have permission to perform this action.',
	404: 'Not found.',
	405: 'Method not allowed.',
	409: 'Conflict.',
	413: 'Request entity too large.',
	415: 'Unsupported media type.',
	429: 'Request was throttled.',
	500: 'A server error occurred.',
};

export function klaviyoError(
	status: number,
	code: string,
	detail: string,
	extra: {
		pointer?: string;
		parameter?: string;
		title?: string;
		meta?: Record<string, unknown>;
	} = {},
): KlaviyoError {
	const error: KlaviyoError = {
		id: randomUUID(),
		status,
		code,
		title: extra.title ?? TITLES[status] ?? 'Error.',
		detail,
		links: {},
		meta: extra.meta ?? {},
	};
	if (extra.pointer !== undefined) error.source = { pointer: extra.pointer };
	else if (extra.parameter !== undefined) error.source = { parameter: extra.parameter };
	return error;
}

export function errorResponse(
	errors: KlaviyoError[],
	headers?: Record<string, string>,
): SimResponse {
	return {
		status: errors[0]?.status ?? 500,
		body: { errors },
		headers,
		contentType: 'application/vnd.api+json',
	};
}

export function invalid(detail: string, pointer?: string): KlaviyoError {
	return klaviyoError(400, 'invalid', detail, { pointer });
}

export function invalidParameter(parameter: string, detail: string): KlaviyoError {
	return klaviyoError(400, 'invalid', detail, { parameter });
}

export function throttled(retryAfterSeconds: number): SimResponse {
	const unit = retryAfterSeconds === 1 ? 'second' : 'seconds';
	return errorResponse(
		[
			{
				...klaviyoError(
					429,
					'throttled',
					`Request was throttled. Expected available in ${retryAfterSeconds} ${unit}.`,
					{
						pointer: '/data',
					},
				),
				links: {
					type: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits',
				},
			},
		],
		{ 'retry-after': String(retryAfterSeconds) },
	);
}
