import {
	sleep,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';
import { fromN8nHttpRequest, type SendRequest } from '../core/transport/http';
import { SITOO_RETRY_POLICY, retrying } from '../core/transport/retry';
import { SITOO_BASE_URL, type SitooAccount } from '../core/transport/sitoo';

export const SITOO_CREDENTIAL = 'sitooApi';

const clock = { now: () => Date.now() };

export interface SitooClient {
	send: SendRequest;
	account: SitooAccount;
	/** The credential's default site (eshopid). */
	siteId: number;
}

/** Sitoo requests with Basic auth from the credential, retried on 429, 5xx and dropped connections. */
export async function sitooClient(
	context: IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions,
): Promise<SitooClient> {
	const credentials = await context.getCredentials(SITOO_CREDENTIAL);
	const raw = fromN8nHttpRequest((options) =>
		context.helpers.httpRequestWithAuthentication.call(
			context,
			SITOO_CREDENTIAL,
			options as IHttpRequestOptions,
		),
	);
	const send = retrying(raw, {
		service: 'Sitoo',
		policy: SITOO_RETRY_POLICY,
		sleep,
		random: Math.random,
		clock,
	});
	return {
		send,
		account: {
			baseUrl: String(credentials.baseUrl || SITOO_BASE_URL),
			accountId: String(credentials.accountId),
		},
		siteId: Number(credentials.siteId ?? 1),
	};
}
