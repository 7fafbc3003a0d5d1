/**
 * Sitoo's numeric order codes (docs/reference/sitoo-api.md §2.2), written only here: the mapper reads them, list
 * filters (`orderstate=`, `paymentstate=`) send them.
 */
import type { OrderStatus, OrderType, PaymentStatus } from './types';

/** `orderstateid` / the `orderstate` filter. */
export const SITOO_ORDER_STATE = {
	open: 0,
	closed: 10,
	cancelled: 20,
	abandoned: -1,
} as const satisfies Record<OrderStatus, number>;
/** `paymentstateid` / the `paymentstate` filter. */
export const SITOO_PAYMENT_STATE = {
	none: 0,
	pending: 10,
	reserved: 15,
	successful: 20,
	cancelled: 30,
	failed: 40,
} as const satisfies Record<PaymentStatus, number>;
/** `ordertypeid` / the `ordertype` filter: 10 order, 100 booking, 110 parked at the till. */
export const SITOO_ORDER_TYPE = { sale: 10, booking: 100, parked: 110 } as const satisfies Record<
	OrderType,
	number
>;

/** Code → name, for reading an order. */
function byCode<Name extends string>(
	codes: Readonly<Record<Name, number>>,
): Readonly<Record<number, Name>> {
	return Object.fromEntries(
		(Object.entries(codes) as Array<[Name, number]>).map(([name, code]) => [code, name]),
	) as Record<number, Name>;
}

export const ORDER_STATUS: Readonly<Record<number, OrderStatus>> = byCode(SITOO_ORDER_STATE);
export const PAYMENT_STATUS: Readonly<Record<number, PaymentStatus>> = byCode(SITOO_PAYMENT_STATE);
export const ORDER_TYPE: Readonly<Record<number, OrderType>> = byCode(SITOO_ORDER_TYPE);
