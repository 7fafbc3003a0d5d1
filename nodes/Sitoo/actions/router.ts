import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { toNodeError } from '../../transport/errors';
import { sitooClient, type SitooClient } from '../../transport/sitoo';
import * as order from './order';

type Operation = (this: IExecuteFunctions, client: SitooClient, itemIndex: number, siteId: number) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	order: { get: order.get.execute, getMany: order.getMany.execute },
};

/** Runs the chosen operation once per item; with "Continue On Fail" a bad item becomes an error item and the rest go on. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	let client: SitooClient;
	try {
		client = await sitooClient(this);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	const results: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const siteId = (this.getNodeParameter('siteId', i, 0) as number) || client.siteId;
		const run = operations[resource]?.[operation];
		try {
			if (!run) throw new Error(`The operation "${operation}" on "${resource}" is not supported`);
			results.push(...(await run.call(this, client, i, siteId)));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			results.push({ json: { error: nodeError.message }, pairedItem: { item: i } });
		}
	}
	return [results];
}
