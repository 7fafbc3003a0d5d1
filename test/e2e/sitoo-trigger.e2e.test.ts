import { pollNow, setPublished } from '../demo/templates';
import { N8nInstance, type Execution } from './harness/n8n-instance';
import { admin, startSimulators, type Simulators } from './harness/simulators';
import { waitFor } from './harness/wait';

const PACKAGE = 'n8n-nodes-sitoo-klaviyo';
const WORKFLOW_ID = 'sitooTrigger0001';
const TRIGGER = 'Sitoo Trigger';
const RECEIVED = 'Received';

interface SimOrder {
	orderid: number;
	orderstateid: number;
	paymentstateid: number;
	ordertypeid: number;
	moneytotal_gross_all: string;
	registerid: string | null;
	creditorderid: number | null;
	additionaldata: Record<string, string>;
}

interface Received {
	executionId: number;
	orderId: number;
	kind: string;
	originalOrderId?: number;
	sourceOrderId?: number;
	/** Handed on again by the first poll after a restart. */
	resent: boolean;
}

function workflow(sims: Simulators) {
	return {
		id: WORKFLOW_ID,
		name: 'Sitoo sales and refunds',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { [TRIGGER]: { main: [[{ node: RECEIVED, type: 'main', index: 0 }], []] } },
		nodes: [
			{
				id: 't1',
				name: TRIGGER,
				type: `${PACKAGE}.sitooTrigger`,
				typeVersion: 1,
				position: [0, 0],
				// Every minute is n8n's shortest poll (2.41 refuses sub-minute crons); the test makes
				// n8n poll at will by publishing again and by restarting, which both poll at once.
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					events: ['sale', 'refund'],
					startFrom: 'now',
					output: 'normalized',
					options: {},
				},
				credentials: {
					sitooApi: { id: sims.credentials.sitoo.id, name: sims.credentials.sitoo.name },
				},
			},
			{
				id: 't2',
				name: RECEIVED,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [260, 0],
				parameters: {},
			},
		],
	};
}

/** What Sitoo says is a completed sale or refund (docs/reference/sitoo-api.md §2.2): closed and paid, not a parked shell. */
function completedInSitoo(order: SimOrder): boolean {
	if (order.orderstateid !== 10 || order.ordertypeid === 110 || order.registerid === null)
		return false;
	return (
		order.paymentstateid === 20 ||
		(order.paymentstateid === 0 && Number(order.moneytotal_gross_all) === 0)
	);
}

describe('Sitoo Trigger (polling) in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let startedAfter = 0;

	const sitooAdmin = <T>(method: string, path: string, body?: unknown) =>
		admin<T>(sims.sitooServer, method, `/__admin${path}`, body);
	const createOrder = async (body: Record<string, unknown>) =>
		(await sitooAdmin<{ order: SimOrder; related: SimOrder[] }>('POST', '/orders', body)).order;
	const tick = async (times: number) => {
		for (let i = 0; i < times; i++) await sitooAdmin('POST', '/stream/tick');
	};
	const ordersSinceStart = async () =>
		(
			await sitooAdmin<{ items: Array<{ kind: string; order: SimOrder }> }>(
				'GET',
				`/orders?sinceOrderId=${startedAfter}`,
			)
		).items.map((i) => i.order);

	/** Publishing lands asynchronously in n8n 2.41: this waits until the workflow's flag has flipped. */
	const setActive = (active: boolean) => setPublished(n8n, WORKFLOW_ID, active);

	async function triggerExecutions(): Promise<Execution[]> {
		const executions = (await n8n.executions(WORKFLOW_ID)).filter((e) => e.mode === 'trigger');
		return executions.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Every order that reached the workflow, in execution order and item order. */
	async function received(): Promise<Received[]> {
		const out: Received[] = [];
		for (const execution of await triggerExecutions()) {
			const runs = execution.data?.resultData.runData[RECEIVED] ?? [];
			for (const run of runs) {
				for (const item of run.data?.main[0] ?? []) {
					const order = item.json as {
						kind: string;
						ids: { orderId: number; originalOrderId?: number; sourceOrderId?: number };
						resentAfterRestart?: boolean;
					};
					out.push({
						executionId: Number(execution.id),
						orderId: order.ids.orderId,
						kind: order.kind,
						originalOrderId: order.ids.originalOrderId,
						sourceOrderId: order.ids.sourceOrderId,
						resent: order.resentAfterRestart === true,
					});
				}
			}
		}
		return out;
	}

	/**
	 * Waits until every completed order in Sitoo since the start has reached the workflow and no run
	 * is left; after 90 s returns what came, for the assertions to show what is missing.
	 */
	async function waitForAllCompleted(): Promise<{ got: Received[]; expected: number[] }> {
		const read = async () => {
			const expected = (await ordersSinceStart()).filter(completedInSitoo).map((o) => o.orderid);
			const got = await received();
			const running = (await n8n.executions(WORKFLOW_ID)).some(
				(e) => !e.finished && e.status !== 'error' && e.status !== 'success',
			);
			return { got, expected, running };
		};
		const done = ({ got, expected, running }: Awaited<ReturnType<typeof read>>) =>
			!running && expected.every((id) => got.some((r) => r.orderId === id));
		const { got, expected } = await waitFor('every completed order in the workflow', read, done, {
			timeoutMs: 90_000,
			returnLastOnTimeout: true,
		});
		return { got, expected };
	}

	function expectExactlyOnceInOrder(
		all: Received[],
		expected: number[],
		bookings: Set<number>,
	): void {
		// Replays after a restart repeat a batch on purpose; Klaviyo's fixed ids absorb them.
		const got = all.filter((r) => !r.resent);
		const ids = got.map((r) => r.orderId);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
		// Bookings close in place and go out when they close; everything else in arrival order.
		const inArrival = ids.filter((id) => !bookings.has(id));
		expect(inArrival).toEqual([...inArrival].sort((a, b) => a - b));
		// A refund never reaches the workflow before its sale (when that sale came through this sync).
		const position = new Map(ids.map((id, index) => [id, index]));
		for (const r of got) {
			if (r.originalOrderId === undefined || !position.has(r.originalOrderId)) continue;
			expect({
				refund: r.orderId,
				saleFirst: position.get(r.originalOrderId)! < position.get(r.orderId)!,
			}).toEqual({ refund: r.orderId, saleFirst: true });
		}
	}

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await N8nInstance.launch();
		await n8n.importCredentials([sims.credentials.sitoo]);
		await n8n.importWorkflow(workflow(sims));
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
	});

	it('loads the trigger without load errors', async () => {
		const nodeTypes = await n8n.rest<Array<{ name: string; polling?: boolean }>>(
			'GET',
			'/types/nodes.json',
		);
		expect(nodeTypes.find((t) => t.name === `${PACKAGE}.sitooTrigger`)).toMatchObject({
			polling: true,
		});
		expect(n8n.log).not.toMatch(/Failed to load package/);
	});

	it('starts at the latest order, then emits every completed sale once, in order, across a restart; open orders after they close; refunds after their sales', async () => {
		startedAfter = (await sitooAdmin<{ nextOrderId: number }>('GET', '/world')).nextOrderId - 1;
		await setActive(true);
		// The first poll records where the sync starts (one empty run), and nothing older comes.
		await waitFor(
			'the first poll',
			async () => (await triggerExecutions()).length,
			(n) => n >= 1,
		);
		expect(await received()).toEqual([]);

		const sale = await createOrder({ kind: 'sale', storeId: 1 });
		const parked = await createOrder({ kind: 'parked', storeId: 1 });
		const booking = await createOrder({ kind: 'booking', storeId: 2 });
		const refund = await createOrder({ kind: 'refund', originalOrderId: sale.orderid });
		await tick(12);
		await pollNow(n8n, WORKFLOW_ID);
		let result = await waitForAllCompleted();
		expect(result.got.map((r) => r.orderId)).toEqual(
			expect.arrayContaining([sale.orderid, refund.orderid]),
		);
		expect(result.got.map((r) => r.orderId)).not.toContain(parked.orderid);
		expect(result.got.map((r) => r.orderId)).not.toContain(booking.orderid);

		// n8n goes down while the tills keep selling; the bookmark is in the workflow's static data.
		const lastBatch = result.got
			.filter((r) => r.executionId === Math.max(...result.got.map((g) => g.executionId)))
			.map((r) => r.orderId);
		await n8n.stop();
		await tick(10);
		const duringRestart = await createOrder({ kind: 'sale', storeId: 3 });
		await n8n.start();
		result = await waitForAllCompleted();
		expect(result.got.map((r) => r.orderId)).toContain(duringRestart.orderid);
		// The first poll after the start hands the last batch on again, first, in case its run died
		// with the process; then what is new.
		const replayed = result.got.filter((r) => r.resent);
		expect(replayed.map((r) => r.orderId)).toEqual([...lastBatch].sort((a, b) => a - b));
		const replayRun = result.got.filter((r) => r.executionId === replayed[0]!.executionId);
		expect(replayRun.slice(0, replayed.length).every((r) => r.resent)).toBe(true);

		// The parked order and the booking close at the till.
		const closedParked = await sitooAdmin<{ order: SimOrder; related: SimOrder[] }>(
			'POST',
			`/orders/${parked.orderid}/close`,
			{},
		);
		const completion = closedParked.related[0];
		await sitooAdmin('POST', `/orders/${booking.orderid}/close`, {});
		const refundOfCompletion = await createOrder({
			kind: 'refund',
			originalOrderId: completion.orderid,
		});
		await tick(5);
		await pollNow(n8n, WORKFLOW_ID);
		result = await waitForAllCompleted();
		const got = result.got;
		const byId = new Map(got.map((r) => [r.orderId, r]));
		expect(byId.get(completion.orderid)).toMatchObject({
			kind: 'sale',
			sourceOrderId: parked.orderid,
		});
		expect(byId.has(booking.orderid)).toBe(true);
		expect(byId.get(refundOfCompletion.orderid)).toMatchObject({
			kind: 'refund',
			originalOrderId: completion.orderid,
		});

		const bookings = new Set(
			(await ordersSinceStart()).filter((o) => o.ordertypeid === 100).map((o) => o.orderid),
		);
		expect(result.expected.length).toBeGreaterThan(15);
		expectExactlyOnceInOrder(got, result.expected, bookings);
		expect(n8n.log).not.toMatch(/Failed to load package/);
	});

	it('"Fetch test event" returns the latest completed order and leaves the cursor alone', async () => {
		// Unpublished while we look, so the once-a-minute schedule cannot poll in between and move the cursor.
		await setActive(false);
		// The flag flips before n8n has torn the poller down. Once it has, a poll still under way is
		// dropped, and one that handed orders on has stored its cursor with its execution.
		await waitFor(
			'the trigger torn down',
			() => n8n.publicationStatus(WORKFLOW_ID),
			(status) => status === 'not_published',
			30_000,
		);
		await n8n.settledExecutions(WORKFLOW_ID);
		const before = await n8n.api<{
			staticData?: Record<string, { orderSync?: { lastOrderId: number } }>;
		}>('GET', `/workflows/${WORKFLOW_ID}`);
		const cursorBefore = Object.values(before.staticData ?? {})[0]?.orderSync;
		expect(cursorBefore?.lastOrderId).toBeGreaterThan(startedAfter);
		const latest = await createOrder({ kind: 'sale', storeId: 2 });
		await createOrder({ kind: 'parked', storeId: 2 });

		const execution = await n8n.runManually(WORKFLOW_ID, TRIGGER);
		expect(execution.status).toBe('success');
		const items = (execution.data?.resultData.runData[TRIGGER]?.[0]?.data?.main[0] ?? []).map(
			(i) => i.json as { ids: { orderId: number } },
		);
		expect(items.map((i) => i.ids.orderId)).toEqual([latest.orderid]);

		const after = await n8n.api<{
			staticData?: Record<string, { orderSync?: { lastOrderId: number } }>;
		}>('GET', `/workflows/${WORKFLOW_ID}`);
		expect(Object.values(after.staticData ?? {})[0]?.orderSync).toEqual(cursorBefore);
		// Published again, the trigger still delivers that sale: the test fetch did not consume it.
		await setActive(true);
		const { got: all, expected } = await waitForAllCompleted();
		const got = all.filter((r) => !r.resent);
		expect(got.filter((r) => r.orderId === latest.orderid)).toHaveLength(1);
		expect(new Set(got.map((r) => r.orderId)).size).toBe(got.length);
		expect(expected).toContain(latest.orderid);
	});
});
