/**
 * Sitoo Events SPI batches (docs/reference/sitoo-spi.md §5): a JSON array of at most 10 events, oldest first. Parsing
 * is tolerant (unknown fields are ignored, §2 "Evolving documents"); an event that breaks a field we
 * rely on is reported with that field, and the rest of the batch goes on (docs/design.md invariant 7).
 */

export interface OrderEventData {
	siteId: number;
	orderId: number;
	warehouseId?: number;
	/** `add`, `update`, `ready-for-pickup`, `pickup-rejected`, `email-receipt`, or the older `closed` (§5.7). */
	orderEventType: string;
	/** `open`, `closed` or `cancelled` when the event changed the order's state. */
	orderStateChanged?: string;
}

export interface SpiEvent {
	eventId: string;
	/** `order`, `booking`, `order-delivery`, `shipment`, … (§5.7). */
	eventType: string;
	/** When Sitoo created the event, ISO 8601 (from unix seconds); absent if Sitoo left it out. */
	eventDate?: string;
	accountId?: number;
	/** 0-based position in the batch as Sitoo sent it. */
	position: number;
	/** Only for `order` and `booking` events, which carry `OrderData`. */
	order?: OrderEventData;
}

export interface EventProblem {
	position: number;
	eventId?: string;
	/** Path of the broken field, e.g. `[3].data.order_id`. */
	field: string;
	reason: string;
}

export type BatchParse =
	{ ok: true; events: SpiEvent[]; problems: EventProblem[] } | { ok: false; reason: string };

/** Sitoo never sends more (§5.2); a longer array is still read, this is only for the message. */
export const SITOO_MAX_BATCH = 10;

const ORDER_DATA_TYPES = ['order', 'booking'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string')
		return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return `${typeof value} ${JSON.stringify(value)}`;
}

class FieldProblem extends Error {
	constructor(
		readonly field: string,
		readonly reason: string,
	) {
		super(reason);
	}
}

/** A whole number; Sitoo ids are integers, but tolerate "48211" since some gateways stringify. */
function wholeNumber(source: Json, key: string, path: string, required: true): number;
function wholeNumber(source: Json, key: string, path: string, required: false): number | undefined;
function wholeNumber(
	source: Json,
	key: string,
	path: string,
	required: boolean,
): number | undefined {
	const value = source[key];
	if (value === undefined || value === null) {
		if (required) throw new FieldProblem(path, `${path} is missing; it should be a whole number`);
		return undefined;
	}
	const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number))
		throw new FieldProblem(path, `${path} is ${describe(value)}; it should be a whole number`);
	return number;
}

function text(source: Json, key: string, path: string, required: true): string;
function text(source: Json, key: string, path: string, required: false): string | undefined;
function text(source: Json, key: string, path: string, required: boolean): string | undefined {
	const value = source[key];
	if (value === undefined || value === null || value === '') {
		if (required)
			throw new FieldProblem(path, `${path} is ${describe(value)}; it should be a non-empty text`);
		return undefined;
	}
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string')
		throw new FieldProblem(path, `${path} is ${describe(value)}; it should be a text`);
	return value.trim();
}

function parseEvent(raw: unknown, position: number): SpiEvent {
	const at = `[${position}]`;
	if (!isObject(raw))
		throw new FieldProblem(at, `event ${at} is ${describe(raw)}; it should be an event object`);
	const eventId = text(raw, 'event_id', `${at}.event_id`, true);
	// Sitoo's ids are 32 hex digits (§5.5). A longer one is not Sitoo's, and remembering it would
	// store it in static data and rewrite it on every later call.
	if (eventId.length > MAX_EVENT_ID_LENGTH)
		throw new FieldProblem(
			`${at}.event_id`,
			`${at}.event_id is ${eventId.length} characters; Sitoo's event ids are 32, so this event is not read`,
		);
	const parsed = catching(() => {
		const eventType = text(raw, 'event_type', `${at}.event_type`, true);
		const seconds = wholeNumber(raw, 'event_date', `${at}.event_date`, false);
		const event: SpiEvent = { eventId, eventType, position };
		if (seconds !== undefined) event.eventDate = new Date(seconds * 1000).toISOString();
		const accountId = wholeNumber(raw, 'account_id', `${at}.account_id`, false);
		if (accountId !== undefined) event.accountId = accountId;
		if (ORDER_DATA_TYPES.includes(eventType)) event.order = parseOrderData(raw.data, `${at}.data`);
		return event;
	});
	if (parsed.ok) return parsed.value;
	// A field problem of a known event keeps its id, so the problem item can name the event.
	if (parsed.error instanceof FieldProblem) throw Object.assign(parsed.error, { eventId });
	throw parsed.error;
}

/** `run`'s value, or what it threw: lets the caller decide outside a catch block. */
function catching<T>(run: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: run() };
	} catch (error) {
		return { ok: false, error };
	}
}

function parseOrderData(raw: unknown, at: string): OrderEventData {
	if (!isObject(raw))
		throw new FieldProblem(
			at,
			`${at} is ${describe(raw)}; an order event needs its OrderData object`,
		);
	const orderId = wholeNumber(raw, 'order_id', `${at}.order_id`, true);
	if (orderId <= 0)
		throw new FieldProblem(
			`${at}.order_id`,
			`${at}.order_id is ${orderId}; Sitoo order ids are positive`,
		);
	const siteId = wholeNumber(raw, 'eshop_id', `${at}.eshop_id`, true);
	const data: OrderEventData = {
		siteId,
		orderId,
		orderEventType: text(raw, 'order_event_type', `${at}.order_event_type`, true),
	};
	const warehouseId = wholeNumber(raw, 'warehouse_id', `${at}.warehouse_id`, false);
	if (warehouseId !== undefined) data.warehouseId = warehouseId;
	const changed = text(raw, 'order_state_changed', `${at}.order_state_changed`, false);
	if (changed !== undefined) data.orderStateChanged = changed;
	return data;
}

/**
 * Reads a request body (already parsed JSON, or the raw text) as an events batch. Only a body that
 * is not a JSON array fails as a whole: Sitoo would send it again unchanged, so the node answers 400
 * (§5.3 "a body that can never succeed").
 */
/** Generous against Sitoo's own limit, so a changed batch size at Sitoo does not lose events. */
export const OVERSIZED_BATCH = 10 * SITOO_MAX_BATCH;
/** Longer than any Sitoo event id (32 hex digits), short enough to keep in static data. */
export const MAX_EVENT_ID_LENGTH = 128;

export function parseEventsBatch(body: unknown): BatchParse {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return { ok: false, reason: 'The body is not JSON; Sitoo sends a JSON array of events' };
		}
	}
	if (!Array.isArray(value))
		return {
			ok: false,
			reason: `The body is ${describe(value)}; Sitoo sends a JSON array of events (at most ${SITOO_MAX_BATCH})`,
		};
	// Sitoo batches at most SITOO_MAX_BATCH events (docs/reference/sitoo-spi.md §5.2). A much larger body is not Sitoo,
	// and reading its orders would cost hundreds of look-ups before anyone noticed.
	if (value.length > OVERSIZED_BATCH)
		return {
			ok: false,
			reason: `The batch holds ${value.length} events; Sitoo sends at most ${SITOO_MAX_BATCH}, so this one is refused unread`,
		};
	const events: SpiEvent[] = [];
	const problems: EventProblem[] = [];
	value.forEach((raw, position) => {
		const parsed = catching(() => parseEvent(raw, position));
		if (parsed.ok) {
			events.push(parsed.value);
		} else {
			const error = parsed.error;
			if (!(error instanceof FieldProblem)) throw error;
			const eventId = (error as FieldProblem & { eventId?: string }).eventId;
			problems.push({
				position,
				...(eventId !== undefined ? { eventId } : {}),
				field: error.field,
				reason: error.reason,
			});
		}
	});
	return { ok: true, events, problems };
}

export type OrderEventAction =
	| {
			action: 'fetch';
			siteId: number;
			orderId: number;
			/**
			 * Staff e-mailed the receipt (`email-receipt`): the order may now carry the customer's
			 * address, so it is read again even when it was emitted before (a guest sale becomes
			 * attributed).
			 */
			emailReceipt?: boolean;
	  }
	| { action: 'ignore'; reason: string };

/**
 * Which events mean "read this order": any `order`/`booking` event that may have completed it:
 * `add` (a till sale arrives closed), `update`, and the older `closed` spelling (§5.7, S9). The
 * event alone never decides: the fetched order's states do (§5.7 "Do not decide from the event
 * alone"). Cancellations, pick-up and receipt notices cannot complete a sale.
 */
export function orderEventAction(event: SpiEvent): OrderEventAction {
	const data = event.order;
	if (!data)
		return {
			action: 'ignore',
			reason: `event type "${event.eventType}" is not about an order's sale`,
		};
	if (data.orderStateChanged === 'cancelled')
		return { action: 'ignore', reason: 'the order was cancelled' };
	if (
		data.orderStateChanged === 'closed' ||
		['add', 'update', 'closed'].includes(data.orderEventType)
	) {
		return { action: 'fetch', siteId: data.siteId, orderId: data.orderId };
	}
	if (data.orderEventType === 'email-receipt')
		return { action: 'fetch', siteId: data.siteId, orderId: data.orderId, emailReceipt: true };
	return {
		action: 'ignore',
		reason: `order event "${data.orderEventType}" does not complete an order`,
	};
}
