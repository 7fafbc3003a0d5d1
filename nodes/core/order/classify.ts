/**
 * What kind of order this is (sale, refund, exchange, manual return) and whether it has settled
 * (docs/reference/sitoo-api.md §2.2 enumerations, §3 classifier). Works on already-read numbers so the polling
 * trigger can use it without mapping the whole order.
 */
import type { Cents, Milli } from './money';
import type { OrderKind, OrderStatus, OrderType, PaymentStatus } from './types';

export interface KindInput {
	lines: readonly { quantity: Milli; rowTotal: Cents }[];
	/** `moneytotal_gross_all`; decides only when there are no lines. */
	grossTotal: Cents;
	originalOrderId?: number;
	/** `additionaldata['pos-refundsales-orderid']`: on a refund, the purchase made with it. */
	refundSalesOrderId?: number;
	/** `additionaldata['pos-refund-orderid']`: on a purchase, the refund made with it. */
	refundOrderId?: number;
}

export interface KindResult {
	kind: OrderKind;
	/** Set for exchanges: one receipt holding both directions, or one half of a pair of orders. */
	exchangeLayout?: 'mixed' | 'split';
	/** The other half of a split exchange. */
	partnerOrderId?: number;
	hasSaleLines: boolean;
	hasReturnLines: boolean;
	/** A refund (or the refund part of an exchange) with no original sale: returned without a receipt. */
	isManualReturn: boolean;
}

/**
 * A line is returned when its quantity is negative (§3: "quantity … negative on returns"); a
 * zero-quantity line (a discount or fee row, §2.2 `orderitemtype`) follows the sign of its money.
 */
export function isReturnedLine(line: { quantity: Milli; rowTotal: Cents }): boolean {
	return line.quantity < 0 || (line.quantity === 0 && line.rowTotal < 0);
}

export function classifyKind(input: KindInput): KindResult {
	const hasReturnLines = input.lines.some(isReturnedLine);
	const hasSaleLines = input.lines.some((line) => !isReturnedLine(line));
	// With no lines at all, the sign of the grand total is all there is (§3 `isRefund`).
	const returns = hasReturnLines || (input.lines.length === 0 && input.grossTotal < 0);
	const partnerOrderId = input.refundSalesOrderId ?? input.refundOrderId;
	let kind: OrderKind;
	let exchangeLayout: KindResult['exchangeLayout'];
	if (returns && hasSaleLines) {
		kind = 'exchange';
		exchangeLayout = 'mixed';
	} else if (partnerOrderId !== undefined) {
		// One half of an exchange the POS split into two orders (§2.3 cross-reference keys).
		kind = 'exchange';
		exchangeLayout = 'split';
	} else {
		kind = returns ? 'refund' : 'sale';
	}
	const result: KindResult = {
		kind,
		hasSaleLines,
		hasReturnLines: returns,
		isManualReturn: returns && input.originalOrderId === undefined,
	};
	if (exchangeLayout) result.exchangeLayout = exchangeLayout;
	if (partnerOrderId !== undefined) result.partnerOrderId = partnerOrderId;
	return result;
}

export interface SettlementInput {
	order: OrderStatus;
	payment: PaymentStatus;
	orderType: OrderType;
	grossTotal: Cents;
}

export interface Settlement {
	/** Nothing more will change: the cursor may move past it (docs/design.md invariant 2). */
	isFinal: boolean;
	/** Closed and paid: send it to Klaviyo as a placed or refunded order. */
	isCompleted: boolean;
	/** Why, in words a user can read next to the order. */
	reason: string;
}

/**
 * Final: closed and paid, or cancelled/abandoned. Watched: open orders (parked 110, booking 100,
 * unpaid) and closed orders whose payment has not settled yet (pending, reserved).
 */
export function classifySettlement(input: SettlementInput): Settlement {
	const { order, payment, orderType } = input;
	if (order === 'cancelled') return { isFinal: true, isCompleted: false, reason: 'cancelled' };
	if (order === 'abandoned')
		return { isFinal: true, isCompleted: false, reason: 'abandoned at the till' };
	if (order === 'open') {
		const what =
			orderType === 'parked'
				? 'parked at the till'
				: orderType === 'booking'
					? 'a booking not yet picked up'
					: 'still open';
		return {
			isFinal: false,
			isCompleted: false,
			reason: `${what}: watched until it closes or is cancelled`,
		};
	}
	// Closed from here on.
	if (orderType === 'parked') {
		// A parked order is completed as a new sale that names it in `pos-sourceorderid` (§2.3); the
		// parked one closes without payment and must not count as a second sale.
		return {
			isFinal: true,
			isCompleted: false,
			reason: 'parked order closed: its sale is a separate order',
		};
	}
	if (payment === 'successful')
		return { isFinal: true, isCompleted: true, reason: 'closed and paid' };
	if (payment === 'pending' || payment === 'reserved') {
		return {
			isFinal: false,
			isCompleted: false,
			reason: `closed with payment ${payment}: watched until the payment settles`,
		};
	}
	// [I] An even exchange has nothing to pay, so its payment state may stay "none".
	if (payment === 'none' && input.grossTotal === 0)
		return { isFinal: true, isCompleted: true, reason: 'closed with nothing to pay' };
	return { isFinal: true, isCompleted: false, reason: `closed with payment ${payment}` };
}
