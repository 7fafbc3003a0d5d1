/**
 * Guest sales that may still get an e-mail. Staff can e-mail a receipt after a sale rung up without a
 * customer (Sitoo's `email-receipt`, docs/reference/sitoo-spi.md §5.7): the e-mail then appears on the
 * order. The polling trigger re-reads its recent guest sales for a while and hands one on again, once,
 * when it has an address, so it reaches Klaviyo at its till time (invariant 4). Sitoo orders have no
 * modified-since filter (docs/reference/sitoo-api.md), so this costs one list request per hundred
 * guests a poll: the time and the count are bounded.
 */
import type { NormalizedOrder } from '../order/types';
import type { EmittedOrder, ReadOrder, SyncState } from './types';

/** At most this many guest sales are re-read each poll (the most recent ones). */
export const GUESTS_AT_MOST = 2_000;

/** A sale handed on without a customer e-mail: worth watching for a later e-mail receipt. */
export function isGuestSale(order: NormalizedOrder): boolean {
	return order.parts.sale !== undefined && !(order.customer.email ?? '').trim();
}

/** The guest sales to read again this poll, lowest first. */
export function guestOrderIds(state: SyncState): number[] {
	return Object.keys(state.guests ?? {})
		.map(Number)
		.sort((a, b) => a - b);
}

/** Whether a re-read row is worth normalizing: it has an e-mail now. */
export function hasEmailNow(raw: unknown): boolean {
	const email =
		typeof raw === 'object' && raw !== null ? (raw as { email?: unknown }).email : undefined;
	return typeof email === 'string' && email.trim() !== '';
}

/**
 * The guests after this poll: ones that got an e-mail are handed on (`emailed`) and let go, ones
 * watched longer than `watchMs` are let go, and this poll's new guest sales are added.
 */
export function watchGuests(input: {
	guests: Record<string, string> | undefined;
	reread: readonly ReadOrder[];
	emitted: readonly EmittedOrder[];
	now: number;
	watchMs: number;
}): { guests: Record<string, string>; emailed: EmittedOrder[] } {
	const guests: Record<string, string> = { ...(input.guests ?? {}) };
	const emailed: EmittedOrder[] = [];
	for (const { raw, result } of input.reread) {
		if (!result?.ok) continue;
		const id = result.order.ids.orderId;
		if (!Object.prototype.hasOwnProperty.call(guests, String(id))) continue;
		if (!(result.order.customer.email ?? '').trim()) continue;
		delete guests[String(id)];
		emailed.push({
			orderId: id,
			raw: raw as Record<string, unknown>,
			order: result.order,
			warnings: result.warnings,
			via: 'emailed',
		});
	}
	for (const [id, since] of Object.entries(guests))
		if (input.now - Date.parse(since) > input.watchMs) delete guests[id];
	if (input.watchMs > 0)
		for (const e of input.emitted)
			if (isGuestSale(e.order)) guests[String(e.orderId)] = new Date(input.now).toISOString();
	const ids = Object.keys(guests)
		.map(Number)
		.sort((a, b) => a - b);
	for (const id of ids.slice(0, Math.max(0, ids.length - GUESTS_AT_MOST)))
		delete guests[String(id)];
	return { guests, emailed };
}
