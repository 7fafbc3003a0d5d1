import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { toNodeError } from '../../clients/node-error';
import { klaviyoClient, type KlaviyoClient } from '../../clients/klaviyo-client';
import { eachItem } from '../sending/items';
import * as consent from './consent';
import * as event from './event';
import * as metric from './metric';
import * as order from './order';
import * as profile from './profile';
import type { Operation } from './shared';

/** Every resource and operation, each run once for all items; how items are sent is the operation's (sending/). */
const operations = {
	consent: {
		subscribe: eachItem(consent.subscribe.execute),
		unsubscribe: eachItem(consent.unsubscribe.execute),
		suppress: eachItem(consent.suppress.execute),
	},
	event: {
		create: eachItem(event.create.execute),
		createMany: event.createMany.execute,
		getMany: eachItem(event.getMany.execute),
	},
	metric: { getMany: eachItem(metric.getMany.execute) },
	order: {
		trackPlaced: order.trackPlaced.execute,
		trackRefunded: order.trackRefunded.execute,
		trackCancelled: order.trackCancelled.execute,
	},
	profile: {
		createOrUpdate: eachItem(profile.createOrUpdate.execute),
		get: eachItem(profile.get.execute),
		getMany: eachItem(profile.getMany.execute),
	},
} satisfies Record<string, Record<string, Operation>>;

function operationFor(resource: string, operation: string): Operation {
	const byOperation: Record<string, Operation> | undefined = Object.hasOwn(operations, resource)
		? operations[resource as keyof typeof operations]
		: undefined;
	if (byOperation && Object.hasOwn(byOperation, operation)) return byOperation[operation]!;
	// Each item fails on its own, so "Continue On Fail" still gives one error item per input.
	return eachItem(async () => {
		throw new Error(`The operation "${operation}" on "${resource}" is not supported`);
	});
}

/**
 * Runs the chosen operation and puts its results on the two outputs: everything on the first,
 * items without a valid identifier on "Unattributed" (docs/design.md invariant 4).
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[], []];
	let client: KlaviyoClient;
	const giveUpAfter = Number(this.getNodeParameter('giveUpAfterSeconds', 0, 0)) || 0;
	try {
		client = await klaviyoClient(
			this,
			giveUpAfter > 0 ? Date.now() + giveUpAfter * 1000 : undefined,
		);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	// Resource and operation cannot be expressions, so the first item's are every item's.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const output = await operationFor(resource, operation).call(
		this,
		client,
		items.map((_, i) => i),
	);
	return [output.main, output.unattributed ?? []];
}
