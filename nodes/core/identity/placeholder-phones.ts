/**
 * Placeholder phones: numbers staff type when a customer gives none (the store's own phone…). They
 * never identify anyone. The list comes from the settings, the same for every order of a run, so each
 * list is read once per country rather than once per order.
 */
import { toE164 } from './phone';

/**
 * The entry of `placeholders` that reads as `phone` (E.164) in `country`, as it was typed; the first
 * such entry when several do. Undefined when none does.
 */
export function placeholderPhoneOf(
	phone: string,
	placeholders: readonly string[],
	country: string | undefined,
): string | undefined {
	if (placeholders.length === 0) return undefined;
	return placeholderTable(placeholders, country).get(phone);
}

/** List and country → (E.164 → the first entry that reads as it). */
const tables = new Map<string, Map<string, string>>();

function placeholderTable(
	placeholders: readonly string[],
	country: string | undefined,
): Map<string, string> {
	// Keyed by content: nodes read their options per item, so the same list comes as a new array.
	const key = JSON.stringify([country ?? null, placeholders]);
	let table = tables.get(key);
	if (!table) {
		// Settings hold few lists and stores few countries; the bound keeps a long-lived n8n from growing.
		if (tables.size >= 100) tables.clear();
		table = new Map();
		for (const typed of placeholders) {
			const read = toE164(typed, country);
			if (read.ok && !table.has(read.phone)) table.set(read.phone, typed);
		}
		tables.set(key, table);
	}
	return table;
}
