/**
 * One lane per key: work on a lane runs one at a time, in the order it asked. The Klaviyo node's
 * live order tracking takes the lane of its workflow, so when a slow run overlaps the next poll's run
 * in the same n8n process, the later run waits: a refund then never overtakes its sale from an
 * earlier batch (docs/design.md invariant 2). Lanes that fall idle are forgotten.
 */
export class FifoLanes {
	private readonly tails = new Map<string, Promise<void>>();

	/** Runs `work` after everything that asked for `key` before it has finished (or failed). */
	async run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const done = new Promise<void>((resolve) => (release = resolve));
		const tail = previous.then(() => done);
		this.tails.set(key, tail);
		try {
			await previous;
			return await work();
		} finally {
			release();
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}

	/**
	 * Runs `work` once everything that asked for any of `keys` before it has finished, holding all
	 * those lanes meanwhile: a bulk job carrying many customers' orders. The lanes are taken at once,
	 * before any waiting, so two callers always meet in the same order on every lane they share and
	 * can never wait for each other.
	 */
	async runHoldingAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
		let release!: () => void;
		const done = new Promise<void>((resolve) => (release = resolve));
		const taken = [...new Set(keys)].map((key) => {
			const previous = this.tails.get(key) ?? Promise.resolve();
			const tail = previous.then(() => done);
			this.tails.set(key, tail);
			return { key, previous, tail };
		});
		try {
			await Promise.all(taken.map((lane) => lane.previous));
			return await work();
		} finally {
			release();
			for (const lane of taken)
				if (this.tails.get(lane.key) === lane.tail) this.tails.delete(lane.key);
		}
	}

	/** Keys with work running or waiting. */
	get busyKeys(): number {
		return this.tails.size;
	}
}
