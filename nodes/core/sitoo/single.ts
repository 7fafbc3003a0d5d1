/** Single-resource GETs (docs/reference/sitoo-api.md §5: they return the bare object, 404 when the id is unknown). */
import { ApiError } from '../transport/errors';
import type { SendRequest } from '../transport/http';
import { sitooRequest, type SitooAccount } from '../transport/sitoo';
import { ParameterError } from './parameters';

export interface SingleResource {
	path: string;
	/** The form field the id came from, named in the error when Sitoo does not know it. */
	parameter: string;
	value: string | number;
	siteId: number;
}

/** The resource, or a `ParameterError` naming the field when Sitoo answers 404; other errors pass unchanged. */
export async function sitooSingle(
	send: SendRequest,
	account: SitooAccount,
	resource: SingleResource,
): Promise<Record<string, unknown>> {
	const answer = await send(sitooRequest(account, resource.path)).then(
		(response) => ({ body: response.body as Record<string, unknown> }),
		(error: unknown) => ({ error }),
	);
	if ('body' in answer) return answer.body;
	const { error } = answer;
	if (error instanceof ApiError && error.status === 404) {
		const said = error.detail ? ` (Sitoo: ${error.detail})` : '';
		throw new ParameterError(
			resource.parameter,
			`Sitoo has nothing with ${resource.parameter} ${resource.value} on site ${resource.siteId}${said}. Check the value and the Site ID.`,
		);
	}
	throw error;
}
