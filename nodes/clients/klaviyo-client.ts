import {
	sleep,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';
import { fromN8nHttpRequest, type HttpResponse, type SendRequest } from '../core/transport/http';
import {
	KLAVIYO_BASE_URL,
	KLAVIYO_REVISION,
	klaviyoRequest,
	pacedForKlaviyo,
	type KlaviyoRequestInput,
} from '../core/transport/klaviyo';
import { deadlineAt } from '../core/transport/deadline';
import { Pacers } from '../core/transport/pacer';
import { KLAVIYO_RETRY_POLICY, retrying } from '../core/transport/retry';

export const KLAVIYO_CREDENTIAL = 'klaviyoApi';

const clock = { now: () => Date.now() };

/** A 6-character value is the public site key; the /api endpoints need a private pk_ key (docs/reference/klaviyo-api.md §1). */
export function publicKeyProblem(apiKey: string): string | undefined {
	const key = apiKey.trim();
	if (/^[A-Za-z0-9]{6}$/.test(key)) {
		return 'This is Klaviyo\'s 6-character public site key. Create a private API key (it starts with "pk_") in Klaviyo → Settings → API keys and use that.';
	}
	return undefined;
}

export interface KlaviyoClient {
	send: SendRequest;
	request(input: Omit<KlaviyoRequestInput, 'baseUrl' | 'revision'>): Promise<HttpResponse>;
	baseUrl: string;
	revision: string;
}

/**
 * One client per execution: paced per endpoint so sustained load stays under Klaviyo's tiers, with
 * retries outside the pacer so every attempt is paced too. Nothing is kept between executions.
 */
export async function klaviyoClient(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	/** When set, no request, retry or wait of this client goes past this moment (ms since the epoch). */
	deadline?: number,
): Promise<KlaviyoClient> {
	const credentials = await context.getCredentials(KLAVIYO_CREDENTIAL);
	const problem = publicKeyProblem(String(credentials.apiKey ?? ''));
	if (problem) throw new Error(problem);
	const baseUrl = String(credentials.baseUrl || KLAVIYO_BASE_URL);
	const revision = String(credentials.revision || KLAVIYO_REVISION);
	// A wait past the deadline is not slept through: the node gives up now, saying so.
	const budget =
		deadline === undefined
			? undefined
			: deadlineAt(deadline, {
					sleep,
					clock,
					outOfTime: () =>
						new Error(
							'Klaviyo did not answer in the time this node may take (Give Up After); try again in a moment',
						),
				});
	const raw = fromN8nHttpRequest((options) =>
		context.helpers.httpRequestWithAuthentication.call(context, KLAVIYO_CREDENTIAL, {
			...options,
			...(budget ? { timeout: budget.timeLeft() } : {}),
		} as IHttpRequestOptions),
	);
	const waitOrGiveUp = budget?.wait ?? sleep;
	const send = retrying(pacedForKlaviyo(raw, new Pacers(clock, waitOrGiveUp)), {
		service: 'Klaviyo',
		policy: KLAVIYO_RETRY_POLICY,
		sleep: waitOrGiveUp,
		random: Math.random,
		clock,
	});
	return {
		send,
		baseUrl,
		revision,
		request: (input) => send(klaviyoRequest({ ...input, baseUrl, revision })),
	};
}
