/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- benchmark code: runs in Node, never inside n8n */
/* eslint-disable
	no-console
	-- a command-line script: what it prints is its output */
/**
 * Core mapping throughput: Sitoo order JSON → normalized order → Klaviyo
 * Create Event bodies, on one core, with the simulator's receipts (every kind the till makes).
 */
import { normalizeOrder } from '../nodes/core/order';
import { createEventRequestBody, orderEvents } from '../nodes/core/klaviyo/order-events';
import { createSitooSimulator, type Order } from '../test/simulators/sitoo';

export interface MappingResult {
	orders: number;
	events: number;
	seconds: number;
	ordersPerSecond: number;
	eventsPerSecond: number;
}

export function mappingThroughput(targetOrders: number): MappingResult {
	const now = Date.UTC(2025, 5, 2, 12);
	const pool: Order[] = [11, 23, 37].flatMap(
		(seed) =>
			createSitooSimulator({
				accountId: '1500',
				apiId: '1500-1',
				password: 'p',
				seed,
				now: () => now,
				historyOrders: 300,
			}).world.state.orders,
	);
	// Warm-up, so the JIT has compiled the hot paths before the clock starts.
	for (const raw of pool.slice(0, 200))
		normalizeOrder(raw, { accountId: '1500', refundSequence: 1 });
	let events = 0;
	const started = process.hrtime.bigint();
	for (let i = 0; i < targetOrders; i++) {
		const result = normalizeOrder(pool[i % pool.length], {
			accountId: '1500',
			refundSequence: 1,
			now,
		});
		if (!result.ok) continue;
		const mapped = orderEvents(result.order, { now });
		if (!mapped.attributed) continue;
		for (const event of mapped.events) {
			JSON.stringify(createEventRequestBody(mapped.profile, event));
			events++;
		}
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return {
		orders: targetOrders,
		events,
		seconds,
		ordersPerSecond: targetOrders / seconds,
		eventsPerSecond: events / seconds,
	};
}

if (require.main === module) {
	const result = mappingThroughput(Number(process.argv[2] ?? 50_000));
	console.log(JSON.stringify(result));
}
