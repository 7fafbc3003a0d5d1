/** One Sitoo order item → one normalized line (docs/reference/sitoo-api.md §2.3 order item fields and keys). */
import * as read from './fields';
import { compact, nonEmpty, Rejection } from './fields';
import {
	centsToAmount,
	describeValue,
	milliToQuantity,
	perUnit,
	timesQuantity,
	type Cents,
	type Milli,
} from './money';
import type { OrderEnrichment, OrderLine, OrderWarning, ProductEnrichment } from './types';

/** A line with its exact figures kept beside the JSON one, for the sums that follow. */
export interface MappedLine {
	line: OrderLine;
	quantity: Milli;
	rowTotal: Cents;
	rowNet: Cents;
	rowVat: Cents;
	discount: Cents;
}

export function mapLine(
	raw: unknown,
	index: number,
	enrichment: OrderEnrichment | undefined,
	warnings: OrderWarning[],
): MappedLine {
	const path = `orderitems[${index}]`;
	if (!read.isObject(raw))
		throw new Rejection(path, `${path} is ${describeValue(raw)}, expected an order item object`);
	const lineId = read.integer(
		raw,
		'orderitemid',
		`${path}.orderitemid`,
		'the line index (a whole number)',
	);
	if (lineId < 0)
		throw new Rejection(
			`${path}.orderitemid`,
			`${path}.orderitemid is ${lineId}; line indexes start at 0`,
		);
	const quantity = lineQuantity(raw, path);
	const rowNet = read.money(raw, 'moneyitemtotal_net', `${path}.moneyitemtotal_net`);
	const rowVat = read.money(raw, 'moneyitemtotal_vat', `${path}.moneyitemtotal_vat`);
	// No gross line field exists: gross = net + vat (§2.3).
	const rowTotal = rowNet + rowVat;
	// `moneydiscount` is per unit and net (§2.3), so the row's discount follows the quantity's sign.
	const unitDiscount = read.optionalMoney(raw, 'moneydiscount', `${path}.moneydiscount`) ?? 0;
	const discount = timesQuantity(unitDiscount, quantity);
	const productIdValue = read.optionalInteger(
		raw,
		'productid',
		`${path}.productid`,
		'a product id (a whole number)',
	);
	const productId = productIdValue !== undefined && productIdValue > 0 ? productIdValue : undefined;
	const sku = read.text(raw, 'sku', `${path}.sku`);
	const data = read.object(raw, 'additionaldata', `${path}.additionaldata`);
	const dataPath = `${path}.additionaldata`;
	const originalLineText = read.text(
		data,
		'pos-originalsales-orderitemid',
		`${dataPath}.pos-originalsales-orderitemid`,
	);
	const originalLineId = read.idInText(originalLineText);
	if (originalLineText !== undefined && originalLineId === undefined) {
		warnings.push({
			code: 'unreadableReference',
			field: `${dataPath}.pos-originalsales-orderitemid`,
			message: `The returned line's original line "${originalLineText}" is not a line index; the line is kept without the link.`,
		});
	}
	const unit = perUnit(rowTotal, quantity);
	const enriched = enrichmentFor(enrichment, productId, sku);
	const line: OrderLine = {
		lineId,
		sku,
		productId,
		name: read.text(raw, 'productname', `${path}.productname`),
		attributes: read.text(raw, 'productattributes', `${path}.productattributes`),
		quantity: milliToQuantity(quantity),
		unitPrice: unit === undefined ? undefined : centsToAmount(unit),
		rowTotal: centsToAmount(rowTotal),
		rowNet: centsToAmount(rowNet),
		rowVat: centsToAmount(rowVat),
		discountNet: centsToAmount(discount),
		vatRate: read.optionalNumber(raw, 'vatvalue', `${path}.vatvalue`, 'a VAT percentage'),
		productGroup: read.text(data, 'product-group-name', `${dataPath}.product-group-name`),
		categories: enriched?.categories,
		brand: enriched?.brand,
		imageUrl: enriched?.imageUrl,
		productUrl: enriched?.productUrl,
		originalLineId,
		returnReason: read.text(data, 'reasoncode-return', `${dataPath}.reasoncode-return`),
	};
	return { line: compact(line), quantity, rowTotal, rowNet, rowVat, discount };
}

/**
 * `decimalquantitytotal` ("-1.000") carries weighed and measured goods exactly; the integer
 * `quantity` is the fallback when an order was fetched without it.
 */
function lineQuantity(raw: read.JsonObject, path: string): Milli {
	if (raw.decimalquantitytotal !== undefined && raw.decimalquantitytotal !== null) {
		return read.quantity(raw, 'decimalquantitytotal', `${path}.decimalquantitytotal`);
	}
	return read.integer(raw, 'quantity', `${path}.quantity`, 'a whole number of units') * 1000;
}

/** Enrichment is supplied by the caller (products, categories, manufacturers: §7); only well-formed facts are taken. */
function enrichmentFor(
	enrichment: OrderEnrichment | undefined,
	productId: number | undefined,
	sku: string | undefined,
): ProductEnrichment | undefined {
	const byId =
		productId !== undefined ? lookup(enrichment?.products, String(productId)) : undefined;
	const found = byId ?? (sku !== undefined ? lookup(enrichment?.productsBySku, sku) : undefined);
	if (!found) return undefined;
	const categories = Array.isArray(found.categories)
		? found.categories.filter((c): c is string => typeof c === 'string' && c !== '')
		: undefined;
	return compact({
		categories: categories && categories.length > 0 ? categories : undefined,
		brand: nonEmpty(found.brand),
		imageUrl: nonEmpty(found.imageUrl),
		productUrl: nonEmpty(found.productUrl),
	});
}

function lookup(
	table: Record<string, ProductEnrichment> | undefined,
	key: string,
): ProductEnrichment | undefined {
	if (!read.isObject(table) || !Object.prototype.hasOwnProperty.call(table, key)) return undefined;
	const entry: unknown = table[key];
	return read.isObject(entry) ? (entry as ProductEnrichment) : undefined;
}
