import {
	orderedProductUniqueId,
	placedOrderUniqueId,
	RefundIdError,
	refundedOrderUniqueId,
} from '../../../nodes/core/klaviyo/unique-ids';

describe('Klaviyo unique ids', () => {
	it('names a sale and each of its lines apart', () => {
		expect(placedOrderUniqueId('90210', 1001)).toBe('sitoo:90210:1001');
		const lines = [0, 1, 2].map((line) => orderedProductUniqueId('90210', 1001, line));
		expect(new Set(lines).size).toBe(3);
		expect(lines[1]).toBe('sitoo:90210:1001:1');
	});

	it('gives the first refund the Placed Order id, so Klaviyo links them for CLV', () => {
		expect(
			refundedOrderUniqueId({
				accountId: '90210',
				refundOrderId: 1050,
				originalOrderId: 1001,
				refundSequence: 1,
			}),
		).toBe(placedOrderUniqueId('90210', 1001));
	});

	it('gives later refunds of the same sale ids of their own', () => {
		const second = refundedOrderUniqueId({
			accountId: '90210',
			refundOrderId: 1070,
			originalOrderId: 1001,
			refundSequence: 2,
		});
		const third = refundedOrderUniqueId({
			accountId: '90210',
			refundOrderId: 1090,
			originalOrderId: 1001,
			refundSequence: 3,
		});
		expect(second).toBe('sitoo:90210:1001:refund:1070');
		expect(third).not.toBe(second);
	});

	it('keys a manual return on its own order id', () => {
		expect(refundedOrderUniqueId({ accountId: '90210', refundOrderId: 1100 })).toBe(
			'sitoo:90210:refund:1100',
		);
	});

	it('refuses a linked refund whose position is unknown rather than guessing', () => {
		expect(() =>
			refundedOrderUniqueId({ accountId: '90210', refundOrderId: 1070, originalOrderId: 1001 }),
		).toThrow(RefundIdError);
		expect(() =>
			refundedOrderUniqueId({
				accountId: '90210',
				refundOrderId: 1070,
				originalOrderId: 1001,
				refundSequence: 0,
			}),
		).toThrow(/refund sequence/);
	});
});
