import type { CountryProfile } from './fixtures';
import { CARD_ISSUERS } from './fixtures';
import {
	formatMoney,
	formatQuantity,
	netOfGross,
	parseMoney,
	roundCents,
	vatOfGross,
} from './money';
import type { SeededRandom } from '../shared/random';
import { ITEM_TYPE_PRODUCT, type Order, type OrderItem, type Payment, type Product } from './types';

/** Everything a line needs from a product, with the gross unit price the till keys in. */
export interface PricedProduct {
	product: Product;
	grossCents: number;
	groupName: string;
}

/**
 * One receipt line. Sitoo line money is net (docs/reference/sitoo-api.md §2.3: "Prices are net in these fields");
 * the gross line value is net + vat, and both are negative on returns.
 */
export function productLine(
	index: number,
	priced: PricedProduct,
	quantity: number,
	discountPercent: number,
	additionaldata: Record<string, string> = {},
): OrderItem {
	const { product, grossCents } = priced;
	const vat = product.vatvalue;
	const unitDiscount = Math.round((grossCents * discountPercent) / 100);
	const unitGross = grossCents - unitDiscount;
	const lineGross = quantity * unitGross;
	const lineVat = vatOfGross(lineGross, vat);
	return {
		orderitemid: index,
		orderitemtype: ITEM_TYPE_PRODUCT,
		productid: product.productid,
		productname: product.title,
		sku: product.sku,
		productattributes: product.variant.map((v) => `${v.name}: ${v.value}`).join(', '),
		unitlabel: '',
		quantity,
		decimalunitquantity: null,
		decimalquantitytotal: formatQuantity(quantity),
		moneynetpriceperunit: formatMoney(netOfGross(unitGross, vat)),
		moneynetpriceperquantity: formatMoney(netOfGross(unitGross, vat)),
		moneypriceorg: product.moneypriceorg,
		vatvalue: vat,
		moneyitemtotal_net: formatMoney(lineGross - lineVat),
		moneyitemtotal_vat: formatMoney(lineVat),
		voucherid: 0,
		vouchercode: '',
		vouchername: '',
		vouchercomment: '',
		vouchervalue: '0.00',
		// Per-unit net figures; the documented example shows "0.00" for the discount fields when there is none.
		moneyoriginalprice: formatMoney(netOfGross(grossCents, vat)),
		moneydiscountedprice: unitDiscount > 0 ? formatMoney(netOfGross(unitGross, vat)) : '0.00',
		moneydiscount:
			unitDiscount > 0
				? formatMoney(netOfGross(grossCents, vat) - netOfGross(unitGross, vat))
				: '0.00',
		salestaxes: [],
		additionaldata: { 'product-group-name': priced.groupName, ...additionaldata },
	};
}

export function lineGrossCents(item: OrderItem): number {
	return parseMoney(item.moneyitemtotal_net) + parseMoney(item.moneyitemtotal_vat);
}

/** The returned part of a sold line: same unit price, negative quantity, linked by index (§3). */
export function returnLine(
	index: number,
	original: OrderItem,
	quantity: number,
	reasonCode: string,
): OrderItem {
	const unitGross = lineGrossCents(original) / original.quantity;
	const lineGross = -quantity * unitGross;
	const lineVat = vatOfGross(lineGross, original.vatvalue);
	return {
		...original,
		orderitemid: index,
		quantity: -quantity,
		decimalquantitytotal: formatQuantity(-quantity),
		moneyitemtotal_net: formatMoney(lineGross - lineVat),
		moneyitemtotal_vat: formatMoney(lineVat),
		salestaxes: [],
		additionaldata: {
			'product-group-name': original.additionaldata['product-group-name'] ?? '',
			'pos-originalsales-orderitemid': String(original.orderitemid),
			'reasoncode-return': reasonCode,
		},
	};
}

export type PaymentMethod = 'card' | 'cash' | 'mobile' | 'giftcard';

export interface Totals {
	net: number;
	vat: number;
	roundoff: number;
	grossAll: number;
}

/** Order totals from its lines; cash in SEK/NOK is rounded to whole units into `roundoff`. */
export function totalsOf(
	items: OrderItem[],
	method: PaymentMethod | null,
	country: CountryProfile,
): Totals {
	let net = 0;
	let vat = 0;
	for (const item of items) {
		net += parseMoney(item.moneyitemtotal_net);
		vat += parseMoney(item.moneyitemtotal_vat);
	}
	const gross = net + vat;
	const step = method === 'cash' ? country.cashRoundingCents : 1;
	const rounded = roundCents(gross / step) * step;
	return { net, vat, roundoff: rounded - gross, grossAll: rounded };
}

export function applyTotals(order: Order, totals: Totals): void {
	order.moneytotal_net = formatMoney(totals.net);
	order.moneytotal_vat = formatMoney(totals.vat);
	order.moneyfinal_net = formatMoney(totals.net);
	order.moneyfinal_vat = formatMoney(totals.vat);
	order.moneytotal_gross_roundoff = formatMoney(totals.roundoff);
	order.moneytotal_gross_all = formatMoney(totals.grossAll);
}

const METHOD_INFO: Record<PaymentMethod, { id: number; name: (c: CountryProfile) => string }> = {
	card: { id: 1, name: () => 'Card' },
	cash: { id: 2, name: () => 'Cash' },
	mobile: { id: 3, name: (c) => c.mobilePayment ?? 'Card' },
	giftcard: { id: 4, name: () => 'Gift card' },
};

/** Payments that sum exactly to the grand total; a gift card covers part and a card the rest. */
export function paymentsFor(
	method: PaymentMethod,
	amountCents: number,
	country: CountryProfile,
	rng: SeededRandom,
	at: number,
): Payment[] {
	if (amountCents === 0) return [];
	const stamp = new Date(at).toISOString().replace(/\D/g, '').slice(2, 14);
	const card = (cents: number): Payment => ({
		name: 'Card',
		moneyamount: formatMoney(cents),
		externalid: String(rng.int(100000, 999999)),
		reftype: 'verifonelpp',
		refid: `${stamp} ${String(rng.int(0, 999999999)).padStart(12, '0')}`,
		cardissuer: rng.pick(CARD_ISSUERS),
		additionaldata: {},
		reservedpaymentid: null,
	});
	const plain = (name: string, cents: number, reftype = ''): Payment => ({
		name,
		moneyamount: formatMoney(cents),
		externalid: '',
		reftype,
		refid: reftype ? String(rng.int(10000000, 99999999)) : '',
		cardissuer: '',
		additionaldata: {},
		reservedpaymentid: null,
	});
	switch (method) {
		case 'card':
			return [card(amountCents)];
		case 'cash':
			return [plain('Cash', amountCents)];
		case 'mobile':
			return country.mobilePayment
				? [plain(country.mobilePayment, amountCents, country.mobilePayment.toLowerCase())]
				: [card(amountCents)];
		case 'giftcard': {
			// Only a sale can be part-paid by gift card; a refund goes back to the card.
			if (amountCents < 0) return [card(amountCents)];
			const gift = Math.min(amountCents, 50000);
			const rest = amountCents - gift;
			return rest > 0
				? [plain('Gift card', gift, 'giftcard'), card(rest)]
				: [plain('Gift card', gift, 'giftcard')];
		}
	}
}

export function checkoutType(
	method: PaymentMethod | null,
	country: CountryProfile,
): { id: number; name: string } {
	if (!method) return { id: 0, name: '' };
	const info = METHOD_INFO[method];
	return { id: info.id, name: `Sitoo POS - ${info.name(country)}` };
}

/** Which method a refund goes back with: the original's first payment, else card. */
export function methodOfPayments(payments: Payment[]): PaymentMethod {
	const first = payments[0]?.name;
	if (first === 'Cash') return 'cash';
	if (first === 'Swish' || first === 'Vipps') return 'mobile';
	return 'card';
}
