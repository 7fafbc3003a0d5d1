/**
 * Running an operation item by item, and the one way a failure becomes n8n's error: with "Continue On
 * Fail" a bad item becomes an error item and the rest go on (docs/design.md invariant 7).
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { EventInputError } from '../../core/klaviyo/event-request';
import { toNodeError } from '../../clients/node-error';
import type { KlaviyoClient } from '../../clients/klaviyo-client';
import type { ItemOperation, Operation, OperationOutput } from '../actions/shared';

/** What n8n shows for a failed item: errors already made for n8n as they are, the core's field errors and the transport's as node errors. */
export function nodeErrorOf(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError | Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof EventInputError)
		return new NodeOperationError(context.getNode(), error.message, { itemIndex });
	return toNodeError(context.getNode(), error, itemIndex);
}

/**
 * The error with the order it was sending, for the error workflow: n8n passes the error's `context`
 * on to it, so the exception ledger can say which sale failed without opening the execution.
 */
export function withOrder<E extends Error>(error: E, about: IDataObject): E {
	const context = (error as { context?: Record<string, unknown> }).context;
	if (context !== undefined) {
		context.orderId = String(about.orderId);
		if (about.receiptId !== null && about.receiptId !== undefined)
			context.receiptId = String(about.receiptId);
	}
	return error;
}

/** The item that stands for a failure under "Continue On Fail". */
export function errorItem(itemIndex: number, error: Error): INodeExecutionData {
	return { json: { error: error.message }, pairedItem: { item: itemIndex } };
}

/** One item through `run`; throws the node error unless "Continue On Fail" is on. */
export async function runItem(
	context: IExecuteFunctions,
	run: ItemOperation,
	client: KlaviyoClient,
	itemIndex: number,
): Promise<OperationOutput> {
	try {
		return await run.call(context, client, itemIndex);
	} catch (error) {
		const nodeError = nodeErrorOf(context, error, itemIndex);
		if (!context.continueOnFail()) throw nodeError;
		return { main: [errorItem(itemIndex, nodeError)] };
	}
}

/** An operation on all items that runs `run` on each in turn, in item order. */
export function eachItem(run: ItemOperation): Operation {
	return async function (
		this: IExecuteFunctions,
		client: KlaviyoClient,
		itemIndices: number[],
	): Promise<OperationOutput> {
		const output: OperationOutput = { main: [], unattributed: [] };
		for (const itemIndex of itemIndices)
			collect(output, await runItem(this, run, client, itemIndex));
		return output;
	};
}

/** Adds one item's results to the run's, keeping item order on both outputs. */
export function collect(into: OperationOutput, output: OperationOutput): void {
	into.main.push(...output.main);
	(into.unattributed ??= []).push(...(output.unattributed ?? []));
}
