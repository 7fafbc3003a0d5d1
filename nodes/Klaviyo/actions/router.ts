import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { concurrencyLimit } from '../../core/ordering/concurrency-limit';
import { customerLaneKey } from '../../core/ordering/customer-lane';
import { FifoLanes } from '../../core/ordering/fifo-lanes';
import { toNodeError } from '../../transport/errors';
import { klaviyoClient, type KlaviyoClient } from '../../transport/klaviyo';
import * as consent from './consent';
import * as event from './event';
import * as metric from './metric';
import * as order from './order';
import * as profile from './profile';
import type { BatchOperation, ItemOperation, OperationOutput } from './shared';

/** One lane per workflow and customer for live order tracking (module memory: per n8n process). */
const orderLanes = new FifoLanes();
/** Orders of different customers sent at once by one node; Klaviyo's limits are kept by the pacer. */
const ORDER_SENDS_AT_ONCE = 8;

/** The item's customer, from the normalized order or the mapped fields. */
function orderLaneKey(context: IExecuteFunctions, itemIndex: number): string {
	const fromOrder = customerLaneKey(context.getInputData()[itemIndex]?.json);
	if (fromOrder) return fromOrder;
	const fields = context.getNodeParameter('orderFields', itemIndex, {}) as IDataObject;
	return customerLaneKey({ customer: { email: fields.email, phone: fields.phone } }) ?? 'no customer';
}

const itemOperations: Record<string, Record<string, ItemOperation>> = {
	consent: { subscribe: consent.subscribe.execute, unsubscribe: consent.unsubscribe.execute, suppress: consent.suppress.execute },
	event: { create: event.create.execute, getMany: event.getMany.execute },
	metric: { getMany: metric.getMany.execute },
	order: { trackPlaced: order.trackPlaced.execute, trackRefunded: order.trackRefunded.execute, trackCancelled: order.trackCancelled.execute },
	profile: { createOrUpdate: profile.createOrUpdate.execute, get: profile.get.execute, getMany: profile.getMany.execute },
};

/** Operations that take all items at once, so they can be sent in bulk jobs. */
const batchOperations: Record<string, Record<string, BatchOperation>> = {
	event: { createMany: event.createMany.execute },
};

/**
 * Runs the chosen operation and sorts the results onto the two outputs: everything on the first,
 * items without a valid identifier on "Unattributed" (DESIGN invariant 4). With "Continue On Fail" a
 * bad item becomes an error item and the rest go on (invariant 7).
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const main: INodeExecutionData[] = [];
	const unattributed: INodeExecutionData[] = [];
	if (items.length === 0) return [main, unattributed];
	let client: KlaviyoClient;
	try {
		client = await klaviyoClient(this);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	const collect = (output: OperationOutput) => {
		main.push(...output.main);
		unattributed.push(...(output.unattributed ?? []));
	};
	// Resource and operation cannot be expressions, so the first item's are every item's.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const batch = batchOperations[resource]?.[operation] ?? (resource === 'order' && order.sendsOrdersInBulk(this, operation) ? order.trackOrdersInBulk(operation) : undefined);
	if (batch) {
		collect(await batch.call(this, client, items.map((_, i) => i)));
		return [main, unattributed];
	}
	const run = itemOperations[resource]?.[operation];
	const sendOne = async (i: number): Promise<OperationOutput> => {
		try {
			if (!run) throw new Error(`The operation "${operation}" on "${resource}" is not supported`);
			const result = await run.call(this, client, i);
			if (Array.isArray(result)) return { main: result };
			if ('json' in result) return { main: [result as INodeExecutionData] };
			return result as OperationOutput;
		} catch (error) {
			const nodeError = error instanceof NodeApiError || error instanceof NodeOperationError ? error : toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			return { main: [{ json: { error: nodeError.message }, pairedItem: { item: i } }] };
		}
	};
	if (resource !== 'order') {
		for (let i = 0; i < items.length; i++) collect(await sendOne(i));
		return [main, unattributed];
	}
	// Live order tracking: each customer's orders take that customer's lane in this workflow, so they
	// reach Klaviyo in till order even when a slow run overlaps the next one (a refund never overtakes
	// its sale, invariant 2); different customers go side by side. All lanes are taken now, in item
	// order, before any waiting, so a later run always queues behind this one.
	const workflowKey = this.getWorkflow().id ?? 'unsaved';
	const limit = concurrencyLimit(ORDER_SENDS_AT_ONCE);
	const outputs: Array<OperationOutput | undefined> = new Array<OperationOutput | undefined>(items.length);
	let failure: unknown;
	const laneKeys = items.map((_, i) => `${workflowKey}|${orderLaneKey(this, i)}`);
	const sends = laneKeys.map((laneKey, i) =>
		orderLanes
			.run(laneKey, () =>
				limit(async () => {
					// After a failure the rest of this run is not sent (the run fails; Klaviyo's fixed ids make a rerun safe).
					if (failure === undefined) outputs[i] = await sendOne(i);
				}),
			)
			.catch((error: unknown) => {
				failure ??= error;
			}),
	);
	await Promise.all(sends);
	if (failure !== undefined) throw failure;
	for (const output of outputs) if (output) collect(output);
	return [main, unattributed];
}
