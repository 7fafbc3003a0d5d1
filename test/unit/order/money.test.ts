import {
	amountToCents,
	centsToAmount,
	formatCents,
	milliToQuantity,
	parseMoney,
	parseQuantity,
	sumCents,
} from '../../../nodes/core/order';
import { perUnit, timesQuantity } from '../../../nodes/core/order/money';

describe('parseMoney', () => {
	it.each([
		['599.00', 59900],
		['-479.20', -47920],
		['0.00', 0],
		['-0.00', 0],
		['0.07', 7],
		['12', 1200],
		['12.5', 1250],
		['1234567.89', 123456789],
	])('reads %j as %d cents', (text, expected) => {
		expect(parseMoney(text, 'moneytotal_gross_all')).toEqual({ ok: true, value: expected });
	});

	it('is exact where floats are not: 0.29 + 0.58 is 87 cents, not 86.99999…', () => {
		const a = parseMoney('0.29', 'a');
		const b = parseMoney('0.58', 'b');
		if (!a.ok || !b.ok) throw new Error('unexpected');
		expect(a.value + b.value).toBe(87);
		expect(0.29 * 100 + 0.58 * 100).not.toBe(87);
	});

	it.each([
		['12,50', 'a comma is not a decimal point'],
		['abc', '"abc"'],
		['12.505', '"12.505"'],
		['1 299.00', '"1 299.00"'],
		['+12.00', '"+12.00"'],
		['', '""'],
		['12.', '"12."'],
		['.50', '".50"'],
	])('refuses %j and names the field', (text, mention) => {
		const result = parseMoney(text, 'orderitems[0].moneyitemtotal_net');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.field).toBe('orderitems[0].moneyitemtotal_net');
		expect(result.reason).toContain('orderitems[0].moneyitemtotal_net');
		expect(result.reason).toContain(mention);
	});

	it('accepts a JSON number only when it is whole cents', () => {
		expect(parseMoney(12.5, 'x')).toEqual({ ok: true, value: 1250 });
		expect(parseMoney(-0.1, 'x')).toEqual({ ok: true, value: -10 });
		expect(parseMoney(12.345, 'x').ok).toBe(false);
		expect(parseMoney(Number.NaN, 'x').ok).toBe(false);
		expect(parseMoney(Infinity, 'x').ok).toBe(false);
	});

	it.each([
		[null, 'null'],
		[undefined, 'missing'],
		[true, 'boolean true'],
		[{}, 'an object'],
		[[], 'a list'],
	])("refuses %j with the value's type in the reason", (value, said) => {
		const result = parseMoney(value, 'payments[0].moneyamount');
		expect(result).toMatchObject({ ok: false, field: 'payments[0].moneyamount' });
		if (!result.ok)
			expect(result.reason).toBe(
				`payments[0].moneyamount is ${said}, expected money such as "599.00"`,
			);
	});

	it('refuses amounts too large to count exactly in cents', () => {
		expect(parseMoney('99999999999999999.00', 'x').ok).toBe(false);
	});
});

describe('parseQuantity', () => {
	it.each([
		['1.000', 1000],
		['-1.000', -1000],
		['2.5', 2500],
		['0.125', 125],
		['3', 3000],
	])('reads %j as %d thousandths', (text, expected) => {
		expect(parseQuantity(text, 'q')).toEqual({ ok: true, value: expected });
	});

	it('refuses more than 3 decimals and commas', () => {
		expect(parseQuantity('1.0005', 'orderitems[1].decimalquantitytotal')).toMatchObject({
			ok: false,
			field: 'orderitems[1].decimalquantitytotal',
		});
		expect(parseQuantity('1,000', 'q').ok).toBe(false);
	});
});

describe('conversions', () => {
	it('turns cents into amounts and back without drift over many values', () => {
		const drifted: number[] = [];
		for (let c = -1_000_000; c <= 1_000_000; c += 7)
			if (amountToCents(centsToAmount(c)) !== c) drifted.push(c);
		expect(drifted).toEqual([]);
	});

	it('never produces negative zero (it would serialise as 0 but compare oddly)', () => {
		expect(Object.is(centsToAmount(-0), 0)).toBe(true);
		expect(Object.is(timesQuantity(0, -1000), 0)).toBe(true);
		expect(Object.is(milliToQuantity(-0), 0)).toBe(true);
	});

	it('formats cents as Sitoo writes money', () => {
		expect(formatCents(59900)).toBe('599.00');
		expect(formatCents(-7)).toBe('-0.07');
		expect(formatCents(0)).toBe('0.00');
	});

	it('multiplies and divides by quantities with half-away-from-zero rounding, mirrored for returns', () => {
		expect(timesQuantity(1000, 3000)).toBe(3000);
		expect(timesQuantity(999, 1500)).toBe(1499); // 1498.5 → 1499
		expect(timesQuantity(-999, 1500)).toBe(-1499);
		expect(perUnit(-59900, -1000)).toBe(59900);
		expect(perUnit(10000, 3000)).toBe(3333);
		expect(perUnit(100, 0)).toBeUndefined();
		expect(sumCents([1, 2, -3, 10])).toBe(10);
	});
});
