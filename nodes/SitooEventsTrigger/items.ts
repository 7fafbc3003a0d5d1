import type { IDataObject } from 'n8n-workflow';
import type { NormalizedOrder } from '../core/order';
import type { SpiEvent } from '../core/spi';
import type { RawOrder } from './order-reader';

/** What an item shows of the Sitoo event its order came with. */
export interface EventSeen {
	eventId: string;
	eventType: string;
	eventDate?: string;
	orderEventType?: string;
	/** Position in Sitoo's batch; 0 for an order sent again, whose batch is long gone. */
	position: number;
}

export function eventSeen(event: SpiEvent): EventSeen {
	return {
		eventId: event.eventId,
		eventType: event.eventType,
		...(event.eventDate !== undefined ? { eventDate: event.eventDate } : {}),
		...(event.order ? { orderEventType: event.order.orderEventType } : {}),
		position: event.position,
	};
}

export function eventFacts(seen: EventSeen): IDataObject {
	return {
		eventId: seen.eventId,
		eventType: seen.eventType,
		...(seen.eventDate !== undefined ? { eventDate: seen.eventDate } : {}),
		...(seen.orderEventType !== undefined ? { orderEventType: seen.orderEventType } : {}),
		positionInBatch: seen.position,
	};
}

/** An order on Orders: as normalized, or as Sitoo sent it (raw), with its event's facts. */
export function orderItem(
	order: NormalizedOrder,
	seen: EventSeen,
	raw: RawOrder | undefined,
	emailReceipt = false,
): IDataObject {
	const body = raw ?? (order as unknown as IDataObject);
	// Sent before without this e-mail; Klaviyo's fixed ids keep whatever did arrive from doubling.
	const again = emailReceipt ? { emailReceipt: true } : {};
	return { ...body, ...again, sitooEvent: eventFacts(seen) };
}

/** An item on Not Processed: the broken field and why, with the event and order it concerns. */
export function problemItem(
	problem: { position: number; field: string; reason: string },
	about?: { seen: EventSeen; orderId: number | null },
): IDataObject {
	return {
		position: problem.position,
		field: problem.field,
		problem: problem.reason,
		...(about ? { sitooEvent: eventFacts(about.seen), orderId: about.orderId } : {}),
	};
}

/** The longest excerpt of a malformed body kept on its Not Processed item. */
const MALFORMED_BODY_EXCERPT = 2_000;

export function malformedBatchItem(reason: string, body: unknown): IDataObject {
	const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
	return {
		field: 'body',
		problem: reason,
		body: text.length > MALFORMED_BODY_EXCERPT ? `${text.slice(0, MALFORMED_BODY_EXCERPT)}…` : text,
	};
}
