/** A clock tests move by hand, so windows and delays are exercised without waiting. */
export class FakeClock {
	constructor(private current: number) {}

	now(): number {
		return this.current;
	}

	advance(ms: number): void {
		this.current += ms;
	}
}
