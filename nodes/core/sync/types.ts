/**
 * The order sync's plain data: settings, the bookmark kept between polls, and what one poll decided.
 * Modelled on the Singer SDK's stream/state: the replication key is Sitoo's `orderid` (arrival
 * order, docs/reference/sitoo-api.md §5), the state is a small JSON bookmark, written only once the records it
 * covers have been handed on.
 */
import type { NormalizedOrder, NormalizeResult, OrderWarning } from '../order/types';
import type { FailedRuns, HandOff } from './hand-off';

/** Where a new sync starts reading. */
export type StartFrom =
	| { mode: 'now' }
	/** Inclusive: this order is the first one read. */
	| { mode: 'orderId'; orderId: number }
	/** Backfill: the first order (by orderid) whose till time is on or after this moment. */
	| { mode: 'date'; date: string };

export interface SyncSettings {
	/** Completed sales (and the purchase part of exchanges). */
	sales: boolean;
	/** Completed refunds and returns (and the refund part of exchanges). */
	refunds: boolean;
	/** Sites (eshopid) to follow; empty: all sites. */
	siteIds: readonly number[];
	/** Warehouses (one per store) to follow; empty: all stores. */
	warehouseIds: readonly number[];
	/** `pos`: only receipts rung up at a till (`registerid` set); `all`: webshop orders too. */
	channel: 'pos' | 'all';
	/** How long an open, parked or booked order is watched before it is given up (hours). */
	watchExpiryHours: number;
	/** How long a guest sale is re-read for an e-mail from a later e-mail receipt (minutes; 0: not). */
	guestWatchMinutes?: number;
	/** At most this many new orders are read per poll, so a backlog drains over several polls. */
	maxOrdersPerPoll: number;
	start: StartFrom;
}

/** One order kept in state until it settles. */
export interface WatchedOrder {
	/** When this sync first saw it (ISO 8601); the expiry counts from here. */
	firstSeenAt: string;
	/** Why it is watched, in words. */
	reason: string;
	/** Set for a refund held back until the sale it refunds has been emitted (or has settled otherwise). */
	waitingForOrderId?: number;
}

/** The bookmark, kept in the trigger's workflow static data. JSON only. */
export interface SyncState {
	version: 1;
	/** The start setting this state was made for; a changed setting starts a new sync. */
	startedFrom: string;
	/** Every order with an orderid up to this one has been handed on, filtered out, or is in `watching`. */
	lastOrderId: number;
	/** Orders not final yet, and refunds waiting for their sale, by orderid. */
	watching: Record<string, WatchedOrder>;
	/** Guest sales re-read for a later e-mail receipt: order id → when first handed on (`guests.ts`). */
	guests?: Record<string, string>;
	/** The batch handed on last, until its run is heard of as succeeded (see `hand-off.ts`). */
	handOff?: HandOff;
	/** Runs of the batch handed on again that failed in a row. */
	failedRuns?: FailedRuns;
}

/** An order as read from Sitoo, with its one mapping when the poll decides on it. */
export interface ReadOrder {
	raw: unknown;
	/**
	 * The order normalized once, with the Sitoo look-ups (store, refund position, currency). Left out
	 * for orders `ordersToNormalize` does not list: other sites or stores, past the cap, already read.
	 */
	result?: NormalizeResult;
}

export interface EmittedOrder {
	orderId: number;
	/** The Sitoo order as read. */
	raw: Record<string, unknown>;
	/** The order the cursor decided on, as it is handed on. */
	order: NormalizedOrder;
	warnings: OrderWarning[];
	/**
	 * `watched`: emitted now after being watched (it closed, or its sale was emitted). `emailed`: a
	 * guest sale handed on before without an e-mail, again now that a receipt was e-mailed.
	 */
	via: 'new' | 'watched' | 'emailed';
	/** Handed on before, in a run that failed or whose end nobody heard (`hand-off.ts`). */
	again?: 'failedRun' | 'unknownRun';
}

export type SkipCode = 'unreadable' | 'expired' | 'cancelled' | 'notPaid' | 'runFailed';

/** An order that will never be emitted, and why: reported, never dropped silently (docs/design.md invariant 7). */
export interface SkippedOrder {
	orderId?: number;
	code: SkipCode;
	reason: string;
	/** The Sitoo field at fault, for `unreadable`. */
	field?: string;
	raw?: unknown;
}

export interface SyncStep {
	/** To hand on, in this order. */
	emit: EmittedOrder[];
	skipped: SkippedOrder[];
	/** The next bookmark; save it only with (after) the emitted orders. */
	state: SyncState;
	/** Orders read from Sitoo this poll that were new (after the cursor). */
	read: number;
	/** New orders processed this poll; the rest wait for the next poll (the cap). */
	processed: number;
	/** New orders outside the chosen sites, stores, channel or events. */
	filteredOut: number;
}
