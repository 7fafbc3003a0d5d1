/**
 * Order totals from Sitoo's stated figures, checked against the lines to the cent (docs/reference/sitoo-api.md
 * §2.3: `moneytotal_*` are the items, `moneyfinal_*` add checkout and delivery, `moneytotal_gross_all`
 * is the grand total). A difference is reported, never "fixed": Sitoo's total is what was paid.
 */
import * as read from './fields';
import type { MappedLine } from './lines';
import { centsToAmount, formatCents, sumCents, type Cents } from './money';
import type { OrderTotals, OrderWarning } from './types';

export interface CheckedTotals {
	totals: OrderTotals;
	gross: Cents;
	itemsGross: Cents;
}

export function checkedTotals(
	raw: read.JsonObject,
	lines: readonly MappedLine[],
	currency: string,
	warnings: OrderWarning[],
): CheckedTotals {
	// The grand total is in Sitoo's default field list (§2.1) and is the value of every order event (§10).
	const gross = read.money(raw, 'moneytotal_gross_all', 'moneytotal_gross_all');
	const itemsNet = read.optionalMoney(raw, 'moneytotal_net', 'moneytotal_net');
	const itemsVat = read.optionalMoney(raw, 'moneytotal_vat', 'moneytotal_vat');
	const finalNet = read.optionalMoney(raw, 'moneyfinal_net', 'moneyfinal_net');
	const finalVat = read.optionalMoney(raw, 'moneyfinal_vat', 'moneyfinal_vat');
	const roundoff =
		read.optionalMoney(raw, 'moneytotal_gross_roundoff', 'moneytotal_gross_roundoff') ?? 0;
	const delivery =
		read.optionalMoney(raw, 'moneytotal_gross_delivery', 'moneytotal_gross_delivery') ?? 0;
	const checkout =
		read.optionalMoney(raw, 'moneytotal_gross_checkout', 'moneytotal_gross_checkout') ?? 0;

	const itemsGross = sumCents(lines.map((l) => l.rowTotal));
	const linesNet = sumCents(lines.map((l) => l.rowNet));
	const linesVat = sumCents(lines.map((l) => l.rowVat));
	const money = (cents: Cents) => `${formatCents(cents)} ${currency}`;

	// The item total (`moneytotal_net + moneytotal_vat`, asked for with `fields=`) is what the rows should make.
	if (itemsNet !== undefined && itemsVat !== undefined && itemsNet + itemsVat !== itemsGross) {
		const stated = itemsNet + itemsVat;
		warnings.push({
			code: 'itemTotalMismatch',
			field: 'moneytotal_net',
			message: `The lines add up to ${money(itemsGross)} but Sitoo states an item total of ${money(stated)} (moneytotal_net + moneytotal_vat), a difference of ${money(stated - itemsGross)}; an order-level discount row may be missing.`,
			stated: centsToAmount(stated),
			computed: centsToAmount(itemsGross),
		});
	}
	if (gross !== itemsGross) {
		const difference = gross - itemsGross;
		const unexplained = difference - roundoff - delivery - checkout;
		const parts = [
			roundoff !== 0 ? `cash rounding ${money(roundoff)}` : '',
			delivery !== 0 ? `delivery ${money(delivery)}` : '',
			checkout !== 0 ? `checkout fee ${money(checkout)}` : '',
			unexplained !== 0 ? `unexplained ${money(unexplained)}` : '',
		].filter((p) => p !== '');
		warnings.push({
			code: 'totalDiffersFromLines',
			field: 'moneytotal_gross_all',
			message: `The lines add up to ${money(itemsGross)} but the grand total is ${money(gross)}: ${parts.join(', ')}. Order values use the grand total; product rows use the lines.`,
			stated: centsToAmount(gross),
			computed: centsToAmount(itemsGross),
		});
	}
	return {
		gross,
		itemsGross,
		totals: {
			gross: centsToAmount(gross),
			net: centsToAmount(finalNet ?? itemsNet ?? linesNet),
			vat: centsToAmount(finalVat ?? itemsVat ?? linesVat),
			itemsGross: centsToAmount(itemsGross),
			discountNet: centsToAmount(sumCents(lines.map((l) => l.discount))),
			roundoff: centsToAmount(roundoff),
			delivery: centsToAmount(delivery),
		},
	};
}
