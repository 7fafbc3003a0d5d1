/**
 * A poller loop over the sync core against the Sitoo simulator's world, without HTTP: orders are
 * read with the simulator's own list filter (`orderidfrom`, `sort=orderid`, `num`, `fields`), as
 * the trigger's transport asks for them.
 */
import { createSitooSimulator, type SitooSimulator } from '../../simulators/sitoo';
import { listOrders } from '../../simulators/sitoo/orders';
import { ORDER_LIST_FIELDS } from '../../../nodes/core/sitoo/fields';
import { normalizeOrder } from '../../../nodes/core/order';
import {
	ordersToNormalize,
	syncStep,
	watchedOrderIds,
	guestOrderIds,
	hasEmailNow,
	type EmittedOrder,
	type ReadOrder,
	type SkippedOrder,
	type SyncSettings,
	type SyncState,
	type SyncStep,
} from '../../../nodes/core/sync';
import { DEFAULT_SYNC_SETTINGS } from '../../../nodes/core/sync';

export const ACCOUNT = '1500';
export const T0 = Date.UTC(2025, 5, 2, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function simulator(
	clock: { now: number },
	options: { historyOrders?: number } = {},
): SitooSimulator {
	return createSitooSimulator({
		accountId: ACCOUNT,
		apiId: `${ACCOUNT}-1`,
		password: 'pw',
		seed: 11,
		now: () => clock.now,
		historyOrders: options.historyOrders ?? 120,
	});
}

type Row = Record<string, unknown>;

function query(params: Record<string, string | number>): URLSearchParams {
	return new URLSearchParams(
		Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
	);
}

/** A copy, as a response body would be: later changes in the world do not reach it. */
function read(sim: SitooSimulator, params: Record<string, string | number>): Row[] {
	const page = listOrders(
		sim.world.state.orders,
		query({ fields: ORDER_LIST_FIELDS.join(','), ...params }),
		5000,
	);
	return JSON.parse(JSON.stringify(page.items)) as Row[];
}

export function newOrders(sim: SitooSimulator, lastOrderId: number, max: number): Row[] {
	return read(sim, { orderidfrom: lastOrderId + 1, sort: 'orderid', num: max });
}

export function ordersById(sim: SitooSimulator, ids: number[]): Row[] {
	return ids.length === 0
		? []
		: read(sim, { orderid: ids.join(','), sort: 'orderid', num: ids.length });
}

export function latestOrderId(sim: SitooSimulator): number {
	return Number(read(sim, { sort: '-orderid', num: 1 })[0]?.orderid ?? 0);
}

export function firstOrderOnOrAfter(sim: SitooSimulator, unixSeconds: number): number | undefined {
	const row = read(sim, { orderdatefrom: unixSeconds, sort: 'orderid', num: 1 })[0];
	return row ? Number(row.orderid) : undefined;
}

export function settings(overrides: Partial<SyncSettings> = {}): SyncSettings {
	return { ...DEFAULT_SYNC_SETTINGS, channel: 'all', ...overrides };
}

/** The trigger's one normalization of an order, without the Sitoo look-ups (no stores, no refund position). */
export function normalized(raw: unknown, now: number = T0): ReadOrder {
	return { raw, result: normalizeOrder(raw, { accountId: ACCOUNT, now }) };
}

/** Rows with their normalization where `ordersToNormalize` asks for it, as the trigger hands them to `syncStep`. */
export function mapped(
	rows: readonly unknown[],
	wanted: ReadonlySet<unknown>,
	now: number,
): ReadOrder[] {
	return rows.map((raw) => (wanted.has(raw) ? normalized(raw, now) : { raw }));
}

/** One poll as the node does it; the state goes through JSON like workflow static data. */
export function poll(
	sim: SitooSimulator,
	state: SyncState,
	now: number,
	options: SyncSettings,
	transform?: (rows: Row[]) => Row[],
): SyncStep {
	const watchedRows = ordersById(sim, watchedOrderIds(state));
	let newRows = newOrders(sim, state.lastOrderId, options.maxOrdersPerPoll);
	if (transform) newRows = transform(newRows);
	const wanted = new Set(
		ordersToNormalize({ state, settings: options, watched: watchedRows, orders: newRows }),
	);
	const guestRows = ordersById(sim, guestOrderIds(state));
	const step = syncStep({
		state,
		now,
		settings: options,
		watched: mapped(watchedRows, wanted, now),
		orders: mapped(newRows, wanted, now),
		guests: guestRows.map((raw) => (hasEmailNow(raw) ? normalized(raw, now) : { raw })),
	});
	return { ...step, state: JSON.parse(JSON.stringify(step.state)) as SyncState };
}

export interface Run {
	state: SyncState;
	emitted: EmittedOrder[];
	skipped: SkippedOrder[];
}

export function record(run: Run, step: SyncStep): SyncStep {
	run.emitted.push(...step.emit);
	run.skipped.push(...step.skipped);
	run.state = step.state;
	return step;
}

/** What Sitoo says is a completed sale or refund: closed and paid, not the parked shell of a sale. */
export function isCompletedInSitoo(order: {
	orderstateid: number;
	paymentstateid: number;
	ordertypeid: number;
	moneytotal_gross_all: string;
}): boolean {
	if (order.orderstateid !== 10 || order.ordertypeid === 110) return false;
	return (
		order.paymentstateid === 20 ||
		(order.paymentstateid === 0 && Number(order.moneytotal_gross_all) === 0)
	);
}
