/**
 * Replay after a restart. n8n stores the trigger's bookmark when a poll hands orders on, before the
 * run that sends them has ended: if n8n dies during that run, those orders are never read again, and
 * a later refund could reach Klaviyo before its lost sale (docs/design.md invariant 2). So the first poll
 * after n8n starts hands the previous two batches on again, ahead of anything new (a slow run can
 * still be going when the next poll's run starts, and a kill ends both). Klaviyo keeps one event
 * per unique id (invariant 1): orders that did arrive are not doubled.
 */
import { eventWanted } from './cursor';
import type { EmittedOrder, ReadOrder, SyncSettings, SyncState, SyncStep } from './types';

/** The orders to read again from Sitoo for a replay (the last two batches), lowest first. */
export function replayOrderIds(state: SyncState): number[] {
	return [...new Set([...(state.previousEmitted ?? []), ...(state.lastEmitted ?? [])])]
		.filter((id) => Number.isSafeInteger(id) && id > 0)
		.sort((a, b) => a - b);
}

/**
 * The previous batch as Sitoo returns it now (each normalized once, with its look-ups), in orderid
 * order. Orders that no longer read as a completed sale or refund this trigger wants are left
 * out: they were handed on once already.
 */
export function replayBatch(
	state: SyncState,
	reread: readonly ReadOrder[],
	settings: Pick<SyncSettings, 'sales' | 'refunds'>,
): EmittedOrder[] {
	const wanted = new Set(replayOrderIds(state));
	const replayed: EmittedOrder[] = [];
	for (const { raw, result } of reread) {
		if (!result?.ok || !wanted.has(result.order.ids.orderId)) continue;
		if (!result.order.state.isCompleted || !eventWanted(result.order, settings)) continue;
		wanted.delete(result.order.ids.orderId);
		replayed.push({
			orderId: result.order.ids.orderId,
			raw: raw as Record<string, unknown>,
			order: result.order,
			warnings: result.warnings,
			via: 'replay',
		});
	}
	return replayed.sort((a, b) => a.orderId - b.orderId);
}

/** The poll's step with the replayed batch first; both batches are replayed if this run dies too. */
export function withReplay(step: SyncStep, replayed: readonly EmittedOrder[]): SyncStep {
	if (replayed.length === 0) return step;
	const fresh = new Set(step.emit.map((e) => e.orderId));
	const emit = [...replayed.filter((e) => !fresh.has(e.orderId)), ...step.emit];
	return { ...step, emit, state: { ...step.state, lastEmitted: emit.map((e) => e.orderId) } };
}
