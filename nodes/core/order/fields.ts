/**
 * Defensive reading of Sitoo JSON. Anything can be missing or of the wrong type, so each reader
 * either returns a typed value or throws a `Rejection` naming the field; `normalizeOrder` turns
 * that into `{ ok: false }` (never an exception for its caller).
 */
import {
	describeValue,
	parseMoney,
	parseQuantity,
	type Cents,
	type Milli,
	type Parsed,
} from './money';

export class Rejection extends Error {
	constructor(
		readonly field: string,
		readonly reason: string,
	) {
		super(reason);
	}
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unwrap<T>(parsed: Parsed<T>): T {
	if (!parsed.ok) throw new Rejection(parsed.field, parsed.reason);
	return parsed.value;
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null;
}

export function money(source: JsonObject, key: string, path: string): Cents {
	return unwrap(parseMoney(source[key], path));
}

/** Money that Sitoo leaves out unless asked for with `fields=` (docs/reference/sitoo-api.md §2.1). */
export function optionalMoney(source: JsonObject, key: string, path: string): Cents | undefined {
	return present(source[key]) ? money(source, key, path) : undefined;
}

export function quantity(source: JsonObject, key: string, path: string): Milli {
	return unwrap(parseQuantity(source[key], path));
}

export function integer(source: JsonObject, key: string, path: string, expected: string): number {
	const value = source[key];
	if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
		throw new Rejection(path, `${path} is ${describeValue(value)}, expected ${expected}`);
	}
	return value;
}

export function optionalInteger(
	source: JsonObject,
	key: string,
	path: string,
	expected: string,
): number | undefined {
	return present(source[key]) ? integer(source, key, path, expected) : undefined;
}

export function optionalNumber(
	source: JsonObject,
	key: string,
	path: string,
	expected: string,
): number | undefined {
	const value = source[key];
	if (!present(value)) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value))
		throw new Rejection(path, `${path} is ${describeValue(value)}, expected ${expected}`);
	return value;
}

/** Text, with `""`, `null` and a missing key all meaning "not given". A number is read as its digits. */
export function text(source: JsonObject, key: string, path: string): string | undefined {
	const value = source[key];
	if (!present(value) || value === '') return undefined;
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new Rejection(path, `${path} is ${describeValue(value)}, expected text`);
}

/** An object such as `additionaldata`; missing or null reads as empty. */
export function object(source: JsonObject, key: string, path: string): JsonObject {
	const value = source[key];
	if (!present(value)) return {};
	if (!isObject(value))
		throw new Rejection(
			path,
			`${path} is ${describeValue(value)}, expected an object of named values`,
		);
	return value;
}

export function list(source: JsonObject, key: string, path: string, required: boolean): unknown[] {
	const value = source[key];
	if (!present(value) && !required) return [];
	if (!Array.isArray(value))
		throw new Rejection(path, `${path} is ${describeValue(value)}, expected a list`);
	// A sparse array (never from JSON, but possible from code) would make `map` skip its holes silently.
	return Array.from(value);
}

/** An order id written as text in `additionaldata` ("20481"); `undefined` when absent or unreadable. */
export function idInText(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return undefined;
	return Number(value);
}

export function nonEmpty(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Drops keys whose value is undefined, so the JSON shows only what is known. */
export function compact<T extends object>(value: T): T {
	const out = {} as Record<string, unknown>;
	const source = value as Record<string, unknown>;
	// for…in over a plain literal: no [key, value] pairs allocated (this runs for every line).
	for (const key in source) {
		const entry = source[key];
		if (entry !== undefined) out[key] = entry;
	}
	return out as T;
}
