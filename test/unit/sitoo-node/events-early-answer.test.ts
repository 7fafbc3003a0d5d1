/**
 * The Sitoo Events Trigger's "As Soon as the Orders Are Recorded" answer, run in-process against the
 * Sitoo simulator, with the request written to the way n8n 2.41 writes it after a run
 * (`webhook-helpers.js` setupResponseNodePromise): the Confirm node's bytes with status 200, or, in
 * queue mode, a bare end for a failed run. Sitoo hears 200 before the run; a failed, unconfirmed or
 * forgotten run's orders are handed on again before anything newer, a customer's next batch waits
 * for their running one, and nothing n8n writes later reaches Sitoo.
 */
import { sleep, type IDataObject } from 'n8n-workflow';
import { SitooEventsTrigger } from '../../../nodes/SitooEventsTrigger/SitooEventsTrigger.node';
import { RUN_AT_MOST_MS } from '../../../nodes/core/spi';
import type { Order } from '../../simulators/sitoo';
import { eventsBatch, eventsTriggerContext, sitooSimulatorForTests } from './fake-context';

const simulated = sitooSimulatorForTests(23, 20);

/** Sitoo's request as Node and Express behave: headers once, one end, setHeader after that throws. */
class SitooRequestResponse {
	statusCode = 200;
	headersSent = false;
	destroyed = false;
	sent?: { status: number; body: string };
	private done!: () => void;
	readonly answered = new Promise<void>((resolve) => (this.done = resolve));
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	setHeader() {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT');
		return this;
	}
	setHeaders() {
		return this.setHeader();
	}
	writeHead(code: number) {
		if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT');
		this.statusCode = code;
		this.headersSent = true;
		return this;
	}
	end(body?: unknown) {
		if (this.sent) return this;
		if (!this.headersSent) this.writeHead(this.statusCode);
		this.sent = { status: this.statusCode, body: body === undefined ? '' : String(body) };
		this.done();
		return this;
	}
	json(value: unknown) {
		this.setHeader();
		return this.end(JSON.stringify(value));
	}
	once() {
		return this;
	}
}

/** What n8n writes once the Confirm Sitoo Events node has run (a body of bytes, status 200). */
function confirmRun(response: SitooRequestResponse): void {
	response.status(200);
	response.setHeaders();
	response.setHeader();
	response.end(Buffer.from(JSON.stringify({ message: 'Events handled' })));
	response.end();
}

/** What n8n's main writes in queue mode when the run failed on a worker: an end, no status. */
function failRunInQueueMode(response: SitooRequestResponse): void {
	response.end();
}

let eventNumber = 0;
let workflowNumber = 0;

/** A trigger with its own static data, as one workflow has it. */
function recordingTrigger() {
	const trigger = new SitooEventsTrigger();
	const workflowId = `early-${++workflowNumber}`;
	let staticData: IDataObject = {};
	async function batch(orders: Order[]) {
		const body = eventsBatch(orders, () => ({
			id: `early-${++eventNumber}`,
			date: Math.floor(Date.now() / 1000),
		}));
		const response = new SitooRequestResponse();
		const context = eventsTriggerContext({
			server: simulated.server,
			body,
			response,
			staticData,
			workflowId,
			parameters: { answer: 'onRecorded', orderFormat: 'normalized' },
		});
		const result = await trigger.webhook.call(context);
		const [emitted = [], notProcessed = []] = result.workflowData ?? [];
		return {
			response,
			orders: emitted.map((item) => item.json),
			notProcessed: notProcessed.map((item) => item.json),
			/** Sitoo's answer, once it has gone out. */
			answer: async () => {
				await response.answered;
				return response.sent!;
			},
		};
	}
	return {
		batch,
		get staticData() {
			return staticData;
		},
		/** What n8n loads for the next batch when its write of the last one has not landed yet. */
		loadStale(before: IDataObject) {
			staticData = structuredClone(before);
		},
	};
}

async function newOrder(input: Record<string, unknown>): Promise<Order> {
	const answer = await fetch(`${simulated.server.url}/__admin/orders`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(input),
	});
	if (!answer.ok) throw new Error(`simulator: ${answer.status} ${await answer.text()}`);
	return ((await answer.json()) as { order: Order }).order;
}

let customerNumber = 0;
/** A member's sale and its refund, in till order. */
async function saleAndRefund(): Promise<[Order, Order]> {
	const email = `early.answer.${++customerNumber}@example.com`;
	const sale = await newOrder({ kind: 'sale', storeId: 1, payment: 'card', customer: { email } });
	const refund = await newOrder({ kind: 'refund', originalOrderId: sale.orderid });
	return [sale, refund];
}

const orderIdOf = (order: IDataObject) => (order.ids as { orderId: number }).orderId;
const ids = (orders: IDataObject[]) => orders.map(orderIdOf);

afterEach(() => jest.restoreAllMocks());

describe('Sitoo Events Trigger, answering as soon as the orders are recorded', () => {
	it('answers 200 before the run, records the batch, and the Confirm node settles it without reaching Sitoo again', async () => {
		const trigger = recordingTrigger();
		const { batch } = trigger;
		const [sale, refund] = await saleAndRefund();
		const first = await batch([sale]);
		const staticData = trigger.staticData;
		expect(ids(first.orders)).toEqual([sale.orderid]);
		expect(await first.answer()).toEqual({
			status: 200,
			body: JSON.stringify({ message: 'Events recorded; they are being sent' }),
		});
		expect(Object.values(staticData.journal as IDataObject)).toHaveLength(1);
		// n8n writes the Confirm node's answer to a request already answered: heard, not thrown.
		expect(() => confirmRun(first.response)).not.toThrow();
		expect(first.response.sent?.status).toBe(200);

		const second = await batch([refund]);
		expect(ids(second.orders)).toEqual([refund.orderid]);
		expect((await second.answer()).status).toBe(200);
		// The first run's entry has left the journal; the second one's is there.
		expect(Object.values(staticData.journal as IDataObject)).toHaveLength(1);
	});

	it("hands a failed run's sale on again before the refund in Sitoo's next batch, which gets 503 and is taken when it comes again", async () => {
		const { batch } = recordingTrigger();
		const [sale, refund] = await saleAndRefund();
		const first = await batch([sale]);
		expect((await first.answer()).status).toBe(200);
		failRunInQueueMode(first.response);

		const next = await batch([refund]);
		expect(next.orders.map((o) => [orderIdOf(o), o.resent])).toEqual([[sale.orderid, true]]);
		const answered = await next.answer();
		expect(answered.status).toBe(503);
		expect(answered.body).toContain('sent again first');
		confirmRun(next.response);
		// Still 503: the refund's batch was not taken, and the Confirm node's 200 did not reach Sitoo.
		expect(next.response.sent?.status).toBe(503);

		const again = await batch([refund]);
		expect(ids(again.orders)).toEqual([refund.orderid]);
		expect((await again.answer()).status).toBe(200);
	});

	it("keeps a customer's next batch waiting while their earlier run is still going, and takes it once that run is confirmed", async () => {
		const { batch } = recordingTrigger();
		const [sale, refund] = await saleAndRefund();
		const [otherSale] = await saleAndRefund();
		const first = await batch([sale]);
		await first.answer();
		// Another customer's batch is not held up by it.
		const other = await batch([otherSale]);
		expect((await other.answer()).status).toBe(200);

		let confirmed = false;
		const second = batch([refund]);
		void sleep(300).then(() => {
			confirmed = true;
			confirmRun(first.response);
		});
		const taken = await second;
		expect(confirmed).toBe(true);
		expect(ids(taken.orders)).toEqual([refund.orderid]);
		expect((await taken.answer()).status).toBe(200);
	});

	it('counts a run not confirmed within a minute as failed (n8n says nothing of a failed run in regular mode)', async () => {
		const { batch } = recordingTrigger();
		const [sale, refund] = await saleAndRefund();
		const first = await batch([sale]);
		await first.answer();
		const realNow = Date.now.bind(Date);
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + RUN_AT_MOST_MS);
		const next = await batch([refund]);
		expect(next.orders.map((o) => [orderIdOf(o), o.resent])).toEqual([[sale.orderid, true]]);
		expect((await next.answer()).status).toBe(503);
	});

	it('puts an owed order Sitoo no longer has on Not Processed, with its order id and event, and takes the batch next time', async () => {
		const trigger = recordingTrigger();
		const [sale, refund] = await saleAndRefund();
		const first = await trigger.batch([sale]);
		await first.answer();
		failRunInQueueMode(first.response);
		// The journal's order, as if Sitoo had lost it since: reading it again finds nothing.
		const gone = 990_000 + sale.orderid;
		const [entry] = Object.values(trigger.staticData.journal as Record<string, IDataObject>);
		const [owed] = entry.orders as IDataObject[];
		Object.assign(owed, { orderId: gone, orderKey: `${sale.eshopid}:${gone}` });

		const next = await trigger.batch([refund]);
		expect(next.orders).toEqual([]);
		expect(next.notProcessed).toEqual([
			expect.objectContaining({
				field: 'orderid',
				orderId: gone,
				problem: `Sitoo has no order ${gone} on site ${sale.eshopid}`,
				sitooEvent: expect.objectContaining({ eventId: owed.eventId, orderEventType: 'add' }),
			}),
		]);
		expect((await next.answer()).status).toBe(503);
		const again = await trigger.batch([refund]);
		expect(ids(again.orders)).toEqual([refund.orderid]);
		expect((await again.answer()).status).toBe(200);
	});

	it('after a restart, a recorded run whose end nobody heard is handed on again', async () => {
		const trigger = recordingTrigger();
		const { batch } = trigger;
		const [sale, refund] = await saleAndRefund();
		const first = await batch([sale]);
		await first.answer();
		const staticData = trigger.staticData;
		// What a restarted n8n loads: the same static data, under a run id this process never saw.
		const journal = staticData.journal as Record<string, IDataObject>;
		staticData.journal = Object.fromEntries(
			Object.values(journal).map((entry, n) => [`before-restart-${n}`, entry]),
		);
		const next = await batch([refund]);
		expect(next.orders.map((o) => [orderIdOf(o), o.resent])).toEqual([[sale.orderid, true]]);
		expect((await next.answer()).status).toBe(503);
	});

	it("reads its own record when n8n has not stored it yet: the customer's next batch still waits for the running sale", async () => {
		const trigger = recordingTrigger();
		const [sale, refund] = await saleAndRefund();
		const before = structuredClone(trigger.staticData);
		const first = await trigger.batch([sale]);
		await first.answer();
		trigger.loadStale(before);
		let confirmed = false;
		const second = trigger.batch([refund]);
		void sleep(300).then(() => {
			confirmed = true;
			confirmRun(first.response);
		});
		const taken = await second;
		expect(confirmed).toBe(true);
		expect(ids(taken.orders)).toEqual([refund.orderid]);
		// And the sale's run is still owed if it fails: the record written is the newer one.
		expect(Object.keys(trigger.staticData.journal as IDataObject)).toHaveLength(1);
	});

	it('while orders are being sent again, a batch of other customers is not taken until that run is in', async () => {
		const { batch } = recordingTrigger();
		const [sale, refund] = await saleAndRefund();
		const [otherSale] = await saleAndRefund();
		const first = await batch([sale]);
		await first.answer();
		failRunInQueueMode(first.response);
		const resend = await batch([refund]);
		expect((await resend.answer()).status).toBe(503);

		const other = batch([otherSale]);
		void sleep(300).then(() => confirmRun(resend.response));
		const taken = await other;
		expect(ids(taken.orders)).toEqual([otherSale.orderid]);
		expect((await taken.answer()).status).toBe(200);
	});
});
