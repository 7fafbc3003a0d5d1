import { normalizeOrder } from '../../../nodes/core/order';
import { REFUND_9_2, SALE_9_1 } from './examples';
import { ACCOUNT, copy, normalized, rejected } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break raw orders in ways no type allows
type Raw = Record<string, any>;

/** The §9.1 sale with one change made by `edit`. */
function brokenSale(edit: (raw: Raw) => void): Raw {
	const raw: Raw = copy(SALE_9_1);
	edit(raw);
	return raw;
}

describe('normalizeOrder refuses broken orders and names the field', () => {
	it.each<[string, (raw: Raw) => void, string, string]>([
		['missing orderid', (r) => delete r.orderid, 'orderid', 'orderid is missing'],
		['orderid as text', (r) => (r.orderid = '20481'), 'orderid', 'orderid is the text "20481"'],
		['orderid zero', (r) => (r.orderid = 0), 'orderid', 'positive'],
		['missing orderdate', (r) => delete r.orderdate, 'orderdate', 'orderdate is missing'],
		[
			'orderdate as string garbage',
			(r) => (r.orderdate = 'yesterday 14:00'),
			'orderdate',
			'orderdate is the text "yesterday 14:00", expected the till time in unix seconds',
		],
		[
			'orderdate in milliseconds',
			(r) => (r.orderdate = 1717236000000),
			'orderdate',
			'looks like milliseconds',
		],
		[
			'orderdate with a fraction',
			(r) => (r.orderdate = 1717236000.5),
			'orderdate',
			'number 1717236000.5',
		],
		[
			'line money with a decimal comma',
			(r) => (r.orderitems[0].moneyitemtotal_net = '479,20'),
			'orderitems[0].moneyitemtotal_net',
			'a comma is not a decimal point',
		],
		[
			'line VAT as "abc"',
			(r) => (r.orderitems[0].moneyitemtotal_vat = 'abc'),
			'orderitems[0].moneyitemtotal_vat',
			'"abc"',
		],
		[
			'grand total as "12,50"',
			(r) => (r.moneytotal_gross_all = '12,50'),
			'moneytotal_gross_all',
			'"12,50"',
		],
		[
			'grand total missing',
			(r) => delete r.moneytotal_gross_all,
			'moneytotal_gross_all',
			'is missing',
		],
		[
			'payment amount as "abc"',
			(r) => (r.payments[0].moneyamount = 'abc'),
			'payments[0].moneyamount',
			'"abc"',
		],
		[
			'discount with 3 decimals',
			(r) => (r.orderitems[0].moneydiscount = '1.005'),
			'orderitems[0].moneydiscount',
			'"1.005"',
		],
		[
			'lower-case currency',
			(r) => (r.currencycode = 'sek'),
			'currencycode',
			'"sek", not an ISO 4217 code',
		],
		['currency name', (r) => (r.currencycode = 'KRONA'), 'currencycode', '"KRONA"'],
		['currency as a number', (r) => (r.currencycode = 752), 'currencycode', '"752"'],
		[
			'currency missing with no default',
			(r) => delete r.currencycode,
			'currencycode',
			'no default currency',
		],
		[
			'orderitems as an object',
			(r) => (r.orderitems = { 0: r.orderitems[0] }),
			'orderitems',
			'orderitems is an object, expected a list',
		],
		['orderitems as text', (r) => (r.orderitems = 'none'), 'orderitems', 'expected a list'],
		['orderitems missing', (r) => delete r.orderitems, 'orderitems', 'orderitems is missing'],
		[
			'a line that is not an object',
			(r) => (r.orderitems = [null]),
			'orderitems[0]',
			'orderitems[0] is null',
		],
		[
			'a line without orderitemid',
			(r) => delete r.orderitems[0].orderitemid,
			'orderitems[0].orderitemid',
			'is missing',
		],
		[
			'two lines with one orderitemid',
			(r) => r.orderitems.push(copy(r.orderitems[0])),
			'orderitems[1].orderitemid',
			'used by an earlier line',
		],
		[
			'quantity as text with no decimal quantity',
			(r) => {
				delete r.orderitems[0].decimalquantitytotal;
				r.orderitems[0].quantity = '1';
			},
			'orderitems[0].quantity',
			'the text "1"',
		],
		[
			'decimal quantity with a comma',
			(r) => (r.orderitems[0].decimalquantitytotal = '1,000'),
			'orderitems[0].decimalquantitytotal',
			'"1,000"',
		],
		[
			'VAT rate as text',
			(r) => (r.orderitems[0].vatvalue = '25%'),
			'orderitems[0].vatvalue',
			'VAT percentage',
		],
		[
			'undocumented order state',
			(r) => (r.orderstateid = 30),
			'orderstateid',
			'orderstateid is 30, not one of the documented values',
		],
		[
			'payment state missing',
			(r) => delete r.paymentstateid,
			'paymentstateid',
			'paymentstateid is missing',
		],
		['order type as text', (r) => (r.ordertypeid = 'sale'), 'ordertypeid', 'the text "sale"'],
		[
			'additionaldata as text',
			(r) => (r.additionaldata = 'pos'),
			'additionaldata',
			'expected an object',
		],
		[
			'line additionaldata as a list',
			(r) => (r.orderitems[0].additionaldata = []),
			'orderitems[0].additionaldata',
			'a list',
		],
		[
			'a payment that is not an object',
			(r) => (r.payments = ['Card 599.00']),
			'payments[0]',
			'expected a payment object',
		],
		['payments as an object', (r) => (r.payments = {}), 'payments', 'expected a list'],
		[
			'email as an object',
			(r) => (r.email = { address: 'a@b.se' }),
			'email',
			'email is an object, expected text',
		],
		['creditorderid as text', (r) => (r.creditorderid = 'x'), 'creditorderid', 'the text "x"'],
	])('%s', (_label, edit, field, problem) => {
		const result = rejected(brokenSale(edit));
		expect(result.field).toBe(field);
		expect(result.reason).toContain(problem);
		expect(result.reason).toContain(field);
	});

	it.each([[null], [undefined], ['{"orderid":1}'], [[SALE_9_1]], [42]])(
		'refuses %j as a whole with field "order"',
		(raw) => {
			expect(rejected(raw).field).toBe('order');
		},
	);

	it('uses the site currency from the context when the order was fetched without currencycode', () => {
		const raw = brokenSale((r) => delete r.currencycode);
		expect(normalized(raw, { defaultCurrency: 'SEK' }).order.currency).toBe('SEK');
		expect(rejected(raw, { defaultCurrency: 'kr' }).field).toBe('currencycode');
	});

	it('refuses a missing or non-numeric account id in the context', () => {
		for (const accountId of ['', 'acme', -1, 1.5] as unknown[]) {
			const result = normalizeOrder(copy(SALE_9_1), { accountId: accountId as string });
			expect(result).toMatchObject({ ok: false, field: 'context.accountId' });
		}
		expect(normalized(copy(SALE_9_1), { accountId: 1500 }).order.ids.accountId).toBe('1500');
	});

	it('refuses a refund sequence that is not 1, 2, 3… for a linked refund (it picks the Klaviyo id)', () => {
		for (const refundSequence of [0, -1, 1.5, '1'] as unknown[]) {
			const result = normalizeOrder(copy(REFUND_9_2), {
				accountId: ACCOUNT,
				refundSequence: refundSequence as number,
			});
			expect(result).toMatchObject({ ok: false, field: 'context.refundSequence' });
		}
	});

	it('keeps an order whose cross-reference text is unreadable, dropping the link with a warning', () => {
		const raw: Raw = copy(REFUND_9_2);
		delete raw.creditorderid;
		raw.additionaldata['pos-originalsales-orderid'] = 'SII0001';
		raw.orderitems[0].additionaldata['pos-originalsales-orderitemid'] = 'first';
		const { order, warnings } = normalized(raw);
		expect(order.ids.originalOrderId).toBeUndefined();
		expect(order.parts.refund?.isManualReturn).toBe(true);
		expect(order.lines[0].originalLineId).toBeUndefined();
		expect(warnings.map((w) => w.field)).toEqual([
			'orderitems[0].additionaldata.pos-originalsales-orderitemid',
			'additionaldata.pos-originalsales-orderid',
		]);
	});

	it('does not change the order it is given', () => {
		const raw = copy(SALE_9_1);
		normalizeOrder(raw, { accountId: ACCOUNT });
		expect(raw).toEqual(SALE_9_1);
	});
});
