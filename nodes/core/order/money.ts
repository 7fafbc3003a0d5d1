/**
 * Money in one place. Sitoo sends money as strings with 2 decimals ("123.50") and decimal
 * quantities as strings with 3 decimals ("-1.000") (docs/reference/sitoo-api.md §2.3 "Conventions"). They are
 * parsed into integers (cents, thousandths) so sums are exact, and only turned into numbers at the
 * edge, for the normalized order and Klaviyo.
 */

/** Whole minor units (öre, cents). Always an integer. */
export type Cents = number;
/** Whole thousandths of a unit, for Sitoo's 3-decimal quantities. Always an integer. */
export type Milli = number;

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;
const QUANTITY = /^(-?)(\d+)(?:\.(\d{1,3}))?$/;

/**
 * Parses a Sitoo money value into cents. Accepts "12.50", "-599.00", "12" and "12.5"; a JSON number
 * is accepted only when it has at most 2 decimals. Refuses "12,50", "1 299.00", "abc", "12.505".
 */
export function parseMoney(value: unknown, field: string): Parsed<Cents> {
	return parseFixed(value, field, MONEY, 2, 'money', '"599.00"');
}

/** Parses a Sitoo decimal quantity ("1.000", "-2.500") into thousandths. */
export function parseQuantity(value: unknown, field: string): Parsed<Milli> {
	return parseFixed(value, field, QUANTITY, 3, 'a quantity', '"1.000"');
}

function parseFixed(
	value: unknown,
	field: string,
	pattern: RegExp,
	decimals: number,
	what: string,
	example: string,
): Parsed<number> {
	const scale = 10 ** decimals;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return refuse(field, `is ${value}, not ${what}`);
		const scaled = Math.round(value * scale);
		// A float such as 0.1 + 0.2 is close to, but not exactly, a whole number of cents.
		if (Math.abs(value * scale - scaled) > 1e-6)
			return refuse(field, `is ${value}, which has more than ${decimals} decimals`);
		return safe(scaled, field, value);
	}
	if (typeof value !== 'string')
		return refuse(field, `is ${describeValue(value)}, expected ${what} such as ${example}`);
	const match = pattern.exec(value);
	if (!match) {
		const hint = value.includes(',') ? ' (a comma is not a decimal point here)' : '';
		return refuse(field, `is "${value}", which is not ${what} such as ${example}${hint}`);
	}
	const [, sign, whole, fraction = ''] = match;
	const magnitude = Number(whole) * scale + Number(fraction.padEnd(decimals, '0'));
	return safe(sign === '-' ? -magnitude : magnitude, field, value);
}

function safe(scaled: number, field: string, original: unknown): Parsed<number> {
	if (!Number.isSafeInteger(scaled))
		return refuse(field, `is ${JSON.stringify(original)}, too large to count exactly`);
	// -0 would print as "0" but compare oddly in tests and JSON diffs.
	return { ok: true, value: scaled === 0 ? 0 : scaled };
}

function refuse(field: string, reason: string): Parsed<never> {
	return { ok: false, field, reason: `${field} ${reason}` };
}

/** How a raw value is described in an error message: its type, and short values in full. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string')
		return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return `${typeof value} ${String(value)}`;
}

/** Cents to the decimal number shown in the normalized order and sent to Klaviyo (12350 → 123.5). */
export function centsToAmount(cents: Cents): number {
	const amount = cents / 100;
	return amount === 0 ? 0 : amount;
}

/** A decimal amount back to cents (123.45 → 12345), for code that sums normalized amounts. */
export function amountToCents(amount: number): Cents {
	const cents = Math.round(amount * 100);
	return cents === 0 ? 0 : cents;
}

export function milliToQuantity(milli: Milli): number {
	const quantity = milli / 1000;
	return quantity === 0 ? 0 : quantity;
}

/** Cents as Sitoo writes them ("-599.00"), for messages that quote both sides of a difference. */
export function formatCents(cents: Cents): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Rounds half away from zero, so a returned row mirrors its sale row exactly. */
export function roundHalfAway(value: number): number {
	const rounded = Math.sign(value) * Math.round(Math.abs(value));
	return rounded === 0 ? 0 : rounded;
}

/** cents × quantity (in thousandths), rounded to whole cents; exact for whole quantities. */
export function timesQuantity(cents: Cents, milli: Milli): Cents {
	return milli % 1000 === 0 ? cents * (milli / 1000) || 0 : roundHalfAway((cents * milli) / 1000);
}

/** cents ÷ quantity (in thousandths), rounded to whole cents; undefined for a zero quantity. */
export function perUnit(cents: Cents, milli: Milli): Cents | undefined {
	if (milli === 0) return undefined;
	return roundHalfAway((cents * 1000) / milli);
}

export function sumCents(values: readonly Cents[]): Cents {
	let total = 0;
	for (const value of values) total += value;
	return total;
}
