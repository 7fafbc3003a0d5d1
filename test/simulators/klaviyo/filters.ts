/**
 * Klaviyo's filter language (https://developers.klaviyo.com/en/docs/filtering_): `equals(email,"a@b.com")`,
 * `any(id,["a","b"])`, `greater-or-equal(datetime,2026-01-01T00:00:00Z)`, combined with `and(...)`.
 * Strings are quoted (single or double, backslash escapes); datetimes, numbers, booleans and null are not.
 */
export type FilterValue = string | number | boolean | null | Date | FilterValue[];

export interface FilterCondition {
	operator: string;
	field: string;
	value: FilterValue | undefined;
}

export class FilterSyntaxError extends Error {}

const COMPARISONS = new Set([
	'equals',
	'any',
	'greater-than',
	'greater-or-equal',
	'less-than',
	'less-or-equal',
	'contains',
	'has',
]);

export function parseFilter(text: string): FilterCondition[] {
	const parser = new Parser(text);
	const conditions = parser.expression();
	parser.expectEnd();
	return conditions;
}

class Parser {
	private pos = 0;

	constructor(private readonly text: string) {}

	expression(): FilterCondition[] {
		const name = this.word();
		this.expect('(');
		if (name === 'and') {
			const conditions: FilterCondition[] = [];
			do conditions.push(...this.expression());
			while (this.accept(','));
			this.expect(')');
			return conditions;
		}
		if (!COMPARISONS.has(name))
			throw new FilterSyntaxError(`'${name}' is not a supported filter operation.`);
		const field = this.word();
		let value: FilterValue | undefined;
		if (this.accept(',')) value = this.value();
		else if (name !== 'has') throw new FilterSyntaxError(`'${name}' needs a field and a value.`);
		this.expect(')');
		return [{ operator: name, field, value }];
	}

	expectEnd(): void {
		if (this.pos !== this.text.length)
			throw new FilterSyntaxError(
				`Unexpected '${this.text.slice(this.pos)}' at position ${this.pos}.`,
			);
	}

	private value(): FilterValue {
		const ch = this.text[this.pos];
		if (ch === '"' || ch === "'") return this.quoted(ch);
		if (ch === '[') {
			this.pos++;
			const items: FilterValue[] = [];
			if (!this.accept(']')) {
				do items.push(this.value());
				while (this.accept(','));
				this.expect(']');
			}
			return items;
		}
		const bare = this.bare();
		if (bare === 'true' || bare === 'false') return bare === 'true';
		if (bare === 'null') return null;
		if (/^-?\d+(\.\d+)?$/.test(bare)) return Number(bare);
		if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(bare)) {
			const date = new Date(bare);
			if (!Number.isNaN(date.getTime())) return date;
		}
		throw new FilterSyntaxError(`'${bare}' is not a valid value; strings must be quoted.`);
	}

	private quoted(quote: string): string {
		this.pos++;
		let out = '';
		while (this.pos < this.text.length) {
			const ch = this.text[this.pos++];
			if (ch === '\\' && this.pos < this.text.length) out += this.text[this.pos++];
			else if (ch === quote) return out;
			else out += ch;
		}
		throw new FilterSyntaxError('Unterminated string in filter.');
	}

	private word(): string {
		const match = /^[A-Za-z_$][\w.$-]*/.exec(this.text.slice(this.pos));
		if (!match) throw new FilterSyntaxError(`Expected a name at position ${this.pos}.`);
		this.pos += match[0].length;
		return match[0];
	}

	private bare(): string {
		const match = /^[^,()[\]]+/.exec(this.text.slice(this.pos));
		if (!match) throw new FilterSyntaxError(`Expected a value at position ${this.pos}.`);
		this.pos += match[0].length;
		return match[0];
	}

	private accept(token: string): boolean {
		if (this.text.startsWith(token, this.pos)) {
			this.pos += token.length;
			return true;
		}
		return false;
	}

	private expect(token: string): void {
		if (!this.accept(token))
			throw new FilterSyntaxError(`Expected '${token}' at position ${this.pos}.`);
	}
}

/** Applies one condition to a record's field value; operators compare dates and numbers by value. */
export function matchesCondition(actual: unknown, condition: FilterCondition): boolean {
	const expected = condition.value;
	switch (condition.operator) {
		case 'has':
			return actual !== undefined && actual !== null;
		case 'equals':
			return comparable(actual) === comparable(expected);
		case 'any':
			return (
				Array.isArray(expected) && expected.some((item) => comparable(item) === comparable(actual))
			);
		case 'contains':
			return (
				typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected)
			);
		default: {
			const a = comparable(actual);
			const b = comparable(expected);
			if (typeof a !== 'number' || typeof b !== 'number') return false;
			if (condition.operator === 'greater-than') return a > b;
			if (condition.operator === 'greater-or-equal') return a >= b;
			if (condition.operator === 'less-than') return a < b;
			return a <= b;
		}
	}
}

function comparable(value: unknown): unknown {
	if (value instanceof Date) return value.getTime();
	return value;
}
