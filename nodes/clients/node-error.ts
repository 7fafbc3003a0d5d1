import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ApiError, TransportError } from '../core/transport/errors';

/**
 * Turns what the transport threw into the error n8n shows: the API's own message and the failing
 * field (Klaviyo's `source.pointer`), never a bare "Request failed with status code 400".
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): Error {
	if (error instanceof ApiError) {
		const body =
			typeof error.body === 'object' && error.body !== null
				? (error.body as JsonObject)
				: { message: String(error.body ?? '') };
		return new NodeApiError(node, body, {
			message: error.message,
			description: error.hint,
			httpCode: String(error.status),
			itemIndex,
		});
	}
	if (error instanceof TransportError)
		return new NodeOperationError(node, error.message, { description: error.hint, itemIndex });
	if (error instanceof Error) return new NodeOperationError(node, error, { itemIndex });
	return new NodeOperationError(node, String(error), { itemIndex });
}
