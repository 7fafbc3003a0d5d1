import type { SeededRandom } from '../shared/random';
import { COUNTRIES, PLACEHOLDER_EMAILS, REFUND_REASONS, type CountryProfile } from './fixtures';
import {
	applyTotals,
	checkoutType,
	methodOfPayments,
	paymentsFor,
	productLine,
	returnLine,
	totalsOf,
	type PaymentMethod,
	type PricedProduct,
} from './lines';
import { messyPhone } from './phones';
import {
	OrderState,
	OrderType,
	PaymentState,
	type Order,
	type OrderItem,
	type OrderKind,
	type Register,
	type Store,
	type User,
} from './types';
import type { SitooWorld } from './world';

/** A request the generator cannot honour (unknown store, nothing left to refund...). */
export class ReceiptError extends Error {
	constructor(
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

export type CustomerChoice =
	| 'member'
	| 'guest'
	| 'noemail'
	| 'placeholder'
	| 'storeEmail'
	| 'typed'
	| 'phoneOnly'
	| { userId: string }
	| {
			email?: string;
			namefirst?: string;
			namelast?: string;
			phone?: string;
			city?: string;
			zip?: string;
			countryid?: string;
	  };

export interface ItemChoice {
	productId: number;
	quantity?: number;
	discountPercent?: number;
}

export interface SaleOptions {
	storeId?: number;
	customer?: CustomerChoice;
	items?: ItemChoice[];
	payment?: PaymentMethod;
	/** Offline receipts only: how long before arrival the till rang it up. */
	offlineSeconds?: number;
}

export interface RefundOptions {
	originalOrderId?: number;
	storeId?: number;
	/** Lines of the original to return; default: a random part of what is still returnable. */
	items?: { orderitemid: number; quantity?: number }[];
}

interface Till {
	store: Store;
	country: CountryProfile;
	warehouseid: number;
	register: Register;
	staff: User | undefined;
}

const SELLABLE_KINDS: OrderKind[] = ['sale', 'offline', 'parkedCompletion', 'exchangePurchase'];

/** Builds receipts of every kind the POS produces and files them in the world. */
export class ReceiptFactory {
	constructor(
		private readonly world: SitooWorld,
		private readonly rng: SeededRandom,
	) {}

	sale(at: number, options: SaleOptions = {}): Order {
		return this.purchase(at, options, 'sale', Math.floor(at / 1000));
	}

	/** An offline till syncs late: a fresh (high) orderid with the old till time (docs/reference/sitoo-api.md §2.3 `orderdate`). */
	offline(at: number, options: SaleOptions = {}): Order {
		const seconds = options.offlineSeconds ?? this.rng.int(3600, 3 * 86400);
		if (seconds < 0) throw new ReceiptError('offlineSeconds must not be negative');
		return this.purchase(at, options, 'offline', Math.floor(at / 1000) - seconds);
	}

	parked(at: number, options: SaleOptions = {}): Order {
		const till = this.till(options.storeId);
		const order = this.blank(till, this.world.reserveOrderIds(1)[0], Math.floor(at / 1000), false);
		order.ordertypeid = OrderType.POSParked;
		order.orderstateid = OrderState.Open;
		order.paymentstateid = PaymentState.None;
		this.fillCustomer(order, till, options.customer ?? this.randomCustomer());
		order.orderitems = this.saleLines(till, options.items);
		applyTotals(order, totalsOf(order.orderitems, null, till.country));
		return this.world.insertOrder(order, 'parked', at);
	}

	/** A booking holds a reserved payment until it is picked up, then closes in place. */
	booking(at: number, options: SaleOptions = {}): Order {
		const till = this.till(options.storeId);
		const order = this.blank(till, this.world.reserveOrderIds(1)[0], Math.floor(at / 1000), false);
		order.ordertypeid = OrderType.Booking;
		order.orderstateid = OrderState.Open;
		order.paymentstateid = PaymentState.Reserved;
		order.datereserved = Math.floor(at / 1000);
		this.fillCustomer(order, till, options.customer ?? 'member');
		order.orderitems = this.saleLines(till, options.items);
		applyTotals(order, totalsOf(order.orderitems, null, till.country));
		return this.world.insertOrder(order, 'booking', at);
	}

	/**
	 * Closing a parked order completes it at the till as a new sale that names its source in
	 * `pos-sourceorderid` (docs/reference/sitoo-api.md §2.3); the parked order itself is marked closed. A booking
	 * closes in place with its payment captured. Returns the changed order first.
	 */
	close(orderid: number, at: number, payment?: PaymentMethod): Order[] {
		const order = this.openOrder(orderid);
		const till = this.tillOf(order);
		if (order.ordertypeid === OrderType.Booking) {
			const method = payment ?? 'card';
			const totals = totalsOf(order.orderitems, method, till.country);
			const checkout = checkoutType(method, till.country);
			applyTotals(order, totals);
			const changes: Partial<Order> = {
				orderstateid: OrderState.Closed,
				paymentstateid: PaymentState.Successful,
				payments: paymentsFor(method, totals.grossAll, till.country, this.rng, at),
				checkouttypeid: checkout.id,
				checkouttypename: checkout.name,
			};
			this.world.changeState(order, changes, 'closed', at);
			return [order];
		}
		const [id] = this.world.reserveOrderIds(1);
		const sale = this.blank(till, id, Math.floor(at / 1000), true);
		this.copyCustomer(order, sale);
		sale.orderitems = order.orderitems.map((item) => structuredClone(item));
		sale.additionaldata['pos-sourceorderid'] = String(order.orderid);
		this.settle(sale, till, payment ?? this.randomMethod(till.country));
		this.world.changeState(order, { orderstateid: OrderState.Closed }, 'closed', at);
		this.world.insertOrder(sale, 'parkedCompletion', at);
		return [order, sale];
	}

	cancel(orderid: number, at: number): Order {
		const order = this.openOrder(orderid);
		const paymentstateid =
			order.paymentstateid === PaymentState.Reserved
				? PaymentState.Cancelled
				: order.paymentstateid;
		this.world.changeState(
			order,
			{ orderstateid: OrderState.Cancelled, paymentstateid },
			'cancelled',
			at,
		);
		return order;
	}

	/** A validated return: the receipt was scanned, so the refund names its sale and lines (§3). */
	refund(at: number, options: RefundOptions = {}): Order {
		const original = this.refundable(options.originalOrderId, options.storeId);
		const till = this.till(options.storeId ?? this.storeIdOf(original), original.eshopid);
		const reason = this.rng.pick(REFUND_REASONS);
		const order = this.blank(till, this.world.reserveOrderIds(1)[0], Math.floor(at / 1000), true);
		this.copyCustomer(original, order);
		this.linkToOriginal(order, original, reason);
		order.orderitems = this.returnedLines(original, options.items, reason.code, 0);
		this.settle(order, till, methodOfPayments(original.payments));
		return this.world.insertOrder(order, 'refund', at);
	}

	/** A return without a receipt: negative lines, no link to any sale (§3, S14). */
	manualReturn(at: number, options: SaleOptions = {}): Order {
		const till = this.till(options.storeId);
		const reason = this.rng.pick(REFUND_REASONS);
		const order = this.blank(till, this.world.reserveOrderIds(1)[0], Math.floor(at / 1000), true);
		this.fillCustomer(order, till, options.customer ?? (this.rng.chance(0.7) ? 'guest' : 'member'));
		order.additionaldata['refundreasoncode-reasoncode'] = reason.code;
		order.additionaldata['refundreasoncode-comment'] = reason.comment;
		order.orderitems = this.saleLines(till, options.items, 1).map((line) => {
			const negative = returnLine(line.orderitemid, line, line.quantity, reason.code);
			delete negative.additionaldata['pos-originalsales-orderitemid'];
			return negative;
		});
		this.settle(order, till, options.payment ?? (this.rng.chance(0.5) ? 'cash' : 'card'));
		return this.world.insertOrder(order, 'manualReturn', at);
	}

	/**
	 * An exchange. By default one receipt with a return part and a sale part (the classifier must
	 * tolerate mixed lines, §3); with `split` two orders that name each other through
	 * `pos-refundsales-orderid` / `pos-refund-orderid` / `pos-refund-receiptid` (§2.3), refund first.
	 */
	exchange(
		at: number,
		options: RefundOptions & { split?: boolean; payment?: PaymentMethod } = {},
	): Order[] {
		const original = this.refundable(options.originalOrderId, options.storeId);
		const till = this.till(options.storeId ?? this.storeIdOf(original), original.eshopid);
		const reason = this.rng.pick(REFUND_REASONS);
		const returned = this.returnedLines(original, options.items, reason.code, 0, 1);
		const replacement = this.replacementFor(original, returned[0]);
		if (!options.split) {
			const order = this.blank(till, this.world.reserveOrderIds(1)[0], Math.floor(at / 1000), true);
			this.copyCustomer(original, order);
			this.linkToOriginal(order, original, reason);
			order.orderitems = [...returned, productLine(returned.length, replacement, 1, 0)];
			this.settle(order, till, options.payment ?? 'card');
			return [this.world.insertOrder(order, 'exchange', at)];
		}
		const [refundId, purchaseId] = this.world.reserveOrderIds(2);
		const refund = this.blank(till, refundId, Math.floor(at / 1000), true);
		this.copyCustomer(original, refund);
		this.linkToOriginal(refund, original, reason);
		refund.orderitems = returned;
		refund.additionaldata['pos-refundsales-orderid'] = String(purchaseId);
		this.settle(refund, till, methodOfPayments(original.payments));
		const purchase = this.blank(till, purchaseId, Math.floor(at / 1000), true);
		this.copyCustomer(original, purchase);
		purchase.orderitems = [productLine(0, replacement, 1, 0)];
		purchase.additionaldata['pos-refund-orderid'] = String(refundId);
		purchase.additionaldata['pos-refund-receiptid'] = refund.additionaldata['pos-receiptid'];
		this.settle(purchase, till, options.payment ?? 'card');
		return [
			this.world.insertOrder(refund, 'exchangeRefund', at),
			this.world.insertOrder(purchase, 'exchangePurchase', at),
		];
	}

	// ---- building blocks ----

	private purchase(at: number, options: SaleOptions, kind: OrderKind, orderdate: number): Order {
		const till = this.till(options.storeId);
		const order = this.blank(till, this.world.reserveOrderIds(1)[0], orderdate, true);
		this.fillCustomer(order, till, options.customer ?? this.randomCustomer());
		order.orderitems = this.saleLines(till, options.items);
		this.settle(order, till, options.payment ?? this.randomMethod(till.country));
		return this.world.insertOrder(order, kind, at);
	}

	private settle(order: Order, till: Till, method: PaymentMethod): void {
		const totals = totalsOf(order.orderitems, method, till.country);
		applyTotals(order, totals);
		order.payments = paymentsFor(
			method,
			totals.grossAll,
			till.country,
			this.rng,
			order.orderdate * 1000,
		);
		const checkout = checkoutType(order.payments.length > 0 ? method : null, till.country);
		order.checkouttypeid = checkout.id;
		order.checkouttypename = checkout.name;
	}

	private linkToOriginal(
		order: Order,
		original: Order,
		reason: { code: string; comment: string },
	): void {
		order.creditorderid = original.orderid;
		order.additionaldata['pos-originalsales-orderid'] = String(original.orderid);
		order.additionaldata['refundreasoncode-reasoncode'] = reason.code;
		order.additionaldata['refundreasoncode-comment'] = reason.comment;
	}

	/** Negative lines for what is returned, recording it so nothing is returned twice. */
	private returnedLines(
		original: Order,
		wanted: { orderitemid: number; quantity?: number }[] | undefined,
		reasonCode: string,
		firstIndex: number,
		maxLines = 3,
	): OrderItem[] {
		const meta = this.world.meta(original.orderid);
		if (!meta) throw new ReceiptError(`order ${original.orderid} unknown`, 404);
		const remaining = (item: OrderItem) => item.quantity - (meta.returned[item.orderitemid] ?? 0);
		let picks: { item: OrderItem; quantity: number }[];
		if (wanted && wanted.length > 0) {
			picks = wanted.map((w) => {
				const item = original.orderitems.find(
					(i) => i.orderitemid === w.orderitemid && i.quantity > 0,
				);
				if (!item)
					throw new ReceiptError(`order ${original.orderid} has no sold line ${w.orderitemid}`);
				const quantity = w.quantity ?? remaining(item);
				if (!Number.isInteger(quantity) || quantity < 1 || quantity > remaining(item)) {
					throw new ReceiptError(
						`line ${w.orderitemid} of order ${original.orderid} has ${remaining(item)} left to return`,
						409,
					);
				}
				return { item, quantity };
			});
		} else {
			const open = original.orderitems.filter((i) => i.quantity > 0 && remaining(i) > 0);
			const count = Math.min(open.length, maxLines, this.rng.int(1, open.length));
			picks = open
				.slice(0, count)
				.map((item) => ({ item, quantity: this.rng.int(1, remaining(item)) }));
		}
		return picks.map(({ item, quantity }, i) => {
			meta.returned[item.orderitemid] = (meta.returned[item.orderitemid] ?? 0) + quantity;
			return returnLine(firstIndex + i, item, quantity, reasonCode);
		});
	}

	private refundable(originalOrderId: number | undefined, storeId: number | undefined): Order {
		if (originalOrderId !== undefined) {
			const order = this.world.order(originalOrderId);
			if (!order) throw new ReceiptError(`order ${originalOrderId} not found`, 404);
			if (!this.hasReturnable(order))
				throw new ReceiptError(`order ${originalOrderId} has nothing left to return`, 409);
			return order;
		}
		const eshopid = storeId !== undefined ? this.till(storeId).store.eshopid : undefined;
		const candidates: Order[] = [];
		const orders = this.world.state.orders;
		for (let i = orders.length - 1; i >= 0 && candidates.length < 40; i--) {
			const order = orders[i];
			if ((eshopid === undefined || order.eshopid === eshopid) && this.hasReturnable(order))
				candidates.push(order);
		}
		if (candidates.length === 0)
			throw new ReceiptError('no closed sale with returnable lines', 409);
		return this.rng.pick(candidates);
	}

	private hasReturnable(order: Order): boolean {
		const meta = this.world.meta(order.orderid);
		if (!meta || !SELLABLE_KINDS.includes(meta.kind) || order.orderstateid !== OrderState.Closed)
			return false;
		return order.orderitems.some((i) => i.quantity > (meta.returned[i.orderitemid] ?? 0));
	}

	/** Prefers another size of the returned product, as an exchange usually is. */
	private replacementFor(original: Order, returned: OrderItem): PricedProduct {
		const products = this.world
			.products(original.eshopid)
			.filter((p) => p.active && p.productid !== returned.productid);
		const returnedProduct = this.world
			.products(original.eshopid)
			.find((p) => p.productid === returned.productid);
		const sibling = products.filter(
			(p) => returnedProduct && p.variantparentid === returnedProduct.variantparentid,
		);
		const product = sibling.length > 0 ? this.rng.pick(sibling) : this.rng.pick(products);
		return this.priced(product.productid);
	}

	private saleLines(till: Till, items: ItemChoice[] | undefined, maxLines = 3): OrderItem[] {
		if (items && items.length > 0) {
			return items.map((choice, index) => {
				const quantity = choice.quantity ?? 1;
				if (!Number.isInteger(quantity) || quantity < 1)
					throw new ReceiptError('item quantity must be a positive integer');
				const discount = choice.discountPercent ?? 0;
				if (discount < 0 || discount > 100)
					throw new ReceiptError('discountPercent must be 0..100');
				const priced = this.priced(choice.productId, till.store.eshopid);
				return productLine(index, priced, quantity, discount);
			});
		}
		const products = this.world.products(till.store.eshopid).filter((p) => p.active && p.activepos);
		const count = this.rng.int(1, maxLines);
		const lines: OrderItem[] = [];
		for (let index = 0; index < count; index++) {
			const product = this.rng.pick(products);
			const quantity = this.rng.chance(0.8) ? 1 : this.rng.int(2, 3);
			const discounted = this.rng.chance(0.15);
			const discount = discounted ? this.rng.pick([10, 20, 30]) : 0;
			const extra: Record<string, string> =
				discounted && this.rng.chance(0.5) ? { 'reasoncode-manualdiscount': 'STAFF' } : {};
			lines.push(productLine(index, this.priced(product.productid), quantity, discount, extra));
		}
		return lines;
	}

	private priced(productid: number, eshopid?: number): PricedProduct {
		const products =
			eshopid !== undefined
				? this.world.products(eshopid)
				: [...this.world.state.products.values()].flat();
		const product = products.find((p) => p.productid === productid);
		if (!product)
			throw new ReceiptError(
				`product ${productid} not found${eshopid !== undefined ? ` on site ${eshopid}` : ''}`,
				404,
			);
		const grossCents = this.world.state.grossPrices.get(productid);
		if (grossCents === undefined) throw new Error(`no gross price for product ${productid}`);
		return { product, grossCents, groupName: this.world.state.groupNames.get(productid) ?? '' };
	}

	private randomCustomer(): CustomerChoice {
		const r = this.rng.next();
		if (r < 0.55) return 'member';
		if (r < 0.8) return 'guest';
		if (r < 0.9) return 'placeholder';
		if (r < 0.95) return 'typed';
		return 'storeEmail';
	}

	private randomMethod(country: CountryProfile): PaymentMethod {
		const r = this.rng.next();
		if (r < 0.6) return 'card';
		if (r < 0.75) return 'cash';
		if (r < 0.92) return country.mobilePayment ? 'mobile' : 'card';
		return 'giftcard';
	}

	private fillCustomer(order: Order, till: Till, choice: CustomerChoice): void {
		if (typeof choice === 'object' && 'userId' in choice) {
			const user = this.world.user(choice.userId);
			if (!user || user.role !== null)
				throw new ReceiptError(`customer ${choice.userId} not found`, 404);
			this.fillMember(order, user);
			return;
		}
		if (typeof choice === 'object') {
			order.email = choice.email ?? '';
			order.namefirst = choice.namefirst ?? '';
			order.namelast = choice.namelast ?? '';
			order.phone = choice.phone ?? '';
			order.invoice_city = choice.city ?? '';
			order.invoice_zip = choice.zip ?? '';
			order.invoice_countryid = choice.countryid ?? '';
			return;
		}
		switch (choice) {
			case 'member': {
				const customers = this.world.state.users.filter((u) => u.role === null);
				const local = customers.filter((u) => u.countryid === till.country.countryid.toLowerCase());
				this.fillMember(order, this.rng.pick(local.length > 0 ? local : customers));
				return;
			}
			case 'guest':
			case 'noemail':
				return; // anonymous receipt: every customer field stays ""
			case 'placeholder':
				order.email = this.rng.pick(PLACEHOLDER_EMAILS);
				return;
			case 'storeEmail':
				// Staff key in the store's own address to get a receipt mailed.
				order.email = till.store.email;
				return;
			case 'phoneOnly': {
				// A member who gave only a mobile at the till (common in Nordic stores).
				order.namefirst = this.rng.pick(till.country.firstNames);
				order.namelast = this.rng.pick(till.country.lastNames);
				order.phone = messyPhone(
					till.country,
					till.country.mobile(this.rng.int(0, 99999999)),
					this.rng,
				);
				return;
			}
			case 'typed': {
				const first = this.rng.pick(till.country.firstNames);
				const last = this.rng.pick(till.country.lastNames);
				order.email = ` ${first}.${last}@${till.country.emailDomain.toUpperCase()}`;
				order.namefirst = first;
				order.phone = messyPhone(
					till.country,
					till.country.mobile(this.rng.int(0, 99999999)),
					this.rng,
				);
				return;
			}
		}
	}

	private fillMember(order: Order, user: User): void {
		// Staff sometimes retype the address on the till in another case.
		order.email = this.rng.chance(0.1)
			? user.email.replace(/^./, (c) => c.toUpperCase())
			: user.email;
		order.namefirst = user.namefirst;
		order.namelast = user.namelast;
		order.phone = user.mobile;
		order.personalid = user.personalid;
		order.invoice_address = user.address;
		order.invoice_zip = user.zip;
		order.invoice_city = user.city;
		order.invoice_countryid = user.countryid.toUpperCase();
	}

	private copyCustomer(from: Order, to: Order): void {
		for (const key of [
			'email',
			'namefirst',
			'namelast',
			'phone',
			'personalid',
			'company',
			'invoice_address',
			'invoice_zip',
			'invoice_city',
			'invoice_countryid',
		] as const) {
			to[key] = from[key];
		}
	}

	private openOrder(orderid: number): Order {
		const order = this.world.order(orderid);
		if (!order) throw new ReceiptError(`order ${orderid} not found`, 404);
		if (order.orderstateid !== OrderState.Open)
			throw new ReceiptError(`order ${orderid} is not open`, 409);
		if (order.ordertypeid !== OrderType.POSParked && order.ordertypeid !== OrderType.Booking) {
			throw new ReceiptError(`order ${orderid} is neither parked nor a booking`, 409);
		}
		return order;
	}

	private storeIdOf(order: Order): number {
		return (
			this.world.state.warehouses.find((w) => w.warehouseid === order.warehouseid)?.storeid ??
			this.world.state.stores[0].storeid
		);
	}

	private tillOf(order: Order): Till {
		const till = this.till(this.storeIdOf(order));
		const register = this.world.state.registers.find((r) => r.registerid === order.registerid);
		return register ? { ...till, register } : till;
	}

	private till(storeId?: number, eshopid?: number): Till {
		const stores = this.world.state.stores.filter(
			(s) => eshopid === undefined || s.eshopid === eshopid,
		);
		const store = storeId !== undefined ? this.world.store(storeId) : this.rng.pick(stores);
		if (!store) throw new ReceiptError(`store ${storeId} not found`, 404);
		if (eshopid !== undefined && store.eshopid !== eshopid)
			throw new ReceiptError(`store ${storeId} is not on site ${eshopid}`);
		const country = COUNTRIES.find((c) => c.countryid === store.countryid);
		if (!country) throw new Error(`no country profile for ${store.countryid}`);
		const warehouse = this.world.warehouseOfStore(store.storeid);
		const register = this.rng.pick(
			this.world.state.registers.filter((r) => r.storeid === store.storeid),
		);
		const staffPool = this.world.state.users.filter(
			(u) => u.role !== null && u.warehouses.includes(warehouse.warehouseid),
		);
		const staff = staffPool.length > 0 ? this.rng.pick(staffPool) : undefined;
		return { store, country, warehouseid: warehouse.warehouseid, register, staff };
	}

	/** An order with every documented field present and empty, stamped with its till. */
	private blank(till: Till, orderid: number, orderdate: number, withReceipt: boolean): Order {
		const { store, register, staff } = till;
		const additionaldata: Record<string, string> = {};
		let receiptNumber = 0;
		if (withReceipt) {
			receiptNumber = this.world.nextReceiptNumber(register.registerid);
			// Shape of the documented example "SII000000150000110042"; how Sitoo builds it is not documented.
			additionaldata['pos-receiptid'] =
				`SII${this.world.accountId.padStart(10, '0')}${String(register.number).padStart(3, '0')}${String(receiptNumber).padStart(5, '0')}`;
		}
		if (staff) {
			additionaldata['pos-staff-userid'] = staff.userid;
			additionaldata['pos-staff-externalid'] = staff.externalid ?? '';
		}
		additionaldata['pos-timezone'] = till.country.timezone;
		additionaldata['store-externalid'] = store.externalid;
		additionaldata['store-externalgroupid'] = store.externalgroupid;
		additionaldata['store-name'] = store.name;
		const staffName = staff ? `${staff.namefirst} ${staff.namelast}` : '';
		return {
			orderid,
			eshopid: store.eshopid,
			externalid: null,
			creditorderid: null,
			email: '',
			namefirst: '',
			namelast: '',
			personalid: '',
			company: '',
			phone: '',
			customerref: '',
			checkoutref: '',
			invoice_address: '',
			invoice_address2: '',
			invoice_zip: '',
			invoice_city: '',
			invoice_state: '',
			invoice_countryid: '',
			delivery_address: '',
			delivery_address2: '',
			delivery_zip: '',
			delivery_city: '',
			delivery_state: '',
			delivery_countryid: '',
			comment: '',
			commentinternal: '',
			moneytotal_net: '0.00',
			moneytotal_vat: '0.00',
			moneycheckout_net: '0.00',
			moneycheckout_vat: '0.00',
			moneytotal_gross_checkout: '0.00',
			moneydelivery_net: '0.00',
			moneydelivery_vat: '0.00',
			moneytotal_gross_delivery: '0.00',
			moneyfinal_net: '0.00',
			moneyfinal_vat: '0.00',
			moneyfinal_salestax: '0.00',
			moneytotal_gross_roundoff: '0.00',
			moneytotal_gross_all: '0.00',
			checkouttypeid: 0,
			checkouttypename: '',
			checkoutmethodid: 0,
			checkoutmethodsubid: 0,
			deliverytypeid: 0,
			deliverytypename: '',
			orderdate,
			orderstateid: OrderState.Closed,
			paymentstateid: PaymentState.Successful,
			ordertypeid: OrderType.Order,
			userid_staff: staff?.userid ?? null,
			registerid: register.registerid,
			warehouseid: till.warehouseid,
			datereserved: null,
			currencycode: till.country.currencycode,
			additionaldata,
			orderitems: [],
			payments: [],
			reservedpayments: [],
			orderlogitems: withReceipt
				? [
						{
							datelog: orderdate,
							orderlogtypeid: 999,
							strvalue: `${register.name} (${additionaldata['pos-receiptid']})\nReceipt #${receiptNumber}\n${staffName}`,
							fvalue: 0,
						},
					]
				: [],
		};
	}
}
