/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { concurrencyLimit } from '../../../nodes/core/ordering/concurrency-limit';
import { customerLaneKey } from '../../../nodes/core/ordering/customer-lane';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('customerLaneKey', () => {
	it('keys on the e-mail (trimmed, lower case), else the phone digits, else nothing', () => {
		expect(customerLaneKey({ customer: { email: ' Kim@Example.com ', phone: '070 123' } })).toBe(
			'email:kim@example.com',
		);
		expect(customerLaneKey({ customer: { email: '', phone: '+46 70-123 45 67' } })).toBe(
			'phone:46701234567',
		);
		expect(customerLaneKey({ customer: { email: '  ', phone: '' } })).toBeUndefined();
		expect(customerLaneKey({ customer: null })).toBeUndefined();
		expect(customerLaneKey('not an order')).toBeUndefined();
	});
});

describe('concurrencyLimit', () => {
	it('runs at most the limit at once and starts the waiting ones in order', async () => {
		const limit = concurrencyLimit(2);
		const release: Array<() => void> = [];
		const started: number[] = [];
		const all = [0, 1, 2, 3].map((n) =>
			limit(async () => {
				started.push(n);
				await new Promise<void>((resolve) => release.push(resolve));
				return n;
			}),
		);
		await tick();
		expect(started).toEqual([0, 1]);
		release.shift()!();
		await tick();
		await tick();
		expect(started).toEqual([0, 1, 2]);
		while (release.length > 0 || started.length < 4) {
			release.shift()?.();
			await tick();
		}
		await expect(Promise.all(all)).resolves.toEqual([0, 1, 2, 3]);
	});

	it('never runs more than the limit, also when new work arrives as a slot is handed over', async () => {
		const limit = concurrencyLimit(3);
		let running = 0;
		let most = 0;
		const work = () =>
			limit(async () => {
				running++;
				most = Math.max(most, running);
				await tick();
				running--;
			});
		const first = Array.from({ length: 10 }, work);
		await tick();
		const later = Array.from({ length: 10 }, work);
		await Promise.all([...first, ...later]);
		expect(most).toBe(3);
	});

	it('frees the slot of work that failed', async () => {
		const limit = concurrencyLimit(1);
		await expect(limit(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
		await expect(limit(async () => 'next')).resolves.toBe('next');
		expect(() => concurrencyLimit(0)).toThrow(RangeError);
	});
});
