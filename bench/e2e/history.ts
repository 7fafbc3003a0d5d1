/**
 * The chain's past for the backfill measurements: completed member sales already in Sitoo, spread
 * evenly over whole past days at the stores of site 1 (the site the Sitoo credential reads), made in
 * one call to the Sitoo simulator's admin API.
 */
import { admin } from '../../test/e2e/harness/simulators';
import type { Sitoo } from './stage';

const DAY = 86_400_000;

export interface History {
	orders: number;
	firstOrderId: number;
	lastOrderId: number;
	/** The range as the backfill template takes it: first and last day, inclusive. */
	firstDay: string;
	lastDay: string;
}

export async function makeHistory(sitoo: Sitoo, orders: number): Promise<History> {
	const today = Math.floor(Date.now() / DAY) * DAY;
	// About ten minutes between sales over a long past: a year for 50k orders, as a mid-size chain has.
	const days = Math.max(30, Math.ceil(orders / 144));
	const from = today - (days + 2) * DAY;
	const to = today - 2 * DAY;
	const storeIds = sitoo.sim.world.state.stores
		.filter((s) => s.eshopid === 1)
		.map((s) => s.storeid);
	const made = await admin<{ count: number; firstOrderId: number; lastOrderId: number }>(
		sitoo.server,
		'POST',
		'/__admin/orders/history',
		{ count: orders, from, to: to - 1, customer: 'member', storeIds },
	);
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	return {
		orders: made.count,
		firstOrderId: made.firstOrderId,
		lastOrderId: made.lastOrderId,
		firstDay: day(from),
		lastDay: day(to - DAY),
	};
}
