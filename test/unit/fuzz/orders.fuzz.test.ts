/**
 * Property-based fuzzing of the order normalizer and the Klaviyo order mapping: thousands
 * of generated receipts (the simulator's till, driven by fast-check) and mutated ones (fields deleted,
 * retyped or replaced by plausible-but-wrong values). Seeded, so a failure replays exactly: the
 * counterexample and its seed are in the failure message.
 *
 * What must hold for every input (docs/design.md invariant 7, docs/reference/klaviyo-api.md §3):
 * - nothing throws, and the normalizer never falls back to its "could not be read" catch-all;
 * - a rejection names a field that exists in the order (or the order/context itself) and its reason
 *   repeats that field and says what is wrong;
 * - an accepted order maps to Create Event bodies that validate against Klaviyo's OpenAPI spec,
 *   with distinct unique ids, and an unattributed order says why.
 */
import fc from 'fast-check';
import {
	normalizeOrder,
	type NormalizeContext,
	type NormalizeResult,
} from '../../../nodes/core/order';
import {
	createEventRequestBody,
	orderEvents,
	type OrderEventOptions,
} from '../../../nodes/core/klaviyo/order-events';
import { KlaviyoContract } from '../../simulators/klaviyo/contract';
import type { Order } from '../../simulators/sitoo';
import type { CustomerChoice } from '../../simulators/sitoo/receipts';
import { PHONE_TABLE, REAL_WORLD_EMAILS } from '../../support/real-world-identities';
import { ACCOUNT, NOW, copy, simulator } from '../order/helpers';

const SEED = 20250602;
const createEvent = new KlaviyoContract().operation('create_event');
/** The normalizer's catch-all for an exception it did not expect (normalize.ts): a crash in disguise. */
const CRASH = 'The order could not be read';

type Path = (string | number)[];

/** Every place in a JSON value, parents before children. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
	const paths: Path[] = [];
	if (Array.isArray(value))
		value.forEach((child, index) =>
			paths.push([...prefix, index], ...pathsOf(child, [...prefix, index])),
		);
	else if (value !== null && typeof value === 'object') {
		for (const [key, child] of Object.entries(value))
			paths.push([...prefix, key], ...pathsOf(child, [...prefix, key]));
	}
	return paths;
}

function valueAt(root: unknown, path: Path): unknown {
	let node = root;
	for (const step of path) {
		if (node === null || typeof node !== 'object') return undefined;
		node = (node as Record<string | number, unknown>)[step];
	}
	return node;
}

/** `orderitems[2].quantity`, the way the normalizer names fields. */
function fieldName(path: Path): string {
	return path
		.map((step, index) =>
			typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`,
		)
		.join('');
}

/** The rejected field parsed back to a path, e.g. `orderitems[0].orderitemid` → ['orderitems', 0, 'orderitemid']. */
function parseField(field: string): Path {
	const path: Path = [];
	for (const part of field.match(/[^.[\]]+|\[\d+\]/g) ?? [])
		path.push(/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part);
	return path;
}

type Mutation =
	| { kind: 'delete'; at: number }
	| { kind: 'set'; at: number; value: unknown }
	| { kind: 'dropLine' | 'duplicateLine'; at: number }
	| { kind: 'reverseLines' };

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(
		null,
		'',
		' ',
		'NaN',
		'Infinity',
		'-0',
		'1e3',
		'12.3.4',
		'0x1F',
		'[]',
		'{}',
		'599,00',
		'−5.00',
		true,
		false,
		0,
		-1,
		-0.5,
		1e21,
		Number.MAX_SAFE_INTEGER + 2,
		[],
		{},
	),
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 20 }),
	fc.integer({ min: -1_000_000, max: 1_000_000 }),
	fc.double({ noDefaultInfinity: false }),
	fc.stringMatching(/^-?\d{1,9}\.\d{2}$/),
	fc.emailAddress(),
	fc.stringMatching(/^\+?[0-9 ()-]{0,18}$/),
	fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Same type as what is there, a different value: gets past type checks into the deeper rules (totals, links, states). */
function similarValue(current: unknown, choice: number): unknown {
	if (typeof current === 'number')
		return [current + 1, -current, current * 100, 0, Math.floor(current / 1000), current + 0.5][
			choice % 6
		];
	if (typeof current === 'string') {
		if (/^-?\d+\.\d{2}$/.test(current))
			return [
				`${Number(current) + 1}.00`,
				`-${current}`,
				'0.00',
				current.replace('.', ','),
				`${current}0`,
			][choice % 5];
		return [
			current.toUpperCase(),
			`${current}x`,
			current.slice(1),
			current.repeat(20),
			` ${current} `,
		][choice % 5];
	}
	return null;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
	{
		weight: 6,
		arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: weirdValue }),
	},
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('set' as const),
			at: fc.nat(),
			value: fc.nat().map((choice) => ({ similar: choice })),
		}),
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constantFrom('dropLine' as const, 'duplicateLine' as const),
			at: fc.nat(),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'reverseLines' as const }) },
);

function isSimilar(value: unknown): value is { similar: number } {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.keys(value).length === 1 &&
		typeof (value as { similar?: unknown }).similar === 'number'
	);
}

/** Applies mutations to a copy; returns the copy and the field names touched. */
function mutate(
	raw: Order,
	mutations: Mutation[],
): { order: Record<string, unknown>; touched: string[] } {
	const order = copy(raw) as unknown as Record<string, unknown>;
	const touched: string[] = [];
	for (const m of mutations) {
		const lines = order.orderitems;
		if (m.kind === 'reverseLines' || m.kind === 'dropLine' || m.kind === 'duplicateLine') {
			if (!Array.isArray(lines) || lines.length === 0) continue;
			const index = m.kind === 'reverseLines' ? 0 : m.at % lines.length;
			if (m.kind === 'reverseLines') lines.reverse();
			else if (m.kind === 'dropLine') lines.splice(index, 1);
			else lines.splice(index, 0, structuredClone(lines[index]));
			touched.push('orderitems');
			continue;
		}
		const paths = pathsOf(order);
		if (paths.length === 0) continue;
		const path = paths[m.at % paths.length];
		const parent = valueAt(order, path.slice(0, -1)) as Record<string | number, unknown>;
		const key = path[path.length - 1];
		if (m.kind === 'delete') {
			if (Array.isArray(parent)) parent.splice(key as number, 1);
			else delete parent[key];
		} else if (m.kind === 'set') {
			parent[key] = isSimilar(m.value) ? similarValue(parent[key], m.value.similar) : m.value;
		}
		touched.push(fieldName(path));
	}
	return { order, touched };
}

interface Outcome {
	result: NormalizeResult;
	attributed: boolean;
	bodies: number;
}

/** The checks every input must pass; returns the problems found (empty = fine). */
function check(
	raw: unknown,
	context: NormalizeContext,
	options: OrderEventOptions,
): { problems: string[]; outcome?: Outcome } {
	let result: NormalizeResult;
	try {
		result = normalizeOrder(raw, context);
	} catch (error) {
		return { problems: [`normalizeOrder threw: ${String(error)}`] };
	}
	const problems: string[] = [];
	if (!result.ok) {
		const { field, reason } = result;
		if (typeof field !== 'string' || field.length === 0)
			problems.push(`rejection without a field: ${JSON.stringify(result)}`);
		if (typeof reason !== 'string' || reason.startsWith(CRASH))
			problems.push(`unexpected exception in the normalizer: ${reason}`);
		else {
			if (!reason.includes(field))
				problems.push(`reason does not name the field ${field}: ${reason}`);
			// The problem is stated, not just the name: the reason says more than "<field> is".
			if (reason.length < field.length + 12)
				problems.push(`reason too short to explain the problem: ${reason}`);
		}
		if (field !== 'order' && !field.startsWith('context.')) {
			const path = parseField(field);
			const parent = valueAt(raw, path.slice(0, -1));
			if (path.length === 0 || parent === null || typeof parent !== 'object')
				problems.push(`rejection names ${field}, which is not a place in the order`);
		}
		return { problems, outcome: { result, attributed: false, bodies: 0 } };
	}
	let mapped;
	try {
		mapped = orderEvents(result.order, options);
	} catch (error) {
		return {
			problems: [`orderEvents threw on order ${result.order.ids.orderId}: ${String(error)}`],
		};
	}
	if (!mapped.attributed) {
		if (!mapped.reason.includes(String(result.order.ids.orderId)))
			problems.push(`unattributed without naming the order: ${mapped.reason}`);
		return { problems, outcome: { result, attributed: false, bodies: 0 } };
	}
	const ids = new Set<string>();
	for (const event of mapped.events) {
		const body = createEventRequestBody(mapped.profile, event);
		// Through JSON, as the HTTP layer sends it: undefined vanishes, NaN would become null.
		const errors = createEvent.checkBody(JSON.parse(JSON.stringify(body)));
		if (errors.length > 0)
			problems.push(`${event.metric} ${event.uniqueId} breaks the spec: ${JSON.stringify(errors)}`);
		// Finite only: a line sold at a negative price (a deposit return) is a negative Ordered Product.
		if (!Number.isFinite(event.value))
			problems.push(`${event.metric} ${event.uniqueId} value ${event.value}`);
		if (ids.has(event.uniqueId))
			problems.push(`unique id ${event.uniqueId} used twice in one order`);
		ids.add(event.uniqueId);
	}
	return { problems, outcome: { result, attributed: true, bodies: mapped.events.length } };
}

const optionsArb: fc.Arbitrary<OrderEventOptions> = fc.record(
	{
		now: fc.integer({ min: NOW - 400 * 86_400_000, max: NOW + 400 * 86_400_000 }),
		staleAfterHours: fc.integer({ min: 0, max: 24 * 30 }),
		sourceName: fc.string({ minLength: 1, maxLength: 30 }),
		defaultCountry: fc.constantFrom('SE', 'NO', 'DE', 'US', 'XX'),
		includeOrderedProducts: fc.constantFrom(true, true, true, false),
	},
	{ requiredKeys: ['now'] },
);

/**
 * The refund sequence always comes with the order: the Sitoo nodes work it out, and `orderEvents`
 * refuses (throws) a refund without one by contract (unique-ids.ts), so it is context, not data to fuzz.
 */
const contextArb: fc.Arbitrary<Partial<NormalizeContext>> = fc.record(
	{
		refundSequence: fc.integer({ min: 1, max: 4 }),
		defaultCurrency: fc.constantFrom('SEK', 'EUR', 'NOK'),
		now: fc.constant(NOW),
		stores: fc.constant({
			13: { id: 3, name: 'Berlin Mitte', country: 'DE' },
			1: { id: 1, name: 'Stockholm', country: 'SE' },
		}),
	},
	{ requiredKeys: ['refundSequence'] },
);

/** Simulated history: every kind of receipt the till makes (see test/unit/order/property.test.ts). */
const history: Order[] = [5, 17, 29].flatMap((seed) => simulator(seed, 120).world.state.orders);

describe('fuzzing the normalizer and the Klaviyo order mapping', () => {
	const tally = { accepted: 0, attributed: 0, rejected: 0, bodies: 0, generated: 0, mutated: 0 };
	function count(outcome: Outcome | undefined, source: 'mutated' | 'generated'): void {
		if (!outcome) throw new Error('no outcome for a checked order');
		tally[source]++;
		if (outcome.result.ok) {
			tally.accepted++;
			if (outcome.attributed) tally.attributed++;
			tally.bodies += outcome.bodies;
		} else tally.rejected++;
	}

	afterAll(() => {
		// Shown once, so a reader sees the fuzzing reached both branches (asserted below too).
		// eslint-disable-next-line no-console -- see above
		console.log(
			`fuzz: ${tally.mutated} mutated + ${tally.generated} generated orders; ${tally.accepted} accepted (${tally.attributed} attributed, ${tally.bodies} Klaviyo bodies checked against the spec), ${tally.rejected} rejected`,
		);
	});

	it('holds for thousands of simulator orders with one field broken, and the rejection names that field', () => {
		const rejectedFields = new Set<string>();
		fc.assert(
			fc.property(
				fc.nat({ max: history.length - 1 }),
				mutation,
				contextArb,
				optionsArb,
				(index, one, context, options) => {
					const { order, touched } = mutate(history[index], [one]);
					const { problems, outcome } = check(order, { accountId: ACCOUNT, ...context }, options);
					if (outcome && !outcome.result.ok && touched.length === 1) {
						// One field changed in an order that was fine: the rejection must point at it (or inside it).
						const field = outcome.result.field;
						const [changed] = touched;
						const related = [changed, `${changed}.`, `${changed}[`].some(
							(prefix) => field === changed || field.startsWith(prefix),
						);
						if (!related)
							problems.push(
								`changed ${changed}, but the rejection names ${field}: ${outcome.result.reason}`,
							);
						rejectedFields.add(field);
					}
					if (problems.length > 0)
						throw new Error(`${problems.join('\n')}\nchanged: ${touched.join(', ')}`);
					count(outcome, 'mutated');
				},
			),
			{ seed: SEED, numRuns: 4000, endOnFailure: true },
		);
		// The generator must reach many different rules, or the property says little.
		expect(rejectedFields.size).toBeGreaterThan(40);
	});

	it('holds for thousands of simulator orders with several fields broken', () => {
		const before = { ...tally };
		fc.assert(
			fc.property(
				fc.nat({ max: history.length - 1 }),
				fc.array(mutation, { minLength: 2, maxLength: 5 }),
				contextArb,
				optionsArb,
				(index, mutations, context, options) => {
					const { order, touched } = mutate(history[index], mutations);
					const { problems, outcome } = check(order, { accountId: ACCOUNT, ...context }, options);
					if (problems.length > 0)
						throw new Error(`${problems.join('\n')}\nchanged: ${touched.join(', ')}`);
					count(outcome, 'mutated');
				},
			),
			{ seed: SEED + 2, numRuns: 3000, endOnFailure: true },
		);
		expect(tally.rejected - before.rejected).toBeGreaterThan(1000);
		expect(tally.accepted - before.accepted).toBeGreaterThan(500);
	});

	it('holds for thousands of receipts generated by the simulated till', () => {
		const sim = simulator(71, 40);
		let clock = NOW - 30 * 86_400_000;
		const products = (eshopid: number) => sim.world.products(eshopid);
		const customer: fc.Arbitrary<CustomerChoice> = fc.oneof(
			fc.constantFrom<CustomerChoice>(
				'member',
				'guest',
				'noemail',
				'placeholder',
				'storeEmail',
				'typed',
			),
			fc.record(
				{
					email: fc.oneof(
						fc.emailAddress(),
						fc.string({ maxLength: 30 }),
						fc.constantFrom('NO@EMAIL.COM', 'a@b', ' anna@example.com ', 'anna@@example.com'),
						fc.constantFrom(...REAL_WORLD_EMAILS),
					),
					phone: fc.oneof(
						fc.stringMatching(/^\+?[0-9 ()-]{0,18}$/),
						fc.string({ maxLength: 12 }),
						fc.constantFrom(...PHONE_TABLE.map(([typed]) => typed)),
					),
					namefirst: fc.string({ unit: 'grapheme', maxLength: 15 }),
				},
				{ requiredKeys: [] },
			),
		);
		const receipt = fc.record({
			kind: fc.constantFrom(
				'sale',
				'sale',
				'sale',
				'offline',
				'parked',
				'booking',
				'refund',
				'refund',
				'manualReturn',
				'exchange',
			),
			storeId: fc.integer({ min: 1, max: 3 }),
			customer,
			payment: fc.constantFrom(
				'card' as const,
				'cash' as const,
				'mobile' as const,
				'giftcard' as const,
			),
			items: fc.array(
				fc.record({
					pick: fc.nat(),
					quantity: fc.integer({ min: 1, max: 25 }),
					discountPercent: fc.constantFrom(0, 0, 10, 33, 50, 100),
				}),
				{ minLength: 1, maxLength: 6 },
			),
			offlineSeconds: fc.integer({ min: 0, max: 5 * 86_400 }),
		});
		let refusedBySimulator = 0;
		const before = { ...tally };
		fc.assert(
			fc.property(
				receipt,
				contextArb,
				optionsArb,
				fc.option(fc.array(mutation, { minLength: 1, maxLength: 2 }), { freq: 4 }),
				(spec, context, options, mutations) => {
					clock += 37_000;
					const stock = products(spec.storeId);
					const items =
						stock.length === 0
							? undefined
							: spec.items.map((i) => ({
									productId: stock[i.pick % stock.length].productid,
									quantity: i.quantity,
									discountPercent: i.discountPercent,
								}));
					let made: Order[];
					try {
						const f = sim.factory;
						const sale = {
							storeId: spec.storeId,
							customer: spec.customer,
							items,
							payment: spec.payment,
						};
						if (spec.kind === 'refund') made = [f.refund(clock, { storeId: spec.storeId })];
						else if (spec.kind === 'exchange') made = f.exchange(clock, { storeId: spec.storeId });
						else if (spec.kind === 'manualReturn') made = [f.manualReturn(clock, sale)];
						else if (spec.kind === 'offline')
							made = [f.offline(clock, { ...sale, offlineSeconds: spec.offlineSeconds })];
						else made = [f[spec.kind as 'sale' | 'parked' | 'booking'](clock, sale)];
					} catch {
						// The till refused (e.g. nothing left to refund in that store): not an order, nothing to check.
						refusedBySimulator++;
						return;
					}
					for (const raw of made) {
						const input = mutations ? mutate(raw, mutations).order : raw;
						const { problems, outcome } = check(
							input,
							{ accountId: ACCOUNT, ...context },
							{ ...options, now: clock + options.now - NOW },
						);
						if (problems.length > 0) throw new Error(problems.join('\n'));
						count(outcome, 'generated');
					}
				},
			),
			{ seed: SEED + 1, numRuns: 3000, endOnFailure: true },
		);
		expect(refusedBySimulator).toBeLessThan(300);
		expect(tally.generated).toBeGreaterThan(2700);
		expect(tally.attributed - before.attributed).toBeGreaterThan(700);
		expect(tally.bodies - before.bodies).toBeGreaterThan(2000);
	});
});
