import { randomUUID } from 'node:crypto';
import {
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import type { NormalizedOrder } from '../core/order';
import { customerLaneKey } from '../core/ordering/customer-lane';
import {
	journalKeys,
	OWED_PER_RUN,
	type Journal,
	type OwedOrder,
	type SettledJournal,
	type SpiEvent,
} from '../core/spi';
import { answerBeforeTheRun, STATIC_DATA_SAVE_GRACE_MS, type JournalStore } from './early-answer';
import { eventFacts, orderItem, problemItem, type EventSeen } from './items';
import type { OrderReader } from './order-reader';

/**
 * Hands on again the orders earlier runs left owed (oldest first, at most `OWED_PER_RUN`), instead
 * of this batch: Sitoo hears 503 and sends this batch again, by when they are in.
 */
export async function handOnOwed(
	context: IWebhookFunctions,
	reader: OrderReader,
	journals: JournalStore,
	journal: SettledJournal,
	letGo: INodeExecutionData[],
	raw: boolean,
): Promise<IWebhookResponseData> {
	const now = Date.now();
	const owed = journal.owed.slice(0, OWED_PER_RUN);
	const later = journal.owed.slice(OWED_PER_RUN);
	const read = await reader(owed);
	const orders: INodeExecutionData[] = [];
	const problems: INodeExecutionData[] = [...letGo];
	const resent: OwedOrder[] = [];
	const keys: Array<string | undefined> = [];
	for (const order of owed) {
		const got = read.get(order.orderKey)?.fetched ?? { outcome: 'notFound' as const };
		const seen = owedEventSeen(order);
		if (got.outcome === 'completed') {
			resent.push(order);
			keys.push(...orderingKeys(got.order));
			const item = orderItem(got.order, seen, raw ? read.get(order.orderKey)?.raw : undefined);
			orders.push({ json: { ...item, resent: true } });
		} else if (got.outcome === 'rejected' || got.outcome === 'notFound')
			problems.push({
				json: problemItem(
					{
						position: seen.position,
						field: got.outcome === 'rejected' ? got.field : 'orderid',
						reason:
							got.outcome === 'rejected'
								? got.reason
								: `Sitoo has no order ${order.orderId} on site ${order.siteId}`,
					},
					{ seen, orderId: order.orderId },
				),
			});
	}
	const next: Journal = { ...journal.running };
	const since = journal.owedSince ?? now;
	if (later.length > 0)
		// Never tracked, so owed again at the next batch, once this run has ended.
		next[randomUUID()] = {
			at: now,
			firstAt: since,
			attempts: journal.owedAttempts,
			orders: later,
			keys: [],
		};
	const message = 'Orders of an earlier batch failed and are being sent again first; please retry';
	if (orders.length === 0) {
		journals.save(next);
		const response = context.getResponseObject();
		void sleep(STATIC_DATA_SAVE_GRACE_MS).then(() => response.status(503).json({ message }));
		return problems.length > 0
			? { noWebhookResponse: true, workflowData: [[], problems] }
			: { noWebhookResponse: true };
	}
	const batchId = randomUUID();
	next[batchId] = {
		at: now,
		firstAt: since,
		attempts: journal.owedAttempts + 1,
		orders: resent,
		keys: journalKeys(keys),
	};
	journals.save(next);
	context.logger.warn(
		`Sitoo Events Trigger is sending ${resent.length} orders again whose run failed or was not confirmed; this batch is answered 503 and comes again`,
	);
	answerBeforeTheRun(context.getResponseObject(), batchId, 503, message, STATIC_DATA_SAVE_GRACE_MS);
	return { noWebhookResponse: true, workflowData: [orders, problems] };
}

/** This batch is not taken yet (Sitoo keeps it and sends it again): 503, the journal kept. */
export function notYet(
	journals: JournalStore,
	journal: SettledJournal,
	letGo: INodeExecutionData[],
	answer: (status: number, message?: string) => IWebhookResponseData,
	why: string,
): IWebhookResponseData {
	journals.save(journal.running);
	const answered = answer(503, `${why}; please retry`);
	return letGo.length > 0 ? { ...answered, workflowData: [[], letGo] } : answered;
}

/** Running batches that carry orders sent again. */
export function resendsRunning(running: Journal): string[] {
	return Object.entries(running)
		.filter(([, entry]) => entry.attempts > 1)
		.map(([id]) => id);
}

/**
 * What an order's run must not overtake: its customer, by e-mail and by phone (a refund may carry
 * only one of them), the order itself, and the sale a refund returns (a refund may carry no customer).
 */
export function orderingKeys(order: NormalizedOrder): Array<string | undefined> {
	const { email, phone } = order.customer ?? {};
	const site = order.ids.siteId ?? 0;
	return [
		customerLaneKey({ customer: { email } }),
		customerLaneKey({ customer: { phone } }),
		`order:${site}:${order.ids.orderId}`,
		order.ids.originalOrderId !== undefined
			? `order:${site}:${order.ids.originalOrderId}`
			: undefined,
	];
}

/** What the journal keeps of an order handed on: enough to read it again and to show its event. */
export function owedOrder(
	orderKey: string,
	where: { siteId: number; orderId: number },
	event: SpiEvent,
): OwedOrder {
	return {
		orderKey,
		siteId: where.siteId,
		orderId: where.orderId,
		eventId: event.eventId,
		eventType: event.eventType,
		...(event.eventDate !== undefined ? { eventDate: event.eventDate } : {}),
		...(event.order ? { orderEventType: event.order.orderEventType } : {}),
	};
}

function owedEventSeen(order: OwedOrder): EventSeen {
	return {
		eventId: order.eventId,
		eventType: order.eventType,
		...(order.eventDate !== undefined ? { eventDate: order.eventDate } : {}),
		...(order.orderEventType !== undefined ? { orderEventType: order.orderEventType } : {}),
		position: 0,
	};
}

/** An order owed for a day is let go, on Not Processed, where the exception ledger records it. */
export function givenUpItem(order: OwedOrder): IDataObject {
	return {
		field: 'orderid',
		problem: `Sent to Klaviyo for 24 hours without a confirmed run; order ${order.orderId} on site ${order.siteId} is let go`,
		orderId: order.orderId,
		sitooEvent: eventFacts(owedEventSeen(order)),
	};
}
