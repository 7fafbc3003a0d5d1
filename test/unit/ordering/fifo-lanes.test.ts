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
});
