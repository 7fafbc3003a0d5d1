/**
 * The Sitoo Trigger's hand-off across publishing, run in-process against the Sitoo simulator with
 * n8n's rules for static data: the poll works on the workflow's static data in memory, and n8n
 * stores it only when a poll hands something on (`__emit`) or the workflow is published. A poll
 * that hands nothing on after a successful run must not make the next publish send that run's
 * batch again.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
import { SitooTrigger } from '../../../nodes/SitooTrigger/SitooTrigger.node';
import type { RunningServer } from '../../simulators/shared/http';
import { createOrder } from '../../simulators/sitoo/admin';
import { authenticatedHttp, sitooCredential, sitooSimulatorForTests } from './fake-context';

interface Deferred {
	promise: Promise<IRun | undefined>;
	resolve: (run: IRun | undefined) => void;
}

/** n8n's deferred promise: how a poll trigger hears that the run it started has ended. */
function createDeferredPromise(): Deferred {
	let resolve: Deferred['resolve'] = () => undefined;
	const promise = new Promise<IRun | undefined>((r) => (resolve = r));
	return { promise, resolve };
}

interface Emitted {
	orders: IDataObject[];
	done: Deferred;
}

/** One published workflow with a Sitoo Trigger, as n8n keeps and stores its static data. */
class PublishedTrigger {
	/** What n8n has stored in the database. */
	stored: IDataObject = {};
	/** The static data of the active workflow in memory. */
	private live: IDataObject = {};
	readonly emitted: Emitted[] = [];
	private readonly trigger = new SitooTrigger();
	private readonly parameters = {
		events: ['sale', 'refund'],
		startFrom: 'now',
		output: 'normalized',
		options: {},
	};

	constructor(private readonly server: RunningServer) {}

	/** Publishing loads the stored static data, polls once, and stores the static data. */
	async publish(): Promise<void> {
		this.live = structuredClone(this.stored);
		await this.poll();
		this.store();
	}

	/** A scheduled poll: n8n stores the static data only when it hands something on. */
	async poll(): Promise<void> {
		const returned = await this.trigger.poll.call(this.context());
		if (returned !== null) this.emit(returned, createDeferredPromise());
	}

	private store() {
		this.stored = structuredClone(this.live);
	}

	private emit(data: INodeExecutionData[][], done: Deferred) {
		this.store();
		this.emitted.push({ orders: (data[0] ?? []).map((item) => item.json), done });
	}

	private context(): IPollFunctions {
		const { parameters, server } = this;
		return {
			getMode: () => 'trigger',
			getNode: () => ({ id: 't', name: 'Sitoo Trigger', typeVersion: 1.1, parameters }),
			getNodeParameter: (name: string, fallback?: unknown) =>
				(parameters as Record<string, unknown>)[name] ?? fallback,
			getCredentials: async () => sitooCredential(server),
			getWorkflowStaticData: () => this.live,
			helpers: {
				httpRequestWithAuthentication: authenticatedHttp(),
				createDeferredPromise,
			},
			__emit: (data: INodeExecutionData[][], _response: unknown, done: Deferred) =>
				this.emit(data, done),
		} as unknown as IPollFunctions;
	}
}

const succeeded = { status: 'success', data: { resultData: { runData: {} } } } as unknown as IRun;

describe('the Sitoo Trigger: a batch whose run succeeded is not handed on again', () => {
	const sitoo = sitooSimulatorForTests(5, 20);

	const sale = () =>
		createOrder(sitoo.sim.factory, sitoo.sim.now(), {
			kind: 'sale',
			customer: 'member',
			storeId: 1,
		})[0]!;
	const orderIds = (emitted: Emitted | undefined) =>
		(emitted?.orders ?? []).map((order) => (order.ids as { orderId: number }).orderId);

	it('after a poll that handed nothing on, publishing again starts after the batch', async () => {
		const workflow = new PublishedTrigger(sitoo.server);
		await workflow.publish();
		// The first poll records where the sync starts with one empty run.
		expect(workflow.emitted.map((e) => e.orders)).toEqual([[]]);

		const first = sale();
		await workflow.poll();
		expect(orderIds(workflow.emitted[1])).toEqual([first.orderid]);
		// While the batch's run goes on, polls wait for it.
		await workflow.poll();
		expect(workflow.emitted).toHaveLength(2);
		workflow.emitted[1]!.done.resolve(succeeded);
		await workflow.emitted[1]!.done.promise;

		// Nothing new: the bookmark moves past the batch in memory, and n8n does not store it.
		await workflow.poll();
		expect(workflow.emitted).toHaveLength(2);

		// Publishing again (saving the workflow, switching it off and on) starts from what is stored.
		await workflow.publish();
		await workflow.poll();
		expect(workflow.emitted).toHaveLength(2);

		const second = sale();
		await workflow.poll();
		expect(orderIds(workflow.emitted[2])).toEqual([second.orderid]);
		expect(workflow.emitted[2]!.orders[0]).not.toHaveProperty('resentAfterRestart');
	});

	it('still hands the batch on again when its run failed', async () => {
		const workflow = new PublishedTrigger(sitoo.server);
		await workflow.publish();
		const order = sale();
		await workflow.poll();
		workflow.emitted[1]!.done.resolve({
			...succeeded,
			status: 'error',
		} as IRun);
		await workflow.emitted[1]!.done.promise;
		await workflow.publish();
		expect(orderIds(workflow.emitted[2])).toEqual([order.orderid]);
		expect(workflow.emitted[2]!.orders[0]).toMatchObject({ resentAfterFailedRun: true });
	});
});
