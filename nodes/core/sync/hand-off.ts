/**
 * The bookmark moves only once the run that got the orders has succeeded (docs/design.md invariant 1).
 *
 * A poll hands a batch on with the bookmark it would move to (`HandOff.next`) and keeps the old one.
 * n8n tells the trigger how the run ended. The next poll decides:
 * - it succeeded: the bookmark moves;
 * - it failed, or nobody knows (n8n restarted, the run outlived `maxRunMs`): the batch is read again
 *   from the old bookmark and handed on again, in till order, with whatever arrived since;
 * - it is still going: the poll waits, so a later refund never overtakes its sale (invariant 2).
 *
 * Klaviyo keeps one event per unique id, so orders of a failed run that did arrive are not doubled.
 * A batch whose runs keep failing for `retryForMs` is let go: its orders leave on the Skipped output
 * with the reason, for the exception ledger, and the sync goes on.
 */
import type { SkippedOrder, SyncState } from './types';

/** A batch handed on whose run has not yet been heard of as succeeded. */
export interface HandOff {
	/** Tells this batch's run apart from earlier ones. */
	id: string;
	/** The bookmark once the run has succeeded. */
	next: SyncState;
	/** When the batch was handed on (ISO 8601). */
	at: string;
	/** The n8n process that handed it on: only it hears how the run ends. */
	processId: string;
	/** The orders in the batch, for the Skipped items when it is let go. */
	orderIds: number[];
}

/** Runs of the same batch that failed in a row. */
export interface FailedRuns {
	/** When the first of them was handed on (ISO 8601). */
	since: string;
	count: number;
}

export type RunOutcome = 'succeeded' | 'failed';

export interface SettleInput {
	state: SyncState;
	/** How the hand-off's run ended, when this process heard it. */
	outcome: RunOutcome | undefined;
	/** Whether this process is still waiting to hear how the hand-off's run ends. */
	listening: boolean;
	processId: string;
	now: number;
	/** A run still going after this long is taken for lost and its batch handed on again. */
	maxRunMs: number;
	/** A batch whose runs have failed for this long is let go. */
	retryForMs: number;
}

export type Settled =
	/** The batch's run is still going: hand nothing on. */
	| { action: 'wait' }
	| {
			action: 'poll';
			/** The bookmark to poll from, without a hand-off. */
			state: SyncState;
			/** Orders handed on again because their run failed, or may not have finished. */
			/** `unknownRun`: n8n restarted, or the run went silent for longer than `maxRunMs`. */
			again?: { orderIds: number[]; why: 'failedRun' | 'unknownRun' };
			/** Orders let go after failing for `retryForMs`, to report on the Skipped output. */
			letGo: SkippedOrder[];
	  };

/** One hour: longer than any healthy run of a poll's batch (1,200 orders at Klaviyo's rate). */
export const DEFAULT_MAX_RUN_MS = 60 * 60 * 1000;
/** Sitoo itself keeps undelivered events for about a day (docs/reference/sitoo-spi.md §5.3). */
export const DEFAULT_RETRY_FOR_HOURS = 24;

/** What the poll does about the batch it handed on last. */
export function settleHandOff(input: SettleInput): Settled {
	const { state, now } = input;
	const { handOff, failedRuns } = state;
	const rest = bookmarkOnly(state);
	if (handOff === undefined) return { action: 'poll', state: rest, letGo: [] };
	if (input.outcome === 'succeeded') return { action: 'poll', state: handOff.next, letGo: [] };

	const stillGoing =
		input.outcome === undefined &&
		input.listening &&
		handOff.processId === input.processId &&
		now - Date.parse(handOff.at) <= input.maxRunMs;
	if (stillGoing) return { action: 'wait' };

	const failed: FailedRuns = {
		since: failedRuns?.since ?? handOff.at,
		count: (failedRuns?.count ?? 0) + 1,
	};
	if (now - Date.parse(failed.since) >= input.retryForMs) {
		const reason = `Every run that sent this order failed for ${hours(input.retryForMs)} (${failed.count} runs); the sync went on without it. The failed executions show why.`;
		return {
			action: 'poll',
			state: handOff.next,
			letGo: handOff.orderIds.map((orderId) => ({ orderId, code: 'runFailed', reason })),
		};
	}
	const why = input.outcome === 'failed' ? 'failedRun' : 'unknownRun';
	return {
		action: 'poll',
		state: { ...rest, failedRuns: failed },
		again: { orderIds: [...handOff.orderIds], why },
		letGo: [],
	};
}

/** The state to store with a batch handed on: the bookmark stays until the run has succeeded. */
export function withHandOff(
	from: SyncState,
	next: SyncState,
	handOff: Omit<HandOff, 'next'>,
): SyncState {
	return { ...from, handOff: { ...handOff, next: bookmarkOnly(next) } };
}

/** The state without a hand-off or failed runs. */
export function bookmarkOnly(state: SyncState): SyncState {
	const bookmark = { ...state };
	delete bookmark.handOff;
	delete bookmark.failedRuns;
	return bookmark;
}

function hours(ms: number): string {
	const h = ms / (60 * 60 * 1000);
	return h === 1 ? '1 hour' : `${Number(h.toFixed(2))} hours`;
}
