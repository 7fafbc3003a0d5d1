import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { toNodeError } from '../../transport/errors';
import { klaviyoClient } from '../../transport/klaviyo';
import * as event from './event';

type Operation = (this: IExecuteFunctions, client: Awaited<ReturnType<typeof klaviyoClient>>, itemIndex: number) => Promise<INodeExecutionData>;

const operations: Record<string, Record<string, Operation>> = {
	event: { create: event.create.execute },
};

/** Runs the chosen operation once per item; with "Continue On Fail" a bad item becomes an error item and the rest go on. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	let client: Awaited<ReturnType<typeof klaviyoClient>>;
	try {
		client = await klaviyoClient(this);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	const results: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		const run = operations[resource]?.[operation];
		try {
			if (!run) throw new Error(`The operation "${operation}" on "${resource}" is not supported`);
			results.push(await run.call(this, client, i));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			results.push({ json: { error: nodeError.message }, pairedItem: { item: i } });
		}
	}
	return [results];
}
