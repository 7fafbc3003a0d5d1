import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Answers Sitoo's Events batch with 200 once the workflow has sent its orders (the Sitoo Events
 * Trigger's "Answer Sitoo" contract, docs/design.md "Where state lives"). It must run last: anything
 * that fails before it leaves Sitoo without a 200, so Sitoo sends the batch again.
 */
export class SitooEventsConfirm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Confirm Sitoo Events',
		name: 'sitooEventsConfirm',
		icon: { light: 'file:sitoo.svg', dark: 'file:sitoo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Tell Sitoo the batch is done',
		description: 'Tells Sitoo that the batch of events the workflow started with has been handled',
		defaults: { name: 'Confirm Sitoo Events' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName:
					'Place this node last, after the nodes that send the orders. Sitoo counts the batch as delivered only when this node runs; if anything before it fails, Sitoo sends the batch again (nothing is sent twice to Klaviyo). Used with the Sitoo Events Trigger set to answer "When Confirm Sitoo Events Runs".',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// n8n hands this to the trigger's open request, in this process or, in queue mode, from the
		// worker. Only a body of bytes gets its status code set on that request (a JSON body would
		// leave the trigger's 503 in place), so the answer goes as bytes.
		await this.sendResponse({
			statusCode: 200,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: Buffer.from(JSON.stringify({ message: 'Events handled' })),
		});
		return [this.getInputData()];
	}
}
