import { deadlineAt } from '../../../nodes/core/transport/deadline';

describe('a deadline for an answer someone waits on', () => {
	const outOfTime = () => new Error('out of time');

	it('gives a request the time left, and none once it has passed', () => {
		const clock = { now: () => 1_000 };
		const budget = deadlineAt(4_000, { sleep: async () => undefined, clock, outOfTime });
		expect(budget.timeLeft()).toBe(3_000);
		clock.now = () => 4_000;
		expect(() => budget.timeLeft()).toThrow('out of time');
	});

	it('sleeps through a wait that ends in time, and gives up at once on one that would not', async () => {
		const slept: number[] = [];
		const budget = deadlineAt(4_000, {
			sleep: async (ms) => {
				slept.push(ms);
			},
			clock: { now: () => 1_000 },
			outOfTime,
		});
		await budget.wait(2_000);
		await expect(budget.wait(3_000)).rejects.toThrow('out of time');
		expect(slept).toEqual([2_000]);
	});
});
