import { randomUUID } from 'node:crypto';
import { SeededRandom } from '../shared/random';
import type {
	Category,
	Manufacturer,
	Order,
	OrderKind,
	Product,
	Register,
	Site,
	SiteSettings,
	SpiEvent,
	Store,
	User,
	Warehouse,
} from './types';

/** Simulator-only facts about an order, shown in admin read-back but never in the API. */
export interface OrderMeta {
	kind: OrderKind;
	/** When the order reached the backend (ms); differs from `orderdate` for offline receipts. */
	arrivedAt: number;
	/** Quantity already returned per `orderitemid`, so refunds never exceed what was sold. */
	returned: Record<number, number>;
}

export interface Catalogue {
	sites: Site[];
	settings: SiteSettings[];
	stores: Store[];
	warehouses: Warehouse[];
	registers: Register[];
	categories: Map<number, Category[]>;
	manufacturers: Map<number, Manufacturer[]>;
	products: Map<number, Product[]>;
	/** Gross unit price in cents as keyed in at the till; the API's `moneyprice` is net. */
	grossPrices: Map<number, number>;
	/** `product-group-name` written on order lines, per productid. */
	groupNames: Map<number, string>;
	users: User[];
}

export interface WorldState extends Catalogue {
	orders: Order[];
	meta: Map<number, OrderMeta>;
	events: SpiEvent[];
	nextOrderId: number;
	receiptCounters: Map<string, number>;
}

export type EventListener = (events: SpiEvent[]) => void;

/**
 * The account's in-memory state. Order ids are handed out in arrival order (that is what `orderid`
 * means, docs/reference/sitoo-api.md §5), never in `orderdate` order. Reset swaps the state in place so references
 * to the world stay valid.
 */
export class SitooWorld {
	state: WorldState;
	/**
	 * While the seeded history is generated, event ids come from the seed so the history repeats;
	 * afterwards they are random, so events made after a reset never reuse an id a receiver has seen.
	 */
	seeding = true;
	private listeners: EventListener[] = [];
	private readonly eventRandom: SeededRandom;
	private orderIndex = new Map<number, Order>();

	constructor(
		readonly accountId: string,
		state: WorldState,
		eventSeed: number,
	) {
		this.state = state;
		this.eventRandom = new SeededRandom(eventSeed);
		this.reindex();
	}

	/** Takes over another world's state (a freshly generated one on reset); listeners stay. */
	adopt(other: SitooWorld): void {
		this.state = other.state;
		this.seeding = other.seeding;
		this.reindex();
	}

	private reindex(): void {
		this.orderIndex = new Map(this.state.orders.map((o) => [o.orderid, o]));
	}

	get accountNumber(): number {
		return Number(this.accountId);
	}

	onEvents(listener: EventListener): () => void {
		this.listeners.push(listener);
		return () => {
			this.listeners = this.listeners.filter((l) => l !== listener);
		};
	}

	site(eshopid: number): Site | undefined {
		return this.state.sites.find((s) => s.eshopid === eshopid);
	}

	store(storeid: number): Store | undefined {
		return this.state.stores.find((s) => s.storeid === storeid);
	}

	warehouseOfStore(storeid: number): Warehouse {
		const warehouse = this.state.warehouses.find((w) => w.storeid === storeid);
		if (!warehouse) throw new Error(`store ${storeid} has no warehouse`);
		return warehouse;
	}

	order(orderid: number): Order | undefined {
		return this.orderIndex.get(orderid);
	}

	meta(orderid: number): OrderMeta | undefined {
		return this.state.meta.get(orderid);
	}

	user(userid: string): User | undefined {
		return this.state.users.find((u) => u.userid === userid);
	}

	products(eshopid: number): Product[] {
		return this.state.products.get(eshopid) ?? [];
	}

	/** Reserves consecutive order ids, e.g. for an exchange whose two halves name each other. */
	reserveOrderIds(count: number): number[] {
		const ids: number[] = [];
		for (let i = 0; i < count; i++) ids.push(this.state.nextOrderId++);
		return ids;
	}

	/** Next receipt number of a register (receipts count per till). */
	nextReceiptNumber(registerid: string): number {
		const next = (this.state.receiptCounters.get(registerid) ?? 10000) + 1;
		this.state.receiptCounters.set(registerid, next);
		return next;
	}

	/** Stores an order that has its id already (from reserveOrderIds) and announces it as `add`. */
	insertOrder(order: Order, kind: OrderKind, arrivedAt: number): Order {
		if (this.orderIndex.has(order.orderid)) throw new Error(`order ${order.orderid} exists`);
		// Reserved ids can arrive out of step (an exchange's two halves); keep the list in id order.
		const orders = this.state.orders;
		let at = orders.length;
		while (at > 0 && orders[at - 1].orderid > order.orderid) at--;
		orders.splice(at, 0, order);
		this.orderIndex.set(order.orderid, order);
		this.state.meta.set(order.orderid, { kind, arrivedAt, returned: {} });
		this.emit(order, 'add', undefined, arrivedAt);
		return order;
	}

	/** A state change on an existing order, announced as `update` with the new state. */
	changeState(
		order: Order,
		changes: Partial<Order>,
		newState: 'closed' | 'cancelled',
		at: number,
	): void {
		Object.assign(order, changes);
		this.emit(order, 'update', newState, at);
	}

	/**
	 * Staff e-mail the receipt of a sale (often one rung up without a customer): Sitoo keeps the address
	 * on the order and sends an `email-receipt` event (docs/reference/sitoo-spi.md §5.7).
	 */
	emailReceipt(order: Order, email: string, at: number): void {
		order.email = email;
		this.emit(order, 'email-receipt', undefined, at);
	}

	private emit(
		order: Order,
		type: 'add' | 'update' | 'email-receipt',
		stateChanged: 'closed' | 'cancelled' | undefined,
		atMs: number,
	): void {
		const event: SpiEvent = {
			event_id: this.eventId(),
			// "the booking type is using the OrderData object" (docs/reference/sitoo-spi.md §5.7).
			event_type: order.ordertypeid === 100 ? 'booking' : 'order',
			event_date: Math.floor(atMs / 1000),
			account_id: this.accountNumber,
			data: {
				eshop_id: order.eshopid,
				order_id: order.orderid,
				...(order.warehouseid !== null ? { warehouse_id: order.warehouseid } : {}),
				order_event_type: type,
				...(stateChanged ? { order_state_changed: stateChanged } : {}),
			},
		};
		this.state.events.push(event);
		for (const listener of this.listeners) listener([event]);
	}

	/** 32 hex digits like the documented example (docs/reference/sitoo-spi.md §5.5). */
	private eventId(): string {
		if (!this.seeding) return randomUUID().replace(/-/g, '');
		let id = '';
		for (let i = 0; i < 4; i++)
			id += Math.floor(this.eventRandom.next() * 0x100000000)
				.toString(16)
				.padStart(8, '0');
		return id;
	}
}
