/**
 * The one retry policy (docs/design.md invariant 8): 429, 5xx gateway errors and lost connections are tried
 * again after the wait the API announced, or after a jittered exponential backoff; every other 4xx
 * is final, because sending the same invalid body again cannot succeed.
 */
import {
	apiErrorFromResponse,
	NetworkError,
	requestSummary,
	RETRYABLE_STATUSES,
	retryAfterMs,
	type ApiError,
	type ApiService,
} from './errors';
import {
	networkErrorCode,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Random,
	type SendRequest,
	type Sleep,
} from './http';

export interface RetryPolicy {
	/** Requests sent in all, the first one included. */
	maxAttempts: number;
	/** Backoff before the first retry, before jitter. */
	baseDelayMs: number;
	/** Each further retry waits this many times longer. */
	factor: number;
	/** Backoff never exceeds this. */
	maxDelayMs: number;
	/** Share of the backoff taken off at random (0 = none, 0.5 = anywhere between half and all of it). */
	jitter: number;
	/**
	 * An announced wait longer than this is not slept through: the error is thrown at once, with
	 * `retryAfterSeconds`, so an execution is not held for an hour by a long Retry-After.
	 */
	maxRetryAfterMs: number;
	retryStatuses: readonly number[];
}

/**
 * Klaviyo's own SDK retries 429/503/504/524 with base 0.5 s, ×1.5, cap 60 s, 3 tries (docs/reference/klaviyo-api.md
 * §1); we retry the full retryable list of §4 and a little longer, since a lost event costs more to
 * a sync than a slow one. Klaviyo's longest window is one minute, so no honest wait exceeds 60 s.
 */
export const KLAVIYO_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 500,
	factor: 2,
	maxDelayMs: 60_000,
	jitter: 0.5,
	maxRetryAfterMs: 60_000,
	retryStatuses: RETRYABLE_STATUSES,
};

/** Sitoo's limits are undocumented; a public connector backs off 5 s up to 120 s (docs/reference/sitoo-api.md §5 "Rate limits", R6). */
export const SITOO_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 1_000,
	factor: 2,
	maxDelayMs: 120_000,
	jitter: 0.5,
	maxRetryAfterMs: 120_000,
	retryStatuses: RETRYABLE_STATUSES,
};

export interface RetryNotice {
	/** The attempt that failed (1 = the first request). */
	attempt: number;
	delayMs: number;
	/** Whether the wait came from the API (Retry-After or Klaviyo's 429 detail) or from our backoff. */
	waitFrom: 'api' | 'backoff';
	/** The error the failed attempt would have thrown. */
	error: ApiError | NetworkError;
}

export interface RetryOptions {
	service: ApiService;
	policy: RetryPolicy;
	sleep: Sleep;
	/** Jitter source, [0, 1). */
	random: Random;
	/** Needed to read a Retry-After given as an HTTP-date. */
	clock: Clock;
	/** Told before each wait, e.g. to log "throttled, retrying in 3 s". */
	onRetry?: (notice: RetryNotice) => void;
}

/**
 * Backoff before retry number `retry` (1 = first retry): base × factor^(retry−1), capped, then
 * reduced by up to `jitter` of itself so parallel workers do not retry in step.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: Random): number {
	const exponential = Math.min(
		policy.maxDelayMs,
		policy.baseDelayMs * Math.pow(policy.factor, retry - 1),
	);
	return exponential * (1 - policy.jitter * random());
}

/**
 * Sends `request` until it succeeds (status < 400) or the policy gives up. Resolves with the
 * successful response; rejects with `ApiError` (the API's own message, pointer and the attempt count)
 * or `NetworkError`. A rejection of `send` without a network code is not ours to retry and is
 * rethrown unchanged.
 */
export async function sendWithRetry(
	send: SendRequest,
	request: HttpRequest,
	options: RetryOptions,
): Promise<HttpResponse> {
	const { policy, service } = options;
	const waitOrGiveUp = async (
		failure: ApiError | NetworkError,
		attempt: number,
		announcedMs: number | undefined,
	) => {
		if (attempt >= policy.maxAttempts) throw failure;
		if (announcedMs !== undefined && announcedMs > policy.maxRetryAfterMs) throw failure;
		const delayMs = announcedMs ?? backoffDelayMs(policy, attempt, options.random);
		options.onRetry?.({
			attempt,
			delayMs,
			waitFrom: announcedMs !== undefined ? 'api' : 'backoff',
			error: failure,
		});
		await options.sleep(delayMs);
	};
	for (let attempt = 1; ; attempt++) {
		const sent = await send(request).then(
			(response: HttpResponse) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in sent) {
			const { error } = sent;
			const code = networkErrorCode(error);
			if (code === undefined) throw error;
			await waitOrGiveUp(
				new NetworkError(
					service,
					code,
					attempt,
					requestSummary(request.method, request.url),
					error,
				),
				attempt,
				undefined,
			);
			continue;
		}
		const { response } = sent;
		if (response.status < 400) return response;
		const now = options.clock.now();
		const failure = apiErrorFromResponse(service, response, { request, attempts: attempt, now });
		if (!policy.retryStatuses.includes(response.status)) throw failure;
		await waitOrGiveUp(failure, attempt, retryAfterMs(response, now));
	}
}

/** `send` with the policy built in, for code that takes a `SendRequest` (paging, pacing). */
export function retrying(send: SendRequest, options: RetryOptions): SendRequest {
	return (request) => sendWithRetry(send, request, options);
}
