import {
	normalizeOrder,
	type NormalizeContext,
	type NormalizedOrder,
	type OrderWarning,
} from '../../../nodes/core/order';
import {
	createSitooSimulator,
	parseMoney,
	type Order,
	type SitooSimulator,
} from '../../simulators/sitoo';

export const ACCOUNT = '1500';
/** A fixed clock, so the seeded world is the same on every run. */
export const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);

/** Stores take turns between SE, NO and DE in the simulator (generator.ts), so 1 = SEK, 2 = NOK, 3 = EUR. */
export const STORE = { SE: 1, NO: 2, DE: 3 } as const;

export function simulator(seed = 42, historyOrders = 60): SitooSimulator {
	return createSitooSimulator({
		accountId: ACCOUNT,
		apiId: `${ACCOUNT}-1`,
		password: 'p',
		seed,
		now: () => NOW,
		historyOrders,
	});
}

/** Normalizes and fails the test (with the reason) when the mapper refuses the order. */
export function normalized(
	raw: unknown,
	context: Partial<NormalizeContext> = {},
): { order: NormalizedOrder; warnings: OrderWarning[] } {
	const result = normalizeOrder(raw, { accountId: ACCOUNT, ...context });
	if (!result.ok)
		throw new Error(`expected the order to normalize, got ${result.field}: ${result.reason}`);
	return { order: result.order, warnings: result.warnings };
}

export function rejected(
	raw: unknown,
	context: Partial<NormalizeContext> = {},
): { field: string; reason: string } {
	const result = normalizeOrder(raw, { accountId: ACCOUNT, ...context });
	if (result.ok) throw new Error(`expected a rejection, got a ${result.order.kind}`);
	return { field: result.field, reason: result.reason };
}

/** Cents of a line's gross total, read with the simulator's own parser (an independent implementation). */
export function rawLineGross(item: Order['orderitems'][number]): number {
	return parseMoney(item.moneyitemtotal_net) + parseMoney(item.moneyitemtotal_vat);
}

export function cents(amount: number): number {
	return Math.round(amount * 100);
}

/** A deep copy to break, so a test never changes the simulator's stored order. */
export function copy<T>(value: T): T {
	return structuredClone(value);
}
