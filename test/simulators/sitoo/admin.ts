/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- test code: runs in Node, never inside n8n */
import { addCommonAdminRoutes, isPlainObject } from '../shared/admin';
import { json, parseJsonBody, Router, type SimRequest, type SimResponse } from '../shared/http';
import {
	CrmRequestError,
	customerFromUser,
	type CrmCallName,
	type CrmCallRequest,
	type CrmCustomer,
} from './crm';
import type { PaymentMethod } from './lines';
import type { EventsOptions } from './push';
import {
	ReceiptError,
	type CustomerChoice,
	type ItemChoice,
	type ReceiptFactory,
} from './receipts';
import type { Order } from './types';
import type { SitooSimulator } from './index';

/** Bad admin input: always a 400 with a plain `{error}` (admin routes are ours, not Sitoo's). */
class AdminError extends Error {
	constructor(
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

export const ORDER_KINDS = [
	'sale',
	'refund',
	'manualReturn',
	'exchange',
	'parked',
	'booking',
	'offline',
] as const;
type CreatableKind = (typeof ORDER_KINDS)[number];
const PAYMENTS: PaymentMethod[] = ['card', 'cash', 'mobile', 'giftcard'];

function body(req: SimRequest): Record<string, unknown> {
	const parsed = parseJsonBody(req.body);
	if (parsed === undefined) return {};
	if (!isPlainObject(parsed)) throw new AdminError('body must be a JSON object');
	return parsed;
}

function optionalNumber(value: unknown, name: string): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value))
		throw new AdminError(`${name} must be a number`);
	return value;
}

function optionalString(value: unknown, name: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new AdminError(`${name} must be a string`);
	return value;
}

function requiredString(value: unknown, name: string): string {
	const s = optionalString(value, name);
	if (!s) throw new AdminError(`${name} is required`);
	return s;
}

function payment(value: unknown): PaymentMethod | undefined {
	if (value === undefined) return undefined;
	if (!PAYMENTS.includes(value as PaymentMethod))
		throw new AdminError(`payment must be one of ${PAYMENTS.join(', ')}`);
	return value as PaymentMethod;
}

function customer(value: unknown): CustomerChoice | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'string') {
		const choices = [
			'member',
			'guest',
			'noemail',
			'placeholder',
			'storeEmail',
			'typed',
			'phoneOnly',
		];
		if (!choices.includes(value))
			throw new AdminError(`customer must be one of ${choices.join(', ')} or an object`);
		return value as CustomerChoice;
	}
	if (!isPlainObject(value)) throw new AdminError('customer must be a string or an object');
	if (value.userId !== undefined)
		return { userId: requiredString(value.userId, 'customer.userId') };
	return {
		email: optionalString(value.email, 'customer.email'),
		namefirst: optionalString(value.namefirst, 'customer.namefirst'),
		namelast: optionalString(value.namelast, 'customer.namelast'),
		phone: optionalString(value.phone, 'customer.phone'),
		city: optionalString(value.city, 'customer.city'),
		zip: optionalString(value.zip, 'customer.zip'),
		countryid: optionalString(value.countryid, 'customer.countryid'),
	};
}

function list<T>(
	value: unknown,
	name: string,
	each: (item: Record<string, unknown>) => T,
): T[] | undefined {
	if (value === undefined) return undefined;
	if (!Array.isArray(value) || !value.every(isPlainObject))
		throw new AdminError(`${name} must be an array of objects`);
	return value.map(each);
}

/**
 * `POST /__admin/orders`: `{kind, storeId?, customer?, items?, payment?, offlineSeconds?}` for sales;
 * `{kind: "refund"|"exchange", originalOrderId?, items?: [{orderitemid, quantity}], split?}` for returns.
 * Returns the main order first; an exchange with `split` returns both halves.
 */
export function createOrder(
	factory: ReceiptFactory,
	at: number,
	input: Record<string, unknown>,
): Order[] {
	const kind = input.kind as CreatableKind;
	if (!ORDER_KINDS.includes(kind))
		throw new AdminError(`kind must be one of ${ORDER_KINDS.join(', ')}`);
	const storeId = optionalNumber(input.storeId, 'storeId');
	if (kind === 'refund' || kind === 'exchange') {
		const options = {
			storeId,
			originalOrderId: optionalNumber(input.originalOrderId, 'originalOrderId'),
			items: list(input.items, 'items', (i) => ({
				orderitemid: optionalNumber(i.orderitemid, 'items[].orderitemid') ?? NaN,
				quantity: optionalNumber(i.quantity, 'items[].quantity'),
			})),
		};
		if (kind === 'refund') return [factory.refund(at, options)];
		return factory.exchange(at, {
			...options,
			split: input.split === true,
			payment: payment(input.payment),
		});
	}
	const options = {
		storeId,
		customer: customer(input.customer),
		payment: payment(input.payment),
		offlineSeconds: optionalNumber(input.offlineSeconds, 'offlineSeconds'),
		items: list<ItemChoice>(input.items, 'items', (i) => ({
			productId: optionalNumber(i.productId, 'items[].productId') ?? NaN,
			quantity: optionalNumber(i.quantity, 'items[].quantity'),
			discountPercent: optionalNumber(i.discountPercent, 'items[].discountPercent'),
		})),
	};
	switch (kind) {
		case 'sale':
			return [factory.sale(at, options)];
		case 'offline':
			return [factory.offline(at, options)];
		case 'manualReturn':
			return [factory.manualReturn(at, options)];
		case 'parked':
			return [factory.parked(at, options)];
		case 'booking':
			return [factory.booking(at, options)];
	}
}

/**
 * `POST /__admin/orders/history`: `{count, from, to, customer?, storeIds?}` makes `count` completed
 * sales rung up evenly between `from` and `to` (ms or ISO), oldest first so order ids follow till
 * time, as a chain's past stands in Sitoo before a backfill. One call makes 100k orders (benchmarks).
 */
export function createHistory(
	sim: SitooSimulator,
	input: Record<string, unknown>,
): { count: number; firstOrderId: number; lastOrderId: number; from: number; to: number } {
	const count = optionalNumber(input.count, 'count');
	if (count === undefined || !Number.isInteger(count) || count < 1 || count > 1_000_000)
		throw new AdminError('count must be a whole number from 1 to 1000000');
	const from = instant(input.from, 'from');
	const to = instant(input.to, 'to');
	if (!(from < to) || to > sim.now())
		throw new AdminError('from must be before to, and to not in the future');
	const choice = input.customer === undefined ? 'member' : customer(input.customer);
	if (typeof choice !== 'string')
		throw new AdminError('customer must be one of the named kinds here');
	const storeIds =
		input.storeIds === undefined ? sim.world.state.stores.map((s) => s.storeid) : input.storeIds;
	if (
		!Array.isArray(storeIds) ||
		storeIds.length === 0 ||
		!storeIds.every((id) => typeof id === 'number' && sim.world.store(id))
	)
		throw new AdminError('storeIds must be a non-empty array of known store ids');
	const step = (to - from) / count;
	let first = 0;
	let last = 0;
	for (let i = 0; i < count; i++) {
		const order = sim.factory.sale(Math.floor(from + i * step), {
			customer: choice,
			storeId: storeIds[i % storeIds.length] as number,
		});
		if (i === 0) first = order.orderid;
		last = order.orderid;
	}
	return { count, firstOrderId: first, lastOrderId: last, from, to };
}

function instant(value: unknown, name: string): number {
	const ms = typeof value === 'string' ? Date.parse(value) : value;
	if (typeof ms !== 'number' || !Number.isFinite(ms))
		throw new AdminError(`${name} must be a time in ms or ISO 8601`);
	return ms;
}

function eventsOptionsFrom(
	input: Record<string, unknown>,
): Partial<Omit<EventsOptions, 'retry'>> & { retry?: Partial<EventsOptions['retry']> } {
	const out: Partial<Omit<EventsOptions, 'retry'>> & { retry?: Partial<EventsOptions['retry']> } =
		{};
	if (input.retry !== undefined) {
		if (!isPlainObject(input.retry)) throw new AdminError('retry must be an object');
		const r = input.retry;
		out.retry = {};
		for (const key of ['initialDelayMs', 'maxDelayMs', 'maxAttempts', 'timeoutMs'] as const) {
			const value = optionalNumber(r[key], `retry.${key}`);
			if (value !== undefined) out.retry[key] = value;
		}
	}
	if (input.semantics !== undefined) {
		if (input.semantics !== 's7a' && input.semantics !== 's7b')
			throw new AdminError('semantics must be "s7a" or "s7b"');
		out.semantics = input.semantics;
	}
	const batchSize = optionalNumber(input.batchSize, 'batchSize');
	if (batchSize !== undefined) {
		if (batchSize < 1 || batchSize > 10)
			throw new AdminError('batchSize must be 1..10 (Sitoo sends at most 10 events per call)');
		out.batchSize = batchSize;
	}
	const duplicateRate = optionalNumber(input.duplicateRate, 'duplicateRate');
	if (duplicateRate !== undefined) out.duplicateRate = duplicateRate;
	if (input.appendEventsPath !== undefined) out.appendEventsPath = input.appendEventsPath !== false;
	return out;
}

function target(input: Record<string, unknown>) {
	const url = requiredString(input.url, 'url');
	if (!/^https?:\/\//.test(url)) throw new AdminError('url must be an http(s) URL');
	return {
		url,
		username: optionalString(input.username, 'username'),
		password: optionalString(input.password, 'password'),
	};
}

function crmRequest(sim: SitooSimulator, input: Record<string, unknown>): CrmCallRequest {
	const calls: CrmCallName[] = ['search', 'add', 'get', 'update'];
	const call = input.call as CrmCallName;
	if (!calls.includes(call)) throw new AdminError(`call must be one of ${calls.join(', ')}`);
	let customerBody: CrmCustomer | undefined;
	const userId = optionalString(input.userId, 'userId');
	if (userId !== undefined) {
		const user = sim.world.user(userId);
		if (!user) throw new AdminError(`user ${userId} not found`, 404);
		customerBody = customerFromUser(user);
	}
	if (input.customer !== undefined) {
		if (!isPlainObject(input.customer)) throw new AdminError('customer must be an object');
		customerBody = { ...customerBody, ...(input.customer as CrmCustomer) };
	}
	// Store-ID carries the store's externalid (docs/reference/sitoo-spi.md §3.3); a numeric storeId is resolved to it.
	let storeId: string | undefined;
	if (typeof input.storeId === 'number') {
		const store = sim.world.store(input.storeId);
		if (!store) throw new AdminError(`store ${input.storeId} not found`, 404);
		storeId = store.externalid;
	} else storeId = optionalString(input.storeId, 'storeId');
	return {
		baseUrl: requiredString(input.baseUrl, 'baseUrl'),
		username: optionalString(input.username, 'username'),
		password: optionalString(input.password, 'password'),
		call,
		customer: customerBody,
		keyType: optionalString(input.keyType, 'keyType'),
		key: optionalString(input.key, 'key'),
		customerId: optionalString(input.customerId, 'customerId'),
		storeId,
		staffId: optionalString(input.staffId, 'staffId'),
		registerId: optionalString(input.registerId, 'registerId'),
		timeoutMs: optionalNumber(input.timeoutMs, 'timeoutMs'),
	};
}

function withMeta(sim: SitooSimulator, order: Order) {
	const meta = sim.world.meta(order.orderid);
	return { kind: meta?.kind, arrivedAt: meta?.arrivedAt, returned: meta?.returned, order };
}

type AdminHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** Turns thrown input errors into 4xx answers. */
function safe(handler: AdminHandler): AdminHandler {
	return async (req) => {
		try {
			return await handler(req);
		} catch (error) {
			if (error instanceof AdminError || error instanceof ReceiptError)
				return json(error.status, { error: error.message });
			if (error instanceof CrmRequestError) return json(400, { error: error.message });
			if (error instanceof Error && /^rate too high/.test(error.message))
				return json(400, { error: error.message });
			throw error;
		}
	};
}

export function buildAdminRouter(sim: SitooSimulator): Router {
	const admin = new Router();
	const add = (method: string, path: string, handler: AdminHandler) =>
		admin.add(method, `/__admin${path}`, safe(handler));
	addCommonAdminRoutes(
		admin,
		() => sim.http,
		sim.faults,
		() => sim.reset(),
	);
	const orderParam = (req: SimRequest) => {
		const id = Number(req.params.id);
		const order = Number.isInteger(id) ? sim.world.order(id) : undefined;
		if (!order) throw new AdminError(`order ${req.params.id} not found`, 404);
		return order;
	};

	add('GET', '/world', () => {
		const s = sim.world.state;
		return json(200, {
			accountId: sim.world.accountId,
			sites: s.sites.length,
			stores: s.stores.length,
			users: s.users.length,
			products: [...s.products.values()].reduce((n, p) => n + p.length, 0),
			orders: s.orders.length,
			openOrders: s.orders.filter((o) => o.orderstateid === 0).length,
			nextOrderId: s.nextOrderId,
			events: s.events.length,
			stream: sim.stream.status(),
			subscription: sim.currentSubscription?.describe() ?? null,
		});
	});

	add('GET', '/orders', (req) => {
		const kind = req.query.get('kind');
		const since = Number(req.query.get('sinceOrderId') ?? 0);
		const items = sim.world.state.orders
			.filter((o) => o.orderid > since && (!kind || sim.world.meta(o.orderid)?.kind === kind))
			.map((o) => withMeta(sim, o));
		return json(200, { count: items.length, items });
	});
	add('GET', '/orders/:id', (req) => json(200, withMeta(sim, orderParam(req))));
	add('POST', '/orders', (req) => {
		const [order, ...related] = createOrder(sim.factory, sim.now(), body(req));
		return json(201, { order, related });
	});
	add('POST', '/orders/history', (req) => json(201, createHistory(sim, body(req))));
	add('POST', '/orders/:id/close', (req) => {
		const input = body(req);
		const [order, ...related] = sim.factory.close(
			orderParam(req).orderid,
			sim.now(),
			payment(input.payment),
		);
		return json(200, { order, related });
	});
	add('POST', '/orders/:id/email-receipt', (req) => {
		const email = body(req).email;
		if (typeof email !== 'string' || !email.includes('@'))
			throw new AdminError('email must be the address the receipt was sent to');
		const order = orderParam(req);
		sim.world.emailReceipt(order, email, sim.now());
		return json(200, { order, related: [] });
	});
	add('POST', '/orders/:id/cancel', (req) =>
		json(200, { order: sim.factory.cancel(orderParam(req).orderid, sim.now()), related: [] }),
	);

	add('GET', '/users', () =>
		json(200, { count: sim.world.state.users.length, items: sim.world.state.users }),
	);
	add('GET', '/stores', () => {
		const s = sim.world.state;
		const items = s.stores.map((store) => ({
			store,
			warehouse: s.warehouses.find((w) => w.storeid === store.storeid),
			site: s.sites.find((x) => x.eshopid === store.eshopid),
			settings: s.settings.find((x) => x.eshopid === store.eshopid),
			registers: s.registers.filter((r) => r.storeid === store.storeid),
		}));
		return json(200, { count: items.length, items });
	});
	add('GET', '/events', (req) => {
		const orderId = req.query.get('orderId');
		const items = sim.eventsFor(orderId ? [Number(orderId)] : undefined);
		return json(200, { count: items.length, items });
	});

	add('POST', '/events-spi/deliveries', async (req) => {
		const input = body(req);
		let orderIds: number[] | undefined;
		if (input.orderIds !== undefined) {
			if (!Array.isArray(input.orderIds) || !input.orderIds.every((n) => Number.isInteger(n)))
				throw new AdminError('orderIds must be an array of integers');
			orderIds = input.orderIds as number[];
			const missing = orderIds.filter((id) => !sim.world.order(id));
			if (missing.length > 0) throw new AdminError(`orders not found: ${missing.join(', ')}`, 404);
		}
		const report = await sim.deliver(
			target(input),
			sim.eventsFor(orderIds),
			sim.eventsOptions(eventsOptionsFrom(input)),
		);
		return json(200, report);
	});
	add('PUT', '/events-spi/subscription', (req) => {
		const input = body(req);
		return json(
			200,
			sim.subscribe(target(input), sim.eventsOptions(eventsOptionsFrom(input))).describe(),
		);
	});
	add('GET', '/events-spi/subscription', () => {
		const sub = sim.currentSubscription;
		return sub ? json(200, sub.describe()) : json(404, { error: 'no subscription' });
	});
	add('DELETE', '/events-spi/subscription', () => {
		sim.unsubscribe();
		return json(200, { subscription: null });
	});

	add('POST', '/crm/calls', async (req) =>
		json(200, await sim.callCrm(crmRequest(sim, body(req)))),
	);

	add('GET', '/stream', () => json(200, sim.stream.status()));
	add('POST', '/stream/start', (req) => {
		const input = body(req);
		return json(
			200,
			sim.stream.start({
				ratePerMinute: optionalNumber(input.ratePerMinute, 'ratePerMinute'),
				intervalMs: optionalNumber(input.intervalMs, 'intervalMs'),
			}),
		);
	});
	add('POST', '/stream/stop', () => json(200, sim.stream.stop()));
	add('POST', '/stream/tick', () => json(200, { orders: sim.stream.tick() }));

	add('PUT', '/rate-limit', (req) => {
		const input = body(req);
		const perSecond =
			input.perSecond === null ? null : optionalNumber(input.perSecond, 'perSecond');
		if (perSecond === undefined) throw new AdminError('perSecond must be a number or null');
		sim.api.rateLimitPerSecond = perSecond;
		return json(200, { perSecond });
	});
	return admin;
}
