import { linesOfPart, type NormalizedOrder } from '../../../nodes/core/order';
import { parseMoney, type Order } from '../../simulators/sitoo';
import { REFUND_9_2, SALE_9_1 } from './examples';
import { cents, copy, normalized, NOW, rawLineGross, simulator, STORE } from './helpers';

const HOUR = 3_600_000;

/** A product of a site by its gross till price, so amounts in a test can be worked out by hand. */
function productPriced(
	sim: ReturnType<typeof simulator>,
	eshopid: number,
	grossCents: number,
): number {
	const product = sim.world
		.products(eshopid)
		.find((p) => p.active && sim.world.state.grossPrices.get(p.productid) === grossCents);
	if (!product) throw new Error(`no product at ${grossCents} on site ${eshopid}`);
	return product.productid;
}

describe('normalizeOrder on the reference examples (docs/reference/sitoo-api.md §9)', () => {
	it('maps the §9.1 POS sale field by field', () => {
		const { order, warnings } = normalized(copy(SALE_9_1));
		expect(warnings).toEqual([]);
		expect(order).toEqual<NormalizedOrder>({
			kind: 'sale',
			ids: { accountId: '1500', orderId: 20481, siteId: 1, receiptId: 'SII000000150000110042' },
			// 1717236000 s = 19875 days (2024-06-01) + 36000 s (10:00).
			tillTime: '2024-06-01T10:00:00.000Z',
			state: {
				order: 'closed',
				payment: 'successful',
				orderType: 'sale',
				isFinal: true,
				isCompleted: true,
			},
			source: { system: 'sitoo', channel: 'pos' },
			store: {
				name: 'Stockholm Drottninggatan',
				externalId: 'STO-01',
				warehouseId: 3,
				timeZone: 'Europe/Stockholm',
			},
			registerId: '{3CCB9848-155A-49E1-7CA8-5F7F78FC3067}',
			staff: { externalId: 'S-17' },
			currency: 'SEK',
			totals: {
				gross: 599,
				net: 479.2,
				vat: 119.8,
				itemsGross: 599,
				discountNet: 0,
				roundoff: 0,
				delivery: 0,
			},
			customer: {
				email: 'anna.berg@example.com',
				phone: '+46701234567',
				firstName: 'Anna',
				lastName: 'Berg',
			},
			lines: [
				{
					lineId: 0,
					sku: 'LS-100-M',
					productId: 214,
					name: 'Linen Shirt',
					attributes: 'Color: Blue, Size: M',
					quantity: 1,
					unitPrice: 599,
					rowTotal: 599,
					rowNet: 479.2,
					rowVat: 119.8,
					discountNet: 0,
					vatRate: 25,
					productGroup: 'Shirts',
				},
			],
			parts: { sale: { lineIds: [0], itemsGross: 599, value: 599 } },
			payments: [{ method: 'Card', amount: 599, cardIssuer: 'Mastercard' }],
		});
	});

	it('maps the §9.2 validated return: negative money, links to the sale and its line, reason', () => {
		const { order, warnings } = normalized(copy(REFUND_9_2), { refundSequence: 1 });
		expect(warnings).toEqual([]);
		expect(order.kind).toBe('refund');
		expect(order.ids).toEqual({
			accountId: '1500',
			orderId: 20517,
			siteId: 1,
			receiptId: 'SII000000150000110077',
			originalOrderId: 20481,
			refundSequence: 1,
		});
		expect(order.tillTime).toBe('2024-06-08T10:00:00.000Z'); // 7 days after the sale
		expect(order.totals).toEqual({
			gross: -599,
			net: -479.2,
			vat: -119.8,
			itemsGross: -599,
			discountNet: 0,
			roundoff: 0,
			delivery: 0,
		});
		expect(order.lines[0]).toMatchObject({
			lineId: 0,
			quantity: -1,
			unitPrice: 599,
			rowTotal: -599,
			originalLineId: 0,
			returnReason: 'RC123',
		});
		expect(order.parts).toEqual({
			refund: { lineIds: [0], itemsGross: -599, value: -599, isManualReturn: false },
		});
		expect(order.refundReason).toEqual({ code: 'RC123', comment: 'Wrong size' });
		expect(order.payments).toEqual([{ method: 'Card', amount: -599, cardIssuer: 'Mastercard' }]);
	});

	it('finds the original from additionaldata when creditorderid was not asked for (not a default field, §2.1)', () => {
		const raw: Record<string, unknown> = copy(REFUND_9_2);
		delete raw.creditorderid;
		expect(normalized(raw).order.ids.originalOrderId).toBe(20481);
	});

	it('prefers creditorderid and warns when the two links disagree', () => {
		const raw = copy(REFUND_9_2);
		raw.additionaldata['pos-originalsales-orderid'] = '20480';
		const { order, warnings } = normalized(raw);
		expect(order.ids.originalOrderId).toBe(20481);
		expect(warnings).toEqual([
			expect.objectContaining({ code: 'originalOrderConflict', field: 'creditorderid' }),
		]);
	});

	it('produces plain JSON: it survives a round trip unchanged', () => {
		const { order } = normalized(copy(SALE_9_1));
		expect(JSON.parse(JSON.stringify(order))).toEqual(order);
		expect(JSON.stringify(order)).not.toContain('undefined');
	});
});

describe('normalizeOrder on simulated receipts', () => {
	const sim = simulator();
	let at = NOW + HOUR;
	const next = () => (at += 60_000);

	it('sells: row totals are net + vat to the cent and the order total matches Sitoo', () => {
		const raw = sim.factory.sale(next(), { storeId: STORE.SE, payment: 'card' });
		const { order, warnings } = normalized(raw);
		expect(order.kind).toBe('sale');
		expect(order.lines.map((l) => cents(l.rowTotal))).toEqual(raw.orderitems.map(rawLineGross));
		expect(cents(order.totals.gross)).toBe(parseMoney(raw.moneytotal_gross_all));
		expect(warnings).toEqual([]);
		expect(order.ids.receiptId).toBe(raw.additionaldata['pos-receiptid']);
	});

	it('refunds part of a line: one of three units, priced as sold, linked to the sold line', () => {
		const shirt = productPriced(sim, 1, 59900);
		const sale = sim.factory.sale(next(), {
			storeId: STORE.SE,
			items: [{ productId: shirt, quantity: 3 }],
			payment: 'card',
		});
		const refund = sim.factory.refund(next(), {
			originalOrderId: sale.orderid,
			items: [{ orderitemid: 0, quantity: 1 }],
		});
		const { order } = normalized(refund, { refundSequence: 1 });
		expect(order.kind).toBe('refund');
		expect(order.ids).toMatchObject({ originalOrderId: sale.orderid, refundSequence: 1 });
		expect(order.lines).toHaveLength(1);
		// 3 × 599.00 sold; one back is -599.00 at the same unit price.
		expect(order.lines[0]).toMatchObject({
			quantity: -1,
			unitPrice: 599,
			rowTotal: -599,
			originalLineId: 0,
			productId: shirt,
		});
		expect(order.totals.gross).toBe(-599);
		expect(order.parts.refund).toEqual({
			lineIds: [0],
			itemsGross: -599,
			value: -599,
			isManualReturn: false,
		});
		expect(order.refundReason?.code).toMatch(/^RC0\d$/);

		const second = sim.factory.refund(next(), {
			originalOrderId: sale.orderid,
			items: [{ orderitemid: 0, quantity: 2 }],
		});
		const later = normalized(second, { refundSequence: 2 }).order;
		expect(later.ids).toMatchObject({ originalOrderId: sale.orderid, refundSequence: 2 });
		expect(later.totals.gross).toBe(-1198);
	});

	it('marks a return without a receipt as a manual return with no original', () => {
		const raw = sim.factory.manualReturn(next(), { storeId: STORE.SE, customer: 'guest' });
		const { order, warnings } = normalized(raw, { refundSequence: 1 });
		expect(order.kind).toBe('refund');
		expect(order.ids.originalOrderId).toBeUndefined();
		expect(order.ids.refundSequence).toBeUndefined();
		expect(order.parts.refund?.isManualReturn).toBe(true);
		expect(order.lines.every((l) => l.quantity < 0 && l.originalLineId === undefined)).toBe(true);
		// A sequence only means something for a refund of a known sale.
		expect(warnings.map((w) => w.code)).toContain('refundSequenceIgnored');
	});

	it('splits a one-receipt exchange into a sale part and a refund part that add up to the total', () => {
		const sale = sim.factory.sale(next(), {
			storeId: STORE.SE,
			customer: 'member',
			payment: 'card',
		});
		const [raw] = sim.factory.exchange(next(), { originalOrderId: sale.orderid });
		const { order } = normalized(raw);
		expect(order.kind).toBe('exchange');
		expect(order.exchange).toEqual({ layout: 'mixed' });
		expect(order.ids.originalOrderId).toBe(sale.orderid);
		const sold = linesOfPart(order, 'sale');
		const returned = linesOfPart(order, 'refund');
		expect(sold.length).toBeGreaterThan(0);
		expect(returned.length).toBeGreaterThan(0);
		expect(sold.every((l) => l.quantity > 0)).toBe(true);
		expect(returned.every((l) => l.quantity < 0 && l.originalLineId !== undefined)).toBe(true);
		expect(sold.length + returned.length).toBe(raw.orderitems.length);
		const { sale: salePart, refund: refundPart } = order.parts;
		expect(cents(salePart!.value) + cents(refundPart!.value)).toBe(
			parseMoney(raw.moneytotal_gross_all),
		);
		expect(cents(refundPart!.value)).toBe(
			raw.orderitems
				.filter((i) => i.quantity < 0)
				.map(rawLineGross)
				.reduce((a, b) => a + b, 0),
		);
		expect(refundPart!.isManualReturn).toBe(false);
	});

	it('recognises both halves of a split exchange by their cross-references', () => {
		const sale = sim.factory.sale(next(), {
			storeId: STORE.NO,
			customer: 'member',
			payment: 'card',
		});
		const [refundRaw, purchaseRaw] = sim.factory.exchange(next(), {
			originalOrderId: sale.orderid,
			split: true,
		});
		const refund = normalized(refundRaw, { refundSequence: 1 }).order;
		const purchase = normalized(purchaseRaw).order;

		expect(refund.kind).toBe('exchange');
		expect(refund.exchange).toEqual({ layout: 'split', partnerOrderId: purchaseRaw.orderid });
		expect(Object.keys(refund.parts)).toEqual(['refund']);
		expect(refund.ids).toMatchObject({ originalOrderId: sale.orderid, refundSequence: 1 });

		expect(purchase.kind).toBe('exchange');
		expect(purchase.exchange).toEqual({
			layout: 'split',
			partnerOrderId: refundRaw.orderid,
			partnerReceiptId: refundRaw.additionaldata['pos-receiptid'],
		});
		expect(Object.keys(purchase.parts)).toEqual(['sale']);
		expect(purchase.ids.originalOrderId).toBeUndefined();
		expect(purchase.parts.sale?.value).toBe(purchase.totals.gross);
	});

	it('keeps the till time of an offline receipt that arrives days later with a newer orderid', () => {
		const online = sim.factory.sale(next(), { storeId: STORE.SE });
		const arrival = next();
		const raw = sim.factory.offline(arrival, { storeId: STORE.SE, offlineSeconds: 2 * 86_400 });
		const { order } = normalized(raw, { now: arrival });
		expect(raw.orderid).toBeGreaterThan(online.orderid);
		expect(order.tillTime).toBe(
			new Date((Math.floor(arrival / 1000) - 2 * 86_400) * 1000).toISOString(),
		);
		expect(Date.parse(order.tillTime)).toBeLessThan(Date.parse(normalized(online).order.tillTime));
	});

	it('leaves guest customers empty and keeps typed and placeholder emails raw for identity checks', () => {
		const guest = normalized(sim.factory.sale(next(), { customer: 'guest' })).order;
		expect(guest.customer).toEqual({});
		const placeholder = sim.factory.sale(next(), { customer: 'placeholder' });
		expect(normalized(placeholder).order.customer.email).toBe(placeholder.email);
		const typed = sim.factory.sale(next(), { customer: 'typed' });
		const customer = normalized(typed).order.customer;
		// Validation (trim, lower-case, placeholders) is the identity module's job (invariant 4).
		expect(customer.email).toBe(typed.email);
		expect(customer.email).toMatch(/^ /);
		expect(customer.phone).toBe(typed.phone);
	});

	it('never copies the personal id number', () => {
		const raw = copy(sim.factory.sale(next(), { customer: 'member' }));
		raw.personalid = '19850412-1234';
		expect(JSON.stringify(normalized(raw).order)).not.toContain('19850412');
	});

	it.each([
		[STORE.SE, 'SEK'],
		[STORE.NO, 'NOK'],
		[STORE.DE, 'EUR'],
	])('keeps the currency of store %d (%s) and its amounts to the cent', (storeId, currency) => {
		const raw = sim.factory.sale(next(), { storeId, payment: 'card' });
		const { order } = normalized(raw);
		expect(order.currency).toBe(currency);
		expect(cents(order.totals.gross)).toBe(parseMoney(raw.moneytotal_gross_all));
		expect(cents(order.totals.net)).toBe(parseMoney(raw.moneyfinal_net));
		expect(cents(order.totals.vat)).toBe(parseMoney(raw.moneyfinal_vat));
	});

	it('reports cash rounding as a warning with both figures instead of failing', () => {
		// 599.00 less 10 % is 539.10; Swedish cash is rounded to whole kronor, so 539.00 is paid.
		const shirt = productPriced(sim, 1, 59900);
		const raw = sim.factory.sale(next(), {
			storeId: STORE.SE,
			items: [{ productId: shirt, discountPercent: 10 }],
			payment: 'cash',
		});
		const { order, warnings } = normalized(raw);
		expect(order.totals).toMatchObject({ gross: 539, itemsGross: 539.1, roundoff: -0.1 });
		expect(order.parts.sale?.value).toBe(539);
		expect(warnings).toEqual([
			expect.objectContaining({
				code: 'totalDiffersFromLines',
				field: 'moneytotal_gross_all',
				stated: 539,
				computed: 539.1,
			}),
		]);
		expect(warnings[0].message).toContain('cash rounding -0.10 SEK');
		expect(warnings[0].message).not.toContain('unexplained');
	});

	it('reads line discounts as net per unit times quantity', () => {
		const shirt = productPriced(sim, 1, 59900);
		const raw = sim.factory.sale(next(), {
			storeId: STORE.SE,
			items: [{ productId: shirt, quantity: 2, discountPercent: 20 }],
			payment: 'card',
		});
		const { order } = normalized(raw);
		expect(cents(order.lines[0].discountNet)).toBe(2 * parseMoney(raw.orderitems[0].moneydiscount));
		expect(order.lines[0].discountNet).toBeGreaterThan(0);
		expect(order.totals.discountNet).toBe(order.lines[0].discountNet);
		// 599.00 less 20 % = 479.20 a unit.
		expect(order.lines[0]).toMatchObject({ quantity: 2, unitPrice: 479.2, rowTotal: 958.4 });
	});

	it('warns when the stated item total disagrees with the rows, quoting both', () => {
		const raw = copy(sim.factory.sale(next(), { storeId: STORE.DE, payment: 'card' }));
		const stated = parseMoney(raw.moneytotal_net) + 100;
		raw.moneytotal_net = (stated / 100).toFixed(2);
		const { warnings } = normalized(raw);
		const rows = raw.orderitems.map(rawLineGross).reduce((a, b) => a + b, 0);
		expect(warnings).toEqual([
			expect.objectContaining({
				code: 'itemTotalMismatch',
				field: 'moneytotal_net',
				stated: (stated + parseMoney(raw.moneytotal_vat)) / 100,
				computed: rows / 100,
			}),
		]);
		expect(warnings[0].message).toContain('1.00 EUR');
	});

	it('explains a webshop delivery charge and marks the order as web', () => {
		const raw: Order = copy(sim.factory.sale(next(), { storeId: STORE.SE, payment: 'card' }));
		raw.registerid = null;
		raw.moneytotal_gross_delivery = '49.00';
		raw.moneytotal_gross_all = ((parseMoney(raw.moneytotal_gross_all) + 4900) / 100).toFixed(2);
		const { order, warnings } = normalized(raw);
		expect(order.source).toEqual({ system: 'sitoo', channel: 'web' });
		expect(order.registerId).toBeUndefined();
		expect(order.totals.delivery).toBe(49);
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain('delivery 49.00 SEK');
		expect(warnings[0].message).not.toContain('unexplained');
	});

	it('takes store facts from the receipt first and fills the rest from the warehouse lookup (§7)', () => {
		const raw = copy(sim.factory.sale(next(), { storeId: STORE.NO }));
		const stores = {
			[String(raw.warehouseid)]: {
				id: 2,
				name: 'Lookup name',
				externalId: 'LOOKUP',
				country: 'no',
				email: 'oslo@store.example',
				phone: '+47 22 00 00 00',
			},
		};
		expect(normalized(raw, { stores }).order.store).toEqual({
			id: 2,
			name: raw.additionaldata['store-name'],
			externalId: raw.additionaldata['store-externalid'],
			warehouseId: raw.warehouseid,
			country: 'NO',
			email: 'oslo@store.example',
			phone: '+47 22 00 00 00',
			timeZone: raw.additionaldata['pos-timezone'],
		});
		delete raw.additionaldata['store-name'];
		delete raw.additionaldata['store-externalid'];
		expect(normalized(raw, { stores }).order.store).toMatchObject({
			id: 2,
			name: 'Lookup name',
			externalId: 'LOOKUP',
		});
		expect(normalized(raw).order.store).toEqual({
			warehouseId: raw.warehouseid,
			timeZone: raw.additionaldata['pos-timezone'],
		});
		// A time zone the runtime does not know is left out, not guessed.
		raw.additionaldata['pos-timezone'] = 'Mars/Olympus_Mons';
		expect(normalized(raw).order.store).toEqual({ warehouseId: raw.warehouseid });
	});

	it('adds categories and brand from enrichment, by product id or else by SKU', () => {
		const raw = sim.factory.sale(next(), { storeId: STORE.SE });
		const [first, ...rest] = raw.orderitems;
		const enrichment = {
			products: {
				[String(first.productid)]: { categories: ['Apparel', 'Shirts', ''], brand: 'Havsö' },
			},
			productsBySku: Object.fromEntries(
				rest.map((i) => [i.sku, { categories: ['By SKU'], brand: 'Kvist' }]),
			),
		};
		const { order } = normalized(raw, { enrichment });
		expect(order.lines[0]).toMatchObject({ categories: ['Apparel', 'Shirts'], brand: 'Havsö' });
		for (const line of order.lines.slice(1))
			expect(line).toMatchObject({ categories: ['By SKU'], brand: 'Kvist' });
		expect(normalized(raw).order.lines[0].categories).toBeUndefined();
	});

	it('names the staff member and the parked order a sale completed', () => {
		const parked = sim.factory.parked(next(), { storeId: STORE.SE });
		const [, completion] = sim.factory.close(parked.orderid, next(), 'card');
		const { order } = normalized(completion);
		expect(order.ids.sourceOrderId).toBe(parked.orderid);
		expect(order.staff?.userId).toBe(completion.userid_staff ?? undefined);
	});

	it('warns about a till clock running ahead of now', () => {
		const raw = sim.factory.sale(next());
		const { warnings } = normalized(raw, { now: raw.orderdate * 1000 - 3_600_000 });
		expect(warnings.map((w) => w.code)).toEqual(['tillTimeInFuture']);
		expect(normalized(raw, { now: raw.orderdate * 1000 }).warnings).toEqual([]);
	});
});
