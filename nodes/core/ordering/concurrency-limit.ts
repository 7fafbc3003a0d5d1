/** At most `limit` pieces of work at once; the rest wait their turn, first come first served. */
export function concurrencyLimit(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
	if (!Number.isInteger(limit) || limit < 1)
		throw new RangeError(`A concurrency limit must be a whole number of 1 or more, not ${limit}.`);
	let running = 0;
	const waiting: Array<() => void> = [];
	return async <T>(work: () => Promise<T>): Promise<T> => {
		// A finished piece hands its slot straight to the next in line, so none can jump the queue.
		if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
		else running++;
		try {
			return await work();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else running--;
		}
	};
}
