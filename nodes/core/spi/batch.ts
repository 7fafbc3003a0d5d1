/**
 * One Events SPI batch from arrival to answer, as a pure plan: which events are new, which orders to
 * read, and, once they are read, which orders to emit and what to remember. The node only does the
 * HTTP and the answer (docs/reference/sitoo-spi.md §5.8).
 */
import {
	emailedKey,
	EVENT_ID_LIMITS,
	hasSeen,
	ORDER_LIMITS,
	orderKey,
	remember,
	type EventsTriggerState,
} from './dedupe';
import { orderEventAction, type SpiEvent } from './events';
import type { NormalizedOrder, NormalizeResult } from '../order';

export type EventStep =
	| { event: SpiEvent; step: 'duplicate' }
	| { event: SpiEvent; step: 'ignore'; reason: string }
	| { event: SpiEvent; step: 'alreadyEmitted'; orderKey: string }
	| {
			event: SpiEvent;
			step: 'fetch';
			orderKey: string;
			siteId: number;
			orderId: number;
			/** Emitted before; read again for an e-mail receipt, emitted only if it brings an address. */
			again?: boolean;
	  };

export interface BatchPlan {
	steps: EventStep[];
	/** Distinct orders to read, in first-mention order. */
	fetches: Array<{ orderKey: string; siteId: number; orderId: number }>;
}

/** `accountId` is the REST credential's account, used when an event does not carry `account_id`. */
export function planBatch(
	events: readonly SpiEvent[],
	state: EventsTriggerState,
	accountId: string | number,
): BatchPlan {
	const steps: EventStep[] = [];
	const fetches: BatchPlan['fetches'] = [];
	const inBatch = new Set<string>();
	for (const event of events) {
		// A repeated id within one batch is a duplicate as well.
		if (hasSeen(state.events, event.eventId) || inBatch.has(`event:${event.eventId}`)) {
			steps.push({ event, step: 'duplicate' });
			continue;
		}
		inBatch.add(`event:${event.eventId}`);
		const action = orderEventAction(event);
		if (action.action === 'ignore') {
			steps.push({ event, step: 'ignore', reason: action.reason });
			continue;
		}
		const key = orderKey(event.accountId ?? accountId, action.siteId, action.orderId);
		const again = hasSeen(state.orders, key);
		if (again && action.emailReceipt !== true) {
			steps.push({ event, step: 'alreadyEmitted', orderKey: key });
			continue;
		}
		steps.push({
			event,
			step: 'fetch',
			orderKey: key,
			siteId: action.siteId,
			orderId: action.orderId,
			...(again ? { again: true } : {}),
		});
		if (!inBatch.has(key)) {
			inBatch.add(key);
			fetches.push({ orderKey: key, siteId: action.siteId, orderId: action.orderId });
		}
	}
	return { steps, fetches };
}

/** What reading one order gave. `notFound` is final (the order is gone); failures are not listed here. */
export type FetchedOrder<T> =
	| { outcome: 'completed'; order: T; email?: string }
	| { outcome: 'waiting'; reason: string }
	/** Final without a sale to report: cancelled, abandoned, a parked order closed into another one. */
	| { outcome: 'notASale'; reason: string }
	| { outcome: 'rejected'; field: string; reason: string }
	| { outcome: 'notFound' };

export type BatchResult<T> =
	| {
			kind: 'emit';
			event: SpiEvent;
			orderKey: string;
			order: T;
			/** Sent before without this e-mail; an e-mail receipt brought it (the sale is now attributed). */
			emailReceipt?: boolean;
	  }
	| { kind: 'problem'; event?: SpiEvent; position: number; field: string; reason: string };

/** What a batch adds to the seen-sets. */
export interface Remembered {
	events: string[];
	orders: string[];
	emailed: string[];
}

export interface BatchOutcome<T> {
	results: BatchResult<T>[];
	/** The state with everything the batch handled remembered. */
	state: EventsTriggerState;
	/** The same additions as lists, to hold until the workflow confirms the batch (`held.ts`). */
	remembered: Remembered;
	counts: {
		events: number;
		duplicates: number;
		ignored: number;
		emitted: number;
		waiting: number;
		problems: number;
	};
}

/**
 * Called only when every order of the plan was read (otherwise the node answers 503 and remembers
 * nothing, so Sitoo's retry brings the same batch back, §5.3). Each completed order is emitted once,
 * at its first event in the batch; open and parked orders are skipped, their later `update` with
 * `closed` brings them back (§5.7); cancelled ones are never emitted.
 */
export function finishBatch<T>(
	plan: BatchPlan,
	fetched: ReadonlyMap<string, FetchedOrder<T>>,
	state: EventsTriggerState,
	now: number,
): BatchOutcome<T> {
	const results: BatchResult<T>[] = [];
	const doneOrders: string[] = [];
	const emailed: string[] = [];
	const counts = {
		events: plan.steps.length,
		duplicates: 0,
		ignored: 0,
		emitted: 0,
		waiting: 0,
		problems: 0,
	};
	const handled = new Set<string>();
	for (const step of plan.steps) {
		if (step.step === 'duplicate') counts.duplicates++;
		else if (step.step === 'ignore' || step.step === 'alreadyEmitted') counts.ignored++;
		if (step.step !== 'fetch') continue;
		if (handled.has(step.orderKey)) {
			counts.ignored++;
			continue;
		}
		handled.add(step.orderKey);
		const got = fetched.get(step.orderKey);
		if (!got) throw new Error(`Order ${step.orderKey} was planned but not read`);
		const position = step.event.position;
		switch (got.outcome) {
			case 'completed': {
				const withEmail = emailedKey(step.orderKey, got.email);
				if (step.again && (withEmail === undefined || hasSeen(state.emailed, withEmail))) {
					counts.ignored++;
					break;
				}
				results.push({
					kind: 'emit',
					event: step.event,
					orderKey: step.orderKey,
					order: got.order,
					...(step.again ? { emailReceipt: true } : {}),
				});
				doneOrders.push(step.orderKey);
				if (withEmail !== undefined) emailed.push(withEmail);
				counts.emitted++;
				break;
			}
			case 'waiting':
				counts.waiting++;
				break;
			case 'notASale':
				doneOrders.push(step.orderKey);
				counts.ignored++;
				break;
			case 'rejected':
				results.push({
					kind: 'problem',
					event: step.event,
					position,
					field: got.field,
					reason: got.reason,
				});
				doneOrders.push(step.orderKey);
				counts.problems++;
				break;
			case 'notFound':
				results.push({
					kind: 'problem',
					event: step.event,
					position,
					field: `[${position}].data.order_id`,
					reason: `Sitoo has no order ${step.orderId} on site ${step.siteId}`,
				});
				counts.problems++;
				break;
		}
	}
	const eventIds = plan.steps.filter((s) => s.step !== 'duplicate').map((s) => s.event.eventId);
	const remembered = { events: eventIds, orders: doneOrders, emailed };
	return { results, counts, remembered, state: rememberAll(state, remembered, now) };
}

/** The state with a batch's additions, each set pruned to its limits. */
export function rememberAll(
	state: EventsTriggerState,
	added: Remembered,
	now: number,
): EventsTriggerState {
	return {
		...state,
		events: remember(state.events, added.events, now, EVENT_ID_LIMITS),
		orders: remember(state.orders, added.orders, now, ORDER_LIMITS),
		emailed: remember(state.emailed, added.emailed, now, ORDER_LIMITS),
	};
}

/** How a read order counts for the trigger, from its normalization (states per docs/reference/sitoo-api.md §2.2). */
export function fetchedOutcome(result: NormalizeResult): FetchedOrder<NormalizedOrder> {
	if (!result.ok) return { outcome: 'rejected', field: result.field, reason: result.reason };
	const { state } = result.order;
	if (state.isCompleted)
		return { outcome: 'completed', order: result.order, email: result.order.customer?.email };
	if (!state.isFinal)
		return { outcome: 'waiting', reason: `order is ${state.order}, payment ${state.payment}` };
	return { outcome: 'notASale', reason: `order is ${state.order}, payment ${state.payment}` };
}

/** Sitoo re-queues a batch it has no answer for after 15 s (§5.2); we answer 503 well before that. */
export const EVENTS_ANSWER_BUDGET_MS = 10_000;

/**
 * How long after receipt the workflow has to confirm a batch (Confirm Sitoo Events) before the
 * trigger answers 503 itself, so Sitoo sends it again: inside Sitoo's 15 s, with room to spare.
 */
export const EVENTS_CONFIRM_BUDGET_MS = 13_000;

/**
 * Retries for order reads inside one batch: short, so that three tries of every order fit the
 * budget; anything slower is better answered with 503 and left to Sitoo's own retry (§5.4).
 */
export const EVENTS_READ_RETRY = {
	maxAttempts: 3,
	baseDelayMs: 250,
	factor: 2,
	maxDelayMs: 1_000,
	jitter: 0.5,
	maxRetryAfterMs: 1_000,
} as const;
