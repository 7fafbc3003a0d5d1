import {
	finishBatch,
	holdBatch,
	parseEventsBatch,
	planBatch,
	readEventsTriggerState,
	settleHeld,
	type EventsTriggerState,
	type FetchedOrder,
	type HeldAnswer,
	type SpiEvent,
} from '../../../nodes/core/spi';

const T0 = Date.UTC(2025, 0, 1);

function batch(ids: Array<[eventId: string, orderId: number]>): SpiEvent[] {
	const parsed = parseEventsBatch(
		ids.map(([eventId, orderId]) => ({
			event_id: eventId,
			event_type: 'order',
			event_date: 1735689600,
			account_id: 90210,
			data: { eshop_id: 1, order_id: orderId, order_event_type: 'add' },
		})),
	);
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.events;
}

/** A batch handed to a workflow that must confirm it: its additions held under `batchId`. */
function handOn(state: EventsTriggerState, events: SpiEvent[], batchId: string, now: number) {
	const plan = planBatch(events, state, 90210);
	const fetched = new Map(
		plan.fetches.map((f): [string, FetchedOrder<{ orderId: number }>] => [
			f.orderKey,
			{ outcome: 'completed', order: { orderId: f.orderId } },
		]),
	);
	const outcome = finishBatch(plan, fetched, state, now);
	const emitted = outcome.results.filter((r) => r.kind === 'emit').length;
	const held = holdBatch(state, batchId, outcome.remembered, now);
	return { emitted, state: readEventsTriggerState(JSON.parse(JSON.stringify(held))) };
}

const answers =
	(map: Record<string, HeldAnswer>) =>
	(id: string): HeldAnswer =>
		map[id];

describe('events held until the workflow confirms them', () => {
	const events = batch([
		['e1', 101],
		['e2', 102],
	]);

	it('a batch the workflow did not confirm is handed on again when Sitoo sends it again', () => {
		const first = handOn(readEventsTriggerState({}), events, 'b1', T0);
		expect(first.emitted).toBe(2);
		// The workflow failed (or the trigger answered 503): Sitoo's resend is new again.
		const settled = settleHeld(first.state, answers({ b1: undefined }), T0 + 20_000);
		expect(settled.settled).toEqual(['b1']);
		expect(settled.state.held).toEqual({});
		expect(handOn(settled.state, events, 'b2', T0 + 20_000).emitted).toBe(2);
	});

	it('a confirmed batch counts as seen: a resend is a duplicate and its orders are not emitted again', () => {
		const first = handOn(readEventsTriggerState({}), events, 'b1', T0);
		const settled = settleHeld(first.state, answers({ b1: 'confirmed' }), T0 + 2_000);
		expect(settled.settled).toEqual(['b1']);
		expect(handOn(settled.state, events, 'b2', T0 + 3_000).emitted).toBe(0);
		// A later event of the same order is not a new sale either.
		expect(handOn(settled.state, batch([['e3', 101]]), 'b3', T0 + 3_000).emitted).toBe(0);
	});

	it('a batch still waiting for its answer stays held, and does not yet count as seen', () => {
		const first = handOn(readEventsTriggerState({}), events, 'b1', T0);
		const settled = settleHeld(first.state, answers({ b1: 'waiting' }), T0 + 5_000);
		expect(settled.settled).toEqual([]);
		expect(Object.keys(settled.state.held)).toEqual(['b1']);
		expect(handOn(settled.state, events, 'b2', T0 + 5_000).emitted).toBe(2);
		// Waiting far beyond Sitoo's 15 s means the answer was lost: it is let go.
		expect(settleHeld(settled.state, answers({ b1: 'waiting' }), T0 + 3_600_000).settled).toEqual([
			'b1',
		]);
	});

	it('reads held batches back from static data, dropping damaged entries', () => {
		const state = readEventsTriggerState({
			held: {
				good: { at: T0, events: ['e1', 7], orders: ['o'], emailed: [] },
				noTime: { events: ['e2'] },
				notAnObject: 'x',
			},
		});
		expect(state.held).toEqual({ good: { at: T0, events: ['e1'], orders: ['o'], emailed: [] } });
	});
});
