import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { siteIdOrDefault } from '../../core/sitoo';
import { toNodeError } from '../../clients/node-error';
import { sitooClient } from '../../clients/sitoo-client';
import * as customer from './customer';
import * as order from './order';
import * as product from './product';
import { SitooSession, type SitooOperation } from './shared';
import * as store from './store';
import * as warehouse from './warehouse';

const operations: Record<string, Record<string, SitooOperation>> = {
	customer: { get: customer.get.execute, getMany: customer.getMany.execute },
	order: {
		get: order.get.execute,
		getMany: order.getMany.execute,
		getRefunds: order.getRefunds.execute,
	},
	product: { get: product.get.execute },
	store: { getMany: store.getMany.execute },
	warehouse: { getMany: warehouse.getMany.execute },
};

/** Runs the chosen operation once per item; with "Continue On Fail" a bad item becomes an error item and the rest go on. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	let session: SitooSession;
	try {
		session = new SitooSession(await sitooClient(this));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	const results: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const run = operations[resource]?.[operation];
			if (!run) throw new Error(`The operation "${operation}" on "${resource}" is not supported`);
			results.push(
				...(await run.call(
					this,
					session,
					i,
					siteIdOrDefault(
						this.getNodeParameter('siteId', i, '', { extractValue: true }),
						session.client.siteId,
					),
				)),
			);
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			results.push({ json: { error: nodeError.message }, pairedItem: { item: i } });
		}
	}
	return [results];
}
