/**
 * The polling cursor over Sitoo orders and its rules (docs/design.md invariants 1, 2, 7). Pure: the poller
 * reads orders, normalizes the ones `ordersToNormalize` lists (once, with the Sitoo look-ups),
 * passes them in with the saved state and the time, and gets back what to emit (those same
 * normalized orders), what to report, and the next state.
 *
 * Rules:
 * - Orders are taken in `orderid` order (arrival at Sitoo), never by `orderdate`: offline tills
 *   deliver late with old dates (docs/reference/sitoo-api.md §2.3, §5).
 * - The cursor (`lastOrderId`) moves over every new order read, but an order that is not final
 *   (open, parked, booking, payment pending) moves into `watching` in the same state: the state
 *   as a whole never lets go of an unsettled order (invariant 2). Watched orders are read again on
 *   every poll and emitted when they complete, reported when cancelled, and given up (reported)
 *   after the watch expiry. Holding the cursor itself instead would stop every sale behind a parked
 *   order for as long as it stays parked.
 * - A refund is never emitted before the sale it refunds: while that sale is watched, the refund
 *   is watched too ("waiting for its sale"), and goes out right after the sale leaves `watching`.
 * - Every order in scope is either emitted, watched or reported with a reason; orders outside the
 *   chosen sites, stores, channel or events are counted, not reported.
 */
import type { NormalizedOrder, NormalizeResult } from '../order/types';
import type {
	EmittedOrder,
	ReadOrder,
	SkippedOrder,
	StartFrom,
	SyncSettings,
	SyncState,
	SyncStep,
	WatchedOrder,
} from './types';
import { watchGuests } from './guests';

const HOUR_MS = 3_600_000;

/** The default settings a new trigger gets. */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
	sales: true,
	refunds: true,
	siteIds: [],
	warehouseIds: [],
	channel: 'pos',
	watchExpiryHours: 72,
	maxOrdersPerPoll: 1200,
	start: { mode: 'now' },
};

/** A settings problem, naming the setting and what is wrong with its value. */
export class SyncSettingsError extends Error {
	constructor(
		readonly setting: string,
		message: string,
	) {
		super(message);
		this.name = 'SyncSettingsError';
	}
}

/** Throws `SyncSettingsError` for settings the sync cannot run with. */
export function checkSettings(settings: SyncSettings): void {
	if (!settings.sales && !settings.refunds)
		throw new SyncSettingsError('events', 'Choose at least one of sales or refunds to trigger on.');
	if (!Number.isInteger(settings.maxOrdersPerPoll) || settings.maxOrdersPerPoll < 1) {
		throw new SyncSettingsError(
			'maxOrdersPerPoll',
			`Max orders per poll is ${settings.maxOrdersPerPoll}; it must be a whole number of 1 or more.`,
		);
	}
	if (!Number.isFinite(settings.watchExpiryHours) || settings.watchExpiryHours <= 0) {
		throw new SyncSettingsError(
			'watchExpiryHours',
			`The watch expiry is ${settings.watchExpiryHours} hours; it must be more than 0.`,
		);
	}
	for (const [name, ids] of [
		['siteIds', settings.siteIds],
		['warehouseIds', settings.warehouseIds],
	] as const) {
		const bad = ids.find((id) => !Number.isInteger(id) || id <= 0);
		if (bad !== undefined)
			throw new SyncSettingsError(
				name,
				`${name} holds ${bad}; Sitoo ids are whole numbers above 0.`,
			);
	}
	startSignature(settings.start);
}

/**
 * Reads ids picked from a list (`[1, 2]`) or typed as text (`"1, 2,3"`, as workflows saved before
 * the lists hold them; an expression may give either) into distinct ids; names the setting when a
 * part is not a whole number above 0.
 */
export function parseIdList(value: unknown, setting: string): number[] {
	const values = Array.isArray(value) ? (value as unknown[]) : [value];
	const parts = values
		.flatMap((one) => (one === undefined || one === null ? [] : String(one).split(/[,;\s]+/)))
		.map((part) => part.trim())
		.filter((part) => part !== '');
	const ids = parts.map((part) => {
		if (!/^\d+$/.test(part) || Number(part) <= 0)
			throw new SyncSettingsError(
				setting,
				`"${part}" in ${setting} is not an id; pick them from the list or give whole numbers separated by commas, e.g. 1, 2.`,
			);
		return Number(part);
	});
	return [...new Set(ids)];
}

/** A stable text for the start setting; a different one starts a new sync. */
export function startSignature(start: StartFrom): string {
	switch (start.mode) {
		case 'now':
			return 'now';
		case 'orderId':
			if (!Number.isInteger(start.orderId) || start.orderId < 1) {
				throw new SyncSettingsError(
					'startOrderId',
					`The start order id is ${start.orderId}; it must be a whole number of 1 or more.`,
				);
			}
			return `orderId:${start.orderId}`;
		case 'date': {
			const ms = Date.parse(start.date);
			if (Number.isNaN(ms))
				throw new SyncSettingsError('startDate', `The start date "${start.date}" is not a date.`);
			return `date:${new Date(ms).toISOString()}`;
		}
	}
}

/** What the poller has to look up in Sitoo before a new sync can start. */
export type StartLookup =
	/** The newest order id now (`sort=-orderid&num=1`); nothing older is emitted. */
	| { lookup: 'latestOrderId' }
	/**
	 * The lowest orderid with `orderdate >= orderDateFrom` (`orderdatefrom=…&sort=orderid&num=1`).
	 * Orders rung up from then on all have that id or a higher one. Offline receipts rung up before
	 * the date that arrived after that order come along (they reached Sitoo after it); ones that
	 * arrived before it are left out, as they belong before the date anyway.
	 */
	| { lookup: 'firstOrderOnOrAfter'; orderDateFrom: number }
	| { lookup: 'none'; lastOrderId: number };

/** Undefined when the saved state fits the start setting; otherwise how to begin a new one. */
export function startLookup(state: unknown, start: StartFrom): StartLookup | undefined {
	const signature = startSignature(start);
	if (isSyncState(state) && state.startedFrom === signature) return undefined;
	switch (start.mode) {
		case 'now':
			return { lookup: 'latestOrderId' };
		case 'orderId':
			return { lookup: 'none', lastOrderId: start.orderId - 1 };
		case 'date':
			return {
				lookup: 'firstOrderOnOrAfter',
				orderDateFrom: Math.floor(Date.parse(start.date) / 1000),
			};
	}
}

/**
 * The first state of a sync. `foundOrderId` answers the lookup: the latest order id (`now`) or the
 * first order on or after the date (`date`; undefined when there is none yet, then `latestOrderId`
 * is used so that only orders arriving from now on are read).
 */
export function initialState(
	start: StartFrom,
	found: { foundOrderId?: number; latestOrderId?: number } = {},
): SyncState {
	const startedFrom = startSignature(start);
	let lastOrderId: number;
	if (start.mode === 'orderId') lastOrderId = start.orderId - 1;
	else if (start.mode === 'date' && found.foundOrderId !== undefined)
		lastOrderId = found.foundOrderId - 1;
	else lastOrderId = found.latestOrderId ?? found.foundOrderId ?? 0;
	return { version: 1, startedFrom, lastOrderId: Math.max(0, lastOrderId), watching: {} };
}

export function isSyncState(value: unknown): value is SyncState {
	if (typeof value !== 'object' || value === null) return false;
	const state = value as Partial<SyncState>;
	return (
		state.version === 1 &&
		typeof state.startedFrom === 'string' &&
		Number.isInteger(state.lastOrderId) &&
		typeof state.watching === 'object' &&
		state.watching !== null
	);
}

/** The ids to read again this poll, lowest first. */
export function watchedOrderIds(state: SyncState): number[] {
	return Object.keys(state.watching)
		.map(Number)
		.sort((a, b) => a - b);
}

export interface SyncStepInput {
	state: SyncState;
	/** ms since the epoch. */
	now: number;
	settings: SyncSettings;
	/** The watched orders as Sitoo returns them now (any order; missing ones stay watched until they expire). */
	watched: readonly ReadOrder[];
	/** New orders after `state.lastOrderId`, in orderid order (`orderidfrom` + `sort=orderid`). */
	orders: readonly ReadOrder[];
	/** Guest sales read again (`guestOrderIds`); only those with an e-mail need a normalization. */
	guests?: readonly ReadOrder[];
}

/**
 * The read orders `syncStep` will decide on, so that only these are normalized (with look-ups):
 * watched ones read again, and new ones after the cursor up to the cap, in the chosen sites and
 * stores. Walks the orders exactly as `syncStep` does.
 */
export function ordersToNormalize(input: {
	state: SyncState;
	settings: SyncSettings;
	watched: readonly unknown[];
	orders: readonly unknown[];
}): unknown[] {
	const { state, settings } = input;
	const wanted: unknown[] = [];
	for (const raw of input.watched) {
		const id = orderIdOf(raw);
		if (
			id !== undefined &&
			Object.prototype.hasOwnProperty.call(state.watching, String(id)) &&
			inScope(raw, settings)
		)
			wanted.push(raw);
	}
	let lastOrderId = state.lastOrderId;
	let processed = 0;
	for (const raw of input.orders) {
		const id = orderIdOf(raw);
		if (id === undefined || id <= lastOrderId) continue;
		if (processed >= settings.maxOrdersPerPoll) break;
		processed++;
		lastOrderId = id;
		if (inScope(raw, settings)) wanted.push(raw);
	}
	return wanted;
}

/** One poll's decisions. Does not change its input. */
export function syncStep(input: SyncStepInput): SyncStep {
	const { settings, now } = input;
	checkSettings(settings);
	const state = input.state;
	const watching: Record<string, WatchedOrder> = { ...state.watching };
	const emit: EmittedOrder[] = [];
	const skipped: SkippedOrder[] = [];
	let filteredOut = 0;

	const refetched = new Map<number, ReadOrder>();
	for (const again of input.watched) {
		const id = orderIdOf(again.raw);
		if (id !== undefined && Object.prototype.hasOwnProperty.call(watching, String(id)))
			refetched.set(id, again);
	}
	for (const id of watchedOrderIds(state)) {
		const entry = watching[String(id)];
		const again = refetched.get(id);
		if (again === undefined) {
			// Not returned this time (deleted? another site?): keep it until the expiry says otherwise.
			if (expired(entry, now, settings)) {
				delete watching[String(id)];
				skipped.push({
					orderId: id,
					code: 'expired',
					reason: `Sitoo no longer returns order ${id}, watched since ${entry.firstSeenAt} (${entry.reason}); given up after ${settings.watchExpiryHours} hours.`,
				});
			}
			continue;
		}
		const outcome = decide(again, input, watching, entry);
		if (outcome.kind === 'emit') emit.push({ ...outcome.emitted, via: 'watched' });
		else if (outcome.kind === 'skip') skipped.push(outcome.skipped);
		else if (outcome.kind === 'filtered') filteredOut++;
	}

	let lastOrderId = state.lastOrderId;
	let read = 0;
	let processed = 0;
	for (const incoming of input.orders) {
		const { raw } = incoming;
		const id = orderIdOf(raw);
		if (id === undefined) {
			// Without an orderid the cursor cannot pass it in order; the page came from a walk that
			// checks ids, so this is a page that is not Sitoo's (a test or a proxy). Report it.
			skipped.push({
				code: 'unreadable',
				field: 'orderid',
				reason:
					'An order without a whole-number orderid was read; it cannot be placed in arrival order.',
				raw,
			});
			continue;
		}
		if (id <= lastOrderId) continue; // already behind the cursor: read twice, handled once
		read++;
		if (processed >= settings.maxOrdersPerPoll) break;
		processed++;
		lastOrderId = id;
		const outcome = decide(incoming, input, watching, undefined);
		if (outcome.kind === 'emit') emit.push({ ...outcome.emitted, via: 'new' });
		else if (outcome.kind === 'skip') skipped.push(outcome.skipped);
		else if (outcome.kind === 'filtered') filteredOut++;
	}

	const { guests, emailed } = watchGuests({
		guests: state.guests,
		reread: input.guests ?? [],
		emitted: emit,
		now,
		watchMs: (settings.guestWatchMinutes ?? 0) * 60_000,
	});
	return {
		emit: [...emailed, ...emit],
		skipped,
		state: {
			version: 1,
			startedFrom: state.startedFrom,
			lastOrderId,
			watching,
			...(Object.keys(guests).length > 0 ? { guests } : {}),
		},
		read,
		processed,
		filteredOut,
	};
}

type Outcome =
	| { kind: 'emit'; emitted: Omit<EmittedOrder, 'via'> }
	| { kind: 'skip'; skipped: SkippedOrder }
	| { kind: 'watch' }
	| { kind: 'filtered' }
	/** Final without a sale of its own: a parked order that closed as a separate sale. */
	| { kind: 'settled' };

/** Decides one order and updates `watching` for it. `entry` is set when it was watched. */
function decide(
	read: ReadOrder,
	input: SyncStepInput,
	watching: Record<string, WatchedOrder>,
	entry: WatchedOrder | undefined,
): Outcome {
	const { settings, now } = input;
	const { raw } = read;
	const id = orderIdOf(raw);
	const key = String(id);
	const leave = () => {
		delete watching[key];
	};
	if (!inScope(raw, settings)) {
		leave();
		return { kind: 'filtered' };
	}
	const result = mappedResult(read, id);
	if (!result.ok) {
		leave();
		return {
			kind: 'skip',
			skipped: { orderId: id, code: 'unreadable', field: result.field, reason: result.reason, raw },
		};
	}
	const order = result.order;
	if (!channelWanted(order, settings)) {
		leave();
		return { kind: 'filtered' };
	}
	const { state } = order;
	if (!state.isFinal) {
		const since = entry?.firstSeenAt ?? new Date(now).toISOString();
		const reason = settlementReason(order);
		if (entry && expired(entry, now, settings)) {
			leave();
			return {
				kind: 'skip',
				skipped: {
					orderId: id,
					code: 'expired',
					reason: `Order ${id} was still ${reason.split(':')[0]} after ${settings.watchExpiryHours} hours (watched since ${since}); no longer watched.`,
					raw,
				},
			};
		}
		watching[key] = { firstSeenAt: since, reason };
		return { kind: 'watch' };
	}
	if (!state.isCompleted) {
		leave();
		if (state.orderType === 'parked' && state.order === 'closed') return { kind: 'settled' };
		const cancelled = state.order === 'cancelled' || state.order === 'abandoned';
		return {
			kind: 'skip',
			skipped: {
				orderId: id,
				code: cancelled ? 'cancelled' : 'notPaid',
				reason: cancelled
					? `Order ${id} was ${state.order}; it is not a sale.`
					: `Order ${id} closed with payment ${state.payment}; only paid orders are sales.`,
				raw,
			},
		};
	}
	if (!eventWanted(order, settings)) {
		leave();
		return { kind: 'filtered' };
	}
	const saleId = order.parts.refund ? order.ids.originalOrderId : undefined;
	if (
		saleId !== undefined &&
		saleId !== id &&
		Object.prototype.hasOwnProperty.call(watching, String(saleId))
	) {
		// Invariant 2: the refund waits for its sale.
		watching[key] = {
			firstSeenAt: entry?.firstSeenAt ?? new Date(now).toISOString(),
			reason: `waiting for its sale ${saleId} to complete`,
			waitingForOrderId: saleId,
		};
		return { kind: 'watch' };
	}
	leave();
	return {
		kind: 'emit',
		emitted: {
			orderId: order.ids.orderId,
			raw: raw as Record<string, unknown>,
			order,
			warnings: result.warnings,
		},
	};
}

/** A caller that skipped `ordersToNormalize` would otherwise have the order decided without its look-ups. */
function mappedResult(read: ReadOrder, id: number | undefined): NormalizeResult {
	if (read.result === undefined)
		throw new Error(
			`Sitoo order ${String(id)} was read but not normalized; normalize every order ordersToNormalize lists.`,
		);
	return read.result;
}

function settlementReason(order: NormalizedOrder): string {
	const { state } = order;
	if (state.order === 'open') {
		if (state.orderType === 'parked')
			return 'parked at the till: watched until it closes or is cancelled';
		if (state.orderType === 'booking')
			return 'a booking not yet picked up: watched until it closes or is cancelled';
		return 'still open: watched until it closes or is cancelled';
	}
	return `closed with payment ${state.payment}: watched until the payment settles`;
}

function expired(entry: WatchedOrder, now: number, settings: SyncSettings): boolean {
	// A refund waiting for its sale leaves with that sale, never on its own.
	if (entry.waitingForOrderId !== undefined) return false;
	const since = Date.parse(entry.firstSeenAt);
	return !Number.isNaN(since) && now - since > settings.watchExpiryHours * HOUR_MS;
}

/** Site and store filters on the raw order, so orders of other stores are not even mapped. */
function inScope(raw: unknown, settings: SyncSettings): boolean {
	if (typeof raw !== 'object' || raw === null) return true; // let the mapper report it
	const order = raw as Record<string, unknown>;
	if (
		settings.siteIds.length > 0 &&
		typeof order.eshopid === 'number' &&
		!settings.siteIds.includes(order.eshopid)
	)
		return false;
	if (
		settings.warehouseIds.length > 0 &&
		!(typeof order.warehouseid === 'number' && settings.warehouseIds.includes(order.warehouseid))
	)
		return false;
	return true;
}

function channelWanted(order: NormalizedOrder, settings: SyncSettings): boolean {
	return settings.channel === 'all' || order.source.channel === 'pos';
}

/** Exchanges count as a sale, a refund, or both, by the parts they carry. */
export function eventWanted(
	order: NormalizedOrder,
	settings: Pick<SyncSettings, 'sales' | 'refunds'>,
): boolean {
	return (
		(settings.sales && order.parts.sale !== undefined) ||
		(settings.refunds && order.parts.refund !== undefined)
	);
}

function orderIdOf(raw: unknown): number | undefined {
	const id =
		typeof raw === 'object' && raw !== null ? (raw as { orderid?: unknown }).orderid : undefined;
	return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * "Fetch test event": the newest order that the trigger would emit now, from orders listed newest
 * first. Each candidate in the chosen sites and stores is normalized (`normalize`, with its
 * look-ups) only until one fits. The state is not involved: a test fetch never moves the cursor.
 */
export async function pickTestEvent(
	newestFirst: readonly unknown[],
	settings: SyncSettings,
	normalize: (raw: unknown) => Promise<NormalizeResult>,
): Promise<Omit<EmittedOrder, 'via'> | undefined> {
	for (const raw of newestFirst) {
		if (!inScope(raw, settings)) continue;
		const result = await normalize(raw);
		if (!result.ok || !channelWanted(result.order, settings)) continue;
		if (!result.order.state.isCompleted || !eventWanted(result.order, settings)) continue;
		return {
			orderId: result.order.ids.orderId,
			raw: raw as Record<string, unknown>,
			order: result.order,
			warnings: result.warnings,
		};
	}
	return undefined;
}
