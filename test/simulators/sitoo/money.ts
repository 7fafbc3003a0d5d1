/**
 * Money is computed in integer cents and only formatted at the edge, so totals add up exactly
 * (Sitoo money is a string with 2 decimals: docs/reference/sitoo-api.md §2.3 "Conventions").
 */

export function formatMoney(cents: number): string {
	if (!Number.isInteger(cents)) throw new Error(`money must be whole cents, got ${cents}`);
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses a 2-decimal money string back to cents (used by tests and by refunds of existing lines). */
export function parseMoney(value: string): number {
	if (!/^-?\d+\.\d{2}$/.test(value)) throw new Error(`not a Sitoo money string: "${value}"`);
	const negative = value.startsWith('-');
	const [whole, frac] = value.replace('-', '').split('.');
	const cents = Number(whole) * 100 + Number(frac);
	return negative ? -cents : cents;
}

/** Rounds half away from zero, so a refund line is the exact mirror of its sale line. */
export function roundCents(value: number): number {
	return Math.sign(value) * Math.round(Math.abs(value));
}

/** VAT contained in a gross amount (prices are keyed in with VAT at a POS: settings `pricesstoredwithvat`). */
export function vatOfGross(grossCents: number, vatPercent: number): number {
	return roundCents((grossCents * vatPercent) / (100 + vatPercent));
}

export function netOfGross(grossCents: number, vatPercent: number): number {
	return grossCents - vatOfGross(grossCents, vatPercent);
}

export function formatQuantity(quantity: number): string {
	return quantity.toFixed(3);
}
