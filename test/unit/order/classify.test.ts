import { classifyKind, classifySettlement, type SettlementInput } from '../../../nodes/core/order';
import { normalized, NOW, simulator, STORE } from './helpers';

const sold = { quantity: 1000, rowTotal: 59900 };
const returned = { quantity: -1000, rowTotal: -59900 };

describe('classifyKind (docs/reference/sitoo-api.md §3)', () => {
	it.each([
		['only sold lines', { lines: [sold, sold], grossTotal: 119800 }, 'sale', undefined],
		[
			'only returned lines, linked',
			{ lines: [returned], grossTotal: -59900, originalOrderId: 20481 },
			'refund',
			undefined,
		],
		[
			'mixed lines in one receipt',
			{ lines: [returned, sold], grossTotal: 0, originalOrderId: 20481 },
			'exchange',
			'mixed',
		],
		[
			'refund half naming its purchase',
			{ lines: [returned], grossTotal: -59900, originalOrderId: 1, refundSalesOrderId: 7 },
			'exchange',
			'split',
		],
		[
			'purchase half naming its refund',
			{ lines: [sold], grossTotal: 59900, refundOrderId: 6 },
			'exchange',
			'split',
		],
		['no lines, negative total', { lines: [], grossTotal: -100 }, 'refund', undefined],
		['no lines, zero total', { lines: [], grossTotal: 0 }, 'sale', undefined],
	] as const)('%s → %s', (_label, input, kind, layout) => {
		const result = classifyKind(input);
		expect(result.kind).toBe(kind);
		expect(result.exchangeLayout).toBe(layout);
	});

	it('treats a zero-quantity row by the sign of its money (a discount row on a return)', () => {
		expect(classifyKind({ lines: [{ quantity: 0, rowTotal: -500 }], grossTotal: -500 }).kind).toBe(
			'refund',
		);
		expect(
			classifyKind({ lines: [sold, { quantity: 0, rowTotal: -500 }], grossTotal: 59400 }).kind,
		).toBe('exchange');
	});

	it('calls a refund without an original a manual return, and a linked one not', () => {
		expect(classifyKind({ lines: [returned], grossTotal: -59900 }).isManualReturn).toBe(true);
		expect(
			classifyKind({ lines: [returned], grossTotal: -59900, originalOrderId: 5 }).isManualReturn,
		).toBe(false);
		expect(classifyKind({ lines: [sold], grossTotal: 59900 }).isManualReturn).toBe(false);
	});

	it('gives the partner of a split exchange', () => {
		expect(
			classifyKind({ lines: [returned], grossTotal: -59900, refundSalesOrderId: 10007 })
				.partnerOrderId,
		).toBe(10007);
		expect(
			classifyKind({ lines: [sold], grossTotal: 59900, refundOrderId: 10006 }).partnerOrderId,
		).toBe(10006);
	});
});

describe('classifySettlement (docs/design.md invariant 2: the cursor moves past final orders only)', () => {
	const base: SettlementInput = {
		order: 'closed',
		payment: 'successful',
		orderType: 'sale',
		grossTotal: 100,
	};
	it.each<[string, Partial<SettlementInput>, boolean, boolean]>([
		['closed and paid', {}, true, true],
		['closed booking, paid at pick-up', { orderType: 'booking' }, true, true],
		['cancelled', { order: 'cancelled', payment: 'cancelled' }, true, false],
		[
			'cancelled booking',
			{ order: 'cancelled', orderType: 'booking', payment: 'cancelled' },
			true,
			false,
		],
		['abandoned', { order: 'abandoned', payment: 'none' }, true, false],
		['open sale', { order: 'open', payment: 'pending' }, false, false],
		['open parked (110)', { order: 'open', payment: 'none', orderType: 'parked' }, false, false],
		[
			'open booking (100)',
			{ order: 'open', payment: 'reserved', orderType: 'booking' },
			false,
			false,
		],
		['closed, payment pending', { payment: 'pending' }, false, false],
		['closed, payment reserved', { payment: 'reserved' }, false, false],
		['closed, payment failed', { payment: 'failed' }, true, false],
		[
			'closed parked order (completed as another sale)',
			{ orderType: 'parked', payment: 'none' },
			true,
			false,
		],
		['closed, nothing to pay (even exchange)', { payment: 'none', grossTotal: 0 }, true, true],
		['closed, unpaid with something to pay', { payment: 'none' }, true, false],
	])('%s → final %s, completed %s', (_label, change, isFinal, isCompleted) => {
		const result = classifySettlement({ ...base, ...change });
		expect(result).toMatchObject({ isFinal, isCompleted });
		expect(result.reason).not.toBe('');
	});
});

describe('parked and booking orders from the simulator', () => {
	const sim = simulator(7, 20);
	let at = NOW + 3_600_000;
	const next = () => (at += 60_000);

	it('watches a parked order, then finalises it when the till completes it as a new sale', () => {
		const parked = sim.factory.parked(next(), { storeId: STORE.SE });
		const open = normalized(parked).order;
		expect(open.state).toEqual({
			order: 'open',
			payment: 'none',
			orderType: 'parked',
			isFinal: false,
			isCompleted: false,
		});
		expect(open.ids.receiptId).toBeUndefined();

		const [closedParked, sale] = sim.factory.close(parked.orderid, next(), 'card');
		expect(normalized(closedParked).order.state).toMatchObject({
			order: 'closed',
			isFinal: true,
			isCompleted: false,
		});
		const completion = normalized(sale).order;
		expect(completion.state).toMatchObject({ orderType: 'sale', isFinal: true, isCompleted: true });
		expect(completion.ids.sourceOrderId).toBe(parked.orderid);
	});

	it('watches a booking until pick-up, then counts it as a completed sale', () => {
		const booking = sim.factory.booking(next(), { storeId: STORE.DE });
		expect(normalized(booking).order.state).toEqual({
			order: 'open',
			payment: 'reserved',
			orderType: 'booking',
			isFinal: false,
			isCompleted: false,
		});
		const [picked] = sim.factory.close(booking.orderid, next(), 'card');
		const order = normalized(picked).order;
		expect(order.kind).toBe('sale');
		expect(order.state).toEqual({
			order: 'closed',
			payment: 'successful',
			orderType: 'booking',
			isFinal: true,
			isCompleted: true,
		});
	});

	it('finalises a cancelled booking without counting it as a sale', () => {
		const booking = sim.factory.booking(next(), { storeId: STORE.NO });
		const cancelled = normalized(sim.factory.cancel(booking.orderid, next())).order;
		expect(cancelled.state).toEqual({
			order: 'cancelled',
			payment: 'cancelled',
			orderType: 'booking',
			isFinal: true,
			isCompleted: false,
		});
	});
});
