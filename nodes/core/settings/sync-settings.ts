/**
 * The installation's sync settings: one row of the "Sitoo-Klaviyo settings" Data Table that every
 * template reads at the start of a run and hands to the Klaviyo nodes and the Sync Monitor (option
 * *Sync Settings*). One place, so the sync and the monitor cannot disagree on who is a customer, which
 * stores are synced or what a metric is called. A filled cell wins over the node's own option; an
 * empty cell leaves it.
 */
import { matchesPattern } from '../identity/email';
import type { NormalizedOrder } from '../order/types';

export const SETTINGS_TABLE = 'Sitoo-Klaviyo settings';

/** The table's columns: the templates make the table with exactly these (test/unit/templates). */
export const SETTINGS_COLUMNS = [
	{ name: 'stores', type: 'string' },
	{ name: 'staffEmails', type: 'string' },
	{ name: 'placeholderEmails', type: 'string' },
	{ name: 'placeholderPhones', type: 'string' },
	{ name: 'storeDomains', type: 'string' },
	{ name: 'defaultCountry', type: 'string' },
	{ name: 'staleAfterHours', type: 'number' },
	{ name: 'sourceName', type: 'string' },
	{ name: 'placedOrderMetric', type: 'string' },
	{ name: 'orderedProductMetric', type: 'string' },
	{ name: 'refundedOrderMetric', type: 'string' },
] as const;

type ColumnName = (typeof SETTINGS_COLUMNS)[number]['name'];
const LIST_COLUMNS = new Set<ColumnName>([
	'stores',
	'staffEmails',
	'placeholderEmails',
	'placeholderPhones',
	'storeDomains',
]);
/** Data Table bookkeeping columns, not settings. */
const SYSTEM_COLUMNS = new Set(['id', 'createdAt', 'updatedAt']);

/** Only the filled cells, under the names of the nodes' own options. */
export interface SyncSettings {
	stores?: string[];
	staffEmails?: string[];
	placeholderEmails?: string[];
	placeholderPhones?: string[];
	storeDomains?: string[];
	defaultCountry?: string;
	staleAfterHours?: number;
	sourceName?: string;
	placedOrderMetric?: string;
	orderedProductMetric?: string;
	refundedOrderMetric?: string;
}

/** What the sync leaves out on purpose: the monitor neither expects nor re-sends it. */
export interface SyncScope {
	stores?: readonly string[];
	staffEmails?: readonly string[];
}

export class SyncSettingsError extends Error {
	constructor(
		readonly column: string,
		problem: string,
	) {
		super(`Sync settings, column "${column}": ${problem}`);
	}
}

/**
 * The settings from what the template hands over: the table's rows (an empty table, or one row),
 * one row, or its JSON text. Anything unclear is refused with the column named: a mistyped column
 * silently ignored would send what the retailer meant to leave out.
 */
export function readSyncSettings(value: unknown): SyncSettings {
	const rows = rowsOf(value);
	if (rows.length > 1)
		throw new SyncSettingsError(
			'(table)',
			`the table has ${rows.length} rows; keep one, the settings apply to the whole installation`,
		);
	const row = rows[0] ?? {};
	const settings: Record<string, unknown> = {};
	const known = new Map<string, string>(SETTINGS_COLUMNS.map((c) => [c.name, c.type]));
	for (const [column, cell] of Object.entries(row)) {
		if (SYSTEM_COLUMNS.has(column)) continue;
		const type = known.get(column);
		if (type === undefined)
			throw new SyncSettingsError(
				column,
				`is not a setting; the columns are ${SETTINGS_COLUMNS.map((c) => c.name).join(', ')}`,
			);
		if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === ''))
			continue;
		settings[column] = cellValue(column as ColumnName, cell);
	}
	return settings as SyncSettings;
}

function rowsOf(value: unknown): Array<Record<string, unknown>> {
	if (value === undefined || value === null) return [];
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		const parsed = parsedJson(value);
		if (parsed === undefined)
			throw new SyncSettingsError('(table)', 'the settings are not valid JSON');
		return rowsOf(parsed);
	}
	const list = Array.isArray(value) ? value : [value];
	return list
		.map((entry: unknown) =>
			// n8n items ({ json }) or rows as they are
			typeof entry === 'object' && entry !== null && 'json' in entry
				? (entry as { json: unknown }).json
				: entry,
		)
		.filter((row: unknown) => {
			if (typeof row !== 'object' || row === null || Array.isArray(row))
				throw new SyncSettingsError('(table)', 'a row is not an object of columns');
			// An empty table reaches the nodes as one empty item.
			return Object.keys(row).some((key) => !SYSTEM_COLUMNS.has(key));
		}) as Array<Record<string, unknown>>;
}

function parsedJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function cellValue(column: ColumnName, cell: unknown): unknown {
	if (LIST_COLUMNS.has(column)) {
		if (typeof cell !== 'string') throw new SyncSettingsError(column, 'must be text');
		return cell
			.split(/[,\n]/)
			.map((part) => part.trim())
			.filter((part) => part !== '');
	}
	if (column === 'staleAfterHours') {
		const hours = typeof cell === 'string' ? Number(cell.trim()) : cell;
		if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0)
			throw new SyncSettingsError(column, `${JSON.stringify(cell)} is not a number of hours`);
		return hours;
	}
	if (typeof cell !== 'string') throw new SyncSettingsError(column, 'must be text');
	const text = cell.trim();
	if (column === 'defaultCountry') {
		if (!/^[A-Za-z]{2}$/.test(text))
			throw new SyncSettingsError(column, `"${text}" is not a two-letter country code, e.g. SE`);
		return text.toUpperCase();
	}
	return text;
}

/** The settings as the nodes' own options: filled cells win, empty ones leave the node's option. */
export function overOptions<T extends object>(options: T, settings: SyncSettings): T {
	const merged = { ...options } as Record<string, unknown>;
	for (const [key, value] of Object.entries(settings))
		if (key !== 'stores' && key !== 'staffEmails') merged[key] = value;
	return merged as T;
}

export function scopeOf(settings: SyncSettings): SyncScope | undefined {
	if (!settings.stores && !settings.staffEmails) return undefined;
	return { stores: settings.stores, staffEmails: settings.staffEmails };
}

/** Why the settings leave this order out of the sync, or undefined when it is synced. */
export function outsideTheSync(
	order: NormalizedOrder,
	scope: SyncScope | undefined,
): string | undefined {
	if (!scope) return undefined;
	const stores = scope.stores ?? [];
	if (stores.length > 0) {
		const names = [order.store.id, order.store.name, order.store.externalId]
			.filter((v) => v !== undefined && v !== '')
			.map((v) => String(v).trim().toLowerCase());
		const wanted = stores.map((s) => s.trim().toLowerCase());
		if (!names.some((name) => wanted.includes(name)))
			return `its store ${storeLabel(order)} is not in the sync settings' stores (${stores.join(', ')})`;
	}
	const email = order.customer.email?.trim().normalize('NFC').toLowerCase();
	if (email) {
		const staff = (scope.staffEmails ?? []).find((pattern) =>
			matchesPattern(email, pattern.trim().toLowerCase()),
		);
		if (staff !== undefined)
			return `it is a staff purchase: ${email} matches "${staff}" in the sync settings' staffEmails`;
	}
	return undefined;
}

function storeLabel(order: NormalizedOrder): string {
	const { id, name } = order.store;
	if (name !== undefined && id !== undefined) return `"${name}" (${id})`;
	if (name !== undefined) return `"${name}"`;
	return id !== undefined ? String(id) : '(unknown)';
}
