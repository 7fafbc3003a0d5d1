/** Query-string parsing, paging, `fields=` projection and the list envelope (docs/reference/sitoo-api.md §5). */

export class QueryError extends Error {}

export interface Envelope<T> {
	totalcount: number;
	items: T[];
}

const INT = /^-?\d+$/;

export function intParam(query: URLSearchParams, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	if (!INT.test(raw.trim())) throw new QueryError(`Invalid value for parameter ${name}: "${raw}"`);
	return Number(raw.trim());
}

/** Comma list of ints (`orderstate=0,10`). */
export function intListParam(query: URLSearchParams, name: string): number[] | undefined {
	const list = stringListParam(query, name);
	if (!list) return undefined;
	return list.map((value) => {
		if (!INT.test(value))
			throw new QueryError(`Invalid value for parameter ${name}: "${query.get(name)}"`);
		return Number(value);
	});
}

export function stringListParam(query: URLSearchParams, name: string): string[] | undefined {
	const raw = query.get(name);
	if (raw === null || raw.trim() === '') return undefined;
	return raw
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v !== '');
}

export interface Paging {
	start: number;
	num: number;
}

/**
 * `start` defaults to 0 and `num` to 10 (§5). The maximum `num` is not documented; one connector uses
 * 1000 and calls up to 5000 fine, so larger values are clamped to `maxNum` rather than refused.
 * A client that stops when a page is shorter than it asked for then stops early, which is the
 * mistake `totalcount` exists to prevent.
 */
export function pagingParams(query: URLSearchParams, maxNum: number): Paging {
	const start = intParam(query, 'start') ?? 0;
	const num = intParam(query, 'num') ?? 10;
	if (start < 0) throw new QueryError('Invalid value for parameter start: must be 0 or more');
	if (num < 0) throw new QueryError('Invalid value for parameter num: must be 0 or more');
	return { start, num: Math.min(num, maxNum) };
}

/** `fields=` keeps only the named fields; names the object does not have are ignored. */
export function project<T extends object>(item: T, fields: readonly string[]): Partial<T> {
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		if (Object.prototype.hasOwnProperty.call(item, field))
			out[field] = (item as Record<string, unknown>)[field];
	}
	return out as Partial<T>;
}

/**
 * Pages an already filtered and sorted list. `defaultFields` applies when the caller names none
 * (orders and users have documented default field lists; other resources return everything).
 */
export function envelope<T extends object>(
	items: T[],
	query: URLSearchParams,
	maxNum: number,
	defaultFields?: readonly string[],
): Envelope<Partial<T>> {
	const { start, num } = pagingParams(query, maxNum);
	const fields = stringListParam(query, 'fields') ?? defaultFields;
	const page = items.slice(start, start + num).map((item) => structuredClone(item));
	return {
		totalcount: items.length,
		items: fields ? page.map((item) => project(item, fields)) : page,
	};
}

/** `fields=` on a single-resource GET. */
export function single<T extends object>(item: T, query: URLSearchParams): Partial<T> {
	const fields = stringListParam(query, 'fields');
	return fields ? project(structuredClone(item), fields) : structuredClone(item);
}
