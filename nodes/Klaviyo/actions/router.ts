import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { FifoLanes } from '../../core/ordering/fifo-lanes';
import { toNodeError } from '../../transport/errors';
import { klaviyoClient, type KlaviyoClient } from '../../transport/klaviyo';
import * as consent from './consent';
import * as event from './event';
import * as metric from './metric';
import * as order from './order';
import * as profile from './profile';
import type { BatchOperation, ItemOperation, OperationOutput } from './shared';

/** One lane per workflow for live order tracking (module memory: per n8n process). */
const orderLanes = new FifoLanes();

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
	const sendItems = async () => {
		for (let i = 0; i < items.length; i++) {
			try {
				if (!run) throw new Error(`The operation "${operation}" on "${resource}" is not supported`);
				const result = await run.call(this, client, i);
				if (Array.isArray(result)) collect({ main: result });
				else if ('json' in result) collect({ main: [result as INodeExecutionData] });
				else collect(result as OperationOutput);
			} catch (error) {
				const nodeError = error instanceof NodeApiError || error instanceof NodeOperationError ? error : toNodeError(this.getNode(), error, i);
				if (!this.continueOnFail()) throw nodeError;
				main.push({ json: { error: nodeError.message }, pairedItem: { item: i } });
			}
		}
	};
	// Live order tracking waits for earlier runs of this workflow in this n8n process to finish
	// sending, so a refund never overtakes its sale from an earlier, slower batch (invariant 2).
	if (resource === 'order') await orderLanes.run(this.getWorkflow().id ?? 'unsaved', sendItems);
	else await sendItems();
	return [main, unattributed];
}
