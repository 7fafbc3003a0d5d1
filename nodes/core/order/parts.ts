/** The order split by direction, so a sale part and a refund part can be sent as separate events. */
import { isReturnedLine } from './classify';
import type { MappedLine } from './lines';
import { centsToAmount, sumCents, type Cents } from './money';
import type { NormalizedOrder, OrderLine, OrderParts } from './types';

/**
 * Sold lines go to `sale`, returned lines to `refund`. With one part its value is the grand total;
 * with both, the refund part is its rows and the sale part the rest, so they add up to the total.
 */
export function partsOf(
	lines: readonly MappedLine[],
	gross: Cents,
	hasReturns: boolean,
	isManualReturn: boolean,
): OrderParts {
	const returned = lines.filter(isReturnedLine);
	const sold = lines.filter((l) => !isReturnedLine(l));
	const hasSale = sold.length > 0 || !hasReturns;
	const part = (group: readonly MappedLine[], value: Cents) => ({
		lineIds: group.map((l) => l.line.lineId),
		itemsGross: centsToAmount(sumCents(group.map((l) => l.rowTotal))),
		value: centsToAmount(value),
	});
	if (!hasReturns) return { sale: part(sold, gross) };
	if (!hasSale) return { refund: { ...part(returned, gross), isManualReturn } };
	const refundValue = sumCents(returned.map((l) => l.rowTotal));
	return {
		sale: part(sold, gross - refundValue),
		refund: { ...part(returned, refundValue), isManualReturn },
	};
}

/** The lines of one part, e.g. the sold lines of an exchange for its Placed Order. */
export function linesOfPart(order: NormalizedOrder, part: keyof OrderParts): OrderLine[] {
	const ids = new Set(order.parts[part]?.lineIds ?? []);
	return order.lines.filter((line) => ids.has(line.lineId));
}
