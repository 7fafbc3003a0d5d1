/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code: runs in Node, never inside n8n */
import { FifoLanes } from '../../../nodes/core/ordering/fifo-lanes';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function deferred(): {
	promise: Promise<void>;
	resolve: () => void;
	reject: (error: Error) => void;
} {
	let resolve!: () => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

describe('FifoLanes', () => {
	it('runs work on one lane one at a time, in the order it asked, even when later work is quicker', async () => {
		const lanes = new FifoLanes();
		const log: string[] = [];
		const slow = deferred();
		const first = lanes.run('wf1', async () => {
			log.push('first starts');
			await slow.promise;
			log.push('first ends');
		});
		const second = lanes.run('wf1', async () => {
			log.push('second runs');
		});
		await tick();
		expect(log).toEqual(['first starts']);
		slow.resolve();
		await Promise.all([first, second]);
		expect(log).toEqual(['first starts', 'first ends', 'second runs']);
		expect(lanes.busyKeys).toBe(0);
	});

	it('lets other lanes run alongside', async () => {
		const lanes = new FifoLanes();
		const slow = deferred();
		const log: string[] = [];
		const a = lanes.run('wf1', async () => {
			await slow.promise;
			log.push('wf1');
		});
		await lanes.run('wf2', async () => {
			log.push('wf2');
		});
		expect(log).toEqual(['wf2']);
		slow.resolve();
		await a;
		expect(log).toEqual(['wf2', 'wf1']);
	});

	it('goes on after a failure, and hands the failure to the one that failed', async () => {
		const lanes = new FifoLanes();
		const failing = deferred();
		const first = lanes.run('wf1', () => failing.promise);
		const second = lanes.run('wf1', async () => 'second');
		failing.reject(new Error('Klaviyo said no'));
		await expect(first).rejects.toThrow('Klaviyo said no');
		await expect(second).resolves.toBe('second');
		expect(lanes.busyKeys).toBe(0);
	});

	describe('holding many lanes at once (a bulk job of many customers)', () => {
		it('waits for earlier work on any of its lanes, and later work on those lanes waits for it', async () => {
			const lanes = new FifoLanes();
			const log: string[] = [];
			const slowAnna = deferred();
			const anna = lanes.run('anna', async () => {
				log.push('anna live starts');
				await slowAnna.promise;
				log.push('anna live ends');
			});
			const bulk = lanes.runHoldingAll(['bo', 'anna', 'bo'], async () => {
				log.push('bulk');
			});
			const boLater = lanes.run('bo', async () => {
				log.push('bo later');
			});
			const cleo = lanes.run('cleo', async () => {
				log.push('cleo');
			});
			await cleo;
			await tick();
			// Neither the bulk job nor Bo's later order overtakes Anna's slow live order.
			expect(log).toEqual(['anna live starts', 'cleo']);
			slowAnna.resolve();
			await Promise.all([anna, bulk, boLater]);
			expect(log).toEqual(['anna live starts', 'cleo', 'anna live ends', 'bulk', 'bo later']);
			expect(lanes.busyKeys).toBe(0);
		});

		it('never deadlocks with another holder of the same lanes in a different order', async () => {
			const lanes = new FifoLanes();
			const log: string[] = [];
			const first = lanes.runHoldingAll(['a', 'b'], async () => {
				await tick();
				log.push('first');
			});
			const second = lanes.runHoldingAll(['b', 'a'], async () => {
				log.push('second');
			});
			await Promise.all([first, second]);
			expect(log).toEqual(['first', 'second']);
			expect(lanes.busyKeys).toBe(0);
		});

		it('releases its lanes when the work fails', async () => {
			const lanes = new FifoLanes();
			await expect(
				lanes.runHoldingAll(['a', 'b'], () => Promise.reject(new Error('job refused'))),
			).rejects.toThrow('job refused');
			await expect(lanes.run('a', () => Promise.resolve('after'))).resolves.toBe('after');
			expect(lanes.busyKeys).toBe(0);
		});
	});
});
